/**
 * The five seeds end to end: `recordsForFile` gives, field by field, the
 * records checked in as test/fixtures/seeds/NNN_*.record.json (what
 * `litstream parse test/fixtures/seeds/NNN_*.txt` prints), and the command's
 * exit codes follow the contract (0 all extracted, 1 any rejected with its
 * record still printed, 2 usage errors and unreadable paths).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { recordsForFile } from '../src/pipeline.ts';
import { LitRecord } from '../src/record.ts';
import { chunked } from './formats/harness.ts';
import { SEEDS } from './formats/seed-fixtures.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SEED_NAMES = Object.values(SEEDS);

/** The path `litstream parse` is given, relative to the repository root; it becomes `source.key`. */
const seedKey = (seed: string) => `test/fixtures/seeds/${seed}.txt`;

function expectedRecord(seed: string): LitRecord {
  return JSON.parse(readFileSync(join(ROOT, `test/fixtures/seeds/${seed}.record.json`), 'utf8')) as LitRecord;
}

/** Every record of one file, streamed in 4 KiB chunks as from S3. */
async function recordsOf(key: string, bytes: Uint8Array): Promise<LitRecord[]> {
  const records: LitRecord[] = [];
  for await (const record of recordsForFile(key, bytes, bytes.length, () => chunked(bytes, 4096))) records.push(record);
  return records;
}

/** The record fields compared together; every field of the record belongs to exactly one group. */
const FIELD_GROUPS: Record<string, ReadonlyArray<keyof LitRecord>> = {
  'identity and ids': ['docId', 'status', 'format', 'source', 'ids', 'rejection'],
  'title, authors, journal and published': ['title', 'titleTranslations', 'language', 'authors', 'journal', 'published'],
  sections: ['sections'],
  entities: ['entities'],
  metrics: ['metrics'],
  design: ['design'],
  'references, relations and warnings': ['references', 'relations', 'warnings'],
};

const pick = (record: LitRecord, fields: ReadonlyArray<keyof LitRecord>) => Object.fromEntries(fields.map((f) => [f, record[f]]));

for (const seed of SEED_NAMES) {
  describe(`seed ${seed}`, async () => {
    const records = await recordsOf(seedKey(seed), new Uint8Array(readFileSync(join(ROOT, seedKey(seed)))));
    const expected = expectedRecord(seed);
    const record = records[0];

    it('is one record', () => {
      expect(records).toHaveLength(1);
    });

    it.each(Object.entries(FIELD_GROUPS))('has the expected %s', (_group, fields) => {
      expect(pick(record, fields)).toEqual(pick(expected, fields));
    });

    it('has no field outside those groups', () => {
      const grouped = Object.values(FIELD_GROUPS).flat();
      expect(Object.keys(record).filter((k) => !grouped.includes(k as keyof LitRecord))).toEqual([]);
      expect(Object.keys(expected).filter((k) => !grouped.includes(k as keyof LitRecord))).toEqual([]);
    });

    it('passes the record schema, as does its fixture', () => {
      expect(LitRecord.safeParse(record).error).toBeUndefined();
      expect(LitRecord.safeParse(expected).error).toBeUndefined();
    });

    it('has entity and metric spans inside their sections', () => {
      for (const e of record.entities) expect(record.sections[e.section].text.slice(e.start, e.end)).toBe(e.text);
      for (const m of record.metrics) {
        const text = record.sections[m.section]?.text ?? '';
        expect(m.start).toBeLessThan(m.end);
        expect(m.end).toBeLessThanOrEqual(text.length);
      }
    });
  });
}

// ---------------------------------------------------------------- the command

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function litstream(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['cli/litstream.mjs', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('litstream parse', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'litstream-parse-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('exits 0 on the seeds and prints exactly their expected records', async () => {
    const run = await litstream('parse', ...SEED_NAMES.map(seedKey));
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(SEED_NAMES.map(expectedRecord));
  });

  it('exits 1 when a file is rejected, and still prints its record next to the others', async () => {
    const empty = join(scratch, 'empty.txt');
    writeFileSync(empty, '');
    const run = await litstream('parse', empty, seedKey(SEEDS.pubtator));
    expect(run.code).toBe(1);
    const records = JSON.parse(run.stdout) as LitRecord[];
    expect(records.map((r) => r.status)).toEqual(['rejected', 'extracted']);
    expect(records[0]).toMatchObject({ source: { key: empty, index: 0 }, format: null, rejection: { code: 'empty' } });
    expect(LitRecord.safeParse(records[0]).error).toBeUndefined();
    expect(records[1]).toEqual(expectedRecord(SEEDS.pubtator));
  });

  it('exits 2 on a path that does not exist, naming it', async () => {
    const missing = join(scratch, 'no-such-file.txt');
    const run = await litstream('parse', missing);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(missing);
  });
});
