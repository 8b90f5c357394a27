/**
 * Duration units. Every duration in the record is in months: years × 12,
 * weeks × 12/52, days × 12/365.25, rounded to two decimals so that
 * `26 weeks` is 6 months and `1.5 years` is 18, not 17.999….
 */

/** A duration unit word, allowing glued (`10mos`) and abbreviated (`mo.`, `yrs`) forms. */
export const DURATION_UNIT = '(?:months?|mos?\\b\\.?|mths?|m\\b(?![²2/])|years?|yrs?|y\\b(?!\\/)|weeks?|wks?|days?|d\\b(?!\\/))';

export type DurationUnit = 'months' | 'years' | 'weeks' | 'days';

/** Classify a matched unit word. */
export function durationUnit(raw: string): DurationUnit | null {
  const unit = raw.toLowerCase().replace(/\.$/, '');
  if (/^(months?|mos?|mths?|m)$/.test(unit)) return 'months';
  if (/^(years?|yrs?|y)$/.test(unit)) return 'years';
  if (/^(weeks?|wks?)$/.test(unit)) return 'weeks';
  if (/^(days?|d)$/.test(unit)) return 'days';
  return null;
}

const PER_MONTH: Record<DurationUnit, number> = {
  months: 1,
  years: 12,
  weeks: 12 / 52,
  days: 12 / 365.25,
};

/** Convert a duration to months, rounded to two decimals. */
export function toMonths(value: number, unit: DurationUnit): number {
  if (unit === 'months') return value;
  return Math.round(value * PER_MONTH[unit] * 100) / 100;
}
