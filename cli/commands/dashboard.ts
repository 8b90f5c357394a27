import { Option } from 'commander';
import { hostname } from 'node:os';
import { DashboardAccessError, isWildcardHost, normalizeAllowedHost } from '../../dashboard/access.ts';
import { startDashboard, type DashboardOptions, type DashboardServer } from '../../dashboard/server.ts';
import { connect } from '../deployment.ts';
import { UsageError } from '../errors.ts';
import type { CliCommand } from './types.ts';

/** Tried first so the address stays the same between runs; any free port when it is taken. */
export const DEFAULT_DASHBOARD_PORT = 4580;

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number (0-65535), got ${value}`);
  return port;
}

function collectHost(value: string, previous: string[] = []): string[] {
  try {
    return [...previous, normalizeAllowedHost(value)];
  } catch (error) {
    if (error instanceof DashboardAccessError) throw new UsageError(error.message);
    throw error;
  }
}

interface DashboardFlags {
  port?: number;
  host: string;
  allowHost?: string[];
}

/**
 * `litstream dashboard [--port N] [--host ADDR] [--allow-host NAME]...`: the
 * local web dashboard, until Ctrl-C. On loopback (the default) it answers
 * only requests addressed to 127.0.0.1, localhost or [::1]; with --host
 * beyond loopback every request also needs the token printed here.
 */
export const dashboardCommand: CliCommand = {
  register(program) {
    program
      .command('dashboard')
      .description('open a local web dashboard: stages, queues, failures, the evidence table and documents')
      .addOption(new Option('--port <n>', `port to listen on (default ${DEFAULT_DASHBOARD_PORT}, or a free one)`).argParser(parsePort))
      .addOption(
        new Option('--host <address>', 'address to listen on; beyond loopback (e.g. 0.0.0.0) every request needs the token printed at start').default('127.0.0.1'),
      )
      .addOption(
        new Option('--allow-host <name>', 'also answer requests addressed to this host name (name or name:port, e.g. behind a proxy); repeatable').argParser(collectHost),
      )
      .action(async (options: DashboardFlags) => {
        const deployment = await connect();
        const base: DashboardOptions = { deployment, host: options.host, allowHosts: options.allowHost ?? [] };
        let server: DashboardServer;
        try {
          server = await startDashboard({ ...base, port: options.port ?? DEFAULT_DASHBOARD_PORT });
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UsageError(`cannot listen on --host ${options.host}: not an address of this machine`);
          if (code !== 'EADDRINUSE') throw error;
          if (options.port !== undefined) throw new UsageError(`port ${options.port} is in use; pick another with --port`);
          server = await startDashboard({ ...base, port: 0 });
        }
        process.stdout.write(`litstream dashboard: ${server.openUrl}  (Ctrl-C to stop)\n`);
        if (server.token) {
          if (isWildcardHost(options.host)) {
            const remote = new URL(server.openUrl);
            remote.hostname = hostname().toLowerCase();
            process.stdout.write(`  or from another machine: ${remote.href}\n`);
          }
          process.stdout.write(
            `  listening on ${options.host}, beyond loopback: open the URL above once (it sets a cookie), or send "Authorization: Bearer ${server.token}".\n` +
              '  Anyone with the token can read every record and redrive dead-letter queues.\n',
          );
        }
        await new Promise<void>((resolve) => {
          const stop = (): void => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            void server.close().then(resolve);
          };
          process.on('SIGINT', stop);
          process.on('SIGTERM', stop);
        });
      });
  },
};
