/**
 * The rule every stage applies when a document's work throws: the message
 * is retried by SQS (the error propagates, Powertools reports the message as
 * a batch item failure), and on its last delivery the document is first
 * marked `failed` with the error, so no document silently stops in
 * `processing` when its message goes to the dead-letter queue.
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
      await context.store.markUnit(unit.pk, unit.index, {
        stage: unit.stage,
        state: 'failed',
        docId: unit.docId,
        errorCode: 'internal',
        errorMessage: error instanceof Error ? error.message : String(error),
      });
      context.telemetry.documentProcessed(unit.format, 'failed');
    }
    throw error;
  }
}
