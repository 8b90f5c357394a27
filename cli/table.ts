/** Terminal tables and summaries shared by the commands. */
import Table from 'cli-table3';
import type { DocumentOutcome } from './ingest.ts';

export function truncate(text: string | null | undefined, width: number): string {
  if (!text) return '';
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

export function renderTable(head: string[], rows: Array<Array<string | number>>): string {
  const table = new Table({ head, style: { head: [], border: [] }, wordWrap: false });
  for (const row of rows) table.push(row.map(String));
  return table.toString();
}

/** The per-document table printed by `ingest --wait` and `npm start`. */
export function outcomesTable(outcomes: DocumentOutcome[]): string {
  return renderTable(
    ['file', '#', 'format', 'docId', 'title', 'sections', 'entities', 'metrics', 'status'],
    outcomes.map((o) => [
      truncate(o.upload.file.name, 28),
      o.index,
      o.summary?.format ?? '',
      o.unit.docId ?? '',
      truncate(o.summary?.title, 44),
      o.summary?.sections ?? 0,
      o.summary?.entities ?? 0,
      o.summary?.metrics ?? 0,
      o.unit.state === 'extracted' ? 'extracted' : `${o.unit.state}${o.unit.errorCode ? ` (${o.unit.errorCode})` : ''}`,
    ]),
  );
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export function outcomeSummary(outcomes: DocumentOutcome[]): string {
  const count = (state: string): number => outcomes.filter((o) => o.unit.state === state).length;
  const latencies = outcomes.map((o) => o.latencyMs).filter(Number.isFinite);
  return (
    `${outcomes.length} document(s): ${count('extracted')} extracted, ${count('rejected')} rejected, ${count('failed')} failed; ` +
    (latencies.length
      ? `upload-to-record latency median ${percentile(latencies, 50)} ms, max ${Math.max(...latencies)} ms`
      : 'all were already stored')
  );
}
