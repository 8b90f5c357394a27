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
 */

const SPECIAL = /[.*+?^${}()|[\]\\]/g;

/** A pattern that finds any of `words` (one search for all of them: cheaper than one `includes` each). */
export function anyOf(words: readonly string[]): RegExp {
  if (words.length === 0) throw new Error('anyOf needs at least one word');
  return new RegExp(words.map((w) => w.replace(SPECIAL, '\\$&')).join('|'));
}

/**
 * Words a pattern cannot match without, as groups: the text must contain
 * one word of every group (`keywords(['aged'], ['±', '+'])` is "aged" and a
 * plus-minus). No group at all is no condition.
 */
export class Keywords {
  readonly groups: readonly (readonly string[])[];
  private readonly tests: readonly RegExp[];

  constructor(groups: readonly (readonly string[])[]) {
    this.groups = groups;
    this.tests = groups.map(anyOf);
  }

  /** True when `text` contains one word of every group. */
  in(text: string): boolean {
    for (const test of this.tests) if (!test.test(text)) return false;
    return true;
  }

  /**
   * Records that this gate stands before `pattern` (tested on the text
   * itself when `cased`, else on the lower-cased text), so that the tests can
   * check every such pair: no match of the pattern without the words.
   */
  guards(pattern: RegExp, cased = false): this {
    GUARDED.push({ pattern, keywords: this, cased });
    return this;
  }
}

/** Every gate with the pattern it stands before (see `Keywords.guards`). */
export const GUARDED: Array<{ readonly pattern: RegExp; readonly keywords: Keywords; readonly cased: boolean }> = [];

/** The gate of `groups` (see `Keywords`). */
export function keywords(...groups: (readonly string[])[]): Keywords {
  return new Keywords(groups);
}
