/**
 * `litstream dashboard`: a local web page over a deployed stack. node:http
 * serves the static page in dashboard/public/ and the JSON API of api.ts.
 * Responses carry an ETag (the page polls every few seconds and mostly gets
 * 304s) and are gzip-compressed when the browser accepts it.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Deployment } from '../cli/deployment.ts';
import {
  BadRequestError,
  NotFoundError,
  getDocument,
  getEvidence,
  getOverview,
  postRedrive,
  type DashboardSources,
} from './api.ts';
import { deploymentSources } from './sources.ts';

const PUBLIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public');
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};
/** Header a state-changing request must carry: a cross-site form cannot set it without a CORS preflight, which this server never grants. */
export const ACTION_HEADER = 'x-litstream-action';

export interface DashboardOptions {
  /** @default 0, any free port */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** The deployed stack to read. Either this or `sources`. */
  deployment?: Deployment;
  /** Sources to read instead of a deployment (tests, benchmarks). */
  sources?: DashboardSources;
}

export interface DashboardServer {
  url: string;
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

function send(req: IncomingMessage, res: ServerResponse, status: number, body: Buffer, type: string, etag?: string): void {
  const headers: Record<string, string> = {
    'content-type': type,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    vary: 'accept-encoding',
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

/** Routes one request; exported for tests that drive the server without a socket. */
export function createHandler(sources: DashboardSources): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const files = loadStatic();
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://dashboard.local');
    try {
      if (url.pathname.startsWith('/api/')) {
        if (req.method === 'GET' && url.pathname === '/api/overview') {
          return sendJson(req, res, 200, await getOverview(sources));
        }
        if (req.method === 'GET' && url.pathname === '/api/evidence') {
          return sendJson(req, res, 200, await getEvidence(sources, url.searchParams.get('metric') || undefined));
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
  const handler = createHandler(sources);
  const server = createServer((req, res) => void handler(req, res));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        owned?.close();
      }),
  };
}
