import { request, type OutgoingHttpHeaders } from 'node:http';
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

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request through node:http, which (unlike fetch) sends the Host header it is given. */
function raw(base: string, path: string, options: { method?: string; headers?: OutgoingHttpHeaders } = {}): Promise<RawResponse> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const portOf = (s: DashboardServer) => new URL(s.url).port;

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
    const body = (await first.json()) as { documentCount: number };
    expect(body.documentCount).toBe(2);
    const etag = first.headers.get('etag')!;
    expect((await get('/api/overview', { 'if-none-match': etag })).status).toBe(304);
  });

  it('gzips large responses when the client accepts it', async () => {
    const response = await get('/app.js', { 'accept-encoding': 'gzip' });
    expect(response.headers.get('content-encoding')).toBe('gzip');
  });

  it('answers the evidence table, a document, and 400/404 for bad requests', async () => {
    const evidence = (await (await get('/api/evidence?metric=cohort_size')).json()) as { items: Array<{ value: number }> };
    expect(evidence.items.map((r: { value: number }) => r.value)).toEqual([57, 94]);
    expect((await get(`/api/documents/${encodeURIComponent('pmid:1000002')}`)).status).toBe(200);
    expect((await get('/api/documents/pmid%3A9')).status).toBe(404);
    const bad = await get('/api/evidence?metric=shoe_size');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/unknown metric/);
  });

  it('pages the documents list, with an ETag and 304 when unchanged', async () => {
    const first = await get('/api/documents?pageSize=1&page=2');
    const body = (await first.json()) as { total: number; pages: number; items: Array<{ docId: string }> };
    expect(body).toMatchObject({ total: 2, pages: 2, items: [{ docId: 'pmid:1000002' }] });
    const etag = first.headers.get('etag')!;
    expect((await get('/api/documents?pageSize=1&page=2', { 'if-none-match': etag })).status).toBe(304);
    expect((await get('/api/documents?pageSize=1&page=1', { 'if-none-match': etag })).status).toBe(200);
    expect((await get('/api/documents?pageSize=x')).status).toBe(400);
  });

  it('exports the current filter as a CSV or JSON attachment', async () => {
    const csv = await get('/api/export/evidence.csv?metric=cohort_size');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="litstream-evidence.csv"');
    expect((await csv.text()).trimEnd().split('\r\n')).toHaveLength(3);
    const json = await get('/api/export/documents.json?format=pubtator');
    expect(json.headers.get('content-disposition')).toBe('attachment; filename="litstream-documents.json"');
    expect(((await json.json()) as { total: number }).total).toBe(0);
    expect(json.headers.get('content-security-policy')).toContain("default-src 'self'");
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

  it('refuses a request for a foreign Host with 403 and a one-line plain-text reason, without reading the store', async () => {
    const reads = sources.store.calls.length;
    const refused = await raw(server.url, '/api/overview', { headers: { host: `evil.example:${portOf(server)}` } });
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(refused.body).toMatch(/^Host "evil\.example:\d+" is not an address this dashboard listens on; [^\n]*\n$/);
    expect(sources.store.calls).toHaveLength(reads);
  });

  it('needs no token on loopback', () => {
    expect(server.token).toBeNull();
    expect(server.openUrl).toBe(server.url);
  });

  it('answers on every loopback name of its port', async () => {
    for (const host of [`127.0.0.1:${portOf(server)}`, `localhost:${portOf(server)}`, `[::1]:${portOf(server)}`]) {
      expect((await raw(server.url, '/api/overview', { headers: { host } })).status).toBe(200);
    }
  });

  it('answers the hosts allowed with allowHosts', async () => {
    const allowing = await startDashboard({ sources, allowHosts: ['dashboard.lab.example'] });
    try {
      expect((await raw(allowing.url, '/', { headers: { host: `dashboard.lab.example:${portOf(allowing)}` } })).status).toBe(200);
      expect((await raw(allowing.url, '/', { headers: { host: `other.lab.example:${portOf(allowing)}` } })).status).toBe(403);
    } finally {
      await allowing.close();
    }
  });

  it('refuses a redrive from a foreign Origin, and does not redrive', async () => {
    sources.queues.queues[0].deadLetter!.visible = 2;
    const redriven = sources.queues.redriven.length;
    const refused = await raw(server.url, '/api/queues/Intake/redrive', {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'x-litstream-action': 'redrive' },
    });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatch(/^a POST from Origin "https:\/\/evil\.example" is refused/);
    expect(sources.queues.redriven).toHaveLength(redriven);
    const done = await raw(server.url, '/api/queues/Intake/redrive', {
      method: 'POST',
      headers: { origin: server.url.replace(/\/$/, ''), 'x-litstream-action': 'redrive' },
    });
    expect(done.status).toBe(200);
    expect(sources.queues.redriven).toHaveLength(redriven + 1);
  });

  it('sends the security headers with every kind of response', async () => {
    const etag = (await get('/app.js')).headers.get('etag')!;
    const responses = [
      await raw(server.url, '/'),
      await raw(server.url, '/app.js'),
      await raw(server.url, '/style.css'),
      await raw(server.url, '/api/overview'),
      await raw(server.url, '/app.js', { headers: { 'if-none-match': etag } }),
      await raw(server.url, '/nope.html'),
      await raw(server.url, '/api/nope'),
      await raw(server.url, '/', { headers: { host: 'evil.example' } }),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 304, 404, 404, 403]);
    for (const response of responses) {
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toMatch(/(^|; )default-src 'self'(;|$)/);
      for (const directive of ["script-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'"]) {
        expect(csp).toContain(directive);
      }
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|data:|\*/);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('serves a page with no inline script, style or data: URL', async () => {
    const html = await (await get('/')).text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=|data:|javascript:/i);
    expect((await get('/favicon.svg')).headers.get('content-type')).toBe('image/svg+xml');
  });
});

describe('dashboard server with a token', () => {
  let guarded: DashboardServer;
  beforeAll(async () => {
    guarded = await startDashboard({ sources, requireToken: true });
  });
  afterAll(() => guarded.close());

  it('prints a URL with the token', () => {
    expect(guarded.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(guarded.openUrl).toBe(`${guarded.url}?token=${guarded.token}`);
  });

  it('refuses the page and the API without the token with 401', async () => {
    for (const path of ['/', '/api/overview']) {
      const refused = await raw(guarded.url, path);
      expect(refused.status).toBe(401);
      expect(refused.body).toMatch(/needs its token/);
      expect(refused.headers['content-security-policy']).toContain("default-src 'self'");
    }
  });

  it('answers the API with the token as a Bearer header', async () => {
    expect((await raw(guarded.url, '/api/overview', { headers: { authorization: `Bearer ${guarded.token}` } })).status).toBe(200);
  });

  it('sets the cookie on the first load with ?token= and answers with it from then on', async () => {
    const login = await raw(guarded.url, `/?token=${guarded.token}`);
    expect(login.status).toBe(303);
    expect(login.headers.location).toBe('/');
    const [cookie] = login.headers['set-cookie'] as string[];
    expect(cookie).toMatch(/; HttpOnly; SameSite=Strict; Path=\/$/);
    const pair = cookie.split(';')[0];
    expect((await raw(guarded.url, '/', { headers: { cookie: pair } })).status).toBe(200);
    expect((await raw(guarded.url, '/api/overview', { headers: { cookie: pair } })).status).toBe(200);
  });
});
