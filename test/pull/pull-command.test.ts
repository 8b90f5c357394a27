import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../cli/errors.ts';
import { adHocSearchId, createPullCommand, type PullCommandDeps } from '../../cli/commands/pull.ts';
import type { PullSink } from '../../src/pull/pull.ts';
import { FakeNcbi } from '../support/fake-ncbi.ts';
import { MemoryPullStore } from '../support/memory-pull-store.ts';

class MemorySink implements PullSink {
  readonly keys: string[] = [];
  async write(key: string): Promise<void> {
    this.keys.push(key);
  }
}

describe('litstream pull', () => {
  let ncbi: FakeNcbi;
  let out: string;
  let err: string;
  let exitCode: number;

  beforeEach(async () => {
    ncbi = await FakeNcbi.start();
    out = '';
    err = '';
    exitCode = 0;
  });
  afterEach(async () => {
    await ncbi.close();
  });

  async function run(args: string[], deps: PullCommandDeps = {}): Promise<void> {
    const program = new Command('litstream').exitOverride();
    createPullCommand({
      env: { LITSTREAM_EUTILS_URL: ncbi.eutilsBaseUrl, LITSTREAM_PUBTATOR_URL: ncbi.pubtatorBaseUrl, NCBI_EMAIL: 'test@example.org' },
      stdout: (text) => void (out += text),
      stderr: (text) => void (err += text),
      ...deps,
    }).register(program, (code) => void (exitCode = Math.max(exitCode, code)));
    await program.parseAsync(['node', 'litstream', 'pull', ...args]);
  }

  it('--dry-run searches the window, prints the counts and needs no deployment', async () => {
    ncbi.counts = () => 63;
    const target = async () => {
      throw new Error('a dry run must not connect');
    };
    await run(['--query', 'leiomyosarcoma', '--since', '2024-01-01', '--until', '2024-01-31', '--dry-run'], { target });
    expect(JSON.parse(out)).toMatchObject({ window: { from: '2024-01-01', to: '2024-01-31' }, searched: 63, fetched: 0, files: 0, dryRun: true, requests: 1 });
    expect(ncbi.requestsTo('esearch')).toHaveLength(1);
    expect(ncbi.requestsTo('efetch')).toHaveLength(0);
  });

  it('writes the files through the deployment target and leaves no lease behind', async () => {
    ncbi.counts = () => 7;
    const sink = new MemorySink();
    const store = new MemoryPullStore();
    await run(['--query', 'leiomyosarcoma', '--since', '2024-01-01', '--pubtator', '--eutils-url', ncbi.eutilsBaseUrl], {
      target: async () => ({ sink, store, description: 'memory' }),
    });
    const id = adHocSearchId('leiomyosarcoma');
    expect(sink.keys).toHaveLength(2);
    expect(sink.keys[0]).toMatch(new RegExp(`^pulls/${id}/\\d{8}T\\d{6}Z/pubmed-0001\\.xml$`));
    expect(sink.keys[1]).toMatch(/pubtator-0001\.json$/);
    expect(JSON.parse(out)).toMatchObject({ searched: 7, fetched: 7, pmids: 7, annotated: 7, files: 2, destination: 'memory' });
    expect(store.leases.size).toBe(0);
    expect(store.watermarks.size).toBe(0);
  });

  it('exits 1 with a message when the same query is already being pulled', async () => {
    const store = new MemoryPullStore();
    store.leases.set(adHocSearchId('leiomyosarcoma'), { owner: 'other', expiresAtMs: Date.now() + 60_000 });
    await run(['--query', 'leiomyosarcoma', '--since', '2024-01-01'], {
      target: async () => ({ sink: new MemorySink(), store, description: 'memory' }),
    });
    expect(exitCode).toBe(1);
    expect(err).toMatch(/lease held/);
  });

  it('rejects a malformed date or a reversed window as a usage error', async () => {
    await expect(run(['--query', 'x', '--since', '2024-13-01', '--dry-run'])).rejects.toBeInstanceOf(UsageError);
    await expect(run(['--query', 'x', '--since', '2024-02-01', '--until', '2024-01-01', '--dry-run'])).rejects.toThrow(/before --since/);
    await expect(run(['--query', 'x', '--since', '2024-02-01', '--eutils-url', 'ftp://x', '--dry-run'])).rejects.toThrow(/http\(s\) URL/);
    expect(ncbi.requests).toHaveLength(0);
  });
});
