/**
 * Keyword gates: literal words that a pattern cannot match without, tested
 * before the pattern is run. Most sentences name no hazard, no follow-up, no
 * percentage, so most patterns are never run on them; a gate only ever
 * skips a pattern that would not have matched, so it changes no result,
 * only the time taken.
 *
 * A gate's words are lower-case and tested against the lower-cased text
 * (`SentenceContext.lower`): a pattern with the `i` flag matches an ASCII
 * letter only as that letter in either case, so every match leaves its
 * words in the lower-cased text. The words of a case-sensitive pattern may
 * be tested against the text itself.
 *
 * Searching for a short word costs about as much as reading the text, so a
 * text's pairs of adjacent letters are found once (`letterPairs`): a word
 * with a pair the text lacks is not in it, and is never searched for.
 */

/**
 * The pairs of adjacent letters a–z of a lower-cased text (see
 * `letterPairs`): entry `a` has bit `b` set when letter `a` is followed by
 * letter `b` somewhere (entry and bit 26 stand for anything not a letter).
 */
export type LetterPairs = number[];

/** Letter number (0–25) of each ASCII code, 26 for what is not a lower-case letter. */
const LETTER = new Uint8Array(128).fill(26);
for (let i = 0; i < 26; i += 1) LETTER[97 + i] = i;

/** The pairs of adjacent letters a–z in `lower`. */
export function letterPairs(lower: string): LetterPairs {
  // A plain array: allocating a small typed array costs more than the whole loop.
  const pairs = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  let previous = 26;
  for (let i = 0; i < lower.length; i += 1) {
    const code = lower.charCodeAt(i);
    const letter = code < 128 ? LETTER[code] : 26;
    pairs[previous] |= 1 << letter;
    previous = letter;
  }
  return pairs;
}

/** The pairs of several texts together (of texts joined by a character other than a letter). */
export function unionOfPairs(all: Iterable<LetterPairs>): LetterPairs {
  const union = letterPairs('');
  for (const pairs of all) for (let i = 0; i < union.length; i += 1) union[i] |= pairs[i];
  return union;
}

/** The pairs of adjacent letters of a word, lower-cased, as [first, second] letter numbers one after the other. */
function pairsOfWord(word: string): number[] {
  const lower = word.toLowerCase();
  const out: number[] = [];
  for (let i = 1; i < lower.length; i += 1) {
    const a = lower.charCodeAt(i - 1) - 97;
    const b = lower.charCodeAt(i) - 97;
    if (a >>> 0 < 26 && b >>> 0 < 26) out.push(a, b);
  }
  return out;
}

function hasPairs(pairs: LetterPairs, of: readonly number[]): boolean {
  for (let i = 0; i < of.length; i += 2) if ((pairs[of[i]] & (1 << of[i + 1])) === 0) return false;
  return true;
}

const SPECIAL = /[.*+?^${}()|[\]\\]/g;

/** A pattern that finds any of `words` (one search for all of them: cheaper than one `includes` each). */
export function anyOf(words: readonly string[]): RegExp {
  if (words.length === 0) throw new Error('anyOf needs at least one word');
  return new RegExp(words.map((w) => w.replace(SPECIAL, '\\$&')).join('|'));
}

/** A cheap test that a text must pass before a pattern that cannot match without it is run. */
export abstract class Gate {
  /** True when `text` passes; `pairs` are the letter pairs of the text lower-cased, when known. */
  abstract in(text: string, pairs?: LetterPairs): boolean;

  /**
   * Records that this gate stands before `pattern` (tested on the text
   * itself when `cased`, else on the lower-cased text), so that the tests can
   * check every such pair: no match of the pattern where the gate fails.
   */
  guards(pattern: RegExp, cased = false): this {
    GUARDED.push({ pattern, gate: this, cased });
    return this;
  }
}

/** Every gate with the pattern it stands before (see `Gate.guards`). */
export const GUARDED: Array<{ readonly pattern: RegExp; readonly gate: Gate; readonly cased: boolean }> = [];

/**
 * Words a pattern cannot match without, as groups: the text must contain
 * one word of every group (`keywords(['aged'], ['±', '+'])` is "aged" and a
 * plus-minus). No group at all is no condition.
 */
export class Keywords extends Gate {
  readonly groups: readonly (readonly string[])[];
  private readonly tests: readonly RegExp[];
  private readonly pairs: readonly (readonly number[])[][];

  constructor(groups: readonly (readonly string[])[]) {
    super();
    this.groups = groups;
    this.tests = groups.map(anyOf);
    this.pairs = groups.map((group) => group.map(pairsOfWord));
  }

  /**
   * True when `text` contains one word of every group. With the text's
   * letter `pairs`, only the words whose pairs are all there are searched for.
   */
  in(text: string, pairs?: LetterPairs): boolean {
    if (pairs === undefined) {
      for (const test of this.tests) if (!test.test(text)) return false;
      return true;
    }
    for (let g = 0; g < this.groups.length; g += 1) {
      const words = this.groups[g];
      const wordPairs = this.pairs[g];
      let found = false;
      for (let w = 0; w < words.length && !found; w += 1) found = hasPairs(pairs, wordPairs[w]) && text.includes(words[w]);
      if (!found) return false;
    }
    return true;
  }
}

/** A part of a pattern (`test`, without the `g` or `y` flag) that is cheaper to search for than the whole. */
export class PartGate extends Gate {
  constructor(readonly test: RegExp) {
    super();
    if (test.global || test.sticky) throw new Error('a gate keeps no state between texts: no g or y flag');
  }

  in(text: string): boolean {
    return this.test.test(text);
  }
}

/** The gate of `test` (see `PartGate`). */
export function part(test: RegExp): PartGate {
  return new PartGate(test);
}

/** The gate of `groups` (see `Keywords`). */
export function keywords(...groups: (readonly string[])[]): Keywords {
  return new Keywords(groups);
}
