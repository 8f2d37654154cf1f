import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readImage } from '../src/image/read-image.js';
import { MemoryLogger } from '../src/util/logger.js';
import { writeExampleArchive } from './example-image.js';

/**
 * The failing example of `npm run demo` (and of the reader tests): examples/failing built into an image whose layers
 * hold the packages of a recorded real Trivy report (examples/recorded/fluentd-gems.json.golden, see SOURCE.md
 * there), and a copy of that report pointed at the image's own layers.
 *
 * imagegate places a vulnerability on the Dockerfile line whose layer brought the package in, by the layer's DiffID
 * (src/checks/scan-location.ts). A DiffID is a hash of the layer's bytes, so the DiffIDs Trivy recorded for its
 * fixture image cannot be the example's. The example writes the same package files one instruction per recorded
 * layer, and the copy replaces each recorded DiffID by the example image's DiffID at the same position: the mapping
 * imagegate then makes is its real one. The image id (Metadata.ImageID) and the config's rootfs.diff_ids are replaced
 * the same way, so imagegate sees a report of this image; nothing else in the report changes.
 */

export const FAILING_DIR = 'examples/failing';
export const RECORDED_REPORT = 'examples/recorded/fluentd-gems.json.golden';
export const FAILING_TAG = 'imagegate-local/failing-example:latest';

/** The recorded report with every recorded layer DiffID replaced by the image's layer at the same position. */
export function retargetReport(recorded: string, imageDiffIds: readonly string[], imageId: string): string {
  const report = JSON.parse(recorded) as { Metadata?: { DiffIDs?: string[]; ImageID?: string } };
  const recordedIds = report.Metadata?.DiffIDs ?? [];
  if (recordedIds.length !== imageDiffIds.length) {
    throw new Error(
      `the recorded report has ${recordedIds.length} layers and the image ${imageDiffIds.length}: ` +
        'the example Dockerfile must write one layer per recorded layer',
    );
  }
  const replacement = new Map(recordedIds.map((id, index) => [id, imageDiffIds[index]!]));
  // Every "DiffID" field (Metadata.DiffIDs, each record's Layer.DiffID) and nothing else; the text is Trivy's JSON.
  return `${JSON.stringify(
    report,
    (key, value: unknown) => {
      if (key === 'DiffID' && typeof value === 'string') return replacement.get(value) ?? value;
      if ((key === 'DiffIDs' || key === 'diff_ids') && Array.isArray(value)) return imageDiffIds;
      if (key === 'ImageID' && typeof value === 'string') return imageId;
      return value;
    },
    2,
  )}\n`;
}

export interface FailingExample {
  /** The `docker save` archive, when written without Docker. */
  archive?: string;
  /** The retargeted copy of the recorded report. */
  report: string;
  dockerfile: string;
  policy: string;
}

/**
 * Writes the failing example's archive with imagegate's archive writer (no Docker) under `outDir`, and its
 * retargeted report beside it. `root` is the repository root.
 */
export async function prepareFailingArchive(root: string, outDir: string): Promise<Required<FailingExample>> {
  await mkdir(outDir, { recursive: true });
  const archive = path.join(outDir, 'failing-example.tar');
  const dockerfile = path.join(root, FAILING_DIR, 'Dockerfile');
  await writeExampleArchive({ context: path.join(root, FAILING_DIR), dockerfile, tag: FAILING_TAG, out: archive });
  const image = await readImage({ kind: 'archive', path: archive }, { logger: new MemoryLogger() });
  const diffIds = image.layers.map((layer) => layer.diffId);
  const report = await writeRetargeted(root, outDir, diffIds, image.id);
  return { archive, report, dockerfile, policy: path.join(root, FAILING_DIR, '.imagegate.yml') };
}

/** The retargeted report for an image whose layer DiffIDs are known (a real `docker build`). */
export async function writeRetargeted(
  root: string,
  outDir: string,
  diffIds: readonly string[],
  imageId: string,
): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const report = path.join(outDir, 'recorded-report.json');
  await writeFile(report, retargetReport(await readFile(path.join(root, RECORDED_REPORT), 'utf8'), diffIds, imageId));
  return report;
}
