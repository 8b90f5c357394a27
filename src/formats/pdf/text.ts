/**
 * Unicode clean-up of PDF text: what typesetting puts into a text layer that
 * a reader does not see as characters. Pure functions.
 *
 * - Ligatures (ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ) are spelled out, and the space some fonts
 *   emit after one ("eﬀ ective") is dropped.
 * - Mathematical alphanumerics (U+1D400–U+1D7FF, e.g. 𝑝 for p-values),
 *   full-width forms and other compatibility characters are folded by NFKC,
 *   character by character, so that superscripts (I², m²) and the middle-dot
 *   decimal (0·6) stay as printed.
 * - Soft hyphens and zero-width characters go; non-breaking hyphens and
 *   figure dashes become "-"; no-break and other spaces become " ".
 */

/** Words that end in a ligature: the space after them is a real one ("staff members"). */
const WORDS_ENDING_IN_LIGATURE = new Set(['staff', 'off', 'stiff', 'cliff', 'stuff', 'tariff', 'sheriff', 'bluff', 'cuff', 'puff', 'buff', 'chaff', 'scoff', 'whiff', 'sniff', 'scruff', 'handoff', 'cutoff', 'payoff', 'tradeoff', 'wifi', 'hifi']);

const LIGATURES: Record<string, string> = {
  '\uFB00': 'ff', '\uFB01': 'fi', '\uFB02': 'fl', '\uFB03': 'ffi', '\uFB04': 'ffl', '\uFB05': 'st', '\uFB06': 'st',
};

/** Characters folded by NFKC: mathematical alphanumerics, full-width and half-width forms, letter-like symbols used as letters. */
const NFKC_FOLDED = /[\u{1D400}-\u{1D7FF}\uFF01-\uFF5E\u2102\u210A-\u2113\u2115\u2119-\u211D\u2124\u2128\u212C\u212D\u212F-\u2131\u2133-\u2138]/gu;

/** Soft hyphen, zero-width space/joiners, word joiner, BOM, LRM/RLM and other invisible format characters. */
const INVISIBLE = /[\u00AD\u200B-\u200F\u2060-\u2064\uFEFF\u034F\u061C\u180E]/g;
const HYPHENS = /[\u2010\u2011\u2012]/g;
const SPACES = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;

/** The text of one glyph run, cleaned (see the module comment). */
export function normalizePdfText(text: string): string {
  return text
    .replace(/(\p{L}*)([\uFB00-\uFB06]) (?=\p{Ll})/gu, (all, before: string, ligature: string) =>
      WORDS_ENDING_IN_LIGATURE.has(`${before}${LIGATURES[ligature]}`.toLowerCase()) ? all : `${before}${ligature}`)
    .replace(/[\uFB00-\uFB06]/g, (c) => LIGATURES[c])
    .replace(NFKC_FOLDED, (c) => c.normalize('NFKC'))
    .replace(INVISIBLE, '')
    .replace(HYPHENS, '-')
    .replace(SPACES, ' ');
}

/**
 * Joins two lines of one paragraph. A line that ends in a hyphen after a
 * lower-case letter, followed by a line that starts with a lower-case
 * letter, is a word broken at the line end: the hyphen goes ("treat-" +
 * "ment"). A hyphen that is part of a compound ("Post-" + "transcriptional",
 * kept when the next word is capitalised or when the hyphen follows a digit
 * or capital: "COVID-" + "19") is kept without a space.
 */
export function joinLines(previous: string, next: string): string {
  if (previous === '') return next;
  if (next === '') return previous;
  if (/[\p{Ll}]-$/u.test(previous) && /^\p{Ll}/u.test(next)) {
    const word = /(\p{L}+)-$/u.exec(previous)?.[1] ?? '';
    // Keep the hyphen of a compound whose first part is a whole short word
    // printed with a hyphen in the middle of the line too ("long-term").
    if (KEEP_HYPHEN_AFTER.has(word.toLowerCase())) return previous + next;
    return previous.slice(0, -1) + next;
  }
  if (/[-–—/]$/.test(previous)) return previous + next;
  return `${previous} ${next}`;
}

/** First parts of compounds that keep their hyphen across a line break. */
const KEEP_HYPHEN_AFTER = new Set([
  'long', 'short', 'well', 'self', 'non', 'post', 'pre', 'anti', 'co', 'multi', 'semi', 'cross', 'follow', 'double', 'single',
  'high', 'low', 'full', 'part', 'open', 'placebo', 'dose', 'time', 'age', 'sex', 'population', 'community', 'school',
  'evidence', 'patient', 'cluster', 'intention', 'based', 'year', 'month', 'day', 'week', 'all', 'first', 'second', 'third',
]);
