import { describe, expect, it } from 'vitest';
import { countKnownLabels, isKnownLabel, labelCategory, normalizeLabel, splitAtLabels } from '../../src/formats/section-labels.ts';

const labelsOf = (text: string) => splitAtLabels(text).map((s) => s.label);

describe('normalizeLabel', () => {
  it.each([
    ['Conclusion', 'CONCLUSION'],
    ['Conclusions:', 'CONCLUSIONS'],
    ['Objectives', 'OBJECTIVES'],
    ['Patients and Methods', 'PATIENTS AND METHODS'],
    ['MATERIALS & METHODS', 'MATERIALS AND METHODS'],
    ['METHODS/MATERIALS', 'METHODS AND MATERIALS'],
    ['Findings', 'FINDINGS'],
    ['Summary of  background data', 'SUMMARY OF BACKGROUND DATA'],
  ])('keeps the wording of %s as %s', (raw, label) => {
    expect(normalizeLabel(raw)).toBe(label);
  });
});

describe('labelCategory', () => {
  it.each([
    ['Conclusion', 'CONCLUSIONS'],
    ['Conclusions:', 'CONCLUSIONS'],
    ['Objectives', 'OBJECTIVE'],
    ['Purpose', 'OBJECTIVE'],
    ['Patients and Methods', 'METHODS'],
    ['MATERIALS & METHODS', 'METHODS'],
    ['METHODS/MATERIALS', 'METHODS'],
    ['Design/Methods', 'METHODS'],
    ['Patients / methods', 'METHODS'],
    ['Findings', 'RESULTS'],
    ['Study design', 'DESIGN'],
  ])('%s → %s', (raw, category) => {
    expect(labelCategory(raw)).toBe(category);
  });

  it('is null for a label that is not in the list', () => {
    expect(labelCategory('Summary of background data')).toBeNull();
    expect(isKnownLabel('Summary of background data')).toBe(false);
  });
});

describe('countKnownLabels', () => {
  it('counts two spellings of one heading once', () => {
    expect(countKnownLabels('Conclusion: It works. Conclusions: It still works.')).toBe(1);
  });

  it('counts different headings apart', () => {
    expect(countKnownLabels('Background: Rare. Methods: We looked. Results: We saw.')).toBe(3);
  });
});

describe('splitAtLabels', () => {
  it('names each span with the source wording of its label', () => {
    expect(labelsOf('MATERIALS AND METHODS: We looked. Conclusion: It works.')).toEqual(['MATERIALS AND METHODS', 'CONCLUSION']);
    expect(labelsOf('Methods:We looked.')).toEqual(['METHODS']);
  });

  it('finds a label whose words a slash joins', () => {
    expect(labelsOf('BACKGROUND: Rare. METHODS/MATERIALS: Data were analyzed from all 747 patients. RESULTS: Fine.')).toEqual(['BACKGROUND', 'METHODS AND MATERIALS', 'RESULTS']);
    expect(labelsOf('OBJECTIVE/HYPOTHESIS: To test. SETTING/PARTICIPANTS: Two clinics.')).toEqual(['OBJECTIVE AND HYPOTHESIS', 'SETTING AND PARTICIPANTS']);
  });

  it('returns contiguous, trimmed spans of the input', () => {
    const text = '  Intro text. BACKGROUND: First part.  METHODS:  Second part. ';
    const spans = splitAtLabels(text);
    expect(spans.map((s) => [s.label, text.slice(s.start, s.end)])).toEqual([
      [null, 'Intro text.'],
      ['BACKGROUND', 'First part.'],
      ['METHODS', 'Second part.'],
    ]);
  });

  it('takes any ALL-CAPS phrase followed by a colon after a sentence end', () => {
    expect(labelsOf('SUMMARY OF BACKGROUND DATA: Little is known. STUDY DESIGN: A cohort.')).toEqual(['SUMMARY OF BACKGROUND DATA', 'STUDY DESIGN']);
  });

  it('does not take an abbreviation followed by a number for a label', () => {
    expect(labelsOf('RESULTS: The effect was large. HR: 0.5 in the treated arm.')).toEqual(['RESULTS']);
  });

  it('does not take a label word inside a sentence', () => {
    expect(labelsOf('We report the results: all patients survived.')).toEqual([null]);
  });
});
