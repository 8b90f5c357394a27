/**
 * A literature pull on the emulator: `litstream pull` against a fake NCBI on
 * loopback writes PubMed XML and PubTator3 BioC JSON to the intake bucket,
 * and the normal pipeline turns them into records keyed by PMID.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForUploads, type Upload } from '../../cli/ingest.ts';
import { FakeNcbi } from '../support/fake-ncbi.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['cli/litstream.mjs', ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

describe('literature pull on the emulator', () => {
  let stack: TestStack;
  let ncbi: FakeNcbi;

  beforeAll(async () => {
    stack = await startTestStack();
    ncbi = await FakeNcbi.start();
    ncbi.counts = () => 3;
  });

  afterAll(async () => {
    await ncbi?.close();
    await stack?.stop();
  });

  it('lands pulled papers in DynamoDB through the normal pipeline', async () => {
    const started = Date.now();
    const result = await runCli(
      ['pull', '--query', 'leiomyosarcoma', '--since', '2026-11-20', '--until', '2026-11-21', '--pubtator', '--email', 'tests@example.org', '--id', 'it-pull'],
      { AWS_ENDPOINT_URL: stack.endpoint, LITSTREAM_EUTILS_URL: ncbi.eutilsBaseUrl, LITSTREAM_PUBTATOR_URL: ncbi.pubtatorBaseUrl },
    );
    expect(result.code, result.stderr).toBe(0);
    const counts = JSON.parse(result.stdout) as { files: number; pmids: number };
    expect(counts.files).toBeGreaterThanOrEqual(2);
    expect(counts.pmids).toBe(3);

    // The files the pull wrote, as the pipeline saw them.
    let files: Awaited<ReturnType<TestStack['store']['listFiles']>> = [];
    const deadline = Date.now() + 120_000;
    while (files.length < counts.files && Date.now() < deadline) {
      files = (await stack.store.listFiles()).filter((f) => f.key.startsWith('pulls/it-pull/'));
      if (files.length < counts.files) await new Promise((r) => setTimeout(r, 500));
    }
    expect(files).toHaveLength(counts.files);
    const uploads: Upload[] = files.map((f) => ({
      file: { path: f.key, name: f.key, size: f.size },
      bucket: f.bucket,
      key: f.key,
      etag: f.etag,
      versionId: null,
      uploadedAt: started,
    }));
    const outcomes = await waitForUploads(stack.store, uploads, { timeoutMs: 120_000 });
    expect(outcomes.filter((o) => o.unit.state !== 'extracted')).toEqual([]);
    const pmids = new Set(outcomes.map((o) => o.unit.docId));
    expect(pmids.size).toBe(3);
    for (const docId of pmids) {
      expect(docId).toMatch(/^pmid:\d+$/);
      const record = await stack.store.getRecord(docId!);
      expect(record?.status).toBe('extracted');
      expect(record?.sections.length).toBeGreaterThan(0);
      // PubMed XML and PubTator3 BioC JSON of one paper are one merged record, PubMed's metadata first.
      expect(record?.format).toBe('pubmed-xml');
      const summary = await stack.store.getRecordSummary(docId!);
      expect(summary?.sources.map((s) => s.split('#')[0]?.split('/').pop()).sort()).toEqual(['pubmed-0001.xml', 'pubtator-0001.json']);
    }
    process.stderr.write(`[integration] pull of 3 papers with PubTator3: ${result.stdout.length} bytes of counts, ingested in ${Date.now() - started} ms\n`);
  });
});
