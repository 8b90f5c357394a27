import type { GetObjectCommand } from '@aws-sdk/client-s3';
import type { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { RecordStore } from '../../adapters/store.ts';
import { documentFacts, readDocumentFacts } from '../../cli/document-facts.ts';
import { LitRecord } from '../../src/record.ts';

const TABLE = 'records';
const SEED = LitRecord.parse(JSON.parse(readFileSync(new URL('../fixtures/seeds/000_b4283316c11e2928.record.json', import.meta.url), 'utf8')));

/** The seed record as another paper: its own docId, a journal, a date and a cohort of `n`. */
function paper(docId: string, n: number): LitRecord {
  return {
    ...SEED,
    docId,
    journal: 'Gynecologic oncology',
    published: '2024-05',
    metrics: SEED.metrics.map((metric) => (metric.name === 'cohort_size' ? { ...metric, value: n } : metric)),
  };
}

/**
 * A RecordStore whose table answers BatchGetItem with inline gzip bodies
 * (one body kept in the artifacts bucket instead), leaving the first key of
 * each request unprocessed once.
 */
function fakeStore(docIds: string[], inS3: string): { store: RecordStore; batches: string[][] } {
  const store = new RecordStore({ tableName: TABLE, artifactsBucket: 'artifacts', clientConfig: { region: 'us-east-1', forcePathStyle: false } });
  const batches: string[][] = [];
  const deferred = new Set<string>();
  vi.spyOn(store.ddb, 'send').mockImplementation((async (command: BatchGetCommand) => {
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
          return docId === inS3 ? { docId, bodyRef: `records/${docId}/1.json.gz` } : { docId, body: gzipSync(JSON.stringify(paper(docId, n))) };
        }),
      },
      UnprocessedKeys: unprocessed.length ? { [TABLE]: { Keys: unprocessed.map((pk) => ({ pk, sk: 'RECORD' })) } } : undefined,
    };
  }) as never);
  vi.spyOn((store as unknown as { s3: { send: (command: GetObjectCommand) => Promise<unknown> } }).s3, 'send').mockImplementation(async (command) => {
    const docId = decodeURIComponent(String(command.input.Key).split('/')[1]);
    const bytes = gzipSync(JSON.stringify(paper(docId, 999)));
    return { Body: { transformToByteArray: async () => bytes } };
  });
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

  it('gives null for what a record does not state', () => {
    expect(documentFacts({ published: null, journal: null, metrics: [], design: null })).toEqual({ designType: null, year: null, journal: null, cohortSize: null });
  });
});
