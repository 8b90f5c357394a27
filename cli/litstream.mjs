#!/usr/bin/env node
// The `litstream` command. Runs cli/dist/litstream.mjs, the command compiled
// to JavaScript by `npm ci` (the `prepare` script, scripts/build-cli.mjs), so
// no TypeScript is compiled at start-up. When cli/dist is missing or older
// than any source compiled into it, it says so on stderr and runs the
// TypeScript sources through tsx instead: a stale build is never run.
import { readFileSync, statSync } from 'node:fs';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';

// The AWS SDK warns once that its 2027 releases need Node 22; it says nothing
// about this command's behaviour, so it is not printed on every run.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning, ...rest) => {
  const text = typeof warning === 'string' ? warning : warning?.name;
  if (text?.startsWith('NodeVersionSupportWarning')) return;
  emitWarning(warning, ...rest);
};

const root = new URL('../', import.meta.url);
const REBUILD = 'npm run build:cli compiles it';

/** Why cli/dist cannot be run, or undefined when it is up to date with every source in it. */
function staleness() {
  let build;
  try {
    build = JSON.parse(readFileSync(new URL('cli/dist/build.json', root), 'utf8'));
  } catch {
    return `no compiled command in cli/dist (${REBUILD}; npm ci does too)`;
  }
  for (const input of build.inputs) {
    let modified;
    try {
      modified = statSync(new URL(input, root)).mtimeMs;
    } catch {
      return `cli/dist was compiled from ${input}, which is gone (${REBUILD} again)`;
    }
    if (modified > build.builtAtMs) return `cli/dist is older than ${input} (${REBUILD} again)`;
  }
  return undefined;
}

const stale = staleness();
// A worker thread of `litstream parse` (cli/parse-pool.ts) starts here too,
// so that it runs the same build, compiled or not, as the command.
const parseWorker = !isMainThread && workerData?.role === 'litstream-parse-worker';
let main;
if (stale === undefined) {
  if (parseWorker) (await import('./dist/parse-worker.mjs')).serveParseTasks(parentPort);
  else ({ main } = await import('./dist/litstream.mjs'));
} else {
  if (!parseWorker) process.stderr.write(`litstream: ${stale}; running the TypeScript sources through tsx, which starts slower\n`);
  const { register } = await import('tsx/esm/api');
  register();
  if (parseWorker) (await import('./parse-worker.ts')).serveParseTasks(parentPort);
  else ({ main } = await import('./main.ts'));
}
if (main) process.exitCode = await main(process.argv);
