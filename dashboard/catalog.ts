/**
 * What the dashboard's lists are filtered, sorted and paged over: one entry
 * per stored record (its summary and the facets the filters need: design
 * type, randomisation, year, cohort size) and one row per stored metric, held
 * in memory and refreshed from the store.
 *
 * The store's record summaries carry neither the design nor the publication
 * date, so a record is loaded once when it first appears and again only when
 * its `updatedAt` changes; a refresh otherwise costs one summary listing.
 * Only facets and metric rows are kept, never section texts.
 */
import type { MetricRow, RecordSummary } from '../adapters/store.ts';
import type { DesignType, LitRecord } from '../src/record.ts';
import type { DashboardStore } from './api.ts';

export interface DocumentFacets {
  designType: DesignType | null;
  randomized: boolean | null;
  /** The year of `published`, or null when the record gives no date. */
  year: number | null;
  /** The record's first `cohort_size` metric. */
  cohortSize: number | null;
  journal: string | null;
}

export type DocumentEntry = RecordSummary & DocumentFacets & {
  /** Metric names present, for the metric filter. */
  metricNames: string[];
  /** Span texts of the record's metrics, lower-cased, for the text search. */
  searchText: string;
};

export type EvidenceRow = MetricRow & Omit<DocumentFacets, 'journal'> & { format: string | null; index: number };

export interface CatalogSnapshot {
  /** In natural docId order (pmid:9 before pmid:10). */
  documents: DocumentEntry[];
  /** In natural docId order, then in record order. */
  evidence: EvidenceRow[];
  /** Changes whenever any record is added, changed or removed. */
  version: string;
}

/** Natural order: digit runs compare as numbers, so pmid:9 sorts before pmid:10. */
export const naturalCollator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

export function facetsOf(record: LitRecord): DocumentFacets {
  const year = record.published ? Number(record.published.slice(0, 4)) : null;
  return {
    designType: record.design?.type ?? null,
    randomized: record.design?.randomized ?? null,
    year,
    cohortSize: record.metrics.find((m) => m.name === 'cohort_size')?.value ?? null,
    journal: record.journal,
  };
}

interface Cached {
  updatedAt: string;
  entry: DocumentEntry;
  rows: EvidenceRow[];
}

export interface CatalogOptions {
  /** Records loaded at once when many are new. @default 16 */
  concurrency?: number;
  /** How long a summary listing is reused, so an overview and the lists polled together scan the table once. @default 1000 */
  summaryMaxAgeMs?: number;
  now?: () => number;
}

export class Catalog {
  private readonly cache = new Map<string, Cached>();
  private summariesAt = -Infinity;
  private summariesPromise: Promise<RecordSummary[]> | null = null;
  private snapshotPromise: Promise<CatalogSnapshot> | null = null;
  private last: { key: string; snapshot: CatalogSnapshot } | null = null;
  private readonly concurrency: number;
  private readonly maxAge: number;
  private readonly now: () => number;

  constructor(
    private readonly store: DashboardStore,
    options: CatalogOptions = {},
  ) {
    this.concurrency = options.concurrency ?? 16;
    this.maxAge = options.summaryMaxAgeMs ?? 1000;
    this.now = options.now ?? Date.now;
  }

  /** Record summaries, reused for `summaryMaxAgeMs`; concurrent callers share one listing. */
  summaries(): Promise<RecordSummary[]> {
    if (this.summariesPromise && this.now() - this.summariesAt < this.maxAge) return this.summariesPromise;
    this.summariesAt = this.now();
    const listing = this.store.listRecordSummaries();
    this.summariesPromise = listing;
    listing.catch(() => {
      if (this.summariesPromise === listing) this.summariesPromise = null;
    });
    return listing;
  }

  /** The current entries and rows; concurrent callers share one refresh. */
  snapshot(): Promise<CatalogSnapshot> {
    this.snapshotPromise ??= this.build().finally(() => (this.snapshotPromise = null));
    return this.snapshotPromise;
  }

  private async build(): Promise<CatalogSnapshot> {
    const summaries = await this.summaries();
    const stale = summaries.filter((s) => this.cache.get(s.docId)?.updatedAt !== s.updatedAt);
    let next = 0;
    const worker = async () => {
      while (next < stale.length) {
        const summary = stale[next++];
        const record = await this.store.getRecord(summary.docId);
        if (record) this.cache.set(summary.docId, { updatedAt: summary.updatedAt, ...entryOf(summary, record) });
        else this.cache.delete(summary.docId);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, stale.length) }, worker));
    const present = new Set(summaries.map((s) => s.docId));
    for (const docId of this.cache.keys()) if (!present.has(docId)) this.cache.delete(docId);

    const key = summaries.map((s) => `${s.docId}@${s.updatedAt}`).join('\n');
    if (this.last?.key === key) return this.last.snapshot;
    const cached = summaries
      .map((s) => this.cache.get(s.docId))
      .filter((c): c is Cached => c !== undefined)
      .sort((a, b) => naturalCollator.compare(a.entry.docId, b.entry.docId));
    const snapshot: CatalogSnapshot = {
      documents: cached.map((c) => c.entry),
      evidence: cached.flatMap((c) => c.rows),
      version: String(hashOf(key)),
    };
    this.last = { key, snapshot };
    return snapshot;
  }
}

function entryOf(summary: RecordSummary, record: LitRecord): { entry: DocumentEntry; rows: EvidenceRow[] } {
  const facets = facetsOf(record);
  const rows = record.metrics.map((m, index) => ({
    ...m,
    docId: record.docId,
    title: record.title,
    spanText: record.sections[m.section]?.text.slice(m.start, m.end) ?? '',
    format: record.format,
    designType: facets.designType,
    randomized: facets.randomized,
    year: facets.year,
    cohortSize: facets.cohortSize,
    index,
  }));
  return {
    entry: {
      ...summary,
      ...facets,
      metricNames: [...new Set(record.metrics.map((m) => m.name))],
      searchText: rows.map((r) => r.spanText.toLowerCase()).join('\n'),
    },
    rows,
  };
}

/** FNV-1a, 32 bits: a change marker, not a security boundary. */
function hashOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
