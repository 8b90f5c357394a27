/**
 * Stage 2, parse (src/stages/parse.ts): one parse-queue message per
 * document; sends each parsed document to the extract queue, inside its
 * message or, when large, stored in the artifacts bucket.
 */
import { S3ArtifactStore } from '../adapters/s3-objects.ts';
import { SqsQueue } from '../adapters/sqs-queue.ts';
import type { ExtractMessage } from '../src/messages.ts';
import { parseStage } from '../src/stages/parse.ts';
import { clientConfig, intakeObjects, requireEnv, sqsStageHandler, stageContext } from './shared/runtime.ts';

const env = requireEnv('TABLE_NAME', 'ARTIFACTS_BUCKET', 'EXTRACT_QUEUE_URL');

export const handler = sqsStageHandler(
  'parse',
  parseStage({
    ...stageContext(env),
    intake: intakeObjects(),
    artifacts: new S3ArtifactStore(env.ARTIFACTS_BUCKET, clientConfig),
    extractQueue: new SqsQueue<ExtractMessage>(env.EXTRACT_QUEUE_URL, clientConfig),
  }),
);
