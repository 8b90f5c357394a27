/**
 * Stage 2. For each document of a batch: take its bytes (from the message,
 * or a ranged read of the exact object version), parse it, and send it to
 * the extract queue, inside the message when it is small, else stored in the
 * artifacts bucket with a pointer in the message. A document that can never
 * be parsed becomes a rejected record here.
 *
 * The statuses of a batch are written together: one write claims every
 * unit (a unit already finished is skipped, so a redelivered message does
 * no work twice), one queues the parsed ones for extract, and the messages
 * go out in as few sends as SQS allows.
 */
import { createHash } from 'node:crypto';
import { ParseMessage, fitsInline, type ExtractMessage } from '../messages.ts';
import { parseUnit } from '../parse-document.ts';
import { sourcePk, sourceRef } from '../store/layout.ts';
import { unitBytesFromFile } from '../text-encoding.ts';
import { processBatch, type Job } from './failure-status.ts';
import type { ArtifactStore, BatchStage, IntakeObjects, MessageQueue, StageContext } from './ports.ts';

export interface ParsePorts extends StageContext {
  intake: IntakeObjects;
  artifacts: ArtifactStore;
  extractQueue: MessageQueue<ExtractMessage>;
}

/** Where parse stores a unit's parsed document: keyed on the source pointer, so a redelivery overwrites the same object. */
export function parsedArtifactKey(ref: string): string {
  return `parsed/${createHash('sha256').update(ref).digest('hex')}.json`;
}

const utf8 = new TextEncoder();

/** The parse stage: handles the parse-queue messages of one batch (one document each). */
export function parseStage(ports: ParsePorts): BatchStage {
  const { store, intake, artifacts, extractQueue, telemetry, log } = ports;

  async function readUnit(message: ParseMessage): Promise<Uint8Array> {
    // Exactly the unit's bytes, carried by the message (detect-format checked that they round-trip).
    if (message.text !== undefined) return utf8.encode(message.text);
    if (message.encoding === 'utf-16le' || message.encoding === 'utf-16be') {
      // UTF-16 offsets refer to the UTF-8 transcoding: the whole file (at most 64 MiB) is needed.
      const file = await intake.readAll(message);
      return unitBytesFromFile({ format: message.format, encoding: message.encoding, warnings: message.warnings }, file, message.start, message.end);
    }
    // Other units (UTF-8 text, binary PDF) are exact byte ranges of the object.
    return intake.readRange(message, message.start, message.end);
  }

  /** Parses one document: the extract message for it, or undefined when it was rejected (and its rejection stored). */
  async function parseOne(message: ParseMessage, pk: string): Promise<ExtractMessage | undefined> {
    const ref = sourceRef(message.bucket, message.key, message.etag, message.index);
    const bytes = await readUnit(message);
    const detection = { format: message.format, encoding: message.encoding, warnings: message.warnings };
    const outcome = await parseUnit(detection, { key: message.key, index: message.index }, bytes);
    if (outcome.kind === 'rejected') {
      const { record } = outcome;
      await store.putRecord(record, ref, {
        unit: {
          pk,
          index: message.index,
          stage: 'parse',
          state: 'rejected',
          docId: record.docId,
          errorCode: record.rejection?.code,
          errorMessage: record.rejection?.message,
        },
      });
      telemetry.documentProcessed(message.format, 'rejected', record.rejection?.code);
      log.info('document rejected', { key: message.key, index: message.index, rejection: record.rejection });
      return undefined;
    }
    const pointer = {
      v: 1 as const,
      bucket: message.bucket,
      key: message.key,
      etag: message.etag,
      versionId: message.versionId,
      index: message.index,
      receivedAt: message.receivedAt,
      docId: outcome.docId,
    };
    const inline: ExtractMessage = { ...pointer, parsed: outcome.parsed };
    if (fitsInline(inline)) return inline;
    const artifactKey = parsedArtifactKey(ref);
    await artifacts.put(artifactKey, JSON.stringify({ docId: outcome.docId, parsed: outcome.parsed }));
    return { ...pointer, artifactKey };
  }

  async function run(jobs: Array<Job<ParseMessage>>): Promise<void> {
    const claimed = await store.markUnits(jobs.map((job) => ({ pk: job.unit.pk, index: job.unit.index, stage: 'parse', state: 'processing' })));
    // A unit refused the claim is finished: its message was redelivered after completion.
    jobs.forEach((job, i) => {
      if (!claimed[i]) job.settled = true;
    });
    const parsed: Array<{ job: Job<ParseMessage>; next: ExtractMessage }> = [];
    await Promise.all(
      jobs
        .filter((job) => !job.settled)
        .map(async (job) => {
          try {
            const next = await parseOne(job.message, job.unit.pk);
            if (next) parsed.push({ job, next });
            else job.settled = true;
          } catch (error) {
            job.error = error;
          }
        }),
    );
    if (parsed.length === 0) return;
    const queued = await store.markUnits(
      parsed.map(({ job, next }) => ({ pk: job.unit.pk, index: job.unit.index, stage: 'extract', state: 'queued', docId: next.docId })),
    );
    // A unit finished meanwhile (another delivery of it completed) needs no message.
    const sending = parsed.filter((_, i) => queued[i]);
    parsed.forEach(({ job }, i) => {
      if (!queued[i]) job.settled = true;
    });
    const refused = await extractQueue.send(sending.map(({ next }) => next));
    const refusedAt = new Set(refused.map((r) => r.index));
    sending.forEach(({ job }, i) => {
      if (refusedAt.has(i)) job.error = new Error(`extract queue refused ${refused.length} messages: ${refused[0]?.reason ?? ''}`);
      else job.settled = true;
    });
  }

  return (deliveries) =>
    processBatch(
      ports,
      deliveries,
      (body) => {
        // A body that is not a parse message can never succeed: it goes to the DLQ.
        const message = ParseMessage.parse(JSON.parse(body));
        return { message, unit: { pk: sourcePk(message.bucket, message.key, message.etag), index: message.index, stage: 'parse', format: message.format } };
      },
      run,
    );
}
