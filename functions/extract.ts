/**
 * Stage 3, extract (src/stages/extract.ts): one extract-queue message per
 * parsed document; stores the record, merged with what is stored under its
 * docId, with its metric items.
 */
import { S3ArtifactStore } from '../adapters/s3-objects.ts';
import { extractStage } from '../src/stages/extract.ts';
import { clientConfig, requireEnv, sqsStageHandler, stageContext } from './shared/runtime.ts';

const env = requireEnv('TABLE_NAME', 'ARTIFACTS_BUCKET');

export const handler = sqsStageHandler(
  'extract',
  extractStage({
    ...stageContext(env),
    artifacts: new S3ArtifactStore(env.ARTIFACTS_BUCKET, clientConfig),
  }),
);
