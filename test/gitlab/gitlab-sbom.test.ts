import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CYCLONEDX_FILE_NAME, GITLAB_SBOM_FILE_NAME } from '../../src/gitlab/gitlab-sbom.js';
import { writeGitLabReports } from '../../src/gitlab/write-gitlab-reports.js';
import { Redactor } from '../../src/util/redact.js';
import { sampleResult } from '../report/fixtures.js';
import { tempDir } from '../support/temp.js';

const root = await tempDir('imagegate-gl-sbom-');
let count = 0;
const freshDir = async () => {
  const dir = path.join(root, String((count += 1)));
  await mkdir(dir);
  return dir;
};

/** Issue 14 item 3: with --gitlab, the CycloneDX SBOM is handed over under the name GitLab's ingestion reads. */
describe('GitLab SBOM copy', () => {
  test('imagegate.cdx.json present: copied to gl-sbom-imagegate.cdx.json, byte for byte, redacted', async () => {
    const dir = await freshDir();
    const sbom = JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', note: 'token hunter2-secret-value' });
    await writeFile(path.join(dir, CYCLONEDX_FILE_NAME), sbom);
    const paths = await writeGitLabReports(sampleResult(), dir, {
      toolVersion: '0.1.0',
      redactor: new Redactor(['hunter2-secret-value']),
    });
    expect(paths.sbom).toBe(path.join(dir, GITLAB_SBOM_FILE_NAME));
    const copy = await readFile(paths.sbom!, 'utf8');
    expect(copy).toBe(sbom.replace('hunter2-secret-value', '***'));
  });

  test('no SBOM this run: no copy, and a stale copy from an earlier run is removed', async () => {
    const dir = await freshDir();
    await writeFile(path.join(dir, GITLAB_SBOM_FILE_NAME), '{"stale":true}');
    const paths = await writeGitLabReports(sampleResult(), dir, { toolVersion: '0.1.0', redactor: new Redactor([]) });
    expect(paths.sbom).toBeUndefined();
    expect(await readdir(dir)).not.toContain(GITLAB_SBOM_FILE_NAME);
  });
});
