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

/** A cheap test that a text must pass before a pattern that cannot match without it is run. */
export abstract class Gate {
  /** True when `text` passes. */
  abstract in(text: string): boolean;

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

  constructor(groups: readonly (readonly string[])[]) {
    super();
    this.groups = groups;
    this.tests = groups.map(anyOf);
  }

  /** True when `text` contains one word of every group. */
  in(text: string): boolean {
    for (const test of this.tests) if (!test.test(text)) return false;
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
