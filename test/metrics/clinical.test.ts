import { describe, expect, it } from 'vitest';
import { metricsOf, named } from './helpers.ts';

describe('cohort size', () => {
  it('reads "A total of 216 patients were included"', () => {
    expect(named('A total of 216 patients were included.', 'cohort_size')[0]).toMatchObject({ value: 216, unit: 'patients', span: 'A total of 216 patients' });
  });
  it('reads "We analyzed 227 RLMS patients"', () => expect(named('We analyzed 227 RLMS patients who underwent surgery.', 'cohort_size')[0].value).toBe(227));
  it('reads "54 patients were included (10 male, 44 female)"', () => expect(named('54 patients were included (10 male, 44 female).', 'cohort_size')[0].value).toBe(54));
  it('reads numbers in words', () => expect(named('Thirty-nine patients with fractures were retrospectively reviewed.', 'cohort_size')[0].value).toBe(39));
  it('reports one cohort size per document', () => {
    expect(named('A total of 216 patients were included. Later, 120 patients were enrolled in a second phase.', 'cohort_size')).toHaveLength(1);
  });
  it('does not report a subgroup count as the cohort size', () => {
    expect(named('A total of 216 patients were included (stage 1, n=92; stage 2, n=39).', 'cohort_size').map((m) => m.value)).toEqual([216]);
  });
});

describe('subgroup size', () => {
  it('reads "stage 1, n=92" with its group', () => {
    expect(named('A total of 216 patients were included (stage 1, n=92; stage 2, n=39).', 'subgroup_size')[0]).toMatchObject({ value: 92, group: 'stage 1' });
  });
  it('reads "responded (n = 17)"', () => expect(named('OS was longer in those who responded (n = 17) than others.', 'subgroup_size')[0]).toMatchObject({ value: 17, group: 'responded' }));
  it('reads sexes in "(10 male, 44 female)"', () => {
    expect(named('54 patients were included (10 male, 44 female).', 'subgroup_size').map((m) => [m.group, m.value])).toEqual([['male', 10], ['female', 44]]);
  });
  it('reads "Among the 15 patients in the incidental group"', () => {
    expect(named('Among the 15 patients in the incidental group, 6 had surgery.', 'subgroup_size')[0]).toMatchObject({ value: 15, group: 'incidental' });
  });
  it('does not read "(n = 27, 11.5%)" as a subgroup', () => expect(named('Failure was frequent (n = 27, 11.5%).', 'subgroup_size')).toEqual([]));
});

describe('age', () => {
  it('reads "median patient age of 47 years"', () => expect(named('with a median patient age of 47 years.', 'median_age')[0]).toMatchObject({ value: 47, unit: 'years' }));
  it('reads "median age of 62.5 years"', () => expect(named('54 patients with a median age of 62.5 years.', 'median_age')[0].value).toBe(62.5));
  it('reads "mean age was 54.3 ± 10.2 years"', () => expect(named('The mean age was 54.3 ± 10.2 years.', 'mean_age')[0].value).toBe(54.3));
  it('reads a mean ± SD in years right after the people: "12 healthy male subjects (24.3 ± 2.5 years)"', () => {
    expect(named('We studied 12 healthy sedentary male subjects (24.3 ± 2.5 years).', 'mean_age')[0]).toMatchObject({ value: 24.3, rule: 'age.people-plus-minus' });
    expect(named('Patients (4.1 ± 2.0 years of follow-up) were seen yearly.', 'mean_age')).toEqual([]);
  });
  it('reads "Mage = 37.6 years"', () => expect(named('Mothers (n = 327; Mage = 37.6 years, SD = 7.7 years) took part.', 'mean_age')[0]).toMatchObject({ value: 37.6, rule: 'age.m-age' }));
  it('does not read a comparison of two ages as the cohort\'s: "median age 62 vs 68"', () => {
    expect(named('Survivors were younger (median age 62 vs 68, p = 0.031).', 'median_age')).toEqual([]);
  });
  it('does not read an eligibility limit "≤40 years old" as an age', () => {
    expect(metricsOf('Surgery was performed in 6 young women (≤40 years old).').filter((m) => /age/.test(m.name))).toEqual([]);
  });
});

describe('follow-up', () => {
  it('reads a mean or median in brackets after the range of follow-up', () => {
    expect(named('No recurrence was seen over a follow-up of 6 to 52 months (mean +/- standard deviation 14.2 +/- 8.2).', 'mean_follow_up')[0]).toMatchObject({ value: 14.2, low: 6, high: 52 });
    expect(named('Follow-up ranged from 1 to 5 years (median, 3 years).', 'median_follow_up')[0]).toMatchObject({ value: 36, low: 12, high: 60 });
    // A range alone is no mean or median.
    expect(named('Follow-up ranged from 7 to 24 months.', 'mean_follow_up')).toEqual([]);
  });
  it('reads "mean follow-up duration was 26.34 months"', () => expect(named('The mean follow-up duration was 26.34 months.', 'mean_follow_up')[0]).toMatchObject({ value: 26.34, unit: 'months' }));
  it('reads "median follow-up of 36.0 months"', () => expect(named('During the median follow-up of 36.0 months, 5 recurred.', 'median_follow_up')[0].value).toBe(36));
  it('reads IQR bounds and the group', () => {
    expect(named('The median follow-up was 42 months (IQR 21–95 months) for primary RLMS.', 'median_follow_up')[0]).toMatchObject({ value: 42, low: 21, high: 95, group: 'primary RLMS' });
  });
  it('converts years to months', () => expect(named('After a median follow-up of 5 years, 10 died.', 'median_follow_up')[0].value).toBe(60));
  it('converts weeks to months', () => expect(named('Median follow-up was 26 weeks.', 'median_follow_up')[0].value).toBe(6));
  it('reads a list of follow-ups with groups', () => {
    const values = named('The median follow-up was 42 months (IQR 21–95 months) for primary RLMS, 40 months (IQR 24–73 months) for recurrent RLMS.', 'median_follow_up');
    expect(values.map((m) => [m.value, m.group])).toEqual([[42, 'primary RLMS'], [40, 'recurrent RLMS']]);
  });
});

describe('median survival', () => {
  it('reads two groups in "Median OS was 62 months for primary and 33 months for recurrent cases"', () => {
    const os = named('Median OS was 62 months for primary and 33 months for recurrent cases.', 'median_os');
    expect(os.map((m) => [m.value, m.group])).toEqual([[62, 'primary'], [33, 'recurrent']]);
  });
  it('reads glued units "median recurrence free survival (RFS) of 10mos"', () => {
    expect(named('with a median recurrence free survival (RFS) of 10mos after resection.', 'median_rfs')[0]).toMatchObject({ value: 10, unit: 'months' });
  });
  it('reads "Median overall survival (OS) following LLM resection was 62 months"', () => {
    expect(named('Median overall survival (OS) following LLM resection was 62 months.', 'median_os')[0].value).toBe(62);
  });
  it('reads both values of "69 vs. 38mos"', () => expect(named('Increased OS was seen after R0 resection (69 vs. 38mos).', 'median_os').map((m) => m.value)).toEqual([69, 38]));
  it('pairs PFS and OS with their values by "respectively"', () => {
    const ms = metricsOf('The median progression-free survival and overall survival were 4.9 months and 27.3 months, respectively.');
    expect(ms.map((m) => [m.name, m.value])).toEqual([['median_pfs', 4.9], ['median_os', 27.3]]);
  });
  it('does not read a range across studies as a median', () => {
    const ms = metricsOf('The median progression-free survival and overall survival vary, with ranges from 4.9-27.3 months and 1.9-140.2 months, respectively.');
    expect(ms.filter((m) => m.name.startsWith('median_'))).toEqual([]);
  });
  it('reads median DFS in years as months', () => expect(named('Median disease-free survival was 2.5 years.', 'median_dfs')[0].value).toBe(30));
  it('does not read a threshold "≥ 12mos" as a survival time', () => {
    expect(named('Decreased OS was seen with LLM within 12mos of resection or ≥ 12mos after it.', 'median_os')).toEqual([]);
  });
});

describe('rates and proportions', () => {
  it('reads "18 patients (9.7%) … had recurrence" as a recurrence rate', () => {
    expect(named('During follow-up, 18 patients (9.7%) in the complete resection group had recurrence.', 'recurrence_rate')[0]).toMatchObject({ value: 9.7, unit: '%', count: 18, group: 'complete resection' });
  });
  it('reads "recurrence was recorded in 5 (12.8%) cases"', () => expect(named('Recurrence was recorded in 5 (12.8%) cases.', 'recurrence_rate')[0]).toMatchObject({ value: 12.8, count: 5 }));
  it('reads "response rate of 10%-30%" as a range', () => expect(named('with a moderate response rate of 10%-30% 3.', 'response_rate')[0]).toMatchObject({ value: 10, low: 10, high: 30 }));
  it('reads a clinical benefit rate', () => expect(named('The clinical benefit rate was 66.7%.', 'clinical_benefit_rate')[0].value).toBe(66.7));
  it('reads "5-year OS rate of 45%" as a survival rate', () => expect(named('The 5-year OS rate of 45% was reached.', 'survival_rate')[0].value).toBe(45));
  it('reads other "n (x%)" statements as proportions', () => {
    expect(named('45 patients (83%) had an R0 resection margin.', 'proportion')[0]).toMatchObject({ value: 83, count: 45, unit: '%' });
  });
  it('does not read a group named "recurrent" as a recurrence rate', () => {
    expect(named('33 patients (33 %) in the recurrent group were censored.', 'proportion')[0]).toMatchObject({ value: 33, group: 'recurrent' });
  });
});

describe('values that share one % sign', () => {
  const values = (text: string) => metricsOf(text).filter((m) => m.unit === '%').map((m) => m.value);
  it('reads every value of "(46.6 vs. 16.3 vs. 7.1%; P < 0.001)"', () => expect(values('The resection rate was higher (46.6 vs. 16.3 vs. 7.1%; P < 0.001).')).toEqual([46.6, 16.3, 7.1]));
  it('reads "22 and 28% in the intervention and control groups"', () => expect(values('Events occurred in 22 and 28% in the intervention and control groups.')).toEqual([22, 28]));
  it('reads the value, not the spread, of "44.4 ± 15.7%"', () => expect(values('The 3-year EFS of the two groups were 44.4 ± 15.7% and 22.2 ± 13.8%.')).toEqual([44.4, 22.2]));
  it('does not read a range, a score or a pH as percentages', () => {
    expect(values('Doses between 2 and 5% were given.')).toEqual([5]);
    expect(values('Median knowledge score was 8 and 62.0% had adequate knowledge.')).toEqual([62]);
    expect(values('It was dissolved at pH 7.4 and 80% human plasma.')).toEqual([80]);
  });
});

describe('p-values', () => {
  it('reads "(all p ≤ 0.035)" with its bound', () => expect(named('Increased OS (all p ≤ 0.035) was seen.', 'p_value')[0]).toMatchObject({ value: 0.035, pBound: '<=' }));
  it('reads "p = 0.029"', () => expect(named('Survival differed (p = 0.029).', 'p_value')[0]).toMatchObject({ value: 0.029 }));
  it('reads "P<.001"', () => expect(named('Rates differed (P<.001).', 'p_value')[0]).toMatchObject({ value: 0.001, pBound: '<' }));
});

describe('what is not a metric', () => {
  const nothing = (text: string) => expect(metricsOf(text)).toEqual([]);
  it('ignores years', () => nothing('Patients treated between January 2002 and December 2022 were studied.'));
  it('ignores citation numbers', () => nothing('Adjuvant chemotherapy is undetermined, as for all adult STS 1.'));
  it('ignores stage numbers', () => nothing('Perioperative parameters were collected for stage 2 disease.'));
  it('ignores doses', () => nothing('Patients received rituximab 375 mg/m2 weekly for 4 weeks.'));
  it('ignores eligibility ages', () => nothing('Women aged ≤40 years old were eligible.'));
});

describe('spans and order', () => {
  it('puts the number inside every span and orders by start', () => {
    const text = 'A total of 216 patients were included. Median OS was 62 months (HR = 0.5, p = 0.01).';
    const ms = metricsOf(text);
    for (const m of ms) expect(m.span).toContain(String(m.value).split('.')[0]);
    expect(ms.map((m) => m.start)).toEqual([...ms.map((m) => m.start)].sort((a, b) => a - b));
  });
  it('is deterministic', () => {
    const text = 'A total of 216 patients were included. Median OS was 62 months (HR = 0.5, p = 0.01).';
    expect(metricsOf(text)).toEqual(metricsOf(text));
  });
});

describe('percentages in words', () => {
  it('reads a number in words before "percent" or "per cent"', () => {
    expect(metricsOf('Fifty-nine per cent of patients had had previous therapy.').filter((m) => m.unit === '%').map((m) => m.value)).toEqual([59]);
    expect(metricsOf('Sixty-nine percent of patients continued treatment.').filter((m) => m.unit === '%').map((m) => m.value)).toEqual([69]);
    // A number in words with no percent word is a count, not a percentage.
    expect(metricsOf('Sixty-nine patients continued treatment.').filter((m) => m.unit === '%')).toEqual([]);
  });
});

describe('numbers of a tokenised text', () => {
  it('reads "1. 09%" as one percentage and "3, 085 individuals" as one count', () => {
    expect(metricsOf('The carrier frequency was 1. 09% for the first mutation and 1. 52% for the second.').filter((m) => m.unit === '%').map((m) => m.value)).toEqual([1.09, 1.52]);
    expect(named('We performed the analysis on 3, 085 individuals from the same population.', 'cohort_size').map((m) => m.value)).toEqual([3085]);
    // A sentence that ends on a number still ends there.
    expect(metricsOf('The dose was raised to level 2. Then 40% of patients responded.').filter((m) => m.unit === '%').map((m) => m.value)).toEqual([40]);
  });
});

describe('percentages above 100', () => {
  it('reads one only as a change', () => {
    expect(metricsOf('The drug caused an increase of 130% of its AUC.').filter((m) => m.unit === '%').map((m) => m.value)).toEqual([130]);
    expect(metricsOf('Scores were 130% of baseline.').filter((m) => m.unit === '%')).toEqual([]);
  });
});

describe('other work in a relative clause after a result', () => {
  it('keeps the result, which is this study', () => {
    expect(metricsOf('Fewer subjects had adverse events with drug A alone than with drug A and drug B (33 versus 86%), the most frequent of which have been reported for either drug.').filter((m) => m.unit === '%').map((m) => m.value)).toEqual([33, 86]);
    expect(metricsOf('Several drugs, which have been reported to prolong the QT interval, are used in 40% of patients.').filter((m) => m.unit === '%')).toEqual([]);
  });
});
