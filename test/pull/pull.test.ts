import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LeaseHeldError } from '../../src/pull/errors.ts';
import { EutilsClient, articlePmids } from '../../src/pull/eutils.ts';
import { createPullClients, runPull, type PullClients, type PullDeps, type PullSink } from '../../src/pull/pull.ts';
import { ESEARCH_MAX_RECORDS, splitWindow } from '../../src/pull/windows.ts';
import { FakeNcbi, dailyCounts } from '../support/fake-ncbi.ts';
import { MemoryPullStore } from '../support/memory-pull-store.ts';

const NOW = new Date('2024-03-10T06:00:00.000Z');
const SEARCH = { id: 'leiomyosarcoma', query: 'leiomyosarcoma', pubtator: true };

class MemorySink implements PullSink {
  readonly files = new Map<string, { body: string; contentType: string }>();
  failOnWrite = 0;
  async write(key: string, body: string, contentType: string): Promise<void> {
    if (this.failOnWrite > 0 && this.files.size + 1 >= this.failOnWrite) throw new Error('S3 unavailable');
    this.files.set(key, { body, contentType });
  }
}

describe('runPull against the fake NCBI', () => {
  let ncbi: FakeNcbi;
  let clients: PullClients;
  let sink: MemorySink;
  let store: MemoryPullStore;
  let deps: PullDeps;

  beforeEach(async () => {
    ncbi = await FakeNcbi.start();
    // With a key: 10 requests/s keeps these tests quick.
    clients = createPullClients({
      fetch,
      tool: 'litstream-test',
      email: 'test@example.org',
      apiKey: 'test-key',
      eutilsBaseUrl: ncbi.eutilsBaseUrl,
      pubtatorBaseUrl: ncbi.pubtatorBaseUrl,
      retry: { baseDelayMs: 10 },
    });
    sink = new MemorySink();
    store = new MemoryPullStore();
    deps = { ...clients, sink, store, now: () => NOW, leaseOwner: 'test-run' };
  });
  afterEach(async () => {
    await ncbi.close();
  });

  it('writes PubMed XML and PubTator3 BioC files, then advances the watermark to the window end', async () => {
    ncbi.counts = () => 250;
    store.watermarks.set(SEARCH.id, '2024-03-01');
    const result = await runPull(SEARCH, deps);

    expect(result).toMatchObject({ window: { from: '2024-02-28', to: '2024-03-10' }, searched: 250, fetched: 250, pmids: 250, annotated: 250, files: 5 });
    expect([...sink.files.keys()]).toEqual([
      'pulls/leiomyosarcoma/20240310T060000Z/pubmed-0001.xml',
      'pulls/leiomyosarcoma/20240310T060000Z/pubtator-0001.json',
      'pulls/leiomyosarcoma/20240310T060000Z/pubtator-0002.json',
      'pulls/leiomyosarcoma/20240310T060000Z/pubmed-0002.xml',
      'pulls/leiomyosarcoma/20240310T060000Z/pubtator-0003.json',
    ]);
    expect(store.watermarks.get(SEARCH.id)).toBe('2024-03-10');
    expect(store.leases.size).toBe(0);
    expect(ncbi.requestsTo('efetch').map((r) => [r.params.get('retstart'), r.params.get('retmax')])).toEqual([['0', '200'], ['200', '50']]);
    expect(ncbi.requestsTo('pubtator').map((r) => r.params.get('pmids')!.split(',').length)).toEqual([100, 100, 50]);
  });

  it('writes files the intake formats read: a PubmedArticleSet and a BioC collection for the same PMIDs', async () => {
    ncbi.counts = () => 3;
    await runPull(SEARCH, deps, { since: '2024-03-01' });
    const [xml, json] = [...sink.files.values()];
    expect(xml.contentType).toBe('application/xml');
    const pmids = articlePmids(xml.body);
    expect(pmids).toEqual([0, 1, 2].map((i) => FakeNcbi.pmidFor('2024-03-01', i)));
    const collection = JSON.parse(json.body);
    expect(collection).toMatchObject({ source: 'PubTator3', key: 'BioC.key' });
    expect(collection.documents.map((d: { id: string }) => d.id)).toEqual(pmids);
  });

  it('starts a first pull 30 days back and skips PubTator3 when the search does not ask for it', async () => {
    const result = await runPull({ ...SEARCH, pubtator: false }, deps);
    expect(result.window).toEqual({ from: '2024-02-09', to: '2024-03-10' });
    expect(ncbi.requestsTo('pubtator')).toHaveLength(0);
    expect(sink.files.size).toBe(1);
  });

  it('splits a window whose count exceeds 9,999 into halves until each fits', async () => {
    ncbi.counts = dailyCounts({}, 3_000);
    const result = await runPull(SEARCH, deps, { since: '2024-01-01', until: '2024-01-08', dryRun: true });
    const searched = ncbi.requestsTo('esearch').map((r) => `${r.params.get('mindate')}-${r.params.get('maxdate')}`);
    expect(searched).toEqual([
      '2024/01/01-2024/01/08',
      '2024/01/01-2024/01/04',
      '2024/01/01-2024/01/02',
      '2024/01/03-2024/01/04',
      '2024/01/05-2024/01/08',
      '2024/01/05-2024/01/06',
      '2024/01/07-2024/01/08',
    ]);
    expect(result).toMatchObject({ searched: 24_000, windows: 4, warnings: [] });
  });

  it('does not advance the watermark when a write fails, and releases the lease', async () => {
    ncbi.counts = () => 250;
    store.watermarks.set(SEARCH.id, '2024-03-01');
    sink.failOnWrite = 4;
    await expect(runPull(SEARCH, deps)).rejects.toThrow('S3 unavailable');
    expect(store.watermarks.get(SEARCH.id)).toBe('2024-03-01');
    expect(store.calls.some((c) => c.startsWith('advanceWatermark'))).toBe(false);
    expect(store.leases.size).toBe(0);
  });

  it('refuses to run while another pull of the search holds the lease', async () => {
    store.leases.set(SEARCH.id, { owner: 'other-run', expiresAtMs: NOW.getTime() + 60_000 });
    await expect(runPull(SEARCH, deps)).rejects.toBeInstanceOf(LeaseHeldError);
    expect(ncbi.requests).toHaveLength(0);
    expect(store.leases.get(SEARCH.id)?.owner).toBe('other-run');
  });

  it('lets only one of two concurrent pulls of a search run', async () => {
    const results = await Promise.allSettled([
      runPull(SEARCH, { ...deps, leaseOwner: 'a' }),
      runPull(SEARCH, { ...deps, leaseOwner: 'b' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: expect.any(LeaseHeldError) });
  });

  it('takes over a lease that has expired', async () => {
    store.leases.set(SEARCH.id, { owner: 'crashed-run', expiresAtMs: NOW.getTime() - 1 });
    await expect(runPull(SEARCH, deps)).resolves.toMatchObject({ watermark: '2024-03-10' });
  });

  it('dry-run searches and counts but writes nothing and touches neither lease nor watermark', async () => {
    ncbi.counts = () => 42;
    const result = await runPull(SEARCH, { ...deps, store: undefined }, { since: '2024-01-01', dryRun: true });
    expect(result).toMatchObject({ dryRun: true, searched: 42, fetched: 0, files: 0 });
    expect(sink.files.size).toBe(0);
    expect(ncbi.requests.every((r) => r.path.endsWith('/esearch.fcgi'))).toBe(true);
  });

  it('an explicit window leaves the watermark alone', async () => {
    store.watermarks.set(SEARCH.id, '2024-03-01');
    await runPull(SEARCH, deps, { since: '2023-01-01', until: '2023-01-31' });
    expect(store.watermarks.get(SEARCH.id)).toBe('2024-03-01');
    expect(store.calls.filter((c) => c.includes('Watermark'))).toEqual([]);
  });
});

describe('runPull with a day over the esearch cap', () => {
  it('fetches the first 9,999 records of the day and records a warning', async () => {
    const fetches: Array<[number, number]> = [];
    const eutils = {
      esearch: async () => ({ count: 12_345, history: { webEnv: 'W', queryKey: '1' } }),
      efetch: async (_h: unknown, retstart: number, retmax: number) => {
        fetches.push([retstart, retmax]);
        const ids = Array.from({ length: retmax }, (_, i) => `<PubmedArticle><MedlineCitation><PMID Version="1">${retstart + i + 1}</PMID></MedlineCitation></PubmedArticle>`);
        return `<PubmedArticleSet>${ids.join('')}</PubmedArticleSet>`;
      },
    } as unknown as EutilsClient;
    const sink = new MemorySink();
    const result = await runPull(
      { id: 'big-day', query: 'cancer' },
      { eutils, pubtator: undefined as never, sink, store: new MemoryPullStore(), now: () => NOW },
      { since: '2024-03-01', until: '2024-03-01', efetchBatchSize: 2_000 },
    );
    expect(fetches.at(-1)).toEqual([8_000, ESEARCH_MAX_RECORDS - 8_000]);
    expect(result).toMatchObject({ searched: 12_345, fetched: ESEARCH_MAX_RECORDS, files: 5 });
    expect(result.warnings).toEqual([expect.stringContaining('2024-03-01: 12345 records')]);
  });
});

describe('date windows', () => {
  it('splits an odd window with the middle day in the first half', () => {
    expect(splitWindow({ from: '2024-02-27', to: '2024-03-01' })).toEqual([
      { from: '2024-02-27', to: '2024-02-28' },
      { from: '2024-02-29', to: '2024-03-01' },
    ]);
    expect(splitWindow({ from: '2024-01-01', to: '2024-01-03' })).toEqual([
      { from: '2024-01-01', to: '2024-01-02' },
      { from: '2024-01-03', to: '2024-01-03' },
    ]);
  });

  it('reads only each article’s own PMID, not the ones it cites', () => {
    const xml = '<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID Version="1">11</PMID><CommentsCorrectionsList><CommentsCorrections><PMID Version="1">99</PMID></CommentsCorrections></CommentsCorrectionsList></MedlineCitation></PubmedArticle><PubmedBookArticle><BookDocument><PMID Version="1">12</PMID></BookDocument></PubmedBookArticle></PubmedArticleSet>';
    expect(articlePmids(xml)).toEqual(['11', '12']);
  });
});
