/**
 * Reads and writes the records table (layout: src/store/layout.ts) and the
 * record bodies too large for an item. Used by the functions and the CLI.
 * Every write is idempotent: keyed on content, safe to repeat.
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient, ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { gunzipSync, gzipSync } from 'node:zlib';
import { LitRecord, type Metric } from '../src/record.ts';
import {
  GSI1,
  FINISHED_STATES,
  MAX_INLINE_BODY_BYTES,
  docPk,
  metricGsiPk,
  metricSk,
  unitSk,
  type UnitState,
} from '../src/store/layout.ts';
import type { FileItem, PipelineStore, UnitMark, UnitStatus, UnitUpdate } from '../src/stages/ports.ts';
import type { AwsClientConfig } from './client-config.ts';

export interface StoreConfig {
  tableName: string;
  artifactsBucket: string;
  clientConfig: AwsClientConfig;
}

export type { FileItem, FileRef, UnitMark, UnitStatus, UnitUpdate } from '../src/stages/ports.ts';

/** TransactWriteItems takes at most 100 actions (and 4 MB). */
export const MAX_TRANSACT_ACTIONS = 100;
/** Tries of a transaction that DynamoDB cancelled for a conflict with another one in flight on the same items. */
const TRANSACT_CONFLICT_ATTEMPTS = 4;

/** The parameters an UpdateItem and a transaction's Update share. */
interface UpdateParams {
  Key: Record<string, unknown>;
  UpdateExpression: string;
  ConditionExpression?: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
}

/** Why DynamoDB cancelled each action of a transaction (`None` for the ones that would have succeeded), or undefined if it did not say. */
function cancellationCodes(error: unknown, actions: number): string[] | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
  return codes.length === actions ? codes : undefined;
}

/** What a record item carries besides its body: enough to list and filter without loading bodies. */
export interface RecordSummary {
  docId: string;
  status: LitRecord['status'];
  format: string | null;
  title: string | null;
  sections: number;
  entities: number;
  metrics: number;
  rejectionCode: string | null;
  rejectionMessage: string | null;
  sources: string[];
  updatedAt: string;
}

/** One row of the evidence table: a stored metric with its document's title and span text. */
export interface MetricRow extends Metric {
  docId: string;
  title: string | null;
  spanText: string;
}

export class RecordStore implements PipelineStore {
  readonly ddb: DynamoDBDocumentClient;
  readonly s3: S3Client;

  constructor(private readonly config: StoreConfig) {
    this.ddb = DynamoDBDocumentClient.from(new DynamoDBClient(config.clientConfig), {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    });
    this.s3 = new S3Client(config.clientConfig);
  }

  get tableName(): string {
    return this.config.tableName;
  }

  // --- files and units ------------------------------------------------------

  async putFile(pk: string, file: FileItem): Promise<void> {
    await this.ddb.send(new UpdateCommand({ TableName: this.config.tableName, ...fileUpdate(pk, file) }));
  }

  async getFile(pk: string): Promise<(FileItem & { versions?: Set<string> }) | undefined> {
    const { Item } = await this.ddb.send(new GetCommand({ TableName: this.config.tableName, Key: { pk, sk: 'FILE' } }));
    return Item as FileItem | undefined;
  }

  async getUnit(pk: string, index: number): Promise<UnitStatus | undefined> {
    const { Item } = await this.ddb.send(
      new GetCommand({ TableName: this.config.tableName, Key: { pk, sk: unitSk(index) }, ConsistentRead: true }),
    );
    return Item as UnitStatus | undefined;
  }

  /**
   * Moves a unit to a stage and state. A finished unit (extracted or
   * rejected) is never moved back nor marked failed (a redelivered message
   * cannot undo a finished document); returns false when the update was
   * refused for that.
   */
  async markUnit(pk: string, index: number, update: UnitUpdate): Promise<boolean> {
    try {
      await this.ddb.send(new UpdateCommand({ TableName: this.config.tableName, ...unitUpdate({ pk, index, ...update }) }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /**
   * `markUnit` for many units, in one TransactWriteItems per
   * MAX_TRANSACT_ACTIONS. A unit whose condition fails (it is finished)
   * cancels its transaction: DynamoDB says which, and the others are written
   * again without it, so a batch with finished units costs one more round
   * trip, not one per unit.
   */
  async markUnits(marks: readonly UnitMark[]): Promise<boolean[]> {
    const keys = new Set(marks.map((mark) => `${mark.pk}#${mark.index}`));
    if (keys.size !== marks.length) throw new RangeError('markUnits: each unit at most once per call (a transaction cannot write one item twice)');
    const applied = marks.map(() => false);
    const positions = marks.map((_, i) => i);
    for (let from = 0; from < positions.length; from += MAX_TRANSACT_ACTIONS) {
      await this.markChunk(marks, positions.slice(from, from + MAX_TRANSACT_ACTIONS), applied);
    }
    return applied;
  }

  private async markChunk(marks: readonly UnitMark[], positions: number[], applied: boolean[]): Promise<void> {
    const single = async (i: number) => {
      applied[i] = await this.markUnit(marks[i]!.pk, marks[i]!.index, marks[i]!);
    };
    let pending = positions;
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (pending.length === 1) return single(pending[0]!);
      try {
        await this.ddb.send(
          new TransactWriteCommand({ TransactItems: pending.map((i) => ({ Update: { TableName: this.config.tableName, ...unitUpdate(marks[i]!) } })) }),
        );
        for (const i of pending) applied[i] = true;
        return;
      } catch (error) {
        const codes = cancellationCodes(error, pending.length);
        if (!codes) throw error;
        const rest = pending.filter((_, n) => codes[n] !== 'ConditionalCheckFailed');
        if (rest.length === pending.length) {
          // Cancelled for a conflict (another transaction on one of these units), not a refusal: again after a pause, then one by one.
          if (attempt >= TRANSACT_CONFLICT_ATTEMPTS) {
            for (const i of rest) await single(i);
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
        }
        pending = rest;
      }
    }
  }

  /** Every item of one uploaded file: its FILE item and its units, in order. */
  async fileProgress(pk: string): Promise<{ file?: FileItem & { versions?: Set<string> }; units: UnitStatus[] }> {
    const items = await this.queryAll({
      TableName: this.config.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ConsistentRead: true,
    });
    return {
      file: items.find((item) => item.sk === 'FILE') as (FileItem & { versions?: Set<string> }) | undefined,
      units: items.filter((item) => String(item.sk).startsWith('UNIT#')) as unknown as UnitStatus[],
    };
  }

  /** Units currently in `state`, newest first (GSI1). */
  async unitsInState(state: UnitState, limit?: number): Promise<Array<UnitStatus & { sourcePk: string }>> {
    return (await this.queryAll(
      {
        TableName: this.config.tableName,
        IndexName: GSI1,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': `UNIT#${state}` },
        ScanIndexForward: false,
      },
      limit,
    )) as unknown as Array<UnitStatus & { sourcePk: string }>;
  }

  /** Uploaded files, newest first (GSI1). */
  async listFiles(limit?: number): Promise<FileItem[]> {
    return (await this.queryAll(
      {
        TableName: this.config.tableName,
        IndexName: GSI1,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': 'FILE' },
        ScanIndexForward: false,
      },
      limit,
    )) as unknown as FileItem[];
  }

  // --- records --------------------------------------------------------------

  /**
   * Stores a record under its docId. Repeating it (redelivery, the same file
   * uploaded again or under another name) rewrites the same item and adds the
   * source to `sources`; the metric items are rewritten in place and any left
   * over from an earlier, longer version are deleted.
   *
   * With `expectedRevision` the write is optimistic: it happens only if the
   * stored record is still at that revision (null: there is none yet), and
   * returns false otherwise, for the caller to read, merge and try again.
   * With null there are no metric items to look for either, so a new paper
   * is two writes: the record, then its metric items with the `unit` it
   * finishes, in one BatchWriteItem (for up to 24 metrics). Neither is
   * transactional, which would double their write units: each step is safe
   * to repeat, and a unit is marked finished only after its record is stored.
   */
  async putRecord(
    record: LitRecord,
    source: string,
    options: { expectedRevision?: number | null; unit?: UnitMark } = {},
  ): Promise<boolean> {
    const { expectedRevision, unit } = options;
    if (unit && !FINISHED_STATES.has(unit.state)) throw new RangeError(`putRecord finishes a unit: ${unit.state} is not extracted or rejected`);
    const body = gzipSync(JSON.stringify(record));
    const revision = (expectedRevision ?? 0) + 1;
    let bodyRef: string | undefined;
    if (body.byteLength > MAX_INLINE_BODY_BYTES) {
      // Named by revision: a write that loses the race cannot replace the winner's body.
      bodyRef = `records/${encodeURIComponent(record.docId)}/${expectedRevision === undefined ? `${Date.now()}` : revision}.json.gz`;
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.config.artifactsBucket,
          Key: bodyRef,
          Body: body,
          ContentType: 'application/json',
          ContentEncoding: 'gzip',
        }),
      );
    }
    try {
      await this.ddb.send(new UpdateCommand({ TableName: this.config.tableName, ...recordUpdate(record, source, body, bodyRef, expectedRevision) }));
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
    // A record that was not stored has no metric items; one that may have been has them listed, to delete those past the new count.
    const metrics = await this.metricWrites(record, expectedRevision !== null);
    await this.batchWrite(unit ? [...metrics, { PutRequest: { Item: unitItem(unit, record.docId) } }] : metrics);
    return true;
  }

  /** The stored record and its revision (for an optimistic `putRecord`), or nothing. */
  async getRecordWithRevision(docId: string): Promise<{ record?: LitRecord; revision: number | null }> {
    const { Item } = await this.ddb.send(
      new GetCommand({ TableName: this.config.tableName, Key: { pk: docPk(docId), sk: 'RECORD' }, ConsistentRead: true }),
    );
    if (!Item) return { revision: null };
    return { record: await this.loadBody(Item), revision: typeof Item.revision === 'number' ? Item.revision : 0 };
  }

  /** The metric items of `record`, and with `deleteStale` deletes of the stored ones past its count. */
  private async metricWrites(
    record: LitRecord,
    deleteStale: boolean,
  ): Promise<Array<{ PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Record<string, unknown> } }>> {
    const pk = docPk(record.docId);
    const puts = record.metrics.map((_, n) => ({ PutRequest: { Item: metricItem(record, n) } }));
    if (!deleteStale) return puts;
    const existing = await this.queryAll({
      TableName: this.config.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': 'METRIC#' },
      ProjectionExpression: 'pk, sk',
    });
    const keep = new Set(record.metrics.map((_, n) => metricSk(n)));
    const deletes = existing
      .filter((item) => !keep.has(String(item.sk)))
      .map((item) => ({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } }));
    return [...puts, ...deletes];
  }

  private async batchWrite(requests: ReadonlyArray<object>): Promise<void> {
    for (let i = 0; i < requests.length; i += 25) {
      let pending: ReadonlyArray<object> | undefined = requests.slice(i, i + 25);
      for (let attempt = 0; pending && pending.length > 0; attempt++) {
        if (attempt > 8) throw new Error(`BatchWriteItem left ${pending.length} items unprocessed after retries`);
        if (attempt > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
        const result = await this.ddb.send(
          new BatchWriteCommand({ RequestItems: { [this.config.tableName]: pending as never } }),
        );
        pending = result.UnprocessedItems?.[this.config.tableName] as Array<Record<string, unknown>> | undefined;
      }
    }
  }

  async getRecordSummary(docId: string): Promise<RecordSummary | undefined> {
    const { Item } = await this.ddb.send(
      new GetCommand({ TableName: this.config.tableName, Key: { pk: docPk(docId), sk: 'RECORD' }, ConsistentRead: true }),
    );
    return Item ? toSummary(Item) : undefined;
  }

  /** The summaries of `docIds` that have a record, without their bodies. */
  async getRecordSummaries(docIds: readonly string[]): Promise<Map<string, RecordSummary>> {
    const fields = ['docId', 'status', 'format', 'title', 'sections', 'entities', 'metrics', 'rejectionCode', 'rejectionMessage', 'sources', 'updatedAt'];
    const summaries = new Map<string, RecordSummary>();
    for (const item of await this.recordItemsOf(docIds, fields)) summaries.set(String(item.docId), toSummary(item));
    return summaries;
  }

  /** The records of `docIds` that have one, by docId. */
  async getRecords(docIds: readonly string[]): Promise<Map<string, LitRecord>> {
    const items = await this.recordItemsOf(docIds, ['docId', 'body', 'bodyRef']);
    const records = await Promise.all(items.map((item) => this.loadBody(item)));
    return new Map(records.map((record) => [record.docId, record]));
  }

  /**
   * The record items of the distinct `docIds` that exist, with `fields`
   * only: 100 keys to a BatchGetItem (its limit), the keys it leaves
   * unprocessed asked again with backoff.
   */
  private async recordItemsOf(docIds: readonly string[], fields: readonly string[]): Promise<Array<Record<string, unknown>>> {
    const items: Array<Record<string, unknown>> = [];
    const unique = [...new Set(docIds)];
    for (let i = 0; i < unique.length; i += 100) {
      let keys: Array<Record<string, unknown>> | undefined = unique.slice(i, i + 100).map((docId) => ({ pk: docPk(docId), sk: 'RECORD' }));
      for (let attempt = 0; keys && keys.length > 0; attempt++) {
        if (attempt > 8) throw new Error(`BatchGetItem left ${keys.length} records unread after retries`);
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
        const result = await this.ddb.send(
          new BatchGetCommand({
            RequestItems: {
              [this.config.tableName]: {
                Keys: keys,
                ConsistentRead: true,
                // Every field through a placeholder: several are reserved words.
                ProjectionExpression: fields.map((field) => `#${field}`).join(', '),
                ExpressionAttributeNames: Object.fromEntries(fields.map((field) => [`#${field}`, field])),
              },
            },
          }),
        );
        items.push(...(result.Responses?.[this.config.tableName] ?? []));
        keys = result.UnprocessedKeys?.[this.config.tableName]?.Keys as Array<Record<string, unknown>> | undefined;
      }
    }
    return items;
  }

  async getRecord(docId: string): Promise<LitRecord | undefined> {
    const { Item } = await this.ddb.send(
      new GetCommand({ TableName: this.config.tableName, Key: { pk: docPk(docId), sk: 'RECORD' }, ConsistentRead: true }),
    );
    return Item ? this.loadBody(Item) : undefined;
  }

  /** Record summaries, by docId (GSI1), without loading bodies. */
  async listRecordSummaries(limit?: number): Promise<RecordSummary[]> {
    return (await this.recordItems(limit)).map(toSummary);
  }

  /** Full records, by docId. */
  async listRecords(limit?: number): Promise<LitRecord[]> {
    return Promise.all((await this.recordItems(limit)).map((item) => this.loadBody(item)));
  }

  private recordItems(limit?: number): Promise<Array<Record<string, unknown>>> {
    return this.queryAll(
      {
        TableName: this.config.tableName,
        IndexName: GSI1,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': 'RECORD' },
      },
      limit,
    );
  }

  /** Every stored metric of one name across documents: one Query on GSI1. */
  async queryMetric(name: string, limit?: number): Promise<MetricRow[]> {
    const items = await this.queryAll(
      {
        TableName: this.config.tableName,
        IndexName: GSI1,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': metricGsiPk(name) },
      },
      limit,
    );
    return items.map(({ pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, ...row }) => row as unknown as MetricRow);
  }

  private async loadBody(item: Record<string, unknown>): Promise<LitRecord> {
    let gz: Uint8Array;
    if (typeof item.bodyRef === 'string') {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.config.artifactsBucket, Key: item.bodyRef }));
      gz = await object.Body!.transformToByteArray();
    } else {
      gz = item.body as Uint8Array;
    }
    return LitRecord.parse(JSON.parse(gunzipSync(gz).toString('utf8')));
  }

  private async queryAll(input: QueryCommandInput, limit?: number): Promise<Array<Record<string, unknown>>> {
    const items: Array<Record<string, unknown>> = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.ddb.send(new QueryCommand({ ...input, ExclusiveStartKey }));
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey && (limit === undefined || items.length < limit));
    return limit === undefined ? items : items.slice(0, limit);
  }
}

/** The item of metric `n` of `record`: on the record's partition, and on GSI1 under the metric's name (the evidence table). */
export function metricItem(record: LitRecord, n: number): Record<string, unknown> {
  const metric = record.metrics[n];
  return {
    pk: docPk(record.docId),
    sk: metricSk(n),
    gsi1pk: metricGsiPk(metric.name),
    gsi1sk: `${record.docId}#${String(n).padStart(4, '0')}`,
    docId: record.docId,
    title: record.title,
    spanText: record.sections[metric.section]?.text.slice(metric.start, metric.end) ?? '',
    ...metric,
  };
}

function toSummary(item: Record<string, unknown>): RecordSummary {
  const sources = item.sources instanceof Set ? [...(item.sources as Set<string>)] : ((item.sources as string[]) ?? []);
  return {
    docId: String(item.docId),
    status: item.status as RecordSummary['status'],
    format: (item.format as string | null) ?? null,
    title: (item.title as string | null) ?? null,
    sections: Number(item.sections ?? 0),
    entities: Number(item.entities ?? 0),
    metrics: Number(item.metrics ?? 0),
    rejectionCode: (item.rejectionCode as string | null) ?? null,
    rejectionMessage: (item.rejectionMessage as string | null) ?? null,
    sources: sources.sort(),
    updatedAt: String(item.updatedAt ?? ''),
  };
}

/** The FILE item's update: its version collected, its first receipt kept. */
function fileUpdate(pk: string, file: FileItem): UpdateParams {
  return {
    Key: { pk, sk: 'FILE' },
    UpdateExpression:
      'SET #bucket = :bucket, #key = :key, etag = :etag, #format = :format, documents = :documents, #size = :size, ' +
      'receivedAt = if_not_exists(receivedAt, :receivedAt), #state = :state, gsi1pk = :gsi1pk, gsi1sk = if_not_exists(gsi1sk, :gsi1sk)' +
      (file.versionId ? ' ADD versions :versions' : ''),
    ExpressionAttributeNames: { '#bucket': 'bucket', '#key': 'key', '#format': 'format', '#size': 'size', '#state': 'state' },
    ExpressionAttributeValues: {
      ':bucket': file.bucket,
      ':key': file.key,
      ':etag': file.etag,
      ':format': file.format,
      ':documents': file.documents,
      ':size': file.size,
      ':receivedAt': file.receivedAt,
      ':state': file.state,
      ':gsi1pk': 'FILE',
      ':gsi1sk': `${file.receivedAt}#${file.bucket}/${file.key}`,
      ...(file.versionId ? { ':versions': new Set([file.versionId]) } : {}),
    },
  };
}

/** A unit's whole item, as `unitUpdate` would leave it, for a BatchWriteItem put (finishing marks only: a put has no condition). */
function unitItem(mark: UnitMark, docId: string): Record<string, unknown> {
  const now = new Date().toISOString();
  return {
    pk: mark.pk,
    sk: unitSk(mark.index),
    stage: mark.stage,
    state: mark.state,
    updatedAt: now,
    index: mark.index,
    gsi1pk: `UNIT#${mark.state}`,
    gsi1sk: now,
    sourcePk: mark.pk,
    docId: mark.docId ?? docId,
    ...(mark.errorCode ? { errorCode: mark.errorCode, errorMessage: mark.errorMessage ?? '' } : {}),
  };
}

/**
 * A unit's update. Any move but to `extracted` or `rejected` (the record's
 * own write) is conditional on the unit not being finished: a redelivery
 * neither moves it back nor marks it `failed`.
 */
function unitUpdate(mark: UnitMark): UpdateParams {
  const now = new Date().toISOString();
  const values: Record<string, unknown> = {
    ':stage': mark.stage,
    ':state': mark.state,
    ':now': now,
    ':index': mark.index,
    ':gsi1pk': `UNIT#${mark.state}`,
    ':pk': mark.pk,
  };
  const sets = ['#stage = :stage', '#state = :state', 'updatedAt = :now', '#index = :index', 'gsi1pk = :gsi1pk', 'gsi1sk = :now', 'sourcePk = :pk'];
  const removes: string[] = [];
  if (mark.docId) {
    sets.push('docId = :docId');
    values[':docId'] = mark.docId;
  }
  if (mark.errorCode) {
    sets.push('errorCode = :errorCode', 'errorMessage = :errorMessage');
    values[':errorCode'] = mark.errorCode;
    values[':errorMessage'] = mark.errorMessage ?? '';
  } else {
    removes.push('errorCode', 'errorMessage');
  }
  let condition: string | undefined;
  if (!FINISHED_STATES.has(mark.state)) {
    condition = 'attribute_not_exists(#state) OR NOT (#state IN (:extracted, :rejected))';
    values[':extracted'] = 'extracted';
    values[':rejected'] = 'rejected';
  }
  return {
    Key: { pk: mark.pk, sk: unitSk(mark.index) },
    UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
    ...(condition ? { ConditionExpression: condition } : {}),
    ExpressionAttributeNames: { '#stage': 'stage', '#state': 'state', '#index': 'index' },
    ExpressionAttributeValues: values,
  };
}

/** The summary attributes of a record's item (a `RecordSummary` without its sources and update time). */
export function summaryOf(record: LitRecord): Omit<RecordSummary, 'sources' | 'updatedAt'> {
  return {
    docId: record.docId,
    status: record.status,
    format: record.format,
    title: record.title,
    sections: record.sections.length,
    entities: record.entities.length,
    metrics: record.metrics.length,
    rejectionCode: record.rejection?.code ?? null,
    rejectionMessage: record.rejection?.message ?? null,
  };
}

/** The record item's update: summary, body (or its reference), sources, revision (conditional when `expectedRevision` is given). */
function recordUpdate(record: LitRecord, source: string, body: Uint8Array, bodyRef: string | undefined, expectedRevision: number | null | undefined): UpdateParams {
  const now = new Date().toISOString();
  const summary = summaryOf(record);
  // Every summary attribute goes through a name placeholder: several
  // (status, format, metrics, sections) are DynamoDB reserved words.
  const names: Record<string, string> = { '#sources': 'sources' };
  const values: Record<string, unknown> = {
    ':source': new Set([source]),
    ':now': now,
    ':gsi1pk': 'RECORD',
    ':gsi1sk': record.docId,
  };
  const sets = ['updatedAt = :now', 'createdAt = if_not_exists(createdAt, :now)', 'gsi1pk = :gsi1pk', 'gsi1sk = :gsi1sk'];
  let condition: string | undefined;
  if (expectedRevision === undefined) {
    sets.push('revision = if_not_exists(revision, :zero) + :one');
    values[':zero'] = 0;
    values[':one'] = 1;
  } else {
    sets.push('revision = :revision');
    values[':revision'] = (expectedRevision ?? 0) + 1;
    if (expectedRevision === null) {
      condition = 'attribute_not_exists(pk)';
    } else {
      condition = 'revision = :expected';
      values[':expected'] = expectedRevision;
    }
  }
  for (const [field, value] of Object.entries(summary)) {
    names[`#${field}`] = field;
    sets.push(`#${field} = :${field}`);
    values[`:${field}`] = value;
  }
  if (bodyRef) {
    sets.push('bodyRef = :bodyRef');
    values[':bodyRef'] = bodyRef;
  } else {
    sets.push('body = :body');
    values[':body'] = body;
  }
  return {
    Key: { pk: docPk(record.docId), sk: 'RECORD' },
    UpdateExpression: `SET ${sets.join(', ')} ADD #sources :source REMOVE ${bodyRef ? 'body' : 'bodyRef'}`,
    ...(condition ? { ConditionExpression: condition } : {}),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}
