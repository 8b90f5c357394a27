/**
 * The litstream commands, in the order `--help` lists them. Each is loaded
 * only when it runs (or when help lists them all): `litstream parse` never
 * loads the AWS SDK, and `litstream --version` loads no command at all.
 */
import type { CliCommand } from './types.ts';

export interface CommandEntry {
  /** The sub-command's name, as typed after `litstream`. */
  readonly name: string;
  readonly load: () => Promise<CliCommand>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'parse', load: async () => (await import('./parse.ts')).parseCommand },
  { name: 'up', load: async () => (await import('./up-down.ts')).upCommand },
  { name: 'ingest', load: async () => (await import('./ingest.ts')).ingestCommand },
  { name: 'pull', load: async () => (await import('./pull.ts')).pullCommand },
  { name: 'records', load: async () => (await import('./records.ts')).recordsCommand },
  { name: 'status', load: async () => (await import('./status.ts')).statusCommand },
  { name: 'dashboard', load: async () => (await import('./dashboard.ts')).dashboardCommand },
  { name: 'down', load: async () => (await import('./up-down.ts')).downCommand },
  { name: 'demo', load: async () => (await import('./demo.ts')).demoCommand },
];

const VERSION_FLAGS = new Set(['-V', '--version']);

/**
 * The commands `argv` needs: the one named by its first word; none for a bare
 * `--version`; every one otherwise (help, no command, a mistyped name that
 * commander answers with "did you mean").
 */
export function commandsFor(argv: readonly string[]): readonly CommandEntry[] {
  const args = argv.slice(2);
  const word = args.find((arg) => !arg.startsWith('-'));
  const named = word === undefined ? undefined : COMMANDS.filter((command) => command.name === word);
  if (named && named.length > 0) return named;
  if (word === undefined && args.some((arg) => VERSION_FLAGS.has(arg))) return [];
  return COMMANDS;
}
