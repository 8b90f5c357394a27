/**
 * Hazard, odds and risk ratios: `HR = 0.307, p = 0.035`,
 * `HR 0.62 (95% CI 0.45-0.85)`, `hazard ratio [HR], 1.14 [95% CI, 1.07-1.21]; P = 8.26 × 10-5`,
 * `OR [95%CI] = 1.20 [1.09-1.32]`, `aOR`, `ORadj`, `relative risk`, `IRR`,
 * and values that continue a list after the ratio was named
 * (`… were 1.98 (95% CI 1.01-3.89) and 17.79 (95% CI 2.26-140.22)`).
 *
 * Incidence rate ratios and other rate ratios are reported as
 * `relative_risk`: the record has no separate rate-ratio metric.
 */
import type { Metric } from '../record.ts';
import { boundOf, metricAt, OPERATOR, type SentenceContext } from './context.ts';
import { keywords, letterPairs, type Keywords, type LetterPairs } from './keywords.ts';
import { DASH_CLASS, DECIMAL, parseNumber, SCI_NUMBER } from './numbers.ts';

type RatioName = 'hazard_ratio' | 'odds_ratio' | 'relative_risk';

/**
 * Each name's pattern, with keywords it cannot match without (`keywords.ts`):
 * lower-case ones tested on the lower-cased sentence, the abbreviations of a
 * case-sensitive pattern (`cased`) on the sentence itself.
 */
const KEYWORDS: ReadonlyArray<{ name: RatioName; pattern: string; flags: string; keys: Keywords; cased?: boolean }> = [
  { name: 'hazard_ratio', pattern: '\\b(?:(?:sub-?distribution|cause-specific|adjusted|pooled|crude|summary)\\s+)?hazards?\\s+ratios?\\b', flags: 'gi', keys: keywords(['hazard']) },
  { name: 'hazard_ratio', pattern: '\\b(?:a|adj|cs|s|S|CS|sd)?HRs?(?:adj)?\\b', flags: 'g', keys: keywords(['HR']), cased: true },
  { name: 'odds_ratio', pattern: '\\b(?:(?:adjusted|pooled|crude|summary|diagnostic)\\s+)?odds?\\s+ratios?\\b', flags: 'gi', keys: keywords(['odd']) },
  { name: 'odds_ratio', pattern: '\\b(?:a|A|adj|D)?ORs?(?:adj)?\\b', flags: 'g', keys: keywords(['OR']), cased: true },
  { name: 'relative_risk', pattern: '\\b(?:(?:adjusted|pooled|cumulative|crude|summary)\\s+)?(?:relative\\s+risks?|risk\\s+ratios?|(?:incidence|incident)\\s+rate\\s+ratios?|rate\\s+ratios?)\\b', flags: 'gi', keys: keywords(['risk', 'ratio']) },
  { name: 'relative_risk', pattern: '\\b(?:a|adj)?(?:RR|IRR|aIRR)s?(?:adj)?\\b', flags: 'g', keys: keywords(['RR']), cased: true },
];

export interface KeywordHit {
  readonly name: RatioName;
  readonly start: number;
  readonly end: number;
}

const KEYWORD_PATTERNS = KEYWORDS.map((k) => {
  const re = new RegExp(k.pattern, k.flags);
  return { name: k.name, re, keys: k.keys.guards(re, k.cased === true), cased: k.cased === true };
});
/** Any word of any name's gate: a sentence with none names no ratio (two searches instead of one per name). */
const ANY_NAME_CASED = keywords(KEYWORDS.filter((k) => k.cased).flatMap((k) => k.keys.groups.flat()));
const ANY_NAME = keywords(KEYWORDS.filter((k) => !k.cased).flatMap((k) => k.keys.groups.flat()));

/** Every ratio name in `text`, in order, longest match winning where two overlap; `lower` is the text lower-cased, `pairs` its letter pairs. */
export function ratioKeywords(text: string, lower: string = text.toLowerCase(), pairs: LetterPairs = letterPairs(lower)): KeywordHit[] {
  const hits: KeywordHit[] = [];
  if (!ANY_NAME_CASED.in(text, pairs) && !ANY_NAME.in(lower, pairs)) return hits;
  for (const k of KEYWORD_PATTERNS) {
    if (!k.keys.in(k.cased ? text : lower, pairs)) continue;
    const re = k.re;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      // "RR-AML", "HR-positive", "OR/AND" are not ratios.
      if (/^[-/]\w/.test(text.slice(m.index + m[0].length))) continue;
      hits.push({ name: k.name, start: m.index, end: m.index + m[0].length });
    }
  }
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: KeywordHit[] = [];
  for (const hit of hits) {
    const last = kept[kept.length - 1];
    if (last && hit.start < last.end) continue;
    kept.push(hit);
  }
  return kept;
}

const NUM = `(?<![\\w.\\-\\u2212])(${DECIMAL})`;
/** A value must end where a ratio value ends: not followed by a unit, a percent sign or more digits. */
const VALUE_END = `(?=\\s*(?:[,;)\\]\\[(]|$|\\.(?!\\d)|\\s(?:and|or|for|in|to|vs\\.?|versus|times|among|with|compared|per|at|respectively|\\(|\\[|95|CI)\\b))`;
const BRACKETED = '(?:\\s*(?:\\[[^\\]\\d]{0,40}(?:\\d{2}(?:\\.\\d)?\\s*%[^\\]]{0,30})?\\]|\\([^)\\d]{0,60}(?:\\d{2}(?:\\.\\d)?\\s*%[^)]{0,40})?\\)))';
/** What may stand between a ratio name and its value. */
const GAP = `${BRACKETED}*(?:\\s+(?:per|for|from|of|in|among|between|associated with|comparing|on)\\b[^;=:<>≤≥]{0,90}?)?${BRACKETED}*\\s*(?:[=:,]|\\b(?:was|were|is|are|of|reached|equal to|at)\\b)?${BRACKETED}?\\s*(?:=|:)?\\s*`;

const CI_NUM = `(${DECIMAL})`;
const CI_LEAD = `(?:\\d{2}(?:[.\\u00b7]\\d)?\\s*%\\s*-?\\s*(?:confiden(?:ce|t)\\s+intervals?|CI|CrI|C\\.I\\.)(?:\\s*[\\[(]CI[\\])])?|(?:CI|CrI)\\s*\\d{2}\\s*%|confiden(?:ce|t)\\s+intervals?(?:\\s*[\\[(]CI[\\])])?|CI)`;
const CI_AFTER = new RegExp(
  `^(?:\\s*[,;:]?\\s*[(\\[]?\\s*${CI_LEAD}\\s*[:=,;]?\\s*[(\\[]?\\s*|\\s*[(\\[]\\s*|\\s*[;,]\\s*)${CI_NUM}\\s*(?:${DASH_CLASS}|to|,)\\s*${CI_NUM}\\s*[)\\]]*`,
  'i',
);
const P_AFTER = new RegExp(
  `^[\\s,;:)\\](\\[]*(?:(?:one|two)-sided\\s+)?(?:and\\s+)?[Pp](?:\\s*-?\\s*values?)?\\s*(${OPERATOR})\\s*(${SCI_NUMBER})`,
);

const MAX_RATIO = 1000;

const TIMES = new RegExp(`(?<![\\w.])(${DECIMAL})[-\\s](?:fold|times)\\s+(?:higher|greater|increased|more|lower|reduced|decreased|elevated)\\s+(risks?|odds|hazards?|likel(?:y|ihood)|incidence|rates?)\\b`, 'gi');
const TIMES_WORDS = keywords(['fold', 'times']).guards(TIMES);
/** The CI of a ratio written as a multiple, later in its clause. */
const TIMES_CI = new RegExp(`^[^;]{0,120}?[(\\[,;]\\s*${CI_LEAD}\\s*[:=,;]?\\s*(${DECIMAL})\\s*(?:${DASH_CLASS}|to|,)\\s*(${DECIMAL})\\s*[)\\]]?`, 'i');

interface RatioMatch {
  name: RatioName;
  /** Which candidate rule read it (the metric's `rule` is this plus what followed: `-ci`, `-p`). */
  via: 'named' | 'list' | 'times';
  value: number;
  valueStart: number;
  spanStart: number;
  spanEnd: number;
  low: number | null;
  high: number | null;
}

/** Read the CI and the p-value that follow a ratio value ending at `from`. */
function tail(text: string, from: number): { low: number | null; high: number | null; end: number } {
  const ci = CI_AFTER.exec(text.slice(from));
  if (!ci) return { low: null, high: null, end: from };
  return { low: parseNumber(ci[1]), high: parseNumber(ci[2]), end: from + ci[0].length };
}

function withP(text: string, match: RatioMatch, limit: number): { p: number | null; pBound: Metric['pBound']; end: number } {
  const rest = text.slice(match.spanEnd, limit);
  const pm = P_AFTER.exec(rest);
  if (!pm) {
    // "(2.28-15.28, 0.0003)": a third number in the CI's bracket is the p-value.
    const bare = match.low !== null ? BARE_P_IN_BRACKET.exec(rest) : null;
    if (!bare) return { p: null, pBound: null, end: match.spanEnd };
    return { p: parseNumber(bare[2]), pBound: bare[1] ? '<' : null, end: match.spanEnd + bare[0].length - 1 };
  }
  const p = parseNumber(pm[2]);
  if (!(p >= 0 && p <= 1)) return { p: null, pBound: null, end: match.spanEnd };
  return { p, pBound: boundOf(pm[1]), end: match.spanEnd + pm[0].length };
}

const BARE_P_IN_BRACKET = /^\s*[,;]\s*(<\s*)?(0?[.\u00b7]\d+)\s*[)\]]/;

const VALUE_AFTER_NAME = new RegExp(`^${GAP}${NUM}${VALUE_END}`);

const CONTINUATION = new RegExp(`${NUM}${VALUE_END}`, 'g');

/** Words of a sentence that goes on with the ratios named before it: "odds", "hazards", or "they were: rofecoxib 1.73 (1.52, 1.98), …". */
const CONTINUATION_CUE = /\b(?:odds|likely|risks?|times|associat\w*|hazards?)\b|\b(?:they|these|those)\s+(?:were|are)\s*:/i;

/**
 * Ratios stated in one sentence. `previous` is the ratio most recently named
 * in the preceding sentences of the section, used only for bare
 * `value (low-high)` statements in a sentence that names no ratio;
 * `names` are the sentence's `ratioKeywords` when already found.
 */
export function extractRatios(sentence: SentenceContext, previous: RatioName | null = null, names: readonly KeywordHit[] = ratioKeywords(sentence.text, sentence.lower, sentence.pairs)): Metric[] {
  // Every ratio's value is written in digits.
  if (!sentence.digits) return [];
  const text = sentence.text;
  const lower = sentence.lower;
  const found: RatioMatch[] = [];
  const taken: Array<[number, number]> = [];
  const overlaps = (s: number, e: number) => taken.some(([a, b]) => s < b && e > a);

  for (const kw of names) {
    const m = VALUE_AFTER_NAME.exec(text.slice(kw.end));
    if (!m) continue;
    const valueStart = kw.end + m[0].length - m[1].length;
    const value = parseNumber(m[1]);
    if (!(value > 0 && value < MAX_RATIO)) continue;
    if (overlaps(valueStart, valueStart + m[1].length)) continue;
    const ci = tail(text, valueStart + m[1].length);
    found.push({ name: kw.name, via: 'named', value, valueStart, spanStart: kw.start, spanEnd: ci.end, low: ci.low, high: ci.high });
    taken.push([kw.start, ci.end]);
  }

  // Values continuing a list after a ratio was named: they need a CI, which
  // is what tells a ratio from any other number in the sentence.
  const fallback: RatioName | null = names.length === 0 && previous && CONTINUATION_CUE.test(text)
    ? previous
    : textCue(text, lower, sentence.pairs);
  CONTINUATION.lastIndex = 0;
  let c: RegExpExecArray | null;
  // A value is read only under a name: with none named and no cue, no number of the sentence is one.
  while ((names.length > 0 || fallback !== null) && (c = CONTINUATION.exec(text)) !== null) {
    const valueStart = c.index;
    const valueEnd = valueStart + c[1].length;
    if (overlaps(valueStart, valueEnd)) continue;
    const before = names.filter((k) => k.end <= valueStart).pop();
    const name = before?.name ?? fallback;
    if (!name) continue;
    const ci = tail(text, valueEnd);
    if (ci.low === null || ci.high === null) continue;
    const value = parseNumber(c[1]);
    if (!(value > 0 && value < MAX_RATIO)) continue;
    if (!(ci.low <= value && value <= ci.high) || ci.low === ci.high) continue;
    // "0.85 to 0.98" inside an already-read CI, or a percent, is no value.
    if (/%\s*$/.test(text.slice(valueEnd, valueEnd + 2))) continue;
    found.push({ name, via: 'list', value, valueStart, spanStart: valueStart, spanEnd: ci.end, low: ci.low, high: ci.high });
    taken.push([valueStart, ci.end]);
    CONTINUATION.lastIndex = ci.end;
  }

  // "had a 1.87 times higher risk of … (95% CI 1.09 to 2.21)": a ratio written as a multiple.
  TIMES.lastIndex = 0;
  let t: RegExpExecArray | null;
  const multiples = TIMES_WORDS.in(lower, sentence.pairs);
  while (multiples && (t = TIMES.exec(text)) !== null) {
    const valueStart = t.index + t[0].indexOf(t[1]);
    if (overlaps(t.index, t.index + t[0].length)) continue;
    const value = parseNumber(t[1]);
    if (!(value > 0 && value < MAX_RATIO)) continue;
    const name: RatioName = /odds|likely/i.test(t[2]) ? 'odds_ratio' : /hazard/i.test(t[2]) ? 'hazard_ratio' : 'relative_risk';
    const ci = TIMES_CI.exec(text.slice(t.index + t[0].length));
    const low = ci ? parseNumber(ci[1]) : null;
    const high = ci ? parseNumber(ci[2]) : null;
    const spanEnd = ci ? t.index + t[0].length + ci.index + ci[0].length : t.index + t[0].length;
    // Without its CI a multiple ("a 5.5-fold increased risk") is a description, not an estimate.
    if (low === null || high === null || !(low <= value && value <= high)) continue;
    found.push({ name, via: 'times', value, valueStart, spanStart: valueStart, spanEnd, low, high });
    taken.push([valueStart, spanEnd]);
  }

  found.sort((a, b) => a.valueStart - b.valueStart);
  return found.map((match, i) => {
    const limit = i + 1 < found.length ? found[i + 1].spanStart : text.length;
    const p = withP(text, match, limit);
    const abbr = match.name === 'hazard_ratio' ? 'hr' : match.name === 'odds_ratio' ? 'or' : 'rr';
    const shape = match.via === 'list' ? 'ratio.list-continuation' : match.via === 'times' ? `ratio.${abbr}-times` : `ratio.${abbr}-named`;
    return metricAt(sentence, match.spanStart, p.end, {
      name: match.name,
      value: match.value,
      low: match.low,
      high: match.high,
      p: p.p,
      ...(p.pBound ? { pBound: p.pBound } : {}),
      rule: `${shape}${match.low !== null ? '-ci' : ''}${p.p !== null ? '-p' : ''}`,
    });
  });
}

/** A ratio named by its words alone ("decreased odds of …"). */
function textCue(text: string, lower: string, pairs: LetterPairs): RatioName | null {
  if (ODDS_WORD.in(lower, pairs) && ODDS.test(text)) return 'odds_ratio';
  if (HAZARD_WORD.in(lower, pairs) && HAZARDS.test(text)) return 'hazard_ratio';
  return null;
}

const ODDS = /\bodds\b/i;
const HAZARDS = /\bhazards?\b/i;
const ODDS_WORD = keywords(['odds']).guards(ODDS);
const HAZARD_WORD = keywords(['hazard']).guards(HAZARDS);

/** The last ratio a sentence names (of its `ratioKeywords`), for `extractRatios(next, previous)`. */
export function lastRatioNamed(names: readonly KeywordHit[]): RatioName | null {
  return names.length ? names[names.length - 1].name : null;
}
