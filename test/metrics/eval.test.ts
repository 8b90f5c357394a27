/**
 * Accuracy floors: the figures `npm run eval` prints must stay at or above
 * the thresholds in scripts/eval/thresholds.ts, so a regression fails CI.
 */
import { describe, expect, it } from 'vitest';
import { evaluateClerx, evaluateDevSet, evaluateLabelledSet, evaluateRatioSplit, evaluateSeeds, HELD_OUT_SETS } from '../../scripts/eval/corpora.ts';
import { evaluatePdfs } from '../../scripts/eval/pdf.ts';
import { THRESHOLDS } from '../../scripts/eval/thresholds.ts';

const { result: dev } = await evaluateDevSet();
const clerx = evaluateClerx()!;
const seeds = await evaluateSeeds();
const validation = evaluateRatioSplit('validation');

describe('accuracy on the metrics development set', () => {
  it('has a record for every labelled article', () => expect(dev.unmatched).toEqual([]));
  for (const [group, t] of Object.entries(THRESHOLDS.dev)) {
    const s = dev.groups.get(group)!;
    if (group !== 'percentages') it(`${group}: precision ≥ ${t.precision}`, () => expect(s.precision).toBeGreaterThanOrEqual(t.precision));
    it(`${group}: recall ≥ ${t.recall}`, () => expect(s.recall).toBeGreaterThanOrEqual(t.recall));
  }
  it(`design flags: accuracy ≥ ${THRESHOLDS.devDesign}`, () => expect(dev.design.get('all flags')!.accuracy).toBeGreaterThanOrEqual(THRESHOLDS.devDesign));
  it(`study period: accuracy ≥ ${THRESHOLDS.devPeriod}`, () => expect(dev.period.accuracy).toBeGreaterThanOrEqual(THRESHOLDS.devPeriod));
  it('every metric span verifies', () => expect(dev.spans.correct).toBe(dev.spans.total));
});

describe('accuracy on the held-out CLERx-LM labels (metrics-clerx)', () => {
  it('has a record for every labelled abstract', () => expect(clerx.unmatched).toEqual([]));
  for (const [group, t] of Object.entries(THRESHOLDS.clerx)) {
    const s = clerx.groups.get(group)!;
    if (group !== 'percentages') it(`${group}: precision ≥ ${t.precision}`, () => expect(s.precision).toBeGreaterThanOrEqual(t.precision));
    it(`${group}: recall ≥ ${t.recall}`, () => expect(s.recall).toBeGreaterThanOrEqual(t.recall));
  }
  it(`design flags: accuracy ≥ ${THRESHOLDS.clerxDesign}`, () => expect(clerx.design.get('all flags')!.accuracy).toBeGreaterThanOrEqual(THRESHOLDS.clerxDesign));
  it(`study period: accuracy ≥ ${THRESHOLDS.clerxPeriod}`, () => expect(clerx.period.accuracy).toBeGreaterThanOrEqual(THRESHOLDS.clerxPeriod));
  it('every metric span verifies', () => expect(clerx.spans.correct).toBe(clerx.spans.total));
});

for (const set of HELD_OUT_SETS) {
  const floors = THRESHOLDS.labelled[set.name];
  describe(`accuracy on ${set.name}`, async () => {
    const result = (await evaluateLabelledSet(set))!;
    it('has its labels and a record for every labelled abstract', () => {
      expect(result).not.toBeNull();
      expect(result.unmatched).toEqual([]);
    });
    it('has floors in scripts/eval/thresholds.ts', () => expect(floors).toBeDefined());
    for (const [group, t] of Object.entries(floors?.groups ?? {})) {
      if (group !== 'percentages') it(`${group}: precision ≥ ${t.precision}`, () => expect(result.groups.get(group)!.precision).toBeGreaterThanOrEqual(t.precision));
      it(`${group}: recall ≥ ${t.recall}`, () => expect(result.groups.get(group)!.recall).toBeGreaterThanOrEqual(t.recall));
    }
    it(`design flags: accuracy ≥ ${floors?.design}`, () => expect(result.design.get('all flags')!.accuracy).toBeGreaterThanOrEqual(floors!.design));
    it(`study period: accuracy ≥ ${floors?.period}`, () => expect(result.period.accuracy).toBeGreaterThanOrEqual(floors!.period));
    if (floors?.type !== undefined) it(`design type: accuracy ≥ ${floors.type}`, () => expect(result.type.accuracy).toBeGreaterThanOrEqual(floors.type!));
    if (floors?.subjects !== undefined) it(`subjects: accuracy ≥ ${floors.subjects}`, () => expect(result.subjects.accuracy).toBeGreaterThanOrEqual(floors.subjects!));
    it('every metric span verifies', () => expect(result.spans.correct).toBe(result.spans.total));
  });
}

describe('accuracy on the seed labels', () => {
  it('labels all five seeds', () => expect(seeds.results).toHaveLength(5));
  it('parses every seed into extracted records', () => expect(seeds.results.flatMap((r) => r.rejected)).toEqual([]));
  const all = seeds.byName.get('all')!;
  it(`all metrics: precision ≥ ${THRESHOLDS.seeds.precision}`, () => expect(all.precision).toBeGreaterThanOrEqual(THRESHOLDS.seeds.precision));
  it(`all metrics: recall ≥ ${THRESHOLDS.seeds.recall}`, () => expect(all.recall).toBeGreaterThanOrEqual(THRESHOLDS.seeds.recall));
});

describe('accuracy on the research-article PDFs', async () => {
  const pdfs = await evaluatePdfs();
  for (const [what, s, t] of [['cohort size', pdfs.cohort, THRESHOLDS.pdfs.cohort], ['ratios in abstract', pdfs.ratios, THRESHOLDS.pdfs.ratios]] as const) {
    it(`${what}: precision ≥ ${t.precision} and recall ≥ ${t.recall}`, () => {
      expect(s.precision).toBeGreaterThanOrEqual(t.precision);
      expect(s.recall).toBeGreaterThanOrEqual(t.recall);
    });
  }
  it(`randomized: accuracy ≥ ${THRESHOLDS.pdfs.randomized}`, () => expect(pdfs.randomized.accuracy).toBeGreaterThanOrEqual(THRESHOLDS.pdfs.randomized));
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
