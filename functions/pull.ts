/**
 * Scheduled literature pull. EventBridge Scheduler invokes it with
 * `{ "searchId": "..." }`; it runs that saved search (src/pull/pull.ts),
 * writing PubMed XML and PubTator3 BioC JSON into the intake bucket under
 * pulls/, from where the pipeline ingests them.
 *
 * A pull that finds another one of the same search running returns
 * `skipped` instead of failing: the running one covers the window, and a
 * failure would only be retried into the same lease.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import type { Context } from 'aws-lambda';
import { awsClientConfig } from '../adapters/client-config.ts';
import { DynamoPullStore } from '../adapters/pull-store.ts';
import { S3Sink } from '../adapters/s3-sink.ts';
import { parsePullEnvironment, pullEventSchema } from '../src/pull/config.ts';
import { LeaseHeldError, PullError } from '../src/pull/errors.ts';
import { createPullClients, runPull, type PullResult } from '../src/pull/pull.ts';

const config = parsePullEnvironment(process.env);
const clientConfig = awsClientConfig();
const logger = new Logger();
const metrics = new Metrics();
const store = new DynamoPullStore(config.tableName, clientConfig);
const sink = new S3Sink(config.intakeBucketName, clientConfig);
const parameters = new SSMProvider({ clientConfig });

/** The API key is cached for 15 minutes, so a rotated key is picked up without a redeploy. */
const API_KEY_MAX_AGE_SECONDS = 900;
/** The lease outlives the invocation by this much, so it never expires under a live pull. */
const LEASE_MARGIN_MS = 60_000;

export type PullResponse = PullResult | { searchId: string; skipped: 'lease-held' };

export async function handler(event: unknown, context: Context): Promise<PullResponse> {
  const decoded = pullEventSchema.safeParse(event);
  if (!decoded.success) throw new PullError(`pull event must be {"searchId": "..."}, got ${JSON.stringify(event)}`);
  const { searchId } = decoded.data;
  const search = config.searches.get(searchId);
  if (!search) throw new PullError(`unknown search ${searchId}; configured: ${[...config.searches.keys()].join(', ')}`);
  logger.appendKeys({ searchId });
  metrics.addDimension('searchId', searchId);

  let requests = 0;
  let retries = 0;
  try {
    const apiKey = config.apiKeyParameterName
      ? await parameters.get(config.apiKeyParameterName, { decrypt: true, maxAge: API_KEY_MAX_AGE_SECONDS })
      : undefined;
    const clients = createPullClients({
      fetch,
      tool: config.tool,
      email: config.email,
      apiKey,
      eutilsBaseUrl: config.eutilsBaseUrl,
      pubtatorBaseUrl: config.pubtatorBaseUrl,
      onRequest: () => void requests++,
      onRetry: ({ attempt, delayMs, url, error }) => {
        retries++;
        logger.warn('request retried', { url, attempt, delayMs: Math.round(delayMs), error: String(error) });
      },
    });
    const result = await runPull(
      search,
      {
        ...clients,
        sink,
        store,
        leaseOwner: context.awsRequestId,
        log: { info: (message, details) => logger.info(message, details ?? {}), warn: (message, details) => logger.warn(message, details ?? {}) },
      },
      { leaseMs: context.getRemainingTimeInMillis() + LEASE_MARGIN_MS },
    );
    metrics.addMetric('PullRecordsSearched', MetricUnit.Count, result.searched);
    metrics.addMetric('PullRecordsFetched', MetricUnit.Count, result.fetched);
    metrics.addMetric('PullFilesWritten', MetricUnit.Count, result.files);
    metrics.addMetric('PullAnnotationsFetched', MetricUnit.Count, result.annotated);
    metrics.addMetric('PullWarnings', MetricUnit.Count, result.warnings.length);
    metrics.addMetric('PullsSucceeded', MetricUnit.Count, 1);
    return result;
  } catch (error) {
    if (error instanceof LeaseHeldError) {
      logger.warn(error.message);
      metrics.addMetric('PullsSkipped', MetricUnit.Count, 1);
      return { searchId, skipped: 'lease-held' };
    }
    logger.error('pull failed', error as Error);
    metrics.addMetric('PullsFailed', MetricUnit.Count, 1);
    throw error;
  } finally {
    metrics.addMetric('PullRequests', MetricUnit.Count, requests);
    metrics.addMetric('PullRequestRetries', MetricUnit.Count, retries);
    metrics.publishStoredMetrics();
    logger.removeKeys(['searchId']);
  }
}
