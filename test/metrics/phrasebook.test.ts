/**
 * The phrasebook (test/fixtures/phrasebook): common ways an abstract states
 * its total, its design and its study period, each with the values the
 * labelling rules give.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyDesign, extractMetrics, readSentences } from '../../src/metrics/index.ts';

const lines = (file: string): string[] =>
  readFileSync(new URL(`../fixtures/phrasebook/${file}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#'));

const rows = lines('cohort-size.tsv').map((line) => {
  const [label, sentence, expected, note] = line.split('\t');
  return { label, sentence, expected: expected === 'null' ? null : Number(expected), gap: note === 'gap' };
});

const cohortOf = (label: string, text: string): number | null =>
  extractMetrics([{ label: 'BACKGROUND', text: 'Little is known about these outcomes.' }, { label, text }], null).find((m) => m.name === 'cohort_size')?.value ?? null;

describe('cohort size: the phrasebook', () => {
  it('has its sentences', () => expect(rows.length).toBeGreaterThan(110));
  for (const { label, sentence, expected, gap } of rows) {
    (gap ? it.fails : it)(`${expected ?? 'no total'}: ${sentence}`, () => expect(cohortOf(label, sentence)).toBe(expected));
  }
});

const flag = (v: string): boolean | null => (v === '-' ? null : v === 'true');
const designRows = lines('design.tsv').map((line) => {
  const [label, sentence, retrospective, prospective, randomized, centers, start, end] = line.split('\t');
  return {
    label,
    sentence,
    expected: {
      retrospective: flag(retrospective),
      prospective: flag(prospective),
      randomized: flag(randomized),
      centers: centers === '-' ? null : centers,
      periodStart: start === '-' ? null : Number(start),
      periodEnd: end === '-' ? null : Number(end),
    },
  };
});

describe('design and study period: the phrasebook', () => {
  it('has its sentences', () => expect(designRows.length).toBeGreaterThan(35));
  for (const { label, sentence, expected } of designRows) {
    it(sentence, () => {
      const sections = [{ label: 'BACKGROUND', text: 'Little is known about these outcomes.' }, { label, text: sentence }];
      const design = classifyDesign(sections, { format: 'pubmed-xml', publicationTypes: [], meshHeadings: [] }, readSentences(sections));
      expect(design).toMatchObject(expected);
    });
  }
});

const ageRows = lines('ages-follow-up.tsv').map((line) => {
  const [sentence, expected] = line.split('\t');
  const [name, value] = expected.split(' ');
  return { sentence, name, value: Number(value) };
});

describe('ages and follow-up: the phrasebook', () => {
  it('has its sentences', () => expect(ageRows.length).toBeGreaterThan(20));
  for (const { sentence, name, value } of ageRows) {
    it(`${name} ${value}: ${sentence}`, () => {
      const found = extractMetrics([{ label: 'RESULTS', text: sentence }], null).filter((m) => /_age$|_follow_up$/.test(m.name));
      expect(found.map((m) => m.name)).toEqual([name]);
      expect(found[0].value).toBeCloseTo(value, 1);
    });
  }
});

const armRows = lines('arms.tsv').map((line) => {
  const [sentence, values] = line.split('\t');
  const name = (v: string) => (v === '-' ? null : v.replace(/_/g, ' '));
  return {
    sentence,
    values: values.split('|').map((v) => {
      const [metric, value, group, comparator] = v.split(' ');
      return { metric, value: Number(value), group: name(group), comparator: name(comparator) };
    }),
  };
});

describe('arms and references: the phrasebook', () => {
  it('has its sentences', () => expect(armRows.length).toBeGreaterThan(20));
  for (const { sentence, values } of armRows) {
    it(sentence, () => {
      const found = extractMetrics([{ label: 'RESULTS', text: sentence }], null);
      for (const v of values) {
        const m = found.find((x) => x.name === v.metric && Math.abs(x.value - v.value) < 1e-6);
        expect(m && { group: m.group ?? null, comparator: m.comparator ?? null }, `${v.metric} ${v.value}`).toEqual({ group: v.group, comparator: v.comparator });
      }
    });
  }
});
