/**
 * PDFs through the deployed pipeline on the emulator: a real upload of two
 * published articles (a Lancet and a BMJ layout) and a PDF without a text
 * layer, polled to their terminal state, compared with what `litstream
 * parse` prints for the same files.
 */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFiles } from '../../cli/commands/parse.ts';
import type { DocumentOutcome } from '../../cli/ingest.ts';
import type { LitRecord } from '../../src/record.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

const PDFS = ['test/fixtures/pdf/brown2014_rct.pdf', 'test/fixtures/pdf/ussher2015_rct.pdf'];

/** A one-page PDF that only paints a rectangle: no text layer. */
function scanLikePdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>',
    '<< /Length 24 >>\nstream\n0.5 g 0 0 612 792 re f Q\nendstream',
  ];
  let out = '%PDF-1.7\n';
  const offsets: number[] = [];
  objects.forEach((body, k) => {
    offsets.push(out.length);
    out += `${k + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${out.length}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

function withoutStorageKey(record: LitRecord): Omit<LitRecord, 'source'> & { source: { index: number } } {
  return { ...record, source: { index: record.source.index } };
}

describe('pdf through the pipeline on the emulator', () => {
  let stack: TestStack;
  let dir: string;
  let outcomes: DocumentOutcome[];

  beforeAll(async () => {
    stack = await startTestStack();
    dir = mkdtempSync(path.join(tmpdir(), 'litstream-pdf-'));
    for (const file of PDFS) copyFileSync(file, path.join(dir, path.basename(file)));
    writeFileSync(path.join(dir, 'scan.pdf'), scanLikePdf());
    outcomes = await stack.ingest([dir], { prefix: 'incoming/pdf/' });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('stores each article PDF as the record `litstream parse` prints', async () => {
    for (const file of PDFS) {
      const [local] = await parseFiles([file]);
      expect(local).toMatchObject({ status: 'extracted', format: 'pdf' });
      const outcome = outcomes.find((o) => o.upload.key.endsWith(`/${path.basename(file)}`));
      expect(outcome?.unit.state, file).toBe('extracted');
      expect(outcome!.unit.docId).toBe(local!.docId);
      const stored = await stack.store.getRecord(outcome!.unit.docId!);
      expect(withoutStorageKey(stored!)).toEqual(withoutStorageKey(local!));
    }
  });

  it('rejects a PDF without a text layer as no-text', async () => {
    const outcome = outcomes.find((o) => o.upload.key.endsWith('/scan.pdf'));
    expect(outcome?.unit.state).toBe('rejected');
    expect(outcome?.unit.errorCode).toBe('no-text');
  });
});
