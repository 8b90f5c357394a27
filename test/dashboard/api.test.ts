import { describe, expect, it } from 'vitest';
import { BadRequestError, NotFoundError, exportList, getDocument, getOverview, listDocuments, listEvidence, postRedrive } from '../../dashboard/api.ts';
import { Catalog } from '../../dashboard/catalog.ts';
import { queuePairs } from '../../dashboard/sources.ts';
import { extractedRecord, fakeSources, rejectedRecord, seedCorpus, unit } from './fake-sources.ts';

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

  it('includes queue and dead-letter depths and the number of documents', async () => {
    const sources = fakeSources([extractedRecord(1), extractedRecord(2)]);
    sources.queues.queues[1].visible = 4;
    sources.queues.queues[1].deadLetter!.visible = 2;
    const overview = await getOverview(sources, { now: NOW });
    expect(overview.queues.map((q) => [q.name, q.visible, q.deadLetter?.visible])).toEqual([
      ['Intake', 0, 0],
      ['Parse', 4, 2],
      ['Extract', 0, 0],
    ]);
    expect(overview.documentCount).toBe(2);
    expect(overview.metricNames).toContain('cohort_size');
  });
});

const params = (query: Record<string, string> = {}) => new URLSearchParams(query);
const catalogOf = (records = seedCorpus(250)) => new Catalog(fakeSources(records).store);

describe('listDocuments', () => {
  it('pages the documents with their totals, ids in natural order', async () => {
    const page = await listDocuments(catalogOf(), params({ pageSize: '20', page: '2' }));
    expect(page).toMatchObject({ page: 2, pageSize: 20, total: 250, pages: 13 });
    expect(page.items.map((d) => d.docId)).toEqual(Array.from({ length: 20 }, (_, i) => `pmid:${21 + i}`));
  });

  it('puts pmid:9 before pmid:10', async () => {
    const { items } = await listDocuments(catalogOf(), params({ pageSize: '10' }));
    expect(items.map((d) => d.docId).slice(8)).toEqual(['pmid:9', 'pmid:10']);
  });

  it('clamps a page beyond the last to the last', async () => {
    const page = await listDocuments(catalogOf(), params({ pageSize: '100', page: '9' }));
    expect(page.page).toBe(3);
    expect(page.items).toHaveLength(50);
  });

  it('sorts by a column either way, nulls last in both', async () => {
    const records = [extractedRecord(1, { published: '2010-01-01' }), extractedRecord(2, { published: null }), extractedRecord(3, { published: '2020' })];
    const asc = await listDocuments(catalogOf(records), params({ sort: 'year' }));
    expect(asc.items.map((d) => d.year)).toEqual([2010, 2020, null]);
    const desc = await listDocuments(catalogOf(records), params({ sort: 'year', order: 'desc' }));
    expect(desc.items.map((d) => d.year)).toEqual([2020, 2010, null]);
  });

  it('filters by design type', async () => {
    const { items, total } = await listDocuments(catalogOf(), params({ design: 'case-control', pageSize: '500' }));
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(250);
    expect(items.every((d) => d.designType === 'case-control')).toBe(true);
  });

  it('filters by randomisation: true, false and not stated', async () => {
    const catalog = catalogOf();
    const counts = await Promise.all(['true', 'false', 'null'].map(async (randomized) => {
      const { items, total } = await listDocuments(catalog, params({ randomized, pageSize: '500' }));
      expect(items.every((d) => d.randomized === JSON.parse(randomized))).toBe(true);
      return total;
    }));
    expect(counts.every((n) => n > 0)).toBe(true);
    expect(counts.reduce((a, b) => a + b)).toBe(250);
  });

  it('filters by a year range, inclusive', async () => {
    const { items, total } = await listDocuments(catalogOf(), params({ yearFrom: '2000', yearTo: '2004', pageSize: '500' }));
    expect(total).toBeGreaterThan(0);
    expect(items.every((d) => d.year! >= 2000 && d.year! <= 2004)).toBe(true);
  });

  it('filters by format', async () => {
    const { items, total } = await listDocuments(catalogOf(), params({ format: 'jats-xml', pageSize: '500' }));
    expect(total).toBe(50);
    expect(items.every((d) => d.format === 'jats-xml')).toBe(true);
  });

  it('filters by a cohort size range', async () => {
    const { items, total } = await listDocuments(catalogOf(), params({ cohortMin: '50', cohortMax: '220', pageSize: '500' }));
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(250);
    expect(items.every((d) => d.cohortSize! >= 50 && d.cohortSize! <= 220)).toBe(true);
  });

  it('filters by a metric the document states', async () => {
    const { total } = await listDocuments(catalogOf(), params({ metric: 'odds_ratio' }));
    expect(total).toBe(42);
  });

  it('searches titles and metric span texts', async () => {
    const byTitle = await listDocuments(catalogOf(), params({ q: '(study 123)' }));
    expect(byTitle.items.map((d) => d.docId)).toEqual(['pmid:123']);
    const bySpan = await listDocuments(catalogOf(), params({ q: 'IN STUDY 201' }));
    expect(bySpan.items.map((d) => d.docId)).toEqual(['pmid:201']);
  });

  it('refuses bad parameters with a reason', async () => {
    const catalog = catalogOf();
    for (const bad of [{ page: '0' }, { pageSize: '501' }, { sort: 'colour' }, { order: 'up' }, { design: 'anecdote' }, { randomized: 'maybe' }, { yearFrom: 'soon' }, { metric: 'shoe_size' }] as Array<Record<string, string>>) {
      await expect(listDocuments(catalog, params(bad))).rejects.toBeInstanceOf(BadRequestError);
    }
  });
});

describe('listEvidence', () => {
  it('returns every metric of one name with its span text and facets', async () => {
    const { items } = await listEvidence(catalogOf([extractedRecord(1), extractedRecord(2)]), params({ metric: 'cohort_size' }));
    expect(items.map((r) => [r.docId, r.value, r.spanText, r.designType, r.year])).toEqual([
      ['pmid:1000001', 57, 'A total of 57 patients', 'cohort', 2025],
      ['pmid:1000002', 94, 'A total of 94 patients', 'cohort', 2025],
    ]);
  });

  it('returns every metric name when none is given', async () => {
    const { items, filters } = await listEvidence(catalogOf([extractedRecord(1)]), params());
    expect(filters.metric).toBeNull();
    expect(items.map((r) => r.name).sort()).toEqual(['cohort_size', 'median_os']);
  });

  it('pages, sorts by value and applies the document facets to each row', async () => {
    const page = await listEvidence(catalogOf(), params({ metric: 'hazard_ratio', design: 'cohort', sort: 'value', order: 'desc', pageSize: '5' }));
    expect(page.items).toHaveLength(5);
    expect(page.total).toBeGreaterThan(5);
    const values = page.items.map((r) => r.value);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(page.items.every((r) => r.name === 'hazard_ratio' && r.designType === 'cohort')).toBe(true);
  });

  it('searches span texts', async () => {
    const { items } = await listEvidence(catalogOf(), params({ q: 'in study 201' }));
    expect(items.map((r) => [r.docId, r.name])).toEqual([['pmid:201', 'odds_ratio']]);
  });

  it('refuses an unknown metric name', async () => {
    await expect(listEvidence(catalogOf(), params({ metric: 'shoe_size' }))).rejects.toBeInstanceOf(BadRequestError);
  });
});

describe('exportList', () => {
  it('exports every matching evidence row as CSV, unpaged', async () => {
    const file = await exportList(catalogOf(), 'evidence', 'csv', params({ metric: 'relative_risk', page: '3', pageSize: '1' }));
    expect(file).toMatchObject({ contentType: 'text/csv; charset=utf-8', filename: 'litstream-evidence.csv' });
    const lines = file.body.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^docId,title,year,format,designType,randomized,cohortSize,name,value,/);
    expect(lines).toHaveLength(1 + 41);
    expect(lines.slice(1).every((l) => l.includes(',relative_risk,'))).toBe(true);
  });

  it('exports the documents as JSON with the filters and total', async () => {
    const file = await exportList(catalogOf(), 'documents', 'json', params({ format: 'medline' }));
    const body = JSON.parse(file.body) as { total: number; filters: { format: string }; items: Array<{ format: string }> };
    expect(body.total).toBe(50);
    expect(body.filters.format).toBe('medline');
    expect(body.items.every((d) => d.format === 'medline')).toBe(true);
  });

  it('quotes CSV cells and defuses text a spreadsheet would run as a formula', async () => {
    const record = extractedRecord(1, { title: '=HYPERLINK("http://x", "a, b")' });
    const file = await exportList(catalogOf([record]), 'documents', 'csv', params());
    expect(file.body.split('\r\n')[1]).toContain(`,"'=HYPERLINK(""http://x"", ""a, b"")",`);
  });
});

describe('Catalog', () => {
  it('loads a record once, and again only when its summary changes', async () => {
    const sources = fakeSources([extractedRecord(1), extractedRecord(2)]);
    let now = 0;
    const catalog = new Catalog(sources.store, { now: () => now });
    await catalog.snapshot();
    now += 5000;
    const unchanged = await catalog.snapshot();
    expect(sources.store.calls.filter((c) => c.startsWith('getRecord'))).toEqual(['getRecord pmid:1000001', 'getRecord pmid:1000002']);
    sources.store.updatedAt.set('pmid:1000002', '2026-02-01T00:00:00.000Z');
    sources.store.records[1] = extractedRecord(2, { published: '1999' });
    now += 5000;
    const changed = await catalog.snapshot();
    expect(sources.store.calls.filter((c) => c.startsWith('getRecord'))).toHaveLength(3);
    expect(changed.version).not.toBe(unchanged.version);
    expect(changed.documents[1].year).toBe(1999);
  });

  it('drops a record that is no longer listed', async () => {
    const sources = fakeSources([extractedRecord(1), extractedRecord(2)]);
    let now = 0;
    const catalog = new Catalog(sources.store, { now: () => now });
    await catalog.snapshot();
    sources.store.records.pop();
    now += 5000;
    expect((await catalog.snapshot()).documents.map((d) => d.docId)).toEqual(['pmid:1000001']);
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
