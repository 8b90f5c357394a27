/**
 * Median overall, progression-free, recurrence-free and disease-free survival
 * in months. A sentence that names an endpoint (OS, PFS, RFS, DFS, spelled
 * out or abbreviated, `mOS` and `mPFS` for the medians) and then gives
 * durations states the median survival of that endpoint: `Median OS was 62
 * months for primary and 33 months for recurrent cases`, `median recurrence
 * free survival (RFS) of 10mos`,
 * `Increased OS … (69 vs. 38mos)`, `(n = 13; OS = 68mos)`.
 * Lists with "respectively" are paired in order with the endpoints named
 * (`median PFS and OS … 4.9-27.3 months and 1.9-140.2 months, respectively`)
 * or with the subgroups counted earlier in the sentence.
 *
 * A range (`4.9-27.3 months`) sets `low`/`high`, and `value` is its low
 * bound: a number the text states, never one computed from it.
 * Durations after `<`, `≥`, `within`, `at`, `by`, … are thresholds, time
 * points or differences, not survival times.
 */
import type { Metric, MetricName } from '../record.ts';
import { cleanGroup, metricAt, type SentenceContext } from './context.ts';
import { keywords, type Keywords, type LetterPairs } from './keywords.ts';
import { DASH_CLASS, DECIMAL, parseNumber, SPACE_CLASS } from './numbers.ts';
import { DURATION_UNIT, durationUnit, toMonths } from './units.ts';

const S = SPACE_CLASS;
type SurvivalName = Extract<MetricName, 'median_os' | 'median_pfs' | 'median_rfs' | 'median_dfs'>;

/** Each endpoint's names, with the words they cannot be written without (of the text itself when `cased`, else lower-cased). */
const ENDPOINTS: ReadonlyArray<{ name: SurvivalName; re: RegExp; keys: Keywords; cased?: boolean }> = [
  { name: 'median_os', re: /\bm?OS\b|\boverall[\s-]+survival\b/g, keys: keywords(['OS', 'overall']), cased: true },
  // "median survival" with no other endpoint named is overall survival.
  { name: 'median_os', re: /(?<=\bmedian\s+)survival(?:\s+(?:time|times|duration))?\b/gi, keys: keywords(['survival'], ['median']) },
  { name: 'median_pfs', re: /\bm?PFS\b|\bprogression[\s\u2010\u2011-]*free[\s-]+survival\b/gi, keys: keywords(['pfs', 'progression']) },
  { name: 'median_rfs', re: /\bm?RFS\b|\b(?:recurrence|relapse)[\s\u2010\u2011-]*free[\s-]+survival\b/gi, keys: keywords(['rfs', 'recurrence', 'relapse']) },
  { name: 'median_dfs', re: /\bm?DFS\b|\bdisease[\s\u2010\u2011-]*free[\s-]+survival\b/gi, keys: keywords(['dfs', 'disease']) },
];

for (const e of ENDPOINTS) e.keys.guards(e.re, e.cased === true);
/** A word of the first group of every endpoint's gate: a sentence with none names no endpoint (two searches instead of one per name). */
const ANY_ENDPOINT_CASED = keywords(ENDPOINTS.filter((e) => e.cased).flatMap((e) => e.keys.groups[0]));
const ANY_ENDPOINT = keywords(ENDPOINTS.filter((e) => !e.cased).flatMap((e) => e.keys.groups[0]));

interface Endpoint {
  name: SurvivalName;
  start: number;
  end: number;
}

function endpoints(text: string, lower: string, pairs: LetterPairs): Endpoint[] {
  const out: Endpoint[] = [];
  if (!ANY_ENDPOINT_CASED.in(text, pairs) && !ANY_ENDPOINT.in(lower, pairs)) return out;
  for (const e of ENDPOINTS) {
    if (!e.keys.in(e.cased ? text : lower, pairs)) continue;
    e.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = e.re.exec(text)) !== null) {
      // "5-year OS" is a rate at a time point, not a survival time.
      if (/\b(?:\d+|one|two|three|five|ten)[-\s](?:year|month)s?[-\s]*$/i.test(text.slice(Math.max(0, m.index - 14), m.index))) continue;
      out.push({ name: e.name, start: m.index, end: m.index + m[0].length });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** One number or a list of numbers sharing one unit: `62 months`, `69 vs. 38mos`, `64, 34, 55 months`, `4.9-27.3 months`. */
const NUMBER_LIST = new RegExp(
  `(?<![\\w.\\-\\u2212])(${DECIMAL})(?:${S}*(?:${DASH_CLASS})${S}*(${DECIMAL}))?((?:${S}*(?:,${S}*(?:and|or)?|vs\\.?|versus|and|or)${S}*(?:${DECIMAL}))*)${S}*(${DURATION_UNIT})(?![\\w-])`,
  'gi',
);
const BLOCKED_BEFORE = new RegExp(
  `(?:[<>≤≥⩽⩾~]|\\bwithin|\\bafter|\\bbefore|\\bat|\\bby|\\bfor|\\bthan|\\bover|\\bup to|\\bbeyond|\\bleast|\\blast|\\bfirst|\\bevery|\\baged?|\\bpast|\\bfrom|\\branges?|\\branging|\\branged|\\bvar(?:y|ied|ying)|\\bbetween|\\bof follow[- ]?up|\\binterval|\\bduration|\\bperiod|\\blasting|\\bdelay|\\bextended|\\bimproved|\\bprolonged|\\bincreased|\\bgain)${S}*(?:the${S}+|a${S}+|of${S}+)?$`,
  'i',
);
const BLOCKED_AFTER = /^\s*(?:longer|shorter|more|less|later|earlier|of\s+follow|follow|old|gain|increase|improvement|difference|benefit|interval|period)/i;

interface DurationList {
  start: number;
  end: number;
  values: Array<{ value: number; low: number | null; high: number | null }>;
  vs: boolean;
}

function durationLists(text: string): DurationList[] {
  const out: DurationList[] = [];
  NUMBER_LIST.lastIndex = 0;
  let m: RegExpExecArray | null;
  let blockedEnd = -1;
  while ((m = NUMBER_LIST.exec(text)) !== null) {
    const unit = durationUnit(m[4]);
    if (!unit) continue;
    const before = text.slice(Math.max(0, m.index - 24), m.index);
    // "ranges from 4.9-27.3 months and 1.9-140.2 months": the list goes on what blocked its start.
    if (BLOCKED_BEFORE.test(before) || (blockedEnd >= 0 && /^\s*(?:,|and|or|,\s*and)\s*$/.test(text.slice(blockedEnd, m.index)))) {
      blockedEnd = m.index + m[0].length;
      continue;
    }
    if (BLOCKED_AFTER.test(text.slice(m.index + m[0].length))) continue;
    const values: DurationList['values'] = [];
    if (m[2]) {
      const low = toMonths(parseNumber(m[1]), unit);
      values.push({ value: low, low, high: toMonths(parseNumber(m[2]), unit) });
    } else {
      values.push({ value: toMonths(parseNumber(m[1]), unit), low: null, high: null });
    }
    const rest = m[3] ? m[3].match(new RegExp(DECIMAL, 'g')) ?? [] : [];
    for (const r of rest) values.push({ value: toMonths(parseNumber(r), unit), low: null, high: null });
    if (values.some((v) => !(v.value > 0 && v.value < 600))) continue;
    out.push({ start: m.index, end: m.index + m[0].length, values, vs: /vs\.?|versus/i.test(m[3] ?? '') });
  }
  return out;
}

/** Group named right after a single value, past its interval: `62 months for primary`, `18.5 months (95% CI 15.2-21.8) for patients with EGFR mutations`. */
const GROUP_AFTER = new RegExp(`^(?:${S}*\\([^()]{0,60}\\))?${S}+(?:for|in)${S}+(?:the${S}+)?(?:patients${S}+(?:with|in)${S}+)?([^,;.()]{1,40}?)(?=${S}*(?:,|;|\\.|\\(|\\)|$|${S}and${S}|${S}vs|${S}versus\\b|${S}compared\\b))`, 'i');

/** Group named between the endpoint and its value: `Median OS for patients with stage III disease was 31.4 months`. */
const GROUP_BETWEEN = new RegExp(`^${S}+(?:for|in|among)${S}+(?:the${S}+)?(?:(?:patients|those|participants|women|men|children)${S}+(?:with|in|receiving|treated${S}+with|on|who${S}+received)${S}+)?([^,;.()]{1,40}?)${S}+(?:was|were|is)${S}+(?:\\w+ly${S}+)?$`, 'i');

export interface SubgroupMention {
  readonly group: string;
  /** Offsets inside the sentence of the bracket that holds `n = …`. */
  readonly start: number;
  readonly end: number;
}

export function extractMedianSurvival(sentence: SentenceContext, subgroups: SubgroupMention[] = []): Metric[] {
  const text = sentence.text;
  // Every survival time is a number written in digits.
  if (!sentence.digits) return [];
  const eps = endpoints(text, sentence.lower, sentence.pairs);
  if (eps.length === 0) return [];
  const lists = durationLists(text).filter((l) => eps.some((e) => e.end <= l.start));
  const out: Metric[] = [];
  const respectively = /\brespectively\b/i.test(text);

  // "median PFS and OS … 4.9-27.3 months and 1.9-140.2 months, respectively"
  if (respectively && lists.length >= 2) {
    const named = eps.filter((e) => e.end <= lists[0].start);
    const distinct = named.filter((e, i) => named.findIndex((x) => x.name === e.name) === i);
    if (distinct.length === lists.length && lists.every((l) => l.values.length === 1)) {
      lists.forEach((l, i) => out.push(metricAt(sentence, i === 0 ? Math.min(distinct[0].start, l.start) : l.start, l.end, fields(distinct[i].name, l.values[0], null, 'median.respectively-endpoints'))));
      return out;
    }
  }

  let previousEnd = 0;
  for (const list of lists) {
    const endpoint = eps.filter((e) => e.end <= list.start).pop()!;
    // The span starts at the endpoint's name when no other value stands between them.
    const named = eps.find((e) => e.start >= previousEnd && e.end <= list.start);
    let spanStart = named ? named.start : list.start;
    const median = /\b(?:median|mean)\s+$/i.exec(text.slice(Math.max(0, spanStart - 8), spanStart));
    if (named && median) spanStart -= median[0].length;
    previousEnd = list.end;
    if (/\bfollow[\s-]*up\b/i.test(text.slice(endpoint.end, list.start))) continue;
    if (/\b(?:median|mean)\s+(?:interval|time\s+to|duration|age)\b/i.test(text.slice(endpoint.end, list.start))) continue;
    if (list.values.length === 1) {
      const enclosing = subgroups.find((g) => g.start <= list.start && list.end <= g.end);
      const after = GROUP_AFTER.exec(text.slice(list.end));
      const between = after ? null : GROUP_BETWEEN.exec(text.slice(endpoint.end, list.start));
      const group = enclosing?.group ?? (after ? cleanGroup(after[1]) : between ? cleanGroup(between[1]) : null);
      const end = !enclosing && after ? list.end + after[0].length : list.end;
      out.push(metricAt(sentence, spanStart, end, fields(endpoint.name, list.values[0], group, 'median.endpoint-value')));
      continue;
    }
    // A "respectively" list pairs with the subgroups counted before it.
    const before = subgroups.filter((g) => g.end <= list.start);
    const groups = respectively && !list.vs && before.length >= list.values.length
      ? before.slice(before.length - list.values.length).map((g) => g.group)
      : null;
    list.values.forEach((v, i) => out.push(metricAt(sentence, spanStart, list.end, fields(endpoint.name, v, groups ? groups[i] : null, groups ? 'median.respectively-groups' : 'median.endpoint-list'))));
  }
  return out;
}

function fields(name: SurvivalName, v: DurationList['values'][number], group: string | null, rule: string) {
  return {
    name,
    rule,
    value: v.value,
    unit: 'months',
    ...(v.low !== null ? { low: v.low, high: v.high } : {}),
    ...(group ? { group } : {}),
  };
}
