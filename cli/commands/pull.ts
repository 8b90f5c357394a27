/**
 * `litstream pull`: run a literature pull now, with the same code the
 * schedule runs (src/pull/pull.ts). With --dry-run it only searches and
 * prints the counts; otherwise it writes the files into the deployed intake
 * bucket (the pipeline ingests them from there) and prints the counts.
 *
 * The window is the one given (--since/--until), so a saved search's
 * watermark is never moved from here; the lease is taken under --id (by
 * default an id derived from the query), so two runs of one query do not
 * overlap.
 */
import type { Command } from 'commander';
import { createHash } from 'node:crypto';
import { DynamoPullStore } from '../../adapters/pull-store.ts';
import { S3Sink } from '../../adapters/s3-sink.ts';
import { HttpStatusError, LeaseHeldError, PullError, RetriesExhaustedError, UpstreamResponseError } from '../../src/pull/errors.ts';
import { DEFAULT_EUTILS_BASE_URL } from '../../src/pull/eutils.ts';
import type { FetchLike } from '../../src/pull/http.ts';
import { DEFAULT_PUBTATOR_BASE_URL } from '../../src/pull/pubtator.ts';
import { SEARCH_ID_PATTERN, createPullClients, runPull, type PullSink, type PullStore } from '../../src/pull/pull.ts';
import type { RetryPolicy } from '../../src/pull/retry.ts';
import { isIsoDay } from '../../src/pull/windows.ts';
import { connect } from '../deployment.ts';
import { CommandError, UsageError } from '../errors.ts';
import type { CliCommand } from './types.ts';

interface PullFlags {
  query: string;
  since: string;
  until?: string;
  dryRun?: boolean;
  pubtator?: boolean;
  eutilsUrl?: string;
  pubtatorUrl?: string;
  email?: string;
  id?: string;
}

export interface PullCommandDeps {
  /** Where files and the lease go. @default the deployed stack's intake bucket and table */
  target?: () => Promise<{ sink: PullSink; store: PullStore; description: string }>;
  fetch?: FetchLike;
  /** @default the pull's own (5 attempts, exponential backoff) */
  retry?: RetryPolicy;
  env?: Record<string, string | undefined>;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
}

async function deployedTarget(): Promise<{ sink: PullSink; store: PullStore; description: string }> {
  const { clientConfig, outputs } = await connect();
  return {
    sink: new S3Sink(outputs.IntakeBucketName, clientConfig),
    store: new DynamoPullStore(outputs.TableName, clientConfig),
    description: `s3://${outputs.IntakeBucketName}/pulls/`,
  };
}

function checkUrl(flag: string, value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return value;
  } catch {
    // reported below
  }
  throw new UsageError(`${flag} must be an http(s) URL, got ${JSON.stringify(value)}`);
}

/** The system error code of a request that got no answer (undici puts it on the cause of `fetch failed`). */
function networkCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof HttpStatusError) return undefined;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const name = (e as { name?: unknown }).name;
    if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
  }
  // undici gives no code for some refusals (a port the fetch standard blocks): its cause says why.
  if (error instanceof TypeError && error.message === 'fetch failed') {
    return error.cause instanceof Error ? error.cause.message : 'fetch failed';
  }
  return undefined;
}

/** Why one attempt failed, in a few words: `ECONNREFUSED`, `HTTP 503 from …`. */
export function attemptFailure(error: unknown): string {
  const code = networkCode(error);
  if (code) return code === 'timeout' ? 'no answer in time' : code;
  return error instanceof Error ? error.message : String(error);
}

/**
 * One line for a pull that failed upstream: the service that could not be
 * reached or what it answered, and what to do. Undefined for other errors.
 */
export function pullFailureMessage(error: unknown, urls: { eutils: string; pubtator: string }): string | undefined {
  if (!(error instanceof PullError) || error instanceof LeaseHeldError) return undefined;
  const url = /\bGET (\S+)/.exec(error.message)?.[1] ?? '';
  const service = url.startsWith(urls.pubtator) ? 'PubTator3' : 'NCBI E-utilities';
  const base = url.startsWith(urls.pubtator) ? urls.pubtator : urls.eutils;
  const flag = service === 'PubTator3' ? '--pubtator-url (LITSTREAM_PUBTATOR_URL)' : '--eutils-url (LITSTREAM_EUTILS_URL)';
  if (error instanceof RetriesExhaustedError) {
    const code = networkCode(error.cause);
    if (code) {
      const why = code === 'timeout' ? 'no answer in time' : code;
      return `cannot reach ${service} at ${new URL(base).origin} (${why}, ${error.attempts} attempt(s)): check the network, or point ${flag} elsewhere`;
    }
    const status = error.cause instanceof HttpStatusError ? error.cause.status : undefined;
    return `${service} kept failing${status ? ` with HTTP ${status}` : ''} (${error.attempts} attempt(s)); try again later`;
  }
  if (error instanceof HttpStatusError) return `${service} refused the request with HTTP ${error.status}: ${error.message}`;
  if (error instanceof UpstreamResponseError) return `${service}: ${error.message}`;
  return error.message;
}

/** An id for an ad-hoc query: its lease and folder name. */
export function adHocSearchId(query: string): string {
  return `cli-${createHash('sha256').update(query.trim()).digest('hex').slice(0, 12)}`;
}

export function createPullCommand(deps: PullCommandDeps = {}): CliCommand {
  const env = deps.env ?? process.env;
  const stdout = deps.stdout ?? ((text) => process.stdout.write(text));
  const stderr = deps.stderr ?? ((text) => process.stderr.write(text));
  return {
    register(program: Command, setExitCode) {
      program
        .command('pull')
        .description('run a literature pull from PubMed (and PubTator3) now; prints the counts as JSON')
        .requiredOption('--query <query>', 'PubMed query, as typed into PubMed')
        .requiredOption('--since <date>', 'first entry date, YYYY-MM-DD')
        .option('--until <date>', 'last entry date, YYYY-MM-DD (default: today, UTC)')
        .option('--dry-run', 'search and count only: fetch nothing, write nothing')
        .option('--pubtator', 'also fetch PubTator3 annotations of the found PMIDs')
        .option('--eutils-url <url>', 'E-utilities base URL (env LITSTREAM_EUTILS_URL)')
        .option('--pubtator-url <url>', 'PubTator3 API base URL (env LITSTREAM_PUBTATOR_URL)')
        .option('--email <address>', 'contact address sent to NCBI (env NCBI_EMAIL)')
        .option('--id <searchId>', 'search id for the lease and the pulls/<id>/ folder (default: derived from the query)')
        .action(async (flags: PullFlags) => {
          if (!flags.query.trim()) throw new UsageError('--query is empty');
          for (const [flag, value] of [['--since', flags.since], ['--until', flags.until]] as const) {
            if (value !== undefined && !isIsoDay(value)) throw new UsageError(`${flag} must be a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
          }
          if (flags.until !== undefined && flags.until < flags.since) throw new UsageError(`--until ${flags.until} is before --since ${flags.since}`);
          const today = new Date().toISOString().slice(0, 10);
          if (flags.until === undefined && flags.since > today) throw new UsageError(`--since ${flags.since} is in the future`);
          const searchId = flags.id ?? adHocSearchId(flags.query);
          if (!SEARCH_ID_PATTERN.test(searchId)) throw new UsageError(`--id must be lower-case letters, digits and inner hyphens, got ${JSON.stringify(searchId)}`);
          const eutilsBaseUrl = checkUrl('--eutils-url', flags.eutilsUrl ?? env.LITSTREAM_EUTILS_URL ?? DEFAULT_EUTILS_BASE_URL);
          const pubtatorBaseUrl = checkUrl('--pubtator-url', flags.pubtatorUrl ?? env.LITSTREAM_PUBTATOR_URL ?? DEFAULT_PUBTATOR_BASE_URL);
          const email = flags.email ?? env.NCBI_EMAIL;
          if (!email) stderr('litstream: no --email (or NCBI_EMAIL) given; NCBI asks E-utilities clients for a contact address\n');

          let requests = 0;
          const clients = createPullClients({
            fetch: deps.fetch ?? fetch,
            retry: deps.retry,
            tool: 'litstream',
            email,
            apiKey: env.NCBI_API_KEY || undefined,
            eutilsBaseUrl,
            pubtatorBaseUrl,
            onRequest: () => void requests++,
            // A network failure is retried quietly: if it persists, the pull ends with one line saying so.
            onRetry: ({ url, attempt, delayMs, error }) => {
              if (networkCode(error)) return;
              stderr(`litstream: retrying ${url} (attempt ${attempt} failed: ${attemptFailure(error)}; waiting ${Math.round(delayMs)} ms)\n`);
            },
          });
          const target = flags.dryRun ? undefined : await (deps.target ?? deployedTarget)();
          const sink: PullSink = target?.sink ?? {
            write: async () => {
              throw new Error('a dry run writes nothing');
            },
          };
          try {
            const result = await runPull(
              { id: searchId, query: flags.query, pubtator: Boolean(flags.pubtator) },
              { ...clients, sink, store: target?.store },
              { since: flags.since, until: flags.until, dryRun: Boolean(flags.dryRun) },
            );
            stdout(`${JSON.stringify({ ...result, requests, destination: target?.description ?? null }, null, 2)}\n`);
          } catch (error) {
            const upstream = pullFailureMessage(error, { eutils: eutilsBaseUrl, pubtator: pubtatorBaseUrl });
            if (upstream) throw new CommandError(upstream, { cause: error });
            if (!(error instanceof LeaseHeldError)) throw error;
            stderr(`litstream: ${error.message}; try again when it has finished\n`);
            setExitCode(1);
          }
        });
    },
  };
}

export const pullCommand: CliCommand = createPullCommand();
