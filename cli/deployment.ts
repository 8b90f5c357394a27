/**
 * Where the CLI finds the deployed stack: the endpoint (AWS_ENDPOINT_URL, or
 * the embedded emulator's state file), and the stack's outputs (bucket,
 * table and queue names) read from CloudFormation.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { awsClientConfig, type AwsClientConfig } from '../adapters/client-config.ts';
import { readEmulatorState } from './emulator.ts';
import { UsageError } from './errors.ts';

export const STACK_NAME = process.env.LITSTREAM_STACK ?? 'Litstream';

/** The stack outputs every command relies on (see lib/litstream-stack.ts). */
export interface StackOutputs {
  IntakeBucketName: string;
  ArtifactsBucketName: string;
  TableName: string;
  IntakeQueueUrl: string;
  ParseQueueUrl: string;
  ExtractQueueUrl: string;
  IntakeDeadLetterQueueUrl: string;
  ParseDeadLetterQueueUrl: string;
  ExtractDeadLetterQueueUrl: string;
  [name: string]: string;
}

export interface Deployment {
  clientConfig: AwsClientConfig;
  outputs: StackOutputs;
}

/** The endpoint to talk to: AWS_ENDPOINT_URL, else the running embedded emulator, else real AWS (undefined). */
export async function resolveEndpoint(): Promise<string | undefined> {
  if (process.env.AWS_ENDPOINT_URL) return process.env.AWS_ENDPOINT_URL;
  const state = await readEmulatorState();
  return state?.endpoint;
}

export async function connect(): Promise<Deployment> {
  const endpoint = await resolveEndpoint();
  const clientConfig = awsClientConfig(endpoint);
  const cfn = new CloudFormationClient(clientConfig);
  let outputs: Record<string, string>;
  try {
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: STACK_NAME }));
    outputs = Object.fromEntries((Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
  } catch (error) {
    throw new UsageError(
      `stack ${STACK_NAME} is not deployed at ${endpoint ?? 'AWS'}: run \`npx litstream up\` first`,
      { cause: error },
    );
  } finally {
    cfn.destroy();
  }
  if (!outputs.TableName) throw new UsageError(`stack ${STACK_NAME} has no TableName output: redeploy with \`npx litstream up\``);
  return { clientConfig, outputs: outputs as StackOutputs };
}
