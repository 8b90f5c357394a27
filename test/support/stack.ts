/**
 * The deployed stack of the integration tests (see test/integration/global-setup.ts):
 * its outputs, a record store, and upload-and-wait helpers.
 */
import { inject } from 'vitest';
import type { AwsClientConfig } from '../../adapters/client-config.ts';
import type { RecordStore } from '../../adapters/store.ts';
import { connect, type Deployment, type StackOutputs } from '../../cli/deployment.ts';
import { collectFiles } from '../../cli/files.ts';
import { storeFor, uploadFiles, waitForUploads, type DocumentOutcome, type Upload } from '../../cli/ingest.ts';

export interface TestStack {
  endpoint: string;
  outputs: StackOutputs;
  clientConfig: AwsClientConfig;
  deployment: Deployment;
  store: RecordStore;
  /** Uploads files (or folders) under incoming/ and waits until every document is terminal. */
  ingest(paths: string[], options?: { prefix?: string; timeoutMs?: number }): Promise<DocumentOutcome[]>;
  upload(paths: string[], prefix?: string): Promise<Upload[]>;
  /** The shared emulator is stopped by the global teardown; this only releases clients. */
  stop(): Promise<void>;
}

export async function startTestStack(): Promise<TestStack> {
  const endpoint = inject('litstreamEndpoint');
  process.env.AWS_ENDPOINT_URL = endpoint;
  process.env.AWS_REGION ??= 'us-east-1';
  const deployment = await connect();
  const store = storeFor(deployment);
  const upload = async (paths: string[], prefix?: string): Promise<Upload[]> =>
    uploadFiles(deployment, await collectFiles(paths), prefix);
  return {
    endpoint,
    outputs: deployment.outputs,
    clientConfig: deployment.clientConfig,
    deployment,
    store,
    upload,
    async ingest(paths, options = {}) {
      return waitForUploads(store, await upload(paths, options.prefix), { timeoutMs: options.timeoutMs ?? 180_000 });
    },
    async stop() {
      store.ddb.destroy();
      store.s3.destroy();
    },
  };
}
