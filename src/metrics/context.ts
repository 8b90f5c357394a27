/**
 * What every metric family works on: one sentence of one section, with the
 * offsets needed to report spans against the whole section text.
 */
import { labelCategory } from '../formats/section-labels.ts';
import type { Metric, MetricName, Section } from '../record.ts';
import { keywords, letterPairs, type LetterPairs } from './keywords.ts';
import { isSpaceCode } from './sentences.ts';

export interface SentenceContext {
  /** Index of the section in the record. */
  readonly section: number;
  /** The sentence text. */
  readonly text: string;
  /** Offset of the sentence inside the section text. */
  readonly offset: number;
  /** Index of the sentence inside its section. */
  readonly index: number;
  /** The section's label (`BACKGROUND`, `METHODS`, …), upper-cased as in the record. */
  readonly label?: string;
  /** False for a full text's introduction, discussion, tables and back matter (see `studyScope`). */
  readonly aboutStudy?: boolean;
  /** `text` lower-cased, for the keyword tests that let a rule skip a sentence that cannot match it. */
  readonly lower: string;
  /** True when the sentence reports background or other work (`statesBackground`): its numbers are not this study's. */
  readonly background: boolean;
  /** True when the text has a digit: every decimal, percentage, ratio and duration is written with one. */
  readonly digits: boolean;
  /** True when the text has a digit or a word that starts with a number word from "one" to "ninety" (`NUMBER_WORD`). */
  readonly counts: boolean;
  /** The letter pairs of `lower`, for the keyword gates (see `keywords.ts`). */
  readonly pairs: LetterPairs;
}

/** A word that starts with a number word. */
export const NUMBER_WORD = /\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)/i;

/** The context of one sentence of a section. */
export function sentenceContext(section: number, sectionText: string, start: number, end: number, index: number, label: string | undefined, aboutStudy: boolean | undefined): SentenceContext {
  const text = sectionText.slice(start, end);
  const digits = /\d/.test(text);
  const lower = text.toLowerCase();
  const pairs = letterPairs(lower);
  return {
    section,
    text,
    offset: start,
    index,
    label,
    aboutStudy,
    lower,
    pairs,
    background: statesBackground(text, label, lower, pairs),
    digits,
    counts: digits || NUMBER_WORD.test(text),
  };
}

/** A metric family: every metric one sentence states. */
export type SentenceExtractor = (sentence: SentenceContext) => Metric[];

/** Fields a family fills in besides the span: the record's metric without its position. */
export type MetricFields = Omit<Metric, 'section' | 'start' | 'end'>;

/** What a span does not start or end with: white space (`\s`), `,`, `;` or `:`. */
function isSpanEdge(code: number): boolean {
  return code === 0x2c || code === 0x3b || code === 0x3a || isSpaceCode(code);
}

/** A metric whose span is `[start, end)` of the sentence, reported against the section. */
export function metricAt(sentence: SentenceContext, start: number, end: number, fields: MetricFields): Metric {
  while (start < end && isSpanEdge(sentence.text.charCodeAt(start))) start += 1;
  while (end > start && isSpanEdge(sentence.text.charCodeAt(end - 1))) end -= 1;
  const metric: Metric = { name: fields.name, value: fields.value, section: sentence.section, start: sentence.offset + start, end: sentence.offset + end };
  if (fields.unit !== undefined) metric.unit = fields.unit;
  if (fields.group !== undefined) metric.group = fields.group;
  if (fields.low !== undefined) metric.low = fields.low;
  if (fields.high !== undefined) metric.high = fields.high;
  if (fields.p !== undefined) metric.p = fields.p;
  if (fields.pBound !== undefined) metric.pBound = fields.pBound;
  if (fields.count !== undefined) metric.count = fields.count;
  if (fields.comparator !== undefined) metric.comparator = fields.comparator;
  if (fields.timepointMonths !== undefined) metric.timepointMonths = fields.timepointMonths;
  if (fields.rule !== undefined) metric.rule = fields.rule;
  return metric;
}

/** Relational operator text to the record's bound (`=` is an exact value: null). */
export function boundOf(op: string): Metric['pBound'] {
  const o = op.replace(/\s+/g, '');
  if (o === '<') return '<';
  if (o === '≤' || o === '<=' || o === '=<' || o === '⩽') return '<=';
  if (o === '>') return '>';
  if (o === '≥' || o === '>=' || o === '=>' || o === '⩾') return '>=';
  return null;
}

/** Relational operator alternatives, longest first. */
export const OPERATOR = '(?:<=|=<|>=|=>|[=<>≤≥⩽⩾])';

/** Trim a group phrase: no leading articles, trailing nouns like "group", "cases", or punctuation. */
export function cleanGroup(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let text = raw.replace(/\s+/g, ' ').trim();
  // "patients in the empagliflozin group": every leading article, noun and preposition.
  for (let before = ''; before !== text; ) {
    before = text;
    text = text.replace(/^(?:the|those|patients|cases|subjects|participants|in|with|for|of)\s+/i, '');
  }
  text = text.replace(/\s+(?:group|groups|arm|arms|cohort|patients|cases|subjects|participants)$/i, '');
  // "receiving drug A", "treated with placebo": the arm is what they received.
  text = text.replace(/^(?:receiving|received|treated\s+with|given|allocated\s+to|randomi[sz]ed\s+to|assigned\s+to)\s+(?=\S)/i, '');
  text = text.replace(/[\s,;:.(]+$/, '').trim();
  if (/^overall$/i.test(text)) return 'overall cohort';
  // "in the same group", "in a group of": a determiner names no group ("the A group" names arm A).
  if (/^(?:the|same|other|each|either|both|whole|entire|this|that|these|those|every|all)$/i.test(text) || text === 'a' || text === 'an') return null;
  return text.length > 0 && text.length <= 60 ? text : null;
}

// ---------------------------------------------------------------- shared context rules

/** Section labels whose sentences state what others found, not this study's results. */
const BACKGROUND_LABEL = /^(?:BACKGROUND|INTRODUCTION|CONTEXT|RATIONALE|BACKGROUND AND (?:AIMS?|OBJECTIVES?|PURPOSE)|IMPORTANCE)$/;
/** Words that put a sentence's numbers in other work or in the world at large. */
const OTHER_WORK = /\b(?:(?:most|many|several|few|some|other)\s+(?:previous\s+|prior\s+)?studies\b|previous(?:ly)?\s+(?:studies|reports?|research|work|trials?|reported|published|described|shown)|prior\s+(?:studies|research|reports)|(?:studies|reports|trials|authors)\s+(?:have|has)\s+(?:shown|reported|found|suggested|demonstrated)|(?:has|have)\s+been\s+(?:reported|shown|described|estimated|associated)|it\s+is\s+estimated|is\s+estimated\s+(?:that|to)|(?:affects?|affecting)\s+(?:about|approximately|nearly|over|more\s+than|up\s+to)?\s*\d|worldwide|globally|each\s+year|every\s+year|annually|per\s+year\s+in|in\s+the\s+(?:general\s+)?population\b|(?:reported|described|published)\s+in\s+the\s+literature)\b/i;

/** Words without which `OTHER_WORK` cannot match (see `keywords.ts`). */
const OTHER_WORK_WORDS = keywords(['studies', 'previous', 'prior', 'reports', 'trials', 'authors', 'been', 'estimated', 'affect', 'worldwide', 'globally', 'year', 'annually', 'population', 'literature']).guards(OTHER_WORK);

/**
 * A sentence (under a section label) that reports background or other work:
 * its numbers are not this study's. `lower` and `pairs` are the text
 * lower-cased and its letter pairs, when known.
 */
export function statesBackground(text: string, label: string | undefined, lower = text.toLowerCase(), pairs = letterPairs(lower)): boolean {
  // Under a background label, only a sentence that announces the report's own cases is about this study.
  if (label && BACKGROUND_LABEL.test(label)) return !OWN_REPORT.test(text);
  if (!OTHER_WORK_WORDS.in(lower, pairs)) return false;
  const other = OTHER_WORK.exec(text);
  return other !== null && !reportsOwnFirst(text.slice(0, other.index));
}

/**
 * True when `head`, the sentence up to where it names other work, has
 * reported this study first: "Five patients … are described and an
 * additional 15 cases reported in the literature …", "… (33 versus 86%),
 * the most frequent of which have been reported for …" (the other work in a
 * relative clause after the study's own result).
 */
function reportsOwnFirst(head: string): boolean {
  if (OWN_CASES_FIRST.test(head)) return true;
  const clause = RELATIVE_CLAUSE_OPEN.exec(head);
  return clause !== null && /\d/.test(head.slice(0, clause.index));
}

/** A relative clause opened after a comma, still open where the other work is named: ", the most frequent of which …". */
const RELATIVE_CLAUSE_OPEN = /,\s*(?:[\w-]+\s+){0,4}?(?:which|whom)\b[^,;]*$/i;

/** "The following case describes two children", "We here report three patients", "In this retrospective cohort study we examined", "A prospective, randomized trial was performed": the report's own study announced. */
const OWN_REPORT = /^\s*(?:here\s+)?(?:we(?:\s+here)?|the\s+(?:following|present)\s+(?:case\s+report|case|cases|report|series)|this\s+(?:case\s+report|report|paper|article|series))\s+(?:report|describe|present)s?\b|^\s*In\s+(?:this|the\s+present)\s+(?:[\w-]+\s+){0,4}?(?:study|trial|analysis|report|series)\b|^\s*(?:A|An|This|The\s+present)\s+(?:[\w,-]+\s+){0,6}?(?:study|trial)\s+(?:was|is)\s+(?:performed|conducted|carried\s+out|undertaken|designed)\b/i;

/** The study's own cases said to be described before the sentence goes on to other work. */
const OWN_CASES_FIRST = /\b(?:are|is|were|was)\s+(?:here\s+)?(?:described|presented|reported)\s+(?:here\s+)?(?:and|,)/i;

const TIME_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12, fifteen: 15, twenty: 20 };

/**
 * The time point a rate is stated at, in months: `5-year OS` is 60, `1-,
 * 3- and 5-year survival` are 12, 36 and 60 (see `timepointsBefore`),
 * `at 12 months` is 12, `30-day mortality` is about 1.
 */
export function timepointMonths(phrase: string): number | null {
  const m = /\b(\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)[-\s\u2010\u2011](year|yr|month|mo|week|wk|day)s?\b/i.exec(phrase)
    ?? /\bat\s+(\d+(?:\.\d+)?)\s+(year|month|week|day)s?\b/i.exec(phrase);
  if (!m) return null;
  const n = /^\d/.test(m[1]) ? Number(m[1]) : TIME_WORDS[m[1].toLowerCase()];
  const unit = m[2].toLowerCase();
  const months = unit.startsWith('y') ? n * 12 : unit.startsWith('m') ? n : unit.startsWith('w') ? (n * 12) / 52 : (n * 12) / 365.25;
  return Math.round(months * 100) / 100;
}

/** The reference group a comparison names after its value: `compared with placebo`, `vs. 16 months with docetaxel`, `relative to controls`. */
const COMPARATOR = /\b(?:[Cc]ompared\s+(?:with|to)|[Ii]n\s+comparison\s+(?:with|to)|[Rr]elative\s+to|[Vv]ersus|vs\.?|as\s+opposed\s+to|over)\s+(?:the\s+|those\s+(?:with|in|on|receiving|who\s+received)\s+|patients\s+(?:with|in|on|receiving)\s+)?([A-Za-z][\w\u2010\u2011+/ -]{0,50}?)(?=\s*(?:[,;:.()\[\]]|$|\s(?:and|in|for|at|with|was|were|had|group|arm|alone|only|patients|\(|p\b|P\b)))/;

export function comparatorIn(text: string): string | null {
  const m = COMPARATOR.exec(text);
  if (!m) return null;
  const c = cleanGroup(m[1]);
  if (!c || /^\d|^(?:the|a|an|time|years?|months?|baseline)$/i.test(c)) return null;
  return c;
}

/** Headings under which a full text reports the study itself. */
const STUDY_PARTS = new Set(['METHODS', 'DESIGN', 'SETTING', 'PARTICIPANTS', 'PATIENTS', 'INTERVENTIONS', 'EXPOSURES', 'MAIN OUTCOME MEASURES', 'MEASUREMENTS', 'RESULTS', 'CASE PRESENTATION', 'CASE REPORT']);
const OTHER_PARTS = new Set(['INTRODUCTION', 'BACKGROUND', 'DISCUSSION', 'LIMITATIONS', 'CONCLUSIONS', 'INTERPRETATION', 'SIGNIFICANCE', 'FUNDING', 'TRIAL REGISTRATION']);

/**
 * Which sections report this study rather than others': everything of an
 * abstract; in a full text (one with an introduction or a discussion), the
 * title and abstract before the introduction and the methods and results
 * after it, each sub-heading taking the part of the heading above it.
 * Introductions, discussions, tables, figures and back matter cite and
 * compare other work, so their words say little about this study's design
 * and their counts are weaker evidence of its cohort.
 */
/** Fewer characters than this are an abstract, however its parts are labelled. */
const FULL_TEXT_MIN_CHARS = 6000;

export function studyScope(sections: readonly Section[], categories: readonly (string | null)[] = sections.map((s) => labelCategory(s.label))): boolean[] {
  const intro = categories.findIndex((c) => c === 'INTRODUCTION');
  const fullText = intro > 0 || categories.includes('DISCUSSION');
  if (!fullText) return sections.map(() => true);
  // A structured abstract may open on "INTRODUCTION:" and go on under labels of its own ("CLINICAL PICTURE:"): only its discussion is about other work.
  if (sections.reduce((n, s) => n + s.text.length, 0) <= FULL_TEXT_MIN_CHARS) return categories.map((c) => c !== 'DISCUSSION');
  let current = true;
  return sections.map((s, i) => {
    if (intro < 0 ? false : i < intro) return true;
    if (/^(?:TABLE|FIGURE|FIG\.?)\s*\d/i.test(s.label) || /^REFERENCES?$/i.test(s.label)) return false;
    const c = categories[i];
    if (c && STUDY_PARTS.has(c)) current = true;
    else if (c && OTHER_PARTS.has(c)) current = false;
    return current;
  });
}
