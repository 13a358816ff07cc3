import type { MetricFamily } from '../core/status/metrics.js';

/**
 * Metric families in the Prometheus text exposition format 0.0.4: `# HELP` and `# TYPE` for every family
 * (one with no samples too), label values escaped (backslash, double quote, newline), numbers as Go
 * would parse them (`NaN`, `+Inf`).
 */
export function renderPrometheus(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) {
      const labels = Object.entries(sample.labels ?? {});
      const text =
        labels.length === 0
          ? ''
          : `{${labels.map(([name, value]) => `${name}="${escapeLabel(value)}"`).join(',')}}`;
      lines.push(`${family.name}${text} ${formatValue(sample.value)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

function escapeHelp(text: string): string {
  return text.replaceAll('\\', '\\\\').replaceAll('\n', '\\n');
}

function escapeLabel(text: string): string {
  return text.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}
