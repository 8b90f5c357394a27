import path from 'node:path';
import { connect } from '../deployment.ts';
import { up } from '../deploy.ts';
import { PROJECT_ROOT } from '../emulator.ts';
import { collectFiles } from '../files.ts';
import { storeFor, uploadFiles, waitForUploads } from '../ingest.ts';
import { outcomeSummary, outcomesTable } from '../table.ts';
import type { CliCommand } from './types.ts';

const SAMPLE_DOCUMENTS = path.join(PROJECT_ROOT, 'events', 'documents');

/** `npm start`: the whole local run, from nothing to a table of extracted records. */
export const demoCommand: CliCommand = {
  register(program, setExitCode) {
    program
      .command('demo')
      .description('start the emulator, deploy, ingest the sample documents and print what was extracted')
      .action(async () => {
        const say = (line: string): void => {
          process.stderr.write(`litstream: ${line}\n`);
        };
        const started = Date.now();
        const result = await up({ log: say });
        const deployment = await connect();
        const files = await collectFiles([SAMPLE_DOCUMENTS]);
        say(`ingesting ${files.length} sample documents from ${path.relative(process.cwd(), SAMPLE_DOCUMENTS) || SAMPLE_DOCUMENTS}`);
        const uploads = await uploadFiles(deployment, files);
        const outcomes = await waitForUploads(storeFor(deployment), uploads, { timeoutMs: 300_000 });
        process.stdout.write(`${outcomesTable(outcomes)}\n${outcomeSummary(outcomes)}\n`);
        const timings = Object.entries(result.timings).map(([k, v]) => `${k} ${v}`).join(', ');
        process.stdout.write(
          [
            '',
            `Done in ${Date.now() - started} ms (${timings}). The emulator keeps running at ${result.endpoint}.`,
            '  npx litstream ingest PATH --wait      ingest more files',
            '  npx litstream records --metric cohort_size   the evidence table for one metric',
            '  npx litstream status                  stages, queues and dead letters',
            '  npx litstream dashboard               the local web dashboard',
            '  npx litstream down                    stop the emulator',
            '',
          ].join('\n'),
        );
        if (outcomes.some((o) => o.unit.state !== 'extracted')) setExitCode(1);
      });
  },
};
