/**
 * What every metric family works on: one sentence of one section, with the
 * offsets needed to report spans against the whole section text.
 */
import type { Metric, MetricName } from '../record.ts';

export interface SentenceContext {
  /** Index of the section in the record. */
  readonly section: number;
  /** The sentence text. */
  readonly text: string;
  /** Offset of the sentence inside the section text. */
  readonly offset: number;
  /** Index of the sentence inside its section. */
  readonly index: number;
}

/** A metric family: every metric one sentence states. */
export type SentenceExtractor = (sentence: SentenceContext) => Metric[];

/** Fields a family fills in besides the span: the record's metric without its position. */
export type MetricFields = Omit<Metric, 'section' | 'start' | 'end'>;

/** A metric whose span is `[start, end)` of the sentence, reported against the section. */
export function metricAt(sentence: SentenceContext, start: number, end: number, fields: MetricFields): Metric {
  while (start < end && /[\s,;:]/.test(sentence.text[start])) start += 1;
  while (end > start && /[\s,;:]/.test(sentence.text[end - 1])) end -= 1;
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
  text = text.replace(/^(?:the|those|patients|cases|subjects|participants|in|with|for)\s+/i, '');
  text = text.replace(/^(?:the|those|patients|cases|subjects|participants|in|with|for)\s+/i, '');
  text = text.replace(/\s+(?:group|groups|arm|arms|cohort|patients|cases|subjects|participants)$/i, '');
  text = text.replace(/[\s,;:.(]+$/, '').trim();
  if (/^overall$/i.test(text)) return 'overall cohort';
  return text.length > 0 && text.length <= 60 ? text : null;
}
