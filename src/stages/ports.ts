/**
 * What the three stages need from the outside world, as interfaces. The
 * stage logic (src/stages/detect-format.ts, parse.ts, extract.ts) takes
 * these ports; the Lambda handlers in functions/ pass the AWS adapters of
 * adapters/ (S3, SQS, DynamoDB), and the unit tests pass in-memory fakes.
 * Nothing here imports an SDK.
 */
import { LitstreamError } from '../errors.ts';
import type { LitRecord, RejectionCode } from '../record.ts';
import type { Stage, UnitState } from '../store/layout.ts';

/** One S3 object version as the pipeline saw it. */
export interface FileRef {
  bucket: string;
  key: string;
  etag: string;
}

/** The FILE item of one uploaded object (written by detect-format once the file is split). */
export interface FileItem extends FileRef {
  /** The S3 object version detection read; `versions` on the stored item collects every one seen. */
  versionId?: string | null;
  format: string | null;
  documents: number;
  size: number;
  receivedAt: string;
  state: 'split' | 'rejected';
}

/** Where one document (unit) of a file is: its stage and state. */
export interface UnitStatus {
  index: number;
  stage: Stage;
  state: UnitState;
  docId?: string;
  errorCode?: RejectionCode | 'internal';
  errorMessage?: string;
  updatedAt: string;
}

export interface UnitUpdate {
  stage: Stage;
  state: UnitState;
  docId?: string;
  errorCode?: string;
  errorMessage?: string;
}

/** An update of one unit, named by its file's pk and its index. */
export interface UnitMark extends UnitUpdate {
  pk: string;
  index: number;
}

/**
 * The records table as the stages use it (adapters/store.ts: RecordStore).
 * Every write is idempotent: keyed on content, safe to repeat.
 */
export interface PipelineStore {
  /**
   * Moves a unit to a stage and state. A finished unit (extracted or
   * rejected) is never moved back, nor marked failed; returns false when the
   * update was refused for that (a redelivered message cannot undo a
   * finished document).
   */
  markUnit(pk: string, index: number, update: UnitUpdate): Promise<boolean>;
  /**
   * `markUnit` for many units at once (each unit at most once), in as few
   * round trips as the table allows (one for up to 100 units). Answers per
   * mark whether it was applied; a refusal (the unit was finished) refuses
   * only its own mark.
   */
  markUnits(marks: readonly UnitMark[]): Promise<boolean[]>;
  putFile(pk: string, file: FileItem): Promise<void>;
  /**
   * Stores a record under its docId and adds `source` to its sources. With
   * `expectedRevision` the write happens only if the stored record is still
   * at that revision (null: none stored yet) and returns false otherwise.
   * With `unit` (an `extracted` or `rejected` mark: the unit the record
   * finishes) that unit is marked right after the record, with its metric
   * items: a unit is never finished before its record is stored.
   */
  putRecord(record: LitRecord, source: string, options?: { expectedRevision?: number | null; unit?: UnitMark }): Promise<boolean>;
  /** The stored record and its revision (for an optimistic `putRecord`), or nothing. */
  getRecordWithRevision(docId: string): Promise<{ record?: LitRecord; revision: number | null }>;
}

/** One version of an uploaded object: the current object if it still has `etag`, else `versionId`. */
export interface ObjectVersion {
  bucket: string;
  key: string;
  etag: string;
  versionId: string | null;
}

/**
 * Reads uploads from the intake bucket. Every method throws
 * `ObjectNotFoundError` when the object no longer exists.
 */
export interface IntakeObjects {
  /** The current ETag (unquoted) and version id of an object. */
  head(bucket: string, key: string): Promise<{ etag: string; versionId: string | null }>;
  /** Bytes [start, end) of exactly this version. */
  readRange(object: ObjectVersion, start: number, end: number): Promise<Uint8Array>;
  /** The whole object (the version named, or the current one). */
  readAll(object: { bucket: string; key: string; versionId: string | null }): Promise<Uint8Array>;
  /** The whole object as a stream of chunks, for files too large to hold. */
  stream(object: { bucket: string; key: string; versionId: string | null }): AsyncIterable<Uint8Array>;
}

/** The object was deleted before it could be read: nothing is left to process. */
export class ObjectNotFoundError extends LitstreamError {
  constructor(bucket: string, key: string, options?: { cause?: unknown }) {
    super(`s3://${bucket}/${key} does not exist`, options);
    this.name = 'ObjectNotFoundError';
  }
}

/** Parsed documents handed from parse to extract (the artifacts bucket, `parsed/…`). */
export interface ArtifactStore {
  /** Writes (or overwrites) the text at `key`. */
  put(key: string, body: string): Promise<void>;
  get(key: string): Promise<string>;
}

/** A message that a queue refused, by its position in the batch sent. */
export interface RefusedMessage {
  index: number;
  reason: string;
}

/** The queue of the next stage. */
export interface MessageQueue<M> {
  /**
   * Sends messages in as few requests as SQS allows (src/messages.ts:
   * `sendBatches`, by count and by size); answers which were refused.
   */
  send(messages: readonly M[]): Promise<RefusedMessage[]>;
}

/** The stages' own metrics (names in functions/shared/runtime.ts, shown by lib/monitoring.ts). */
export interface StageTelemetry {
  /** One document's outcome, with its format and outcome (and rejection code) as dimensions. */
  documentProcessed(format: string | null, outcome: 'extracted' | 'rejected' | 'failed', rejectionCode?: string): void;
  metricsExtracted(count: number): void;
  uploadToRecordLatency(milliseconds: number): void;
}

export interface StageLog {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
}

/** One SQS message as a stage sees it: its body and how often it has been received. */
export interface Delivery {
  body: string;
  /** SQS ApproximateReceiveCount: 1 on the first delivery. */
  receiveCount: number;
}

/**
 * A stage: handles the deliveries of one batch together (so that their
 * status writes and sends are batched) and answers, by position, the error
 * that failed each delivery, or undefined for one that is done. A failed
 * delivery is retried by SQS; the others are deleted.
 */
export type BatchStage = (deliveries: readonly Delivery[]) => Promise<unknown[]>;

/** What every stage takes besides its own ports. */
export interface StageContext {
  store: PipelineStore;
  telemetry: StageTelemetry;
  log: StageLog;
  /**
   * Receives before SQS moves a message to its dead-letter queue (the
   * queue's maxReceiveCount): on that delivery a failing document is marked
   * `failed`.
   */
  maxReceiveCount: number;
}

/** Telemetry and log that record nothing, for callers that do not need them. */
export const silentTelemetry: StageTelemetry = {
  documentProcessed: () => {},
  metricsExtracted: () => {},
  uploadToRecordLatency: () => {},
};
export const silentLog: StageLog = { info: () => {}, warn: () => {} };
