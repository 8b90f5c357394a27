import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseFiles } from '../../cli/commands/parse.ts';
import { createPullClients, runPull } from '../../src/pull/pull.ts';
import { FakeNcbi } from '../support/fake-ncbi.ts';
import { MemoryPullStore } from '../support/memory-pull-store.ts';

describe('files a pull writes', () => {
  let ncbi: FakeNcbi;
  let dir: string;
  beforeEach(async () => {
    ncbi = await FakeNcbi.start();
    dir = await mkdtemp(path.join(tmpdir(), 'litstream-pull-'));
  });
  afterEach(async () => {
    await ncbi.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('parse into one record per PMID, as pubmed-xml and bioc-json', async () => {
    ncbi.counts = () => 4;
    const clients = createPullClients({ fetch, tool: 'litstream-test', email: 'test@example.org', apiKey: 'k', eutilsBaseUrl: ncbi.eutilsBaseUrl, pubtatorBaseUrl: ncbi.pubtatorBaseUrl });
    const sink = {
      write: async (key: string, body: string) => {
        await mkdir(path.dirname(path.join(dir, key)), { recursive: true });
        await writeFile(path.join(dir, key), body);
      },
    };
    await runPull({ id: 'lms', query: 'leiomyosarcoma', pubtator: true }, { ...clients, sink, store: new MemoryPullStore() }, { since: '2024-03-01', until: '2024-03-01' });

    const records = await parseFiles([dir]);
    const pmids = [0, 1, 2, 3].map((i) => FakeNcbi.pmidFor('2024-03-01', i));
    const byFormat = (format: string) => records.filter((r) => r.format === format);
    expect(byFormat('pubmed-xml').map((r) => r.docId).sort()).toEqual(pmids.map((p) => `pmid:${p}`).sort());
    expect(byFormat('bioc-json').map((r) => r.ids.pmid).sort()).toEqual([...pmids].sort());
    expect(records.every((r) => r.status === 'extracted')).toBe(true);
  });
});
