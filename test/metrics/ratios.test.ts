import { describe, expect, it } from 'vitest';
import { named, metricsOf } from './helpers.ts';

describe('hazard ratios', () => {
  it('reads "HR = 0.307, p = 0.035"', () => {
    const [hr] = named('associated with increased OS (HR = 0.307, p = 0.035).', 'hazard_ratio');
    expect(hr).toMatchObject({ value: 0.307, p: 0.035 });
    expect(hr.span).toBe('HR = 0.307, p = 0.035');
  });
  it('reads "HR 0.62 (95% CI 0.45-0.85)"', () => {
    expect(named('Treatment lowered risk (HR 0.62 (95% CI 0.45-0.85)).', 'hazard_ratio')[0]).toMatchObject({ value: 0.62, low: 0.45, high: 0.85 });
  });
  it('reads "hazard ratio [HR], 1.14 [95% CI, 1.07-1.21]; P = 8.26 × 10-5"', () => {
    const [hr] = named('Risk rose (hazard ratio [HR], 1.14 [95% CI, 1.07-1.21]; P = 8.26 × 10-5).', 'hazard_ratio');
    expect(hr).toMatchObject({ value: 1.14, low: 1.07, high: 1.21, p: 8.26e-5 });
  });
  it('reads "HR: 2.1; 95% CI: 1.3 to 3.4"', () => {
    expect(named('Mortality was higher (HR: 2.1; 95% CI: 1.3 to 3.4).', 'hazard_ratio')[0]).toMatchObject({ value: 2.1, low: 1.3, high: 3.4 });
  });
  it('reads an adjusted "aHR"', () => {
    expect(named('Death was more likely (aHR 1.8, 95% CI 1.2–2.6).', 'hazard_ratio')[0]).toMatchObject({ value: 1.8, low: 1.2, high: 2.6 });
  });
  it('reads a bound p-value with pBound', () => {
    expect(named('Risk fell (HR 0.5, 95% CI 0.3-0.8, p ≤ 0.035).', 'hazard_ratio')[0]).toMatchObject({ p: 0.035, pBound: '<=' });
  });
  it('reads "P<.001" as 0.001 with pBound "<"', () => {
    expect(named('Risk fell (HR 0.5, 95% CI 0.3-0.8; P<.001).', 'hazard_ratio')[0]).toMatchObject({ p: 0.001, pBound: '<' });
  });
  it('reads continuation values after the ratio is named', () => {
    const hrs = named('The HRs were 1.98 (95% CI 1.01-3.89) and 17.79 (95% CI 2.26-140.22), respectively.', 'hazard_ratio');
    expect(hrs.map((m) => m.value)).toEqual([1.98, 17.79]);
  });
  it('reads a list that goes on in the next sentence with "they were:"', () => {
    const text = 'Among non-users, the adjusted hazard ratios (95% confidence interval) were: drug A 1.27 (1.13, 1.42) and drug B 0.93 (0.83, 1.03). Among users of aspirin, they were: drug A 1.73 (1.52, 1.98) and drug B 1.34 (1.19, 1.52).';
    expect(named(text, 'hazard_ratio').map((m) => m.value)).toEqual([1.27, 0.93, 1.73, 1.34]);
    // With no words that point back, a later sentence's values in brackets are not ratios.
    expect(named('The hazard ratio was 1.27 (1.13, 1.42). Mean scores: 4.5 (3.2, 5.8) and 5.1 (4.0, 6.2).', 'hazard_ratio').map((m) => m.value)).toEqual([1.27]);
  });
  it('does not take the p-value of a ratio as a separate p_value', () => {
    expect(named('Risk rose (HR = 0.307, p = 0.035).', 'p_value')).toEqual([]);
  });
  it('does not read "HR" as homologous recombination without a number', () => {
    expect(named('Cells use the HR pathway to repair breaks.', 'hazard_ratio')).toEqual([]);
  });
});

describe('odds ratios', () => {
  it('reads "OR = 4.22, p = 0.016"', () => {
    expect(named('A high NLR (OR = 4.22, p = 0.016) predicted relapse.', 'odds_ratio')[0]).toMatchObject({ value: 4.22, p: 0.016 });
  });
  it('reads "adjusted odds ratio (AOR) = 3.53; 95% CI 1.52-8.45"', () => {
    expect(named('Age [adjusted odds ratio (AOR) = 3.53; 95% CI 1.52-8.45] mattered.', 'odds_ratio')[0]).toMatchObject({ value: 3.53, low: 1.52, high: 8.45 });
  });
  it('reads "aOR 2.4 (1.1–5.2)"', () => {
    expect(named('Smoking (aOR 2.4 (1.1–5.2)) predicted failure.', 'odds_ratio')[0]).toMatchObject({ value: 2.4, low: 1.1, high: 5.2 });
  });
  it('does not read the conjunction "OR" as an odds ratio', () => {
    expect(named('Search terms were (memory) AND (consolidation OR reconsolidation) in 2019.', 'odds_ratio')).toEqual([]);
  });
  it('skips "per 10 percent" qualifiers before the value', () => {
    expect(named('Change (OR per 10 percent decrease 1.17; 95% CI 1.12-1.22) predicted outcome.', 'odds_ratio')[0]).toMatchObject({ value: 1.17 });
  });
});

describe('relative risks', () => {
  it('reads "RR 0.91 95% CI 0.58-1.41; p = 0.66"', () => {
    expect(named('Rates of MACE (RR 0.91 95% CI 0.58-1.41; p = 0.66) did not differ.', 'relative_risk')[0]).toMatchObject({ value: 0.91, low: 0.58, high: 1.41, p: 0.66 });
  });
  it('reads "relative risk of 1.5"', () => {
    expect(named('The relative risk of death was 1.5 (95% CI 1.1-2.0).', 'relative_risk')[0]).toMatchObject({ value: 1.5 });
  });
  it('reads "risk ratio, 0.76; 95% confidence interval, 0.63 to 0.88"', () => {
    expect(named('Articaine won (risk ratio, 0.76; 95% confidence interval, 0.63 to 0.88).', 'relative_risk')[0]).toMatchObject({ value: 0.76, low: 0.63, high: 0.88 });
  });
  it('does not read "RR-AML" as a relative risk', () => {
    expect(metricsOf('Children with RR-AML aged 0-18 years were enrolled.').filter((m) => m.name === 'relative_risk')).toEqual([]);
  });
});
