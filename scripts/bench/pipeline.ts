/**
 * The pipeline in this process, as the stages run it (src/pipeline.ts):
 * detect, split, parse and extract every document of some files, one warm-up
 * pass and then passes until at least `seconds` have gone, each step timed
 * apart. Shared by scripts/bench.ts (throughput, time per step) and
 * scripts/cost-model.ts (CPU per stage, stored bytes).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DETECT_HEAD_BYTES, detectFormat, splitDocuments } from '../../src/documents.ts';
import type { DocumentUnit } from '../../src/formats/types.ts';
import { buildRecord, parseUnit } from '../../src/pipeline.ts';
import type { LitRecord } from '../../src/record.ts';

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

export interface PipelineTiming {
  /** Nanoseconds spent in each step over the timed passes. */
  ns: { detect: bigint; split: bigint; parse: bigint; extract: bigint };
  /** Documents and bytes of one pass. */
  documents: number;
  bytes: number;
  /** Timed passes. */
  rounds: number;
}

/** Times the pipeline over `files`; `onRecord` sees every record of the timed passes (outside the timing). */
export async function timePipeline(files: string[], seconds: number, onRecord?: (record: LitRecord) => void): Promise<PipelineTiming> {
  const inputs = files.map((f) => ({ key: path.basename(f), bytes: new Uint8Array(readFileSync(f)) }));
  const ns = { detect: 0n, split: 0n, parse: 0n, extract: 0n };
  let documents = 0;
  const pass = async (timed: boolean): Promise<void> => {
    for (const { key, bytes } of inputs) {
      let t = process.hrtime.bigint();
      const detection = detectFormat(bytes.subarray(0, DETECT_HEAD_BYTES), bytes.length);
      let now = process.hrtime.bigint();
      if (timed) ns.detect += now - t;
      t = now;
      const units: DocumentUnit[] = [];
      for await (const unit of splitDocuments(detection, once(bytes))) units.push(unit);
      now = process.hrtime.bigint();
      if (timed) ns.split += now - t;
      for (const unit of units) {
        const source = { key, index: unit.index };
        t = process.hrtime.bigint();
        const outcome = await parseUnit(detection, source, unit.bytes);
        now = process.hrtime.bigint();
        if (timed) ns.parse += now - t;
        if (outcome.kind !== 'parsed') throw new Error(`${key}#${unit.index} rejected: ${outcome.record.rejection?.message}`);
        t = now;
        const record = buildRecord(outcome.parsed, source, outcome.docId);
        now = process.hrtime.bigint();
        if (timed) {
          ns.extract += now - t;
          documents++;
          onRecord?.(record);
        }
      }
    }
  };
  await pass(false); // warm-up
  let rounds = 0;
  const started = process.hrtime.bigint();
  do {
    await pass(true);
    rounds++;
  } while (Number(process.hrtime.bigint() - started) / 1e9 < seconds);
  return { ns, documents: documents / rounds, bytes: inputs.reduce((n, f) => n + f.bytes.length, 0), rounds };
}
