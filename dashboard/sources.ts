/**
 * The dashboard's sources against a deployed stack: the records table through
 * RecordStore, and the queues named by the stack outputs (`<Name>QueueUrl`
 * with its `<Name>DeadLetterQueueUrl`) through SQS.
 */
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { redrive } from '../adapters/redrive.ts';
import { RecordStore } from '../adapters/store.ts';
import type { Deployment } from '../adapters/deployment.ts';
import type { DashboardQueues, DashboardSources, QueueDepth } from './api.ts';

interface QueuePair {
  name: string;
  url: string | null;
  deadLetterUrl: string | null;
}

/** Queues named by the outputs, in pipeline order (Intake, Parse, Extract), then any others (e.g. Pull). */
export function queuePairs(outputs: Record<string, string>): QueuePair[] {
  const pairs = new Map<string, QueuePair>();
  for (const [key, url] of Object.entries(outputs)) {
    const dead = /^(.+)DeadLetterQueueUrl$/.exec(key);
    const live = dead ? null : /^(.+)QueueUrl$/.exec(key);
    const name = dead?.[1] ?? live?.[1];
    if (!name) continue;
    const pair = pairs.get(name) ?? { name, url: null, deadLetterUrl: null };
    if (dead) pair.deadLetterUrl = url;
    else pair.url = url;
    pairs.set(name, pair);
  }
  const order = ['Intake', 'Parse', 'Extract'];
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  return [...pairs.values()].sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
}

export class SqsQueues implements DashboardQueues {
  constructor(
    private readonly sqs: SQSClient,
    private readonly pairs: QueuePair[],
  ) {}

  async depths(): Promise<QueueDepth[]> {
    return Promise.all(
      this.pairs.map(async (pair) => {
        const [live, dead] = await Promise.all([
          pair.url ? this.attributes(pair.url) : undefined,
          pair.deadLetterUrl ? this.attributes(pair.deadLetterUrl) : undefined,
        ]);
        return {
          name: pair.name,
          visible: live?.visible ?? 0,
          inFlight: live?.inFlight ?? 0,
          delayed: live?.delayed ?? 0,
          deadLetter: dead ? { visible: dead.visible, inFlight: dead.inFlight } : null,
          canRedrive: Boolean(pair.url && pair.deadLetterUrl),
        };
      }),
    );
  }

  async redrive(name: string): Promise<{ method: string; moved: number }> {
    const pair = this.pairs.find((p) => p.name === name);
    if (!pair?.url || !pair.deadLetterUrl) throw new Error(`queue ${name} has no dead-letter queue to redrive`);
    return redrive(this.sqs, { from: pair.deadLetterUrl, to: pair.url });
  }

  private async attributes(url: string): Promise<{ visible: number; inFlight: number; delayed: number }> {
    const { Attributes = {} } = await this.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
      }),
    );
    return {
      visible: Number(Attributes.ApproximateNumberOfMessages ?? 0),
      inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
      delayed: Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0),
    };
  }
}

export function deploymentSources(deployment: Deployment): DashboardSources & { close(): void } {
  const store = new RecordStore({
    tableName: deployment.outputs.TableName,
    artifactsBucket: deployment.outputs.ArtifactsBucketName,
    clientConfig: deployment.clientConfig,
  });
  const sqs = new SQSClient(deployment.clientConfig);
  return {
    store,
    queues: new SqsQueues(sqs, queuePairs(deployment.outputs)),
    close() {
      sqs.destroy();
      store.ddb.destroy();
      store.s3.destroy();
    },
  };
}
