/**
 * Faults injected on purpose, in test deployments only: the stack sets
 * LITSTREAM_FAULTS=on when deployed with `faultInjection` (context
 * `faultInjection=true`, which `litstream up` passes when
 * LITSTREAM_FAULT_INJECTION=true, as the integration tests do). Each fault is
 * triggered by a marker in an object key or a docId, so no other upload is
 * affected:
 *
 * - key contains `fault-crash-parse` / `fault-crash-extract`: on the first
 *   delivery of the message for the file's document 1, that stage's process
 *   exits while its batch is running, as a Lambda worker that is killed or
 *   runs out of memory does. The batch comes back after the visibility timeout.
 * - key contains `fault-slow-read`: every read of the object's bytes takes
 *   SLOW_MS longer, and so does parse's work on each of its documents once
 *   claimed (a small document travels inside its message and is read from
 *   nowhere), so a second delivery can run while the first still does.
 * - docId starts with `pmid:99999`: a merge (the read and write that follow
 *   a first write refused because the record is already there) waits
 *   SLOW_MS between its read and its write, so two sources of the paper
 *   arriving together overlap.
 */
import type { Stage } from '../../src/store/layout.ts';
import type { Delivery, IntakeObjects, PipelineStore } from '../../src/stages/ports.ts';

export const SLOW_MS = 4000;
/** How long a doomed delivery lets the rest of its batch run before the process exits. */
const CRASH_AFTER_MS = 500;
/** The docIds whose merges are slowed. */
const SLOW_MERGE_DOC_PREFIX = 'pmid:99999';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs before each record of a batch: exits the process for a crash marker's document 1. */
export function crashHook(stage: Stage): (delivery: Delivery) => Promise<void> {
  return async ({ body, receiveCount }) => {
    if (receiveCount !== 1 || !body.includes(`fault-crash-${stage}`)) return;
    let index: unknown;
    try {
      index = (JSON.parse(body) as { index?: unknown }).index;
    } catch {
      return;
    }
    if (index !== 1) return;
    await sleep(CRASH_AFTER_MS);
    process.stderr.write(`fault injection: ${stage} process exits while its batch runs\n`);
    process.exit(70);
  };
}

export function slowIntake(intake: IntakeObjects): IntakeObjects {
  const slow = async (key: string): Promise<void> => {
    if (key.includes('fault-slow-read')) await sleep(SLOW_MS);
  };
  return {
    head: (bucket, key) => intake.head(bucket, key),
    readRange: async (object, start, end) => {
      await slow(object.key);
      return intake.readRange(object, start, end);
    },
    readAll: async (object) => {
      await slow(object.key);
      return intake.readAll(object);
    },
    stream: (object) => intake.stream(object),
  };
}

/** The store with the slow parse claims and slow merges described above. */
export function slowStore(store: PipelineStore): PipelineStore {
  return {
    markUnit: (pk, index, update) => store.markUnit(pk, index, update),
    markUnits: async (marks) => {
      const applied = await store.markUnits(marks);
      const slowed = marks.some((mark, i) => applied[i] && mark.stage === 'parse' && mark.state === 'processing' && mark.pk.includes('fault-slow-read'));
      if (slowed) await sleep(SLOW_MS);
      return applied;
    },
    putFile: (pk, file) => store.putFile(pk, file),
    putRecord: async (record, source, options) => {
      const written = await store.putRecord(record, source, options);
      if (!written) process.stderr.write(`fault injection: merge write of ${record.docId} conflicted\n`);
      return written;
    },
    getRecordWithRevision: async (docId) => {
      const stored = await store.getRecordWithRevision(docId);
      if (docId.startsWith(SLOW_MERGE_DOC_PREFIX)) await sleep(SLOW_MS);
      return stored;
    },
  };
}
