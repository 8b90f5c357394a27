import { describe, expect, it } from 'vitest';
import { citationsOf, evidenceSummary } from '../../src/formats/evidence-summary.ts';
import { expectValidDocument } from './harness.ts';
import { describeSeed, SEEDS, seedText } from './seed-fixtures.ts';

describeSeed(SEEDS.evidenceSummary, 'evidence-summary');

describe('evidence summary', () => {
  const doc = evidenceSummary.parse(seedText(SEEDS.evidenceSummary));

  it('keeps citation numbers out of the section text', () => {
    const text = doc.sections.map((s) => s.text).join('\n');
    expect(text).not.toMatch(/ \d(, \d)*\.(\n|$)/);
    expect(text).toContain('with a median overall survival of 33.0 months.');
    expect(text).toContain('with a moderate response rate of 10%-30%.');
  });

  it('keeps each citation number once, with every sentence citing it', () => {
    expect(doc.references.map((r) => r.n)).toEqual([1, 2, 3, 4, 5]);
    const five = doc.references.find((r) => r.n === 5)!.text;
    expect(five).toContain('Myelosuppression is a common adverse event');
    expect(five).toContain('with a median overall survival of 33.0 months.');
  });

  it('labels sub-sections with their part', () => {
    expect(doc.sections.map((s) => s.label)).toEqual([
      'FROM THE GUIDELINES',
      'FROM THE RESEARCH / ADJUVANT TREATMENT FOR LEIOMYOSARCOMA',
      'FROM THE RESEARCH / CHEMOTHERAPY REGIMENS',
      'FROM THE RESEARCH / TREATMENT OUTCOMES',
    ]);
  });

  it('separates a paragraph glued to the last bullet', () => {
    expect(doc.sections[0].text).toContain('\nRisk of local relapse and metastasis\nIn general, treatment decisions');
  });

  it.each([
    ['a number after a quantity word is data', 'The median survival was 33.', []],
    ['a stage is data', 'Most patients were in stage 2.', []],
    ['numbers after a word are citations', 'Toxicity was manageable 3, 5.', [3, 5]],
    ['a number after a percentage is a citation', 'Responses were seen in 10%-30% 3.', [3]],
    ['bracketed numbers are citations', 'Toxicity was manageable [2-4].', [2, 3, 4]],
  ])('%s', (_, sentence, numbers) => {
    expect(citationsOf(sentence as string).numbers).toEqual(numbers);
  });

  it('passes the record schema', () => {
    expectValidDocument(doc);
  });
});
