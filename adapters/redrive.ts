/**
 * Moves messages from a dead-letter queue back to the queue they came from.
 *
 * SQS's own StartMessageMoveTask is used when the endpoint supports it (AWS);
 * emulators that lack it (MiniStack) get the portable loop: receive a batch
 * from the dead-letter queue, send it to the source queue, delete what was
 * sent. A message is deleted only after its copy was accepted, so a failure
 * part-way leaves duplicates at worst, never a lost message; the pipeline's
 * writes are idempotent, so a duplicate is harmless.
 */
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  StartMessageMoveTaskCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

export interface RedriveOptions {
  /** Dead-letter queue URL. */
  from: string;
  /** Source queue URL the messages go back to. */
  to: string;
  /** Stop after this many messages. @default no limit (until the DLQ answers empty) */
  maxMessages?: number;
  /** Try SQS's StartMessageMoveTask first. @default true */
  preferMoveTask?: boolean;
}

export interface RedriveResult {
  method: 'move-task' | 'receive-send-delete';
  /** Messages moved (receive-send-delete), or the DLQ depth when the move task started (it runs asynchronously). */
  moved: number;
}

/** How long a received message stays hidden while it is copied; a crash makes it reappear in the DLQ after this. */
const COPY_VISIBILITY_SECONDS = 60;

export async function redrive(sqs: SQSClient, options: RedriveOptions): Promise<RedriveResult> {
  if (options.preferMoveTask !== false) {
    const started = await tryMoveTask(sqs, options);
    if (started) return started;
  }
  return { method: 'receive-send-delete', moved: await copyLoop(sqs, options) };
}

async function tryMoveTask(sqs: SQSClient, options: RedriveOptions): Promise<RedriveResult | undefined> {
  try {
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: options.from,
        AttributeNames: ['QueueArn', 'ApproximateNumberOfMessages'],
      }),
    );
    const target = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: options.to, AttributeNames: ['QueueArn'] }));
    if (!Attributes?.QueueArn || !target.Attributes?.QueueArn) return undefined;
    await sqs.send(
      new StartMessageMoveTaskCommand({
        SourceArn: Attributes.QueueArn,
        DestinationArn: target.Attributes.QueueArn,
      }),
    );
    return { method: 'move-task', moved: Number(Attributes.ApproximateNumberOfMessages ?? 0) };
  } catch {
    // Unsupported operation (emulators) or not permitted: the portable loop works everywhere.
    return undefined;
  }
}

async function copyLoop(sqs: SQSClient, options: RedriveOptions): Promise<number> {
  const limit = options.maxMessages ?? Number.POSITIVE_INFINITY;
  let moved = 0;
  // Short polling samples a subset of servers: one empty answer is not proof
  // of an empty queue, two in a row are taken as one.
  let emptyAnswers = 0;
  while (moved < limit && emptyAnswers < 2) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: options.from,
        MaxNumberOfMessages: Math.min(10, limit - moved),
        VisibilityTimeout: COPY_VISIBILITY_SECONDS,
        WaitTimeSeconds: 0,
        MessageAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) {
      emptyAnswers++;
      continue;
    }
    emptyAnswers = 0;
    const entries = Messages.map((message, i) => ({
      Id: String(i),
      MessageBody: message.Body ?? '',
      MessageAttributes: message.MessageAttributes,
    }));
    const sent = await sqs.send(new SendMessageBatchCommand({ QueueUrl: options.to, Entries: entries }));
    const sentIds = new Set((sent.Successful ?? []).map((s) => s.Id));
    const toDelete = Messages.map((message, i) => ({ Id: String(i), ReceiptHandle: message.ReceiptHandle! })).filter((e) =>
      sentIds.has(e.Id),
    );
    if (toDelete.length > 0) {
      await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: options.from, Entries: toDelete }));
    }
    moved += toDelete.length;
    if (sent.Failed?.length) {
      throw new Error(
        `redrive: ${sent.Failed.length} message(s) could not be sent to ${options.to} (${sent.Failed[0].Code}: ${sent.Failed[0].Message ?? ''}); ${moved} moved so far, the rest stay in the dead-letter queue`,
      );
    }
  }
  return moved;
}
