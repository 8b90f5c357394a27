/**
 * The embedded AWS emulator: MiniStack, a Python process installed into the
 * project's own virtual environment (.venv) from emulator/requirements.txt.
 * Its state (pid, port, endpoint) is kept in .litstream/emulator.json and its
 * log in .litstream/emulator.log.
 *
 * MiniStack runs Node.js functions as `node` subprocesses found on its own
 * PATH, whatever runtime the function names. So that the functions run on
 * the Node.js they are deployed with (nodejs22.x), the emulator gets a Node 22
 * from the npm registry (the `node` package) in .litstream/node22, first on
 * its PATH; the command line itself runs on whatever Node the user has.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LitstreamError } from '../src/errors.ts';
import { aptInstall, runStep } from './system.ts';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const STATE_DIR = process.env.LITSTREAM_STATE_DIR ?? path.join(PROJECT_ROOT, '.litstream');
const VENV_DIR = path.join(PROJECT_ROOT, '.venv');
const REQUIREMENTS = path.join(PROJECT_ROOT, 'emulator', 'requirements.txt');
const VENV_PYTHON = path.join(VENV_DIR, 'bin', 'python');

/**
 * The Node.js the emulator runs the functions on: the major of their Lambda
 * runtime (lib/pipeline-function.ts, lib/pulls.ts: nodejs22.x), pinned.
 */
export const FUNCTION_NODE_VERSION = '22.23.3';
/** Shared by every state directory (the integration tests' too): one download of about 185 MB. */
const FUNCTION_NODE_DIR = path.join(PROJECT_ROOT, '.litstream', `node${FUNCTION_NODE_VERSION.split('.')[0]}`);

export interface EmulatorState {
  pid: number;
  port: number;
  endpoint: string;
  logFile: string;
  startedAt: string;
}

export class EmulatorError extends LitstreamError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EmulatorError';
  }
}

function stateFile(stateDir: string): string {
  return path.join(stateDir, 'emulator.json');
}

export async function readEmulatorState(stateDir = STATE_DIR): Promise<EmulatorState | undefined> {
  const file = stateFile(stateDir);
  if (!existsSync(file)) return undefined;
  const state = JSON.parse(readFileSync(file, 'utf8')) as EmulatorState;
  return isAlive(state.pid) ? state : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** True when something answering like an AWS endpoint listens at `endpoint`. */
export async function endpointAnswers(endpoint: string, timeoutMs = 2000): Promise<boolean> {
  try {
    const response = await fetch(new URL('/_ministack/health', endpoint), { signal: AbortSignal.timeout(timeoutMs) });
    if (response.ok) return true;
  } catch {
    // fall through to a generic probe: LocalStack and others answer differently
  }
  try {
    await fetch(endpoint, { signal: AbortSignal.timeout(timeoutMs) });
    return true;
  } catch {
    return false;
  }
}

function pythonOk(python: string): boolean {
  const probe = spawnSync(python, ['-c', 'import sys, venv, ensurepip; sys.exit(0 if sys.version_info >= (3, 10) else 1)']);
  return probe.status === 0;
}

/**
 * Creates .venv and installs the pinned emulator when the requirements
 * changed since the last install. Installs Debian's python3-venv when the
 * system Python cannot create virtual environments.
 */
export function ensureEmulatorInstalled(log: (line: string) => void = () => {}): void {
  const requirements = readFileSync(REQUIREMENTS, 'utf8');
  const marker = path.join(VENV_DIR, '.litstream-requirements');
  if (existsSync(VENV_PYTHON) && existsSync(marker) && readFileSync(marker, 'utf8') === requirements) return;
  const python = process.env.LITSTREAM_PYTHON ?? 'python3';
  if (!pythonOk(python)) {
    log('installing Debian packages python3 and python3-venv');
    aptInstall(['python3', 'python3-venv']);
  }
  log(`creating the emulator's virtual environment in ${VENV_DIR}`);
  runStep(python, ['-m', 'venv', VENV_DIR], 'python -m venv');
  runStep(VENV_PYTHON, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', REQUIREMENTS], 'pip install');
  writeFileSync(marker, requirements);
}

function nodeVersionOf(binary: string): string | undefined {
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim() : undefined;
}

/**
 * The folder to put first on the emulator's PATH so that its `node` is
 * FUNCTION_NODE_VERSION's major; undefined when the host's Node already is.
 * Installs the `node` package into FUNCTION_NODE_DIR once (cached by
 * version). `LITSTREAM_FUNCTION_NODE=host` keeps the host's Node (offline).
 */
export function ensureFunctionNode(log: (line: string) => void = () => {}): string | undefined {
  const major = FUNCTION_NODE_VERSION.split('.')[0]!;
  if (process.env.LITSTREAM_FUNCTION_NODE === 'host' || process.versions.node.split('.')[0] === major) return undefined;
  const bin = path.join(FUNCTION_NODE_DIR, 'node_modules', '.bin');
  if (nodeVersionOf(path.join(bin, 'node')) === `v${FUNCTION_NODE_VERSION}`) return bin;
  log(`installing Node.js ${FUNCTION_NODE_VERSION} for the emulator's functions into ${FUNCTION_NODE_DIR} (npm package node, once)`);
  // Installed beside the final folder and renamed into place, so an
  // interrupted or concurrent install never leaves a half-written one.
  const staging = `${FUNCTION_NODE_DIR}.${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  writeFileSync(
    path.join(staging, 'package.json'),
    `${JSON.stringify({ private: true, description: "Node.js for the emulator's Lambda functions (litstream up)", dependencies: { node: FUNCTION_NODE_VERSION }, allowScripts: { node: true } }, null, 2)}\n`,
  );
  try {
    runStep('npm', ['install', '--prefix', staging, '--no-audit', '--no-fund', '--loglevel=error'], `npm install node@${FUNCTION_NODE_VERSION}`);
    const installed = nodeVersionOf(path.join(staging, 'node_modules', '.bin', 'node'));
    if (installed !== `v${FUNCTION_NODE_VERSION}`) throw new Error(`the installed node reports ${installed ?? 'nothing'}`);
    rmSync(FUNCTION_NODE_DIR, { recursive: true, force: true });
    renameSync(staging, FUNCTION_NODE_DIR);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw new EmulatorError(
      `could not install Node.js ${FUNCTION_NODE_VERSION} for the emulator's functions (${(error as Error).message}); ` +
        `check access to the npm registry, or set LITSTREAM_FUNCTION_NODE=host to run them on this machine's Node.js ${process.version}`,
      { cause: error },
    );
  }
  return bin;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface StartOptions {
  /** Port to listen on. @default LITSTREAM_EMULATOR_PORT, else 4566 when free, else a free port */
  port?: number;
  stateDir?: string;
  log?: (line: string) => void;
  /** How long to wait for the health check. @default 60 s */
  timeoutMs?: number;
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Starts MiniStack unless it already runs for this state directory. Idempotent. */
export async function startEmulator(options: StartOptions = {}): Promise<EmulatorState> {
  const stateDir = options.stateDir ?? STATE_DIR;
  const log = options.log ?? (() => {});
  const running = await readEmulatorState(stateDir);
  if (running && (await endpointAnswers(running.endpoint))) return running;
  ensureEmulatorInstalled(log);
  const functionNodeBin = ensureFunctionNode(log);
  mkdirSync(stateDir, { recursive: true });
  const envPort = process.env.LITSTREAM_EMULATOR_PORT ? Number(process.env.LITSTREAM_EMULATOR_PORT) : undefined;
  const port = options.port ?? envPort ?? ((await portIsFree(4566)) ? 4566 : await freePort());
  const endpoint = `http://127.0.0.1:${port}`;
  const logFile = path.join(stateDir, 'emulator.log');
  const out = openSync(logFile, 'a');
  const dataDir = path.join(stateDir, 'emulator-data');
  const child = spawn(VENV_PYTHON, ['-m', 'ministack'], {
    detached: true,
    stdio: ['ignore', out, out],
    env: {
      ...process.env,
      ...(functionNodeBin ? { PATH: [functionNodeBin, process.env.PATH].filter(Boolean).join(path.delimiter) } : {}),
      GATEWAY_PORT: String(port),
      // Lambda subprocesses inherit this and call back to this instance.
      AWS_ENDPOINT_URL: endpoint,
      MINISTACK_HOST: '127.0.0.1',
      S3_DATA_DIR: path.join(dataDir, 's3'),
      LOG_LEVEL: process.env.LITSTREAM_EMULATOR_LOG_LEVEL ?? 'INFO',
    },
  });
  child.unref();
  const state: EmulatorState = {
    pid: child.pid ?? 0,
    port,
    endpoint,
    logFile,
    startedAt: new Date().toISOString(),
  };
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (!isAlive(state.pid)) throw new EmulatorError(`the emulator exited during start-up; see ${logFile}`);
    if (await endpointAnswers(endpoint, 1000)) {
      writeFileSync(stateFile(stateDir), JSON.stringify(state, null, 2));
      return state;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  process.kill(-state.pid, 'SIGTERM');
  throw new EmulatorError(`the emulator did not answer on ${endpoint} within ${options.timeoutMs ?? 60_000} ms; see ${logFile}`);
}

/** Stops the emulator started from this state directory (and the Lambda workers it spawned). */
export async function stopEmulator(stateDir = STATE_DIR): Promise<boolean> {
  const state = await readEmulatorState(stateDir);
  rmSync(stateFile(stateDir), { force: true });
  if (!state) return false;
  try {
    process.kill(-state.pid, 'SIGTERM');
  } catch {
    process.kill(state.pid, 'SIGTERM');
  }
  const deadline = Date.now() + 10_000;
  while (isAlive(state.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(state.pid)) process.kill(-state.pid, 'SIGKILL');
  return true;
}
