/**
 * What the evidence CSV adds to each metric row from its document's record:
 * the study design type, the year, the journal and the cohort size. A metric
 * item carries only its docId, title and span (src/store/layout.ts), so the
 * record items are read once per distinct document, 100 to a BatchGetItem,
 * never once per metric.
 */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { gunzipSync } from 'node:zlib';
import type { RecordStore } from '../adapters/store.ts';
import type { LitRecord } from '../src/record.ts';
import { docPk } from '../src/store/layout.ts';

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

/** BatchGetItem's limit on keys per request. */
const BATCH_GET_KEYS = 100;

/** The facts of each of `docIds` that has a stored record. */
export async function readDocumentFacts(store: RecordStore, docIds: readonly string[]): Promise<Map<string, DocumentFacts>> {
  const facts = new Map<string, DocumentFacts>();
  const unique = [...new Set(docIds)];
  for (let i = 0; i < unique.length; i += BATCH_GET_KEYS) {
    let keys: Array<Record<string, unknown>> | undefined = unique.slice(i, i + BATCH_GET_KEYS).map((docId) => ({ pk: docPk(docId), sk: 'RECORD' }));
    for (let attempt = 0; keys && keys.length > 0; attempt++) {
      if (attempt > 8) throw new Error(`BatchGetItem left ${keys.length} record(s) unread after retries`);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      const result = await store.ddb.send(
        new BatchGetCommand({
          RequestItems: {
            [store.tableName]: {
              Keys: keys,
              // `body` is a DynamoDB reserved word.
              ProjectionExpression: 'docId, #body, bodyRef',
              ExpressionAttributeNames: { '#body': 'body' },
            },
          },
        }),
      );
      for (const item of result.Responses?.[store.tableName] ?? []) {
        const docId = String(item.docId);
        // A body too large for the item lives in the artifacts bucket: read through the store.
        const record =
          typeof item.bodyRef === 'string'
            ? await store.getRecord(docId)
            : (JSON.parse(gunzipSync(item.body as Uint8Array).toString('utf8')) as RecordFields);
        if (record) facts.set(docId, documentFacts(record));
      }
      keys = result.UnprocessedKeys?.[store.tableName]?.Keys as Array<Record<string, unknown>> | undefined;
    }
  }
  return facts;
}
