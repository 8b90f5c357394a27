/**
 * The worker side of `litstream parse` on several cores (cli/parse-pool.ts):
 * each worker thread parses and extracts the units it is sent and answers
 * with the record already formatted as it is printed, so the main thread
 * only splits files and writes. The launcher (cli/litstream.mjs) starts this
 * module in a worker thread whose workerData says so.
 */
import type { MessagePort } from 'node:worker_threads';
import type { Detection } from '../src/formats/types.ts';
import { recordForUnit } from '../src/pipeline.ts';
import type { LitRecord } from '../src/record.ts';

/** `workerData.role` of a parse worker. */
export const PARSE_WORKER_ROLE = 'litstream-parse-worker';

/** One unit to parse: `seq` is its position in the output. */
export interface UnitTask {
  seq: number;
  detection: Detection;
  key: string;
  index: number;
  bytes: Uint8Array;
}

/** A record as `parse` prints it, or the error its unit raised. */
export type UnitResult =
  | { seq: number; text: string; rejected: boolean }
  | { seq: number; error: { name: string; message: string; stack?: string } };

/** A record as one element of the printed array: `JSON.stringify(record, null, 2)`, indented by two spaces. */
export function formatRecord(record: LitRecord): string {
  return `  ${JSON.stringify(record, null, 2).replaceAll('\n', '\n  ')}`;
}

/** Parses a unit and formats its record; an unexpected error is answered, not thrown. */
export async function runTask(task: UnitTask): Promise<UnitResult> {
  try {
    const record = await recordForUnit(task.detection, { key: task.key, index: task.index }, task.bytes);
    return { seq: task.seq, text: formatRecord(record), rejected: record.status === 'rejected' };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    return { seq: task.seq, error: { name: e.name, message: e.message, stack: e.stack } };
  }
}

/**
 * Answers every batch of tasks that arrives on `port` (the worker's
 * parentPort). Results go back in batches too: one message per turn of the
 * event loop, however many units finished in it, since a message costs more
 * than a formatted record's copy.
 */
export function serveParseTasks(port: MessagePort): void {
  let outbox: UnitResult[] = [];
  const flush = (): void => {
    port.postMessage(outbox);
    outbox = [];
  };
  port.on('message', (tasks: UnitTask[]) => {
    for (const task of tasks) {
      void runTask(task).then((result) => {
        if (outbox.push(result) === 1) setImmediate(flush);
      });
    }
  });
}
