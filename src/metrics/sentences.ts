/**
 * Sentence splitting that keeps numbers and abbreviations whole: a period
 * ends a sentence only when followed by space and an upper-case letter, a
 * digit or an opening bracket, and not when it closes `vs.`, `et al.`,
 * `i.e.`, `e.g.`, `Fig.`, `approx.`, a single initial or a decimal number
 * (also one a tokeniser spaced: "1. 09%").
 */

export interface SentenceSpan {
  readonly start: number;
  readonly end: number;
}

const NO_BREAK_BEFORE = /(?:\b(?:vs|v|et al|i\.e|e\.g|cf|fig|figs|approx|ca|no|nos|ref|refs|resp|incl|min|max|mo|mos|yr|yrs|wk|wks|inc|ltd|co|vol|pp|p|al)|\b[A-Z])\.$/i;
/** Titles, case-sensitive so that "MS." (multiple sclerosis) still ends a sentence. */
const TITLE_BEFORE = /\b(?:Dr|Mr|Mrs|Ms|St|Jr|Sr|Prof)\.$/;

// A closing bracket glued to the next sentence (").In whole …") is a boundary too.
// Each alternative begins with the character that ends a sentence (the
// bracket is looked for behind the full stop), so the search skips ahead to those characters.
const BOUNDARY = /([.!?])(["'”’)\]]*)(\s+)(?=["'“‘(\[]?[A-Z0-9\u0391-\u03a9])|(\.)(?<=\)\.)()()(?=[A-Z][a-z]+\s)|\n+/g;

/** The rest of a percentage whose decimal point a tokeniser spaced off: "09%" of "1. 09%". */
const SPLIT_DECIMAL_AFTER = /^\d+\s*%/;

/** Offsets of the sentences of `text`, end exclusive, trimmed of surrounding space. */
export function splitSentences(text: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  let start = 0;
  BOUNDARY.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = BOUNDARY.exec(text)) !== null) {
    if (match[0].startsWith('\n')) {
      push(spans, text, start, match.index);
      start = match.index + match[0].length;
      continue;
    }
    const punctEnd = match.index + 1 + (match[2] ?? '').length;
    if ((match[1] ?? match[4]) === '.') {
      const before = text.slice(Math.max(start, match.index - 12), match.index + 1);
      if (NO_BREAK_BEFORE.test(before) || TITLE_BEFORE.test(before)) continue;
      // "a carrier frequency of 1. 09%": a decimal of a tokenised text, split at its point.
      if (match[3] === ' ' && /\d$/.test(before.slice(0, -1)) && SPLIT_DECIMAL_AFTER.test(text.slice(match.index + match[0].length, match.index + match[0].length + 12))) continue;
    }
    push(spans, text, start, punctEnd);
    start = match.index + match[0].length;
  }
  push(spans, text, start, text.length);
  return spans;
}

/**
 * True when the UTF-16 code unit `code` is one that `\s` matches (white
 * space and line terminators): the test without a pattern run per character.
 */
export function isSpaceCode(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

function push(spans: SentenceSpan[], text: string, start: number, end: number): void {
  while (start < end && isSpaceCode(text.charCodeAt(start))) start += 1;
  while (end > start && isSpaceCode(text.charCodeAt(end - 1))) end -= 1;
  if (end > start) spans.push({ start, end });
}
