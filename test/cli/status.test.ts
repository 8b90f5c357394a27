import { describe, expect, it } from 'vitest';
import { collectStatus, describeDeadLetter, formatStatus, type StatusSources } from '../../cli/commands/status.ts';
import type { Stage, UnitState } from '../../src/store/layout.ts';

const OUTPUTS = {
  IntakeQueueUrl: 'q/intake',
  IntakeDeadLetterQueueUrl: 'q/intake-dlq',
  ParseQueueUrl: 'q/parse',
  ParseDeadLetterQueueUrl: 'q/parse-dlq',
  ExtractQueueUrl: 'q/extract',
  ExtractDeadLetterQueueUrl: 'q/extract-dlq',
  PullDeadLetterQueueUrl: 'q/pull-schedules',
  FailedPullsDeadLetterQueueUrl: 'q/failed-pulls',
};

/** Lambda's on-failure destination record for a pull that threw on all three attempts. */
const FAILED_PULL = JSON.stringify({
  version: '1.0',
  timestamp: '2026-12-03T06:00:04.120Z',
  requestContext: { requestId: 'r-1', functionArn: 'arn:aws:lambda:us-east-1:1:function:pull', condition: 'RetriesExhausted', approximateInvokeCount: 3 },
  requestPayload: { searchId: 'leiomyosarcoma' },
  responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
  responsePayload: { errorType: 'EutilsError', errorMessage: 'esearch answered 503 five times' },
});

interface FakeContents {
  units: Array<[Stage, UnitState, number]>;
  files: number[];
  records: { extracted: number; rejected: number };
  queues: Record<string, { visible: number; inFlight?: number; bodies?: string[] }>;
}

/** The deployment as the status sees it, from counts. */
function fakeSources(contents: FakeContents): StatusSources & { peeked: string[] } {
  const peeked: string[] = [];
  return {
    peeked,
    async unitsInState(state) {
      return contents.units.filter(([, s]) => s === state).flatMap(([stage, , n]) => Array.from({ length: n }, () => ({ stage })));
    },
    async listFiles() {
      return contents.files.map((documents) => ({ documents }));
    },
    async listRecordSummaries() {
      return [
        ...Array.from({ length: contents.records.extracted }, () => ({ status: 'extracted' as const })),
        ...Array.from({ length: contents.records.rejected }, () => ({ status: 'rejected' as const })),
      ];
    },
    async depth(url) {
      const q = contents.queues[url] ?? { visible: 0 };
      return { visible: q.visible, inFlight: q.inFlight ?? 0 };
    },
    async peek(url) {
      peeked.push(url);
      return contents.queues[url]?.bodies ?? [];
    },
  };
}

/** After a corpus ingest: 717 documents extracted into 713 records, one document rejected, one pull failed. */
const AFTER_MERGES: FakeContents = {
  units: [
    ['detect', 'rejected', 1],
    ['extract', 'extracted', 717],
    ['parse', 'processing', 2],
  ],
  files: [500, 100, 100, 18, 1, 1],
  records: { extracted: 713, rejected: 1 },
  queues: {
    'q/parse': { visible: 2, inFlight: 1 },
    'q/failed-pulls': { visible: 1, bodies: [FAILED_PULL] },
  },
};

describe('litstream status counting', () => {
  it('counts documents per stage and state, files with their documents, and records by status', async () => {
    const status = await collectStatus(fakeSources(AFTER_MERGES), OUTPUTS);
    expect(status.files).toEqual({ count: 6, documents: 720 });
    expect(status.documents.extract).toEqual({ queued: 0, processing: 0, extracted: 717, rejected: 0, failed: 0 });
    expect(status.documents.detect.rejected).toBe(1);
    expect(status.documents.parse.processing).toBe(2);
    expect(status.records).toEqual({ extracted: 713, rejected: 1 });
  });

  it('lists the stage queues with their dead letters, then the pull schedules and the failed pulls', async () => {
    const status = await collectStatus(fakeSources(AFTER_MERGES), OUTPUTS);
    expect(status.queues).toEqual([
      { name: 'intake', visible: 0, inFlight: 0, deadLetters: 0 },
      { name: 'parse', visible: 2, inFlight: 1, deadLetters: 0 },
      { name: 'extract', visible: 0, inFlight: 0, deadLetters: 0 },
      { name: 'pull schedules', visible: null, inFlight: null, deadLetters: 0 },
      { name: 'failed pulls', visible: null, inFlight: null, deadLetters: 1 },
    ]);
    expect(status.deadLetters).toEqual([{ queue: 'failed pulls', body: FAILED_PULL }]);
  });

  it('peeks only into dead-letter queues that hold messages', async () => {
    const sources = fakeSources(AFTER_MERGES);
    await collectStatus(sources, OUTPUTS);
    expect(sources.peeked).toEqual(['q/failed-pulls']);
  });

  it('leaves out a queue the deployed stack has no output for (a stack from before failed pulls were kept)', async () => {
    const { FailedPullsDeadLetterQueueUrl: _dropped, ...older } = OUTPUTS;
    const status = await collectStatus(fakeSources(AFTER_MERGES), older);
    expect(status.queues.map((q) => q.name)).not.toContain('failed pulls');
  });
});

describe('litstream status output', () => {
  const report = async (contents = AFTER_MERGES) => formatStatus(await collectStatus(fakeSources(contents), OUTPUTS));

  it('says what each number counts: files, documents of files, records of papers', async () => {
    const text = await report();
    expect(text).toContain('files: 6 files received (each upload or pull output, by object version), holding 720 documents');
    expect(text).toContain('documents per stage and state (one per document of each file: the same paper in two files counts twice)');
    expect(text).toContain('records: 714 records, one per paper (docId): 713 extracted, 1 rejected');
  });

  it('explains why there are fewer records than extracted documents', async () => {
    expect(await report()).toContain(
      '717 extracted documents made 713 extracted records: 4 documents were another copy or another format of a paper already stored, merged into its record',
    );
  });

  it('says nothing about merges when every extracted document is its own record', async () => {
    const text = await report({ ...AFTER_MERGES, records: { extracted: 717, rejected: 1 } });
    expect(text).not.toContain('merged');
  });

  it('shows the extract row of the stage table with its 717 extracted documents', async () => {
    const row = (await report()).split('\n').find((line) => /^\W*extract\b/.test(line));
    expect(row?.split(/[\s│|]+/).filter(Boolean)).toEqual(['extract', '0', '0', '717', '0', '0']);
  });

  it('shows a failed pull with its search, time, attempts and error', async () => {
    const text = await report();
    expect(text).toMatch(/failed pulls\W+-\W+-\W+1/);
    expect(text).toContain('dead-letter messages\nfailed pulls: leiomyosarcoma at 2026-12-03T06:00:04.120Z after 3 attempts: EutilsError: esearch answered 503 five times');
  });

  it('shows any other dead letter as its body', () => {
    expect(describeDeadLetter({ queue: 'parse', body: '{"bucket":"b","key":"k"}' })).toBe('parse: {"bucket":"b","key":"k"}');
    expect(describeDeadLetter({ queue: 'pull schedules', body: 'not json' })).toBe('pull schedules: not json');
  });
});
