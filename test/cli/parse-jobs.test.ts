import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseFiles } from '../../cli/commands/parse.ts';
import { main } from '../../cli/main.ts';
import { formattedRecords, type ParseFile } from '../../cli/parse-pool.ts';
import { DETECT_HEAD_BYTES } from '../../src/documents.ts';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const METRICS_DEV = path.join(ROOT, 'test/fixtures/corpora/metrics-dev/pubmed-metrics-dev.xml');

function parse(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'cli/litstream.mjs'), 'parse', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function inputs(paths: string[]): ParseFile[] {
  return paths.map((file) => ({
    path: file,
    size: statSync(file).size,
    head: readFileSync(file).subarray(0, DETECT_HEAD_BYTES),
    open: () => createReadStream(file, { highWaterMark: 1 << 16 }),
  }));
}

async function printed(paths: string[], jobs: number, options: Parameters<typeof formattedRecords>[2] = {}): Promise<string> {
  const texts: string[] = [];
  for await (const record of formattedRecords(inputs(paths), jobs, options)) texts.push(record.text);
  return texts.join(',\n');
}

describe('litstream parse on several cores', () => {
  let dir: string;
  let files: string[];

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'litstream-jobs-'));
    const full = readFileSync(METRICS_DEV, 'utf8');
    const end = full.split('</PubmedArticle>').slice(0, 24).join('</PubmedArticle>').length + '</PubmedArticle>'.length;
    const xml = `${full.slice(0, end)}\n</PubmedArticleSet>\n`;
    // The second article cut short: a malformed unit between good ones.
    const second = xml.indexOf('<PubmedArticle>', xml.indexOf('</PubmedArticle>'));
    const cut = xml.indexOf('</Abstract>', second);
    const broken = `${xml.slice(0, cut)}</PubmedArticle>${xml.slice(xml.indexOf('</PubmedArticle>', cut) + '</PubmedArticle>'.length)}`;
    writeFileSync(path.join(dir, 'a-broken.xml'), broken);
    writeFileSync(path.join(dir, 'b-binary.bin'), Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00, 0x10]));
    writeFileSync(path.join(dir, 'c-one.txt'), 'Background: We followed 120 patients for a median of 24 months.\n');
    writeFileSync(path.join(dir, 'd-articles.xml'), xml);
    files = ['a-broken.xml', 'b-binary.bin', 'c-one.txt', 'd-articles.xml'].map((f) => path.join(dir, f));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('worker threads give the records of one thread, byte for byte and in file order', async () => {
    let started = 0;
    const inWorkers = await printed(files, 3, { workersAfter: 4, onWorkerStart: () => started++ });
    expect(started).toBe(3);
    const records = await parseFiles(files);
    expect(inWorkers).toBe(await printed(files, 1));
    expect(`[\n${inWorkers}\n]\n`).toBe(`${JSON.stringify(records, null, 2)}\n`);
    const keys = records.map((r) => `${path.basename(r.source.key)}#${r.source.index}`);
    expect(keys.slice(0, 5)).toEqual(['a-broken.xml#0', 'a-broken.xml#1', 'a-broken.xml#2', 'a-broken.xml#3', 'a-broken.xml#4']);
    expect(records[1].rejection?.code).toBe('malformed');
    expect(records.filter((r) => r.status === 'rejected').map((r) => path.basename(r.source.key))).toEqual(['a-broken.xml', 'b-binary.bin']);
    expect(records.filter((r) => r.source.key.endsWith('d-articles.xml') && r.status === 'extracted')).toHaveLength(24);
  });

  it('starts no worker for fewer units than the threshold, nor for one job', async () => {
    let started = 0;
    await printed(files, 4, { onWorkerStart: () => started++ });
    await printed(files, 1, { workersAfter: 1, onWorkerStart: () => started++ });
    expect(started).toBe(0);
  });

  it('starts workers for a large unit before the count is reached', async () => {
    let started = 0;
    const text = await printed([METRICS_DEV], 2, { workersAfterBytes: 16 * 1024, onWorkerStart: () => started++ });
    expect(started).toBe(2);
    expect(text).toBe(await printed([METRICS_DEV], 1));
  });

  it('the command prints the same array with --jobs 1 and by default, and exits 1 for the rejections', () => {
    const one = parse(['--jobs', '1', dir]);
    const byDefault = parse([dir]);
    expect(one.status).toBe(1);
    expect(byDefault.status).toBe(1);
    expect(byDefault.stdout).toBe(one.stdout);
    expect(JSON.parse(one.stdout)).toHaveLength(50); // 24 + 1 + 1 + 24
  });

  it('rejects a --jobs that is not a whole number of at least 1 with exit code 2', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      for (const bad of ['0', '-2', '1.5', 'many']) {
        expect(await main(['node', 'litstream', 'parse', '--jobs', bad, METRICS_DEV])).toBe(2);
        expect(String(err.mock.calls.at(-1)?.[0])).toContain(`--jobs takes a whole number of at least 1, not ${bad}`);
      }
      expect(out).not.toHaveBeenCalled();
    } finally {
      err.mockRestore();
      out.mockRestore();
    }
  });
});
