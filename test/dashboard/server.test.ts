import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDashboard, type DashboardServer } from '../../dashboard/server.ts';
import { extractedRecord, fakeSources } from './fake-sources.ts';

const sources = fakeSources([extractedRecord(1), extractedRecord(2)]);
let server: DashboardServer;

beforeAll(async () => {
  server = await startDashboard({ sources });
});
afterAll(() => server.close());

const get = (path: string, headers: Record<string, string> = {}) => fetch(new URL(path, server.url), { headers });

describe('dashboard server', () => {
  it('listens on 127.0.0.1 and serves the page with its script and style', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await get('/');
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/app.js">');
    expect((await get('/app.js')).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await get('/style.css')).status).toBe(200);
  });

  it('serves nothing outside the public folder', async () => {
    expect((await get('/../server.ts')).status).toBe(404);
    expect((await get('/server.ts')).status).toBe(404);
    expect((await get('/%2e%2e/api.ts')).status).toBe(404);
  });

  it('answers the overview as JSON with an ETag, and 304 when unchanged', async () => {
    const first = await get('/api/overview');
    expect(first.status).toBe(200);
    const body = (await first.json()) as { documents: unknown[] };
    expect(body.documents).toHaveLength(2);
    const etag = first.headers.get('etag')!;
    expect((await get('/api/overview', { 'if-none-match': etag })).status).toBe(304);
  });

  it('gzips large responses when the client accepts it', async () => {
    const response = await get('/app.js', { 'accept-encoding': 'gzip' });
    expect(response.headers.get('content-encoding')).toBe('gzip');
  });

  it('answers the evidence table, a document, and 400/404 for bad requests', async () => {
    const evidence = (await (await get('/api/evidence?metric=cohort_size')).json()) as { rows: Array<{ value: number }> };
    expect(evidence.rows.map((r: { value: number }) => r.value)).toEqual([57, 94]);
    expect((await get(`/api/documents/${encodeURIComponent('pmid:1000002')}`)).status).toBe(200);
    expect((await get('/api/documents/pmid%3A9')).status).toBe(404);
    const bad = await get('/api/evidence?metric=shoe_size');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/unknown metric/);
  });

  it('redrives only with the action header', async () => {
    sources.queues.queues[2].deadLetter!.visible = 5;
    const refused = await fetch(new URL('/api/queues/Extract/redrive', server.url), { method: 'POST' });
    expect(refused.status).toBe(400);
    expect(sources.queues.redriven).toEqual([]);
    const done = await fetch(new URL('/api/queues/Extract/redrive', server.url), {
      method: 'POST',
      headers: { 'x-litstream-action': 'redrive' },
    });
    expect(await done.json()).toEqual({ queue: 'Extract', method: 'receive-send-delete', moved: 5 });
  });
});
