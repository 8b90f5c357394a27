/**
 * Parse throughput on one core: splits a file into units first (not timed),
 * then times `parse` over every unit, repeated until at least MIN_SECONDS
 * have passed. Reports MB/s (unit bytes parsed) and documents/s for
 *   - the BioCreative V CDR development set (PubTator, 500 abstracts),
 *   - BioRED-Dev.BioC.XML (test/fixtures/corpora/bioc), and
 *   - a multi-article PubMed XML built from the Biopython samples'
 *     articles repeated (test/fixtures/corpora/pubmed-xml).
 * Usage: tsx scripts/bench-parse.ts [corpora dir]
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { biocXml } from '../src/formats/bioc-xml.ts';
import { pubmedXml } from '../src/formats/pubmed-xml.ts';
import { pubtator } from '../src/formats/pubtator.ts';
import type { DocumentUnit, FormatHandler } from '../src/formats/types.ts';

const CORPORA = path.resolve(process.argv[2] ?? path.join(process.cwd(), 'test/fixtures/corpora'));
const MIN_SECONDS = 3;
const PUBMED_REPEAT = 250;

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

async function units(handler: FormatHandler, bytes: Uint8Array): Promise<DocumentUnit[]> {
  const out: DocumentUnit[] = [];
  for await (const u of handler.split!(once(bytes))) out.push(u);
  return out;
}

function bench(name: string, handler: FormatHandler, list: DocumentUnit[]) {
  const decoder = new TextDecoder();
  const texts = list.map((u) => decoder.decode(u.bytes));
  const bytes = list.reduce((n, u) => n + u.bytes.length, 0);
  for (const t of texts.slice(0, 20)) handler.parse(t); // warm-up
  let rounds = 0;
  const started = process.hrtime.bigint();
  let seconds = 0;
  while (seconds < MIN_SECONDS) {
    for (const t of texts) handler.parse(t);
    rounds++;
    seconds = Number(process.hrtime.bigint() - started) / 1e9;
  }
  const mb = (bytes * rounds) / 1e6;
  return {
    name,
    documents: list.length,
    unitMB: +(bytes / 1e6).toFixed(2),
    rounds,
    seconds: +seconds.toFixed(2),
    MBPerSecond: +(mb / seconds).toFixed(1),
    documentsPerSecond: Math.round((list.length * rounds) / seconds),
  };
}

function pubmedFile(): Uint8Array {
  const dir = path.join(CORPORA, 'pubmed-xml');
  const articles = readdirSync(dir)
    .filter((f) => f.endsWith('.xml'))
    .flatMap((f) => readFileSync(path.join(dir, f), 'utf8').match(/<PubmedArticle>[\s\S]*?<\/PubmedArticle>/g) ?? []);
  const body = Array.from({ length: PUBMED_REPEAT }, () => articles.join('\n')).join('\n');
  return new TextEncoder().encode(`<?xml version="1.0"?>\n<PubmedArticleSet>\n${body}\n</PubmedArticleSet>\n`);
}

const results = [
  bench('pubtator CDR_DevelopmentSet.PubTator.txt', pubtator, await units(pubtator, readFileSync(path.join(CORPORA, 'pubtator/CDR_DevelopmentSet.PubTator.txt')))),
  bench('bioc-xml BioRED-Dev.BioC.XML', biocXml, await units(biocXml, readFileSync(path.join(CORPORA, 'bioc/BioRED-Dev.BioC.XML')))),
  bench(`pubmed-xml Biopython articles x${PUBMED_REPEAT}`, pubmedXml, await units(pubmedXml, pubmedFile())),
];
console.log(JSON.stringify(results, null, 2));
