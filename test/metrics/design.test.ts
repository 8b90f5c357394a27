import { describe, expect, it } from 'vitest';
import { classifyDesign } from '../../src/metrics/index.ts';
import { Design, type FormatId } from '../../src/record.ts';

const hints = { format: 'plain-text' as FormatId, publicationTypes: [] as string[], meshHeadings: [] as string[] };
const design = (text: string, h: Partial<typeof hints> = {}) => classifyDesign([{ label: 'ABSTRACT', text }], { ...hints, ...h });

describe('study design', () => {
  it('returns a full Design object even when nothing is known', () => {
    expect(Design.parse(design('Leiomyosarcoma is rare.'))).toEqual({ retrospective: false, prospective: false, randomized: false, centers: null, periodStart: null, periodEnd: null, type: null });
  });
  it('reads a retrospective single-center cohort', () => {
    expect(design('The study had a retrospective cohort design at our institution.')).toMatchObject({ retrospective: true, centers: 'single', type: 'cohort' });
  });
  it('reads "two centres" as multi', () => expect(design('We analyzed 227 patients from two centres.').centers).toBe('multi'));
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
    expect(design('Radiation has not improved survival in a randomized trial.', { format: 'evidence-summary' }).randomized).toBe(false);
  });
});
