import type { CorpusDer } from './der';

/** DER per file and in total as an aligned text table (percent, then seconds). */
export function formatDerTable(result: CorpusDer): string {
  const header = ['file', 'DER %', 'total s', 'correct s', 'miss s', 'false alarm s', 'confusion s'];
  const row = (name: string, c: CorpusDer['total']): string[] => [
    name, (100 * c.der).toFixed(2), c.total.toFixed(3), c.correct.toFixed(3), c.miss.toFixed(3), c.falseAlarm.toFixed(3), c.confusion.toFixed(3),
  ];
  const rows = [header, ...result.files.map((f) => row(f.uri, f)), row('TOTAL', result.total)];
  const widths = header.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')).join('\n');
}
