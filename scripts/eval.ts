/**
 * Accuracy and speed of metric extraction.
 *
 *   npm run eval                  per metric family on the development set, per group on the held-out sets, the seeds, the research-article PDFs and the ratio corpus; throughput
 *   npm run eval -- --misses      also every miss and false positive, with its sentence and the rule that fired (not for the measuring-only sets)
 *   npm run eval -- --check       exit 1 when a figure is below its threshold (scripts/eval/thresholds.ts)
 *   npm run eval -- --json        the figures as JSON (for comparing runs)
 */
import { cdrDocuments, evaluateClerx, evaluateDevSet, evaluateLabelledSet, evaluateRatioSplit, evaluateSeeds, HELD_OUT_SETS, throughput } from './eval/corpora.ts';
import type { Accuracy, DevError, DevResult, Score } from './eval/scoring.ts';
import { evaluatePdfs } from './eval/pdf.ts';
import { checkThresholds } from './eval/thresholds.ts';

const args = new Set(process.argv.slice(2));
const misses = args.has('--misses') || args.has('--errors');
const json = args.has('--json');
const log = json ? () => {} : (line = '') => console.log(line);

function table(title: string, rows: Array<[string, Score]>, recallOnly: ReadonlySet<string> = new Set()): void {
  log(`\n${title}`);
  log(`${'family'.padEnd(24)} ${'P'.padStart(6)} ${'R'.padStart(6)} ${'F1'.padStart(6)}   tp   fp   fn`);
  for (const [name, s] of rows) {
    const p = recallOnly.has(name) ? '     -' : s.precision.toFixed(3).padStart(6);
    const f = recallOnly.has(name) ? '     -' : s.f1.toFixed(3).padStart(6);
    const fp = recallOnly.has(name) ? '   -' : String(s.fp).padStart(4);
    log(`${name.padEnd(24)} ${p} ${s.recall.toFixed(3).padStart(6)} ${f} ${String(s.tp).padStart(4)} ${fp} ${String(s.fn).padStart(4)}`);
  }
}

function accuracies(title: string, rows: Array<[string, Accuracy]>): void {
  log(`\n${title}`);
  for (const [name, a] of rows) log(`${name.padEnd(28)} ${a.accuracy.toFixed(3)}  (${a.correct}/${a.total})`);
}

/** Every miss and false positive of a labelled set, by family, kind and document; then its design and period differences. */
function devMisses(result: DevResult): void {
  const order = (e: DevError) => `${e.family} ${e.kind} ${e.doc}`;
  for (const e of [...result.errors].sort((a, b) => order(a).localeCompare(order(b)))) {
    log(`  ${e.kind.padEnd(14)} ${e.family.padEnd(18)} ${e.doc} ${String(e.value).padEnd(8)} ${e.rule ? `[${e.rule}] ` : ''}| ${e.context}`);
  }
  for (const e of result.designErrors) log(`  design         ${e.field.padEnd(18)} ${e.doc} label ${JSON.stringify(e.want)}, extracted ${JSON.stringify(e.got)}`);
}

const dev = await evaluateDevSet();
table('Development set (metrics-dev, 130 PubMed abstracts): per family', [...dev.result.families], new Set(['percentages']));
table('Development set: per group of families', [...dev.result.groups], new Set(['percentages']));
accuracies('Development set: design and period accuracy', [...dev.result.design, ['study period', dev.result.period], ['spans that verify', dev.result.spans]]);
if (dev.result.unmatched.length) log(`  no record for ${dev.result.unmatched.join(', ')}`);
if (misses) devMisses(dev.result);

const heldOut: Record<string, DevResult> = {};
for (const set of HELD_OUT_SETS) {
  const result = await evaluateLabelledSet(set);
  if (!result) continue;
  heldOut[set.name] = result;
  const kind = set.measureOnly ? 'Held-out set' : 'Labelled set';
  table(`${kind} (${set.name}, ${set.title}${set.measureOnly ? '; measuring only, its misses are not printed' : ''}): per group`, [...result.groups], new Set(['percentages']));
  accuracies(`${kind} (${set.name}): design and period accuracy`, [
    ...result.design,
    ['study period', result.period],
    ...(result.type.total ? ([['design type', result.type], ['subjects', result.subjects]] as Array<[string, Accuracy]>) : []),
    ['spans that verify', result.spans],
  ]);
  if (result.unmatched.length) log(`  no record for ${result.unmatched.join(', ')}`);
  if (misses && !set.measureOnly) devMisses(result);
}

const clerx = evaluateClerx();
if (clerx) {
  table('Held-out set (metrics-clerx, the 82 CLERx-LM abstracts, measuring only; ratios are scored below from the corpus\'s annotations): per group', [...clerx.groups], new Set(['percentages']));
  accuracies('Held-out set (metrics-clerx): design and period accuracy', [...clerx.design, ['study period', clerx.period], ['spans that verify', clerx.spans]]);
  if (clerx.unmatched.length) log(`  no record for ${clerx.unmatched.join(', ')}`);
  if (misses) devMisses(clerx);
}

const seeds = await evaluateSeeds();
table('Seed labels (test/fixtures/labels), records as `litstream parse` gives them', [...seeds.byName]);
for (const r of seeds.results) for (const reason of r.rejected) log(`  rejected ${r.file} ${reason}`);
if (misses) {
  for (const r of seeds.results) {
    for (const m of r.missed) log(`  missed         ${r.file} ${m.name} ${m.value} | ${m.span}`);
    for (const s of r.spurious) log(`  false positive ${r.file} ${s.metric.name} ${s.metric.value} [${s.metric.rule ?? ''}] | ${s.span}`);
  }
}

const pdfs = await evaluatePdfs();
table('Research-article PDFs (test/fixtures/pdf, 10 full texts): cohort size, and the ratios their abstracts state', [['cohort size', pdfs.cohort], ['ratios in abstract', pdfs.ratios]]);
accuracies('Research-article PDFs: design', [['randomized', pdfs.randomized]]);
if (misses) for (const e of pdfs.errors) log(`  ${e.what.padEnd(22)} ${e.file} ${e.detail}`);

const ratios = { train: evaluateRatioSplit('train'), validation: evaluateRatioSplit('validation') };
for (const split of ['validation', 'train'] as const) {
  const result = ratios[split];
  table(`Hazard-ratio corpus (CLERx-LM), ${split}: typed (name and value)`, [...result.typed]);
  table(`Hazard-ratio corpus, ${split}: type-agnostic (value)`, [['all ratios', result.untyped]]);
  if (misses) for (const e of result.errors) log(`  ${e.kind.padEnd(14)} ${e.doc} ${e.name} ${e.value} ${e.rule ? `[${e.rule}] ` : ''}| ${e.context}`);
}

const speed = throughput(cdrDocuments());
log(`\nThroughput: ${speed.documents} CDR development abstracts in ${speed.seconds.toFixed(3)} s = ${speed.perSecond.toFixed(0)} abstracts/s (one core)`);

if (json) {
  const plain = (m: Map<string, unknown>) => Object.fromEntries(m);
  console.log(JSON.stringify({
    dev: { families: plain(dev.result.families), groups: plain(dev.result.groups), design: plain(dev.result.design), period: dev.result.period, spans: dev.result.spans },
    heldOut: Object.fromEntries(Object.entries(heldOut).map(([name, r]) => [name, { groups: plain(r.groups), design: plain(r.design), period: r.period, type: r.type, subjects: r.subjects }])),
    clerx: clerx ? { families: plain(clerx.families), groups: plain(clerx.groups), design: plain(clerx.design), period: clerx.period, spans: clerx.spans } : null,
    seeds: plain(seeds.byName),
    pdfs: { cohort: pdfs.cohort, ratios: pdfs.ratios, randomized: pdfs.randomized },
    ratios: { validation: { typed: plain(ratios.validation.typed), untyped: ratios.validation.untyped }, train: { typed: plain(ratios.train.typed), untyped: ratios.train.untyped } },
    throughput: speed,
  }, null, 2));
}

if (args.has('--check')) {
  const failures = checkThresholds({ dev: dev.result, clerx, labelled: heldOut, seeds: seeds.byName, pdfs, validation: ratios.validation });
  if (failures.length > 0) {
    console.error(`\nThresholds missed:\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
  log('\nAll thresholds met.');
}
