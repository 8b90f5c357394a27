/**
 * Where the CLI finds the deployed stack: the endpoint (AWS_ENDPOINT_URL, or
 * the embedded emulator's state file), and the stack's outputs (bucket,
 * table and queue names) read from CloudFormation.
 */
import { awsClientConfig } from '../adapters/client-config.ts';
import { describeStack, type Deployment, type StackOutputs } from '../adapters/deployment.ts';
import { readEmulatorState } from './emulator.ts';
import { UsageError } from './errors.ts';

export type { Deployment, StackOutputs } from '../adapters/deployment.ts';

export const STACK_NAME = process.env.LITSTREAM_STACK ?? 'Litstream';

/** The endpoint to talk to: AWS_ENDPOINT_URL, else the running embedded emulator, else real AWS (undefined). */
export async function resolveEndpoint(): Promise<string | undefined> {
  if (process.env.AWS_ENDPOINT_URL) return process.env.AWS_ENDPOINT_URL;
  const state = await readEmulatorState();
  return state?.endpoint;
}

export async function connect(): Promise<Deployment> {
  const endpoint = await resolveEndpoint();
  const clientConfig = awsClientConfig(endpoint);
  let outputs: Record<string, string>;
  try {
    ({ outputs } = await describeStack(clientConfig, STACK_NAME));
  } catch (error) {
    throw new UsageError(
      `stack ${STACK_NAME} is not deployed at ${endpoint ?? 'AWS'}: run \`npx litstream up\` first`,
      { cause: error },
    );
  }
  if (!outputs.TableName) throw new UsageError(`stack ${STACK_NAME} has no TableName output: redeploy with \`npx litstream up\``);
  return { clientConfig, outputs: outputs as StackOutputs };
}
