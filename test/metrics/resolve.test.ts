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

describe('arms of compared values', () => {
  const arms = (text: string, name: string) => named(text, name as never).map((m) => [m.value, m.group ?? null, m.comparator ?? null]);
  it('names the arm after each median, and the ratio that compares them', () => {
    const text = 'Median overall survival was 12.3 months in the pembrolizumab group and 8.6 months in the chemotherapy group (hazard ratio 0.65; 95% CI, 0.52 to 0.81; P<0.001).';
    expect(arms(text, 'median_os')).toEqual([[12.3, 'pembrolizumab', null], [8.6, 'chemotherapy', null]]);
    expect(arms(text, 'hazard_ratio')).toEqual([[0.65, 'pembrolizumab', 'chemotherapy']]);
  });
  it('names the treatment "with" which each value was reached in a comparison', () => {
    const text = 'Median progression-free survival was 7.2 months with nivolumab versus 4.1 months with docetaxel (HR 0.71, 95% CI 0.58-0.88, p=0.002).';
    expect(arms(text, 'median_pfs')).toEqual([[7.2, 'nivolumab', null], [4.1, 'docetaxel', null]]);
    expect(arms(text, 'hazard_ratio')).toEqual([[0.71, 'nivolumab', 'docetaxel']]);
  });
  it('names the arm after a rate, past its confidence interval', () => {
    expect(arms('The objective response rate was 42% (95% CI 33-51) in the combination arm and 27% in the monotherapy arm.', 'response_rate')).toEqual([[42, 'combination', null], [27, 'monotherapy', null]]);
    expect(arms('The 5-year overall survival rate was 64.2% in the surgery group compared with 51.8% in the radiotherapy group.', 'survival_rate').map(([, g]) => g)).toEqual(['surgery', 'radiotherapy']);
  });
  it('names no arm of "in the same group" or "in a group of"', () => {
    expect(metricsOf('Survival was 40% in the same group of older patients.').map((m) => m.group ?? null)).toEqual([null]);
    expect(metricsOf('Survival was 40% in a group of older patients.').map((m) => m.group ?? null)).toEqual([null]);
  });
  it('reads the arm and the reference of "Compared with placebo, dapagliflozin reduced …"', () => {
    expect(arms('Compared with placebo, dapagliflozin reduced the risk of the primary outcome (hazard ratio, 0.74; 95% confidence interval, 0.65 to 0.85).', 'hazard_ratio')).toEqual([[0.74, 'dapagliflozin', 'placebo']]);
  });
  it('reads the group and the reference of "Women had a higher risk of death than men"', () => {
    expect(arms('Women had a higher risk of death than men (HR = 1.22; 95% CI: 1.05-1.42; p = 0.01).', 'hazard_ratio')).toEqual([[1.22, 'Women', 'men']]);
  });
  it('reads the exposure of "Smoking was associated with …", not an outcome opening the sentence', () => {
    expect(arms('Smoking was associated with an increased risk of recurrence (adjusted OR 2.45, 95% CI 1.32-4.55).', 'odds_ratio')).toEqual([[2.45, 'Smoking', null]]);
    expect(arms('Mortality was associated with age (OR 1.05, 95% CI 1.01-1.09).', 'odds_ratio')).toEqual([[1.05, null, null]]);
  });
  it('names the arms of two values of one family "with" what each group had', () => {
    expect(arms('The incidence of nausea was 18.2% with ondansetron and 35.6% with placebo (P<0.01).', 'proportion').map(([v, g]) => [v, g])).toEqual([[18.2, 'ondansetron'], [35.6, 'placebo']]);
  });
  it('names the arm by what its patients received', () => {
    expect(arms('Complete remission was achieved in 45% of patients receiving drug A compared with 30% of those receiving drug B.', 'response_rate').map(([, g]) => g)).toEqual(['drug A', 'drug B']);
  });
  it('takes the arm of "Patients in the high-dose group had …" for the value it opens with', () => {
    expect(arms('Patients in the high-dose group had a median PFS of 9.1 months, compared with 6.3 months in the low-dose group.', 'median_pfs').map(([, g]) => g)).toEqual(['high-dose', 'low-dose']);
  });
  it('names the group after a median past its interval', () => {
    expect(arms('Median OS was 18.5 months (95% CI 15.2-21.8) for patients with EGFR mutations and 11.2 months for wild-type.', 'median_os').map(([, g]) => g)).toEqual(['EGFR mutations', 'wild-type']);
  });
  it('names no group from what a ratio is said to be: "was relatively modest (RR 1·4)"', () =>
    expect(arms('The benefit in smokers with low socioeconomic status was relatively modest (RR 1·4).', 'relative_risk')).toEqual([[1.4, null, null]]));
  it('names the arm after a ratio', () => expect(arms('The relative risk of infection was 0.62 (95% CI 0.45-0.86) in the vaccinated group.', 'relative_risk')).toEqual([[0.62, 'vaccinated', null]]));
  it('reads "mOS" and "mPFS" as the medians', () => expect(metricsOf('The mPFS was 5.6 months and mOS was 14.2 months.').map((m) => [m.name, m.value])).toEqual([['median_pfs', 5.6], ['median_os', 14.2]]));
  it('names the group between a median and its value', () => expect(arms('Median OS for patients with stage III disease was 31.4 months (95% CI 25.2-37.6).', 'median_os')).toEqual([[31.4, 'stage III disease', null]]));
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
  it('merges a ratio restated with its arm, and keeps the arm', () => {
    const text = 'Abstinence did not differ between the groups (8% v 6%; odds ratio 1.21, 95% CI 0.70 to 2.10). Abstinence was 8% in the exercise group and 6% in the control group (odds ratio for the exercise group 1.21, 95% CI 0.70 to 2.10).';
    expect(named(text, 'odds_ratio').map((m) => [m.value, m.group, m.comparator])).toEqual([[1.21, 'exercise', 'control']]);
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
