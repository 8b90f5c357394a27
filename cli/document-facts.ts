/**
 * What the evidence CSV adds to each metric row from its document's record:
 * the study design type, the year, the journal and the cohort size. A metric
 * item carries only its docId, title and span (src/store/layout.ts), so the
 * records are read once per distinct document, 100 to a BatchGetItem
 * (RecordStore.getRecords), never once per metric.
 */
import type { RecordStore } from '../adapters/store.ts';
import type { LitRecord } from '../src/record.ts';

export interface DocumentFacts {
  designType: string | null;
  /** From `published` (YYYY, YYYY-MM or YYYY-MM-DD). */
  year: number | null;
  journal: string | null;
  /** The record's `cohort_size` metric, when it has one. */
  cohortSize: number | null;
}

type RecordFields = Pick<LitRecord, 'published' | 'journal' | 'metrics'> & { design?: { type?: string | null } | null };

export function documentFacts(record: RecordFields): DocumentFacts {
  const year = /^(\d{4})/.exec(record.published ?? '')?.[1];
  return {
    designType: record.design?.type ?? null,
    year: year ? Number(year) : null,
    journal: record.journal ?? null,
    cohortSize: record.metrics.find((metric) => metric.name === 'cohort_size')?.value ?? null,
  };
}

/** The facts of each of `docIds` that has a stored record (each distinct document read once, 100 to a request). */
export async function readDocumentFacts(store: Pick<RecordStore, 'getRecords'>, docIds: readonly string[]): Promise<Map<string, DocumentFacts>> {
  const facts = new Map<string, DocumentFacts>();
  for (const [docId, record] of await store.getRecords(docIds)) facts.set(docId, documentFacts(record));
  return facts;
}
