import { describe, expect, it } from 'vitest';
import { designHtml, documentHtml, evidenceHtml, metricTitle, metricsTableHtml, periodText, yesNo } from '../../dashboard/public/render.js';
import type { Metric } from '../../src/record.ts';
import { extractedRecord } from './fake-sources.ts';

const hazardRatio: Metric = {
  name: 'hazard_ratio',
  value: 0.62,
  low: 0.41,
  high: 0.94,
  p: 0.02,
  pBound: null,
  group: 'adjuvant chemotherapy',
  comparator: 'observation',
  timepointMonths: null,
  rule: 'ratio.hr-paren-ci',
  section: 1,
  start: 0,
  end: 5,
};
const fiveYear: Metric = { name: 'survival_rate', value: 48, unit: '%', timepointMonths: 60, rule: 'rate.n-year', section: 1, start: 0, end: 5 };

describe('document view', () => {
  it("lists each metric's group, comparator, timepoint and rule", () => {
    const html = metricsTableHtml([hazardRatio, fiveYear]);
    expect(html).toContain('<td class="col-group">adjuvant chemotherapy</td><td class="col-comparator">observation</td>');
    expect(html).toContain('<td class="num col-timepointMonths">60</td>');
    expect(html).toContain('<code>ratio.hr-paren-ci</code>');
    expect(html).toContain('<td class="num">0.41–0.94</td>');
  });

  it('says the same in the highlight title, starting with name = value', () => {
    expect(metricTitle(hazardRatio)).toBe('hazard_ratio = 0.62, group: adjuvant chemotherapy, vs observation, CI 0.41–0.94, p = 0.02, rule ratio.hr-paren-ci');
    expect(metricTitle(fiveYear)).toBe('survival_rate = 48 %, at 60 months, rule rate.n-year');
  });

  it('shows the design: type, subjects, each flag as yes, no or not stated, centers and period', () => {
    const html = designHtml(extractedRecord(1).design);
    const fields = Object.fromEntries([...html.matchAll(/data-design="(\w+)"[^>]*>([^<]*)</g)].map((m) => [m[1], m[2]]));
    expect(fields).toEqual({
      type: 'cohort',
      subjects: 'humans',
      retrospective: 'yes',
      prospective: 'no',
      randomized: 'not stated',
      centers: 'multicenter',
      period: '2001–2019',
    });
  });

  it('shows an unstated design field as not stated', () => {
    const html = designHtml({ retrospective: null, prospective: null, randomized: true, centers: null, periodStart: null, periodEnd: null, type: 'randomized-controlled-trial', subjects: null });
    expect(html).toContain('data-design="type">randomized controlled trial<');
    expect(html).toContain('data-design="centers" class="muted">not stated<');
    expect(html).toContain('data-design="subjects" class="muted">not stated<');
    expect(designHtml(null)).toContain('not extracted');
  });

  it('words flags and open-ended periods', () => {
    expect([yesNo(true), yesNo(false), yesNo(null), yesNo(undefined)]).toEqual(['yes', 'no', 'not stated', 'not stated']);
    expect([periodText(2001, 2019), periodText(2010, 2010), periodText(2001, null), periodText(null, 2019), periodText(null, null)]).toEqual([
      '2001–2019',
      '2010',
      'from 2001',
      'until 2019',
      'not stated',
    ]);
  });

  it('escapes markup in every field it shows', () => {
    const payload = '<img src=x onerror=alert(1)><script>alert(1)</script>';
    const record = extractedRecord(3, { title: payload, journal: payload });
    record.sections[1] = { label: payload, text: `${record.sections[1].text} ${payload}` };
    record.metrics[1] = { ...record.metrics[1], group: payload, comparator: payload, rule: payload };
    record.entities[0] = { ...record.entities[0], text: payload, type: payload };
    const html = documentHtml(record);
    expect(html).not.toMatch(/<img|<script/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('evidence table', () => {
  it('has comparator, timepoint and rule columns next to group', () => {
    const html = evidenceHtml({ items: [{ ...hazardRatio, docId: 'pmid:1', title: 't', spanText: 'HR 0.62' }], page: 1, pageSize: 50, total: 1, pages: 1, sort: 'docId', order: 'asc' });
    const headers = [...html.matchAll(/data-sort="(\w+)"/g)].map((m) => m[1]);
    expect(headers).toEqual(['docId', 'title', 'name', 'value', 'unit', 'group', 'comparator', 'timepointMonths', 'low', 'high', 'p', 'spanText', 'rule']);
    expect(html).toContain('<td class=" col-comparator">observation</td>');
    expect(html).toContain('<td class=" col-rule">ratio.hr-paren-ci</td>');
  });
});
