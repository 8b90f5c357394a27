/**
 * The functions run on the Node.js they are deployed with (nodejs22.x), not
 * on whatever Node.js runs the emulator: each logs `process.version` when it
 * starts, and the emulator writes what its functions print to its log.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FUNCTION_NODE_VERSION } from '../../cli/emulator.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

describe('function runtime on the emulator', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('runs the pipeline functions on Node.js 22', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'litstream-runtime-'));
    // Content of its own, so its record is new whatever ran before.
    writeFileSync(path.join(dir, 'runtime-check.txt'), `Runtime check ${Date.now()}. Forty-two patients were enrolled and followed for a median of 24 months.\n`);
    const outcomes = await stack.ingest([dir], { prefix: 'incoming/runtime-check/' });
    expect(outcomes.map((o) => o.summary?.status)).toEqual(['extracted']);

    const log = readFileSync(path.join(inject('litstreamStateDir'), 'emulator.log'), 'utf8');
    const started = [...log.matchAll(/"message":"function started"[^\n]*?"nodeVersion":"(v[\d.]+)"|"nodeVersion":"(v[\d.]+)"[^\n]*?"message":"function started"/g)];
    const versions = started.map((m) => m[1] ?? m[2]);
    // detect-format, parse and extract each started at least once for this upload
    expect(versions.length).toBeGreaterThanOrEqual(3);
    const major = FUNCTION_NODE_VERSION.split('.')[0];
    for (const version of versions) expect(version).toMatch(new RegExp(`^v${major}\\.`));
  });
});
