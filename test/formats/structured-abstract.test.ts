import { describe, expect, it } from 'vitest';
import { structuredAbstract } from '../../src/formats/structured-abstract.ts';
import { expectValidDocument } from './harness.ts';
import { describeSeed, SEEDS } from './seed-fixtures.ts';

describeSeed(SEEDS.structuredAbstract, 'structured-abstract');

describe('structured abstract', () => {
  it('keeps the source wording of each label, upper-cased', () => {
    const doc = structuredAbstract.parse(
      'OBJECTIVES: To compare two regimens in adults.\nPatients and Methods: We enrolled 120 patients at two centres.\nFindings: The response rate was 40%.\nConclusion: Both regimens were tolerated.',
    );
    expect(doc.sections.map((s) => s.label)).toEqual(['OBJECTIVES', 'PATIENTS AND METHODS', 'FINDINGS', 'CONCLUSION']);
    expectValidDocument(doc);
  });

  it('finds labels run together with the text around them', () => {
    const doc = structuredAbstract.parse('Purpose:To test the splitter on scraped text.Methods:We used a case series of ten patients.Results:All of them were alive.');
    expect(doc.sections).toEqual([
      { label: 'PURPOSE', text: 'To test the splitter on scraped text.' },
      { label: 'METHODS', text: 'We used a case series of ten patients.' },
      { label: 'RESULTS', text: 'All of them were alive.' },
    ]);
  });

  it('takes a single short first line as the title', () => {
    const doc = structuredAbstract.parse('Outcomes of liver resection for metastatic sarcoma\nBackground: Sarcoma is rare.\nResults: Ten patients were treated.');
    expect(doc.title).toBe('Outcomes of liver resection for metastatic sarcoma');
    expect(doc.sections[0]).toEqual({ label: 'TITLE', text: doc.title });
    expect(doc.sections.map((s) => s.label)).toEqual(['TITLE', 'BACKGROUND', 'RESULTS']);
  });

  it('takes labels alone on their line', () => {
    const doc = structuredAbstract.parse('Background\nSarcoma is rare and the evidence is thin.\nMethods\nWe reviewed the records of all patients.\n');
    expect(doc.sections.map((s) => s.label)).toEqual(['BACKGROUND', 'METHODS']);
  });

  it('leaves lower-case words with colons inside sentences alone', () => {
    const doc = structuredAbstract.parse('Background: We report two results: a higher rate and a lower cost.\nConclusions: It works.');
    expect(doc.sections[0]).toEqual({ label: 'BACKGROUND', text: 'We report two results: a higher rate and a lower cost.' });
  });

  it('sniffs prose with several labels, not prose without them', () => {
    expect(structuredAbstract.sniff('Background: Sarcoma is rare in adults and children. Methods: We reviewed the records. Results: All were alive.', true)).toBeGreaterThanOrEqual(0.5);
    expect(structuredAbstract.sniff('Sarcoma is rare in adults and children. We reviewed the records of all of them at the end of the study.', true)).toBe(0);
  });
});
