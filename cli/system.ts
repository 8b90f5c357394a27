/** Installing what the project needs from the operating system (Debian packages). */
import { spawnSync } from 'node:child_process';
import { LitstreamError } from '../src/errors.ts';

export class SetupError extends LitstreamError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SetupError';
  }
}

/** Runs a command with inherited output; throws SetupError naming the step when it fails. */
export function runStep(command: string, args: string[], what: string, env?: NodeJS.ProcessEnv): void {
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env: env ?? process.env });
  if (result.error) throw new SetupError(`${what} failed: ${result.error.message}`, { cause: result.error });
  if (result.status !== 0) {
    throw new SetupError(`${what} failed (${command} ${args.join(' ')} exited ${result.status ?? result.signal})`);
  }
}

let aptUpdated = false;

/** apt-get install, as root or through sudo; `apt-get update` runs once per process first. */
export function aptInstall(packages: string[]): void {
  const asRoot = (args: string[]): [string, string[]] =>
    process.getuid?.() === 0 ? ['apt-get', args] : ['sudo', ['apt-get', ...args]];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    runStep(...asRoot(['update', '-qq']), 'apt-get update', env);
    aptUpdated = true;
  }
  runStep(...asRoot(['install', '-y', '-qq', '--no-install-recommends', ...packages]), `apt-get install ${packages.join(' ')}`, env);
}
