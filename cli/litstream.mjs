#!/usr/bin/env node
// The `litstream` command. Runs the TypeScript sources directly through tsx,
// so `npm ci` is the only set-up step.
import { register } from 'tsx/esm/api';

// The AWS SDK warns once that its 2027 releases need Node 22; it says nothing
// about this command's behaviour, so it is not printed on every run.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning, ...rest) => {
  const text = typeof warning === 'string' ? warning : warning?.name;
  if (text?.startsWith('NodeVersionSupportWarning')) return;
  emitWarning(warning, ...rest);
};

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv);
