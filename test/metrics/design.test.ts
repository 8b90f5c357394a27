import { describe, expect, it } from 'vitest';
import { classifyDesign, designTypeOfStudy } from '../../src/metrics/index.ts';
import { Design, type FormatId } from '../../src/record.ts';

const hints = { format: 'plain-text' as FormatId, publicationTypes: [] as string[], meshHeadings: [] as string[] };
const design = (text: string, h: Partial<typeof hints> = {}) => classifyDesign([{ label: 'ABSTRACT', text }], { ...hints, ...h });

describe('study design', () => {
  it('returns a full Design object, every flag null, when nothing is known', () => {
    expect(Design.parse(design('Leiomyosarcoma is rare.'))).toEqual({ retrospective: null, prospective: null, randomized: null, centers: null, periodStart: null, periodEnd: null, type: null, subjects: null });
  });
  it('reads a retrospective single-center cohort', () => {
    expect(design('The study had a retrospective cohort design at our institution.')).toMatchObject({ retrospective: true, centers: 'single', type: 'cohort' });
  });
  it('reads "two centres" as multi', () => expect(design('We analyzed 227 patients from two centres.').centers).toBe('multi'));
  it('reads "21 public centers" and "teaching hospitals" as multi', () => {
    expect(design('The survey included 2000 physicians working in 21 public centers.').centers).toBe('multi');
    expect(design('Data were submitted to the benchmarking database by teaching hospitals.').centers).toBe('multi');
    expect(design('NSQIP was introduced to four public hospitals in 2015. We reviewed our outcomes.').centers).toBe('multi');
  });
  it('reads "at a large teaching hospital" and "from the Riyadh regional hospital" as single', () => {
    expect(design('Patients were enrolled over six months at a large teaching hospital.').centers).toBe('single');
    expect(design('Controls were recruited from the Riyadh regional hospital.').centers).toBe('single');
  });
  it('reads a number of hospitals, facilities or NICUs with a compound adjective as multi', () => {
    expect(design('Admissions were collected from three top-ranked hospitals in Lyon.').centers).toBe('multi');
    expect(design('The trial enrolled women in 40 of 52 healthcare facilities in the province.').centers).toBe('multi');
    expect(design('Infants were cared for in 18 participating level-III NICUs.').centers).toBe('multi');
    expect(design('Of 12 patients, 3 were discharged to rehabilitation facilities.').centers).toBeNull();
  });
  it('reads a setting written as a sentence of its own with a plural as multi, not a background sentence', () => {
    expect(design('Setting and participants were as follows. Community hospitals in Ontario, Canada. Adults with sepsis.').centers).toBe('multi');
    expect(design('Hospitals in England vary widely in how they staff night shifts.').centers).toBeNull();
    const background = classifyDesign([{ label: 'BACKGROUND', text: 'Rural hospitals in Norway.' }, { label: 'METHODS', text: 'We reviewed 200 charts.' }], hints);
    expect(background.centers).toBeNull();
  });
  it('reads a hospital named as where participants were recruited from as single, not a database named after a hospital', () => {
    expect(design('Participants were recruited from the Al-Noor Hospital in Mosul between 2016 and 2017.').centers).toBe('single');
    expect(design('We analysed discharges recorded in the Pediatric Hospital Information System.').centers).toBeNull();
    expect(design('We analysed data from the Children\'s Hospital Inpatient Database.').centers).toBeNull();
  });
  it('reads an institutional database as single, not an institutional review board', () => {
    expect(design('We queried our institutional database for adults who underwent a Whipple procedure.').centers).toBe('single');
    expect(design('The protocol was approved by the institutional review board.').centers).toBeNull();
  });
  it('reads "at an academic medical center" and "in a tertiary care hospital" as single, not a transfer to one', () => {
    expect(design('We conducted a randomized trial at an academic medical center.').centers).toBe('single');
    expect(design('This cross-sectional study was conducted in a tertiary care hospital in Nepal.').centers).toBe('single');
    expect(design('Two patients were transferred to a tertiary care hospital.').centers).toBeNull();
  });
  it('reads "multi-institutional" as multi', () => expect(design('A multi-institutional retrospective review.').centers).toBe('multi'));
  it('reads "between January 2002 and December 2022"', () => expect(design('Patients treated between January 2002 and December 2022.')).toMatchObject({ periodStart: 2002, periodEnd: 2022 }));
  it('reads "from 1999 – 2020"', () => expect(design('Patients resected from 1999 – 2020 at a single center.')).toMatchObject({ periodStart: 1999, periodEnd: 2020 }));
  it('reads "from January 2002 to December 2022"', () => expect(design('Surgery from January 2002 to December 2022.')).toMatchObject({ periodStart: 2002, periodEnd: 2022 }));
  it('reads a case series', () => expect(design('We conducted a single-center, retrospective study. Our real-life case series included patients.').type).toBe('case-series'));
  it('reads a randomized trial', () => expect(design('Patients were randomized (1:1) to drug or placebo.')).toMatchObject({ randomized: true, type: 'randomized-controlled-trial' }));
  it('takes the type from PubMed publication types', () => expect(design('Text.', { format: 'pubmed-xml', publicationTypes: ['Journal Article', 'Meta-Analysis'] }).type).toBe('meta-analysis'));
  it('maps "Case Reports" to case-report', () => expect(design('Text.', { publicationTypes: ['Case Reports'] }).type).toBe('case-report'));
  it('treats an evidence summary as a guideline', () => expect(design('Some evidence.', { format: 'evidence-summary' }).type).toBe('guideline'));
  it('does not make a guideline randomized because it cites a randomized trial', () => {
    expect(design('Radiation has not improved survival in a randomized trial.', { format: 'evidence-summary' }).randomized).toBeNull();
  });
  it('entails the other flags from "retrospective"', () => expect(design('We retrospectively reviewed 120 patients.')).toMatchObject({ retrospective: true, prospective: false, randomized: false }));
  it('leaves randomized unknown for a prospective study', () => expect(design('A prospective study of 40 patients.')).toMatchObject({ prospective: true, retrospective: false, randomized: null }));
  it('reads "a randomized, double-blind, prospective, multicenter study" as randomized', () => {
    expect(design('This was a randomized, double-blind, prospective, multicenter study.')).toMatchObject({ randomized: true, prospective: true, centers: 'multi', type: 'randomized-controlled-trial' });
  });
  it('reads a cross-sectional study as not randomized', () => expect(design('In this cross-sectional study, teachers answered a questionnaire.')).toMatchObject({ randomized: false, type: 'cross-sectional' }));
  it('does not take randomized sampling for randomized allocation', () => expect(design('The images of 30 randomly selected patients were measured.').randomized).toBeNull());
  it('does not make a secondary analysis of a trial randomized', () => expect(design('Secondary analyses of a randomized controlled feasibility study.').randomized).toBeNull());
  it('ignores "prospective studies are needed"', () => expect(design('Further prospective studies are needed.').prospective).toBeNull());
  it('reads an animal study', () => expect(design('Rats were fed a high-fat diet; the mice and rats were then compared.')).toMatchObject({ subjects: 'animals', type: 'animal' }));
  it('reads a cell study', () => expect(design('HCC cell lines were cultured in vitro with gold nanoparticles.')).toMatchObject({ subjects: 'cells', type: 'in-vitro' }));
  it('reads a study of people', () => expect(design('Forty patients with asthma were enrolled.').subjects).toBe('humans'));
  it('reads one named hospital as single-centre', () => expect(design('The study was conducted at Qilu Hospital of Shandong University.').centers).toBe('single'));
  it('reads a one-year period of data collection', () => expect(design('In 2016, 39 participants completed interviews.')).toMatchObject({ periodStart: 2016, periodEnd: 2016 }));
  it('reads "Between January and March 2017"', () => expect(design('Between January and March 2017, interviews were carried out.')).toMatchObject({ periodStart: 2017, periodEnd: 2017 }));
  it('reads "from January 1, 2006, to June 30, 2018"', () => expect(design('Men treated from January 1, 2006, to June 30, 2018 were reviewed.')).toMatchObject({ periodStart: 2006, periodEnd: 2018 }));
  it('reads "ambispective" as both retrospective and prospective, randomisation unknown', () => {
    expect(design('We conducted an ambispective study of adults starting dialysis at a regional unit.')).toMatchObject({ retrospective: true, prospective: true, randomized: null });
    expect(design('We conducted a retrospective study of adults starting dialysis.')).toMatchObject({ retrospective: true, prospective: false });
  });
  it('leaves prospective open for a retrospective analysis of prospectively collected data', () => {
    expect(design('We retrospectively analysed a prospectively maintained database of 412 hernia repairs.')).toMatchObject({ retrospective: true, prospective: null, randomized: false });
    expect(design('A prospective registry study; missing items were retrospectively completed from charts.')).toMatchObject({ retrospective: true, prospective: true });
  });
  it('does not read "prospective" meaning likely or future as a design', () => {
    expect(design('Prospective memory was tested in 40 older adults.')).toMatchObject({ prospective: null, retrospective: null });
    expect(design('We interviewed 30 prospective kidney donors.').prospective).toBeNull();
    expect(design('The films are promising for prospective flexible devices.')).toMatchObject({ prospective: null, type: null });
    expect(design('A prospective study of 30 kidney donors.').prospective).toBe(true);
  });
  it('reads a cohort named with an adjective between "longitudinal" and "cohort" as not randomised', () => {
    expect(design('Results from a longitudinal Danish cohort of 1,204 adolescents.').randomized).toBe(false);
    expect(design('In the entire cohort, 12% had a relapse.').randomized).toBeNull();
  });
  it('does not read a registry alone as a design that was not randomised', () => {
    expect(design('We used the national cancer registry to identify 3,200 patients.').randomized).toBeNull();
    expect(design('A registry-based case-control study of 3,200 patients.').randomized).toBe(false);
  });
  it('does not make a post-hoc analysis randomised by a time counted from randomisation', () => {
    expect(design('In this post-hoc analysis of the PREVENT trial, blood pressure was measured from randomization to month 12.').randomized).toBeNull();
    expect(design('This post hoc analysis of a randomized controlled trial included 900 patients.').randomized).toBeNull();
    expect(design('Patients were randomized to two arms and followed for 12 months after randomization.').randomized).toBe(true);
  });
  it('does not take a study that follows practice guidelines for a guideline', () => {
    expect(design('A prospective cohort study of 80 admissions; quality indicators were derived from evidence-based practice guidelines.')).toMatchObject({ prospective: true, type: 'cohort' });
    expect(design('Clinical practice guidelines for the management of gout in adults.').type).toBe('guideline');
  });
  it('reads survey cycles as one period from the first year to the last', () => {
    expect(design('Adults in the national nutrition survey (cycles 2003-2004-2011-2012) were analysed.')).toMatchObject({ periodStart: 2003, periodEnd: 2012 });
    expect(design('Adults examined in 2007–2008 through 2015–2016 were analysed.')).toMatchObject({ periodStart: 2007, periodEnd: 2016 });
    expect(design('Patients treated 2003-2004 were compared.')).toMatchObject({ periodStart: 2003, periodEnd: 2004 });
  });
  it('does not take the dates of the analysis for the study period', () => {
    expect(design('Participants were enrolled in 2014. Data analysis was performed from March to May 2020.')).toMatchObject({ periodStart: 2014, periodEnd: 2014 });
    expect(design('Data were analyzed between July 2019 and January 2020.')).toMatchObject({ periodStart: null, periodEnd: null });
    expect(design('Records of 300 patients treated from March 2012 to May 2016 were analysed.')).toMatchObject({ periodStart: 2012, periodEnd: 2016 });
  });
  it('takes birth years for the study period only when no other period is stated', () => {
    expect(design('Children born between 1990 and 2000 were followed from 2005 to 2015.')).toMatchObject({ periodStart: 2005, periodEnd: 2015 });
    expect(design('Infants born between 2010 and 2015 at our hospital were included.')).toMatchObject({ periodStart: 2010, periodEnd: 2015 });
  });
  it('widens the period by the other periods of its sentence, not of other sentences', () => {
    expect(design('Primary repairs performed between 2008 and 2012 and revisions performed between 2008 and 2015 were reviewed.')).toMatchObject({ periodStart: 2008, periodEnd: 2015 });
    expect(design('Patients were enrolled between 2008 and 2012. Registry linkage from 2000 to 2019 gave the outcomes.')).toMatchObject({ periodStart: 2008, periodEnd: 2012 });
  });
  it('reads "during June–August 2019" as one year', () => {
    expect(design('Questionnaires were collected during June–August 2019.')).toMatchObject({ periodStart: 2019, periodEnd: 2019 });
    expect(design('Questionnaires were collected during June–August.')).toMatchObject({ periodStart: null, periodEnd: null });
  });
  it('reads one year after the study\'s subjects, not a start or a publication', () => {
    expect(design('A survey of 400 nurses was conducted in 2018.')).toMatchObject({ periodStart: 2018, periodEnd: 2018 });
    expect(design('The programme started in 2015 and has since enrolled 300 patients.')).toMatchObject({ periodStart: null, periodEnd: null });
    expect(design('We applied the classification published in 2012 to 80 patients.')).toMatchObject({ periodStart: null, periodEnd: null });
    expect(design('We studied mortality in 1923 postmenopausal women.')).toMatchObject({ periodStart: null, periodEnd: null });
  });
  it('reads a systematic review as about others', () => expect(design('We performed a systematic review and meta-analysis of randomized trials.')).toMatchObject({ type: 'meta-analysis', randomized: null, subjects: null }));
});

/** The type `buildRecord` gives a titled abstract: the design's own, else read from how the study was done and its cohort. */
const typeOf = (abstract: string, cohort: number | null, title = 'A study') => {
  const s = [
    { label: 'TITLE', text: title },
    { label: 'ABSTRACT', text: abstract },
  ];
  return designTypeOfStudy(classifyDesign(s, hints), cohort, s);
};

describe('the type of a study of people that names none', () => {
  it('reads a double-blind, placebo-controlled comparison as a randomised trial', () => {
    expect(typeOf('In a double-blind study, 40 patients received drug A or placebo for 8 weeks.', 40)).toBe('randomized-controlled-trial');
  });
  it('reads an open or pilot study, a named trial and drugs given to volunteers as trials without randomisation', () => {
    expect(typeOf('This open study evaluated drug A in 30 patients with gout.', 30)).toBe('non-randomized-trial');
    expect(typeOf('Results of the ABCD trial are reported for 80 patients.', 80)).toBe('non-randomized-trial');
    expect(typeOf('Eight healthy volunteers were given 2 mg of drug B intravenously.', 8)).toBe('non-randomized-trial');
  });
  it('reads patients beside counted or healthy controls as a case-control study', () => {
    expect(typeOf('The polymorphism was typed in 105 patients and 102 controls.', null)).toBe('case-control');
    expect(typeOf('Levels in 20 patients were higher than in healthy controls.', 20)).toBe('case-control');
  });
  it('reads one patient described as a case report', () => {
    expect(typeOf('A 76 year-old woman was admitted with bradycardia after taking drug C.', null)).toBe('case-report');
    expect(typeOf('The serum level was high on admission and fell after dialysis.', null, 'Toxicity of drug D in a newborn infant')).toBe('case-report');
    expect(typeOf('A man, 25 years old, was admitted with fever.', null)).toBe('case-report');
  });
  it('reads families studied, with no count of patients, as a case series', () => {
    expect(typeOf('We sequenced the gene in two Chinese pedigrees with the deficiency.', null)).toBe('case-series');
    expect(typeOf('Linkage was mapped in a large kindred with the syndrome.', null)).toBe('case-series');
  });
  it('reads people who served as controls as a case-control study, not eyes that did', () => {
    expect(typeOf('Urine of 65 women with the disorder and 20 women without symptoms who served as controls was assayed.', null)).toBe('case-control');
    expect(typeOf('Twenty-five patients had surgery on one eye; the contralateral eyes served as controls.', 25)).toBe('case-series');
  });
  it('reads a few patients described, and a one-patient report of several, as a case series', () => {
    expect(typeOf('Five patients treated with drug E developed myoclonus.', 5)).toBe('case-series');
    expect(typeOf('A 37-year-old man (proband 1) and an 18-month-old boy (proband 2) were studied.', null)).toBe('case-series');
    expect(typeOf('We report a case of two siblings with rash after drug F.', 2)).toBe('case-series');
  });
  it('reads many people studied, or people followed over time, as a cohort', () => {
    expect(typeOf('Drug G was associated with lower mortality in 3,415 patients.', 3415)).toBe('cohort');
    expect(typeOf('We followed up all survivors of the poisoning and compared their mortality with that of the population.', null)).toBe('cohort');
  });
  it('leaves the type null when nothing says it, and keeps a named one', () => {
    expect(typeOf('Drug G was associated with lower mortality.', null)).toBeNull();
    expect(typeOf('In this retrospective cohort of 12 patients, drug H was stopped.', 12)).toBe('cohort');
    // Not a study of people.
    expect(typeOf('Rats were given drug I, and mice drug J; the rats developed seizures.', null)).toBe('animal');
  });
});

describe('what a study was done on', () => {
  const subjectsOf = (abstract: string, title = 'A study') => classifyDesign([{ label: 'TITLE', text: title }, { label: 'ABSTRACT', text: abstract }], hints).subjects;
  it('takes an animal with no person named as an animal study, though it speaks of clinical use', () => {
    expect(subjectsOf('Rats were anaesthetised and given the drug. The findings may have clinical relevance.')).toBe('animals');
  });
  it('takes an animal the title names, with no person beside it, over people the background speaks of', () => {
    expect(subjectsOf('BACKGROUND: Chelation is prescribed to children with raised lead levels. RESULTS: Treatment of the exposed rats improved learning.', 'Chelation improves learning in lead-exposed rats')).toBe('animals');
  });
  it('takes one patient described as a study of people', () => {
    expect(subjectsOf('A 76 year-old woman was admitted with bradycardia.')).toBe('humans');
    expect(subjectsOf('A 5-year-old was bitten by a dog and developed fever.')).toBe('humans');
  });
});

describe('a trial read from what it set out to measure', () => {
  it('reads the effect of a treatment given at a dose as a trial without randomisation', () => {
    expect(typeOf('The effect of drug A on renal blood flow was investigated in 20 subjects given 2 mg/kg.', 20)).toBe('non-randomized-trial');
    expect(typeOf('Drug B was compared with drug C in the treatment of parkinsonism in 60 outpatients.', 60)).toBe('non-randomized-trial');
  });
  it('reads a comparison of effects, and a dose given on a schedule, as a trial', () => {
    expect(typeOf('We have compared, in 60 adult patients, the cardiovascular effects of two doses of drug E.', 60)).toBe('non-randomized-trial');
    expect(typeOf('Drugs F and G were compared for their abilities to control acid secretion in 22 patients treated for a year.', 22)).toBe('non-randomized-trial');
    expect(typeOf('Balance studies were done in ten patients. Drug H (50 mg daily) was given for 14 days.', 10)).toBe('non-randomized-trial');
  });
  it('reads a few patients who had a reaction as a case series', () => {
    expect(typeOf('Four patients developed a rash after drug D was started; it cleared when the drug was stopped.', 4)).toBe('case-series');
  });
});

describe('a structured abstract that opens on an introduction', () => {
  it('reads the parts after it as this study, not as the discussion of a full text', () => {
    const sections = [
      { label: 'TITLE', text: 'Optic neuropathy after drug A' },
      { label: 'INTRODUCTION', text: 'Drug A is widely used and can cause visual loss.' },
      { label: 'CLINICAL PICTURE', text: 'Three patients with optic neuropathy after drug A are described.' },
      { label: 'OUTCOME', text: 'Vision improved in all three after the drug was stopped.' },
    ];
    const design = classifyDesign(sections, hints);
    expect(design.subjects).toBe('humans');
    expect(designTypeOfStudy(design, 3, sections)).toBe('case-series');
  });
});
