/**
 * The DynamoDB single-table layout. Every key litstream writes is built here,
 * so the layout can be read in one place:
 *
 * | item            | pk                              | sk             | gsi1pk            | gsi1sk                  |
 * | --------------- | ------------------------------- | -------------- | ----------------- | ----------------------- |
 * | file            | SRC#<bucket>/<key>#<etag>       | FILE           | FILE              | <receivedAt>#<bucket>/<key> |
 * | unit status     | SRC#<bucket>/<key>#<etag>       | UNIT#<index6>  | UNIT#<state>      | <updatedAt>             |
 * | record          | DOC#<docId>                     | RECORD         | RECORD            | <docId>                 |
 * | metric          | DOC#<docId>                     | METRIC#<n4>    | METRIC#<name>     | <docId>#<n4>            |
 * | pull watermark  | PULL#<searchId>                 | WATERMARK      | -                 | -                       |
 * | pull lease      | PULL#<searchId>                 | LEASE          | -                 | -                       |
 *
 * - "Every median_os across all documents" is one Query on GSI1 with
 *   gsi1pk = METRIC#median_os.
 * - A file's progress is one Query on pk = SRC#… (the FILE item says how many
 *   units to expect; each UNIT item has its stage and state).
 * - Records are keyed by docId, so the same document delivered twice, or
 *   uploaded under two names, is one item; `sources` (a string set) lists
 *   every `bucket/key#etag#index` it came from.
 * - A record item carries a `revision`, incremented on every write; the
 *   extract stage writes conditionally on it so two sources of one document
 *   arriving together are both kept: first as a new record (none may be
 *   stored yet), and only when one is, read, merge and write on its
 *   revision. Its metric items and the unit's `extracted` status are
 *   written after it, in one BatchWriteItem.
 * - Unit status writes of one batch are one transaction (up to 100 units);
 *   each move but to `extracted` or `rejected` is conditional on the unit
 *   not being finished.
 * - A record's full JSON is stored gzip-compressed in `body`; when that would
 *   pass the item size limit (400 KB) it is written to the artifacts bucket
 *   and `bodyRef` names the object.
 */

export const GSI1 = 'gsi1';

/** Unit states; the terminal ones end a document's journey. */
export const UNIT_STATES = ['queued', 'processing', 'extracted', 'rejected', 'failed'] as const;
export type UnitState = (typeof UNIT_STATES)[number];
export const TERMINAL_STATES: ReadonlySet<UnitState> = new Set(['extracted', 'rejected', 'failed']);
/**
 * Terminal states no delivery changes. A `failed` document is terminal for
 * whoever waits on it, but not finished: its message, redriven from the
 * dead-letter queue once the cause is fixed, runs again.
 */
export const FINISHED_STATES: ReadonlySet<UnitState> = new Set(['extracted', 'rejected']);

export const STAGES = ['detect', 'parse', 'extract'] as const;
export type Stage = (typeof STAGES)[number];

/** S3 ETags arrive quoted from PutObject and unquoted in event notifications. */
export function normalizeEtag(etag: string): string {
  return etag.replace(/^"|"$/g, '');
}

export function sourcePk(bucket: string, key: string, etag: string): string {
  return `SRC#${bucket}/${key}#${normalizeEtag(etag)}`;
}

export function unitSk(index: number): string {
  return `UNIT#${String(index).padStart(6, '0')}`;
}

export function sourceRef(bucket: string, key: string, etag: string, index: number): string {
  return `${bucket}/${key}#${normalizeEtag(etag)}#${index}`;
}

export function docPk(docId: string): string {
  return `DOC#${docId}`;
}

export function metricSk(n: number): string {
  return `METRIC#${String(n).padStart(4, '0')}`;
}

export function metricGsiPk(name: string): string {
  return `METRIC#${name}`;
}

export function pullPk(searchId: string): string {
  return `PULL#${searchId}`;
}

/** DynamoDB's item limit is 400 KB; bodies above this go to the artifacts bucket. */
export const MAX_INLINE_BODY_BYTES = 300 * 1024;
