/**
 * AWS API calls per document, end to end on the embedded emulator (issue 12).
 *
 * Starts a MiniStack of its own on a free port (cli/emulator.ts), deploys the
 * stack to it (cli/deploy.ts, as the integration tests do), and puts a
 * counting HTTP proxy on 127.0.0.1 between every caller and the emulator:
 * one listening port per caller, so each call is counted for whoever made it.
 * The deployed functions are pointed at their own port by setting their
 * AWS_ENDPOINT_URL (MiniStack gives a function's own variable precedence over
 * the endpoint it injects); the command-line side (upload, `ingest --wait`
 * polling) uses another. The emulator's own work (S3 notifications, the SQS
 * event source mappings' receives and deletes, invocations) makes no HTTP
 * call and is not counted: on AWS those requests are made by the services.
 *
 * For each file (one abstract, the 130-article metrics-dev PubMed file, a
 * 1,040-article file made of eight copies of it with their PMIDs renumbered,
 * and a PDF research article from test/fixtures/pdf)
 * it uploads, waits until every document is terminal, and prints documents,
 * the functions' calls in total and per document by service and operation,
 * the CLI's calls, and documents/s from the upload to the last document's
 * terminal status. Then it measures the emulator's sustainable API calls/s
 * for that file's call mix: the functions' own requests, captured by the
 * proxy, replayed concurrently (tables, queues and buckets renamed to
 * scratch copies, so the pipeline's data is untouched) in the mix's
 * proportions. The API-bound documents/s is that rate divided by the calls
 * per document; the ratio is what the pipeline achieved against it.
 *
 * Nothing leaves 127.0.0.1: the proxy forwards only to the emulator.
 *
 * --profile-functions DIR runs every function process with `--cpu-prof`
 * into DIR (and a SIGTERM handler that exits normally, so that a worker the
 * emulator stops still writes its profile): where the functions' CPU goes.
 *
 * Usage: npx tsx scripts/bench-api.ts [--files single,dev,1k,pdf] [--load-seconds 6] [--concurrency 16] [--json FILE] [--keep] [--profile-functions DIR]
 */
import { CloudFormationClient, DescribeStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, PurgeQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { awsClientConfig } from '../adapters/client-config.ts';
import { up } from '../cli/deploy.ts';
import { STACK_NAME, connect } from '../cli/deployment.ts';
import { freePort, startEmulator, stopEmulator } from '../cli/emulator.ts';
import { storeFor, uploadFiles, waitForUploads, type DocumentOutcome } from '../cli/ingest.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const METRICS_DEV = path.join(ROOT, 'test/fixtures/corpora/metrics-dev/pubmed-metrics-dev.xml');
const PDF = path.join(ROOT, 'test/fixtures/pdf/brown2014_rct.pdf');

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const FILES = (option('--files') ?? 'single,dev,1k,pdf').split(',');
const LOAD_SECONDS = Number(option('--load-seconds') ?? 6);
const CONCURRENCY = Number(option('--concurrency') ?? 16);
const JSON_OUT = option('--json');
const KEEP = args.includes('--keep');
const PROFILE_DIR = option('--profile-functions');
/** Requests kept per operation and file for the replay. */
const SAMPLES_PER_OPERATION = 40;
/** Bodies above this are counted but not kept for the replay. */
const MAX_SAMPLE_BYTES = 4 * 2 ** 20;
/** The stage functions, by the logical id prefix the stack gives them (lib/litstream-stack.ts). */
const FUNCTIONS = { detect: 'DetectFormat', parse: 'Parse', extract: 'Extract' } as const;
type Caller = keyof typeof FUNCTIONS | 'cli' | 'load';
/** Counted beside the calls: DynamoDB capacity units (`capacity:RCU`, `capacity:WCU`), as the emulator accounts them. */
const CAPACITY = 'capacity:';
const READ_OPERATIONS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);

const round = (n: number, digits = 2): number => (Number.isFinite(n) ? +n.toFixed(digits) : n);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// --- counting proxy ----------------------------------------------------------

/** A request as the proxy saw it, enough to send it again. */
interface CapturedRequest {
  service: string;
  operation: string;
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** The service a request is for, from its SigV4 credential scope (`Credential=AKID/date/region/SERVICE/aws4_request`). */
function serviceOf(headers: http.IncomingHttpHeaders): string {
  const match = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(String(headers.authorization ?? ''));
  return match?.[1] ?? 'unsigned';
}

/** The API operation: JSON protocols name it in X-Amz-Target, query protocols in Action, S3 in its method and path. */
export function operationOf(service: string, method: string, url: string, headers: http.IncomingHttpHeaders, body: Buffer): string {
  const target = headers['x-amz-target'];
  if (typeof target === 'string') return target.slice(target.lastIndexOf('.') + 1);
  const parsed = new URL(url, 'http://127.0.0.1');
  if (service === 's3') {
    const [bucket, ...key] = parsed.pathname.split('/').filter(Boolean);
    const query = [...parsed.searchParams.keys()];
    if (!bucket) return 'ListBuckets';
    if (key.length === 0) {
      if (method === 'GET') return query.includes('list-type') ? 'ListObjectsV2' : query.includes('versions') ? 'ListObjectVersions' : query.length ? `GetBucket(${query[0]})` : 'ListObjects';
      if (method === 'POST' && query.includes('delete')) return 'DeleteObjects';
      return `${method} bucket${query.length ? `?${query[0]}` : ''}`;
    }
    if (method === 'PUT') return headers['x-amz-copy-source'] ? 'CopyObject' : 'PutObject';
    if (method === 'GET') return 'GetObject';
    if (method === 'HEAD') return 'HeadObject';
    if (method === 'DELETE') return 'DeleteObject';
    return `${method} object`;
  }
  const action = parsed.searchParams.get('Action') ?? new URLSearchParams(body.toString('utf8')).get('Action');
  if (action) return action;
  return `${method} ${parsed.pathname.replace(/\/[^/]*$/, '/…')}`;
}

class CountingProxy {
  /** caller -> `service.Operation` -> calls */
  readonly counts = new Map<Caller, Map<string, number>>();
  /** Function requests kept for the replay, by `service.Operation`. */
  samples = new Map<string, CapturedRequest[]>();
  private readonly servers: http.Server[] = [];
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

  constructor(private readonly upstream: URL) {}

  /** Starts a listening port for one caller; returns its endpoint. */
  async listen(caller: Caller): Promise<string> {
    this.counts.set(caller, new Map());
    const server = http.createServer((req, res) => this.forward(caller, req, res));
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  private forward(caller: Caller, req: http.IncomingMessage, res: http.ServerResponse): void {
    // The functions' DynamoDB calls are held whole, to ask for (and read) the capacity units each consumed.
    const metered = caller in FUNCTIONS && String(req.headers['x-amz-target'] ?? '').startsWith('DynamoDB_');
    const chunks: Buffer[] = [];
    let size = 0;
    let operation = '';
    const upstream = http.request(
      { host: this.upstream.hostname, port: this.upstream.port, method: req.method, path: req.url, headers: req.headers, agent: this.agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        if (!metered) {
          answer.pipe(res);
          return;
        }
        const parts: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => parts.push(chunk));
        answer.on('end', () => {
          const body = Buffer.concat(parts);
          res.end(body);
          this.meter(caller, operation, body);
        });
      },
    );
    upstream.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502);
      res.end(String(error));
    });
    req.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (metered || size <= MAX_SAMPLE_BYTES) chunks.push(chunk);
      if (!metered) upstream.write(chunk);
    });
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      const service = serviceOf(req.headers);
      operation = `${service}.${operationOf(service, req.method ?? 'GET', req.url ?? '/', req.headers, body)}`;
      if (metered) {
        const input = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
        body = Buffer.from(JSON.stringify({ ...input, ReturnConsumedCapacity: 'TOTAL' }));
        upstream.setHeader('content-length', String(body.byteLength));
        upstream.end(body);
      } else {
        upstream.end();
      }
      const counts = this.counts.get(caller)!;
      counts.set(operation, (counts.get(operation) ?? 0) + 1);
      if (caller in FUNCTIONS && size <= MAX_SAMPLE_BYTES) {
        const kept = this.samples.get(operation) ?? [];
        if (kept.length < SAMPLES_PER_OPERATION) {
          kept.push({ service, operation, method: req.method ?? 'GET', url: req.url ?? '/', headers: { ...req.headers }, body: Buffer.concat(chunks) });
          this.samples.set(operation, kept);
        }
      }
    });
  }

  /** Adds the capacity units a DynamoDB answer reports (one entry, or one per table) to the caller's reads or writes. */
  private meter(caller: Caller, operation: string, body: Buffer): void {
    let consumed: unknown;
    try {
      consumed = (JSON.parse(body.toString('utf8')) as { ConsumedCapacity?: unknown }).ConsumedCapacity;
    } catch {
      return;
    }
    const entries = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as Array<{ CapacityUnits?: number }>;
    const units = entries.reduce((n, entry) => n + (entry.CapacityUnits ?? 0), 0);
    const kind = READ_OPERATIONS.has(operation.slice(operation.indexOf('.') + 1)) ? 'RCU' : 'WCU';
    const counts = this.counts.get(caller)!;
    counts.set(`${CAPACITY}${kind}`, (counts.get(`${CAPACITY}${kind}`) ?? 0) + units);
  }

  /** A copy of the counts, to subtract a later copy from. */
  snapshot(): Map<Caller, Map<string, number>> {
    return new Map([...this.counts].map(([caller, ops]) => [caller, new Map(ops)]));
  }

  total(callers: Caller[]): number {
    let n = 0;
    for (const caller of callers) for (const [op, calls] of this.counts.get(caller) ?? []) if (!op.startsWith(CAPACITY)) n += calls;
    return n;
  }

  async close(): Promise<void> {
    for (const server of this.servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    this.agent.destroy();
  }
}

function difference(after: Map<Caller, Map<string, number>>, before: Map<Caller, Map<string, number>>, callers: Caller[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const caller of callers) {
    for (const [op, n] of after.get(caller) ?? []) {
      const delta = n - (before.get(caller)?.get(op) ?? 0);
      if (delta > 0) out.set(op, (out.get(op) ?? 0) + delta);
    }
  }
  return new Map([...out].sort((a, b) => b[1] - a[1]));
}

// --- files ---------------------------------------------------------------------

/** PubMed XML with every PMID given `prefix`, so that its records are new papers. */
function renumbered(xml: string, prefix: string): string {
  return xml
    .replace(/(<PMID Version="\d+">)(\d+)(<\/PMID>)/g, `$1${prefix}$2$3`)
    .replace(/(<ArticleId IdType="pubmed">)(\d+)(<\/ArticleId>)/g, `$1${prefix}$2$3`);
}

function makeFiles(dir: string): Array<{ name: string; path: string; documents: number }> {
  const xml = readFileSync(METRICS_DEV, 'utf8');
  const articles = xml.match(/<PubmedArticle>[\s\S]*?<\/PubmedArticle>/g) ?? [];
  const head = xml.slice(0, xml.indexOf('<PubmedArticle>'));
  const tail = '\n</PubmedArticleSet>\n';
  const files = {
    single: { name: 'single-abstract.xml', body: renumbered(`${head}${articles[0]}${tail}`, '1'), documents: 1 },
    dev: { name: 'pubmed-metrics-dev.xml', body: xml, documents: articles.length },
    '1k': {
      name: 'pubmed-1040.xml',
      body: `${head}${Array.from({ length: 8 }, (_, copy) => renumbered(articles.join('\n'), `2${copy}`)).join('\n')}${tail}`,
      documents: articles.length * 8,
    },
    // A research article: one document per file, larger than a message, read from S3 by parse.
    pdf: { name: 'brown2014_rct.pdf', body: readFileSync(PDF), documents: 1 },
  } as const;
  return FILES.map((id) => {
    const file = files[id as keyof typeof files];
    if (!file) throw new Error(`unknown file ${id}: choose from ${Object.keys(files).join(', ')}`);
    const file_path = path.join(dir, file.name);
    writeFileSync(file_path, file.body);
    return { name: file.name, path: file_path, documents: file.documents };
  });
}

// --- pointing the functions at the proxy ------------------------------------------

/**
 * The Lambda API called directly (the project has no Lambda client): MiniStack
 * does not check signatures, it reads the region from the credential scope.
 */
async function lambdaApi(endpoint: string, method: string, apiPath: string, body?: unknown): Promise<Record<string, unknown>> {
  const date = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
  const region = awsClientConfig(endpoint).region;
  const response = await fetch(new URL(apiPath, endpoint), {
    method,
    headers: {
      'content-type': 'application/json',
      'x-amz-date': date,
      authorization: `AWS4-HMAC-SHA256 Credential=test/${date.slice(0, 8)}/${region}/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=0`,
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw new Error(`Lambda ${method} ${apiPath}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

/** NODE_OPTIONS that profile a function's processes into PROFILE_DIR/<caller>, or nothing. */
function profiling(caller: keyof typeof FUNCTIONS): Record<string, string> {
  if (!PROFILE_DIR) return {};
  const dir = path.resolve(PROFILE_DIR, caller);
  mkdirSync(dir, { recursive: true });
  const onTerm = path.join(path.resolve(PROFILE_DIR), 'exit-on-sigterm.mjs');
  writeFileSync(onTerm, "process.on('SIGTERM', () => process.exit(0));\n");
  return { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir} --import=${onTerm}` };
}

async function pointFunctionsAt(emulator: string, endpoints: Record<keyof typeof FUNCTIONS, string>): Promise<void> {
  const cfn = new CloudFormationClient(awsClientConfig(emulator));
  try {
    const { StackResources = [] } = await cfn.send(new DescribeStackResourcesCommand({ StackName: STACK_NAME }));
    for (const [caller, prefix] of Object.entries(FUNCTIONS) as Array<[keyof typeof FUNCTIONS, string]>) {
      const resource = StackResources.find(
        (r) => r.ResourceType === 'AWS::Lambda::Function' && new RegExp(`^${prefix}[0-9A-F]{8}$`).test(r.LogicalResourceId ?? ''),
      );
      if (!resource?.PhysicalResourceId) throw new Error(`no function ${prefix} in stack ${STACK_NAME}`);
      const name = encodeURIComponent(resource.PhysicalResourceId);
      const config = await lambdaApi(emulator, 'GET', `/2015-03-31/functions/${name}/configuration`);
      const variables = ((config.Environment as { Variables?: Record<string, string> } | undefined)?.Variables ?? {}) as Record<string, string>;
      await lambdaApi(emulator, 'PUT', `/2015-03-31/functions/${name}/configuration`, {
        Environment: { Variables: { ...variables, AWS_ENDPOINT_URL: endpoints[caller], ...profiling(caller) } },
      });
      const check = await lambdaApi(emulator, 'GET', `/2015-03-31/functions/${name}/configuration`);
      const set = (check.Environment as { Variables?: Record<string, string> } | undefined)?.Variables?.AWS_ENDPOINT_URL;
      if (set !== endpoints[caller]) throw new Error(`function ${prefix} kept AWS_ENDPOINT_URL=${set}`);
    }
  } finally {
    cfn.destroy();
  }
}

// --- replaying the call mix ------------------------------------------------------

interface Scratch {
  /** Real name -> scratch name, for tables, queues (by URL) and buckets. */
  tables: Map<string, string>;
  queues: Map<string, string>;
  buckets: Map<string, string>;
}

async function createScratch(emulator: string, outputs: Record<string, string>): Promise<Scratch> {
  const config = awsClientConfig(emulator);
  const ddb = new DynamoDBClient(config);
  const sqs = new SQSClient(config);
  const s3 = new S3Client(config);
  try {
    const { Table } = await ddb.send(new DescribeTableCommand({ TableName: outputs.TableName }));
    const scratchTable = `bench-api-${Date.now()}`;
    const input: CreateTableCommandInput = {
      TableName: scratchTable,
      KeySchema: Table!.KeySchema,
      AttributeDefinitions: Table!.AttributeDefinitions,
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: Table!.GlobalSecondaryIndexes?.map((index) => ({
        IndexName: index.IndexName,
        KeySchema: index.KeySchema,
        Projection: index.Projection,
      })),
    };
    await ddb.send(new CreateTableCommand(input));
    const queues = new Map<string, string>();
    for (const output of ['ParseQueueUrl', 'ExtractQueueUrl']) {
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `bench-api-${output}-${Date.now()}` }));
      queues.set(outputs[output]!, QueueUrl!);
    }
    const buckets = new Map<string, string>();
    for (const output of ['IntakeBucketName', 'ArtifactsBucketName']) {
      const scratch = `bench-api-${output.toLowerCase().replace('bucketname', '')}-${Date.now()}`;
      await s3.send(new CreateBucketCommand({ Bucket: scratch }));
      buckets.set(outputs[output]!, scratch);
    }
    return { tables: new Map([[outputs.TableName!, scratchTable]]), queues, buckets };
  } finally {
    ddb.destroy();
    sqs.destroy();
    s3.destroy();
  }
}

/** The captured request aimed at the scratch copies: names replaced in the body (JSON protocols) or the path (S3). */
function retarget(request: CapturedRequest, scratch: Scratch): CapturedRequest {
  let { url, body } = request;
  if (request.service === 's3') {
    const [, bucket, ...rest] = url.split('/');
    const renamed = bucket && scratch.buckets.get(bucket);
    if (renamed) url = ['', renamed, ...rest].join('/');
    // Reads of intake objects stay on the intake bucket (read-only); every write goes to a scratch bucket.
    if (request.method === 'GET' || request.method === 'HEAD') url = request.url;
  } else {
    let text = body.toString('utf8');
    for (const [from, to] of [...scratch.tables, ...scratch.queues]) text = text.split(JSON.stringify(from).slice(1, -1)).join(JSON.stringify(to).slice(1, -1));
    body = Buffer.from(text);
  }
  return { ...request, url, body };
}

function send(endpoint: URL, agent: http.Agent, request: CapturedRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers = { ...request.headers, host: endpoint.host, 'content-length': String(request.body.byteLength) };
    delete headers['transfer-encoding'];
    delete headers.connection;
    const req = http.request({ host: endpoint.hostname, port: endpoint.port, method: request.method, path: request.url, headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(request.body);
  });
}

/**
 * Calls/s the emulator sustains for `mix` (operation -> calls): CONCURRENCY
 * workers send the captured requests of each operation in the mix's
 * proportions (smooth weighted round-robin) for LOAD_SECONDS, after one pass
 * over every captured write so that reads find items.
 */
async function sustainableRate(
  loadEndpoint: string,
  mix: Map<string, number>,
  samples: Map<string, CapturedRequest[]>,
  scratch: Scratch,
): Promise<{ callsPerSecond: number; calls: number; errors: number; operations: string[] }> {
  const endpoint = new URL(loadEndpoint);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const ops = [...mix.entries()].filter(([op]) => (samples.get(op)?.length ?? 0) > 0);
  const replays = new Map(ops.map(([op]) => [op, samples.get(op)!.map((r) => retarget(r, scratch))]));
  try {
    for (const [, requests] of replays) for (const request of requests) if (request.method !== 'GET' && request.method !== 'HEAD') await send(endpoint, agent, request);
    const weights = ops.map(([, n]) => n);
    const total = weights.reduce((a, b) => a + b, 0);
    const current = weights.map(() => 0);
    const cursor = new Map<string, number>();
    const next = (): CapturedRequest => {
      let best = 0;
      for (let i = 0; i < weights.length; i++) {
        current[i]! += weights[i]!;
        if (current[i]! > current[best]!) best = i;
      }
      current[best]! -= total;
      const op = ops[best]![0];
      const requests = replays.get(op)!;
      const n = cursor.get(op) ?? 0;
      cursor.set(op, n + 1);
      return requests[n % requests.length]!;
    };
    let calls = 0;
    let errors = 0;
    const deadline = Date.now() + LOAD_SECONDS * 1000;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (Date.now() < deadline) {
          const status = await send(endpoint, agent, next());
          calls++;
          // A conditional write replayed onto its own result is refused (400): still a call served.
          if (status >= 500) errors++;
        }
      }),
    );
    return { callsPerSecond: calls / ((Date.now() - started) / 1000), calls, errors, operations: ops.map(([op]) => op) };
  } finally {
    agent.destroy();
  }
}

// --- where the CPU goes --------------------------------------------------------------

/** CPU seconds of the emulator process itself, and of its descendants (the Lambda workers), live or reaped. */
function emulatorCpu(pid: number): { emulator: number; functions: number } {
  const TICKS = 100; // USER_HZ on Linux
  const stats = new Map<number, { ppid: number; cpu: number; children: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      // After the command: state ppid … utime(14) stime(15) cutime(16) cstime(17), counted from field 3.
      stats.set(Number(entry), {
        ppid: Number(fields[1]),
        cpu: (Number(fields[11]) + Number(fields[12])) / TICKS,
        children: (Number(fields[13]) + Number(fields[14])) / TICKS,
      });
    } catch {
      // the process ended while being read
    }
  }
  const own = stats.get(pid);
  if (!own) return { emulator: NaN, functions: NaN };
  let functions = own.children;
  const descendants = (parent: number): void => {
    for (const [child, stat] of stats) {
      if (stat.ppid !== parent) continue;
      functions += stat.cpu + stat.children;
      descendants(child);
    }
  };
  descendants(pid);
  return { emulator: own.cpu, functions };
}

// --- the run -----------------------------------------------------------------------

interface FileResult {
  file: string;
  documents: number;
  bytes: number;
  functionCalls: number;
  callsPerDocument: number;
  /** `service.Operation` -> calls per document, the functions' calls. */
  perDocument: Record<string, number>;
  /** Function -> calls per document. */
  perFunction: Record<string, number>;
  cliCalls: Record<string, number>;
  seconds: number;
  documentsPerSecond: number;
  emulatorCallsPerSecond: number;
  apiBoundDocumentsPerSecond: number;
  ratio: number;
  /**
   * DynamoDB capacity units per document consumed by the functions, as the
   * emulator accounts them (reads by 4 KB, halved when eventually
   * consistent; writes by 1 KB; transactional ones twice): what on-demand
   * DynamoDB bills, where the number of calls costs nothing.
   */
  dynamodbUnitsPerDocument: { read: number; write: number };
  /** CPU milliseconds per document: the emulator's own process, the functions' workers, this process (proxy, polling). */
  cpuMsPerDocument: { emulator: number; functions: number; bench: number };
  states: Record<string, number>;
}

async function waitQuiet(proxy: CountingProxy, callers: Caller[], quietMs = 1500, maxMs = 20_000): Promise<void> {
  const deadline = Date.now() + maxMs;
  let last = proxy.total(callers);
  let since = Date.now();
  while (Date.now() < deadline) {
    await sleep(250);
    const now = proxy.total(callers);
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
  }
}

async function main(): Promise<void> {
  const log = (line: string) => process.stderr.write(`[bench-api] ${line}\n`);
  const stateDir = mkdtempSync(path.join(tmpdir(), 'litstream-bench-api-'));
  const filesDir = mkdtempSync(path.join(tmpdir(), 'litstream-bench-api-files-'));
  const emulatorState = await startEmulator({ stateDir, port: await freePort(), log });
  const emulator = emulatorState.endpoint;
  const proxy = new CountingProxy(new URL(emulator));
  const results: FileResult[] = [];
  try {
    process.env.AWS_ENDPOINT_URL = emulator;
    process.env.CDK_DISABLE_CLI_TELEMETRY = 'true';
    delete process.env.LITSTREAM_FAULT_INJECTION;
    let t = Date.now();
    await up({ stateDir, log });
    log(`deployed in ${Math.round((Date.now() - t) / 1000)} s`);
    const functionEndpoints = {
      detect: await proxy.listen('detect'),
      parse: await proxy.listen('parse'),
      extract: await proxy.listen('extract'),
    };
    const cliEndpoint = await proxy.listen('cli');
    const loadEndpoint = await proxy.listen('load');
    await pointFunctionsAt(emulator, functionEndpoints);
    process.env.AWS_ENDPOINT_URL = cliEndpoint;
    const deployment = await connect();
    const store = storeFor(deployment);
    const scratch = await createScratch(emulator, deployment.outputs);
    const functionCallers = Object.keys(FUNCTIONS) as Caller[];
    for (const file of makeFiles(filesDir)) {
      proxy.samples = new Map();
      const before = proxy.snapshot();
      const size = statSync(file.path).size;
      log(`${file.name}: ${file.documents} documents, ${(size / 2 ** 20).toFixed(2)} MiB`);
      const cpuBefore = emulatorCpu(emulatorState.pid);
      const benchBefore = process.cpuUsage();
      t = Date.now();
      const uploads = await uploadFiles(deployment, [{ path: file.path, name: `bench/${file.name}`, size }]);
      const outcomes: DocumentOutcome[] = await waitForUploads(store, uploads, { timeoutMs: 1_800_000, pollMs: 1000 });
      const waited = (Date.now() - t) / 1000;
      const last = Math.max(...outcomes.map((o) => o.latencyMs).filter(Number.isFinite));
      const seconds = Number.isFinite(last) ? last / 1000 : waited;
      await waitQuiet(proxy, functionCallers);
      const after = proxy.snapshot();
      const cpuAfter = emulatorCpu(emulatorState.pid);
      const benchCpu = process.cpuUsage(benchBefore);
      const measured = difference(after, before, functionCallers);
      const capacity = { read: measured.get(`${CAPACITY}RCU`) ?? 0, write: measured.get(`${CAPACITY}WCU`) ?? 0 };
      const functions = new Map([...measured].filter(([op]) => !op.startsWith(CAPACITY)));
      const cli = difference(after, before, ['cli']);
      const functionCalls = [...functions.values()].reduce((a, b) => a + b, 0);
      const documents = outcomes.length;
      const states: Record<string, number> = {};
      for (const o of outcomes) states[o.unit.state] = (states[o.unit.state] ?? 0) + 1;
      const perFunction: Record<string, number> = {};
      for (const caller of functionCallers) {
        const calls = [...difference(after, before, [caller])].filter(([op]) => !op.startsWith(CAPACITY)).reduce((a, [, n]) => a + n, 0);
        perFunction[caller] = round(calls / documents, 3);
      }
      log(`${file.name}: ${documents} documents terminal in ${seconds.toFixed(1)} s; measuring the emulator's rate for this call mix`);
      const rate = await sustainableRate(loadEndpoint, functions, proxy.samples, scratch);
      await purge(emulator, scratch);
      const callsPerDocument = functionCalls / documents;
      const documentsPerSecond = documents / seconds;
      const apiBound = rate.callsPerSecond / callsPerDocument;
      results.push({
        file: file.name,
        documents,
        bytes: size,
        functionCalls,
        callsPerDocument: round(callsPerDocument, 3),
        perDocument: Object.fromEntries([...functions].map(([op, n]) => [op, round(n / documents, 3)])),
        perFunction,
        cliCalls: Object.fromEntries(cli),
        seconds: round(seconds, 2),
        documentsPerSecond: round(documentsPerSecond, 1),
        emulatorCallsPerSecond: round(rate.callsPerSecond, 0),
        apiBoundDocumentsPerSecond: round(apiBound, 1),
        ratio: round(documentsPerSecond / apiBound, 2),
        dynamodbUnitsPerDocument: { read: round(capacity.read / documents, 2), write: round(capacity.write / documents, 2) },
        cpuMsPerDocument: {
          emulator: round(((cpuAfter.emulator - cpuBefore.emulator) * 1000) / documents, 2),
          functions: round(((cpuAfter.functions - cpuBefore.functions) * 1000) / documents, 2),
          bench: round((benchCpu.user + benchCpu.system) / 1000 / documents, 2),
        },
        states,
      });
      if (rate.errors > 0) log(`replay: ${rate.errors} of ${rate.calls} calls answered 5xx`);
    }
    store.ddb.destroy();
    store.s3.destroy();
  } finally {
    await proxy.close();
    if (!KEEP) {
      await stopEmulator(stateDir);
      rmSync(stateDir, { recursive: true, force: true });
    } else log(`emulator left running: ${emulator} (state ${stateDir})`);
    rmSync(filesDir, { recursive: true, force: true });
  }
  print(results);
  if (JSON_OUT) writeFileSync(JSON_OUT, `${JSON.stringify({ concurrency: CONCURRENCY, loadSeconds: LOAD_SECONDS, files: results }, null, 2)}\n`);
}

async function purge(emulator: string, scratch: Scratch): Promise<void> {
  const sqs = new SQSClient(awsClientConfig(emulator));
  try {
    for (const url of scratch.queues.values()) await sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
  } finally {
    sqs.destroy();
  }
}

function print(results: FileResult[]): void {
  const rows = results.map((r) => ({
    file: r.file,
    documents: r.documents,
    'function calls': r.functionCalls,
    'calls/doc': r.callsPerDocument,
    'detect/parse/extract per doc': `${r.perFunction.detect}/${r.perFunction.parse}/${r.perFunction.extract}`,
    'CLI calls': Object.values(r.cliCalls).reduce((a, b) => a + b, 0),
    seconds: r.seconds,
    'docs/s': r.documentsPerSecond,
    'emulator calls/s': r.emulatorCallsPerSecond,
    'API-bound docs/s': r.apiBoundDocumentsPerSecond,
    ratio: r.ratio,
  }));
  const keys = Object.keys(rows[0] ?? {});
  const cells = [keys, ...rows.map((row) => keys.map((k) => String(row[k as keyof typeof row])))];
  const widths = keys.map((_, i) => Math.max(...cells.map((c) => c[i]!.length)));
  for (const [n, c] of cells.entries()) {
    console.log(c.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  '));
    if (n === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  for (const r of results) {
    console.log(`\n${r.file}: function calls per document by operation (states: ${JSON.stringify(r.states)})`);
    for (const [op, n] of Object.entries(r.perDocument)) console.log(`  ${op.padEnd(34)} ${n.toFixed(3).padStart(8)}`);
    console.log(`  CLI: ${Object.entries(r.cliCalls).map(([op, n]) => `${op} ${n}`).join(', ')}`);
    console.log(`  DynamoDB capacity units per document: ${r.dynamodbUnitsPerDocument.read} read, ${r.dynamodbUnitsPerDocument.write} write`);
    console.log(`  CPU ms per document: emulator ${r.cpuMsPerDocument.emulator}, functions ${r.cpuMsPerDocument.functions}, this process (proxy, polling) ${r.cpuMsPerDocument.bench}`);
  }
}

await main();
