/**
 * The cohort-size rules one by one, and the context rules and the resolver
 * that keep one total per study.
 */
import { describe, expect, it } from 'vitest';
import { extractMetrics } from '../../src/metrics/index.ts';
import type { Design, Section } from '../../src/record.ts';

const cohortOf = (text: string, design: Design | null = null, label = 'RESULTS') =>
  extractMetrics([{ label, text }], design).filter((m) => m.name === 'cohort_size').map((m) => ({ value: m.value, rule: m.rule, span: text.slice(m.start, m.end) }));
const valueOf = (text: string) => cohortOf(text)[0]?.value ?? null;
const humans: Design = { retrospective: null, prospective: null, randomized: null, centers: null, periodStart: null, periodEnd: null, type: null, subjects: 'humans' };

describe('cohort size: candidate rules', () => {
  it('reads "A total of 11 004 patients"', () => expect(cohortOf('A total of 11 004 patients with suspected mycosis were investigated.')[0]).toMatchObject({ value: 11004, rule: 'cohort.total-of', span: 'A total of 11 004 patients' }));
  it('reads "One hundred and one patients … were enrolled"', () => expect(valueOf('One hundred and one patients with sepsis were enrolled.')).toBe(101));
  it('reads "Four hundred and fifty-two Caucasian men … participated"', () => expect(valueOf('Four hundred and fifty-two Caucasian men aged from 18 to 76, with a BMI of 25.0 to 42.4 kg/m2, participated in this study.')).toBe(452));
  it('reads "We reviewed retrospectively 1,157 consecutive patients"', () => expect(cohortOf('We reviewed retrospectively 1,157 consecutive patients between birth and 2 years of age.')[0]).toMatchObject({ value: 1157, rule: 'cohort.we-verb' }));
  it('reads "The study included 71 female volunteers"', () => expect(valueOf('The study included 71 female volunteers (age: 40-67 years).')).toBe(71));
  it('reads "Study population was 18,578 subjects" despite the two groups inside it', () => expect(valueOf('Study population was 18,578 subjects (4,192 patients diagnosed with AR and 14,386 healthy controls).')).toBe(18578));
  it('reads the people of "a case series of 28 eyes of 28 patients"', () => expect(cohortOf('Retrospective, consecutive case series of 28 eyes of 26 patients with RRD.')[0]).toMatchObject({ value: 26, rule: 'cohort.units-of-people' }));
  it('reads the people of "Eighty-five admissions (60 unique patients)"', () => expect(cohortOf('Eighty-five admissions (60 unique patients) met inclusion criteria.')[0]).toMatchObject({ value: 60, rule: 'cohort.units-paren-people' }));
  it('reads "A cross-sectional study carried out between …, included 2000 physicians"', () => expect(cohortOf('A cross-sectional study carried out between Jan 2017 and Nov 2018, included 2000 physicians working in 21 centers.')[0]).toMatchObject({ value: 2000, rule: 'cohort.study-comma-verb' }));
  it('reads a count after an opening phrase: "At two different sessions, 12 healthy sedentary male subjects … performed"', () => expect(valueOf('At two different sessions, 12 healthy sedentary male subjects (24.3 ± 2.5 years) performed isokinetic exercises.')).toBe(12));
  it('reads "A total of 15,212 primary ACLR procedures were recorded in 14,926 patients"', () => expect(valueOf('A total of 15,212 primary ACLR procedures were recorded in 14,926 patients.')).toBe(14926));
  it('reads "athletes (n = 19)"', () => expect(valueOf('Highly-trained athletes (n = 19) completed four tests.')).toBe(19));
  it('reads "were enrolled (N = 2,746)"', () => expect(valueOf('Members of the National Guard were enrolled (N = 2,746) during drill weekends.')).toBe(2746));
  it('reads a case series', () => expect(valueOf('We describe three cases of myositis ossificans following foot surgery.')).toBe(3));
  it('reads "a randomized trial including 129 healthy men and women"', () => expect(valueOf('This was a randomized trial including 129 healthy men and women.')).toBe(129));
  it('reads people counted after a count of units', () => expect(valueOf('A total of 34 712 AF tracings from 830 patients were analysed.')).toBe(830));
  it('reads "samples totaling 505 individuals"', () => expect(valueOf('Analysis in two independent samples totaling 505 individuals showed an association.')).toBe(505));
  it('reads "2.1 million adults"', () => expect(valueOf('We studied 2.1 million adults registered with a general practice.')).toBe(2_100_000));
  it('reads a count after an introductory clause', () => expect(valueOf('In the Oncology Centre, between 2011 and 2017, 318 melanoma patients were treated with checkpoint inhibitors.')).toBe(318));
});

describe('cohort size: a screened total and the part of it taken in', () => {
  it('reads the randomized of "Of the 356 patients screened, 300 were randomized"', () => expect(valueOf('Of the 356 patients screened, 300 were randomized.')).toBe(300));
  it('reads the enrolled of "Of 2,134 patients assessed for eligibility, 1,500 were enrolled"', () => expect(valueOf('Of 2,134 patients assessed for eligibility, 1,500 were enrolled.')).toBe(1500));
  it('reads "; 379 of them were randomized" after the patients assessed', () =>
    expect(cohortOf('A total of 388 patients were assessed for eligibility; 379 of them were randomized 1:1 to two arms.')[0]).toMatchObject({ value: 379, rule: 'cohort.then-included', span: '379 of them were randomized' }));
  it('reads "We screened 900 patients and enrolled 620"', () => expect(cohortOf('We screened 900 patients and enrolled 620.')[0]).toMatchObject({ value: 620, rule: 'cohort.and-included' }));
  it('reads "were invited and 1,456 participated"', () => expect(valueOf('A total of 2,000 individuals were invited and 1,456 participated.')).toBe(1456));
  it('keeps the screened total when nothing was taken in from it', () => expect(valueOf('Of the 120 patients screened, most were men.')).toBe(120));
  it('does not read an arm of "and randomized 150 to each arm" as the cohort', () => expect(valueOf('We screened 400 patients and randomized 150 to each arm.')).toBe(400));
});

describe('cohort size: more ways the total is written', () => {
  // After a first sentence, so that the rules of an abstract's opening do not apply.
  const later = (text: string) => cohortOf(`Little is known about this. ${text}`)[0] ?? null;
  it('reads "We report on a combination of … in 24 patients" and "This prospective study determined … among 80 patients"', () => {
    expect(later('We report on a combination of everolimus and tacrolimus in 24 patients with leukaemia.')).toMatchObject({ value: 24, rule: 'cohort.we-studied-in' });
    expect(later('This prospective study determined the incidence of nephropathy for two contrast media among 80 patients younger than 18 years.')).toMatchObject({ value: 80, rule: 'cohort.we-studied-in' });
    expect(later('We characterized the mutations of the WASP gene in 24 unrelated patients.')?.value).toBe(24);
  });
  it('leaves "in 12 patients and in 10 healthy controls" without a total', () => expect(later('We measured plasma drug levels in 12 patients and in 10 healthy controls.')).toBeNull());
  it('reads "The following case describes two children"', () => expect(later('The following case describes two children poisoned with pemoline.')).toMatchObject({ value: 2, rule: 'cohort.we-present-cases' }));
  it('reads a count whose verb comes after a long description of who they were', () =>
    expect(later('Six patients with either obsessive compulsive disorder, trichotillomania, anxiety, or affective disorders who suffered sexual side effects after treatment with serotonin reuptake blockers were given yohimbine.')?.value).toBe(6));
  it('takes "Among the 15 patients with CIN, 6 had …" after a larger total for a part of it', () =>
    expect(later('The 80 patients in the study received either iopromide or iohexol. Among the 15 patients with CIN, 6 had cyanotic heart disease.')?.value).toBe(80));
  it('reads "was given to 24 epileptic patients"', () => expect(cohortOf('Valproic acid (VPA) was given to 24 epileptic patients who were already being treated with other drugs.')[0]).toMatchObject({ value: 24, rule: 'cohort.given-to' }));
  it('reads "Eleven homosexual men … were entered in the trial"', () => expect(valueOf('Eleven homosexual men with advanced Kaposi sarcoma were entered in the trial.')).toBe(11));
  it('reads "Sixty patients were pretreated"', () => expect(valueOf('Sixty patients were pretreated in a randomized double-blinded fashion with remifentanil or placebo.')).toBe(60));
  it('reads a structured abstract\'s participants stated bare: "PATIENTS: Twenty-two patients with …"', () => {
    const sections: Section[] = [{ label: 'DESIGN', text: 'Randomized, double-blind, placebo-controlled trial.' }, { label: 'PATIENTS', text: 'Twenty-two patients with known reversible perfusion defects.' }];
    expect(extractMetrics(sections, humans).find((m) => m.name === 'cohort_size')).toMatchObject({ value: 22, rule: 'cohort.participants-section' });
    expect(valueOf('Twenty-two patients with known reversible perfusion defects.')).toBeNull();
  });
  it('reads cases described: "Four cases of water intoxication … are described", "We describe herein 3 patients"', () => {
    expect(cohortOf('Four cases of water intoxication in connection with oxytocin administration are described.')[0]).toMatchObject({ value: 4, rule: 'cohort.cases-described' });
    expect(valueOf('We describe herein 3 patients who developed rosacea-like dermatitis.')).toBe(3);
  });
  it('reads a count after "Following …,": "Following approval and written informed consent, 65 volunteers were studied"', () =>
    expect(valueOf('Following approval and written informed consent, 65 volunteers were studied in two trials.')).toBe(65));
  it('leaves the count of the one group a sentence names: "Twenty-four patients were anaesthetized … (hypotensive group)"', () => {
    expect(valueOf('Twenty-four patients were anaesthetized with labetalol and isoflurane (hypotensive group).')).toBeNull();
    expect(valueOf('Sixty-five patients received either saline (group 1), methylprednisolone before (group 2), or methylprednisolone before and after (group 3).')).toBe(65);
  });
  it('leaves the first of two groups written in parallel, and keeps a total with its parts', () => {
    expect(valueOf('There were 3379 patients randomly assigned to enalapril with a median follow-up of 974 days and 3379 patients randomly assigned to placebo.')).toBeNull();
    expect(valueOf('Sixty patients received combination therapy and 58, zidovudine and placebo.')).toBeNull();
    expect(valueOf('Six patients received a normal-sodium diet and four a low-sodium diet.')).toBeNull();
    expect(valueOf('Sixty-five patients, 34 women and 31 men, received either saline or methylprednisolone.')).toBe(65);
    expect(valueOf('A total of 3,680 study subjects comprised 1,288 cases, and 2,392 healthy controls were recruited.')).toBe(3680);
    expect(valueOf('Association studies in two independent samples totaling 505 individuals revealed that it accounts for 3 to 4 percent and 7 to 9 percent of variance.')).toBe(505);
  });
  it('leaves a group compared or matched with another: "Thirteen patients … were compared to 26 controls"', () =>
    expect(valueOf('Thirteen patients with positive cocaine toxicology were compared to 26 controls.')).toBeNull());
  it('does not take a control group alone for the total', () => {
    expect(valueOf('We also studied this enzyme from three diabetic kindreds and from four normal controls.')).toBeNull();
    expect(valueOf('The frequency was calculated from a total of 6,984 controls matched by place of residence.')).toBeNull();
  });
  it('reads the people units were counted among: "4,321 admissions among 3,998 unique patients", "64 operations in 62 patients"', () => {
    expect(cohortOf('We identified 4,321 admissions among 3,998 unique patients.')[0]).toMatchObject({ value: 3998, rule: 'cohort.units-among-people' });
    expect(valueOf('Ketamine was used for 64 operations in 62 patients, aged from 6 weeks to 70 years.')).toBe(62);
  });
  it('reads the respondents of a survey sent out: "distributed to 2,000 physicians, of whom 712 responded"', () =>
    expect(valueOf('The survey was distributed to 2,000 physicians, of whom 712 responded.')).toBe(712));
  it('reads past a bracket with a bracket inside it', () =>
    expect(valueOf('One hundred twelve subjects (70% male; mean age=23.3 years [SD = 5.1]) with first-episode schizophrenia were randomly assigned to olanzapine or risperidone.')).toBe(112));
  it('reads a case series opening its abstract, and only there', () => {
    const series = (first: string, label = 'ABSTRACT') => extractMetrics([{ label: 'TITLE', text: 'Myoclonus and lamotrigine.' }, { label, text: first }], humans).find((m) => m.name === 'cohort_size')?.value ?? null;
    expect(series('Five patients with idiopathic generalized epilepsies treated with lamotrigine experienced exacerbation of myoclonic jerks. All improved.')).toBe(5);
    expect(series('Lamotrigine is widely used. Five patients with idiopathic generalized epilepsies experienced exacerbation of myoclonic jerks.')).toBeNull();
  });
  it('reads "Complete data were obtained for 890 participants"', () => expect(cohortOf('Complete data were obtained for 890 participants.')[0]).toMatchObject({ value: 890, rule: 'cohort.available-for' }));
  it('reads the cohort described: "The 312 participants had a mean age of 45 years"', () => expect(cohortOf('The 312 participants had a mean age of 45 years.')[0]).toMatchObject({ value: 312, rule: 'cohort.the-n-described' }));
  it('reads the analysed of "Of 640 eligible patients, 602 were analysed"', () => expect(valueOf('Of 640 eligible patients, 602 were analysed.')).toBe(602));
  it('reads "Data were available for 1,845 patients"', () => expect(cohortOf('Data were available for 1,845 patients.')[0]).toMatchObject({ value: 1845, rule: 'cohort.available-for' }));
  it('reads "The study population included all 1,234 infants"', () => expect(valueOf('The study population included all 1,234 infants born before 32 weeks.')).toBe(1234));
});

describe('cohort size: the denominator of a proportion, when nothing states the total', () => {
  it('reads "732 of 1735 (42.2%) patients"', () => expect(cohortOf('NAFLD was diagnosed in 732 of 1735 (42.2%) patients.')[0]).toMatchObject({ value: 1735, rule: 'cohort.denominator' }));
  it('reads "16.5% (n=108/654)"', () => expect(cohortOf('Anaemia was found in 16.5% (n=108/654) of antenatal mothers.')[0]).toMatchObject({ value: 654, rule: 'cohort.denominator-n' }));
  it('takes a stated total over a denominator', () => expect(valueOf('A total of 2000 patients were included. Anaemia was found in 732 of 1735 (42.2%) patients.')).toBe(2000));
  it('leaves a bare "2 of 3 children", and the denominators of two arms', () => {
    expect(valueOf('Growth improved in 2 of 3 children.')).toBeNull();
    expect(valueOf('After 5 minutes, 80/115 (70%) treated patients, compared with 21/63 (33%) placebo patients, were awake.')).toBeNull();
  });
});

describe('cohort size: a population counted in brackets', () => {
  it('reads "the total Swedish population born between 1902 and 1952 (n = 4,258,934)"', () =>
    expect(cohortOf('We followed the total Swedish population born between 1902 and 1952 (n = 4,258,934) during the period 1987-2002.')[0]).toMatchObject({ value: 4258934, rule: 'cohort.population-n-paren' }));
});

describe('cohort size: context rules', () => {
  it('does not count interviews, visits or procedures as participants', () => {
    expect(valueOf('In total, 56 in-depth interviews were conducted.')).toBeNull();
    expect(valueOf('A total of 2240 procedures over 21 months had matching records.')).toBeNull();
  });
  it('gives no total for two groups with no stated total', () => expect(valueOf('One hundred and two patients with psoriasis and 40 healthy volunteers were enrolled.')).toBeNull());
  it('takes the inclusion over the screening', () => expect(valueOf('A total of 300 maintenance HD patients were evaluated and 223 HD patients were included in the study.')).toBe(223));
  it('takes the whole over the part that completed', () => expect(valueOf('Of the total sample of 634 caregivers, 604 caregivers completed all five questions.')).toBe(634));
  it('ignores a background sentence', () => expect(cohortOf('Previous studies reported 5000 patients with this disease.', null, 'RESULTS')).toEqual([]));
  it('ignores counts in a background section', () => expect(cohortOf('A total of 400 patients were included in an earlier cohort.', null, 'BACKGROUND')).toEqual([]));
  it('does not read a value of the cohort as its size', () => expect(valueOf('The median age of our cohort was 76 (IQR, 70-81) years.')).toBeNull());
  it('does not read "of these, 23 patients" as the total', () => expect(valueOf('Of these, 23 patients were treated with surgery.')).toBeNull());
  it('keeps a count with its own percentage out', () => expect(valueOf('Relapse: 15 (7.5%) patients were treated again.')).toBeNull());
});

describe('cohort size: one per document', () => {
  const sections: Section[] = [
    { label: 'BACKGROUND', text: 'A total of 900 patients were enrolled in the pivotal trial.' },
    { label: 'METHODS', text: 'A total of 216 patients were included. Among them, 40 patients were treated with surgery.' },
    { label: 'RESULTS', text: 'In total, 210 patients were analysed.' },
  ];
  it('takes the first strongest statement of the study itself', () => {
    const cohort = extractMetrics(sections, humans).filter((m) => m.name === 'cohort_size');
    expect(cohort.map((m) => m.value)).toEqual([216]);
  });
  it('gives no cohort for an animal study', () => {
    expect(extractMetrics(sections, { ...humans, subjects: 'animals', type: 'animal' }).filter((m) => m.name === 'cohort_size')).toEqual([]);
  });
  it("gives no cohort for a review's pooled count", () => {
    const review: Section[] = [{ label: 'RESULTS', text: 'Twelve studies with a total of 6483 patients were included.' }];
    expect(extractMetrics(review, { ...humans, type: 'meta-analysis' }).filter((m) => m.name === 'cohort_size')).toEqual([]);
  });
});

describe('cohort size: enrolled over screened', () => {
  it('takes the randomized count after the screened one', () => expect(valueOf('Overall, 2,345 women were screened and 1,200 were randomized.')).toBe(1200));
  it('takes the enrolled count after the eligible one', () => expect(valueOf('Of 1,500 eligible patients, 1,203 consented and were enrolled.')).toBe(1203));
  it('does not read a year as a count', () => expect(valueOf('Studies published between 2010 and 2013 were included.')).toBeNull());
});

describe('cohort size: case series and reports', () => {
  it('reads "We report the first two cases"', () => expect(valueOf('We report the first two cases of topiramate-induced nephrolithiasis.')).toBe(2));
  it('reads "presents the findings in two young boys"', () => expect(valueOf('This paper presents the clinical and metabolic findings in two young boys with Kearns-Sayre syndrome.')).toBe(2));
  it('reads "The authors interviewed six persons"', () => expect(valueOf('The authors interviewed six persons with ifosfamide-induced hallucinations.')).toBe(6));
  it('reads people who "were administered" an examination', () => expect(valueOf('Three subjects with a history of optic neuropathy were administered a full examination.')).toBe(3));
});

describe('cohort size: a description in brackets before the verb', () => {
  it('reads "Sixty-two consecutive patients (38 men; mean age 64 years) … were prospectively enrolled"', () => {
    expect(valueOf('Sixty-two consecutive patients (38 men; mean age 64 years) undergoing TAVI were prospectively enrolled.')).toBe(62);
  });
});
