import { describe, expect, it } from 'vitest';
import { normalizeLabel, splitAtLabels } from '../../src/formats/section-labels.ts';

const labelsOf = (text: string) => splitAtLabels(text).map((s) => s.label);

describe('normalizeLabel', () => {
  it.each([
    ['Conclusion', 'CONCLUSIONS'],
    ['Conclusions:', 'CONCLUSIONS'],
    ['Objectives', 'OBJECTIVE'],
    ['Purpose', 'OBJECTIVE'],
    ['Patients and Methods', 'METHODS'],
    ['MATERIALS & METHODS', 'METHODS'],
    ['Findings', 'RESULTS'],
    ['Summary of  background data', 'SUMMARY OF BACKGROUND DATA'],
  ])('%s → %s', (raw, label) => {
    expect(normalizeLabel(raw)).toBe(label);
  });
});

describe('splitAtLabels', () => {
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
    expect(labelsOf('SUMMARY OF BACKGROUND DATA: Little is known. STUDY DESIGN: A cohort.')).toEqual(['SUMMARY OF BACKGROUND DATA', 'DESIGN']);
  });

  it('does not take an abbreviation followed by a number for a label', () => {
    expect(labelsOf('RESULTS: The effect was large. HR: 0.5 in the treated arm.')).toEqual(['RESULTS']);
  });

  it('does not take a label word inside a sentence', () => {
    expect(labelsOf('We report the results: all patients survived.')).toEqual([null]);
  });
});
