/**
 * One literature pull: search PubMed for the records entered in a date
 * window, fetch their abstracts (and, when asked, PubTator3's annotations of
 * the same PMIDs), and write them as files the intake pipeline reads
 * (`pubmed-xml`, `bioc-json`).
 *
 * The window runs from the search's watermark minus an overlap to today.
 * The watermark moves to the window's end only after every file was written,
 * so a failed pull is repeated whole by the next one; records are idempotent
 * by PMID downstream, so repeated and overlapping days cost nothing. A lease
 * in the store keeps two pulls of one search from running at once.
 *
 * Pure: the HTTP function, the file sink, the store and the clock are
 * injected; the Lambda handler and the CLI supply them.
 */
import { LeaseHeldError, PullError } from './errors.ts';
import { DEFAULT_EUTILS_BASE_URL, EFETCH_BATCH_SIZE, EutilsClient, articlePmids, type SearchHistory } from './eutils.ts';
import { createHttpClient, type FetchLike, type HttpClientOptions } from './http.ts';
import { DEFAULT_PUBTATOR_BASE_URL, PUBTATOR_BATCH_SIZE, PubtatorClient } from './pubtator.ts';
import {
  PUBTATOR_REQUESTS_PER_SECOND,
  SlidingWindow,
  eutilsRequestsPerSecond,
  rateLimiter,
  systemClock,
  type Clock,
} from './rate-limiter.ts';
import type { RetryPolicy } from './retry.ts';
import { addDays, isIsoDay, searchWindows, utcDay, type DayWindow } from './windows.ts';

/** A saved search, as the schedule runs it. */
export interface PullSearch {
  /** Names the watermark, the lease and the files' folder: lower-case letters, digits, hyphens. */
  id: string;
  /** A PubMed query, as typed into PubMed. */
  query: string;
  /** Also fetch PubTator3 annotations of the found PMIDs. */
  pubtator?: boolean;
}

export const SEARCH_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** Where files go: the intake bucket, under `pulls/`. */
export interface PullSink {
  write(key: string, body: string, contentType: string): Promise<void>;
}

/** Watermark and lease of each search. */
export interface PullStore {
  /** The last day fully pulled, YYYY-MM-DD, or undefined before the first pull. */
  readWatermark(searchId: string): Promise<string | undefined>;
  /** Moves the watermark to `day`; never moves it backwards. */
  advanceWatermark(searchId: string, day: string): Promise<void>;
  /** Takes the lease unless another owner holds an unexpired one. Times in epoch milliseconds. */
  acquireLease(searchId: string, owner: string, nowMs: number, expiresAtMs: number): Promise<boolean>;
  /** Gives the lease up if `owner` still holds it. */
  releaseLease(searchId: string, owner: string): Promise<void>;
}

export interface PullLog {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
}

export interface PullClients {
  eutils: EutilsClient;
  pubtator: PubtatorClient;
}

export interface PullDeps extends PullClients {
  sink: PullSink;
  /** Needed unless the pull is a dry run with an explicit window. */
  store?: PullStore;
  /** Wall-clock time (the window's end, the run stamp, lease times). @default () => new Date() */
  now?: () => Date;
  /** Identifies this run in the lease. @default a random id */
  leaseOwner?: string;
  log?: PullLog;
}

export interface PullOptions {
  /** First day (YYYY-MM-DD). Given: the window is explicit and the watermark is neither read nor moved. */
  since?: string;
  /** Last day (YYYY-MM-DD). @default today (UTC) */
  until?: string;
  /** Search and count only: no fetches, no files, no lease, no watermark. @default false */
  dryRun?: boolean;
  /** Days re-read before the watermark; entry dates can be assigned late. @default 2 */
  overlapDays?: number;
  /** Days looked back by the first pull of a search (no watermark yet). @default 30 */
  initialLookbackDays?: number;
  /** Records per efetch. @default 200 */
  efetchBatchSize?: number;
  /** How long the lease lasts, in milliseconds; must exceed the longest pull. @default 16 minutes */
  leaseMs?: number;
}

export interface PullResult {
  searchId: string;
  window: DayWindow;
  /** The folder's time stamp: pulls/<searchId>/<runStamp>/. */
  runStamp: string;
  dryRun: boolean;
  /** Records esearch counted in the window. */
  searched: number;
  /** PubMed records fetched. */
  fetched: number;
  /** Files written. */
  files: number;
  /** Distinct PMIDs fetched. */
  pmids: number;
  /** PubTator3 documents written. */
  annotated: number;
  /** Date windows searched after splitting. */
  windows: number;
  warnings: string[];
  /** The watermark after the pull (unchanged for explicit windows and dry runs). */
  watermark: string | undefined;
}

export const DEFAULT_OVERLAP_DAYS = 2;
export const DEFAULT_INITIAL_LOOKBACK_DAYS = 30;
/** Longer than the pull function's 15-minute timeout, so a lease never expires under a live pull. */
export const DEFAULT_LEASE_MS = 16 * 60_000;

export interface PullClientConfig {
  fetch: FetchLike;
  tool: string;
  email?: string;
  apiKey?: string;
  /** @default NCBI's */
  eutilsBaseUrl?: string;
  /** @default NCBI's */
  pubtatorBaseUrl?: string;
  retry?: RetryPolicy;
  clock?: Clock;
  /** Per-request timeout in milliseconds. */
  timeoutMs?: number;
  onRequest?: HttpClientOptions['onRequest'];
  onRetry?: HttpClientOptions['onRetry'];
}

/**
 * The E-utilities and PubTator3 clients of one pull, sharing one rate limit:
 * 3 requests/s without an API key, 10 with one; PubTator3's requests count
 * against it and also against PubTator3's own 3/s.
 */
export function createPullClients(config: PullClientConfig): PullClients {
  const clock = config.clock ?? systemClock;
  const http = createHttpClient({
    fetch: config.fetch,
    retry: config.retry,
    clock,
    timeoutMs: config.timeoutMs,
    onRequest: config.onRequest,
    onRetry: config.onRetry,
  });
  const shared = new SlidingWindow({ limit: eutilsRequestsPerSecond(Boolean(config.apiKey)) });
  const pubtatorOwn = new SlidingWindow({ limit: PUBTATOR_REQUESTS_PER_SECOND });
  return {
    eutils: new EutilsClient(http, rateLimiter([shared], clock), {
      baseUrl: config.eutilsBaseUrl ?? DEFAULT_EUTILS_BASE_URL,
      tool: config.tool,
      email: config.email,
      apiKey: config.apiKey,
    }),
    pubtator: new PubtatorClient(http, rateLimiter([shared, pubtatorOwn], clock), config.pubtatorBaseUrl ?? DEFAULT_PUBTATOR_BASE_URL),
  };
}

/** 2025-01-31T09:05:00.123Z → 20250131T090500Z */
export function runStampOf(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

function fileKey(searchId: string, runStamp: string, kind: 'pubmed' | 'pubtator', n: number): string {
  return `pulls/${searchId}/${runStamp}/${kind}-${String(n).padStart(4, '0')}.${kind === 'pubmed' ? 'xml' : 'json'}`;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

export async function runPull(search: PullSearch, deps: PullDeps, options: PullOptions = {}): Promise<PullResult> {
  const {
    dryRun = false,
    overlapDays = DEFAULT_OVERLAP_DAYS,
    initialLookbackDays = DEFAULT_INITIAL_LOOKBACK_DAYS,
    efetchBatchSize = EFETCH_BATCH_SIZE,
    leaseMs = DEFAULT_LEASE_MS,
  } = options;
  if (!SEARCH_ID_PATTERN.test(search.id)) throw new PullError(`invalid search id ${JSON.stringify(search.id)}`);
  if (!search.query.trim()) throw new PullError(`search ${search.id} has an empty query`);
  for (const [name, day] of [['since', options.since], ['until', options.until]] as const) {
    if (day !== undefined && !isIsoDay(day)) throw new PullError(`${name} must be a date YYYY-MM-DD, got ${JSON.stringify(day)}`);
  }
  const now = deps.now ?? (() => new Date());
  const started = now();
  const today = utcDay(started);
  const explicit = options.since !== undefined;
  const { store } = deps;
  if (!store && !(dryRun && explicit)) throw new PullError('a pull needs a store for its watermark and lease');

  const previous = explicit ? undefined : await store!.readWatermark(search.id);
  const to = options.until ?? today;
  let from = options.since ?? (previous ? addDays(previous, -overlapDays) : addDays(to, -initialLookbackDays));
  if (!explicit && from > to) from = to;
  if (from > to) throw new PullError(`the window starts after it ends: ${from} > ${to}`);
  const window: DayWindow = { from, to };
  const runStamp = runStampOf(started);
  const result: PullResult = {
    searchId: search.id,
    window,
    runStamp,
    dryRun,
    searched: 0,
    fetched: 0,
    files: 0,
    pmids: 0,
    annotated: 0,
    windows: 0,
    warnings: [],
    watermark: previous,
  };

  const leaseOwner = deps.leaseOwner ?? `${runStamp}-${Math.random().toString(36).slice(2, 10)}`;
  if (!dryRun) {
    const nowMs = now().getTime();
    if (!(await store!.acquireLease(search.id, leaseOwner, nowMs, nowMs + leaseMs))) throw new LeaseHeldError(search.id);
  }
  try {
    const pmids = new Set<string>();
    let pubmedFiles = 0;
    let pubtatorFiles = 0;
    const search_ = (w: DayWindow) => deps.eutils.esearch(search.query, w);
    for await (const part of searchWindows<SearchHistory>(window, search_)) {
      result.windows++;
      result.searched += part.count;
      if (part.capped) {
        const warning = `${part.from}: ${part.count} records entered in one day exceed esearch's limit; fetched the first ${part.fetchCount}`;
        result.warnings.push(warning);
        deps.log?.warn(warning, { searchId: search.id });
      }
      deps.log?.info('window searched', { searchId: search.id, from: part.from, to: part.to, count: part.count });
      if (dryRun) continue;
      for (let retstart = 0; retstart < part.fetchCount; retstart += efetchBatchSize) {
        const retmax = Math.min(efetchBatchSize, part.fetchCount - retstart);
        const xml = await deps.eutils.efetch(part.history, retstart, retmax);
        const batch = articlePmids(xml);
        if (batch.length === 0) continue;
        result.fetched += batch.length;
        await deps.sink.write(fileKey(search.id, runStamp, 'pubmed', ++pubmedFiles), xml, 'application/xml');
        result.files++;
        const fresh = batch.filter((pmid) => !pmids.has(pmid));
        for (const pmid of fresh) pmids.add(pmid);
        if (!search.pubtator) continue;
        for (const ids of chunk(fresh, PUBTATOR_BATCH_SIZE)) {
          const collection = await deps.pubtator.export(ids, today);
          if (collection.documents.length === 0) continue;
          result.annotated += collection.documents.length;
          await deps.sink.write(fileKey(search.id, runStamp, 'pubtator', ++pubtatorFiles), JSON.stringify(collection), 'application/json');
          result.files++;
        }
      }
    }
    result.pmids = pmids.size;
    if (!dryRun && !explicit) {
      await store!.advanceWatermark(search.id, window.to);
      result.watermark = window.to;
    }
    deps.log?.info('pull finished', { ...result, warnings: result.warnings.length });
    return result;
  } finally {
    if (!dryRun) {
      try {
        await store!.releaseLease(search.id, leaseOwner);
      } catch (error) {
        // The lease expires on its own; a failed release must not hide the pull's outcome.
        deps.log?.warn('lease release failed', { searchId: search.id, error: String(error) });
      }
    }
  }
}
