import { Option } from 'commander';
import { startDashboard, type DashboardServer } from '../../dashboard/server.ts';
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

/** `litstream dashboard [--port N]`: the local web dashboard, until Ctrl-C. */
export const dashboardCommand: CliCommand = {
  register(program) {
    program
      .command('dashboard')
      .description('open a local web dashboard: stages, queues, failures, the evidence table and documents')
      .addOption(new Option('--port <n>', `port to listen on (default ${DEFAULT_DASHBOARD_PORT}, or a free one)`).argParser(parsePort))
      .action(async (options: { port?: number }) => {
        const deployment = await connect();
        let server: DashboardServer;
        try {
          server = await startDashboard({ deployment, port: options.port ?? DEFAULT_DASHBOARD_PORT });
        } catch (error) {
          const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
          if (!inUse) throw error;
          if (options.port !== undefined) throw new UsageError(`port ${options.port} is in use; pick another with --port`);
          server = await startDashboard({ deployment, port: 0 });
        }
        process.stdout.write(`litstream dashboard: ${server.url}  (Ctrl-C to stop)\n`);
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
