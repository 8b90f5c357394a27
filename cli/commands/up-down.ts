import { up } from '../deploy.ts';
import { STATE_DIR, stopEmulator } from '../emulator.ts';
import type { CliCommand } from './types.ts';

const say = (line: string): void => {
  process.stderr.write(`litstream: ${line}\n`);
};

export const upCommand: CliCommand = {
  register(program) {
    program
      .command('up')
      .description('start the embedded AWS emulator (unless AWS_ENDPOINT_URL answers) and deploy the stack to it')
      .option('--port <n>', 'port for the embedded emulator', (v) => Number(v))
      .action(async (options: { port?: number }) => {
        const result = await up({ port: options.port, log: say });
        say(`stack deployed at ${result.endpoint} (${Object.entries(result.timings).map(([k, v]) => `${k} ${v}`).join(', ')})`);
      });
  },
};

export const downCommand: CliCommand = {
  register(program) {
    program
      .command('down')
      .description('stop the embedded emulator')
      .action(async () => {
        say((await stopEmulator(STATE_DIR)) ? 'emulator stopped' : 'no embedded emulator was running');
      });
  },
};
