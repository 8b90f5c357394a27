import { GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { STAGES, UNIT_STATES } from '../../src/store/layout.ts';
import { connect, type Deployment } from '../deployment.ts';
import { storeFor } from '../ingest.ts';
import { renderTable, truncate } from '../table.ts';
import type { CliCommand } from './types.ts';

const QUEUES = [
  ['intake', 'IntakeQueueUrl', 'IntakeDeadLetterQueueUrl'],
  ['parse', 'ParseQueueUrl', 'ParseDeadLetterQueueUrl'],
  ['extract', 'ExtractQueueUrl', 'ExtractDeadLetterQueueUrl'],
] as const;

async function depth(sqs: SQSClient, url: string): Promise<{ visible: number; inFlight: number }> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return { visible: Number(Attributes.ApproximateNumberOfMessages ?? 0), inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) };
}

/** A look at up to ten dead-letter messages; they become visible again at once. */
async function peek(sqs: SQSClient, url: string): Promise<string[]> {
  const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 0, WaitTimeSeconds: 0 }));
  return Messages.map((m) => m.Body ?? '');
}

export async function statusReport(deployment: Deployment): Promise<string> {
  const store = storeFor(deployment);
  const counts = new Map<string, number>();
  for (const state of UNIT_STATES) {
    for (const unit of await store.unitsInState(state)) counts.set(`${unit.stage}/${state}`, (counts.get(`${unit.stage}/${state}`) ?? 0) + 1);
  }
  const stageRows = STAGES.map((stage) => [stage, ...UNIT_STATES.map((state) => counts.get(`${stage}/${state}`) ?? 0)]);
  const sqs = new SQSClient(deployment.clientConfig);
  try {
    const queueRows: Array<Array<string | number>> = [];
    const deadLetters: string[] = [];
    for (const [name, queueKey, dlqKey] of QUEUES) {
      const queue = await depth(sqs, deployment.outputs[queueKey]);
      const dlq = await depth(sqs, deployment.outputs[dlqKey]);
      queueRows.push([name, queue.visible, queue.inFlight, dlq.visible]);
      if (dlq.visible > 0) for (const body of await peek(sqs, deployment.outputs[dlqKey])) deadLetters.push(`${name}: ${truncate(body, 160)}`);
    }
    // The pull schedules have a dead-letter queue only (Scheduler delivers directly).
    const pullDlqUrl = deployment.outputs.PullDeadLetterQueueUrl;
    if (pullDlqUrl) {
      const dlq = await depth(sqs, pullDlqUrl);
      queueRows.push(['pull schedules', '-', '-', dlq.visible]);
      if (dlq.visible > 0) for (const body of await peek(sqs, pullDlqUrl)) deadLetters.push(`pull schedules: ${truncate(body, 160)}`);
    }
    return [
      'documents per stage and state',
      renderTable(['stage', ...UNIT_STATES], stageRows),
      'queues',
      renderTable(['queue', 'visible', 'in flight', 'dead letters'], queueRows),
      deadLetters.length ? `dead-letter messages\n${deadLetters.join('\n')}` : 'dead-letter queues are empty',
    ].join('\n');
  } finally {
    sqs.destroy();
  }
}

export const statusCommand: CliCommand = {
  register(program) {
    program
      .command('status')
      .description('documents per stage and state, queue depths, dead-letter contents')
      .action(async () => {
        process.stdout.write(`${await statusReport(await connect())}\n`);
      });
  },
};
