/**
 * Accuracy of metric extraction, shared by `npm run eval` and the test suite.
 *
 * Two gold sets:
 * - the seed labels (test/fixtures/labels/*.json): every metric a careful
 *   reader records in the five seed documents. Each seed goes through the
 *   same path as `litstream parse` (detection, splitting, the format's
 *   parser, extraction), so the score is that of the records users get. A
 *   prediction matches a label when the name and value agree,
 *   `low`/`high`/`count`/`p` agree where the label gives them, the group
 *   agrees where the label gives one (compared case-insensitively, one
 *   containing the other), and the prediction's span overlaps the label's
 *   span text in the same section. Offsets and section labels are not
 *   compared, so labels survive a different sectioning of the same text.
 * - the CLERx-LM hazard/odds/risk ratio corpus (see its FORMAT.md): a
 *   predicted ratio matches a gold one of the same document when type and
 *   value agree. The corpus gives values only, no CI bounds. It labels some
 *   incidence rate ratios (IRR) as hazard ratios, which this extractor reports
 *   as relative risks, so a type-agnostic score is reported next to the typed one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordsForFile } from '../pipeline.ts';
import { METRIC_NAMES, type LitRecord, type Metric, type MetricName, type Section } from '../record.ts';
import type { MetricFields } from './context.ts';
import { extractMetrics } from './index.ts';

export interface Score {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export function score(tp: number, fp: number, fn: number): Score {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, precision, recall, f1 };
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

// ---------------------------------------------------------------- seeds

/** A labelled metric: the metric's fields (as in the record) and where the text states it. */
export interface LabelledMetric extends Omit<MetricFields, 'pBound'> {
  /** Label of the section in the seed's source (informative). */
  section: string;
  /** The span text, or a substring of it that contains the number. */
  span: string;
}

/** Every record of one file, as `litstream parse` gives them (`key` is the file name). */
export async function recordsOfFile(key: string, bytes: Uint8Array): Promise<LitRecord[]> {
  const open = async function* () {
    yield bytes;
  };
  const records: LitRecord[] = [];
  for await (const record of recordsForFile(key, bytes, bytes.length, open)) records.push(record);
  return records;
}

function groupsAgree(label: string, predicted: string | null | undefined): boolean {
  if (!predicted) return false;
  const a = label.toLowerCase().replace(/\s+/g, ' ').trim();
  const b = predicted.toLowerCase().replace(/\s+/g, ' ').trim();
  return a.includes(b) || b.includes(a);
}

export function labelMatches(label: LabelledMetric, m: Metric, sections: Section[]): boolean {
  if (label.name !== m.name || !close(label.value, m.value)) return false;
  for (const key of ['low', 'high', 'count', 'p'] as const) {
    const want = label[key];
    if (want !== undefined && want !== null && !(m[key] !== undefined && m[key] !== null && close(want, m[key] as number))) return false;
  }
  if (label.group && !groupsAgree(label.group, m.group)) return false;
  const text = sections[m.section]?.text ?? '';
  let at = text.indexOf(label.span);
  while (at >= 0) {
    if (m.start < at + label.span.length && m.end > at) return true;
    at = text.indexOf(label.span, at + 1);
  }
  return false;
}

export interface SeedResult {
  readonly file: string;
  readonly matched: Array<{ label: LabelledMetric; metric: Metric }>;
  readonly missed: LabelledMetric[];
  readonly spurious: Metric[];
  /** Why a record of the file was rejected ("code: message"); its labels all count as missed. */
  readonly rejected: string[];
}

/**
 * Scores the records of one seed file against its labels. Every metric of
 * every extracted record is a prediction, read against its own record's
 * sections.
 */
export function evaluateSeed(file: string, records: LitRecord[], labels: LabelledMetric[]): SeedResult {
  const predicted = records.flatMap((record) => record.metrics.map((metric) => ({ metric, sections: record.sections })));
  const used = new Set<number>();
  const matched: SeedResult['matched'] = [];
  const missed: LabelledMetric[] = [];
  for (const label of labels) {
    const i = predicted.findIndex((p, j) => !used.has(j) && labelMatches(label, p.metric, p.sections));
    if (i < 0) missed.push(label);
    else {
      used.add(i);
      matched.push({ label, metric: predicted[i].metric });
    }
  }
  const spurious = predicted.filter((_, j) => !used.has(j)).map((p) => p.metric);
  const rejected = records.flatMap((r) => (r.rejection ? [`${r.rejection.code}: ${r.rejection.message}`] : []));
  return { file, matched, missed, spurious, rejected };
}

export async function evaluateSeeds(seedDir: string, labelDir: string): Promise<{ results: SeedResult[]; byName: Map<MetricName | 'all', Score> }> {
  const results: SeedResult[] = [];
  for (const file of readdirSync(labelDir).filter((f) => f.endsWith('.json')).sort()) {
    const stem = file.replace(/\.json$/, '');
    const seedFile = readdirSync(seedDir).find((f) => f.replace(/\.[^.]+$/, '') === stem);
    if (!seedFile) continue;
    const labels = JSON.parse(readFileSync(join(labelDir, file), 'utf8')) as LabelledMetric[];
    const records = await recordsOfFile(seedFile, new Uint8Array(readFileSync(join(seedDir, seedFile))));
    results.push(evaluateSeed(seedFile, records, labels));
  }
  const byName = new Map<MetricName | 'all', Score>();
  for (const name of [...METRIC_NAMES, 'all'] as const) {
    const pick = <T extends { name: string }>(xs: T[]) => (name === 'all' ? xs : xs.filter((x) => x.name === name));
    const tp = results.reduce((n, r) => n + pick(r.matched.map((x) => x.label)).length, 0);
    const fp = results.reduce((n, r) => n + pick(r.spurious).length, 0);
    const fn = results.reduce((n, r) => n + pick(r.missed).length, 0);
    if (tp + fp + fn > 0) byName.set(name, score(tp, fp, fn));
  }
  return { results, byName };
}

// ---------------------------------------------------------------- ratio corpus

const RATIO_NAMES = ['hazard_ratio', 'odds_ratio', 'relative_risk'] as const;
type RatioName = (typeof RATIO_NAMES)[number];
const LABEL_TO_NAME: Record<string, RatioName> = { '3': 'hazard_ratio', '4': 'odds_ratio', '5': 'relative_risk' };

export interface RatioDocument {
  readonly id: string;
  readonly sections: Section[];
  readonly gold: Array<{ name: RatioName; value: number; text: string }>;
}

/** One document per file: the title, then the sentences as one section. */
export function loadRatioCorpus(dir: string): RatioDocument[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.tsv'))
    .sort()
    .map((file) => {
      const lines = readFileSync(join(dir, file), 'utf8').split(/\r?\n/);
      const sentences: string[] = [];
      const gold: RatioDocument['gold'] = [];
      for (const line of lines.slice(1)) {
        if (!line.trim()) continue;
        const [sentence, entities] = line.split('\t');
        sentences.push(sentence);
        for (const entity of (entities ?? '').split('.').filter(Boolean)) {
          const [label, begin, end] = entity.split(',');
          const name = LABEL_TO_NAME[label];
          if (!name) continue;
          const text = sentence.slice(Number(begin) - 1, Number(end) - 1);
          gold.push({ name, value: Number(text.replace('·', '.')), text });
        }
      }
      return {
        id: file.replace(/\.tsv$/, ''),
        sections: [
          { label: 'TITLE', text: lines[0] ?? '' },
          { label: 'ABSTRACT', text: sentences.join(' ') },
        ],
        gold,
      };
    });
}

export interface RatioResult {
  readonly typed: Map<RatioName | 'all', Score>;
  readonly untyped: Score;
  readonly errors: Array<{ doc: string; kind: 'missed' | 'spurious'; name: string; value: number; context: string }>;
}

function matchRatios(doc: RatioDocument, predicted: Metric[], typed: boolean) {
  const used = new Set<number>();
  const hits: number[] = [];
  const missed: number[] = [];
  doc.gold.forEach((g, gi) => {
    const i = predicted.findIndex((m, j) => !used.has(j) && (!typed || m.name === g.name) && close(m.value, g.value));
    if (i < 0) missed.push(gi);
    else {
      used.add(i);
      hits.push(gi);
    }
  });
  return { hits, missed, spurious: predicted.filter((_, j) => !used.has(j)) };
}

export function evaluateRatios(docs: RatioDocument[]): RatioResult {
  const counts = new Map<RatioName | 'all', { tp: number; fp: number; fn: number }>();
  for (const n of [...RATIO_NAMES, 'all'] as const) counts.set(n, { tp: 0, fp: 0, fn: 0 });
  let utp = 0;
  let ufp = 0;
  let ufn = 0;
  const errors: RatioResult['errors'] = [];
  for (const doc of docs) {
    const predicted = extractMetrics(doc.sections).filter((m) => (RATIO_NAMES as readonly string[]).includes(m.name));
    const t = matchRatios(doc, predicted, true);
    for (const gi of t.hits) {
      counts.get(doc.gold[gi].name)!.tp += 1;
      counts.get('all')!.tp += 1;
    }
    for (const gi of t.missed) {
      counts.get(doc.gold[gi].name)!.fn += 1;
      counts.get('all')!.fn += 1;
      errors.push({ doc: doc.id, kind: 'missed', name: doc.gold[gi].name, value: doc.gold[gi].value, context: contextOf(doc, doc.gold[gi].text) });
    }
    for (const m of t.spurious) {
      counts.get(m.name as RatioName)!.fp += 1;
      counts.get('all')!.fp += 1;
      errors.push({ doc: doc.id, kind: 'spurious', name: m.name, value: m.value, context: doc.sections[m.section].text.slice(m.start, m.end) });
    }
    const u = matchRatios(doc, predicted, false);
    utp += u.hits.length;
    ufn += u.missed.length;
    ufp += u.spurious.length;
  }
  const typed = new Map<RatioName | 'all', Score>();
  for (const [n, c] of counts) typed.set(n, score(c.tp, c.fp, c.fn));
  return { typed, untyped: score(utp, ufp, ufn), errors };
}

function contextOf(doc: RatioDocument, value: string): string {
  const text = doc.sections[1].text;
  const at = text.indexOf(value);
  return at < 0 ? value : text.slice(Math.max(0, at - 50), at + value.length + 30);
}

// ---------------------------------------------------------------- throughput

/** PubTator documents (blank-line separated) as title and abstract sections. */
export function pubtatorDocuments(text: string): Section[][] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((block) => [...block.matchAll(/^\d+\|([ta])\|(.*)$/gm)].map((m) => ({ label: m[1] === 't' ? 'TITLE' : 'ABSTRACT', text: m[2] })))
    .filter((sections) => sections.length > 0);
}

/** Abstracts per second of `extractMetrics` on one core. */
export function throughput(docs: Section[][], rounds = 3): { documents: number; seconds: number; perSecond: number } {
  for (const d of docs.slice(0, 20)) extractMetrics(d);
  let best = Infinity;
  for (let r = 0; r < rounds; r += 1) {
    const t0 = process.hrtime.bigint();
    for (const d of docs) extractMetrics(d);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return { documents: docs.length, seconds: best, perSecond: docs.length / best };
}

// ---------------------------------------------------------------- thresholds

/**
 * What `npm run eval -- --check` and test/metrics/eval.test.ts require.
 * Seeds: all labelled metrics together. Ratio corpus (validation split):
 * the typed score per ratio and the type-agnostic score. The train split
 * labels incidence rate ratios as hazard ratios, which this extractor
 * reports as relative risks, so its typed scores are printed, not checked.
 */
export const THRESHOLDS = {
  seeds: { precision: 0.95, recall: 0.95 },
  ratios: {
    untyped: { precision: 0.95, recall: 0.95 },
    odds_ratio: { precision: 0.95, recall: 0.95 },
    hazard_ratio: { precision: 0.95, recall: 0.95 },
    relative_risk: { precision: 0.95, recall: 0.95 },
  },
} as const;

export function checkThresholds(seeds: Map<string, Score>, ratios: RatioResult): string[] {
  const failures: string[] = [];
  const need = (label: string, s: Score | undefined, t: { precision: number; recall: number }) => {
    if (!s) return;
    if (s.precision < t.precision) failures.push(`${label}: precision ${s.precision.toFixed(3)} < ${t.precision}`);
    if (s.recall < t.recall) failures.push(`${label}: recall ${s.recall.toFixed(3)} < ${t.recall}`);
  };
  need('seeds all', seeds.get('all'), THRESHOLDS.seeds);
  need('ratios untyped', ratios.untyped, THRESHOLDS.ratios.untyped);
  for (const n of ['odds_ratio', 'hazard_ratio', 'relative_risk'] as const) need(`ratios ${n}`, ratios.typed.get(n), THRESHOLDS.ratios[n]);
  return failures;
}
