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
 * with a pair the text lacks is not in it, and is never searched for. A
 * document's text is gated through its sentences (`Gate.inParts`), each of
 * which has far fewer pairs than the whole; a pattern whose alternatives
 * need different words is gated alternative by alternative
 * (`GatedAlternatives`). Each gate records the pattern it stands before
 * (`Gate.guards`), and the tests check every pair against the fixtures.
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

/** The letter pairs of each list of sentences together: a word with a pair none of them has is in none of them. */
const unionOf = new WeakMap<readonly Lowered[], LetterPairs>();

/** The pairs that any of `parts` has (see `letterPairs`), found once for each list of parts. */
function pairsOfParts(parts: readonly Lowered[]): LetterPairs {
  let union = unionOf.get(parts);
  if (union === undefined) {
    union = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    for (const part of parts) for (let i = 0; i < 27; i += 1) union[i] |= part.pairs[i];
    unionOf.set(parts, union);
  }
  return union;
}

const SPECIAL = /[.*+?^${}()|[\]\\]/g;

/** A pattern that finds any of `words` (one search for all of them: cheaper than one `includes` each). */
export function anyOf(words: readonly string[]): RegExp {
  if (words.length === 0) throw new Error('anyOf needs at least one word');
  return new RegExp(words.map((w) => w.replace(SPECIAL, '\\$&')).join('|'));
}

/** A piece of a text, lower-cased, with its letter pairs: a sentence. */
export interface Lowered {
  readonly lower: string;
  readonly pairs: LetterPairs;
}

/** A cheap test that a text must pass before a pattern that cannot match without it is run. */
export abstract class Gate {
  /** True when `text` passes; `pairs` are the letter pairs of the text lower-cased, when known. */
  abstract in(text: string, pairs?: LetterPairs): boolean;

  /**
   * True when the lower-cased text that `parts` make, joined by spaces or
   * line breaks, passes (a document's text from its sentences).
   */
  inParts(parts: readonly Lowered[]): boolean {
    return this.in(parts.map((p) => p.lower).join('\n'));
  }

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
    // Only a word without spaces is sure never to span two sentences of a text (`inParts`).
    for (const word of groups.flat()) if (/\s/.test(word)) throw new Error(`a keyword holds no space: "${word}"`);
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

  /**
   * A word without spaces is in a text made of sentences only when it is in
   * one of them: each word is searched for only in the sentences that have
   * its letter pairs, which a sentence has far fewer of than a whole text.
   */
  override inParts(parts: readonly Lowered[]): boolean {
    const union = pairsOfParts(parts);
    for (let g = 0; g < this.groups.length; g += 1) {
      const words = this.groups[g];
      const wordPairs = this.pairs[g];
      let found = false;
      for (let w = 0; w < words.length && !found; w += 1) {
        if (!hasPairs(union, wordPairs[w])) continue;
        for (let p = 0; p < parts.length && !found; p += 1) found = hasPairs(parts[p].pairs, wordPairs[w]) && parts[p].lower.includes(words[w]);
      }
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

/**
 * The top-level alternatives of `pattern` (`a|b|c` gives `a`, `b`, `c`),
 * each with the pattern's flags. A text matches the whole pattern when it
 * matches one of them, so each can be gated on its own words. Only for
 * patterns without the `g` or `y` flag (tested, never stepped through).
 */
export function alternativesOf(pattern: RegExp): RegExp[] {
  if (pattern.global || pattern.sticky) throw new Error('alternativesOf is for patterns that keep no state: no g or y flag');
  const source = pattern.source;
  const parts: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < source.length; i += 1) {
    const c = source[i];
    if (c === '\\') i += 1;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth += 1;
    else if (c === ')') depth -= 1;
    else if (c === '|' && depth === 0) {
      parts.push(source.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(source.slice(start));
  return parts.map((part) => new RegExp(part, pattern.flags));
}

/** A pattern tested one alternative at a time, each alternative behind its own gate (see `alternativesOf`). */
export class GatedAlternatives {
  private readonly parts: ReadonlyArray<readonly [RegExp, Gate]>;

  /** `gates[i]` stands before the i-th alternative of `pattern`, tested on the lower-cased text unless `cased`. */
  constructor(readonly pattern: RegExp, gates: readonly Gate[], private readonly cased = false) {
    const alternatives = alternativesOf(pattern);
    if (alternatives.length !== gates.length) throw new Error(`/${pattern.source.slice(0, 40)}…/ has ${alternatives.length} alternatives and ${gates.length} gates`);
    this.parts = alternatives.map((alternative, i) => [alternative, gates[i].guards(alternative, cased)] as const);
  }

  /** `pattern.test(text)`; `lower` is the text lower-cased and `pairs` its letter pairs. */
  test(text: string, lower: string, pairs: LetterPairs): boolean {
    for (const [alternative, gate] of this.parts) if (gate.in(this.cased ? text : lower, pairs) && alternative.test(text)) return true;
    return false;
  }

  /** `pattern.test(text)`, the gates read from the sentences `parts` that `text` joins (see `Gate.inParts`). */
  testParts(text: string, parts: readonly Lowered[]): boolean {
    for (const [alternative, gate] of this.parts) if ((this.cased ? gate.in(text) : gate.inParts(parts)) && alternative.test(text)) return true;
    return false;
  }
}
