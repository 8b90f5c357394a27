/**
 * The litstream command line. Each command lives in cli/commands/<name>.ts
 * and exports `register(program)`; exit codes follow the README contract:
 * 0 success, 1 a document was rejected or failed, 2 usage or input errors.
 */
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { commandsFor } from './commands/index.ts';
import { CommandError, UsageError } from './errors.ts';

/** The version in package.json, which `litstream --version` prints. */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export async function main(argv: string[]): Promise<number> {
  const program = new Command('litstream')
    .description('Clinical literature to structured evidence records')
    .version(VERSION, '-V, --version', 'print the litstream version')
    .exitOverride()
    .showHelpAfterError();
  let exitCode = 0;
  const setExitCode = (code: number): void => {
    exitCode = Math.max(exitCode, code);
  };
  const commands = await Promise.all(commandsFor(argv).map((entry) => entry.load()));
  for (const command of commands) command.register(program, setExitCode);
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof UsageError) {
      process.stderr.write(`litstream: ${error.message}\n`);
      return 2;
    }
    if (error instanceof CommandError) {
      process.stderr.write(`litstream: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`litstream: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
