import { afterEach, describe, expect, it, vi } from 'vitest';
import { sqsStageHandler, telemetry } from '../../functions/shared/runtime.ts';
import { lambdaContext, sqsEventFactory, sqsRecordFactory } from '../support/sqs-records.ts';

/** The CloudWatch embedded-metric lines written while `run` runs. */
async function emfLines(run: () => Promise<unknown>): Promise<Array<Record<string, unknown>>> {
  const lines: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  });
  try {
    await run();
  } finally {
    write.mockRestore();
  }
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => '_aws' in line);
}

describe('stage telemetry', () => {
  afterEach(() => vi.restoreAllMocks());

  it('publishes the document outcomes of a batch as one data point per format and outcome, with the count', async () => {
    const handler = sqsStageHandler('extract', async (deliveries) => {
      for (const _ of deliveries) telemetry.documentProcessed('pubmed-xml', 'extracted');
      telemetry.documentProcessed('pubmed-xml', 'rejected', 'malformed');
      return deliveries.map(() => undefined);
    });
    const lines = await emfLines(() => handler(sqsEventFactory(['a', 'b', 'c'].map((body) => sqsRecordFactory(body))), lambdaContext));
    const processed = lines.filter((line) => 'DocumentsProcessed' in line);
    expect(processed.map((line) => [line.format, line.outcome, line.DocumentsProcessed]).sort()).toEqual([
      ['pubmed-xml', 'extracted', 3],
      ['pubmed-xml', 'rejected', 1],
    ]);
    expect(lines.filter((line) => 'DocumentsRejected' in line).map((line) => [line.code, line.DocumentsRejected])).toEqual([['malformed', 1]]);
    // Counted per batch: the next batch starts from nothing.
    const again = await emfLines(() => handler(sqsEventFactory([sqsRecordFactory('d')]), lambdaContext));
    expect(again.filter((line) => line.outcome === 'extracted').map((line) => line.DocumentsProcessed)).toEqual([1]);
  });
});
