/**
 * The Lambda handler of an SQS-fed stage: the stage works on the whole batch
 * (its status writes and sends batched, src/stages/failure-status.ts) and
 * answers an error per delivery; Powertools batch processing turns those
 * into partial failures (one bad message never fails its batch), with
 * logger context and metrics published after every batch. Builds no AWS
 * client, so tests drive it in-process.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { BatchStage, Delivery } from '../../src/stages/ports.ts';

/** The stage's view of one SQS record. */
export function deliveryOf(record: SQSRecord): Delivery {
  return { body: record.body, receiveCount: Number(record.attributes.ApproximateReceiveCount ?? '1') };
}

export interface BatchHandlerOptions {
  logger?: Pick<Logger, 'addContext'>;
  /** Published after every batch (Powertools Metrics, or what publishes it with the batch's own counts). */
  metrics?: { publishStoredMetrics(): unknown };
  /** Runs beside each record's work (functions/shared/faults.ts, in test deployments only). */
  beforeRecord?: (delivery: Delivery) => Promise<void>;
}

export function sqsStageHandler(stage: BatchStage, options: BatchHandlerOptions = {}): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  const processor = new BatchProcessor(EventType.SQS);
  const { beforeRecord } = options;
  return async (event, context) => {
    options.logger?.addContext(context);
    try {
      const deliveries = event.Records.map(deliveryOf);
      const outcomes = stage(deliveries);
      // Each record answers its own delivery's outcome; message ids are unique within a batch.
      const position = new Map(event.Records.map((record, i) => [record.messageId, i]));
      const recordHandler = async (record: SQSRecord): Promise<void> => {
        const i = position.get(record.messageId)!;
        if (beforeRecord) await beforeRecord(deliveries[i]!);
        const error = (await outcomes)[i];
        if (error !== undefined) throw error;
      };
      return await processPartialResponse(event, recordHandler, processor, { context });
    } finally {
      options.metrics?.publishStoredMetrics();
    }
  };
}
