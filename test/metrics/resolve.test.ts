/**
 * Shared context and resolution: groups, comparators, time points, p-values
 * attached to what they test, restatements merged, provenance on every metric.
 */
import { describe, expect, it } from 'vitest';
import { extractMetrics } from '../../src/metrics/index.ts';
import { metricsOf, named } from './helpers.ts';

describe('groups and comparators', () => {
  const text = 'Hazard ratios were rofecoxib 1.27 (1.13, 1.42), celecoxib 0.93 (0.84, 1.02) and naproxen 0.93 (0.78, 1.10) compared with placebo.';
  it('names the drug of each ratio in a list', () => expect(named(text, 'hazard_ratio').map((m) => m.group)).toEqual(['rofecoxib', 'celecoxib', 'naproxen']));
  it('names the comparator', () => expect(named(text, 'hazard_ratio').map((m) => m.comparator)).toEqual(['placebo', 'placebo', 'placebo']));
  it('names the group of a ratio in brackets', () => expect(named('Admissions rose for haemorrhage (aIRR 1.31, 95% CI 1.13 to 1.52).', 'relative_risk')[0].group).toBe('haemorrhage'));
  it('pairs values with the groups a "respectively" list names', () => {
    expect(metricsOf('The 3-year OS was 80% and 60% in the A and B arms, respectively.').map((m) => [m.value, m.group])).toEqual([[80, 'A'], [60, 'B']]);
  });
  it('gives each value of a list its group', () => {
    expect(metricsOf('Use was 60.4% in children, 50.7% in adolescents, and 43.0% in adults.').map((m) => m.group)).toEqual(['children', 'adolescents', 'adults']);
  });
  it('takes the group a sentence opens with', () => expect(named('In the bevacizumab group, median PFS was 11.8 months.', 'median_pfs')[0].group).toBe('bevacizumab'));
});

describe('time points', () => {
  it('reads "5-year OS 61.4%" as 60 months', () => expect(metricsOf('The 5-year OS was 61.4%.')[0]).toMatchObject({ name: 'survival_rate', value: 61.4, timepointMonths: 60 }));
  it('takes the nearest time point in a list', () => expect(metricsOf('The 5-year OS was 61.4% and 3-year OS 80%.').map((m) => m.timepointMonths)).toEqual([60, 36]));
  it('reads a named rate at a time point', () => expect(metricsOf('The 2-year OS rate was 27%.')[0]).toMatchObject({ name: 'survival_rate', timepointMonths: 24 }));
});

describe('p-values', () => {
  it('attaches a p-value after other statistics to its ratio', () => {
    const ms = metricsOf('R0 resection was associated with survival (HR 0.62, 95% CI 0.45-0.85), log-rank p = 0.003.');
    expect(ms.map((m) => [m.name, m.p])).toEqual([['hazard_ratio', 0.003]]);
  });
  it('attaches a p-value to the ratio that follows it in its bracket', () => {
    expect(metricsOf('Insertion differed (P = .003; odds ratio, 2.8).').map((m) => [m.name, m.p])).toEqual([['odds_ratio', 0.003]]);
  });
  it('attaches a p-value to the comparison it tests', () => {
    const ms = metricsOf('Worry rose (50% in the current and 39% in the previous survey, p = 0.0004).');
    expect(ms.map((m) => [m.value, m.p])).toEqual([[50, 0.0004], [39, 0.0004]]);
  });
  it('keeps a p-value no value claims', () => expect(metricsOf('The groups differed in quality of life (p = 0.04).').map((m) => m.name)).toEqual(['p_value']));
});

describe('resolution', () => {
  it('merges a comparison restated in a later sentence', () => {
    const text = 'Median PFS was 11.8 and 8.7 months in the two arms. PFS favoured the combination (PFS 11.8 vs. 8.7 months, p = 0.03).';
    expect(named(text, 'median_pfs').map((m) => m.value)).toEqual([11.8, 8.7]);
  });
  it('keeps the same value stated for different comparisons', () => {
    const text = 'OS was longer with R0 resection (69 vs. 38mos), with late recurrence (69 vs. 34 months) and without RFA (69 vs. 31mos).';
    expect(named(text, 'median_os').map((m) => m.value)).toEqual([69, 38, 69, 34, 69, 31]);
  });
  it('gives every metric the id of its rule', () => {
    const text = 'A total of 216 patients were included. Median OS was 62 months. HR 0.62 (95% CI 0.45-0.85). Mean age was 54 years. 18 patients (9.7%) recurred.';
    expect(extractMetrics([{ label: 'RESULTS', text }]).every((m) => typeof m.rule === 'string' && m.rule.length > 0)).toBe(true);
  });
  it('leaves out an age stated for a group', () => expect(named('A total of 306 patients (270 females, mean age 45.1 years; 36 males, mean age 45.9 years) were investigated.', 'mean_age')).toEqual([]));
});

describe('percentages in words', () => {
  it('reads "28 percent" and leaves its CI bounds out', () => {
    expect(metricsOf('The improvement was 28 percent (95 percent confidence interval, 19 to 38 percent).').map((m) => m.value)).toEqual([28]);
  });
});

describe('ages of two groups with no total', () => {
  it("leaves out one group's age", () => {
    const text = '810 febrile patients and 288 apparently healthy controls were enrolled. The mean age of typhoid suspects was 33.1 years.';
    expect(named(text, 'mean_age')).toEqual([]);
  });
  it('keeps the age of the whole cohort', () => {
    expect(named('106 primary ITP patients and 39 secondary ITP patients were evaluated. The median age of our cohort was 76 years.', 'median_age').map((m) => m.value)).toEqual([76]);
  });
});

describe('lists', () => {
  it('gives each rate of a "1-, 3- and 5-year" list its time point and name', () => {
    expect(metricsOf('The 1-, 3- and 5-year overall survival rates were 90%, 75% and 60%, respectively.').map((m) => [m.name, m.value, m.timepointMonths]))
      .toEqual([['survival_rate', 90, 12], ['survival_rate', 75, 36], ['survival_rate', 60, 60]]);
  });
  it('keeps the age of a cohort described by its sex', () => {
    expect(named('Sixty-two consecutive patients (38 men; mean age 64 years) undergoing TAVI were prospectively enrolled.', 'mean_age').map((m) => m.value)).toEqual([64]);
  });
  it('reads "aged 18 to 65 years (mean, 42.1 years)"', () => expect(named('Patients were aged 18 to 65 years (mean, 42.1 years).', 'mean_age').map((m) => m.value)).toEqual([42.1]));
});
