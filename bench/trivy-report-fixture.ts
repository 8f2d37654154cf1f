import { createWriteStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';

/**
 * A Trivy report with `count` vulnerabilities, made by replicating real records from Trivy's own goldens (the
 * shared corpus). Each copy gets its own package name, so every record is a distinct finding; the records keep
 * their real titles, descriptions, CVSS and references. Written compact and streamed, so the generator itself
 * stays small; the image metadata (config, history, layers) is fluentd-gems', and every record points at one of
 * its layers.
 */
export async function writeReplicatedReport(corpusDir: string, count: number, out: string): Promise<void> {
  const base = JSON.parse(await readFile(path.join(corpusDir, 'fluentd-gems.json.golden'), 'utf8')) as {
    Metadata: { DiffIDs: string[] };
    Results: Array<Record<string, unknown>>;
  };
  const records: Array<Record<string, unknown>> = [];
  for (const file of (await readdir(corpusDir)).filter((name) => name.endsWith('.json.golden')).sort()) {
    const report = JSON.parse(await readFile(path.join(corpusDir, file), 'utf8')) as {
      Results?: Array<{ Vulnerabilities?: Array<Record<string, unknown>> }>;
    };
    for (const result of report.Results ?? []) records.push(...(result.Vulnerabilities ?? []));
  }
  const layers = base.Metadata.DiffIDs;
  const stream = createWriteStream(out);
  const write = async (text: string) => {
    if (!stream.write(text)) await once(stream, 'drain');
  };
  const { Results: _results, ...header } = base;
  await write(
    `${JSON.stringify(header).slice(0, -1)},"Results":[{"Target":"replicated","Class":"os-pkgs","Type":"debian","Vulnerabilities":[`,
  );
  for (let index = 0; index < count; index += 1) {
    const record = records[index % records.length] as Record<string, unknown>;
    const copy = {
      ...record,
      PkgName: `${String(record.PkgName)}-${Math.floor(index / records.length)}`,
      Layer: { DiffID: layers[index % layers.length] },
    };
    await write(`${index === 0 ? '' : ','}${JSON.stringify(copy)}`);
  }
  await write(']}]}');
  stream.end();
  await once(stream, 'finish');
}
