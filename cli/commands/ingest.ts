import { connect } from '../deployment.ts';
import { UsageError } from '../errors.ts';
import { collectFiles } from '../files.ts';
import { storeFor, uploadFiles, waitForUploads } from '../ingest.ts';
import { ProgressReporter } from '../progress.ts';
import { outcomeSummary, outcomesTable } from '../table.ts';
import type { CliCommand } from './types.ts';

/** Commander argument parser for --timeout: a positive number of seconds. */
export function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!value.trim() || !Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--timeout must be a positive number of seconds, got ${JSON.stringify(value)}`);
  return seconds;
}

export const ingestCommand: CliCommand = {
  register(program, setExitCode) {
    program
      .command('ingest')
      .description('upload files (or every file under a folder) to the intake bucket')
      .argument('<path...>', 'files or folders')
      .option('--wait', 'follow every document until it is extracted, rejected or failed')
      .option('--timeout <seconds>', 'give up waiting after this long', parseSeconds, 300)
      .option('--table', 'print the per-document table even for more than 50 documents')
      .action(async (paths: string[], options: { wait?: boolean; timeout: number; table?: boolean }) => {
        const files = await collectFiles(paths);
        const deployment = await connect();
        const uploads = await uploadFiles(deployment, files);
        for (const u of uploads) process.stderr.write(`uploaded s3://${u.bucket}/${u.key}\n`);
        if (!options.wait) return;
        const progress = new ProgressReporter({ tty: Boolean(process.stderr.isTTY), write: (text) => process.stderr.write(text) });
        let outcomes;
        try {
          outcomes = await waitForUploads(storeFor(deployment), uploads, {
            timeoutMs: options.timeout * 1000,
            onProgress: (done, expected, expectedKnown) => progress.update(done, expected, expectedKnown),
            onFileDone: (upload, fileOutcomes) => {
              const bad = fileOutcomes.filter((o) => o.unit.state !== 'extracted').length;
              progress.line(`done ${upload.key}: ${fileOutcomes.length} document(s)${bad ? `, ${bad} not extracted` : ''}`);
            },
          });
        } finally {
          progress.finish();
        }
        // A 30,000-article file is a summary, not 30,000 rows (unless asked).
        const shown = options.table || outcomes.length <= 50 ? outcomes : outcomes.filter((o) => o.unit.state !== 'extracted');
        if (shown.length > 0) process.stdout.write(`${outcomesTable(shown)}\n`);
        process.stdout.write(`${outcomeSummary(outcomes)}\n`);
        for (const o of outcomes.filter((o) => o.unit.state !== 'extracted')) {
          process.stdout.write(`${o.upload.key}#${o.index}: ${o.unit.state} ${o.unit.errorCode ?? ''} ${o.unit.errorMessage ?? ''}\n`);
        }
        if (outcomes.some((o) => o.unit.state !== 'extracted')) setExitCode(1);
      });
  },
};
