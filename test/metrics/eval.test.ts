import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateRatios, evaluateSeeds, loadRatioCorpus, THRESHOLDS } from '../../src/metrics/evaluate.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = join(root, 'test', 'fixtures');
const seeds = await evaluateSeeds(join(fixtures, 'seeds'), join(fixtures, 'labels'));
const validation = evaluateRatios(loadRatioCorpus(join(fixtures, 'corpora', 'hazard-ratios', 'validation')));

describe('accuracy on the seed labels', () => {
  it('labels all five seeds', () => expect(seeds.results).toHaveLength(5));
  it('parses every seed into extracted records', () => expect(seeds.results.flatMap((r) => r.rejected)).toEqual([]));
  for (const [name, s] of seeds.byName) {
    it(`${name}: precision ≥ ${THRESHOLDS.seeds.precision}`, () => expect(s.precision).toBeGreaterThanOrEqual(THRESHOLDS.seeds.precision));
    it(`${name}: recall ≥ ${THRESHOLDS.seeds.recall}`, () => expect(s.recall).toBeGreaterThanOrEqual(THRESHOLDS.seeds.recall));
  }
});

describe('accuracy on hazard-ratio validation', () => {
  it('type-agnostic precision and recall', () => {
    expect(validation.untyped.precision).toBeGreaterThanOrEqual(THRESHOLDS.ratios.untyped.precision);
    expect(validation.untyped.recall).toBeGreaterThanOrEqual(THRESHOLDS.ratios.untyped.recall);
  });
  for (const name of ['hazard_ratio', 'odds_ratio', 'relative_risk'] as const) {
    it(`${name}: typed precision and recall`, () => {
      const s = validation.typed.get(name)!;
      expect(s.precision).toBeGreaterThanOrEqual(THRESHOLDS.ratios[name].precision);
      expect(s.recall).toBeGreaterThanOrEqual(THRESHOLDS.ratios[name].recall);
    });
  }
});
