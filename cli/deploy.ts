/**
 * `litstream up`: start the embedded emulator (unless AWS_ENDPOINT_URL names
 * one that answers), bootstrap CDK there and deploy the stack. Deploy output
 * goes to .litstream/deploy.log.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { awsClientConfig } from '../adapters/client-config.ts';
import { stackDeployed } from '../adapters/deployment.ts';
import { STACK_NAME } from './deployment.ts';
import { EmulatorError, PROJECT_ROOT, STATE_DIR, endpointAnswers, startEmulator } from './emulator.ts';
import { SetupError } from './system.ts';

/** The account id emulators use. */
const EMULATOR_ACCOUNT = '000000000000';

export interface UpOptions {
  stateDir?: string;
  port?: number;
  log?: (line: string) => void;
}

export interface UpResult {
  endpoint: string;
  startedEmulator: boolean;
  timings: Record<string, number>;
}

function emulatorEnv(endpoint: string): NodeJS.ProcessEnv {
  const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  return {
    ...process.env,
    AWS_ENDPOINT_URL: endpoint,
    AWS_ENDPOINT_URL_S3: endpoint,
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'test',
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'test',
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    CDK_DEFAULT_ACCOUNT: EMULATOR_ACCOUNT,
    CDK_DEFAULT_REGION: region,
  };
}

async function runCdk(args: string[], env: NodeJS.ProcessEnv, logFile: string): Promise<void> {
  const cdk = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'cdk');
  const out = createWriteStream(logFile, { flags: 'a' });
  out.write(`\n$ cdk ${args.join(' ')}\n`);
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(cdk, args, { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    child.on('error', reject);
    child.on('close', (status) => resolve(status ?? 1));
  });
  out.end();
  if (code !== 0) throw new SetupError(`cdk ${args[0]} failed (exit ${code}); see ${logFile}`);
}

/**
 * Where a locally deployed pull function sends its requests. Locally the
 * schedules must not reach the real NCBI from a laptop's test run by
 * surprise: unless LITSTREAM_EUTILS_URL / LITSTREAM_PUBTATOR_URL say
 * otherwise, they point at a closed local port and a scheduled pull fails
 * (retried, then dead-lettered); `litstream pull` is the way to pull by hand.
 */
function pullContext(): string[] {
  const closed = 'http://127.0.0.1:9';
  return [
    '-c',
    `eutilsBaseUrl=${process.env.LITSTREAM_EUTILS_URL ?? closed}`,
    '-c',
    `pubtatorBaseUrl=${process.env.LITSTREAM_PUBTATOR_URL ?? closed}`,
  ];
}

/** Starts (or reuses) an emulator and deploys the stack to it. Idempotent. */
export async function up(options: UpOptions = {}): Promise<UpResult> {
  const log = options.log ?? (() => {});
  const stateDir = options.stateDir ?? STATE_DIR;
  const timings: Record<string, number> = {};
  let endpoint = process.env.AWS_ENDPOINT_URL;
  let startedEmulator = false;
  let t = Date.now();
  if (endpoint) {
    if (!(await endpointAnswers(endpoint))) {
      throw new EmulatorError(`AWS_ENDPOINT_URL=${endpoint} does not answer; start that emulator or unset the variable`);
    }
    log(`using the emulator at ${endpoint} (AWS_ENDPOINT_URL)`);
  } else {
    const state = await startEmulator({ stateDir, port: options.port, log });
    endpoint = state.endpoint;
    startedEmulator = true;
    timings.emulatorStartMs = Date.now() - t;
    log(`emulator running at ${endpoint} (log: ${state.logFile})`);
  }
  mkdirSync(stateDir, { recursive: true });
  const logFile = path.join(stateDir, 'deploy.log');
  const env = emulatorEnv(endpoint);
  t = Date.now();
  if (!(await stackDeployed(awsClientConfig(endpoint), 'CDKToolkit'))) {
    log('bootstrapping CDK');
    await runCdk(['bootstrap', `aws://${EMULATOR_ACCOUNT}/${env.AWS_REGION}`], env, logFile);
  }
  timings.bootstrapMs = Date.now() - t;
  t = Date.now();
  log(`deploying stack ${STACK_NAME} (log: ${logFile})`);
  const visibility = process.env.LITSTREAM_STAGE_VISIBILITY_SECONDS ?? '30';
  await runCdk(
    [
      'deploy',
      STACK_NAME,
      '--require-approval',
      'never',
      '--output',
      path.join(stateDir, 'cdk.out'),
      // Local defaults: quick retries and a stack that cleans up after itself.
      '-c',
      `stageVisibilitySeconds=${visibility}`,
      '-c',
      'destroyOnDelete=true',
      // MiniStack cannot create metric-math alarms; LITSTREAM_ALARMS=true keeps them (LocalStack).
      '-c',
      `alarms=${process.env.LITSTREAM_ALARMS ?? 'false'}`,
      // Every batch in flight is a Node.js process on this machine, each with
      // its own cold start and warm-up: two per stage keep the cores for the work.
      '-c',
      `stageConcurrency=${process.env.LITSTREAM_STAGE_CONCURRENCY ?? '2'}`,
      // Test deployments only: functions/shared/faults.ts.
      '-c',
      `faultInjection=${process.env.LITSTREAM_FAULT_INJECTION === 'true'}`,
      ...pullContext(),
    ],
    env,
    logFile,
  );
  timings.deployMs = Date.now() - t;
  return { endpoint, startedEmulator, timings };
}
