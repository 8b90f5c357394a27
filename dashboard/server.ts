/**
 * `litstream dashboard`: a local web page over a deployed stack. node:http
 * serves the static page in dashboard/public/ and the JSON API of api.ts.
 * Responses carry an ETag (the page polls every few seconds and mostly gets
 * 304s) and are gzip-compressed when the browser accepts it.
 *
 * Every request passes access.ts first (Host, Origin, and the token when
 * listening beyond loopback), and every response, refusals included, carries
 * SECURITY_HEADERS: the page runs only its own script files, so record text
 * that slipped past escaping could still neither run script nor load anything
 * from elsewhere.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Deployment } from '../adapters/deployment.ts';
import {
  BadRequestError,
  NotFoundError,
  exportList,
  getDocument,
  getOverview,
  listDocuments,
  listEvidence,
  postRedrive,
  type DashboardSources,
} from './api.ts';
import { Catalog } from './catalog.ts';
import { accessPolicy, decideAccess, isLoopbackHost, isWildcardHost, newToken, normalizeAllowedHost, type AccessPolicy } from './access.ts';
import { deploymentSources } from './sources.ts';

const PUBLIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public');
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * Sent with every response. The policy allows only the dashboard's own files
 * (no inline script or style, no eval, no plugins, no framing, no <base>, no
 * form posting elsewhere); the page builds its HTML from escaped strings and
 * sets computed styles through the CSSOM.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/** Header a state-changing request must carry: a cross-site form cannot set it without a CORS preflight, which this server never grants. */
export const ACTION_HEADER = 'x-litstream-action';

export interface DashboardOptions {
  /** @default 0, any free port */
  port?: number;
  /** Address to listen on. Beyond loopback, requests need the token (see `requireToken`). @default '127.0.0.1' */
  host?: string;
  /** Further Host header values to answer besides the listening address, each `name` or `name:port`. @default [] */
  allowHosts?: readonly string[];
  /** Require the token printed at start on every request. @default true when `host` is not loopback */
  requireToken?: boolean;
  /** The deployed stack to read. Either this or `sources`. */
  deployment?: Deployment;
  /** Sources to read instead of a deployment (tests, benchmarks). */
  sources?: DashboardSources;
}

export interface DashboardServer {
  /** The address it listens on, e.g. `http://127.0.0.1:4580/`. */
  url: string;
  /** The token requests must carry, or null when none is required. */
  token: string | null;
  /** The URL to open in a browser: `url`, with `?token=` when a token is required. */
  openUrl: string;
  close(): Promise<void>;
}

interface StaticFile {
  body: Buffer;
  gzipped: Buffer;
  etag: string;
  type: string;
}

function loadStatic(): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  for (const name of readdirSync(PUBLIC_DIR)) {
    const type = CONTENT_TYPES[path.extname(name)];
    if (!type) continue;
    const body = readFileSync(path.join(PUBLIC_DIR, name));
    files.set(`/${name}`, { body, gzipped: gzipSync(body), etag: etagOf(body), type });
  }
  const index = files.get('/index.html');
  if (index) files.set('/', index);
  return files;
}

function etagOf(body: Buffer | string): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

function send(req: IncomingMessage, res: ServerResponse, status: number, body: Buffer, type: string, etag?: string, extra: Record<string, string> = {}): void {
  const headers: Record<string, string> = {
    'content-type': type,
    'cache-control': 'no-cache',
    vary: 'accept-encoding',
    ...extra,
  };
  if (etag) {
    headers.etag = etag;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers).end();
      return;
    }
  }
  let payload = body;
  if (body.length > 1024 && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    payload = gzipSync(body);
    headers['content-encoding'] = 'gzip';
  }
  headers['content-length'] = String(payload.length);
  res.writeHead(status, headers).end(req.method === 'HEAD' ? undefined : payload);
}

function sendJson(req: IncomingMessage, res: ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value));
  send(req, res, status, body, 'application/json; charset=utf-8', status === 200 && req.method === 'GET' ? etagOf(body) : undefined);
}

/** A one-line plain-text answer (refusals), so curl users and logs see the reason as is. */
function sendText(req: IncomingMessage, res: ServerResponse, status: number, text: string): void {
  send(req, res, status, Buffer.from(`${text}\n`), 'text/plain; charset=utf-8');
}

/** Routes one request; exported for tests that drive the server without a socket. */
export function createHandler(sources: DashboardSources, access: AccessPolicy): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const files = loadStatic();
  const catalog = new Catalog(sources.store);
  return async (req, res) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    const decision = decideAccess(access, req);
    if (decision.action === 'refuse') return sendText(req, res, decision.status, decision.reason);
    if (decision.action === 'login') {
      res.writeHead(303, { location: decision.location, 'set-cookie': decision.cookie, 'cache-control': 'no-store', 'content-length': '0' }).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://dashboard.local');
    try {
      if (url.pathname.startsWith('/api/')) {
        if (req.method === 'GET' && url.pathname === '/api/overview') {
          return sendJson(req, res, 200, await getOverview(sources, { documents: catalog.summaries() }));
        }
        if (req.method === 'GET' && url.pathname === '/api/documents') {
          return sendJson(req, res, 200, await listDocuments(catalog, url.searchParams));
        }
        if (req.method === 'GET' && url.pathname === '/api/evidence') {
          return sendJson(req, res, 200, await listEvidence(catalog, url.searchParams));
        }
        const exported = /^\/api\/export\/(documents|evidence)\.(csv|json)$/.exec(url.pathname);
        if (req.method === 'GET' && exported) {
          const file = await exportList(catalog, exported[1] as 'documents' | 'evidence', exported[2] as 'csv' | 'json', url.searchParams);
          const body = Buffer.from(file.body);
          return send(req, res, 200, body, file.contentType, etagOf(body), { 'content-disposition': `attachment; filename="${file.filename}"` });
        }
        const doc = /^\/api\/documents\/(.+)$/.exec(url.pathname);
        if (req.method === 'GET' && doc) {
          return sendJson(req, res, 200, await getDocument(sources, decodeURIComponent(doc[1])));
        }
        const redrive = /^\/api\/queues\/([A-Za-z0-9]+)\/redrive$/.exec(url.pathname);
        if (req.method === 'POST' && redrive) {
          if (req.headers[ACTION_HEADER] !== 'redrive') throw new BadRequestError(`a redrive must carry the ${ACTION_HEADER}: redrive header`);
          return sendJson(req, res, 200, await postRedrive(sources, redrive[1]));
        }
        throw new NotFoundError(`no API route ${req.method} ${url.pathname}`);
      }
      const file = (req.method === 'GET' || req.method === 'HEAD') && files.get(url.pathname);
      if (!file) throw new NotFoundError(`not found: ${url.pathname}`);
      if (req.headers['if-none-match'] === file.etag) {
        res.writeHead(304, { etag: file.etag, 'cache-control': 'no-cache' }).end();
        return;
      }
      send(req, res, 200, file.body, file.type, file.etag);
    } catch (error) {
      const status = error instanceof NotFoundError ? 404 : error instanceof BadRequestError ? 400 : 500;
      if (status === 500) process.stderr.write(`dashboard: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      sendJson(req, res, status, { error: error instanceof Error ? error.message : String(error) });
    }
  };
}

export async function startDashboard(options: DashboardOptions): Promise<DashboardServer> {
  const owned = options.sources ? undefined : options.deployment ? deploymentSources(options.deployment) : undefined;
  const sources = options.sources ?? owned;
  if (!sources) throw new Error('startDashboard needs a deployment or sources');
  const host = options.host ?? '127.0.0.1';
  // Checked before listening, so a bad --allow-host never leaves a port open.
  const allowHosts = (options.allowHosts ?? []).map(normalizeAllowedHost);
  // Set once the port is known; no request is read before that (the assignment follows listen's callback synchronously).
  let handler!: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  const server = createServer((req, res) => void handler(req, res));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => resolve());
    });
  } catch (error) {
    owned?.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const requireToken = options.requireToken ?? !isLoopbackHost(host);
  const access = accessPolicy({ host, port, allowHosts, token: requireToken ? newToken() : null });
  handler = createHandler(sources, access);
  const shown = isWildcardHost(host) ? '127.0.0.1' : isIP(host) === 6 ? `[${host}]` : host;
  const url = `http://${shown}:${port}/`;
  return {
    url,
    token: access.token,
    openUrl: access.token ? `${url}?token=${access.token}` : url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        owned?.close();
      }),
  };
}
