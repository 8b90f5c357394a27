import { describe, expect, it } from 'vitest';
import { parseCount, parseNumber, parseWordNumber } from '../../src/metrics/numbers.ts';
import { toMonths } from '../../src/metrics/units.ts';
import { splitSentences } from '../../src/metrics/sentences.ts';

describe('numbers', () => {
  it('parses decimals', () => expect(parseNumber('26.34')).toBe(26.34));
  it('parses a leading-dot fraction', () => expect(parseNumber('.001')).toBe(0.001));
  it('parses a middle-dot decimal point', () => expect(parseNumber('1·82')).toBe(1.82));
  it('parses unicode minus', () => expect(parseNumber('\u22120.5')).toBe(-0.5));
  it('parses thousands separators', () => expect(parseNumber('3,091')).toBe(3091));
  it('parses "8.26 × 10-5"', () => expect(parseNumber('8.26 × 10-5')).toBe(8.26e-5));
  it('parses "8.26×10^-5"', () => expect(parseNumber('8.26×10^-5')).toBe(8.26e-5));
  it('parses "8.26e-5"', () => expect(parseNumber('8.26e-5')).toBe(8.26e-5));
  it('parses a thin space before the exponent', () => expect(parseNumber('2.23\u2009×\u200910\u22125')).toBe(2.23e-5));
  it('parses "Thirty-nine"', () => expect(parseWordNumber('Thirty-nine')).toBe(39));
  it('parses "one hundred and twelve"', () => expect(parseWordNumber('one hundred and twelve')).toBe(112));
  it('parses counts in digits or words', () => expect([parseCount('216'), parseCount('twelve')]).toEqual([216, 12]));
});

describe('units', () => {
  it('converts years to months', () => expect(toMonths(1.5, 'years')).toBe(18));
  it('converts weeks to months, rounded', () => expect(toMonths(26, 'weeks')).toBe(6));
  it('converts days to months, rounded', () => expect(toMonths(365, 'days')).toBe(11.99));
});

describe('sentences', () => {
  const texts = (t: string) => splitSentences(t).map((s) => t.slice(s.start, s.end));
  it('splits at a full stop before a capital', () => expect(texts('One. Two.')).toEqual(['One.', 'Two.']));
  it('does not split inside decimals', () => expect(texts('HR was 0.5. Next.')).toEqual(['HR was 0.5.', 'Next.']));
  it('does not split after "vs."', () => expect(texts('69 vs. 38 months. Next.')).toHaveLength(2));
  it('does not split after "et al."', () => expect(texts('As Smith et al. Reported before. Next.')).toHaveLength(2));
  it('does not split after "i.e."', () => expect(texts('The dose, i.e. The first. Next.')).toHaveLength(2));
});
