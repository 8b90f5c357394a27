import { extractMetrics } from '../../src/metrics/index.ts';
import type { Metric } from '../../src/record.ts';

/** Metrics of one sentence, each with the text of its span. */
export function metricsOf(text: string): Array<Metric & { span: string }> {
  return extractMetrics([{ label: 'RESULTS', text }]).map((m) => ({ ...m, span: text.slice(m.start, m.end) }));
}

export function named(text: string, name: Metric['name']): Array<Metric & { span: string }> {
  return metricsOf(text).filter((m) => m.name === name);
}
