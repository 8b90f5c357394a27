import { METRIC_NAMES } from '../../src/record.ts';
import type { MetricRow } from '../../adapters/store.ts';
import { connect } from '../deployment.ts';
import { UsageError } from '../errors.ts';
import { storeFor } from '../ingest.ts';
import { renderTable, truncate } from '../table.ts';
import type { CliCommand } from './types.ts';

/** The evidence table's columns, in the order of the table and of the CSV header. */
export const EVIDENCE_COLUMNS = ['docId', 'title', 'value', 'unit', 'group', 'comparator', 'timepointMonths', 'low', 'high', 'p', 'rule', 'span'] as const;

/** Widths the terminal table cuts long cells to (the CSV keeps them whole). */
const TRUNCATE: Partial<Record<(typeof EVIDENCE_COLUMNS)[number], number>> = { title: 40, comparator: 30, span: 60 };

/** One row's cells in EVIDENCE_COLUMNS order; an unstated value is an empty cell. */
export function evidenceCells(row: MetricRow): Array<string | number> {
  const p = row.p == null ? '' : `${row.pBound ?? ''}${row.p}`;
  return [
    row.docId,
    row.title ?? '',
    row.value,
    row.unit ?? '',
    row.group ?? '',
    row.comparator ?? '',
    row.timepointMonths ?? '',
    row.low ?? '',
    row.high ?? '',
    p,
    row.rule ?? '',
    row.spanText,
  ];
}

function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The evidence table as CSV (RFC 4180 quoting), header line first, newline-terminated. */
export function evidenceCsv(rows: readonly MetricRow[]): string {
  const lines = [EVIDENCE_COLUMNS.join(','), ...rows.map((row) => evidenceCells(row).map(csvCell).join(','))];
  return `${lines.join('\n')}\n`;
}

/** The evidence table for a terminal, long cells truncated. */
export function evidenceTable(rows: readonly MetricRow[]): string {
  const cells = rows.map((row) =>
    evidenceCells(row).map((cell, i) => {
      const width = TRUNCATE[EVIDENCE_COLUMNS[i]];
      return width === undefined ? cell : truncate(String(cell), width);
    }),
  );
  return renderTable([...EVIDENCE_COLUMNS], cells);
}

export const recordsCommand: CliCommand = {
  register(program) {
    program
      .command('records')
      .description('read stored records (or, with --metric, the evidence table) back from DynamoDB')
      .option('--doc <id>', 'one document by docId')
      .option('--json', 'print the same JSON array shape as `parse`')
      .option('--metric <name>', `every stored metric of this name (${METRIC_NAMES.join(', ')})`)
      .option('--csv', 'with --metric: comma-separated values for a spreadsheet')
      .action(async (options: { doc?: string; json?: boolean; metric?: string; csv?: boolean }) => {
        if (options.metric && !(METRIC_NAMES as readonly string[]).includes(options.metric)) {
          throw new UsageError(`unknown metric ${options.metric}; one of ${METRIC_NAMES.join(', ')}`);
        }
        if (options.csv && !options.metric) throw new UsageError('--csv needs --metric NAME');
        const store = storeFor(await connect());
        if (options.metric) {
          const rows = await store.queryMetric(options.metric);
          if (options.csv) {
            process.stdout.write(evidenceCsv(rows));
          } else if (options.json) {
            process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          } else {
            process.stdout.write(`${evidenceTable(rows)}\n${rows.length} ${options.metric} value(s)\n`);
          }
          return;
        }
        if (options.doc) {
          const record = await store.getRecord(options.doc);
          if (!record) throw new UsageError(`no record ${options.doc}`);
          process.stdout.write(`${JSON.stringify(options.json ? [record] : record, null, 2)}\n`);
          return;
        }
        if (options.json) {
          process.stdout.write(`${JSON.stringify(await store.listRecords(), null, 2)}\n`);
          return;
        }
        const summaries = await store.listRecordSummaries();
        process.stdout.write(
          `${renderTable(
            ['docId', 'format', 'title', 'sections', 'entities', 'metrics', 'status'],
            summaries.map((s) => [s.docId, s.format ?? '', truncate(s.title, 50), s.sections, s.entities, s.metrics, s.status === 'rejected' ? `rejected (${s.rejectionCode})` : s.status]),
          )}\n${summaries.length} record(s)\n`,
        );
      });
  },
};
