import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseFiles } from '../../cli/commands/parse.ts';
import { main } from '../../cli/main.ts';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const METRICS_DEV = path.join(ROOT, 'test/fixtures/corpora/metrics-dev/pubmed-metrics-dev.xml');

function parse(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'cli/litstream.mjs'), 'parse', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 256 * 2 ** 20,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('litstream parse --jobs', () => {
  let dir: string;
  let files: string[];

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'litstream-jobs-'));
    // 24 articles: enough to keep three workers busy.
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
    files = [dir];
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the same bytes with worker threads as in one thread, records in file order', async () => {
    const one = parse(['--jobs', '1', ...files]);
    const three = parse(['--jobs', '3', ...files]);
    expect(one.status).toBe(1); // the broken unit and the binary file are rejected
    expect(three.status).toBe(1);
    expect(three.stdout).toBe(one.stdout);
    // ...and the same as the records themselves, printed as one array.
    const records = await parseFiles(files);
    expect(one.stdout).toBe(`${JSON.stringify(records, null, 2)}\n`);
    const keys = records.map((r) => `${path.basename(r.source.key)}#${r.source.index}`);
    expect(keys.slice(0, 3)).toEqual(['a-broken.xml#0', 'a-broken.xml#1', 'a-broken.xml#2']);
    expect(records[1].status).toBe('rejected');
    expect(records[1].rejection?.code).toBe('malformed');
    expect(records.filter((r) => r.source.key.endsWith('d-articles.xml') && r.status === 'extracted')).toHaveLength(24);
  });

  it('a single document is parsed the same with any number of jobs', () => {
    const file = path.join(dir, 'c-one.txt');
    expect(parse(['-j', '4', file]).stdout).toBe(parse(['-j', '1', file]).stdout);
  });

  it('rejects a --jobs that is not a whole number of at least 1 with exit code 2', async () => {
    const run = parse(['--jobs', '0', METRICS_DEV]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--jobs takes a whole number of at least 1, not 0');
    expect(run.stdout).toBe('');
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      for (const bad of ['-2', '1.5', 'many']) {
        expect(await main(['node', 'litstream', 'parse', '--jobs', bad, METRICS_DEV])).toBe(2);
        expect(String(err.mock.calls.at(-1)?.[0])).toContain(`--jobs takes a whole number of at least 1, not ${bad}`);
      }
    } finally {
      err.mockRestore();
    }
  });
});
