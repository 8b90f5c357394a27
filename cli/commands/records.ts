import { METRIC_NAMES } from '../../src/record.ts';
import type { MetricRow } from '../../adapters/store.ts';
import { connect } from '../deployment.ts';
import { UsageError } from '../errors.ts';
import { storeFor } from '../ingest.ts';
import { renderTable, truncate } from '../table.ts';
import type { CliCommand } from './types.ts';

const EVIDENCE_COLUMNS = ['docId', 'title', 'value', 'unit', 'group', 'low', 'high', 'p', 'span'] as const;

function evidenceCells(row: MetricRow): Array<string | number> {
  const p = row.p == null ? '' : `${row.pBound ?? ''}${row.p}`;
  return [row.docId, row.title ?? '', row.value, row.unit ?? '', row.group ?? '', row.low ?? '', row.high ?? '', p, row.spanText];
}

function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
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
            const lines = [EVIDENCE_COLUMNS.join(','), ...rows.map((row) => evidenceCells(row).map(csvCell).join(','))];
            process.stdout.write(`${lines.join('\n')}\n`);
          } else if (options.json) {
            process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          } else {
            const cells = rows.map((row) => evidenceCells(row).map((cell, i) => (i === 1 ? truncate(String(cell), 40) : i === 8 ? truncate(String(cell), 60) : cell)));
            process.stdout.write(`${renderTable([...EVIDENCE_COLUMNS], cells)}\n${rows.length} ${options.metric} value(s)\n`);
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
