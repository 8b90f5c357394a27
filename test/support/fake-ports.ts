/**
 * In-memory fakes of the stages' ports (src/stages/ports.ts), with the
 * semantics of the AWS adapters they stand for: the store refuses to move a
 * finished unit back and writes records optimistically by revision, the
 * intake serves exact byte ranges of an object version, the queue answers
 * which messages it refused. Each fake can be told to fail, to inject the
 * faults the stages must survive.
 */
import { createHash } from 'node:crypto';
import { messageBody, sendBatches } from '../../src/messages.ts';
import type { LitRecord } from '../../src/record.ts';
import {
  ObjectNotFoundError,
  type ArtifactStore,
  type FileItem,
  type IntakeObjects,
  type MessageQueue,
  type ObjectVersion,
  type PipelineStore,
  type RefusedMessage,
  type StageContext,
  type StageTelemetry,
  type UnitMark,
  type UnitStatus,
  type UnitUpdate,
} from '../../src/stages/ports.ts';

export interface StoredRecord {
  record: LitRecord;
  revision: number;
  sources: Set<string>;
}

export class MemoryStore implements PipelineStore {
  readonly units = new Map<string, UnitStatus>();
  readonly files = new Map<string, FileItem>();
  readonly records = new Map<string, StoredRecord>();
  /** Every unit update, in order, as `pk#index stage/state` (refused ones marked). */
  readonly history: string[] = [];
  /** Called before each optimistic record write, e.g. to let another writer in first. */
  beforeConditionalPut?: (docId: string) => void;
  /** Conditional record writes refused because the revision had moved. */
  conflicts = 0;

  private static unitKey(pk: string, index: number): string {
    return `${pk}#${index}`;
  }

  unit(pk: string, index: number): UnitStatus | undefined {
    return this.units.get(MemoryStore.unitKey(pk, index));
  }

  /** Calls made to the store, one entry per round trip the table adapter would make: `markUnits(3)`, `putRecord`, …. */
  readonly calls: string[] = [];
  /** Thrown by every call while set (e.g. a throttled or unreachable table). */
  failure?: Error;

  private apply(pk: string, index: number, update: UnitUpdate): boolean {
    const key = MemoryStore.unitKey(pk, index);
    const current = this.units.get(key);
    const finished = current?.state === 'extracted' || current?.state === 'rejected';
    // Only the record's own write finishes a unit over a finished one; a failure never overwrites it.
    const finishing = update.state === 'extracted' || update.state === 'rejected';
    if (finished && !finishing) {
      this.history.push(`${key} ${update.stage}/${update.state} refused`);
      return false;
    }
    this.history.push(`${key} ${update.stage}/${update.state}`);
    const next: UnitStatus = {
      index,
      stage: update.stage,
      state: update.state,
      docId: update.docId ?? current?.docId,
      updatedAt: new Date(0).toISOString(),
      ...(update.errorCode ? { errorCode: update.errorCode as UnitStatus['errorCode'], errorMessage: update.errorMessage ?? '' } : {}),
    };
    this.units.set(key, next);
    return true;
  }

  async markUnit(pk: string, index: number, update: UnitUpdate): Promise<boolean> {
    this.calls.push('markUnit');
    if (this.failure) throw this.failure;
    return this.apply(pk, index, update);
  }

  async markUnits(marks: readonly UnitMark[]): Promise<boolean[]> {
    this.calls.push(`markUnits(${marks.length})`);
    if (this.failure) throw this.failure;
    if (new Set(marks.map((m) => MemoryStore.unitKey(m.pk, m.index))).size !== marks.length) throw new RangeError('each unit at most once');
    return marks.map(({ pk, index, ...update }) => this.apply(pk, index, update));
  }

  async putFile(pk: string, file: FileItem): Promise<void> {
    this.calls.push('putFile');
    this.files.set(pk, { ...file });
  }

  async putRecord(record: LitRecord, source: string, options: { expectedRevision?: number | null; unit?: UnitMark } = {}): Promise<boolean> {
    this.calls.push('putRecord');
    if (this.failure) throw this.failure;
    const { expectedRevision, unit } = options;
    if (expectedRevision !== undefined) this.beforeConditionalPut?.(record.docId);
    const stored = this.records.get(record.docId);
    if (expectedRevision !== undefined && (stored?.revision ?? null) !== expectedRevision) {
      this.conflicts++;
      return false;
    }
    this.records.set(record.docId, {
      record: structuredClone(record),
      revision: (stored?.revision ?? 0) + 1,
      sources: new Set([...(stored?.sources ?? []), source]),
    });
    // Written after the record, with its metric items.
    if (unit) this.apply(unit.pk, unit.index, unit);
    return true;
  }

  async getRecordWithRevision(docId: string): Promise<{ record?: LitRecord; revision: number | null }> {
    this.calls.push('getRecordWithRevision');
    const stored = this.records.get(docId);
    return stored ? { record: structuredClone(stored.record), revision: stored.revision } : { revision: null };
  }

  /** Units of one file, by index. */
  unitsOf(pk: string): UnitStatus[] {
    return [...this.units.entries()]
      .filter(([key]) => key.startsWith(`${pk}#`))
      .map(([, unit]) => unit)
      .sort((a, b) => a.index - b.index);
  }
}

export interface MemoryObject {
  bytes: Uint8Array;
  etag: string;
  versionId: string;
}

export class MemoryIntake implements IntakeObjects {
  /** Current object per `bucket/key`; earlier versions are kept by version id. */
  private readonly current = new Map<string, MemoryObject>();
  private readonly versions = new Map<string, MemoryObject>();
  /** Chunk size of `stream`, small so that splitters see documents cut across chunks. */
  chunkBytes = 4096;
  /** Reads served, as `range` / `all` / `stream` / `head`. */
  readonly reads: string[] = [];
  /** Thrown by every read while set (e.g. a throttled or unreachable S3). */
  failure?: Error;

  put(bucket: string, key: string, content: string | Uint8Array): { bucket: string; key: string; etag: string; versionId: string; size: number } {
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    const etag = createHash('md5').update(bytes).digest('hex');
    const versionId = `v${this.versions.size + 1}`;
    const object = { bytes, etag, versionId };
    this.current.set(`${bucket}/${key}`, object);
    this.versions.set(versionId, object);
    return { bucket, key, etag, versionId, size: bytes.byteLength };
  }

  delete(bucket: string, key: string): void {
    this.current.delete(`${bucket}/${key}`);
  }

  private find(location: { bucket: string; key: string; versionId: string | null }, ifMatch?: string): MemoryObject {
    if (this.failure) throw this.failure;
    const current = this.current.get(`${location.bucket}/${location.key}`);
    const version = location.versionId ? this.versions.get(location.versionId) : undefined;
    if (ifMatch !== undefined) {
      // If-Match on the ETag, falling back to the version id when the key was overwritten.
      if (current?.etag === ifMatch) return current;
      if (current && version) return version;
    } else if (location.versionId ? version : current) {
      return (location.versionId ? version : current)!;
    }
    throw new ObjectNotFoundError(location.bucket, location.key);
  }

  async head(bucket: string, key: string): Promise<{ etag: string; versionId: string | null }> {
    this.reads.push('head');
    const object = this.find({ bucket, key, versionId: null });
    return { etag: `"${object.etag}"`, versionId: object.versionId };
  }

  async readRange(object: ObjectVersion, start: number, end: number): Promise<Uint8Array> {
    this.reads.push('range');
    return this.find(object, object.etag).bytes.slice(start, end);
  }

  async readAll(object: { bucket: string; key: string; versionId: string | null }): Promise<Uint8Array> {
    this.reads.push('all');
    return this.find(object).bytes.slice();
  }

  async *stream(object: { bucket: string; key: string; versionId: string | null }): AsyncIterable<Uint8Array> {
    this.reads.push('stream');
    const { bytes } = this.find(object);
    for (let i = 0; i < bytes.byteLength; i += this.chunkBytes) yield bytes.slice(i, i + this.chunkBytes);
  }
}

export class MemoryArtifacts implements ArtifactStore {
  readonly objects = new Map<string, string>();

  async put(key: string, body: string): Promise<void> {
    this.objects.set(key, body);
  }

  async get(key: string): Promise<string> {
    const body = this.objects.get(key);
    if (body === undefined) throw new Error(`NoSuchKey: ${key}`);
    return body;
  }
}

export class MemoryQueue<M> implements MessageQueue<M> {
  readonly sent: M[] = [];
  /** Sizes of the SendMessageBatch calls the SQS adapter would make, in order. */
  readonly batches: number[] = [];
  /** Returns a reason to refuse a message, or nothing to accept it. */
  refuse?: (message: M) => string | undefined;

  async send(messages: readonly M[]): Promise<RefusedMessage[]> {
    const refused: RefusedMessage[] = [];
    for (const positions of sendBatches(messages.map(messageBody))) {
      this.batches.push(positions.length);
      for (const index of positions) {
        const reason = this.refuse?.(messages[index]!);
        if (reason) refused.push({ index, reason });
        else this.sent.push(structuredClone(messages[index]!));
      }
    }
    return refused;
  }

  /** The sent messages as SQS bodies, and forgets them (the next stage consumed them). */
  drain(): string[] {
    return this.sent.splice(0).map((message) => messageBody(message));
  }
}

export class MemoryTelemetry implements StageTelemetry {
  readonly documents: string[] = [];
  readonly metricsCounts: number[] = [];
  readonly latencies: number[] = [];

  documentProcessed(format: string | null, outcome: 'extracted' | 'rejected' | 'failed', rejectionCode?: string): void {
    this.documents.push([format ?? 'unknown', outcome, ...(rejectionCode ? [rejectionCode] : [])].join('/'));
  }

  metricsExtracted(count: number): void {
    this.metricsCounts.push(count);
  }

  uploadToRecordLatency(milliseconds: number): void {
    this.latencies.push(milliseconds);
  }
}

/** A stage context of fakes, with the stack's maxReceiveCount of 3. */
export function memoryContext(): StageContext & { store: MemoryStore; telemetry: MemoryTelemetry; logs: string[] } {
  const logs: string[] = [];
  return {
    store: new MemoryStore(),
    telemetry: new MemoryTelemetry(),
    log: { info: (message) => void logs.push(message), warn: (message) => void logs.push(`warn: ${message}`) },
    logs,
    maxReceiveCount: 3,
  };
}
