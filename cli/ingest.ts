/**
 * Uploading files to the intake bucket and following them through the
 * pipeline until every document is extracted, rejected or failed.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createReadStream } from 'node:fs';
import { RecordStore, type RecordSummary, type UnitStatus } from '../adapters/store.ts';
import { TERMINAL_STATES, normalizeEtag, sourcePk } from '../src/store/layout.ts';
import type { Deployment } from './deployment.ts';
import { CommandError } from './errors.ts';
import type { InputFile } from './files.ts';

export const INCOMING_PREFIX = 'incoming/';

export interface Upload {
  file: InputFile;
  bucket: string;
  key: string;
  etag: string;
  /** The version the upload created (versioned intake bucket); detection records the versions it read. */
  versionId: string | null;
  /** When the upload started (epoch ms): latency is measured from here. */
  uploadedAt: number;
}

export interface DocumentOutcome {
  upload: Upload;
  index: number;
  unit: UnitStatus;
  summary?: RecordSummary;
  /** Milliseconds from the start of the upload to the document's terminal state (the status item's timestamp). */
  latencyMs: number;
}

export function storeFor(deployment: Deployment): RecordStore {
  return new RecordStore({
    tableName: deployment.outputs.TableName,
    artifactsBucket: deployment.outputs.ArtifactsBucketName,
    clientConfig: deployment.clientConfig,
  });
}

export async function uploadFiles(deployment: Deployment, files: InputFile[], prefix = INCOMING_PREFIX): Promise<Upload[]> {
  const s3 = new S3Client(deployment.clientConfig);
  const bucket = deployment.outputs.IntakeBucketName;
  try {
    const uploads: Upload[] = [];
    for (const file of files) {
      const key = `${prefix}${file.name}`;
      // Streamed: a PubMed baseline file (150 MB) is never held in memory.
      const uploadedAt = Date.now();
      const response = await s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: createReadStream(file.path), ContentLength: file.size }),
      );
      uploads.push({
        file,
        bucket,
        key,
        etag: normalizeEtag(response.ETag ?? ''),
        versionId: response.VersionId ?? null,
        uploadedAt,
      });
    }
    return uploads;
  } finally {
    s3.destroy();
  }
}

export interface WaitOptions {
  timeoutMs?: number;
  pollMs?: number;
  /** Called when a file's documents have all reached a terminal state. */
  onFileDone?: (upload: Upload, outcomes: DocumentOutcome[]) => void;
  /**
   * Called after each poll with documents done and expected so far;
   * `expectedKnown` is false while some file has not been split yet (its
   * documents are counted as one until then).
   */
  onProgress?: (done: number, expected: number, expectedKnown: boolean) => void;
}

/** `ingest --wait` gave up: a CommandError, so the person sees which files, not a stack trace. */
export class IngestTimeoutError extends CommandError {
  constructor(readonly pending: Upload[]) {
    super(
      `timed out waiting for ${pending.length} file(s): ${pending.map((u) => u.key).join(', ')}; ` +
        '`npx litstream status` shows where they are (raise --timeout to wait longer)',
    );
    this.name = 'IngestTimeoutError';
  }
}

/** Polls the status items of each upload until every document is terminal. */
export async function waitForUploads(store: RecordStore, uploads: Upload[], options: WaitOptions = {}): Promise<DocumentOutcome[]> {
  const deadline = Date.now() + (options.timeoutMs ?? 300_000);
  const pending = new Set(uploads);
  const outcomes: DocumentOutcome[] = [];
  while (pending.size > 0) {
    let done = outcomes.length;
    let expected = outcomes.length;
    let expectedKnown = true;
    for (const upload of [...pending]) {
      const { file, units } = await store.fileProgress(sourcePk(upload.bucket, upload.key, upload.etag));
      const terminal = units.filter((unit) => TERMINAL_STATES.has(unit.state));
      expected += file?.documents ?? Math.max(units.length, 1);
      done += terminal.length;
      // Until detection has read this upload's version, the units may be those of an earlier upload of the same content.
      const detected = file && (!upload.versionId || file.versions?.has(upload.versionId));
      if (!detected) expectedKnown = false;
      if (detected && terminal.length >= file.documents) {
        pending.delete(upload);
        const fileOutcomes: DocumentOutcome[] = [];
        // The file's records in one read per hundred documents.
        const summaries = await store.getRecordSummaries(terminal.flatMap((unit) => (unit.docId ? [unit.docId] : [])));
        for (const unit of terminal.sort((a, b) => a.index - b.index)) {
          const summary = unit.docId ? summaries.get(unit.docId) : undefined;
          fileOutcomes.push({
            upload,
            index: unit.index,
            unit,
            summary,
            // A document stored before this upload (same content) has no latency of its own.
            latencyMs: Date.parse(unit.updatedAt) >= upload.uploadedAt ? Date.parse(unit.updatedAt) - upload.uploadedAt : NaN,
          });
        }
        outcomes.push(...fileOutcomes);
        options.onFileDone?.(upload, fileOutcomes);
      }
    }
    options.onProgress?.(done, expected, expectedKnown);
    if (pending.size === 0) break;
    if (Date.now() > deadline) throw new IngestTimeoutError([...pending]);
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 250));
  }
  return outcomes;
}
