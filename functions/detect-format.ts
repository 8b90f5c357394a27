/**
 * Stage 1, detect-format (src/stages/detect-format.ts): one intake-queue
 * message per S3 notification; sends one message per document to the parse
 * queue.
 */
import { SqsQueue } from '../adapters/sqs-queue.ts';
import type { ParseMessage } from '../src/messages.ts';
import { detectFormatStage } from '../src/stages/detect-format.ts';
import { clientConfig, intakeObjects, requireEnv, sqsStageHandler, stageContext } from './shared/runtime.ts';

const env = requireEnv('TABLE_NAME', 'ARTIFACTS_BUCKET', 'PARSE_QUEUE_URL');

export const handler = sqsStageHandler(
  'detect',
  detectFormatStage({
    ...stageContext(env),
    intake: intakeObjects(),
    parseQueue: new SqsQueue<ParseMessage>(env.PARSE_QUEUE_URL, clientConfig),
  }),
);
