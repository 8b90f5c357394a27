/**
 * The rule every stage applies when a document's work throws: the message
 * is retried by SQS (the delivery is reported as a batch item failure), and
 * on its last delivery the document is first marked `failed` with the
 * error, so no document silently stops in `processing` when its message
 * goes to the dead-letter queue.
 *
 * And how a stage sees a batch (`processBatch`): its deliveries decoded and
 * grouped by the unit they are for, so that the stage writes the statuses
 * of all its units in one call, and a unit delivered twice in one batch is
 * worked on once.
 */
import type { Stage } from '../store/layout.ts';
import type { Delivery, StageContext } from './ports.ts';

/** True on the delivery after which a failing message goes to the dead-letter queue. */
export function isLastDelivery(delivery: Delivery, maxReceiveCount: number): boolean {
  return delivery.receiveCount >= maxReceiveCount;
}

/** The unit a piece of work belongs to, as its failure status names it. */
export interface FailureUnit {
  pk: string;
  index: number;
  stage: Stage;
  format: string | null;
  docId?: string;
}

function failedMark(unit: FailureUnit, error: unknown) {
  return {
    pk: unit.pk,
    index: unit.index,
    stage: unit.stage,
    state: 'failed' as const,
    docId: unit.docId,
    errorCode: 'internal',
    errorMessage: error instanceof Error ? error.message : String(error),
  };
}

/** Runs one document's work; on its last delivery a failure is recorded before it is rethrown. */
export async function withFailureStatus(
  context: StageContext,
  delivery: Delivery,
  unit: FailureUnit,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (isLastDelivery(delivery, context.maxReceiveCount)) {
      const { pk, index, ...update } = failedMark(unit, error);
      await context.store.markUnit(pk, index, update);
      context.telemetry.documentProcessed(unit.format, 'failed');
    }
    throw error;
  }
}

/** One unit's work in a batch: its message, and what became of it. */
export interface Job<M> {
  message: M;
  unit: FailureUnit;
  /** Positions in the batch of the deliveries that carry this unit (more than one when SQS delivered it twice). */
  positions: number[];
  /** True when one of those deliveries is the last before the dead-letter queue. */
  lastDelivery: boolean;
  /** Set by the stage when the unit needs nothing more (done, rejected, or finished before). */
  settled?: boolean;
  /** Set by the stage when the unit's work failed: its deliveries are retried. */
  error?: unknown;
}

/**
 * Runs a stage over one batch. `decode` reads a delivery's message and the
 * unit it is for (a body it cannot read fails only its own delivery, which
 * can never succeed and so goes to the dead-letter queue); `run` works on
 * the units, settling each or setting its error, and if it throws, every
 * unit it had not settled fails with that error. Units failing on their last
 * delivery are marked `failed` in one write. Answers the error of each
 * delivery by position (undefined: done).
 */
export async function processBatch<M>(
  context: StageContext,
  deliveries: readonly Delivery[],
  decode: (body: string) => { message: M; unit: FailureUnit },
  run: (jobs: Array<Job<M>>) => Promise<void>,
): Promise<unknown[]> {
  const errors: unknown[] = deliveries.map(() => undefined);
  const byUnit = new Map<string, Job<M>>();
  deliveries.forEach((delivery, position) => {
    let decoded: { message: M; unit: FailureUnit };
    try {
      decoded = decode(delivery.body);
    } catch (error) {
      errors[position] = error;
      return;
    }
    const key = `${decoded.unit.pk}#${decoded.unit.index}`;
    const last = isLastDelivery(delivery, context.maxReceiveCount);
    const job = byUnit.get(key);
    if (job) {
      job.positions.push(position);
      job.lastDelivery ||= last;
    } else {
      byUnit.set(key, { ...decoded, positions: [position], lastDelivery: last });
    }
  });
  const jobs = [...byUnit.values()];
  try {
    await run(jobs);
  } catch (error) {
    for (const job of jobs) if (!job.settled && job.error === undefined) job.error = error;
  }
  const failed = jobs.filter((job) => job.error !== undefined);
  const doomed = failed.filter((job) => job.lastDelivery);
  if (doomed.length > 0) {
    try {
      await context.store.markUnits(doomed.map((job) => failedMark(job.unit, job.error)));
      for (const job of doomed) context.telemetry.documentProcessed(job.unit.format, 'failed');
    } catch (error) {
      // Its messages go to the dead-letter queue all the same; the status says where the document stopped.
      context.log.warn('could not mark documents failed', { units: doomed.length, error: error instanceof Error ? error.message : String(error) });
    }
  }
  for (const job of failed) for (const position of job.positions) errors[position] = job.error;
  return errors;
}

/**
 * A stage that works on each delivery by itself (detect-format: one S3
 * notification per delivery, each naming its own objects): the deliveries
 * of a batch run concurrently, each failing alone.
 */
export function eachDelivery(handle: (delivery: Delivery) => Promise<void>): (deliveries: readonly Delivery[]) => Promise<unknown[]> {
  return (deliveries) =>
    Promise.all(
      deliveries.map(async (delivery) => {
        try {
          await handle(delivery);
          return undefined;
        } catch (error) {
          return error ?? new Error('stage failed');
        }
      }),
    );
}
