import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { DETECT_HEAD_BYTES } from '../../src/documents.ts';
import { recordsForFile } from '../../src/pipeline.ts';
import type { LitRecord } from '../../src/record.ts';
import { collectFiles } from '../files.ts';
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

/**
 * Prints the records as one JSON array, exactly `JSON.stringify(records,
 * null, 2)`, a record at a time as they come: a 30,000-article file is never
 * one string in memory. (JSON.stringify escapes newlines inside strings, so
 * every newline of a record's JSON is between tokens and can take the
 * array's indent.) Resolves to whether any record was rejected.
 */
async function printRecords(records: AsyncIterable<LitRecord>): Promise<boolean> {
  let pending = '';
  let count = 0;
  let rejected = false;
  for await (const record of records) {
    pending += `${count === 0 ? '[\n' : ',\n'}  ${JSON.stringify(record, null, 2).replaceAll('\n', '\n  ')}`;
    count += 1;
    if (record.status === 'rejected') rejected = true;
    if (pending.length >= OUTPUT_BATCH_CHARS) {
      process.stdout.write(pending);
      pending = '';
    }
  }
  process.stdout.write(`${pending}${count === 0 ? '[]' : '\n]'}\n`);
  return rejected;
}

export const parseCommand: CliCommand = {
  register(program, setExitCode) {
    program
      .command('parse')
      .description('detect, parse and extract files locally (no AWS); prints a JSON array of records')
      .argument('<file...>', 'files or folders')
      .action(async (files: string[]) => {
        if (await printRecords(recordsOfFiles(files))) setExitCode(1);
      });
  },
};
