#!/usr/bin/env node
// `npm test`: the whole suite on a fresh machine. Prepares what the tests
// need (esbuild's binary, Debian's Chromium for the browser test; the
// integration tests install the emulator into .venv themselves), then runs
// the type check, the unit tests and the integration tests against an
// emulator they start on a free port. Prints how long each step took.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const only = process.argv[2]; // optional: unit | integration

function step(title, command, args) {
  const started = Date.now();
  process.stderr.write(`\n== ${title}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stderr.write(`== ${title}: ${result.status === 0 ? 'ok' : 'FAILED'} in ${seconds} s\n`);
  timings.push(`${title} ${seconds} s`);
  if (result.status !== 0) {
    process.stderr.write(`\nnpm test failed at: ${title}\n`);
    process.exit(result.status ?? 1);
  }
}

const timings = [];
const started = Date.now();
// npm may skip esbuild's install script; CDK's local bundling needs the binary.
if (spawnSync(bin('esbuild'), ['--version']).status !== 0) step('rebuild esbuild', 'npm', ['rebuild', 'esbuild']);
if (!only || only === 'integration') {
  if (existsSync(path.join(root, 'scripts', 'ensure-chromium.ts'))) step('ensure Chromium', bin('tsx'), ['scripts/ensure-chromium.ts']);
}
if (!only || only === 'unit') {
  step('type check', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
  step('unit tests', bin('vitest'), ['run', '--project', 'unit']);
}
if (!only || only === 'integration') step('integration tests (emulator)', bin('vitest'), ['run', '--project', 'integration']);
process.stderr.write(`\nall tests passed in ${((Date.now() - started) / 1000).toFixed(1)} s (${timings.join(', ')})\n`);
