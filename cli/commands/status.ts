import { SqsQueueInspector } from '../../adapters/queue-inspector.ts';
import { STAGES, UNIT_STATES, type Stage, type UnitState } from '../../src/store/layout.ts';
import { connect, type Deployment } from '../deployment.ts';
import { storeFor } from '../ingest.ts';
import { renderTable, truncate } from '../table.ts';
import type { CliCommand } from './types.ts';

/**
 * What `litstream status` counts, in three units that differ on purpose:
 *
 * - a *file* is one uploaded object version; it holds one or more documents;
 * - a *document* is one document of one file (a unit, `bucket/key#ETag#index`):
 *   the stage table counts these, so the same paper in two files, or in a
 *   PubMed XML and a PubTator3 file of one pull, is two documents;
 * - a *record* is one paper (one docId): documents of the same paper are
 *   merged into one record, so there are at most as many records as
 *   documents.
 */
export interface PipelineStatus {
  files: { count: number; documents: number };
  /** Documents per stage and state. */
  documents: Record<Stage, Record<UnitState, number>>;
  records: { extracted: number; rejected: number };
  queues: QueueStatus[];
  deadLetters: Array<{ queue: string; body: string }>;
}

export interface QueueStatus {
  name: string;
  /** Messages waiting, in flight; null for a queue that is only a dead-letter queue. */
  visible: number | null;
  inFlight: number | null;
  deadLetters: number;
}

/** What the status needs from the deployment; the CLI gives it the records table and SQS. */
export interface StatusSources {
  /** Stage and state of every document currently in `state`. */
  unitsInState(state: UnitState): Promise<Array<{ stage: Stage }>>;
  listFiles(): Promise<Array<{ documents: number }>>;
  listRecordSummaries(): Promise<Array<{ status: 'extracted' | 'rejected' }>>;
  /** Messages visible and in flight. */
  depth(queueUrl: string): Promise<{ visible: number; inFlight: number }>;
  /** Up to ten message bodies, left visible. */
  peek(queueUrl: string): Promise<string[]>;
}

/** The stage queues with their dead-letter queues, then the dead-letter-only queues of the pulls, by stack output. */
const QUEUES: ReadonlyArray<{ name: string; queue?: string; deadLetter: string }> = [
  { name: 'intake', queue: 'IntakeQueueUrl', deadLetter: 'IntakeDeadLetterQueueUrl' },
  { name: 'parse', queue: 'ParseQueueUrl', deadLetter: 'ParseDeadLetterQueueUrl' },
  { name: 'extract', queue: 'ExtractQueueUrl', deadLetter: 'ExtractDeadLetterQueueUrl' },
  // Scheduler invocations it could not deliver to the pull function.
  { name: 'pull schedules', deadLetter: 'PullDeadLetterQueueUrl' },
  // Pull runs that threw on every attempt (Lambda's on-failure destination).
  { name: 'failed pulls', deadLetter: 'FailedPullsDeadLetterQueueUrl' },
];

export async function collectStatus(sources: StatusSources, outputs: Record<string, string>): Promise<PipelineStatus> {
  const documents = Object.fromEntries(STAGES.map((stage) => [stage, Object.fromEntries(UNIT_STATES.map((s) => [s, 0]))])) as PipelineStatus['documents'];
  for (const state of UNIT_STATES) {
    for (const unit of await sources.unitsInState(state)) documents[unit.stage][state] += 1;
  }
  const files = await sources.listFiles();
  const records = { extracted: 0, rejected: 0 };
  for (const summary of await sources.listRecordSummaries()) records[summary.status] += 1;
  const queues: QueueStatus[] = [];
  const deadLetters: PipelineStatus['deadLetters'] = [];
  for (const { name, queue, deadLetter } of QUEUES) {
    const deadLetterUrl = outputs[deadLetter];
    if (!deadLetterUrl) continue; // a stack deployed before this queue existed
    const live = queue && outputs[queue] ? await sources.depth(outputs[queue]) : null;
    const dead = await sources.depth(deadLetterUrl);
    queues.push({ name, visible: live?.visible ?? null, inFlight: live?.inFlight ?? null, deadLetters: dead.visible });
    if (dead.visible > 0) for (const body of await sources.peek(deadLetterUrl)) deadLetters.push({ queue: name, body });
  }
  return {
    files: { count: files.length, documents: files.reduce((n, f) => n + (f.documents ?? 0), 0) },
    documents,
    records,
    queues,
    deadLetters,
  };
}

/** One line for a dead-letter message: a failed pull's search and error, else the body. */
export function describeDeadLetter({ queue, body }: { queue: string; body: string }): string {
  try {
    const failure = JSON.parse(body) as {
      timestamp?: string;
      requestPayload?: { searchId?: string };
      responsePayload?: { errorType?: string; errorMessage?: string };
      requestContext?: { approximateInvokeCount?: number };
    };
    if (failure.requestPayload && failure.responsePayload) {
      const search = failure.requestPayload.searchId ?? 'unknown search';
      const error = [failure.responsePayload.errorType, failure.responsePayload.errorMessage].filter(Boolean).join(': ') || 'no error message';
      const when = failure.timestamp ? ` at ${failure.timestamp}` : '';
      const tries = failure.requestContext?.approximateInvokeCount ? ` after ${failure.requestContext.approximateInvokeCount} attempts` : '';
      return `${queue}: ${search}${when}${tries}: ${truncate(error, 160)}`;
    }
  } catch {
    // not JSON: shown as it is
  }
  return `${queue}: ${truncate(body, 160)}`;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function formatStatus(status: PipelineStatus): string {
  const { files, documents, records } = status;
  const extractedDocuments = documents.extract.extracted;
  const recordCount = records.extracted + records.rejected;
  const merged = extractedDocuments - records.extracted;
  const recordsLine = [
    `records: ${plural(recordCount, 'record')}, one per paper (docId): ${records.extracted} extracted, ${records.rejected} rejected`,
    merged > 0
      ? `  ${plural(extractedDocuments, 'extracted document')} made ${plural(records.extracted, 'extracted record')}: ${plural(merged, 'document was', 'documents were')} another copy or another format of a paper already stored, merged into its record`
      : null,
  ].filter((line): line is string => line !== null);
  const queueCell = (n: number | null): string | number => (n === null ? '-' : n);
  return [
    `files: ${plural(files.count, 'file')} received (each upload or pull output, by object version), holding ${plural(files.documents, 'document')}`,
    'documents per stage and state (one per document of each file: the same paper in two files counts twice)',
    renderTable(['stage', ...UNIT_STATES], STAGES.map((stage) => [stage, ...UNIT_STATES.map((state) => documents[stage][state])])),
    ...recordsLine,
    'queues (messages)',
    renderTable(
      ['queue', 'waiting', 'in flight', 'dead letters'],
      status.queues.map((q) => [q.name, queueCell(q.visible), queueCell(q.inFlight), q.deadLetters]),
    ),
    status.deadLetters.length ? `dead-letter messages\n${status.deadLetters.map(describeDeadLetter).join('\n')}` : 'dead-letter queues are empty',
  ].join('\n');
}

function deploymentSources(deployment: Deployment, queues: SqsQueueInspector): StatusSources {
  const store = storeFor(deployment);
  return {
    unitsInState: (state) => store.unitsInState(state),
    listFiles: () => store.listFiles(),
    listRecordSummaries: () => store.listRecordSummaries(),
    depth: (url) => queues.depth(url),
    peek: (url) => queues.peek(url),
  };
}

export async function statusReport(deployment: Deployment): Promise<string> {
  const queues = new SqsQueueInspector(deployment.clientConfig);
  try {
    return formatStatus(await collectStatus(deploymentSources(deployment, queues), deployment.outputs));
  } finally {
    queues.destroy();
  }
}

export const statusCommand: CliCommand = {
  register(program) {
    program
      .command('status')
      .description('files, documents per stage and state, records, queue depths, dead-letter contents and failed pulls')
      .action(async () => {
        process.stdout.write(`${await statusReport(await connect())}\n`);
      });
  },
};
