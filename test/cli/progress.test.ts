import { describe, expect, it } from 'vitest';
import { ProgressReporter, formatDuration, progressLine } from '../../cli/progress.ts';

describe('progressLine', () => {
  it('gives documents done of total, the rate and the time left', () => {
    expect(progressLine(12, 40, 4000)).toBe('12/40 documents done, 3.0/s, about 9 s left');
  });

  it('says only the elapsed time before the first document is done', () => {
    expect(progressLine(0, 40, 2500)).toBe('0/40 documents done, 3 s elapsed');
  });

  it('promises no time left while the total is still growing', () => {
    expect(progressLine(5, 6, 10_000, false)).toBe('5/6+ documents done, 30/min');
  });

  it('gives the time taken when all are done', () => {
    expect(progressLine(40, 40, 8000)).toBe('40/40 documents done, 5.0/s, 8 s in all');
  });

  it('writes slow rates per minute and long waits in minutes and hours', () => {
    expect(progressLine(3, 1000, 120_000)).toBe('3/1000 documents done, 1.5/min, about 11 h 04 min left');
    expect(progressLine(300, 1000, 10_000)).toBe('300/1000 documents done, 30/s, about 23 s left');
    expect(formatDuration(125)).toBe('2 min 05 s');
  });
});

describe('ProgressReporter', () => {
  it('rewrites one line on a terminal and keeps other lines above it', () => {
    let now = 0;
    let out = '';
    const progress = new ProgressReporter({ tty: true, write: (text) => void (out += text), now: () => now });
    now = 1000;
    progress.update(1, 4);
    now = 2000;
    progress.line('done incoming/a.xml: 2 document(s)');
    progress.update(2, 4);
    progress.finish();
    expect(out).toBe(
      '\r1/4 documents done, 1.0/s, about 3 s left\x1b[K' +
        '\r\x1b[Kdone incoming/a.xml: 2 document(s)\n1/4 documents done, 1.0/s, about 3 s left\x1b[K' +
        '\r2/4 documents done, 1.0/s, about 2 s left\x1b[K' +
        '\n',
    );
  });

  it('writes a plain line every interval when not on a terminal, and the last one at the end', () => {
    let now = 0;
    const lines: string[] = [];
    const progress = new ProgressReporter({ tty: false, write: (text) => void lines.push(text), now: () => now, intervalMs: 5000 });
    for (const [t, done] of [[1000, 1], [4000, 2], [5000, 3], [9000, 4], [10_000, 5]] as const) {
      now = t;
      progress.update(done, 10);
    }
    progress.finish();
    expect(lines).toEqual([
      '3/10 documents done, 36/min, about 12 s left\n',
      '5/10 documents done, 30/min, about 10 s left\n',
      '5/10 documents done, 30/min, about 10 s left\n',
    ]);
  });
});
