import { describe, expect, it } from 'vitest';
import type { MetricRow } from '../../adapters/store.ts';
import { EVIDENCE_COLUMNS, evidenceCells, evidenceCsv, evidenceTable } from '../../cli/commands/records.ts';

const row: MetricRow = {
  docId: 'pmid:1',
  title: 'Adjuvant chemotherapy in uterine leiomyosarcoma',
  name: 'hazard_ratio',
  value: 0.62,
  low: 0.41,
  high: 0.94,
  p: 0.001,
  pBound: '<',
  group: 'adjuvant chemotherapy',
  comparator: 'observation, "watch and wait"',
  timepointMonths: 60,
  rule: 'ratio.hr-paren-ci',
  section: 1,
  start: 10,
  end: 40,
  spanText: 'HR 0.62 (95% CI 0.41-0.94)',
};

describe('records --metric', () => {
  it('has comparator, timepointMonths and rule columns', () => {
    expect(EVIDENCE_COLUMNS).toEqual(['docId', 'title', 'value', 'unit', 'group', 'comparator', 'timepointMonths', 'low', 'high', 'p', 'rule', 'span']);
    expect(evidenceCells(row)).toEqual([
      'pmid:1',
      'Adjuvant chemotherapy in uterine leiomyosarcoma',
      0.62,
      '',
      'adjuvant chemotherapy',
      'observation, "watch and wait"',
      60,
      0.41,
      0.94,
      '<0.001',
      'ratio.hr-paren-ci',
      'HR 0.62 (95% CI 0.41-0.94)',
    ]);
  });

  it('leaves unstated fields empty', () => {
    const bare: MetricRow = { docId: 'pmid:2', title: null, name: 'cohort_size', value: 57, section: 0, start: 0, end: 3, spanText: '57 patients' };
    expect(evidenceCells(bare)).toEqual(['pmid:2', '', 57, '', '', '', '', '', '', '', '', '57 patients']);
  });

  it('writes CSV with the header and quotes cells holding commas or quotes', () => {
    expect(evidenceCsv([row]).split('\n')).toEqual([
      'docId,title,value,unit,group,comparator,timepointMonths,low,high,p,rule,span',
      'pmid:1,Adjuvant chemotherapy in uterine leiomyosarcoma,0.62,,adjuvant chemotherapy,"observation, ""watch and wait""",60,0.41,0.94,<0.001,ratio.hr-paren-ci,HR 0.62 (95% CI 0.41-0.94)',
      '',
    ]);
  });

  it('prints the new columns in the terminal table', () => {
    const table = evidenceTable([row]);
    for (const text of ['comparator', 'timepointMonths', 'rule', 'ratio.hr-paren-ci', '60']) expect(table).toContain(text);
  });
});
