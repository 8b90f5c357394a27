/**
 * Numbers in clinical prose, one tokenizer for every way a count or value is
 * written: digits with `.` or `·` decimal points; thousands separated by a
 * comma, a space, a thin or a no-break space (`3,415`, `11 004`); unicode
 * minus; scientific notation in the shapes abstracts use (`8.26 × 10-5`,
 * `8.26×10^-5`, `8.26e-5`); number words up to the millions (`One hundred
 * and one`, `Four hundred and fifty-two`, `twenty one`, `two thousand`);
 * `2.1 million`; ranges (`4.9–27.3`, `from 3 to 5`); `n = 54`; percentages
 * and `±` spreads. The regular-expression sources are exported for the
 * candidate rules that embed them; `numberTokens` lists every number of a
 * text with its kind.
 */

/** Spaces that typesetting puts inside numbers and between a number and its unit. */
export const SPACE_CLASS = '[\\s\\u00a0\\u2009\\u202f\\u2007\\u200a]';
/** Any dash that can join a range: hyphen, en/em dash, non-breaking hyphen, minus. */
export const DASH_CLASS = '[-\\u2010\\u2011\\u2012\\u2013\\u2014\\u2212]';
const MINUS_CLASS = '[-\\u2212]';

/**
 * A plain decimal number: optional minus, digits with optional thousands
 * groups, optional fraction (`.` or middle dot), or a leading-dot fraction (`.001`).
 */
export const DECIMAL = `(?:(?:\\d{1,3}(?:,\\d{3})+(?![\\d])|\\d+)(?:[.\\u00b7]\\d+)?|[.\\u00b7]\\d+)`;

/** A decimal optionally followed by a power-of-ten exponent. */
export const SCI_NUMBER =
  `(?:${DECIMAL})(?:${SPACE_CLASS}*[×xX*]${SPACE_CLASS}*10${SPACE_CLASS}*(?:\\^|\\*\\*)?${SPACE_CLASS}*\\(?${MINUS_CLASS}${SPACE_CLASS}*\\d+\\)?|[eE]${MINUS_CLASS}?\\d+)?`;

/** Digits with an optional `.` fraction: what most tokens are, and what `Number` reads as the full parse would. */
const PLAIN_DECIMAL = /^\d+(?:\.\d+)?$/;

/** Parse one numeric token produced by `DECIMAL` or `SCI_NUMBER`; NaN when it is not one. */
export function parseNumber(raw: string): number {
  if (PLAIN_DECIMAL.test(raw)) return Number(raw);
  let text = raw.trim().replace(/[\u00a0\u2009\u202f\u2007\u200a]/g, ' ');
  if (/^-?\d{1,3}(?: \d{3})+$/.test(text)) return Number(text.replace(/ /g, ''));
  text = text.replace(/\u2212/g, '-').replace(/\u00b7/g, '.');
  const sci = /^(-?[\d.,]+)\s*[×xX*]\s*10\s*(?:\^|\*\*)?\s*\(?\s*(-)\s*(\d+)\)?$/.exec(text);
  if (sci) return normalizeFloat(parsePlain(sci[1]) * 10 ** -Number(sci[3]));
  const exp = /^(-?[\d.,]+)[eE](-?\d+)$/.exec(text);
  if (exp) return normalizeFloat(parsePlain(exp[1]) * 10 ** Number(exp[2]));
  return parsePlain(text);
}

function parsePlain(text: string): number {
  const cleaned = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text) ? text.replace(/,/g, '') : text;
  if (!/^-?(\d+(\.\d+)?|\.\d+)$/.test(cleaned)) return Number.NaN;
  return Number(cleaned);
}

/** 8.26 * 1e-5 is 0.00008260000000000001 in binary floating point; keep 12 significant digits. */
function normalizeFloat(value: number): number {
  return Number(value.toPrecision(12));
}

const UNITS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16,
  seventeen: 17, eighteen: 18, nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
const SCALES: Record<string, number> = { hundred: 100, thousand: 1e3, million: 1e6 };

/**
 * Number words from one to the millions: `Thirty-nine`, `twenty one`, `one
 * hundred and twelve`, `Four hundred and fifty-two`, `two thousand three
 * hundred` (`1.2 million` is handled by `COUNT`).
 */
export const WORD_NUMBER = (() => {
  const unit = Object.keys(UNITS).sort((x, y) => y.length - x.length).join('|');
  const tens = Object.keys(TENS).join('|');
  const word = `(?:${tens}|${unit}|hundred|thousand|million)`;
  // A run of number words; `parseWordNumber` gives its value.
  return `(?:(?:${tens}|${unit})(?:(?:-|,?${SPACE_CLASS}+(?:and${SPACE_CLASS}+)?)${word}\\b)*)`;
})();

/** Parse a number written in words; NaN when it is not one. */
export function parseWordNumber(raw: string): number {
  const words = raw.toLowerCase().replace(/[-,]/g, ' ').split(/\s+/).filter((w) => w && w !== 'and');
  let total = 0;
  let current = 0;
  let last: 'unit' | 'tens' | 'scale' | null = null;
  for (const word of words) {
    // "one two" or "twenty thirty" is two numbers, not one.
    if ((word in UNITS || word in TENS) && (last === 'unit' || (last === 'tens' && !(word in UNITS)))) return Number.NaN;
    last = word in UNITS ? 'unit' : word in TENS ? 'tens' : 'scale';
    if (word in UNITS) current += UNITS[word];
    else if (word in TENS) current += TENS[word];
    else if (word === 'hundred') current = (current || 1) * 100;
    else if (word in SCALES) {
      total += (current || 1) * SCALES[word];
      current = 0;
    } else return Number.NaN;
  }
  total += current;
  return words.length ? total : Number.NaN;
}

/** Digits with thousands separated by commas or (thin, no-break) spaces: `3,415`, `11 004`, `45\u202f409`. */
const GROUPED = `\\d{1,3}(?:,\\d{3})+(?![\\d])|\\d{1,3}(?:,${SPACE_CLASS}\\d{3})+(?=${SPACE_CLASS}[a-z])|\\d{1,3}(?:[ \\u00a0\\u2009\\u202f](?=\\d{3}(?![\\d.,]\\d))\\d{3})+(?![\\d])`;

/** A count written in digits or words, or `2.1 million`. */
export const COUNT = `(?:(?:\\d+(?:[.\\u00b7]\\d+)?)${SPACE_CLASS}+million\\b|${GROUPED}|\\d+(?![.\\u00b7]\\d)|${WORD_NUMBER}(?![\\w-]))`;

/** Digits alone: a count that the full parse below reads as `Number` does. */
const DIGITS = /^\d+$/;

/** Parse a `COUNT` token. */
export function parseCount(raw: string): number {
  if (DIGITS.test(raw)) return Number(raw);
  const trimmed = raw.trim();
  const million = /^(\d+(?:[.\u00b7]\d+)?)\s+million$/i.exec(trimmed.replace(/[\u00a0\u2009\u202f]/g, ' '));
  if (million) return Math.round(parseNumber(million[1]) * 1e6);
  if (/^[\d,\s\u00a0\u2009\u202f]+$/.test(trimmed)) return parseNumber(trimmed.replace(/,\s+(?=\d{3}\b)/g, ','));
  return parseWordNumber(trimmed);
}

export type NumberKind = 'count' | 'decimal' | 'percent' | 'range' | 'n-equals' | 'plus-minus';

/** One number of a text: where it is written, its value, and how. */
export interface NumberToken {
  readonly start: number;
  readonly end: number;
  readonly value: number;
  readonly kind: NumberKind;
  /** Upper bound of a range, or the spread after `±`. */
  readonly second?: number;
}

const TOKEN = new RegExp(
  [
    `(?<neq>\\b[nN]${SPACE_CLASS}*=${SPACE_CLASS}*(?<neqv>${GROUPED}|\\d+))`,
    `(?<range>(?:\\bfrom${SPACE_CLASS}+)?(?<![\\w.])(?<ra>${DECIMAL})${SPACE_CLASS}*(?:${DASH_CLASS}|to)${SPACE_CLASS}*(?<rb>${DECIMAL})(?![\\d.]))`,
    `(?<pm>(?<![\\w.])(?<pma>${DECIMAL})${SPACE_CLASS}*(?:±|\\+/-|\\+-)${SPACE_CLASS}*(?<pmb>${DECIMAL}))`,
    `(?<pct>(?<![\\w.])(?<pctv>${DECIMAL})${SPACE_CLASS}*%)`,
    `(?<count>(?<![\\w.,\\u00b7])(?:${COUNT})(?![\\w.\\u00b7]\\d|[\\w]))`,
    `(?<dec>(?<![\\w.])${DECIMAL})`,
  ].join('|'),
  'gi',
);

/** Every number of `text`, left to right, each in its most specific reading. */
export function numberTokens(text: string): NumberToken[] {
  const out: NumberToken[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(text)) !== null) {
    const g = m.groups!;
    const at = { start: m.index, end: m.index + m[0].length };
    if (g.neq) out.push({ ...at, value: parseCount(g.neqv), kind: 'n-equals' });
    else if (g.range) out.push({ ...at, value: parseNumber(g.ra), second: parseNumber(g.rb), kind: 'range' });
    else if (g.pm) out.push({ ...at, value: parseNumber(g.pma), second: parseNumber(g.pmb), kind: 'plus-minus' });
    else if (g.pct) out.push({ ...at, value: parseNumber(g.pctv), kind: 'percent' });
    else if (g.count) {
      const value = parseCount(m[0]);
      if (Number.isFinite(value)) out.push({ ...at, value, kind: 'count' });
    } else if (g.dec) out.push({ ...at, value: parseNumber(m[0]), kind: 'decimal' });
  }
  return out;
}
