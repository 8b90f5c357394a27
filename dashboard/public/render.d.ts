// Types of render.js for the Node tests that call it; the server does not serve this file.
import type { LitRecord, Metric } from '../../src/record.ts';
import type { Page } from '../query.ts';

/** A page as the list endpoints answer it. */
export type PageData<T = Record<string, unknown>> = Omit<Page<T>, 'items' | 'filters'> & { items: readonly T[] };

export const EVIDENCE_COLUMNS: ReadonlyArray<readonly [key: string, label: string, numeric?: boolean]>;
export const DOCUMENT_COLUMNS: ReadonlyArray<readonly [key: string, label: string, numeric?: boolean]>;
export const RATIO_METRICS: readonly string[];
export const ENTITY_COLOR_TYPES: readonly string[];
export function esc(value: unknown): string;
export function fmt(value: unknown): string;
export function compare(a: unknown, b: unknown): number;
export function pagerHtml(list: string, page: PageData): string;
export function documentsHtml(page: PageData): string;
export function evidenceHtml(page: PageData): string;
export function forestPlotSvg(rows: ReadonlyArray<Record<string, unknown>>, metric: string): string;
export function dotPlotSvg(rows: ReadonlyArray<Record<string, unknown>>, metric: string): string;
export function entityColor(type: string): number;
export function externalLinks(ids: LitRecord['ids']): string;
export function authorsText(authors: LitRecord['authors']): string;
export function highlightSection(text: string, spans: ReadonlyArray<{ start: number; end: number; kind: string; id: string; title: string }>): string;
export function metricTitle(metric: Partial<Metric> & Pick<Metric, 'name' | 'value'>): string;
export function metricsTableHtml(metrics: readonly Metric[]): string;
export function yesNo(value: boolean | null | undefined): 'yes' | 'no' | 'not stated';
export function periodText(start: number | null | undefined, end: number | null | undefined): string;
export function designHtml(design: LitRecord['design']): string;
export function documentHtml(record: LitRecord): string;
export function stagesHtml(data: { stages: Record<string, Record<string, number>>; totals: Record<string, number> }): string;
export function queuesHtml(queues: readonly unknown[]): string;
export function throughputHtml(points: ReadonlyArray<{ minute: string; extracted: number }>): string;
export function formatsHtml(formats: readonly unknown[]): string;
export function failuresHtml(failures: readonly unknown[]): string;
