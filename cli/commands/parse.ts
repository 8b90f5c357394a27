import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { DETECT_HEAD_BYTES } from '../../src/documents.ts';
import { recordsForFile } from '../../src/pipeline.ts';
import type { LitRecord } from '../../src/record.ts';
import { UsageError } from '../errors.ts';
import { collectFiles, type InputFile } from '../files.ts';
import { defaultJobs, formattedRecords, type FormattedRecord, type ParseFile } from '../parse-pool.ts';
import type { CliCommand } from './types.ts';

async function readHead(file: string): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(DETECT_HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, DETECT_HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Every record of the given files, in order, as the pipeline would store them
 * (source.key is the path given). Every path is checked before the first
 * record: an unreadable one yields nothing.
 */
export async function* recordsOfFiles(paths: string[]): AsyncGenerator<LitRecord> {
  for (const file of await collectFiles(paths)) {
    const head = await readHead(file.path);
    yield* recordsForFile(file.path, head, file.size, () => createReadStream(file.path, { highWaterMark: 1 << 16 }));
  }
}

/** Every record of the given files (see `recordsOfFiles`). */
export async function parseFiles(paths: string[]): Promise<LitRecord[]> {
  const records: LitRecord[] = [];
  for await (const record of recordsOfFiles(paths)) records.push(record);
  return records;
}

/** Written to stdout once this much text is waiting. */
const OUTPUT_BATCH_CHARS = 1 << 20;

/** The files named, each with its head read, as `formattedRecords` takes them. */
async function* parseInputs(files: InputFile[]): AsyncGenerator<ParseFile> {
  for (const file of files) {
    yield { path: file.path, size: file.size, head: await readHead(file.path), open: () => createReadStream(file.path, { highWaterMark: 1 << 16 }) };
  }
}

/**
 * Prints the records as one JSON array, exactly `JSON.stringify(records,
 * null, 2)`, a record at a time as they come: a 30,000-article file is never
 * one string in memory. (JSON.stringify escapes newlines inside strings, so
 * every newline of a record's JSON is between tokens and can take the
 * array's indent.) Resolves to whether any record was rejected.
 */
async function printRecords(records: AsyncIterable<FormattedRecord>): Promise<boolean> {
  let pending = '';
  let count = 0;
  let rejected = false;
  for await (const record of records) {
    pending += `${count === 0 ? '[\n' : ',\n'}${record.text}`;
    count += 1;
    if (record.rejected) rejected = true;
    if (pending.length >= OUTPUT_BATCH_CHARS) {
      process.stdout.write(pending);
      pending = '';
    }
  }
  process.stdout.write(`${pending}${count === 0 ? '[]' : '\n]'}\n`);
  return rejected;
}

function parseJobs(value: string): number {
  const jobs = Number(value);
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs takes a whole number of at least 1, not ${value}`);
  return jobs;
}

export const parseCommand: CliCommand = {
  register(program, setExitCode) {
    program
      .command('parse')
      .description('detect, parse and extract files locally (no AWS); prints a JSON array of records')
      .argument('<file...>', 'files or folders')
      .option('-j, --jobs <n>', `documents parsed at once, in worker threads (default: the cores available, ${defaultJobs()} here)`, parseJobs)
      .action(async (files: string[], options: { jobs?: number }) => {
        // Every path is checked before the first record is printed.
        const inputs = parseInputs(await collectFiles(files));
        if (await printRecords(formattedRecords(inputs, options.jobs ?? defaultJobs()))) setExitCode(1);
      });
  },
};
