/** The litstream commands, in the order `--help` lists them. */
import { dashboardCommand } from './dashboard.ts';
import { demoCommand } from './demo.ts';
import { ingestCommand } from './ingest.ts';
import { parseCommand } from './parse.ts';
import { pullCommand } from './pull.ts';
import { recordsCommand } from './records.ts';
import { statusCommand } from './status.ts';
import type { CliCommand } from './types.ts';
import { downCommand, upCommand } from './up-down.ts';

export const COMMANDS: readonly CliCommand[] = [
  parseCommand,
  upCommand,
  ingestCommand,
  pullCommand,
  recordsCommand,
  statusCommand,
  dashboardCommand,
  downCommand,
  demoCommand,
];
