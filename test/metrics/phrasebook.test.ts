/**
 * The cohort-size phrasebook (test/fixtures/phrasebook): common ways an
 * abstract states its total, each with the value the labelling rules give.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractMetrics } from '../../src/metrics/index.ts';

const rows = readFileSync(new URL('../fixtures/phrasebook/cohort-size.tsv', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line && !line.startsWith('#'))
  .map((line) => {
    const [label, sentence, expected, note] = line.split('\t');
    return { label, sentence, expected: expected === 'null' ? null : Number(expected), gap: note === 'gap' };
  });

const cohortOf = (label: string, text: string): number | null =>
  extractMetrics([{ label: 'BACKGROUND', text: 'Little is known about these outcomes.' }, { label, text }], null).find((m) => m.name === 'cohort_size')?.value ?? null;

describe('cohort size: the phrasebook', () => {
  it('has its sentences', () => expect(rows.length).toBeGreaterThan(90));
  for (const { label, sentence, expected, gap } of rows) {
    (gap ? it.fails : it)(`${expected ?? 'no total'}: ${sentence}`, () => expect(cohortOf(label, sentence)).toBe(expected));
  }
});
