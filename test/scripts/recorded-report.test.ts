import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RECORDED_REPORT, retargetReport } from '../../scripts/recorded-report.js';

/** The demo's recorded Trivy report is the real one, unchanged, and its copy for the demo changes layer ids only. */

const root = path.resolve(import.meta.dirname, '..', '..');
const recorded = readFileSync(path.join(root, RECORDED_REPORT), 'utf8');
const source = readFileSync(path.join(root, 'examples', 'recorded', 'SOURCE.md'), 'utf8');

const IMAGE_IDS = Array.from({ length: 6 }, (_, index) => `sha256:${String(index + 1).repeat(64)}`);
const IMAGE_ID = `sha256:${'f'.repeat(64)}`;

test('examples/recorded holds the report byte for byte as SOURCE.md records it', () => {
  const digest = createHash('sha256').update(recorded).digest('hex');
  expect(source).toContain(`SHA-256: \`${digest}\``);
  expect(source).toContain('Commit: `dc3c56eed58ab21c7e08d26757c517bc946a86c5`');
  expect(source).toContain('Path: `integration/testdata/fluentd-gems.json.golden`');
});

test('the copy replaces each recorded layer id by the image’s at the same position, and nothing else', () => {
  const original = JSON.parse(recorded) as Record<string, unknown> & { Metadata: { DiffIDs: string[] } };
  const copy = JSON.parse(retargetReport(recorded, IMAGE_IDS, IMAGE_ID)) as typeof original;
  expect(copy.Metadata.DiffIDs).toEqual(IMAGE_IDS);
  const byPosition = new Map(original.Metadata.DiffIDs.map((id, index) => [id, IMAGE_IDS[index]]));
  // Undo the replacement: what is left must be the recorded report exactly.
  const restore = new Map([...byPosition].map(([from, to]) => [to, from]));
  const undone = JSON.parse(JSON.stringify(copy), (key, value: unknown) => {
    if (key === 'DiffID' && typeof value === 'string') return restore.get(value) ?? value;
    if ((key === 'DiffIDs' || key === 'diff_ids') && Array.isArray(value)) {
      return value.map((id: string) => restore.get(id) ?? id);
    }
    if (key === 'ImageID' && value === IMAGE_ID) return (original.Metadata as { ImageID?: string }).ImageID;
    return value;
  }) as unknown;
  expect(undone).toEqual(original);
  // Every vulnerability's layer is one of the image's.
  const layers = recorded.match(/"DiffID": "sha256:[0-9a-f]{64}"/g) ?? [];
  expect(layers.length).toBeGreaterThan(0);
  expect(retargetReport(recorded, IMAGE_IDS, IMAGE_ID)).not.toMatch(
    new RegExp(original.Metadata.DiffIDs.map((id) => id.replace('sha256:', '')).join('|')),
  );
});

test('an image with another number of layers is refused: the positions would not mean the same layers', () => {
  expect(() => retargetReport(recorded, IMAGE_IDS.slice(1), IMAGE_ID)).toThrow(
    'the recorded report has 6 layers and the image 5: the example Dockerfile must write one layer per recorded layer',
  );
});
