import type { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { RecordStore } from '../../adapters/store.ts';
import { readDocumentFacts } from '../../cli/document-facts.ts';
import type { LitRecord } from '../../src/record.ts';

const TABLE = 'records';

function body(docId: string, n: number): Partial<LitRecord> {
  return {
    docId,
    journal: 'Gynecologic oncology',
    published: '2024-05',
    design: { type: 'cohort' } as LitRecord['design'],
    metrics: [{ name: 'cohort_size', value: n, unit: 'patients', section: 0, start: 0, end: 3 }] as LitRecord['metrics'],
  };
}

/** A records table behind BatchGetItem: inline gzip bodies, one large body in S3, the first key of each call left unprocessed once. */
function fakeStore(docIds: string[], inS3: string): { store: RecordStore; batches: string[][] } {
  const batches: string[][] = [];
  const deferred = new Set<string>();
  const send = async (command: BatchGetCommand) => {
    const request = command.input.RequestItems![TABLE]!;
    const keys = (request.Keys ?? []).map((key) => String(key.pk));
    batches.push(keys);
    const [first, ...rest] = keys;
    const unprocessed = first && !deferred.has(first) ? [first] : [];
    if (first) deferred.add(first);
    const served = unprocessed.length ? rest : keys;
    return {
      Responses: {
        [TABLE]: served.map((pk) => {
          const docId = pk.replace(/^DOC#/, '');
          const n = docIds.indexOf(docId);
          return docId === inS3 ? { docId, bodyRef: `records/${docId}/1.json.gz` } : { docId, body: gzipSync(JSON.stringify(body(docId, n))) };
        }),
      },
      UnprocessedKeys: unprocessed.length ? { [TABLE]: { Keys: unprocessed.map((pk) => ({ pk, sk: 'RECORD' })) } } : undefined,
    };
  };
  const store = {
    tableName: TABLE,
    ddb: { send },
    getRecord: async (docId: string) => body(docId, 999) as LitRecord,
  } as unknown as RecordStore;
  return { store, batches };
}

describe('readDocumentFacts', () => {
  it('reads each distinct document once, 100 keys to a request, retrying unprocessed keys', async () => {
    const docIds = Array.from({ length: 150 }, (_, i) => `pmid:${1000 + i}`);
    const { store, batches } = fakeStore(docIds, 'pmid:1007');
    const facts = await readDocumentFacts(store, [...docIds, ...docIds.slice(0, 20)]);
    expect(batches.map((keys) => keys.length)).toEqual([100, 1, 50, 1]);
    expect(facts.size).toBe(150);
    expect(facts.get('pmid:1003')).toEqual({ designType: 'cohort', year: 2024, journal: 'Gynecologic oncology', cohortSize: 3 });
  });

  it('reads a body kept in the artifacts bucket through the store', async () => {
    const { store } = fakeStore(['pmid:1', 'pmid:2'], 'pmid:2');
    const facts = await readDocumentFacts(store, ['pmid:1', 'pmid:2']);
    expect(facts.get('pmid:2')?.cohortSize).toBe(999);
  });
});
