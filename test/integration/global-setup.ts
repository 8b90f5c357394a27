/**
 * One emulator for the integration tests: started on a free port with its own
 * state directory, the stack deployed to it, stopped at the end. Tests never
 * depend on an emulator started by hand.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { up } from '../../cli/deploy.ts';
import { freePort, startEmulator, stopEmulator } from '../../cli/emulator.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    litstreamEndpoint: string;
    litstreamStateDir: string;
    litstreamSetupMs: Record<string, number>;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'litstream-it-'));
  const log = (line: string): void => {
    process.stderr.write(`[integration] ${line}\n`);
  };
  const started = Date.now();
  const emulator = await startEmulator({ stateDir, port: await freePort(), log });
  const emulatorStartMs = Date.now() - started;
  const previous = process.env.AWS_ENDPOINT_URL;
  process.env.AWS_ENDPOINT_URL = emulator.endpoint;
  // The test stack lets documents with fault markers crash or slow its functions (test/integration/faults.test.ts).
  process.env.LITSTREAM_FAULT_INJECTION = 'true';
  try {
    const result = await up({ stateDir, log });
    project.provide('litstreamSetupMs', { emulatorStartMs, ...result.timings });
  } catch (error) {
    await stopEmulator(stateDir);
    throw error;
  } finally {
    if (previous === undefined) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = previous;
  }
  log(`emulator ${emulator.endpoint} ready in ${Date.now() - started} ms (log ${emulator.logFile})`);
  project.provide('litstreamEndpoint', emulator.endpoint);
  project.provide('litstreamStateDir', stateDir);
  return async () => {
    await stopEmulator(stateDir);
    if (!process.env.LITSTREAM_KEEP_TEST_STATE) rmSync(stateDir, { recursive: true, force: true });
  };
}
