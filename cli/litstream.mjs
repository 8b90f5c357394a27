#!/usr/bin/env node
// The `litstream` command. Runs the TypeScript sources directly through tsx,
// so `npm ci` is the only set-up step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv);
