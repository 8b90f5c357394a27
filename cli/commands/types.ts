import type { Command } from 'commander';

/** One litstream sub-command. `setExitCode` raises the process exit code (never lowers it). */
export interface CliCommand {
  register(program: Command, setExitCode: (code: number) => void): void;
}
