/** Terminal tables and summaries shared by the commands. */
import Table from 'cli-table3';
import type { DocumentOutcome } from './ingest.ts';

/** Width of a terminal table when the terminal does not say (output piped, no COLUMNS). */
export const DEFAULT_TABLE_WIDTH = 100;

/** Cells never cut below this many characters (a narrower terminal gets a wider table). */
const MIN_CELL_WIDTH = 4;

/** Cuts text to `width` characters (code points), the last one an ellipsis when anything was cut. */
export function truncate(text: string | null | undefined, width: number): string {
  if (!text) return '';
  const chars = [...text];
  if (chars.length <= width) return text;
  return width <= 1 ? '…'.slice(0, width) : `${chars.slice(0, width - 1).join('')}…`;
}

/**
 * The width tables are fitted to: the terminal's columns when stdout is one,
 * else the COLUMNS variable, else DEFAULT_TABLE_WIDTH.
 */
export function terminalWidth(stdout: { columns?: number } = process.stdout, env: Record<string, string | undefined> = process.env): number {
  if (stdout.columns && stdout.columns > 0) return stdout.columns;
  const columns = Number(env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? columns : DEFAULT_TABLE_WIDTH;
}

/** A cell as one line: line breaks and runs of white space become one space. */
function oneLine(cell: string | number): string {
  return String(cell).replace(/\s+/g, ' ').trim();
}

/**
 * Column widths (content only) that fit `width` once cli-table3 adds a border
 * and one space of padding on each side of every cell (3 per column, plus 1).
 * The widest columns are narrowed first, all to one common cap, so that short
 * columns (numbers, units) stay whole; no column goes below MIN_CELL_WIDTH.
 */
export function fitColumnWidths(natural: readonly number[], width: number): number[] {
  const available = width - (3 * natural.length + 1);
  const total = natural.reduce((a, b) => a + b, 0);
  if (total <= available) return [...natural];
  const capped = (cap: number): number[] => natural.map((w) => Math.min(w, Math.max(cap, MIN_CELL_WIDTH)));
  const sum = (widths: number[]): number => widths.reduce((a, b) => a + b, 0);
  let low = 0;
  let high = Math.max(...natural);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (sum(capped(mid)) <= available) low = mid;
    else high = mid - 1;
  }
  const widths = capped(low);
  // The cap is a whole number: hand what is left over to the cut columns, widest first.
  let spare = available - sum(widths);
  for (const i of natural.map((_, i) => i).sort((a, b) => natural[b]! - natural[a]!)) {
    if (spare <= 0) break;
    const extra = Math.min(spare, natural[i]! - widths[i]!);
    widths[i]! += extra;
    spare -= extra;
  }
  return widths;
}

/**
 * A table that fits `width` characters (by default the terminal's): cells on
 * one line, long ones cut with an ellipsis.
 */
export function renderTable(head: string[], rows: Array<Array<string | number>>, width: number = terminalWidth()): string {
  const cells = rows.map((row) => row.map(oneLine));
  const natural = head.map((h, i) => Math.max([...h].length, ...cells.map((row) => [...(row[i] ?? '')].length)));
  const widths = fitColumnWidths(natural, width);
  const table = new Table({ head: head.map((h, i) => truncate(h, widths[i]!)), style: { head: [], border: [] }, wordWrap: false });
  for (const row of cells) table.push(row.map((cell, i) => truncate(cell, widths[i]!)));
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
