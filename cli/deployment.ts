/**
 * Where the CLI finds the deployed stack: the endpoint (AWS_ENDPOINT_URL, or
 * the embedded emulator's state file, or else AWS itself with the SDK's
 * default credentials and AWS_REGION), and the stack's outputs (bucket,
 * table and queue names) read from CloudFormation.
 *
 * Every command that talks to AWS goes through `connect`, which prints the
 * target to stderr once per process, so nobody writes to an AWS account
 * while believing they are on the emulator (or the other way round).
 */
import { awsClientConfig, type AwsClientConfig } from '../adapters/client-config.ts';
import { describeStack, type Deployment, type StackDescription, type StackOutputs } from '../adapters/deployment.ts';
import { readEmulatorState } from './emulator.ts';
import { UsageError } from './errors.ts';

export type { Deployment, StackOutputs } from '../adapters/deployment.ts';

export const STACK_NAME = process.env.LITSTREAM_STACK ?? 'Litstream';

/** What the CLI talks to, before anything was asked of it. */
export interface Target {
  /** Undefined for AWS itself. */
  endpoint?: string;
  /** How the endpoint was chosen: AWS_ENDPOINT_URL, the embedded emulator's state file, or neither (AWS). */
  source: 'env' | 'emulator' | 'aws';
}

/** The endpoint to talk to: AWS_ENDPOINT_URL, else the running embedded emulator, else real AWS (undefined). */
export async function resolveEndpoint(): Promise<string | undefined> {
  return (await resolveTarget()).endpoint;
}

export async function resolveTarget(): Promise<Target> {
  if (process.env.AWS_ENDPOINT_URL) return { endpoint: process.env.AWS_ENDPOINT_URL, source: 'env' };
  const state = await readEmulatorState();
  return state ? { endpoint: state.endpoint, source: 'emulator' } : { source: 'aws' };
}

/** The stack as the CLI needs it: the id (an ARN naming account and region) and the outputs. */
export type DescribedStack = Pick<StackDescription, 'stackId' | 'outputs'>;

/** Account and region from a CloudFormation stack ARN (`arn:aws:cloudformation:REGION:ACCOUNT:stack/NAME/ID`). */
export function stackArnParts(stackId: string): { region: string; account: string } | undefined {
  const match = /^arn:[^:]+:cloudformation:([^:]+):(\d{12}):stack\//.exec(stackId);
  return match ? { region: match[1]!, account: match[2]! } : undefined;
}

/** The line `connect` prints: which endpoint, or which AWS account and region, and which stack. */
export function describeTarget(target: Target, region: string, stackId = '', stackName = STACK_NAME): string {
  let where: string;
  if (target.source === 'emulator') where = `local emulator at ${target.endpoint}`;
  else if (target.source === 'env') where = `endpoint ${target.endpoint} (AWS_ENDPOINT_URL)`;
  else {
    const arn = stackArnParts(stackId);
    where = arn ? `AWS account ${arn.account}, region ${arn.region}` : `AWS, region ${region}`;
  }
  return `target: ${where}, stack ${stackName}`;
}

const UNREACHABLE_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);

/** The system error code of a failed request (the SDK sets it on the error, undici on its cause). */
function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const inner = (e as { errors?: unknown[] }).errors?.[0];
    if (inner && typeof (inner as { code?: unknown }).code === 'string') return (inner as { code: string }).code;
  }
  return undefined;
}

/**
 * What to tell a person when the stack cannot be described: nothing listens
 * at the endpoint, the network does not reach it, there are no credentials,
 * or the stack is not there. Each says what to do next.
 */
export function connectionProblem(error: unknown, target: Target, region: string, stackName = STACK_NAME): string {
  const code = errorCode(error);
  const name = (error as { name?: unknown } | undefined)?.name;
  const message = error instanceof Error ? error.message : String(error);
  const where = target.endpoint ?? `AWS (region ${region})`;
  const deployHint = deployCommand(target);
  if (code === 'ECONNREFUSED') {
    const fix =
      target.source === 'env'
        ? 'start the emulator it names (`npx litstream up` starts the embedded one), or unset AWS_ENDPOINT_URL'
        : target.source === 'emulator'
          ? 'the emulator has stopped answering; restart it with `npx litstream down && npx litstream up`'
          : 'check the network';
    return `connection refused at ${where}${target.source === 'env' ? ' (AWS_ENDPOINT_URL)' : ''}: nothing listens there; ${fix}`;
  }
  if (code && UNREACHABLE_CODES.has(code)) return `cannot reach ${where} (${code}): check the network${target.source === 'env' ? ' and AWS_ENDPOINT_URL' : ''}`;
  if (name === 'CredentialsProviderError') {
    return (
      `no AWS credentials found for ${where}: set AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, ` +
      'or run `npx litstream up` to use the local emulator'
    );
  }
  if (name === 'ValidationError' && /does not exist/i.test(message)) {
    return `stack ${stackName} is not deployed at ${where}: run ${deployHint} first${target.source === 'aws' ? ' (or set LITSTREAM_STACK and AWS_REGION to where it is)' : ''}`;
  }
  return `cannot read stack ${stackName} at ${where}: ${message}`;
}

function deployCommand(target: Target): string {
  return target.source === 'aws' ? '`npx cdk deploy`' : '`npx litstream up`';
}

export interface ConnectDeps {
  target?: () => Promise<Target>;
  describe?: (clientConfig: AwsClientConfig, stackName: string) => Promise<DescribedStack>;
  /** Where the target line goes. @default stderr, once per process */
  report?: (line: string) => void;
}

let reported = false;

function reportOnce(line: string): void {
  if (reported) return;
  reported = true;
  process.stderr.write(`${line}\n`);
}

export async function connect(deps: ConnectDeps = {}): Promise<Deployment> {
  const target = await (deps.target ?? resolveTarget)();
  const clientConfig = awsClientConfig(target.endpoint);
  let stack: DescribedStack;
  try {
    stack = await (deps.describe ?? describeStack)(clientConfig, STACK_NAME);
  } catch (error) {
    throw new UsageError(connectionProblem(error, target, clientConfig.region), { cause: error });
  }
  (deps.report ?? reportOnce)(describeTarget(target, clientConfig.region, stack.stackId));
  if (!stack.outputs.TableName) throw new UsageError(`stack ${STACK_NAME} has no TableName output: redeploy with ${deployCommand(target)}`);
  return { clientConfig, outputs: stack.outputs as StackOutputs };
}
