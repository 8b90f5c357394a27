/**
 * `litstream parse` on several cores. The main thread detects and splits
 * each file (a streaming byte scan, cheap) and hands the units to worker
 * threads, which parse, extract and format the records (cli/parse-worker.ts);
 * the records come back in file order whatever order the workers finish in.
 * Units in flight are bounded by count and by bytes, so memory stays flat on
 * a file of any size. A few units, or one core, are parsed in this thread:
 * starting a worker would cost more than it saves.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { documentsOfFile, recordForUnit, rejectedRecord } from '../src/pipeline.ts';
import { PARSE_WORKER_ROLE, formatRecord, type UnitResult, type UnitTask } from './parse-worker.ts';

/** A record as `parse` prints it (see `formatRecord`), and whether it is a rejection. */
export interface FormattedRecord {
  text: string;
  rejected: boolean;
}

/** Units handed out and not yet printed, per worker. */
const TASKS_PER_WORKER = 32;
/** Bytes of units handed out and not yet printed (a PDF unit may be 64 MiB); one unit always goes. */
const MAX_BYTES_IN_FLIGHT = 128 * 2 ** 20;
/**
 * Workers start once this many units are known; fewer are parsed in this
 * thread. A worker's start-up (loading the parser and extractor, warming
 * them up: about 0.2 s of CPU) costs about as much as parsing a hundred
 * abstracts, so below that one thread finishes first.
 */
const WORKERS_AFTER = 128;
/** ...or once the units known reach this many bytes (a PDF of a megabyte takes seconds to parse). */
const WORKERS_AFTER_BYTES = 2 ** 20;
/** More workers than this gain nothing on the parse of one stream of units. */
const MAX_JOBS = 8;

/** The default number of parallel parses: the cores this process may use, at most MAX_JOBS. */
export function defaultJobs(): number {
  return Math.max(1, Math.min(availableParallelism(), MAX_JOBS));
}

/** The file a worker thread starts: the launcher, which loads cli/parse-worker (compiled or not) there. */
const LAUNCHER = new URL('litstream.mjs', import.meta.url);

class WorkerSlot {
  readonly worker: Worker;
  readonly waiting = new Map<number, { resolve: (r: FormattedRecord) => void; reject: (e: Error) => void }>();
  private failure: Error | undefined;
  private outbox: UnitTask[] = [];
  private transfers: ArrayBuffer[] = [];

  constructor() {
    this.worker = new Worker(LAUNCHER, { workerData: { role: PARSE_WORKER_ROLE } });
    this.worker.on('message', (results: UnitResult[]) => {
      for (const result of results) {
        const waiter = this.waiting.get(result.seq);
        if (!waiter) continue;
        this.waiting.delete(result.seq);
        if ('error' in result) {
          const error = new Error(result.error.message);
          error.name = result.error.name;
          if (result.error.stack) error.stack = result.error.stack;
          waiter.reject(error);
        } else waiter.resolve({ text: result.text, rejected: result.rejected });
      }
    });
    const fail = (error: Error): void => {
      this.failure ??= error;
      for (const waiter of this.waiting.values()) waiter.reject(this.failure);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`a parse worker stopped (exit code ${code})`)));
  }

  run(task: UnitTask): Promise<FormattedRecord> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.set(task.seq, { resolve, reject });
      // Moved, not copied; a view that shares its buffer is copied first,
      // since moving the buffer would take it from its other views.
      const { bytes } = task;
      const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
      // Sent in batches: the units split in one turn of the event loop go together.
      if (this.outbox.push({ ...task, bytes: own }) === 1) setImmediate(() => this.flush());
      this.transfers.push(own.buffer as ArrayBuffer);
    });
  }

  private flush(): void {
    this.worker.postMessage(this.outbox, this.transfers);
    this.outbox = [];
    this.transfers = [];
  }
}

/** Worker threads started on first use; each task goes to the least busy one. */
class Pool {
  private readonly slots: WorkerSlot[] = [];

  constructor(
    private readonly size: number,
    private readonly onStart?: () => void,
  ) {}

  run(task: UnitTask): Promise<FormattedRecord> {
    let slot = this.slots.reduce<WorkerSlot | undefined>((best, s) => (!best || s.waiting.size < best.waiting.size ? s : best), undefined);
    if (!slot || (slot.waiting.size > 0 && this.slots.length < this.size)) {
      slot = new WorkerSlot();
      this.slots.push(slot);
      this.onStart?.();
    }
    return slot.run(task);
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

async function inThread(task: UnitTask): Promise<FormattedRecord> {
  const record = await recordForUnit(task.detection, { key: task.key, index: task.index }, task.bytes);
  return { text: formatRecord(record), rejected: record.status === 'rejected' };
}

export interface ParseFile {
  path: string;
  size: number;
  head: Uint8Array;
  open: () => AsyncIterable<Uint8Array>;
}

/**
 * Every record of `files`, in order, formatted as `parse` prints them, with
 * up to `jobs` units parsed at once in worker threads. The same records as
 * `recordsForFile` gives for each file, byte for byte.
 */
export async function* formattedRecords(
  files: AsyncIterable<ParseFile> | Iterable<ParseFile>,
  jobs: number,
  options: { workersAfter?: number; workersAfterBytes?: number; onWorkerStart?: () => void } = {},
): AsyncGenerator<FormattedRecord> {
  const workersAfter = options.workersAfter ?? WORKERS_AFTER;
  const workersAfterBytes = options.workersAfterBytes ?? WORKERS_AFTER_BYTES;
  const pool = jobs > 1 ? new Pool(jobs, options.onWorkerStart) : undefined;
  const limit = Math.max(1, jobs) * TASKS_PER_WORKER;
  const pending: Array<{ done: Promise<FormattedRecord>; bytes: number }> = [];
  let bytesInFlight = 0;
  let seq = 0;
  // Workers start once WORKERS_AFTER units are known: fewer are parsed here.
  let held: UnitTask[] | undefined = pool ? [] : undefined;
  let heldBytes = 0;

  const enqueue = (done: Promise<FormattedRecord>, bytes: number): void => {
    done.catch(() => {}); // awaited in order below; not an unhandled rejection meanwhile
    pending.push({ done, bytes });
    bytesInFlight += bytes;
  };
  const parseHere = (task: UnitTask): void => enqueue(inThread(task), task.bytes.length);
  const dispatch = (task: UnitTask): void => enqueue(pool ? pool.run(task) : inThread(task), task.bytes.length);
  const settleOne = async (): Promise<FormattedRecord> => {
    const next = pending.shift()!;
    bytesInFlight -= next.bytes;
    return next.done;
  };

  try {
    for await (const file of files) {
      for await (const entry of documentsOfFile(file.head, file.size, file.open)) {
        if (entry.kind === 'rejected') {
          // The units before it are printed before it.
          if (held) {
            held.forEach(parseHere);
            held = [];
          }
          const record = rejectedRecord({ key: file.path, index: entry.index }, entry.error, file.head, entry.format);
          enqueue(Promise.resolve({ text: formatRecord(record), rejected: true }), 0);
        } else {
          const task: UnitTask = { seq: seq++, detection: entry.detection, key: file.path, index: entry.unit.index, bytes: entry.unit.bytes };
          if (!held) dispatch(task);
          else if (held.push(task) >= workersAfter || (heldBytes += task.bytes.length) >= workersAfterBytes) {
            held.forEach(dispatch);
            held = undefined;
          }
        }
        while (pending.length > 0 && (pending.length >= limit || bytesInFlight > MAX_BYTES_IN_FLIGHT)) yield await settleOne();
      }
    }
    held?.forEach(parseHere);
    while (pending.length > 0) yield await settleOne();
  } finally {
    await pool?.close();
  }
}
