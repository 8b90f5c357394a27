/**
 * Median and mean age in years: `median age of 62.5 years`,
 * `median patient age of 47 years`, `mean age was 54.3 ± 10.2 years`,
 * `mean (SD) age, 61 (9) years`, `aged a median of 62 years`.
 * Eligibility limits (`≤40 years old`, `aged 18 years or older`) are not ages of the cohort.
 */
import type { Metric } from '../record.ts';
import { metricAt, type SentenceContext } from './context.ts';
import { DASH_CLASS, DECIMAL, parseNumber } from './numbers.ts';

const NUM = `(?<![\\w.])(${DECIMAL})`;
const RANGE = `(?:\\s*[(\\[,;]\\s*(?:range|IQR|interquartile range)\\s*[:=,]?\\s*(${DECIMAL})\\s*(?:years?|yrs?)?\\s*(?:${DASH_CLASS}|to)\\s*(${DECIMAL})\\s*(?:years?|yrs?)?\\s*[)\\]]?)?`;
const AGE = new RegExp(
  `\\b(median|mean|average)\\s+(?:\\([^)]{1,20}\\)\\s+)?(?:patient\\s+|participant\\s+|subject\\s+)?age(?:\\s+at\\s+(?:diagnosis|surgery|presentation|onset|enrol+ment|inclusion|baseline|resection|treatment|operation))?(?:\\s+of\\s+(?:the\\s+)?(?:patients|participants|subjects|cohort|population))?\\s*(?:was|were|is|of|:|=|,)?\\s*(?:\\([^)]{1,20}\\)\\s*)?(?:was\\s+|of\\s+)?${NUM}(?:\\s*(?:±|\\+\\/-|\\+-)\\s*${DECIMAL})?\\s*(?:\\(\\s*(?:SD\\s*)?${DECIMAL}\\s*\\)\\s*)?(years?|yrs?|y\\b)?${RANGE}|\\baged\\s+(?:a\\s+)?(median|mean)\\s+(?:of\\s+)?${NUM}\\s*(years?|yrs?)?${RANGE}`,
  'gi',
);

export function extractAges(sentence: SentenceContext): Metric[] {
  const out: Metric[] = [];
  AGE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = AGE.exec(sentence.text)) !== null) {
    const kind = (m[1] ?? m[6]).toLowerCase();
    const value = parseNumber(m[2] ?? m[7]);
    const low = m[4] ?? m[9];
    const high = m[5] ?? m[10];
    if (!(value > 0 && value < 120)) continue;
    const valueEnd = m.index + m[0].length;
    out.push(
      metricAt(sentence, m.index, valueEnd, {
        name: kind === 'median' ? 'median_age' : 'mean_age',
        value,
        unit: 'years',
        ...(low && high ? { low: parseNumber(low), high: parseNumber(high) } : {}),
      }),
    );
  }
  return out;
}
