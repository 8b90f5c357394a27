/**
 * Accuracy and speed of metric extraction.
 *
 *   npm run eval                 tables for the seed labels and the ratio corpus, and throughput
 *   npm run eval -- --check      exit 1 when a threshold in src/metrics/evaluate.ts is missed
 *   npm run eval -- --errors     also list every miss and every spurious metric
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  checkThresholds,
  evaluateRatios,
  evaluateSeeds,
  loadRatioCorpus,
  pubtatorDocuments,
  throughput,
  type Score,
} from '../src/metrics/evaluate.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = join(root, 'test', 'fixtures');
const args = new Set(process.argv.slice(2));

function table(title: string, rows: Array<[string, Score]>): void {
  console.log(`\n${title}`);
  console.log(`${'metric'.padEnd(24)} ${'P'.padStart(6)} ${'R'.padStart(6)} ${'F1'.padStart(6)}   tp   fp   fn`);
  for (const [name, s] of rows) {
    console.log(
      `${name.padEnd(24)} ${s.precision.toFixed(3).padStart(6)} ${s.recall.toFixed(3).padStart(6)} ${s.f1.toFixed(3).padStart(6)} ${String(s.tp).padStart(4)} ${String(s.fp).padStart(4)} ${String(s.fn).padStart(4)}`,
    );
  }
}

const seeds = await evaluateSeeds(join(fixtures, 'seeds'), join(fixtures, 'labels'));
table('Seed labels (test/fixtures/labels), records as `litstream parse` gives them', [...seeds.byName]);
for (const r of seeds.results) for (const reason of r.rejected) console.log(`  rejected ${r.file} ${reason}`);
if (args.has('--errors')) {
  for (const r of seeds.results) {
    for (const m of r.missed) console.log(`  missed   ${r.file} ${m.name} ${m.value} | ${m.span}`);
    for (const m of r.spurious) console.log(`  spurious ${r.file} ${m.name} ${m.value} | ${m.start}-${m.end}`);
  }
}

const corpus = join(fixtures, 'corpora', 'hazard-ratios');
const validation = evaluateRatios(loadRatioCorpus(join(corpus, 'validation')));
for (const split of ['train', 'validation'] as const) {
  const result = split === 'validation' ? validation : evaluateRatios(loadRatioCorpus(join(corpus, split)));
  table(`Hazard-ratio corpus, ${split} (typed: name and value)`, [...result.typed]);
  table(`Hazard-ratio corpus, ${split} (type-agnostic: value)`, [['all ratios', result.untyped]]);
  if (args.has('--errors')) for (const e of result.errors) console.log(`  ${e.kind.padEnd(8)} ${e.doc} ${e.name} ${e.value} | ${e.context}`);
}

const cdr = join(fixtures, 'corpora', 'pubtator', 'CDR_DevelopmentSet.PubTator.txt');
const docs = pubtatorDocuments(readFileSync(cdr, 'utf8'));
const speed = throughput(docs);
console.log(`\nThroughput: ${speed.documents} CDR development abstracts in ${speed.seconds.toFixed(3)} s = ${speed.perSecond.toFixed(0)} abstracts/s (one core)`);

if (args.has('--check')) {
  const failures = checkThresholds(seeds.byName, validation);
  if (failures.length > 0) {
    console.error(`\nThresholds missed:\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
  console.log('\nAll thresholds met.');
}
