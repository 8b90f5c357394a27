import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MetricRow } from '../../adapters/store.ts';
import {
  EVIDENCE_COLUMNS,
  EVIDENCE_CSV_COLUMNS,
  chosenFormat,
  createRecordsCommand,
  evidenceCells,
  evidenceCsv,
  evidenceTable,
  parseLimit,
  resolveDocId,
  summaryOf,
  withFacts,
  type RecordsSource,
} from '../../cli/commands/records.ts';
import { documentFacts, type DocumentFacts } from '../../cli/document-facts.ts';
import { UsageError } from '../../cli/errors.ts';
import { LitRecord } from '../../src/record.ts';

const seed = LitRecord.parse(JSON.parse(readFileSync(new URL('../fixtures/seeds/000_b4283316c11e2928.record.json', import.meta.url), 'utf8')));
const record: LitRecord = { ...seed, journal: 'American journal of surgery', published: '2025-09-30' };

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

const facts: DocumentFacts = { designType: 'cohort', year: 2025, journal: 'American journal of surgery', cohortSize: 216 };

describe('evidence rows', () => {
  it('has the table columns in the order of the CSV', () => {
    expect(EVIDENCE_COLUMNS).toEqual(['docId', 'title', 'value', 'unit', 'group', 'comparator', 'p', 'low', 'high', 'timepointMonths', 'rule', 'span']);
    expect(evidenceCells(row)).toEqual([
      'pmid:1',
      'Adjuvant chemotherapy in uterine leiomyosarcoma',
      0.62,
      '',
      'adjuvant chemotherapy',
      'observation, "watch and wait"',
      '<0.001',
      0.41,
      0.94,
      60,
      'ratio.hr-paren-ci',
      'HR 0.62 (95% CI 0.41-0.94)',
    ]);
  });

  it('leaves unstated fields empty', () => {
    const bare: MetricRow = { docId: 'pmid:2', title: null, name: 'cohort_size', value: 57, section: 0, start: 0, end: 3, spanText: '57 patients' };
    expect(evidenceCells(bare)).toEqual(['pmid:2', '', 57, '', '', '', '', '', '', '', '', '57 patients']);
  });

  it('writes CSV with the document columns and quotes cells holding commas or quotes', () => {
    expect(evidenceCsv(withFacts([row], new Map([['pmid:1', facts]]))).split('\n')).toEqual([
      'docId,title,value,unit,group,comparator,p,low,high,timepointMonths,rule,designType,year,journal,cohortSize,span',
      'pmid:1,Adjuvant chemotherapy in uterine leiomyosarcoma,0.62,,adjuvant chemotherapy,"observation, ""watch and wait""",<0.001,0.41,0.94,60,ratio.hr-paren-ci,cohort,2025,American journal of surgery,216,HR 0.62 (95% CI 0.41-0.94)',
      '',
    ]);
    expect(EVIDENCE_CSV_COLUMNS).toHaveLength(16);
  });

  it('leaves the document columns empty when the record is not found', () => {
    const [line] = evidenceCsv(withFacts([row], new Map())).split('\n').slice(1);
    expect(line).toMatch(/,ratio\.hr-paren-ci,,,,,HR 0\.62/);
  });

  it('prints the table columns in the terminal table', () => {
    const table = evidenceTable([row], 200);
    for (const text of ['comparator', 'timepointMonths', 'rule', 'ratio.hr-paren-ci', '60']) expect(table).toContain(text);
  });

  it('cuts the terminal table to the width', () => {
    const table = evidenceTable([row], 100);
    expect(Math.max(...table.split('\n').map((line) => [...line].length))).toBeLessThanOrEqual(100);
    expect(table).toContain('…');
  });
});

describe('documentFacts', () => {
  it('takes the design type, the year of publication, the journal and the cohort size from the record', () => {
    expect(documentFacts(record)).toEqual(facts);
  });

  it('is empty where the record does not say', () => {
    expect(documentFacts({ ...record, journal: null, published: null, design: null, metrics: [] })).toEqual({ designType: null, year: null, journal: null, cohortSize: null });
  });
});

describe('resolveDocId', () => {
  it('makes a bare PMID a pmid docId', () => {
    expect(resolveDocId('39395469')).toBe('pmid:39395469');
    expect(resolveDocId('PMID: 39395469')).toBe('pmid:39395469');
  });

  it('makes a DOI, with or without doi.org, a lower-cased doi docId', () => {
    expect(resolveDocId('10.1016/J.AJSURG.2025.116587')).toBe('doi:10.1016/j.ajsurg.2025.116587');
    expect(resolveDocId('https://doi.org/10.1000/X')).toBe('doi:10.1000/x');
    expect(resolveDocId('http://dx.doi.org/10.1000%2Fabc')).toBe('doi:10.1000/abc');
    expect(resolveDocId('doi:10.1000/ABC')).toBe('doi:10.1000/abc');
  });

  it('leaves a docId as it is', () => {
    expect(resolveDocId('pmid:39395469')).toBe('pmid:39395469');
    expect(resolveDocId('sha256:0123456789abcdef')).toBe('sha256:0123456789abcdef');
  });
});

describe('options', () => {
  it('--limit takes a positive whole number', () => {
    expect(parseLimit('25')).toBe(25);
    for (const bad of ['0', '-1', '2.5', 'ten']) expect(() => parseLimit(bad)).toThrow(UsageError);
  });

  it('--json and --csv are --format json and csv, and only one format may be asked for', () => {
    expect(chosenFormat({ json: true })).toBe('json');
    expect(chosenFormat({ csv: true })).toBe('csv');
    expect(chosenFormat({ format: 'jsonl' })).toBe('jsonl');
    expect(chosenFormat({ format: 'json', json: true })).toBe('json');
    expect(chosenFormat({})).toBeUndefined();
    expect(() => chosenFormat({ format: 'table', csv: true })).toThrow(/choose one output format/);
  });
});

/** The records table as the command sees it, with what it was asked for. */
function fakeSource(): RecordsSource & { calls: string[] } {
  const other: LitRecord = { ...record, docId: 'doi:10.1000/x', title: 'A second paper' };
  const records = [record, other];
  const metricRows: MetricRow[] = [row, { ...row, docId: record.docId, title: record.title }, { ...row, docId: record.docId, value: 0.7 }];
  const calls: string[] = [];
  return {
    calls,
    async queryMetric(name, limit) {
      calls.push(`queryMetric ${name} ${limit}`);
      return metricRows.slice(0, limit);
    },
    async getRecord(docId) {
      calls.push(`getRecord ${docId}`);
      return records.find((r) => r.docId === docId);
    },
    async listRecords(limit) {
      calls.push(`listRecords ${limit}`);
      return records.slice(0, limit);
    },
    async listRecordSummaries(limit) {
      calls.push(`listRecordSummaries ${limit}`);
      return records.slice(0, limit).map(summaryOf);
    },
    async documentFacts(docIds) {
      calls.push(`documentFacts ${[...new Set(docIds)].join(' ')}`);
      return new Map(records.filter((r) => docIds.includes(r.docId)).map((r) => [r.docId, documentFacts(r)]));
    },
  };
}

async function records(args: string[], width = 100): Promise<{ out: string; source: ReturnType<typeof fakeSource> }> {
  const source = fakeSource();
  let out = '';
  const program = new Command('litstream').exitOverride();
  createRecordsCommand({ source: async () => source, stdout: (text) => void (out += text), width: () => width }).register(program, () => {});
  await program.parseAsync(['node', 'litstream', 'records', ...args]);
  return { out, source };
}

describe('litstream records', () => {
  it('lists summaries in a table that fits the terminal', async () => {
    const { out } = await records([], 60);
    expect(out).toMatch(/2 record\(s\)\n$/);
    expect(Math.max(...out.split('\n').map((line) => [...line].length))).toBeLessThanOrEqual(60);
    expect(out).toContain('…');
  });

  it('--limit asks the store for at most that many', async () => {
    const { out, source } = await records(['--limit', '1', '--format', 'jsonl']);
    expect(source.calls).toEqual(['listRecords 1']);
    expect(out.trim().split('\n')).toHaveLength(1);
  });

  it('--format json prints the array shape of parse; --json is the same', async () => {
    const viaFormat = (await records(['--format', 'json'])).out;
    expect(JSON.parse(viaFormat).map((r: LitRecord) => r.docId)).toEqual(['pmid:39395469', 'doi:10.1000/x']);
    expect((await records(['--json'])).out).toBe(viaFormat);
  });

  it('--format jsonl prints one record per line', async () => {
    const lines = (await records(['--format', 'jsonl'])).out.trim().split('\n');
    expect(lines.map((line) => JSON.parse(line).docId)).toEqual(['pmid:39395469', 'doi:10.1000/x']);
  });

  it('--format csv prints the summaries', async () => {
    const { out } = await records(['--format', 'csv']);
    expect(out.split('\n')[0]).toBe('docId,format,title,sections,entities,metrics,status');
    expect(out.split('\n')[2]).toMatch(/^doi:10\.1000\/x,pubtator,A second paper,/);
  });

  it('--doc takes a bare PMID or a DOI URL', async () => {
    const byPmid = await records(['--doc', '39395469']);
    expect(byPmid.source.calls).toEqual(['getRecord pmid:39395469']);
    expect(JSON.parse(byPmid.out).docId).toBe('pmid:39395469');
    const byDoi = await records(['--doc', 'https://doi.org/10.1000/X', '--json']);
    expect(byDoi.source.calls).toEqual(['getRecord doi:10.1000/x']);
    expect(JSON.parse(byDoi.out)).toHaveLength(1);
  });

  it('--doc names the docId it looked for when there is no such record', async () => {
    await expect(records(['--doc', '12345'])).rejects.toThrow('no record pmid:12345 (from 12345)');
  });

  it('--metric --csv reads each distinct document once, in one batch', async () => {
    const { out, source } = await records(['--metric', 'hazard_ratio', '--csv']);
    expect(source.calls).toEqual(['queryMetric hazard_ratio undefined', 'documentFacts pmid:1 pmid:39395469']);
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toContain(',cohort,2025,American journal of surgery,216,');
  });

  it('--metric with --limit and --format jsonl gives rows with their document facts', async () => {
    const { out, source } = await records(['--metric', 'hazard_ratio', '--limit', '2', '--format', 'jsonl']);
    expect(source.calls[0]).toBe('queryMetric hazard_ratio 2');
    const rows = out.trim().split('\n').map((line) => JSON.parse(line));
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ docId: 'pmid:39395469', designType: 'cohort', year: 2025, cohortSize: 216 });
  });

  it('--metric as a table reads no record bodies', async () => {
    const { out, source } = await records(['--metric', 'hazard_ratio'], 120);
    expect(source.calls).toEqual(['queryMetric hazard_ratio undefined']);
    expect(out).toMatch(/3 hazard_ratio value\(s\)\n$/);
  });

  it('refuses two formats at once and an unknown metric', async () => {
    await expect(records(['--json', '--csv'])).rejects.toThrow(UsageError);
    await expect(records(['--metric', 'median_tumour_size'])).rejects.toThrow(/unknown metric/);
  });
});
