/**
 * The progress line of `ingest --wait`: documents done of the total, the
 * rate, and the time left at that rate. On a terminal one line is rewritten
 * in place; into a file or a pipe a plain line is written every few seconds,
 * so a CI log shows the run advancing without one line per poll.
 */

/** Seconds as a person reads them: `8 s`, `2 min 05 s`, `1 h 20 min`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

function formatRate(perSecond: number): string {
  if (perSecond >= 10) return `${Math.round(perSecond)}/s`;
  if (perSecond >= 1) return `${perSecond.toFixed(1)}/s`;
  return `${(perSecond * 60).toFixed(perSecond * 60 >= 10 ? 0 : 1)}/min`;
}

/**
 * One progress line. `total` is a lower bound until every file has been
 * split (`totalKnown` false: shown as `40+`), so no time left is promised then.
 */
export function progressLine(done: number, total: number, elapsedMs: number, totalKnown = true): string {
  const shownTotal = Math.max(total, done);
  const head = `${done}/${shownTotal}${totalKnown ? '' : '+'} documents done`;
  const seconds = elapsedMs / 1000;
  if (done === 0 || seconds <= 0) return `${head}, ${formatDuration(seconds)} elapsed`;
  const rate = done / seconds;
  const parts = [head, formatRate(rate)];
  if (totalKnown && done < shownTotal) parts.push(`about ${formatDuration((shownTotal - done) / rate)} left`);
  else if (totalKnown) parts.push(`${formatDuration(seconds)} in all`);
  return parts.join(', ');
}

export interface ProgressOptions {
  /** Rewrite one line with `\r` (a terminal) or write a line every `intervalMs`. */
  tty: boolean;
  write: (text: string) => void;
  now?: () => number;
  /** @default 5000 */
  intervalMs?: number;
}

/** Keeps the progress line on stderr while other lines (a file done) are written around it. */
export class ProgressReporter {
  private readonly started: number;
  private readonly now: () => number;
  private readonly intervalMs: number;
  private lastPlain: number;
  private shown = false;
  private current = '';

  constructor(private readonly options: ProgressOptions) {
    this.now = options.now ?? Date.now;
    this.intervalMs = options.intervalMs ?? 5000;
    this.started = this.now();
    this.lastPlain = this.started;
  }

  update(done: number, total: number, totalKnown = true): void {
    const now = this.now();
    this.current = progressLine(done, total, now - this.started, totalKnown);
    if (this.options.tty) {
      this.options.write(`\r${this.current}\x1b[K`);
      this.shown = true;
    } else if (now - this.lastPlain >= this.intervalMs) {
      this.options.write(`${this.current}\n`);
      this.lastPlain = now;
    }
  }

  /** Writes a whole line above the progress line (which is redrawn after it on a terminal). */
  line(text: string): void {
    if (this.options.tty && this.shown) {
      this.options.write(`\r\x1b[K${text}\n${this.current}\x1b[K`);
    } else {
      this.options.write(`${text}\n`);
    }
  }

  /** Leaves the last progress line on its own line (a terminal) or writes it (otherwise). */
  finish(): void {
    if (this.options.tty) {
      if (this.shown) this.options.write('\n');
    } else if (this.current) {
      this.options.write(`${this.current}\n`);
    }
    this.shown = false;
  }
}
