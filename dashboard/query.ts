/**
 * Filters, sort orders and pages over the catalog, as the list endpoints
 * take them in their query string:
 *
 *   page=1  pageSize=50 (at most 500)  sort=<column>  order=asc|desc
 *   q=text (titles, ids and metric span texts)  metric=<name>  design=<type>
 *   randomized=true|false|null  yearFrom=  yearTo=  format=<id>
 *   cohortMin=  cohortMax=  status=extracted|rejected (documents only)
 *
 * Empty values mean "no filter". Nulls sort last in either order; text sorts
 * in natural order (pmid:9 before pmid:10).
 */
import { DESIGN_TYPES, FORMAT_IDS, METRIC_NAMES } from '../src/record.ts';
import { BadRequestError } from './errors.ts';
import { naturalCollator, type DocumentEntry, type EvidenceRow } from './catalog.ts';

export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 50;

export interface Filters {
  q: string | null;
  metric: string | null;
  design: string | null;
  /** undefined: no filter; null: only records that do not state it. */
  randomized: boolean | null | undefined;
  yearFrom: number | null;
  yearTo: number | null;
  format: string | null;
  cohortMin: number | null;
  cohortMax: number | null;
  status: 'extracted' | 'rejected' | null;
}

export interface ListQuery {
  filters: Filters;
  page: number;
  pageSize: number;
  sort: string;
  order: 'asc' | 'desc';
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  /** Items matching the filters. */
  total: number;
  pages: number;
  sort: string;
  order: 'asc' | 'desc';
  filters: Filters;
}

export const DOCUMENT_SORTS = ['docId', 'title', 'format', 'status', 'year', 'designType', 'randomized', 'cohortSize', 'sections', 'entities', 'metrics', 'updatedAt'] as const;
export const EVIDENCE_SORTS = ['docId', 'title', 'name', 'value', 'unit', 'group', 'comparator', 'timepointMonths', 'low', 'high', 'p', 'spanText', 'rule', 'year', 'designType', 'cohortSize', 'format'] as const;

function text(params: URLSearchParams, name: string): string | null {
  const value = params.get(name)?.trim();
  return value ? value : null;
}

function number(params: URLSearchParams, name: string, options: { integer?: boolean; min?: number } = {}): number | null {
  const raw = text(params, name);
  if (raw === null) return null;
  const value = Number(raw);
  if (!Number.isFinite(value) || (options.integer && !Number.isInteger(value)) || (options.min !== undefined && value < options.min)) {
    throw new BadRequestError(`${name} must be ${options.integer ? 'an integer' : 'a number'}${options.min !== undefined ? ` of at least ${options.min}` : ''}, not "${raw}"`);
  }
  return value;
}

function oneOf(params: URLSearchParams, name: string, allowed: readonly string[]): string | null {
  const value = text(params, name);
  if (value !== null && !allowed.includes(value)) throw new BadRequestError(`unknown ${name} "${value}"; one of: ${allowed.join(', ')}`);
  return value;
}

export function parseFilters(params: URLSearchParams): Filters {
  const randomized = text(params, 'randomized');
  if (randomized !== null && !['true', 'false', 'null'].includes(randomized)) {
    throw new BadRequestError(`randomized must be true, false or null (not stated), not "${randomized}"`);
  }
  return {
    q: text(params, 'q'),
    metric: oneOf(params, 'metric', METRIC_NAMES),
    design: oneOf(params, 'design', DESIGN_TYPES),
    randomized: randomized === null ? undefined : randomized === 'null' ? null : randomized === 'true',
    yearFrom: number(params, 'yearFrom', { integer: true }),
    yearTo: number(params, 'yearTo', { integer: true }),
    format: oneOf(params, 'format', FORMAT_IDS),
    cohortMin: number(params, 'cohortMin'),
    cohortMax: number(params, 'cohortMax'),
    status: oneOf(params, 'status', ['extracted', 'rejected']) as Filters['status'],
  };
}

export function parseListQuery(params: URLSearchParams, sorts: readonly string[]): ListQuery {
  const pageSize = number(params, 'pageSize', { integer: true, min: 1 }) ?? DEFAULT_PAGE_SIZE;
  if (pageSize > MAX_PAGE_SIZE) throw new BadRequestError(`pageSize must be at most ${MAX_PAGE_SIZE}; use the export for more`);
  const order = oneOf(params, 'order', ['asc', 'desc']) ?? 'asc';
  return {
    filters: parseFilters(params),
    page: number(params, 'page', { integer: true, min: 1 }) ?? 1,
    pageSize,
    sort: oneOf(params, 'sort', sorts) ?? 'docId',
    order: order as 'asc' | 'desc',
  };
}

/** The facet filters both lists share. */
function matchesFacets(item: DocumentEntry | EvidenceRow, f: Filters): boolean {
  if (f.design !== null && item.designType !== f.design) return false;
  if (f.randomized !== undefined && item.randomized !== f.randomized) return false;
  if (f.yearFrom !== null && (item.year === null || item.year < f.yearFrom)) return false;
  if (f.yearTo !== null && (item.year === null || item.year > f.yearTo)) return false;
  if (f.format !== null && item.format !== f.format) return false;
  if (f.cohortMin !== null && (item.cohortSize === null || item.cohortSize < f.cohortMin)) return false;
  if (f.cohortMax !== null && (item.cohortSize === null || item.cohortSize > f.cohortMax)) return false;
  return true;
}

export function filterDocuments(documents: readonly DocumentEntry[], f: Filters): DocumentEntry[] {
  const needle = f.q?.toLowerCase() ?? null;
  return documents.filter(
    (d) =>
      matchesFacets(d, f) &&
      (f.status === null || d.status === f.status) &&
      (f.metric === null || d.metricNames.includes(f.metric)) &&
      (needle === null || d.docId.toLowerCase().includes(needle) || (d.title ?? '').toLowerCase().includes(needle) || d.searchText.includes(needle)),
  );
}

export function filterEvidence(rows: readonly EvidenceRow[], f: Filters): EvidenceRow[] {
  const needle = f.q?.toLowerCase() ?? null;
  return rows.filter(
    (r) =>
      matchesFacets(r, f) &&
      (f.metric === null || r.name === f.metric) &&
      (needle === null || r.docId.toLowerCase().includes(needle) || (r.title ?? '').toLowerCase().includes(needle) || r.spanText.toLowerCase().includes(needle)),
  );
}

/** Nulls and empty strings last whatever the order; numbers as numbers, text naturally. */
export function compareValues(a: unknown, b: unknown): number {
  const none = (v: unknown) => v === null || v === undefined || v === '';
  if (none(a) || none(b)) return none(a) === none(b) ? 0 : none(a) ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(b) - Number(a);
  return naturalCollator.compare(String(a), String(b));
}

export function sortItems<T extends { docId: string }>(items: T[], sort: string, order: 'asc' | 'desc'): T[] {
  const dir = order === 'desc' ? -1 : 1;
  const key = sort as keyof T;
  const none = (v: unknown) => v === null || v === undefined || v === '';
  return items.sort((x, y) => {
    const [a, b] = [x[key], y[key]];
    // Nulls stay last in descending order too.
    const primary = none(a) || none(b) ? compareValues(a, b) : compareValues(a, b) * dir;
    return primary || naturalCollator.compare(x.docId, y.docId) || compareValues((x as { index?: number }).index, (y as { index?: number }).index);
  });
}

export function pageOf<T extends { docId: string }>(matching: T[], query: ListQuery): Page<T> {
  const sorted = sortItems(matching, query.sort, query.order);
  const pages = Math.max(1, Math.ceil(sorted.length / query.pageSize));
  const page = Math.min(query.page, pages);
  return {
    items: sorted.slice((page - 1) * query.pageSize, page * query.pageSize),
    page,
    pageSize: query.pageSize,
    total: sorted.length,
    pages,
    sort: query.sort,
    order: query.order,
    filters: query.filters,
  };
}

/**
 * RFC 4180 CSV. A text cell that a spreadsheet would read as a formula
 * (leading =, +, -, @, tab or carriage return) gets a leading apostrophe:
 * record text comes from documents anyone can upload.
 */
export function toCsv(columns: readonly string[], rows: ReadonlyArray<Record<string, unknown>>): string {
  const cell = (value: unknown) => {
    if (value === null || value === undefined) return '';
    let s = Array.isArray(value) ? value.join('; ') : String(value);
    if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return `${[columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\r\n')}\r\n`;
}
