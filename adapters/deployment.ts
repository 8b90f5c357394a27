/**
 * The deployed stack as CloudFormation describes it: its status and its
 * outputs (bucket, table and queue names, see lib/litstream-stack.ts). Used
 * by the command line and the dashboard to find what they talk to.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { AwsClientConfig } from './client-config.ts';

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

/** Where a deployed stack is and what it is called inside. */
export interface Deployment {
  clientConfig: AwsClientConfig;
  outputs: StackOutputs;
}

export interface StackDescription {
  /** The stack's ARN, which names its account and region. */
  stackId: string;
  /** CloudFormation's status, e.g. CREATE_COMPLETE. */
  status: string;
  outputs: Record<string, string>;
}

/** The stack's status and outputs; throws what CloudFormation throws (a stack that does not exist among it). */
export async function describeStack(clientConfig: AwsClientConfig, stackName: string): Promise<StackDescription> {
  const cfn = new CloudFormationClient(clientConfig);
  try {
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
    const stack = Stacks?.[0];
    return {
      stackId: stack?.StackId ?? '',
      status: stack?.StackStatus ?? '',
      outputs: Object.fromEntries((stack?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? ''])),
    };
  } finally {
    cfn.destroy();
  }
}

/** True when the stack exists and its last operation completed. */
export async function stackDeployed(clientConfig: AwsClientConfig, stackName: string): Promise<boolean> {
  try {
    return (await describeStack(clientConfig, stackName)).status.endsWith('_COMPLETE');
  } catch {
    return false;
  }
}
