/**
 * p-values not attached to a ratio: `(all p ≤ 0.035)`, `p = 0.029`,
 * `P<.001`, `P trend=0.043`, `P = 8.26 × 10-5`. A bound ("p < 0.001")
 * sets `pBound`; the value is the number the text gives.
 */
import type { Metric } from '../record.ts';
import { boundOf, metricAt, OPERATOR, type SentenceContext } from './context.ts';
import { keywords } from './keywords.ts';
import { parseNumber, SCI_NUMBER } from './numbers.ts';

const P_VALUE = new RegExp(
  `(?<![\\w.])(?:(?:all|both|each)\\s+)?[Pp](?:\\s*-?\\s*values?)?(?:\\s*(?:for\\s+)?(?:trend|interaction|heterogeneity|het))?\\s*(${OPERATOR})\\s*(${SCI_NUMBER})(?![\\d%])`,
  'g',
);

/** A relational operator: `P_VALUE` cannot match without one. */
const OPERATOR_CHAR = keywords(['=', '<', '>', '≤', '≥', '⩽', '⩾']).guards(P_VALUE);

export function extractPValues(sentence: SentenceContext): Metric[] {
  const out: Metric[] = [];
  if (!sentence.digits || !OPERATOR_CHAR.in(sentence.text)) return out;
  P_VALUE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = P_VALUE.exec(sentence.text)) !== null) {
    const value = parseNumber(m[2]);
    if (!(value >= 0 && value <= 1)) continue;
    const bound = boundOf(m[1]);
    out.push(metricAt(sentence, m.index, m.index + m[0].length, { name: 'p_value', value, p: value, ...(bound ? { pBound: bound } : {}), rule: 'p.value' }));
  }
  return out;
}
