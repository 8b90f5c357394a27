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

/** Every record of the given files, as the pipeline would store them (source.key is the path given). */
export async function parseFiles(paths: string[]): Promise<LitRecord[]> {
  const records: LitRecord[] = [];
  for (const file of await collectFiles(paths)) {
    const head = await readHead(file.path);
    for await (const record of recordsForFile(file.path, head, file.size, () => createReadStream(file.path, { highWaterMark: 1 << 16 }))) {
      records.push(record);
    }
  }
  return records;
}

export const parseCommand: CliCommand = {
  register(program, setExitCode) {
    program
      .command('parse')
      .description('detect, parse and extract files locally (no AWS); prints a JSON array of records')
      .argument('<file...>', 'files or folders')
      .action(async (files: string[]) => {
        const records = await parseFiles(files);
        process.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
        if (records.some((record) => record.status === 'rejected')) setExitCode(1);
      });
  },
};
