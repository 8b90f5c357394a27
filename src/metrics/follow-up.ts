/**
 * Median and mean follow-up in months: `mean follow-up duration was 26.34 months`,
 * `median follow-up of 36.0 months`, `median follow-up was 42 months (IQR 21–95 months)
 * for primary RLMS, 40 months (IQR 24–73 months) for recurrent RLMS …`,
 * `followed up for a median of 5 years`, `follow-up was a median of 2.5 years`,
 * `mean follow-up was 14.5 ± 3.2 months`. Years, weeks and days become months.
 */
import type { Metric } from '../record.ts';
import { cleanGroup, metricAt, type SentenceContext } from './context.ts';
import { keywords, type Keywords } from './keywords.ts';
import { DASH_CLASS, DECIMAL, parseNumber, SPACE_CLASS } from './numbers.ts';
import { DURATION_UNIT, durationUnit, toMonths } from './units.ts';

const S = SPACE_CLASS;
const FOLLOW_UP = new RegExp(
  `\\b(median|mean|average)${S}+(?:\\([^)]{1,20}\\)${S}+)?(?:(?:duration|length|time)${S}+of${S}+)?(?:clinical${S}+|overall${S}+)?follow${S}*[-\\u2010\\u2011]?${S}*ups?(?:${S}+(?:duration|time|period|interval|length))?|\\bfollowed(?:${S}+up)?${S}+(?:for${S}+)?(?:a${S}+)?(median|mean)|\\bfollow${S}*[-\\u2010\\u2011]?${S}*up${S}+(?:(?:time|duration|period)${S}+)?(?:was|lasted)${S}+(?:a${S}+)?(median|mean)\\b`,
  'gi',
);
const LINK = `^(?:${S}*\\([^)]{0,30}\\))?(?:${S}*(?:was|were|is|of|lasted|:|=|,|period|time|duration|of${S}+all${S}+patients|for${S}+all${S}+patients|in${S}+the${S}+\\w+${S}+group)){0,3}${S}*`;
/** A value and its unit, with the spread a mean may carry between them: `14.5 ± 3.2 months`, `26.5 (SD 12.1) months`. */
const VALUE = `(?<![\\w.])(${DECIMAL})${S}*(?:(?:±|\\+\\/-|\\+-)${S}*${DECIMAL}${S}*|\\((?:SD${S}*[=:]?${S}*)?${DECIMAL}\\)${S}*)?(?:\\((?:range|IQR|interquartile${S}+range)[^)]{0,30}\\)${S}*)?(${DURATION_UNIT})`;
const SPREAD = `(?:${S}*[(\\[,;]${S}*(?:IQR|interquartile${S}+range|range)${S}*[:=,]?${S}*(${DECIMAL})${S}*(?:${DURATION_UNIT})?${S}*(?:${DASH_CLASS}|to)${S}*(${DECIMAL})${S}*(${DURATION_UNIT})?${S}*[)\\]]?)?`;
const GROUP = `(?:${S}+(?:for|in)${S}+(?:the${S}+)?([^,;.()]{1,40}?)(?=${S}*(?:,|;|\\.|\\)|$|${S}and${S})))?`;
const FIRST = new RegExp(`${LINK}${VALUE}${SPREAD}${GROUP}`, 'i');
const NEXT = new RegExp(`^${S}*(?:,|;|and|,${S}*and)${S}*${VALUE}${SPREAD}${GROUP}`, 'i');

/**
 * A follow-up given as its range, with the mean or median in brackets after
 * it: `over a follow-up of 6 to 52 months (mean +/- standard deviation 14.2
 * +/- 8.2)`, `Follow-up ranged from 3 to 60 months (median, 24 months)`.
 */
const RANGE_THEN = new RegExp(
  `\\bfollow${S}*[-\\u2010\\u2011]?${S}*ups?(?:${S}+(?:period|time|duration))?${S}+(?:of|ranged${S}+from|ranging${S}+from|from|was|:)${S}+(${DECIMAL})${S}*(${DURATION_UNIT})?${S}*(?:${DASH_CLASS}|to)${S}*(${DECIMAL})${S}*(${DURATION_UNIT})${S}*[(\\[,;]${S}*(median|mean|average)${S}*(?:(?:±|\\+\\/-|\\+-)${S}*(?:standard${S}+deviation|SD)|\\(SD\\))?${S}*[,:=]?${S}*(${DECIMAL})${S}*(?:(?:±|\\+\\/-|\\+-)${S}*${DECIMAL}${S}*)?(${DURATION_UNIT})?`,
  'gi',
);

/** The words without which `FOLLOW_UP` cannot match, and a value is written in digits. */
const FOLLOW_UP_KEYWORDS: Keywords = keywords(['follow'], ['median', 'mean', 'average']).guards(FOLLOW_UP);

export function extractFollowUp(sentence: SentenceContext): Metric[] {
  const text = sentence.text;
  const out: Metric[] = [];
  if (!sentence.digits || !FOLLOW_UP_KEYWORDS.in(sentence.lower, sentence.pairs)) return out;
  FOLLOW_UP.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = FOLLOW_UP.exec(text)) !== null) {
    const kind = (m[1] ?? m[2] ?? m[3]).toLowerCase();
    const name = kind === 'median' ? 'median_follow_up' : 'mean_follow_up';
    let cursor = m.index + m[0].length;
    const first = FIRST.exec(text.slice(cursor));
    if (!first) continue;
    let spanStart = m.index;
    let v: RegExpExecArray | null = first;
    while (v) {
      const unit = durationUnit(v[2]);
      if (!unit) break;
      const value = toMonths(parseNumber(v[1]), unit);
      if (!(value > 0 && value < 1200)) break;
      const spreadUnit = v[5] ? durationUnit(v[5]) ?? unit : unit;
      const end = cursor + v[0].length;
      out.push(
        metricAt(sentence, spanStart, end, {
          name,
          value,
          unit: 'months',
          ...(v[3] && v[4] ? { low: toMonths(parseNumber(v[3]), spreadUnit), high: toMonths(parseNumber(v[4]), spreadUnit) } : {}),
          ...(v[6] ? { group: cleanGroup(v[6]) } : {}),
          rule: `follow-up.${kind === 'median' ? 'median' : 'mean'}`,
        }),
      );
      cursor = end;
      // Further values in a list only when they name their group.
      v = NEXT.exec(text.slice(cursor));
      if (v && !v[6]) break;
      if (v) spanStart = cursor + v[0].indexOf(v[1]);
    }
    FOLLOW_UP.lastIndex = Math.max(FOLLOW_UP.lastIndex, cursor);
  }
  RANGE_THEN.lastIndex = 0;
  while ((m = RANGE_THEN.exec(text)) !== null) {
    if (out.some((o) => o.start - sentence.offset < m!.index + m![0].length && o.end - sentence.offset > m!.index)) continue;
    const rangeUnit = durationUnit(m[4]);
    const unit = m[7] ? durationUnit(m[7]) : rangeUnit;
    if (!unit || !rangeUnit) continue;
    const median = m[5].toLowerCase() === 'median';
    const value = toMonths(parseNumber(m[6]), unit);
    if (!(value > 0 && value < 1200)) continue;
    const low = toMonths(parseNumber(m[1]), m[2] ? durationUnit(m[2]) ?? rangeUnit : rangeUnit);
    const high = toMonths(parseNumber(m[3]), rangeUnit);
    out.push(
      metricAt(sentence, m.index, m.index + m[0].length, {
        name: median ? 'median_follow_up' : 'mean_follow_up',
        value,
        unit: 'months',
        low,
        high,
        rule: median ? 'follow-up.range-then-median' : 'follow-up.range-then-mean',
      }),
    );
  }
  return out;
}
