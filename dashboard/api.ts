/**
 * The dashboard's JSON API: pure handlers over two sources (the records
 * table and the queues), so they can be tested with fakes. Reads only what a
 * page needs; never CloudWatch (emulators do not serve its reads reliably).
 */
import type { FileItem, RecordSummary, UnitStatus } from '../adapters/store.ts';
import { DESIGN_TYPES, METRIC_NAMES, type LitRecord } from '../src/record.ts';
import { STAGES, UNIT_STATES, type Stage, type UnitState } from '../src/store/layout.ts';
import type { Catalog, DocumentEntry, EvidenceRow } from './catalog.ts';
import { BadRequestError, NotFoundError } from './errors.ts';
import { DOCUMENT_SORTS, EVIDENCE_SORTS, filterDocuments, filterEvidence, pageOf, parseFilters, parseListQuery, sortItems, toCsv, type Filters, type Page } from './query.ts';

export { BadRequestError, NotFoundError } from './errors.ts';

/** What the dashboard reads from the records table (a subset of RecordStore). */
export interface DashboardStore {
  listRecordSummaries(limit?: number): Promise<RecordSummary[]>;
  getRecord(docId: string): Promise<LitRecord | undefined>;
  unitsInState(state: UnitState, limit?: number): Promise<Array<UnitStatus & { sourcePk: string }>>;
  listFiles(limit?: number): Promise<FileItem[]>;
}

export interface QueueDepth {
  /** Display name, e.g. `Intake`. */
  name: string;
  visible: number;
  inFlight: number;
  delayed: number;
  deadLetter: { visible: number; inFlight: number } | null;
  /** True when the dead-letter queue has a source queue to send messages back to. */
  canRedrive: boolean;
}

/** What the dashboard reads from and does to the queues. */
export interface DashboardQueues {
  depths(): Promise<QueueDepth[]>;
  /** Moves the messages of `name`'s dead-letter queue back to `name`. */
  redrive(name: string): Promise<{ method: string; moved: number }>;
}

export interface DashboardSources {
  store: DashboardStore;
  queues: DashboardQueues;
}

export interface Failure {
  kind: 'rejected' | 'failed';
  docId: string | null;
  source: string | null;
  code: string;
  message: string;
  at: string;
}

export interface Overview {
  /** Units per stage and state. */
  stages: Record<Stage, Record<UnitState, number>>;
  totals: Record<UnitState, number>;
  queues: QueueDepth[];
  /** Extracted units per minute, oldest first, `minutes` entries ending at the current minute. */
  throughput: Array<{ minute: string; extracted: number }>;
  failures: Failure[];
  formats: Array<{ format: string; extracted: number; rejected: number }>;
  /** Stored records; the documents themselves are paged by `listDocuments`. */
  documentCount: number;
  metricNames: readonly string[];
  designTypes: readonly string[];
}

export interface OverviewOptions {
  now?: Date;
  /** Minutes of throughput history. @default 15 */
  minutes?: number;
  /** Latest failures shown. @default 25 */
  failureLimit?: number;
  /** Record summaries already listed (the catalog's), instead of listing them again. */
  documents?: Promise<RecordSummary[]>;
}


export async function getOverview(sources: DashboardSources, options: OverviewOptions = {}): Promise<Overview> {
  const now = options.now ?? new Date();
  const minutes = options.minutes ?? 15;
  const [documents, queues, ...unitsByState] = await Promise.all([
    options.documents ?? sources.store.listRecordSummaries(),
    sources.queues.depths(),
    ...UNIT_STATES.map((state) => sources.store.unitsInState(state)),
  ]);
  const units = unitsByState.flat();

  const stages = Object.fromEntries(
    STAGES.map((stage) => [stage, Object.fromEntries(UNIT_STATES.map((s) => [s, 0]))]),
  ) as Overview['stages'];
  const totals = Object.fromEntries(UNIT_STATES.map((s) => [s, 0])) as Overview['totals'];
  for (const unit of units) {
    if (stages[unit.stage]?.[unit.state] !== undefined) stages[unit.stage][unit.state]++;
    if (totals[unit.state] !== undefined) totals[unit.state]++;
  }

  return {
    stages,
    totals,
    queues,
    throughput: throughput(units, now, minutes),
    failures: failures(documents, units, options.failureLimit ?? 25),
    formats: formatCounts(documents),
    documentCount: documents.length,
    metricNames: METRIC_NAMES,
    designTypes: DESIGN_TYPES,
  };
}

/** Extracted units bucketed by the minute of their last update (UTC, `YYYY-MM-DDTHH:MM`). */
export function throughput(units: UnitStatus[], now: Date, minutes: number): Overview['throughput'] {
  const end = Math.floor(now.getTime() / 60_000);
  const buckets = new Map<number, number>();
  for (let m = end - minutes + 1; m <= end; m++) buckets.set(m, 0);
  for (const unit of units) {
    if (unit.state !== 'extracted') continue;
    const minute = Math.floor(Date.parse(unit.updatedAt) / 60_000);
    if (buckets.has(minute)) buckets.set(minute, buckets.get(minute)! + 1);
  }
  return [...buckets].map(([m, extracted]) => ({ minute: new Date(m * 60_000).toISOString().slice(0, 16), extracted }));
}

/**
 * Rejected records (with their rejection code and message) and failed
 * units (with their error), newest first. A rejected unit whose record is
 * listed is not listed twice.
 */
export function failures(documents: RecordSummary[], units: Array<UnitStatus & { sourcePk?: string }>, limit: number): Failure[] {
  const list: Failure[] = [];
  const rejectedDocs = new Set<string>();
  for (const doc of documents) {
    if (doc.status !== 'rejected') continue;
    rejectedDocs.add(doc.docId);
    list.push({
      kind: 'rejected',
      docId: doc.docId,
      source: doc.sources[0] ?? null,
      code: doc.rejectionCode ?? 'unknown',
      message: doc.rejectionMessage ?? '',
      at: doc.updatedAt,
    });
  }
  for (const unit of units) {
    if (unit.state !== 'failed' && unit.state !== 'rejected') continue;
    if (unit.state === 'rejected' && (!unit.errorCode || (unit.docId && rejectedDocs.has(unit.docId)))) continue;
    list.push({
      kind: unit.state,
      docId: unit.docId ?? null,
      source: unit.sourcePk ? `${unit.sourcePk.replace(/^SRC#/, '')}#${unit.index}` : null,
      code: unit.errorCode ?? 'unknown',
      message: unit.errorMessage ?? '',
      at: unit.updatedAt,
    });
  }
  return list.sort((a, b) => b.at.localeCompare(a.at)).slice(0, limit);
}

export function formatCounts(documents: RecordSummary[]): Overview['formats'] {
  const counts = new Map<string, { extracted: number; rejected: number }>();
  for (const doc of documents) {
    const format = doc.format ?? 'unknown';
    const entry = counts.get(format) ?? { extracted: 0, rejected: 0 };
    entry[doc.status === 'rejected' ? 'rejected' : 'extracted']++;
    counts.set(format, entry);
  }
  return [...counts].map(([format, c]) => ({ format, ...c })).sort((a, b) => a.format.localeCompare(b.format));
}

/** A document as the list shows it: its summary and facets. */
export type DocumentRow = Omit<DocumentEntry, 'searchText' | 'metricNames'>;

function documentRow({ searchText: _s, metricNames: _m, ...row }: DocumentEntry): DocumentRow {
  return row;
}

/** One page of the documents matching the query string's filters (see query.ts). */
export async function listDocuments(catalog: Catalog, params: URLSearchParams): Promise<Page<DocumentRow>> {
  const query = parseListQuery(params, DOCUMENT_SORTS);
  const { documents } = await catalog.snapshot();
  const page = pageOf(filterDocuments(documents, query.filters), query);
  return { ...page, items: page.items.map(documentRow) };
}

/** One page of the evidence table: stored metrics matching the filters, with their document's facets. */
export async function listEvidence(catalog: Catalog, params: URLSearchParams): Promise<Page<EvidenceRow>> {
  const query = parseListQuery(params, EVIDENCE_SORTS);
  const { evidence } = await catalog.snapshot();
  return pageOf(filterEvidence(evidence, query.filters), query);
}

export const DOCUMENT_EXPORT_COLUMNS = ['docId', 'title', 'format', 'status', 'year', 'journal', 'designType', 'randomized', 'cohortSize', 'sections', 'entities', 'metrics', 'updatedAt'] as const;
export const EVIDENCE_EXPORT_COLUMNS = [
  'docId', 'title', 'year', 'format', 'designType', 'randomized', 'cohortSize',
  'name', 'value', 'unit', 'group', 'comparator', 'timepointMonths', 'low', 'high', 'p', 'pBound', 'count', 'rule', 'spanText', 'section', 'start', 'end',
] as const;

export interface Export {
  body: string;
  contentType: string;
  filename: string;
}

/**
 * Every item matching the filters (no paging), in the list's sort order, as
 * CSV (the columns above) or JSON (`{ filters, total, items }`).
 */
export async function exportList(catalog: Catalog, list: 'documents' | 'evidence', format: 'csv' | 'json', params: URLSearchParams): Promise<Export> {
  const sorts = list === 'documents' ? DOCUMENT_SORTS : EVIDENCE_SORTS;
  const query = parseListQuery(new URLSearchParams([...params].filter(([k]) => k !== 'page' && k !== 'pageSize')), sorts);
  const snapshot = await catalog.snapshot();
  const items: Array<DocumentRow | EvidenceRow> =
    list === 'documents' ? filterDocuments(snapshot.documents, query.filters).map(documentRow) : filterEvidence(snapshot.evidence, query.filters);
  sortItems(items, query.sort, query.order);
  const filename = `litstream-${list}.${format}`;
  if (format === 'json') {
    return { body: JSON.stringify({ filters: query.filters, total: items.length, items }, null, 1), contentType: 'application/json; charset=utf-8', filename };
  }
  const columns = list === 'documents' ? DOCUMENT_EXPORT_COLUMNS : EVIDENCE_EXPORT_COLUMNS;
  return { body: toCsv(columns, items as unknown as Array<Record<string, unknown>>), contentType: 'text/csv; charset=utf-8', filename };
}

export { parseFilters, type Filters, type Page };

export async function getDocument(sources: DashboardSources, docId: string): Promise<LitRecord> {
  const record = await sources.store.getRecord(docId);
  if (!record) throw new NotFoundError(`no record ${docId}`);
  return record;
}

export async function postRedrive(sources: DashboardSources, queue: string): Promise<{ queue: string; method: string; moved: number }> {
  const depths = await sources.queues.depths();
  const target = depths.find((q) => q.name === queue);
  if (!target) throw new NotFoundError(`no queue ${queue}`);
  if (!target.canRedrive) throw new BadRequestError(`queue ${queue} has no dead-letter queue to redrive`);
  return { queue, ...(await sources.queues.redrive(queue)) };
}
