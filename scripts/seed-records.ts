/**
 * Rewrites test/fixtures/seeds/NNN_*.record.json from what `litstream parse`
 * gives for each seed today. The test suite compares every field against
 * these files, so run this after a deliberate change to parsing or
 * extraction, then read the diff (`git diff test/fixtures/seeds`) and keep
 * only what a careful reader of the seed would agree with.
 *
 *   npx tsx scripts/seed-records.ts
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, recordsOfFile } from './eval/corpora.ts';

const dir = join(FIXTURES, 'seeds');
for (const file of readdirSync(dir).filter((f) => /^\d{3}_[0-9a-f]+\.txt$/.test(f)).sort()) {
  // `source.key` is the path `litstream parse` is given, relative to the repository root.
  const records = await recordsOfFile(`test/fixtures/seeds/${file}`, new Uint8Array(readFileSync(join(dir, file))));
  if (records.length !== 1) throw new Error(`${file}: expected one record, got ${records.length}`);
  const out = join(dir, file.replace(/\.txt$/, '.record.json'));
  writeFileSync(out, `${JSON.stringify(records[0], null, 2)}\n`);
  console.log(`${out}: ${records[0].metrics.length} metrics`);
}
