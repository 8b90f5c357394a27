import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIXTURES, loadRatioCorpus } from '../../scripts/eval/corpora.ts';
import '../../src/metrics/index.ts';
import { COHORT_RULES, COUNTS_OF_PEOPLE, peopleFacts } from '../../src/metrics/cohort-size.ts';
import { sentenceContext } from '../../src/metrics/context.ts';
import { alternativesOf, anyOf, GatedAlternatives, GUARDED, keywords, Keywords, letterPairs, type PartGate } from '../../src/metrics/keywords.ts';
import { splitSentences } from '../../src/metrics/sentences.ts';

describe('keyword gates', () => {
  it('finds any of its words, special characters taken literally', () => {
    expect(anyOf(['+/-', '(']).test('a ( b')).toBe(true);
    expect(anyOf(['+/-', '(']).test('a +- b')).toBe(false);
  });
  it('needs a word of every group', () => {
    const gate = keywords(['aged'], ['±', '+']);
    expect(gate.in('aged 61 ± 9 years')).toBe(true);
    expect(gate.in('aged 61 years')).toBe(false);
  });
  it('is no condition without groups', () => expect(keywords().in('')).toBe(true));
  it('does not search for a word with a letter pair the text lacks', () => {
    const gate = keywords(['hazard', 'odds']);
    expect(gate.in('the odds were even', letterPairs('the odds were even'))).toBe(true);
    // The pairs say "hazard" cannot be there, so it is not searched for.
    expect(gate.in('a hazard', letterPairs('no such word'))).toBe(false);
  });
  it('splits a pattern at its top-level alternatives only, keeping its flags', () => {
    const parts = alternativesOf(/\ba(?:b|c)\b|[|(]x\||\(y/i);
    expect(parts.map((p) => p.source)).toEqual(['\\ba(?:b|c)\\b', '[|(]x\\|', '\\(y']);
    expect(parts.every((p) => p.flags === 'i')).toBe(true);
  });
  it('tests a pattern one gated alternative at a time', () => {
    const gated = new GatedAlternatives(/\bcohort\b|\bregistry\b/i, [keywords(['cohort']), keywords(['registry'])]);
    const test = (text: string) => gated.test(text, text.toLowerCase(), letterPairs(text.toLowerCase()));
    expect([test('A Registry study'), test('a cohorts study'), test('none')]).toEqual([true, false, false]);
  });
  it('finds a word of a text in the sentences it is made of', () => {
    const parts = ['A cohort study.', 'Patients were followed.'].map((t) => ({ lower: t.toLowerCase(), pairs: letterPairs(t.toLowerCase()) }));
    expect([keywords(['cohort'], ['follow']).inParts(parts), keywords(['random']).inParts(parts)]).toEqual([true, false]);
  });
  it('takes no word with a space, which could span two sentences', () => expect(() => keywords(['single centre'])).toThrow());
});

/** Abstracts of the metrics development set and of the CLERx-LM corpus: whole, sentence by sentence, and upper-cased. */
function texts(): string[] {
  const xml = readFileSync(`${FIXTURES}/corpora/metrics-dev/pubmed-metrics-dev.xml`, 'utf8');
  const abstracts = [...xml.matchAll(/<(?:ArticleTitle|AbstractText)[^>]*>([\s\S]*?)<\/(?:ArticleTitle|AbstractText)>/g)].map((m) => m[1]);
  for (const split of ['train', 'validation'] as const) for (const doc of loadRatioCorpus(split)) abstracts.push(doc.sections.map((s) => s.text).join('\n'));
  const out = [...abstracts];
  for (const text of abstracts) for (const span of splitSentences(text)) out.push(text.slice(span.start, span.end));
  return [...out, ...out.map((t) => t.toUpperCase())];
}

/** A text's sentences, lower-cased with their letter pairs, as a document's are read. */
function partsOf(text: string) {
  return splitSentences(text).map((span) => {
    const lower = text.slice(span.start, span.end).toLowerCase();
    return { lower, pairs: letterPairs(lower) };
  });
}

describe('every gate stands before a pattern that cannot match without its words', () => {
  const corpus = texts();
  it('has gates to check', () => expect(GUARDED.length).toBeGreaterThan(50));
  it('holds on every abstract and sentence of the fixtures', () => {
    const misses: string[] = [];
    for (const { pattern, gate, cased } of GUARDED) {
      const once = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
      for (const text of corpus) {
        const lower = text.toLowerCase();
        if (once.test(text) && !(gate.in(cased ? text : lower) && gate.in(cased ? text : lower, letterPairs(lower)) && (cased || gate.inParts(partsOf(text))))) misses.push(`${gate instanceof Keywords ? gate.groups.map((g) => g.join('|')).join(' & ') : (gate as PartGate).test.source} before /${pattern.source.slice(0, 60)}/ in "${text.slice(0, 80)}"`);
      }
    }
    expect(misses).toEqual([]);
  });
  it('finds a count of people wherever a pattern that holds one matches', () => {
    const misses: string[] = [];
    for (const text of corpus) {
      const facts = peopleFacts(sentenceContext(0, text, 0, text.length, 0, 'RESULTS', true));
      for (const pattern of COUNTS_OF_PEOPLE) {
        const once = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
        if (once.test(text) && !facts.countOfPeople) misses.push(`/${pattern.source.slice(0, 60)}/ in "${text.slice(0, 80)}"`);
      }
    }
    expect(misses).toEqual([]);
  });
  it('names people wherever a cohort rule that counts people matches', () => {
    const misses: string[] = [];
    for (const text of corpus) {
      const facts = peopleFacts(sentenceContext(0, text, 0, text.length, 0, 'RESULTS', true));
      for (const rule of COHORT_RULES) {
        if (!rule.people && !rule.countOfPeople) continue;
        const once = new RegExp(rule.re.source, rule.re.flags.replace(/[gy]/g, ''));
        if (once.test(text) && !(rule.countOfPeople ? facts.countOfPeople : facts.people)) misses.push(`${rule.id} in "${text.slice(0, 80)}"`);
      }
    }
    expect(misses).toEqual([]);
  });
});
