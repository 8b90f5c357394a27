/**
 * The Lambda handler of an SQS-fed stage: Powertools batch processing with
 * partial failures (one bad message never fails its batch), each record
 * decoded into the stage's `Delivery`, logger context, metrics published
 * after every batch. Builds no AWS client, so tests drive it in-process.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Delivery } from '../../src/stages/ports.ts';

/** The stage's view of one SQS record. */
export function deliveryOf(record: SQSRecord): Delivery {
  return { body: record.body, receiveCount: Number(record.attributes.ApproximateReceiveCount ?? '1') };
}

export interface BatchHandlerOptions {
  logger?: Pick<Logger, 'addContext'>;
  metrics?: Pick<Metrics, 'publishStoredMetrics'>;
  /** Runs before each record's stage call (functions/shared/faults.ts, in test deployments only). */
  beforeRecord?: (delivery: Delivery) => Promise<void>;
}

export function sqsStageHandler(
  stage: (delivery: Delivery) => Promise<void>,
  options: BatchHandlerOptions = {},
): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  const processor = new BatchProcessor(EventType.SQS);
  const { beforeRecord } = options;
  const recordHandler = async (record: SQSRecord): Promise<void> => {
    const delivery = deliveryOf(record);
    if (beforeRecord) await beforeRecord(delivery);
    await stage(delivery);
  };
  return async (event, context) => {
    options.logger?.addContext(context);
    try {
      return await processPartialResponse(event, recordHandler, processor, { context });
    } finally {
      options.metrics?.publishStoredMetrics();
    }
  };
}
