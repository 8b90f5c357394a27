/**
 * Date windows for esearch. esearch returns at most 10,000 records of one
 * result set, so a window whose count exceeds 9,999 is split in halves,
 * recursively, down to single days. A single day still over the cap is
 * fetched up to 9,999 records and reported as capped (the caller records a
 * warning). Days are UTC calendar days, written YYYY-MM-DD; windows include
 * both ends, as esearch's mindate/maxdate do.
 */

/** The most records one esearch result set can deliver. */
export const ESEARCH_MAX_RECORDS = 9_999;

export interface DayWindow {
  /** First day, YYYY-MM-DD. */
  from: string;
  /** Last day, YYYY-MM-DD (inclusive). */
  to: string;
}

const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDay(value: string): boolean {
  if (!ISO_DAY.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Days in a window, both ends included. */
export function windowDays({ from, to }: DayWindow): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** esearch's date format. */
export function eutilsDate(day: string): string {
  return day.replaceAll('-', '/');
}

/** Splits a window of two or more days into two halves (the first half gets the middle day). */
export function splitWindow(window: DayWindow): [DayWindow, DayWindow] {
  const days = windowDays(window);
  if (days < 2) throw new RangeError(`cannot split a one-day window ${window.from}`);
  const firstLast = addDays(window.from, Math.ceil(days / 2) - 1);
  return [
    { from: window.from, to: firstLast },
    { from: addDays(firstLast, 1), to: window.to },
  ];
}

export interface SearchedWindow<H> extends DayWindow {
  /** Records esearch counted in this window. */
  count: number;
  /** Records to fetch: count, or ESEARCH_MAX_RECORDS for a capped day. */
  fetchCount: number;
  /** A single day with more records than esearch can deliver. */
  capped: boolean;
  /** Whatever the search returned besides the count (the history server keys). */
  history: H;
}

/**
 * Searches `window`, splitting it until every part fits; yields the parts in
 * date order, each with its own search result, as soon as it is known (so a
 * caller can fetch a part while its history keys are fresh).
 */
export async function* searchWindows<H>(
  window: DayWindow,
  search: (window: DayWindow) => Promise<{ count: number; history: H }>,
): AsyncGenerator<SearchedWindow<H>> {
  const { count, history } = await search(window);
  if (count <= ESEARCH_MAX_RECORDS) {
    yield { ...window, count, fetchCount: count, capped: false, history };
    return;
  }
  if (windowDays(window) === 1) {
    yield { ...window, count, fetchCount: ESEARCH_MAX_RECORDS, capped: true, history };
    return;
  }
  for (const half of splitWindow(window)) yield* searchWindows(half, search);
}
