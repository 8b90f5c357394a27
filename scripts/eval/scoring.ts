/**
 * Scoring of extracted records against labels. Pure: no file access; the
 * loaders in `corpora.ts` read the gold sets, `scripts/eval.ts` prints.
 *
 * Three gold sets:
 * - the metrics development set (test/fixtures/corpora/metrics-dev): 130
 *   PubMed abstracts labelled by hand. Scored as its README says: a value
 *   matches a label when within 0.011 or 0.1 % of it; each gold value is
 *   matched once; a predicted value that matches nothing is a false positive
 *   unless it is in the label's `also_ok`. Cohort size, ages, follow-up,
 *   medians and ratios are scored for precision and recall; percentages for
 *   recall; the study period and the design flags for accuracy. The
 *   held-out sets (metrics-holdout, metrics-clerx) hold labels of the same
 *   form and are scored the same way.
 * - the seed labels (test/fixtures/labels/*.json): every metric a careful
 *   reader records in the five seed documents, matched by name, value, the
 *   fields the label gives, group and span.
 * - the CLERx-LM hazard/odds/risk ratio corpus (FORMAT.md there): matched by
 *   type and value; the corpus gives no CI bounds.
 */
import { METRIC_NAMES, type Design, type LitRecord, type Metric, type MetricName, type Section } from '../../src/record.ts';
import type { MetricFields } from '../../src/metrics/context.ts';

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

/** The development set's tolerance: within 0.011 of the label, or 0.1 % of it. */
export const devMatch = (predicted: number, gold: number) => Math.abs(predicted - gold) <= Math.max(0.011, Math.abs(gold) * 0.001);

// ---------------------------------------------------------------- development set

export interface GoldRatio {
  value: number;
  low: number | null;
  high: number | null;
  p: number | null;
}

/** One article's labels, as in metrics-dev/gold.json. */
export interface DevGold {
  id: string;
  cohort_size: number | null;
  cohort_size_evidence: string | null;
  also_ok: Partial<Record<string, number[]>>;
  median_age: number | null;
  mean_age: number | null;
  median_follow_up_months: number | null;
  mean_follow_up_months: number | null;
  median_os_months: number[];
  median_pfs_or_rfs_months: number[];
  hazard_ratios: GoldRatio[];
  odds_ratios: GoldRatio[];
  relative_risks: GoldRatio[];
  percentages: number[];
  study_period: [number, number] | null;
  design: { retrospective: boolean | null; prospective: boolean | null; randomized: boolean | null; centers: 'single' | 'multi' | null };
  /** The annotator's reading of the design (one of the record's `design.type` values, or `other`), where the set labels it. */
  design_type?: string | null;
  /** `humans`, `animals`, `cells` or null, where the set labels it. */
  subjects?: string | null;
  notes: string;
}

/** A scored family: which metrics of a record it reads, and which gold values. */
interface Family {
  readonly id: string;
  readonly names: readonly MetricName[] | 'percent';
  readonly gold: (g: DevGold) => number[];
  readonly alsoOk: string;
  /** Percentages are scored for recall only. */
  readonly recallOnly?: boolean;
}

const RATIO_GOLD = (key: 'hazard_ratios' | 'odds_ratios' | 'relative_risks') => (g: DevGold) => g[key].map((r) => r.value);
const one = (v: number | null) => (v === null ? [] : [v]);

export const DEV_FAMILIES: readonly Family[] = [
  { id: 'cohort_size', names: ['cohort_size'], gold: (g) => one(g.cohort_size), alsoOk: 'cohort_size' },
  { id: 'median_age', names: ['median_age'], gold: (g) => one(g.median_age), alsoOk: 'median_age' },
  { id: 'mean_age', names: ['mean_age'], gold: (g) => one(g.mean_age), alsoOk: 'mean_age' },
  { id: 'median_follow_up', names: ['median_follow_up'], gold: (g) => one(g.median_follow_up_months), alsoOk: 'median_follow_up_months' },
  { id: 'mean_follow_up', names: ['mean_follow_up'], gold: (g) => one(g.mean_follow_up_months), alsoOk: 'mean_follow_up_months' },
  { id: 'median_os', names: ['median_os'], gold: (g) => g.median_os_months, alsoOk: 'median_os_months' },
  { id: 'median_pfs_or_rfs', names: ['median_pfs', 'median_rfs', 'median_dfs'], gold: (g) => g.median_pfs_or_rfs_months, alsoOk: 'median_pfs_or_rfs_months' },
  { id: 'hazard_ratio', names: ['hazard_ratio'], gold: RATIO_GOLD('hazard_ratios'), alsoOk: 'hazard_ratios' },
  { id: 'odds_ratio', names: ['odds_ratio'], gold: RATIO_GOLD('odds_ratios'), alsoOk: 'odds_ratios' },
  { id: 'relative_risk', names: ['relative_risk'], gold: RATIO_GOLD('relative_risks'), alsoOk: 'relative_risks' },
  { id: 'percentages', names: 'percent', gold: (g) => g.percentages, alsoOk: 'percentages', recallOnly: true },
];

/** Families reported together, as the targets name them. */
export const DEV_GROUPS: Record<string, readonly string[]> = {
  'cohort size': ['cohort_size'],
  ages: ['median_age', 'mean_age'],
  'follow-up': ['median_follow_up', 'mean_follow_up'],
  medians: ['median_os', 'median_pfs_or_rfs'],
  ratios: ['hazard_ratio', 'odds_ratio', 'relative_risk'],
  percentages: ['percentages'],
};

const isPercent = (m: Metric) => m.unit === '%';

export interface DevError {
  readonly doc: string;
  readonly family: string;
  readonly kind: 'missed' | 'false positive';
  readonly value: number;
  /** The sentence that states the value (false positives), or the label's evidence or the sentences holding the number (misses). */
  readonly context: string;
  readonly rule: string | null;
}

export type DesignFlag = 'retrospective' | 'prospective' | 'randomized' | 'centers';
export const DESIGN_FLAGS: readonly DesignFlag[] = ['retrospective', 'prospective', 'randomized', 'centers'];

export interface Accuracy {
  correct: number;
  total: number;
  accuracy: number;
}

const accuracy = (correct: number, total: number): Accuracy => ({ correct, total, accuracy: total === 0 ? 1 : correct / total });

export interface DevResult {
  readonly families: Map<string, Score>;
  readonly groups: Map<string, Score>;
  readonly design: Map<DesignFlag | 'all flags' | 'documents, all four flags', Accuracy>;
  readonly period: Accuracy;
  /**
   * `design.type` and `design.subjects` against the labels that give them
   * (total 0 when none does). A label `other` names a design outside the
   * record's list: no extracted type matches it.
   */
  readonly type: Accuracy;
  readonly subjects: Accuracy;
  readonly spans: Accuracy;
  readonly errors: DevError[];
  /** Design flags and study periods that differ from the label. */
  readonly designErrors: Array<{ doc: string; field: string; want: unknown; got: unknown }>;
  /** Gold articles that no record answered. */
  readonly unmatched: string[];
}

/** The sentence of `text` around `[start, end)`. */
function sentenceAround(text: string, start: number, end: number): string {
  const before = text.slice(0, start);
  const from = Math.max(before.lastIndexOf('. ') + 2, 0);
  const stop = text.indexOf('. ', end);
  return text.slice(from, stop < 0 ? text.length : stop + 1).trim();
}

/** Sentences of a record that write `value` (as `12.5`, `12·5` or with a thousands separator). */
function sentencesWith(record: LitRecord, value: number): string {
  const forms = new Set([String(value), String(value).replace('.', '·'), value.toLocaleString('en-US'), value.toLocaleString('en-US').replace(/,/g, ' ')]);
  const hits: string[] = [];
  for (const s of record.sections) {
    for (const form of forms) {
      const re = new RegExp(`(?<![\\d.])${form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\d])`);
      const m = re.exec(s.text);
      if (m) {
        hits.push(sentenceAround(s.text, m.index, m.index + form.length));
        break;
      }
    }
  }
  return hits.length ? hits.join(' … ') : '(number not written as such in the text)';
}

/** True when the span is inside its section and holds a digit or a number word. */
export function spanVerifies(m: Metric, sections: Section[]): boolean {
  const text = sections[m.section]?.text;
  if (text === undefined || m.start < 0 || m.end > text.length || m.end <= m.start) return false;
  return /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million)\b/i.test(text.slice(m.start, m.end));
}

/**
 * Scores records (keyed by PMID) against labels in the development set's
 * form. `families` (ids of DEV_FAMILIES, default all) are the families the
 * labels hold: the others are neither counted nor reported, and a group is
 * reported only when all its families are scored.
 */
export function scoreDevSet(records: Map<string, LitRecord>, gold: DevGold[], families: readonly string[] = DEV_FAMILIES.map((f) => f.id)): DevResult {
  const scored = DEV_FAMILIES.filter((f) => families.includes(f.id));
  const counts = new Map(scored.map((f) => [f.id, { tp: 0, fp: 0, fn: 0 }]));
  const errors: DevError[] = [];
  const flags = new Map<DesignFlag, number>(DESIGN_FLAGS.map((f) => [f, 0]));
  let allFour = 0;
  let period = 0;
  const typed = { correct: 0, total: 0 };
  const subjects = { correct: 0, total: 0 };
  let spans = 0;
  let spanTotal = 0;
  const unmatched: string[] = [];
  const designErrors: DevResult['designErrors'] = [];

  for (const g of gold) {
    const record = records.get(g.id);
    if (!record) unmatched.push(g.id);
    const metrics = record?.metrics ?? [];
    for (const m of metrics) {
      spanTotal += 1;
      if (record && spanVerifies(m, record.sections)) spans += 1;
    }
    for (const family of scored) {
      const c = counts.get(family.id)!;
      const predicted = metrics.filter((m) => (family.names === 'percent' ? isPercent(m) : family.names.includes(m.name)));
      const wanted = family.gold(g);
      const alsoOk = g.also_ok[family.alsoOk] ?? [];
      const used = new Set<number>();
      for (const value of wanted) {
        const i = predicted.findIndex((m, j) => !used.has(j) && devMatch(m.value, value));
        if (i >= 0) {
          used.add(i);
          c.tp += 1;
        } else {
          c.fn += 1;
          const evidence = family.id === 'cohort_size' && g.cohort_size_evidence ? g.cohort_size_evidence : record ? sentencesWith(record, value) : '';
          errors.push({ doc: g.id, family: family.id, kind: 'missed', value, context: evidence, rule: null });
        }
      }
      if (family.recallOnly) continue;
      predicted.forEach((m, j) => {
        if (used.has(j)) return;
        if (alsoOk.some((v) => devMatch(m.value, v))) return;
        c.fp += 1;
        const text = record!.sections[m.section]?.text ?? '';
        errors.push({ doc: g.id, family: family.id, kind: 'false positive', value: m.value, context: sentenceAround(text, m.start, m.end), rule: m.rule ?? null });
      });
    }
    const design: Partial<Design> = record?.design ?? {};
    let four = true;
    for (const flag of DESIGN_FLAGS) {
      const ok = (design[flag] ?? null) === g.design[flag];
      if (ok) flags.set(flag, flags.get(flag)! + 1);
      else designErrors.push({ doc: g.id, field: flag, want: g.design[flag], got: design[flag] ?? null });
      four &&= ok;
    }
    if (four) allFour += 1;
    const want = g.study_period;
    const got = design.periodStart != null && design.periodEnd != null ? [design.periodStart, design.periodEnd] : null;
    if ((want === null && got === null) || (want && got && want[0] === got[0] && want[1] === got[1])) period += 1;
    else designErrors.push({ doc: g.id, field: 'study period', want, got });
    for (const [field, label, extracted, tally] of [
      ['type', g.design_type, design.type, typed],
      ['subjects', g.subjects, design.subjects, subjects],
    ] as const) {
      if (label === undefined) continue;
      tally.total += 1;
      if ((extracted ?? null) === label) tally.correct += 1;
      else designErrors.push({ doc: g.id, field, want: label, got: extracted ?? null });
    }
  }

  const byFamily = new Map([...counts].map(([id, c]) => [id, score(c.tp, c.fp, c.fn)]));
  const groups = new Map<string, Score>();
  for (const [name, ids] of Object.entries(DEV_GROUPS)) {
    if (!ids.every((id) => counts.has(id))) continue;
    const sum = ids.map((id) => counts.get(id)!).reduce((a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn }), { tp: 0, fp: 0, fn: 0 });
    groups.set(name, score(sum.tp, sum.fp, sum.fn));
  }
  const n = gold.length;
  const design = new Map<DesignFlag | 'all flags' | 'documents, all four flags', Accuracy>();
  for (const flag of DESIGN_FLAGS) design.set(flag, accuracy(flags.get(flag)!, n));
  design.set('all flags', accuracy([...flags.values()].reduce((a, b) => a + b, 0), n * DESIGN_FLAGS.length));
  design.set('documents, all four flags', accuracy(allFour, n));
  return {
    families: byFamily,
    groups,
    design,
    period: accuracy(period, n),
    type: accuracy(typed.correct, typed.total),
    subjects: accuracy(subjects.correct, subjects.total),
    spans: accuracy(spans, spanTotal),
    errors,
    designErrors,
    unmatched,
  };
}

// ---------------------------------------------------------------- seeds

/** A labelled metric: the metric's fields (as in the record) and where the text states it. */
export interface LabelledMetric extends Omit<MetricFields, 'pBound'> {
  /** Label of the section in the seed's source (informative). */
  section: string;
  /** The span text, or a substring of it that contains the number. */
  span: string;
}

function groupsAgree(label: string, predicted: string | null | undefined): boolean {
  if (!predicted) return false;
  const a = label.toLowerCase().replace(/\s+/g, ' ').trim();
  const b = predicted.toLowerCase().replace(/\s+/g, ' ').trim();
  return a.includes(b) || b.includes(a);
}

export function labelMatches(label: LabelledMetric, m: Metric, sections: Section[]): boolean {
  if (label.name !== m.name || !close(label.value, m.value)) return false;
  for (const key of ['low', 'high', 'count', 'p', 'timepointMonths'] as const) {
    const want = label[key];
    if (want !== undefined && want !== null && !(m[key] !== undefined && m[key] !== null && close(want, m[key] as number))) return false;
  }
  if (label.group && !groupsAgree(label.group, m.group)) return false;
  if (label.comparator && !groupsAgree(label.comparator, m.comparator)) return false;
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
  readonly spurious: Array<{ metric: Metric; span: string }>;
  /** Why a record of the file was rejected ("code: message"); its labels all count as missed. */
  readonly rejected: string[];
}

/** Scores the records of one seed file against its labels, each metric read against its own record's sections. */
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
  const spurious = predicted
    .filter((_, j) => !used.has(j))
    .map((p) => ({ metric: p.metric, span: p.sections[p.metric.section]?.text.slice(p.metric.start, p.metric.end) ?? '' }));
  const rejected = records.flatMap((r) => (r.rejection ? [`${r.rejection.code}: ${r.rejection.message}`] : []));
  return { file, matched, missed, spurious, rejected };
}

/** Per metric name and over all names. */
export function seedScores(results: SeedResult[]): Map<MetricName | 'all', Score> {
  const byName = new Map<MetricName | 'all', Score>();
  for (const name of [...METRIC_NAMES, 'all'] as const) {
    const pick = <T extends { name: string }>(xs: T[]) => (name === 'all' ? xs : xs.filter((x) => x.name === name));
    const tp = results.reduce((n, r) => n + pick(r.matched.map((x) => x.label)).length, 0);
    const fp = results.reduce((n, r) => n + pick(r.spurious.map((x) => x.metric)).length, 0);
    const fn = results.reduce((n, r) => n + pick(r.missed).length, 0);
    if (tp + fp + fn > 0) byName.set(name, score(tp, fp, fn));
  }
  return byName;
}

// ---------------------------------------------------------------- ratio corpus

export const RATIO_NAMES = ['hazard_ratio', 'odds_ratio', 'relative_risk'] as const;
export type RatioName = (typeof RATIO_NAMES)[number];

export interface RatioDocument {
  readonly id: string;
  readonly sections: Section[];
  readonly gold: Array<{ name: RatioName; value: number; text: string }>;
}

export interface RatioResult {
  readonly typed: Map<RatioName | 'all', Score>;
  readonly untyped: Score;
  readonly errors: Array<{ doc: string; kind: 'missed' | 'spurious'; name: string; value: number; context: string; rule: string | null }>;
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

/** Scores the ratios `extract` finds in each document. */
export function evaluateRatios(docs: RatioDocument[], extract: (sections: Section[]) => Metric[]): RatioResult {
  const counts = new Map<RatioName | 'all', { tp: number; fp: number; fn: number }>();
  for (const n of [...RATIO_NAMES, 'all'] as const) counts.set(n, { tp: 0, fp: 0, fn: 0 });
  let utp = 0;
  let ufp = 0;
  let ufn = 0;
  const errors: RatioResult['errors'] = [];
  for (const doc of docs) {
    const predicted = extract(doc.sections).filter((m) => (RATIO_NAMES as readonly string[]).includes(m.name));
    const t = matchRatios(doc, predicted, true);
    for (const gi of t.hits) {
      counts.get(doc.gold[gi].name)!.tp += 1;
      counts.get('all')!.tp += 1;
    }
    for (const gi of t.missed) {
      counts.get(doc.gold[gi].name)!.fn += 1;
      counts.get('all')!.fn += 1;
      errors.push({ doc: doc.id, kind: 'missed', name: doc.gold[gi].name, value: doc.gold[gi].value, context: contextOf(doc, doc.gold[gi].text), rule: null });
    }
    for (const m of t.spurious) {
      counts.get(m.name as RatioName)!.fp += 1;
      counts.get('all')!.fp += 1;
      errors.push({ doc: doc.id, kind: 'spurious', name: m.name, value: m.value, context: doc.sections[m.section].text.slice(m.start, m.end), rule: m.rule ?? null });
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
