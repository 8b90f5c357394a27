/**
 * `litstream records`: stored records read back, or with --metric the
 * evidence table, as a terminal table, JSON, JSON Lines or CSV. `--json` and
 * `--csv` (named by the command-line contract) are aliases of `--format`.
 */
import { Option, type Command } from 'commander';
import type { MetricRow, RecordSummary } from '../../adapters/store.ts';
import { METRIC_NAMES, type LitRecord } from '../../src/record.ts';
import { connect } from '../deployment.ts';
import { readDocumentFacts, type DocumentFacts } from '../document-facts.ts';
import { UsageError } from '../errors.ts';
import { storeFor } from '../ingest.ts';
import { renderTable, terminalWidth } from '../table.ts';
import type { CliCommand } from './types.ts';

export const OUTPUT_FORMATS = ['table', 'json', 'jsonl', 'csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/**
 * The docId a person means: a docId as stored, a bare PMID (`39395469` or
 * `PMID: 39395469`: `pmid:39395469`) or a DOI (`10.1000/X`,
 * `doi:10.1000/X` or `https://doi.org/10.1000/X`: `doi:10.1000/x`, lower-cased
 * as the pipeline stores it).
 */
export function resolveDocId(input: string): string {
  const given = input.trim();
  const pmid = /^(?:pmid\s*:?\s*)?(\d+)$/i.exec(given);
  if (pmid) return `pmid:${pmid[1]}`;
  let doi = given.replace(/^https?:\/\/(?:dx\.)?doi\.org\//i, '').replace(/^doi\s*:\s*/i, '');
  if (doi !== given) {
    try {
      doi = decodeURIComponent(doi);
    } catch {
      // not percent-encoded after all
    }
  }
  if (/^10\.\d{4,}(?:\.\d+)*\/\S+$/.test(doi)) return `doi:${doi.toLowerCase()}`;
  if (/^sha256:/i.test(given)) return given.toLowerCase();
  return given;
}

/** Commander argument parser for --limit: a positive whole number. */
export function parseLimit(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`--limit must be a positive whole number, got ${JSON.stringify(value)}`);
  return n;
}

interface FormatFlags {
  format?: OutputFormat;
  json?: boolean;
  csv?: boolean;
}

/** The one format asked for by --format, --json or --csv; undefined when none was. */
export function chosenFormat(flags: FormatFlags): OutputFormat | undefined {
  const asked = new Set<OutputFormat>();
  if (flags.format) asked.add(flags.format);
  if (flags.json) asked.add('json');
  if (flags.csv) asked.add('csv');
  if (asked.size > 1) throw new UsageError(`choose one output format, got ${[...asked].join(' and ')}`);
  return [...asked][0];
}

// --- the evidence table ------------------------------------------------------

/** A metric row with its document's facts (the CSV and JSON forms carry them). */
export type EvidenceRow = MetricRow & Partial<DocumentFacts>;

/** The terminal evidence table's columns. */
export const EVIDENCE_COLUMNS = ['docId', 'title', 'value', 'unit', 'group', 'comparator', 'p', 'low', 'high', 'timepointMonths', 'rule', 'span'] as const;

/** The evidence CSV's columns: the table's, then the document's design, year, journal and cohort size, the span last. */
export const EVIDENCE_CSV_COLUMNS = [
  'docId',
  'title',
  'value',
  'unit',
  'group',
  'comparator',
  'p',
  'low',
  'high',
  'timepointMonths',
  'rule',
  'designType',
  'year',
  'journal',
  'cohortSize',
  'span',
] as const;

type EvidenceColumn = (typeof EVIDENCE_CSV_COLUMNS)[number];

/** A p-value as stated: `<0.001` for a bound, `0.035` for an exact value. */
function pCell(row: MetricRow): string | number {
  if (row.p == null) return '';
  return row.pBound ? `${row.pBound}${row.p}` : row.p;
}

function evidenceCell(row: EvidenceRow, column: EvidenceColumn): string | number {
  switch (column) {
    case 'p':
      return pCell(row);
    case 'span':
      return row.spanText;
    default: {
      const value = row[column];
      return value ?? '';
    }
  }
}

/** One row's cells in EVIDENCE_COLUMNS order; an unstated value is an empty cell. */
export function evidenceCells(row: EvidenceRow): Array<string | number> {
  return EVIDENCE_COLUMNS.map((column) => evidenceCell(row, column));
}

function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV (RFC 4180 quoting), header line first, newline-terminated. */
export function toCsv(head: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const lines = [head.join(','), ...rows.map((row) => row.map(csvCell).join(','))];
  return `${lines.join('\n')}\n`;
}

/** The evidence table as CSV, with the document columns (empty where the record was not found). */
export function evidenceCsv(rows: readonly EvidenceRow[]): string {
  return toCsv(EVIDENCE_CSV_COLUMNS, rows.map((row) => EVIDENCE_CSV_COLUMNS.map((column) => evidenceCell(row, column))));
}

/** The evidence table for a terminal `width` characters wide, long cells cut. */
export function evidenceTable(rows: readonly EvidenceRow[], width = terminalWidth()): string {
  return renderTable([...EVIDENCE_COLUMNS], rows.map(evidenceCells), width);
}

/** Metric rows with their documents' facts, one look-up per distinct document. */
export function withFacts(rows: readonly MetricRow[], facts: ReadonlyMap<string, DocumentFacts>): EvidenceRow[] {
  const none: DocumentFacts = { designType: null, year: null, journal: null, cohortSize: null };
  return rows.map((row) => ({ ...row, ...(facts.get(row.docId) ?? none) }));
}

// --- records -----------------------------------------------------------------

export const SUMMARY_COLUMNS = ['docId', 'format', 'title', 'sections', 'entities', 'metrics', 'status'] as const;

type SummaryFields = Pick<RecordSummary, 'docId' | 'format' | 'title' | 'sections' | 'entities' | 'metrics' | 'status' | 'rejectionCode'>;

function summaryCells(s: SummaryFields): Array<string | number> {
  return [s.docId, s.format ?? '', s.title ?? '', s.sections, s.entities, s.metrics, s.status === 'rejected' ? `rejected (${s.rejectionCode})` : s.status];
}

export function summaryOf(record: LitRecord): SummaryFields {
  return {
    docId: record.docId,
    format: record.format,
    title: record.title,
    sections: record.sections.length,
    entities: record.entities.length,
    metrics: record.metrics.length,
    status: record.status,
    rejectionCode: record.rejection?.code ?? null,
  };
}

export function summariesTable(summaries: readonly SummaryFields[], width = terminalWidth()): string {
  return renderTable([...SUMMARY_COLUMNS], summaries.map(summaryCells), width);
}

export function summariesCsv(summaries: readonly SummaryFields[]): string {
  return toCsv(SUMMARY_COLUMNS, summaries.map(summaryCells));
}

function jsonLines(values: readonly unknown[]): string {
  return values.map((value) => `${JSON.stringify(value)}\n`).join('');
}

// --- the command ---------------------------------------------------------------

/** What `records` reads; the deployed store in use, a fake in tests. */
export interface RecordsSource {
  queryMetric(name: string, limit?: number): Promise<MetricRow[]>;
  getRecord(docId: string): Promise<LitRecord | undefined>;
  listRecords(limit?: number): Promise<LitRecord[]>;
  listRecordSummaries(limit?: number): Promise<SummaryFields[]>;
  documentFacts(docIds: readonly string[]): Promise<ReadonlyMap<string, DocumentFacts>>;
}

export interface RecordsCommandDeps {
  /** @default the deployed stack's records table */
  source?: () => Promise<RecordsSource>;
  stdout?: (text: string) => void;
  /** Terminal width the tables fit. @default terminalWidth() */
  width?: () => number;
}

interface RecordsFlags extends FormatFlags {
  doc?: string;
  metric?: string;
  limit?: number;
}

async function deployedSource(): Promise<RecordsSource> {
  const store = storeFor(await connect());
  return {
    queryMetric: (name, limit) => store.queryMetric(name, limit),
    getRecord: (docId) => store.getRecord(docId),
    listRecords: (limit) => store.listRecords(limit),
    listRecordSummaries: (limit) => store.listRecordSummaries(limit),
    documentFacts: (docIds) => readDocumentFacts(store, docIds),
  };
}

export function createRecordsCommand(deps: RecordsCommandDeps = {}): CliCommand {
  const stdout = deps.stdout ?? ((text) => process.stdout.write(text));
  const width = deps.width ?? (() => terminalWidth());
  return {
    register(program: Command) {
      program
        .command('records')
        .description('read stored records (or, with --metric, the evidence table) back from DynamoDB')
        .option('--doc <id>', 'one document: a docId, a bare PMID (39395469) or a DOI (10.1000/x or https://doi.org/10.1000/x)')
        .option('--metric <name>', `every stored metric of this name (${METRIC_NAMES.join(', ')})`)
        .option('--limit <n>', 'at most this many records (or metric rows)', parseLimit)
        .addOption(new Option('--format <format>', 'output format (default: table; for --doc, the record as JSON)').choices(OUTPUT_FORMATS))
        .option('--json', 'the same as --format json: the JSON array shape of `parse`')
        .option('--csv', 'the same as --format csv: comma-separated values for a spreadsheet')
        .action(async (flags: RecordsFlags) => {
          if (flags.metric && !(METRIC_NAMES as readonly string[]).includes(flags.metric)) {
            throw new UsageError(`unknown metric ${flags.metric}; one of ${METRIC_NAMES.join(', ')}`);
          }
          if (flags.doc && flags.metric) throw new UsageError('--doc and --metric do not go together');
          if (flags.doc && flags.limit !== undefined) throw new UsageError('--limit does not apply to --doc');
          const format = chosenFormat(flags);
          const source = await (deps.source ?? deployedSource)();

          if (flags.metric) {
            const rows = await source.queryMetric(flags.metric, flags.limit);
            if ((format ?? 'table') === 'table') {
              stdout(`${evidenceTable(rows, width())}\n${rows.length} ${flags.metric} value(s)\n`);
              return;
            }
            const evidence = withFacts(rows, await source.documentFacts(rows.map((row) => row.docId)));
            if (format === 'csv') stdout(evidenceCsv(evidence));
            else if (format === 'jsonl') stdout(jsonLines(evidence));
            else stdout(`${JSON.stringify(evidence, null, 2)}\n`);
            return;
          }

          if (flags.doc) {
            const docId = resolveDocId(flags.doc);
            const record = await source.getRecord(docId);
            if (!record) throw new UsageError(`no record ${docId}${docId === flags.doc ? '' : ` (from ${flags.doc})`}`);
            if (format === undefined) stdout(`${JSON.stringify(record, null, 2)}\n`);
            else if (format === 'json') stdout(`${JSON.stringify([record], null, 2)}\n`);
            else if (format === 'jsonl') stdout(jsonLines([record]));
            else if (format === 'csv') stdout(summariesCsv([summaryOf(record)]));
            else stdout(`${summariesTable([summaryOf(record)], width())}\n`);
            return;
          }

          if (format === 'json' || format === 'jsonl') {
            const records = await source.listRecords(flags.limit);
            stdout(format === 'json' ? `${JSON.stringify(records, null, 2)}\n` : jsonLines(records));
            return;
          }
          const summaries = await source.listRecordSummaries(flags.limit);
          if (format === 'csv') stdout(summariesCsv(summaries));
          else stdout(`${summariesTable(summaries, width())}\n${summaries.length} record(s)\n`);
        });
    },
  };
}

export const recordsCommand: CliCommand = createRecordsCommand();
