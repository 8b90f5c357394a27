/**
 * Rates and proportions in %.
 *
 * Named rates: `response rate of 10%-30%` (low/high), `clinical benefit rate
 * … has been found to be 66.7%`, `5-year OS rate of 45%`, `recurrence rate
 * was 12%`. Counted proportions, `n (x%)`: `18 patients (9.7%) … had
 * recurrence`, `recurrence was recorded in 5 (12.8%) cases`, `50 (93%)
 * patients recurred`, `16.4% (n = 23)`; their clause decides the name
 * (recurrence/relapse → recurrence_rate, response → response_rate,
 * survival/alive → survival_rate, else `proportion`), with `count`, and a
 * group when the clause names one (`in the complete resection group`).
 * A range's `value` is its low bound.
 */
import type { Metric, MetricName } from '../record.ts';
import { cleanGroup, metricAt, timepointMonths, type SentenceContext } from './context.ts';
import { keywords, part, type Keywords } from './keywords.ts';
import { COUNT, DASH_CLASS, DECIMAL, parseCount, parseNumber, parseWordNumber, SPACE_CLASS, WORD_NUMBER } from './numbers.ts';

const S = SPACE_CLASS;
/** A percent sign, or the word: `28 percent`, `12 per cent`. */
const PCT_SIGN = `(?:${S}*%|${S}+(?:percent|per${S}+cent)\\b)`;
const PCT = `(${DECIMAL})${PCT_SIGN}`;
type RateName = Extract<MetricName, 'survival_rate' | 'recurrence_rate' | 'response_rate' | 'clinical_benefit_rate' | 'proportion'>;

/** Each named rate's pattern, with the words it cannot be written without (see `keywords.ts`). */
const NAMED_RATES: ReadonlyArray<{ name: RateName; re: string; keys: Keywords }> = [
  { name: 'clinical_benefit_rate', keys: keywords(['benefit', 'cbr']), re: `clinical${S}+benefit${S}+rates?(?:${S}*\\(CBR\\))?|\\bCBR\\b` },
  { name: 'response_rate', keys: keywords(['response', 'orr']), re: `(?:(?:objective|overall|complete|partial|pathologic(?:al)?|clinical|tumou?r)${S}+)?response${S}+rates?(?:${S}*\\((?:ORR|RR|CRR|pCR)\\))?|\\bORR\\b` },
  { name: 'recurrence_rate', keys: keywords(['recurrence', 'relapse'], ['rate']), re: `(?:(?:local|distant|overall|cumulative)${S}+)?(?:recurrence|relapse)${S}+rates?` },
  { name: 'survival_rate', keys: keywords(['survival', 'os', 'dfs', 'pfs', 'rfs'], ['rate']), re: `(?:(?:\\d+|one|two|three|five|ten)[-${S.slice(1, -1)}](?:year|month)${S}+)?(?:(?:overall|disease[-${S.slice(1, -1)}]free|progression[-${S.slice(1, -1)}]free|recurrence[-${S.slice(1, -1)}]free|relapse[-${S.slice(1, -1)}]free|cancer[-${S.slice(1, -1)}]specific)${S}+)?(?:survival|OS|DFS|PFS|RFS)(?:${S}*\\([A-Z]+\\))?${S}+rates?` },
];
const RATE_VALUE = `^(?:${S}*\\([^)]{0,30}\\))?[^.;%\\d]{0,80}?(?<![\\w.])${PCT}(?:${S}*(?:${DASH_CLASS}|to)${S}*${PCT}|${S}*(?:${DASH_CLASS}|to)${S}*(${DECIMAL})${S}*%)?`;

/** `18 patients (9.7%)`, `5 (12.8%) cases`, `50 (93%) patients`, `13 patients (24%)`, `15 (38.5%)`. */
const COUNT_PCT = new RegExp(
  `(?<![\\w.,/])(${COUNT})(?:${S}+(?:[\\w-]+${S}+){0,2}?(?:patients|participants|subjects|cases|women|men|children|individuals|people|eyes))?${S}*[(\\[]${S}*(${DECIMAL})${S}*%${S}*[)\\]]`,
  'gi',
);
/** `16.4% (n = 23)`, `38.5% (15/39)`. */
const PCT_COUNT = new RegExp(`(?<![\\w.])(${DECIMAL})${S}*%${S}*[(\\[]${S}*(?:[nN]${S}*=${S}*(\\d+)|(\\d+)${S}*/${S}*\\d+)${S}*[)\\]]`, 'g');

/** What the words of a sentence let its clauses say: each a gate of a pattern below, read once for the sentence. */
interface ClauseWords {
  /** A group named (`GROUP_IN`, `GROUP_IN_ALL`). */
  readonly groups: boolean;
  /** A time point (`TIMEPOINTS`). */
  readonly times: boolean;
  /** Recurrence (`RECURRED`), clinical benefit (`CLINICAL_BENEFIT`), response (`RESPONDED`). */
  readonly recurrence: boolean;
  readonly benefit: boolean;
  readonly response: boolean;
}

function clauseWords(sentence: SentenceContext): ClauseWords {
  const { lower, pairs } = sentence;
  return {
    groups: GROUP_WORDS.in(lower, pairs),
    times: TIME_WORDS.in(lower, pairs),
    recurrence: RECURRENCE_WORDS.in(lower, pairs),
    benefit: BENEFIT_WORDS.in(lower, pairs),
    response: RESPONSE_WORDS.in(lower, pairs),
  };
}

const RECURRED = /\b(?:recurred|recurrences?|relapsed|relapses?|recurring)\b/i;
const CLINICAL_BENEFIT = /\bclinical\s+benefit\b/i;
const RESPONDED = /\b(?:respon(?:se|ded|ders?)|remission)\b/i;
const RECURRENCE_WORDS = keywords(['recurr', 'relaps']).guards(RECURRED);
const BENEFIT_WORDS = keywords(['benefit']).guards(CLINICAL_BENEFIT);
const RESPONSE_WORDS = keywords(['respon', 'remission']).guards(RESPONDED);

/** The rate a clause of the sentence counts; `words` are the sentence's (`clauseWords`). */
function nameFromClause(raw: string, words: ClauseWords): RateName {
  // "in the recurrent group" names a group, not the event counted.
  const clause = words.groups ? raw.replace(GROUP_IN_ALL, ' ') : raw;
  if (words.recurrence && RECURRED.test(clause) && !/\b(?:free|without)\s+(?:recurrence|relapse)/i.test(clause)) return 'recurrence_rate';
  if (words.benefit && CLINICAL_BENEFIT.test(clause)) return 'clinical_benefit_rate';
  if (words.response && RESPONDED.test(clause) && !/\bnon-?respon/i.test(clause)) return 'response_rate';
  if (/\b(?:alive|survived|surviv(?:al|ors?)|OS|PFS|DFS|RFS|EFS|CSS)\b/.test(clause.replace(/\b(?:Alive|Survived|Surviv)/g, (w) => w.toLowerCase())) && !/\bdied|death/i.test(clause)) return 'survival_rate';
  return 'proportion';
}

/** The clause around `[start, end)`: from the previous to the next `,`/`;` outside brackets. */
function clauseAround(text: string, start: number, end: number): [number, number] {
  let a = start;
  let depth = 0;
  while (a > 0) {
    const ch = text[a - 1];
    if (ch === ')' || ch === ']') depth += 1;
    else if (ch === '(' || ch === '[') {
      if (depth === 0) break;
      depth -= 1;
    } else if (depth === 0 && (ch === ',' || ch === ';')) break;
    a -= 1;
  }
  let b = end;
  depth = 0;
  while (b < text.length) {
    const ch = text[b];
    if (ch === '(' || ch === '[') depth += 1;
    else if (ch === ')' || ch === ']') {
      if (depth === 0) break;
      depth -= 1;
    } else if (depth === 0 && (ch === ',' || ch === ';')) break;
    b += 1;
  }
  return [a, b];
}

const GROUP_IN_SOURCE = `\\b(?:in|of|from)${S}+(?:the${S}+)?([\\w\\u2010\\u2011 -]{1,30}?)${S}+(?:group|arm|cohort)\\b|\\b(?:in|to)${S}+((?:Group|Arm|Cohort)${S}+[\\w]+)`;
const GROUP_IN_ALL = new RegExp(GROUP_IN_SOURCE, 'gi');
const GROUP_IN = new RegExp(`\\b(?:in|of|from)${S}+(?:the${S}+)?(?!the\\b)([\\w\\u2010\\u2011 -]{1,30}?)${S}+(?:group|arm|cohort)\\b|\\b(?:in|to)${S}+((?:Group|Arm|Cohort)${S}+[\\w]+)`, 'i');
const GROUP_WORDS = keywords(['group', 'arm', 'cohort']).guards(GROUP_IN).guards(GROUP_IN_ALL);

const NAMED_RATE_PATTERNS = NAMED_RATES.map((rate) => {
  const re = new RegExp(`\\b(?:${rate.re})`, 'gi');
  return { name: rate.name, re, keys: rate.keys.guards(re) };
});
const RATE_VALUE_RE = new RegExp(RATE_VALUE, 'i');

/** The parts of `COUNT_PCT` and `PCT_COUNT` that a sentence must have: a percentage in brackets, a percent sign before one. */
const BRACKETED_PERCENT = part(new RegExp(`[(\\[]${S}*${DECIMAL}${S}*%${S}*[)\\]]`)).guards(COUNT_PCT, true);
const PERCENT_THEN_BRACKET = part(new RegExp(`%${S}*[(\\[]`)).guards(PCT_COUNT, true);

/** A percent sign, "percent" or "per cent": no rate is written without one. */
const PERCENT = keywords(['%', 'cent']).guards(COUNT_PCT).guards(PCT_COUNT).guards(RATE_VALUE_RE);

export function extractRates(sentence: SentenceContext): Metric[] {
  const text = sentence.text;
  const out: Metric[] = [];
  // Every rate is a number before "%", "percent" or "per cent": in digits, or in words before the word.
  if (!(sentence.digits || sentence.counts) || !PERCENT.in(sentence.lower, sentence.pairs)) return out;
  const words = clauseWords(sentence);
  const taken: Array<[number, number]> = [];
  const free = (s: number, e: number) => !taken.some(([a, b]) => s < b && e > a);

  for (const rate of NAMED_RATE_PATTERNS) {
    if (!rate.keys.in(sentence.lower, sentence.pairs)) continue;
    const re = rate.re;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      const start = m.index;
      const v = RATE_VALUE_RE.exec(text.slice(start + m[0].length));
      if (!v) continue;
      const end = start + m[0].length + v[0].length;
      if (!free(start, end)) continue;
      const low = parseNumber(v[1]);
      const highRaw = v[2] ?? v[3];
      if (!(low >= 0 && low <= 100)) continue;
      taken.push([start, end]);
      const timepoint = timepointMonths(m[0]);
      out.push(
        metricAt(sentence, start, end, {
          name: rate.name,
          value: low,
          unit: '%',
          ...(highRaw ? { low, high: parseNumber(highRaw) } : {}),
          ...(timepoint !== null ? { timepointMonths: timepoint } : {}),
          rule: `rate.named-${rate.name.replace(/_rate$/, '').replace(/_/g, '-')}`,
        }),
      );
    }
  }

  for (const { m, start, end } of BRACKETED_PERCENT.in(text) ? freeMatches(COUNT_PCT, text, free) : []) {
    const count = parseCount(m[1]);
    const value = parseNumber(m[2]);
    if (!(value >= 0 && value <= 100) || !(count >= 0)) continue;
    // "95% CI" and "(≤40 years)" are no n (x%); a count of a percent of itself is not either.
    const [a, b] = clauseAround(text, start, end);
    const clause = text.slice(a, b);
    // Ignore percentages whose clause is a list of values ("lower in 5 (10%) vs 7 (14%)") only when no words at all.
    const group = words.groups ? GROUP_IN.exec(text.slice(end, b)) ?? GROUP_IN.exec(text.slice(a, start)) : null;
    taken.push([start, end]);
    out.push(
      metricAt(sentence, start, end, {
        name: nameFromClause(clause, words),
        value,
        unit: '%',
        count,
        ...(group ? { group: cleanGroup(group[1] ?? group[2]) } : {}),
        rule: 'rate.count-percent',
      }),
    );
  }
  for (const { m, start, end } of PERCENT_THEN_BRACKET.in(text) ? freeMatches(PCT_COUNT, text, free) : []) {
    const value = parseNumber(m[1]);
    if (!(value >= 0 && value <= 100)) continue;
    const [a, b] = clauseAround(text, start, end);
    taken.push([start, end]);
    out.push(metricAt(sentence, start, end, { name: nameFromClause(text.slice(a, b), words), value, unit: '%', count: Number(m[2] ?? m[3]), rule: 'rate.percent-count' }));
  }
  if (!sentence.background) out.push(...barePercentages(sentence, words, free, taken), ...sharedSignPercentages(sentence, words, free, taken));
  return out;
}

const TIMEPOINTS = /\b(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)[-\s\u2010\u2011](?:year|yr|month|mo|week|wk|day)s?\b|\bat\s+\d+(?:\.\d+)?\s+(?:year|month|week|day)s?\b/gi;
const TIME_WORDS = keywords(['year', 'yr', 'mo', 'week', 'wk', 'day']).guards(TIMEPOINTS);

/** The time point nearest before a value: "5-year OS was 61.4% and 3-year OS 80%" gives 36 for the 80. */
function lastTimepoint(head: string): number | null {
  const all = [...head.matchAll(TIMEPOINTS)];
  return all.length ? timepointMonths(all[all.length - 1][0]) : null;
}

/** Every match of a global pattern in `text` whose span no earlier metric of the sentence holds. */
function* freeMatches(re: RegExp, text: string, free: (s: number, e: number) => boolean): Generator<{ m: RegExpExecArray; start: number; end: number }> {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const start = m.index;
    const end = start + m[0].length;
    if (free(start, end)) yield { m, start, end };
  }
}

/** Not a result about the subjects: a CI level, a threshold, a concentration, a spread, heterogeneity. */
const NOT_A_RESULT_AFTER = new RegExp(`^${S}*(?:-?${S}*(?:CI|CrI|C\\.I\\.|LoA|confiden(?:ce|t)|credible|prediction|uncertainty|limits?${S}+of${S}+agreement|significance|level${S}+of${S}+significance)\\b|(?:${S}*(?:w/v|v/v|w/w)|${S}+(?:solution|saline|dextrose|glucose|lidocaine|ethanol|alcohol|formalin|agarose|sucrose|NaCl|bupivacaine|chlorhexidine|povidone|hydrogen|isoflurane|sevoflurane|FBS|BSA|tween|triton|paraformaldehyde|ropivacaine|acetic|nitric|cream|gel|ointment|concentration|percentile)\\b))`, 'i');
const NOT_A_RESULT_BEFORE = /(?:[<>≤≥⩽⩾±]|\b(?:CI|SD|SE|IQR|range|I\s*[²2]\s*(?:=|:|of)?|above|below|exceeding|than|at\s+least|up\s+to|over|under|alpha(?:\s+(?:of|level|=))?|threshold\s+of|cut-?off\s+(?:of|value\s+of)?)|\+\/-|\d\s*[-\u2013]\s*)\s*$/i;
/** What names the value of a bare percentage: `surgery (57%)`, `Europe (79%)`, `toenails (956; 51.45%)`. */
const LABEL_BEFORE_PAREN = /([A-Za-z][\w\u2010\u2011'/-]*(?:\s+[A-Za-z][\w\u2010\u2011'/-]*){0,2})\s*[(\[]\s*(?:(\d+)\s*[;,:]\s*)?$/;
/**
 * How `LABEL_BEFORE_PAREN` ends, searched first because it costs far less:
 * the bracket the value is in, and the count in it before the value, parsed
 * as the label's own end parses them (only one bracket of a text can be followed by nothing else).
 */
const BRACKET_BEFORE = /[(\[]\s*(?:(\d+)\s*[;,:]\s*)?$/;
part(BRACKET_BEFORE).guards(LABEL_BEFORE_PAREN, true);
const GROUP_AFTER = new RegExp(`^${S}+(?:in|among|for|of)${S}+(?:the${S}+)?([\\w\\u2010\\u2011'/ -]{1,40}?)(?=${S}*(?:[,;.)]|$|${S}(?:and|or|vs\\.?|versus|compared|with|who|were|was|had)\\b))`, 'i');
/** Words of a change right before a percentage: "an increase of", "rose by". */
const CHANGE_BEFORE = /\b(?:increases?|increased|rises?|rose|risen|grew|growth|higher|greater|more|gains?|gained)\s+(?:of|by)\s+$/i;
/** A percentage in digits (a tokenised text's "1. 09%" too), or in words with the word percent: "Fifty-nine per cent of patients". */
const PCT_TOKEN = new RegExp(`(?<![\\w.\\u00b7])(\\d+\\.${S}\\d+(?=${S}*%)|${DECIMAL}|${WORD_NUMBER}(?=${S}+(?:percent|per${S}+cent)\\b))${PCT_SIGN}`, 'gi');
PERCENT.guards(PCT_TOKEN);
/** "(33% girls)", "(29.6% USA, 70.4% EU5)": the noun right after the value inside its bracket names it. */
const NOUN_IN_BRACKET = /^\s+([A-Za-z][\w-]{1,20})\s*[,;)\]]/;
const LABEL_STOP = /^(?:and|or|were|was|is|are|had|has|have|the|of|in|with|which|that|this|these|those|most|common|by|for|to|as|than|all|some|only|almost|about|nearly|approximately|majority|minority|rate|rates|proportion|percentage|[a-z]+(?:ed|ing))$/i;

/** The words of a label read back from the bracket to the first word that cannot name a group. */
function labelWords(raw: string): string | null {
  const words = raw.split(/\s+/);
  const kept: string[] = [];
  for (let i = words.length - 1; i >= 0 && !LABEL_STOP.test(words[i]); i -= 1) kept.unshift(words[i]);
  return kept.length ? kept.join(' ') : null;
}

/** True when the bracket that opens before `at` holds one value only, not "(77.2% vs. 56.8%)". */
function bracketHoldsOneValue(text: string, at: number): boolean {
  const open = Math.max(text.lastIndexOf('(', at), text.lastIndexOf('[', at));
  const close = text.slice(at).search(/[)\]]/);
  const inside = text.slice(open + 1, close < 0 ? text.length : at + close);
  return !/\b(?:vs\.?|versus|and|or|to)\b|%[^%]*%/.test(inside);
}

const NO_GROUP = /^(?:patients|participants|subjects|cases|respondents|them|all|total|these|those|whom|which|the\s+cohort|the\s+sample|the\s+population)$/i;

/**
 * Every other percentage the sentence states as a result (`Most patients had
 * small intestinal NET (76%)`, `60.4% in children, 50.7% in adolescents`,
 * `surgery (57%) and SSA (25%)`): one `proportion` or named rate each, with
 * the group the text gives it. Rule `rate.percent`.
 */
function barePercentages(sentence: SentenceContext, words: ClauseWords, free: (s: number, e: number) => boolean, taken: Array<[number, number]>): Metric[] {
  const text = sentence.text;
  const out: Metric[] = [];
  for (const { m, start, end } of freeMatches(PCT_TOKEN, text, free)) {
    const value = /\d/.test(m[1]) ? parseNumber(m[1].replace(/\.\s+/, '.')) : parseWordNumber(m[1]);
    const before = text.slice(Math.max(0, start - 30), start);
    // Above 100 only as a change: "an increase of 130%", "rose by 240%".
    if (!(value >= 0 && (value <= 100 || CHANGE_BEFORE.test(before)))) continue;
    if (NOT_A_RESULT_BEFORE.test(before) || NOT_A_RESULT_AFTER.test(text.slice(end, end + 30))) continue;
    // Inside a confidence interval: "(95% CI 12%-30%)".
    if (/\b(?:CI|confidence\s+interval)[^()[\]]{0,30}$/i.test(text.slice(Math.max(0, start - 40), start))) continue;
    if (/^\s*(?:[-\u2013\u2014]|to)\s*\d/.test(text.slice(end, end + 6)) && /\b(?:CI|range)\b[^()]{0,20}$/i.test(before)) continue;
    const [a, b] = clauseAround(text, start, end);
    const head = text.slice(Math.max(0, start - 50), start);
    const bracket = BRACKET_BEFORE.exec(head);
    const after = GROUP_AFTER.exec(text.slice(end, b));
    const inGroup = words.groups ? GROUP_IN.exec(text.slice(end, b)) : null;
    const nounAfter = NOUN_IN_BRACKET.exec(text.slice(end, end + 30));
    // The label is read only where it gives something: after the bracket, a count before the value or the group no other words name.
    const label = bracket && (bracket[1] !== undefined || (!inGroup && !after && !nounAfter)) ? LABEL_BEFORE_PAREN.exec(head) : null;
    const alone = label ? bracketHoldsOneValue(text, start) : false;
    const rawGroup = inGroup ? inGroup[1] ?? inGroup[2] : after ? after[1] : nounAfter ? nounAfter[1] : label && alone ? labelWords(label[1]) : null;
    const group = rawGroup && !NO_GROUP.test(rawGroup.trim()) ? cleanGroup(rawGroup) : null;
    const timepoint = words.times ? lastTimepoint(text.slice(a, start)) : null;
    taken.push([start, end]);
    out.push(
      metricAt(sentence, start, end, {
        name: nameFromClause(text.slice(a, b), words),
        value,
        unit: '%',
        ...(label?.[2] ? { count: Number(label[2]) } : {}),
        ...(group ? { group } : {}),
        ...(timepoint !== null && /\b(?:surviv|OS|PFS|DFS|RFS|mortality|recurrence|relapse)/i.test(text.slice(a, b)) ? { timepointMonths: timepoint } : {}),
        rule: 'rate.percent',
      }),
    );
  }
  return out;
}

/**
 * Values that share the % sign of the last one: "(46.6 vs. 16.3 vs. 7.1%;",
 * "22 and 28% in the intervention and control groups", and a value with its
 * spread, "44.4 ± 15.7%" (the spread is not a result; the value is). Each
 * value's span is its number. The values of a list are written alike (as
 * many decimals as the last); ranges ("between 2 and 5%") are thresholds,
 * not results. Rule `rate.percent-shared-sign`.
 */
const SHARED_SIGN = new RegExp(
  `(?<![\\w.,\\u00b7/=:%-])((?:${DECIMAL}${S}*(?:vs\\.?|versus|and|or)${S}*){1,3})(${DECIMAL})${S}*%|(?<![\\w.,\\u00b7/=:%-])(${DECIMAL})${S}*(?:±|\\+\\/-)${S}*(?:${DECIMAL})${S}*%`,
  'gi',
);
const SHARED_VALUE = new RegExp(`${DECIMAL}`, 'g');
PERCENT.guards(SHARED_SIGN);

function sharedSignPercentages(sentence: SentenceContext, words: ClauseWords, free: (s: number, e: number) => boolean, taken: Array<[number, number]>): Metric[] {
  const text = sentence.text;
  if (!text.includes('%')) return [];
  const out: Metric[] = [];
  SHARED_SIGN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SHARED_SIGN.exec(text)) !== null) {
    const before = text.slice(Math.max(0, m.index - 30), m.index);
    if (NOT_A_RESULT_BEFORE.test(before) || /\b(?:between|from|of|to)\s*$/i.test(before)) continue;
    if (NOT_A_RESULT_AFTER.test(text.slice(m.index + m[0].length, m.index + m[0].length + 30))) continue;
    const values: Array<[number, number]> = [];
    if (m[3] !== undefined) values.push([m.index, m.index + m[3].length]);
    else {
      SHARED_VALUE.lastIndex = 0;
      let v: RegExpExecArray | null;
      while ((v = SHARED_VALUE.exec(m[1])) !== null) values.push([m.index + v.index, m.index + v.index + v[0].length]);
      // Written alike, or they are not one list of percentages: "a score of 8 and 62.0%", "pH 7.4 and 80%".
      const decimals = (n: string): number => n.split(/[.\u00b7]/)[1]?.length ?? 0;
      if (values.some(([a, b]) => decimals(text.slice(a, b)) !== decimals(m![2]))) continue;
    }
    if (values.some(([a, b]) => !(parseNumber(text.slice(a, b)) <= 100))) continue;
    for (const [start, end] of values) {
      if (!free(start, end)) continue;
      const [a, b] = clauseAround(text, start, end);
      taken.push([start, end]);
      out.push(metricAt(sentence, start, end, { name: nameFromClause(text.slice(a, b), words), value: parseNumber(text.slice(start, end)), unit: '%', rule: 'rate.percent-shared-sign' }));
    }
  }
  return out;
}
