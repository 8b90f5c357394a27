/**
 * PDF parse throughput on one core: every PDF in a folder (by default the
 * ten articles in test/fixtures/pdf) parsed end to end as the parse stage
 * does (guard, pdf.js text layer, layout, record), after one warm-up pass.
 * Reports per file pages, milliseconds and pages/s, then the total pages/s
 * and the process's peak RSS. For the parse function's peak memory on the
 * largest file: /usr/bin/time -v npx tsx scripts/bench-pdf.ts test/fixtures/pdf/cote2024_elife.pdf
 * Usage: tsx scripts/bench-pdf.ts [folder or file...]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parsePdf } from '../src/formats/pdf.ts';
import { readPdfText } from '../src/formats/pdf/read.ts';

const args = process.argv.slice(2);
const inputs = args.length > 0 ? args : [path.join(process.cwd(), 'test/fixtures/pdf')];
const files = inputs.flatMap((input) =>
  statSync(input).isDirectory()
    ? readdirSync(input)
        .filter((f) => f.toLowerCase().endsWith('.pdf'))
        .sort()
        .map((f) => path.join(input, f))
    : [input],
);

const rows: Array<{ file: string; MB: number; pages: number; ms: number; pagesPerSecond: number }> = [];
let pages = 0;
let ms = 0;
for (const file of files) {
  const bytes = new Uint8Array(readFileSync(file));
  await parsePdf(bytes); // warm-up: module and font code paths
  const n = (await readPdfText(bytes)).pageCount;
  const started = process.hrtime.bigint();
  await parsePdf(bytes);
  const took = Number(process.hrtime.bigint() - started) / 1e6;
  pages += n;
  ms += took;
  rows.push({ file: path.basename(file), MB: +(bytes.length / 2 ** 20).toFixed(2), pages: n, ms: Math.round(took), pagesPerSecond: +((n / took) * 1000).toFixed(1) });
}
console.table(rows);
console.log(
  JSON.stringify({
    files: files.length,
    pages,
    seconds: +(ms / 1000).toFixed(2),
    pagesPerSecond: +((pages / ms) * 1000).toFixed(1),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
