import { describe, expect, it } from 'vitest';
import { BadRequestError, NotFoundError, getDocument, getEvidence, getOverview, postRedrive } from '../../dashboard/api.ts';
import { queuePairs } from '../../dashboard/sources.ts';
import { extractedRecord, fakeSources, rejectedRecord, unit } from './fake-sources.ts';

const NOW = new Date('2026-03-01T12:10:30Z');

describe('getOverview', () => {
  it('counts units per stage and state', async () => {
    const sources = fakeSources([], [
      unit(1, 'extracted', '2026-03-01T12:09:00Z'),
      unit(2, 'extracted', '2026-03-01T12:10:00Z'),
      unit(3, 'queued', '2026-03-01T12:10:00Z'),
      unit(4, 'processing', '2026-03-01T12:10:00Z', { stage: 'parse' }),
    ]);
    const overview = await getOverview(sources, { now: NOW });
    expect(overview.stages.extract.extracted).toBe(2);
    expect(overview.stages.detect.queued).toBe(1);
    expect(overview.stages.parse.processing).toBe(1);
    expect(overview.totals).toEqual({ queued: 1, processing: 1, extracted: 2, rejected: 0, failed: 0 });
  });

  it('buckets extracted units per minute over the last minutes, oldest first', async () => {
    const sources = fakeSources([], [
      unit(1, 'extracted', '2026-03-01T12:09:05Z'),
      unit(2, 'extracted', '2026-03-01T12:09:59Z'),
      unit(3, 'extracted', '2026-03-01T12:10:01Z'),
      unit(4, 'extracted', '2026-03-01T11:00:00Z'), // outside the window
      unit(5, 'failed', '2026-03-01T12:10:01Z'), // not extracted
    ]);
    const { throughput } = await getOverview(sources, { now: NOW, minutes: 3 });
    expect(throughput).toEqual([
      { minute: '2026-03-01T12:08', extracted: 0 },
      { minute: '2026-03-01T12:09', extracted: 2 },
      { minute: '2026-03-01T12:10', extracted: 1 },
    ]);
  });

  it('lists rejected records and failed units with their reasons, newest first', async () => {
    const rejected = rejectedRecord(1, 'unsupported-format', 'binary content: no known format');
    const sources = fakeSources(
      [extractedRecord(1), rejected],
      [
        unit(2, 'failed', '2026-03-01T12:10:00Z', { errorCode: 'internal', errorMessage: 'S3 GetObject timed out' }),
        unit(3, 'rejected', '2026-03-01T12:00:00Z', { docId: rejected.docId, errorCode: 'unsupported-format', errorMessage: 'dup' }),
      ],
    );
    sources.store.updatedAt.set(rejected.docId, '2026-03-01T12:05:00Z');
    const { failures } = await getOverview(sources, { now: NOW });
    expect(failures).toEqual([
      expect.objectContaining({ kind: 'failed', code: 'internal', message: 'S3 GetObject timed out', source: 'intake/incoming/doc-2.txt#etag2#0' }),
      expect.objectContaining({ kind: 'rejected', docId: rejected.docId, code: 'unsupported-format', message: 'binary content: no known format' }),
    ]);
  });

  it('counts records per format and status', async () => {
    const sources = fakeSources([extractedRecord(0), extractedRecord(5), extractedRecord(1), rejectedRecord(2)]);
    const { formats } = await getOverview(sources, { now: NOW });
    expect(formats).toEqual([
      { format: 'pubmed-xml', extracted: 1, rejected: 0 },
      { format: 'pubtator', extracted: 2, rejected: 0 },
      { format: 'unknown', extracted: 0, rejected: 1 },
    ]);
  });

  it('includes queue and dead-letter depths and every document summary', async () => {
    const sources = fakeSources([extractedRecord(1), extractedRecord(2)]);
    sources.queues.queues[1].visible = 4;
    sources.queues.queues[1].deadLetter!.visible = 2;
    const overview = await getOverview(sources, { now: NOW });
    expect(overview.queues.map((q) => [q.name, q.visible, q.deadLetter?.visible])).toEqual([
      ['Intake', 0, 0],
      ['Parse', 4, 2],
      ['Extract', 0, 0],
    ]);
    expect(overview.documents.map((d) => d.docId)).toEqual(['pmid:1000001', 'pmid:1000002']);
    expect(overview.metricNames).toContain('cohort_size');
  });
});

describe('getEvidence', () => {
  it('returns every metric of one name with its span text', async () => {
    const sources = fakeSources([extractedRecord(1), extractedRecord(2)]);
    const { rows } = await getEvidence(sources, 'cohort_size');
    expect(rows.map((r) => [r.docId, r.value, r.spanText])).toEqual([
      ['pmid:1000001', 57, 'A total of 57 patients'],
      ['pmid:1000002', 94, 'A total of 94 patients'],
    ]);
    expect(sources.store.calls.filter((c) => c.startsWith('queryMetric'))).toEqual(['queryMetric cohort_size']);
  });

  it('returns every metric name when none is given', async () => {
    const { rows, metric } = await getEvidence(fakeSources([extractedRecord(1)]));
    expect(metric).toBeNull();
    expect(rows.map((r) => r.name).sort()).toEqual(['cohort_size', 'median_os']);
  });

  it('refuses an unknown metric name', async () => {
    await expect(getEvidence(fakeSources(), 'shoe_size')).rejects.toBeInstanceOf(BadRequestError);
  });
});

describe('getDocument', () => {
  it('returns the full record', async () => {
    const record = extractedRecord(7);
    expect(await getDocument(fakeSources([record]), record.docId)).toEqual(record);
  });

  it('answers NotFound for an unknown docId', async () => {
    await expect(getDocument(fakeSources(), 'pmid:1')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('postRedrive', () => {
  it('redrives the named queue', async () => {
    const sources = fakeSources();
    sources.queues.queues[0].deadLetter!.visible = 3;
    expect(await postRedrive(sources, 'Intake')).toEqual({ queue: 'Intake', method: 'receive-send-delete', moved: 3 });
    expect(sources.queues.redriven).toEqual(['Intake']);
  });

  it('refuses a queue without a dead-letter queue', async () => {
    const sources = fakeSources([], [], [{ name: 'Pull', visible: 0, inFlight: 0, delayed: 0, deadLetter: { visible: 1, inFlight: 0 }, canRedrive: false }]);
    await expect(postRedrive(sources, 'Pull')).rejects.toBeInstanceOf(BadRequestError);
    await expect(postRedrive(sources, 'Nope')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('queuePairs', () => {
  it('pairs each queue URL output with its dead-letter queue, in pipeline order', () => {
    const pairs = queuePairs({
      TableName: 't',
      ExtractQueueUrl: 'e',
      IntakeQueueUrl: 'i',
      ParseQueueUrl: 'p',
      IntakeDeadLetterQueueUrl: 'idl',
      ParseDeadLetterQueueUrl: 'pdl',
      ExtractDeadLetterQueueUrl: 'edl',
      PullDeadLetterQueueUrl: 'pull',
    });
    expect(pairs).toEqual([
      { name: 'Intake', url: 'i', deadLetterUrl: 'idl' },
      { name: 'Parse', url: 'p', deadLetterUrl: 'pdl' },
      { name: 'Extract', url: 'e', deadLetterUrl: 'edl' },
      { name: 'Pull', url: null, deadLetterUrl: 'pull' },
    ]);
  });
});
