/**
 * Keyword gates: literal words that a pattern cannot match without, tested
 * with `includes` before the pattern is run. Most sentences name no hazard,
 * no follow-up, no percentage, so most patterns are never run on them; a
 * gate only ever skips a pattern that would not have matched, so it changes
 * no result, only the time taken.
 *
 * A gate's keys are lower-case and tested against the lower-cased text
 * (`SentenceContext.lower`): a pattern with the `i` flag matches an ASCII
 * letter only as that letter in either case, so every match leaves its
 * keyword in the lower-cased text. Keys of a case-sensitive pattern may be
 * tested against the text itself.
 */

/** True when `text` contains at least one of `keys`. */
export function containsAny(text: string, keys: readonly string[]): boolean {
  for (const key of keys) if (text.includes(key)) return true;
  return false;
}

/**
 * Keywords a pattern cannot match without, as groups: the text must contain
 * one word of every group (`[['aged'], ['±', '+']]` is "aged" and a plus-minus).
 */
export type Keywords = readonly (readonly string[])[];

/** True when `text` contains one word of every group of `keywords`. */
export function hasKeywords(text: string, keywords: Keywords): boolean {
  for (const group of keywords) if (!containsAny(text, group)) return false;
  return true;
}
