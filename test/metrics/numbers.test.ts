import { describe, expect, it } from 'vitest';
import { numberTokens, parseCount, parseNumber, parseWordNumber } from '../../src/metrics/numbers.ts';
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

describe('number tokens', () => {
  const tokens = (t: string) => numberTokens(t).map((x) => [t.slice(x.start, x.end), x.kind, x.value, x.second ?? null]);
  it('reads number words with "and"', () => expect(tokens('One hundred and one patients')).toEqual([['One hundred and one', 'count', 101, null]]));
  it('reads "Four hundred and fifty-two"', () => expect(parseCount('Four hundred and fifty-two')).toBe(452));
  it('reads "twenty one" without a hyphen', () => expect(parseCount('twenty one')).toBe(21));
  it('reads thousands in words', () => expect(parseCount('two thousand three hundred and five')).toBe(2305));
  it('reads "2.1 million"', () => expect(parseCount('2.1 million')).toBe(2_100_000));
  it('reads a space as a thousands separator', () => expect(tokens('A total of 11 004 patients')).toEqual([['11 004', 'count', 11004, null]]));
  it('reads a narrow no-break space as a thousands separator', () => expect(parseCount('45\u202f409')).toBe(45409));
  it('does not join a year and a count', () => expect(tokens('In 2016, 39 participants').map((t) => t[2])).toEqual([2016, 39]));
  it('reads a range with its bounds', () => expect(tokens('ranges from 4.9-27.3 months')).toEqual([['from 4.9-27.3', 'range', 4.9, 27.3]]));
  it('reads "n = 54" and a percentage', () => expect(tokens('n = 54; 61.4%')).toEqual([['n = 54', 'n-equals', 54, null], ['61.4%', 'percent', 61.4, null]]));
  it('reads "±" with its spread', () => expect(tokens('mean 52 ±7.5 years')).toEqual([['52 ±7.5', 'plus-minus', 52, 7.5]]));
  it('reads a middle-dot decimal', () => expect(tokens('HR 0·62')).toEqual([['0·62', 'decimal', 0.62, null]]));
  it('does not read two number words as one', () => expect(parseWordNumber('one two')).toBeNaN());
});
