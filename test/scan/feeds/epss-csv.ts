import { gzipSync } from 'node:zlib';

/** A small EPSS file in FIRST's published format (gzipped CSV with its `#model_version,score_date` line). */
export function epssCsv(rows: ReadonlyArray<[string, number, number]>, scoreDate = '2026-12-07'): string {
  const lines = [`#model_version:v2025.03.14,score_date:${scoreDate}T00:00:00+0000`, 'cve,epss,percentile'];
  for (const [cve, score, percentile] of rows) lines.push(`${cve},${score.toFixed(5)},${percentile.toFixed(5)}`);
  return `${lines.join('\n')}\n`;
}

export function epssGz(rows: ReadonlyArray<[string, number, number]>, scoreDate?: string): Buffer {
  return gzipSync(epssCsv(rows, scoreDate));
}
