/**
 * Extraction throughput on one core: `buildRecord` (design, metrics and the
 * record's schema check, src/pipeline.ts) alone, over documents detected,
 * split and parsed beforehand (not timed). Each corpus is run round after
 * round, after a warm-up, until at least MIN_SECONDS have passed; reported
 * are documents/s and ms/document for the whole of `buildRecord` (and for
 * its first round, which compiles the patterns) and, measured apart in
 * rounds of their own, for `classifyDesign` and `extractMetrics` (each
 * reading the sentences itself) and for the record's schema check
 * (`LitRecord.parse`).
 *
 * The corpora are the metrics development set
 * (test/fixtures/corpora/metrics-dev) and any files given. With --profile,
 * one more timed run of `buildRecord` over every corpus is sampled by the V8
 * profiler and the functions and regular expressions with the most self time
 * are listed (a regular expression's entry is its source).
 *
 * Usage: tsx scripts/bench-extract.ts [--profile] [--top N] [--seconds S] [file ...]
 * (--seconds sets MIN_SECONDS, 3 unless given.)
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { fileURLToPath } from 'node:url';
import { DETECT_HEAD_BYTES } from '../src/documents.ts';
import type { ParsedDocument } from '../src/formats/types.ts';
import { classifyDesign, extractMetrics } from '../src/metrics/index.ts';
import { buildRecord, documentsOfFile, parseUnit } from '../src/pipeline.ts';
import { LitRecord, type Source } from '../src/record.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const METRICS_DEV = path.join(ROOT, 'test/fixtures/corpora/metrics-dev/pubmed-metrics-dev.xml');

const args = process.argv.slice(2);
const valueOf = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const PROFILE = args.includes('--profile');
const TOP = Number(valueOf('--top') ?? 30);
const MIN_SECONDS = Number(valueOf('--seconds') ?? 3);
const WARM_UP_SECONDS = 0.5;
const files = [METRICS_DEV, ...args.filter((a, i) => !a.startsWith('--') && !['--top', '--seconds'].includes(args[i - 1]))];

interface Parsed {
  readonly parsed: ParsedDocument;
  readonly source: Source;
  readonly docId: string;
}

/** Every parsed document of one file, as `litstream parse` reads it. */
async function parsedDocuments(file: string): Promise<Parsed[]> {
  const bytes = readFileSync(file);
  const out: Parsed[] = [];
  const open = () => createReadStream(file, { highWaterMark: 1 << 16 });
  for await (const entry of documentsOfFile(bytes.subarray(0, DETECT_HEAD_BYTES), statSync(file).size, open)) {
    if (entry.kind !== 'unit') continue;
    const source = { key: file, index: entry.unit.index };
    const outcome = await parseUnit(entry.detection, source, entry.unit.bytes);
    if (outcome.kind === 'parsed') out.push({ parsed: outcome.parsed, source, docId: outcome.docId });
  }
  return out;
}

function hintsOf(p: ParsedDocument) {
  return { format: p.format, publicationTypes: p.publicationTypes ?? [], meshHeadings: p.meshHeadings ?? [] };
}

interface Timing {
  readonly rounds: number;
  readonly seconds: number;
  readonly msPerDocument: number;
  readonly documentsPerSecond: number;
  /** ms per document of the first round, which compiles the patterns and the code (what a fresh process pays once). */
  readonly firstRoundMsPerDocument: number;
}

/** Rounds of `step` over every document until MIN_SECONDS have passed, after warming up for a round and at least WARM_UP_SECONDS. */
function time(docs: Parsed[], step: (d: Parsed) => unknown): Timing {
  const warmUp = process.hrtime.bigint();
  for (const d of docs) step(d);
  const firstRoundMsPerDocument = +(Number(process.hrtime.bigint() - warmUp) / 1e6 / docs.length).toFixed(4);
  while (Number(process.hrtime.bigint() - warmUp) / 1e9 < WARM_UP_SECONDS) for (const d of docs) step(d);
  let rounds = 0;
  const started = process.hrtime.bigint();
  let seconds = 0;
  while (seconds < MIN_SECONDS) {
    for (const d of docs) step(d);
    rounds += 1;
    seconds = Number(process.hrtime.bigint() - started) / 1e9;
  }
  const n = docs.length * rounds;
  return { rounds, seconds: +seconds.toFixed(2), msPerDocument: +((seconds * 1000) / n).toFixed(4), documentsPerSecond: Math.round(n / seconds), firstRoundMsPerDocument };
}

const build = (d: Parsed) => buildRecord(d.parsed, d.source, d.docId);
const design = (d: Parsed) => classifyDesign(d.parsed.sections, hintsOf(d.parsed));
const designs = new Map<Parsed, ReturnType<typeof classifyDesign>>();
const metrics = (d: Parsed) => extractMetrics(d.parsed.sections, designs.get(d) ?? null);
const records = new Map<Parsed, LitRecord>();
const schema = (d: Parsed) => LitRecord.parse(records.get(d));

const corpora: Array<{ file: string; docs: Parsed[] }> = [];
for (const file of files) corpora.push({ file: path.relative(process.cwd(), file) || file, docs: await parsedDocuments(file) });

if (PROFILE) {
  // Started before the first document is extracted, so that the profiler sees
  // every regular expression compiled and names its code by its source. V8
  // first interprets a pattern and compiles it once it has run; under the
  // profiler many stay interpreted for long and their time goes to their
  // callers, so here each pattern is compiled on its first run.
  setFlagsFromString('--no-regexp-tier-up');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  for (const { file, docs } of corpora) {
    const whole = time(docs, build);
    console.log(`${file}: ${docs.length} documents, buildRecord ${whole.documentsPerSecond} documents/s = ${whole.msPerDocument} ms/document (${whole.rounds} rounds in ${whole.seconds} s, profiled)`);
  }
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  // Self time per function (or regular expression), from the samples' time deltas.
  const self = new Map<number, number>();
  profile.samples!.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas![i] ?? 0)));
  const byName = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const us = self.get(node.id) ?? 0;
    total += us;
    const f = node.callFrame;
    const file = f.url.startsWith('file:') ? path.relative(ROOT, fileURLToPath(f.url)) : f.url;
    const where = file ? `${file}:${f.lineNumber + 1}` : '';
    const name = `${f.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
    byName.set(name, (byName.get(name) ?? 0) + us);
  }
  const print = (title: string, times: Map<string, number>) => {
    console.log(`\n${title}, top ${TOP} of ${(total / 1000).toFixed(0)} ms sampled:`);
    for (const [name, us] of [...times].sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
      const label = name.length > 150 ? `${name.slice(0, 147)}...` : name;
      console.log(`${(us / 1000).toFixed(1).padStart(9)} ms ${((100 * us) / total).toFixed(1).padStart(5)} %  ${label}`);
    }
  };
  print('self time', byName);

  // Time in each function of src/ and everything it called, each sample counted once per function.
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  for (const [id, us] of self) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = nodes.get(at)!.callFrame;
      if (!f.url.includes('/src/')) continue;
      const name = `${f.functionName || '(anonymous)'} ${path.relative(ROOT, fileURLToPath(f.url))}`;
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + us);
    }
  }
  print('time including callees, functions of src/', inclusive);
} else {
  const results = corpora.map(({ file, docs }) => {
    for (const d of docs) {
      designs.set(d, design(d));
      records.set(d, build(d));
    }
    const whole = time(docs, build);
    return {
      file,
      documents: docs.length,
      buildRecord: whole,
      classifyDesign: time(docs, design).msPerDocument,
      extractMetrics: time(docs, metrics).msPerDocument,
      schema: time(docs, schema).msPerDocument,
    };
  });
  for (const r of results) {
    console.log(`${r.file}: ${r.documents} documents, buildRecord ${r.buildRecord.documentsPerSecond} documents/s = ${r.buildRecord.msPerDocument} ms/document (${r.buildRecord.rounds} rounds in ${r.buildRecord.seconds} s; first round ${r.buildRecord.firstRoundMsPerDocument} ms/document); classifyDesign ${r.classifyDesign} ms/document, extractMetrics ${r.extractMetrics} ms/document, LitRecord.parse ${r.schema} ms/document`);
  }
}
