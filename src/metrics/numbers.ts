/**
 * Number parsing for clinical prose: digits with `.` or `·` decimal points,
 * thousands separators, unicode minus, scientific notation in the shapes
 * abstracts use (`8.26 × 10-5`, `8.26×10^-5`, `8.26e-5`, `10−5`), and small
 * numbers written in words (`Thirty-nine`).
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
export const DECIMAL = `(?:\\d{1,3}(?:,\\d{3})+(?![\\d])|\\d+)(?:[.\\u00b7]\\d+)?|[.\\u00b7]\\d+`;

/** A decimal optionally followed by a power-of-ten exponent. */
export const SCI_NUMBER =
  `(?:${DECIMAL})(?:${SPACE_CLASS}*[×xX*]${SPACE_CLASS}*10${SPACE_CLASS}*(?:\\^|\\*\\*)?${SPACE_CLASS}*\\(?${MINUS_CLASS}${SPACE_CLASS}*\\d+\\)?|[eE]${MINUS_CLASS}?\\d+)?`;

/** Parse one numeric token produced by `DECIMAL` or `SCI_NUMBER`; NaN when it is not one. */
export function parseNumber(raw: string): number {
  let text = raw.trim().replace(/[\u00a0\u2009\u202f\u2007\u200a]/g, ' ');
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

/** Number words from one to nine hundred ninety-nine (`Thirty-nine`, `one hundred and twelve`). */
export const WORD_NUMBER = (() => {
  const unit = Object.keys(UNITS).sort((a, b) => b.length - a.length).join('|');
  const tens = Object.keys(TENS).join('|');
  const below100 = `(?:(?:${tens})(?:[-\\s](?:${unit}))?|${unit})`;
  return `(?:(?:${unit})${SPACE_CLASS}+hundred(?:${SPACE_CLASS}+(?:and${SPACE_CLASS}+)?${below100})?|${below100})`;
})();

/** Parse a number written in words; NaN when it is not one. */
export function parseWordNumber(raw: string): number {
  const words = raw.toLowerCase().replace(/-/g, ' ').split(/\s+/).filter((w) => w && w !== 'and');
  let total = 0;
  let current = 0;
  for (const word of words) {
    if (word in UNITS) current += UNITS[word];
    else if (word in TENS) current += TENS[word];
    else if (word === 'hundred') current = (current || 1) * 100;
    else return Number.NaN;
  }
  total += current;
  return words.length ? total : Number.NaN;
}

/** A count written in digits or words. */
export const COUNT = `(?:\\d{1,3}(?:,\\d{3})+(?!\\d)|\\d+|${WORD_NUMBER})`;

/** Parse a `COUNT` token. */
export function parseCount(raw: string): number {
  const trimmed = raw.trim();
  if (/^[\d,]+$/.test(trimmed)) return parseNumber(trimmed);
  return parseWordNumber(trimmed);
}
