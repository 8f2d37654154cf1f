import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { runCli } from '../../src/cli/run-cli.js';
import { writeImageArchive } from '../../tools/archive/archive-writer.js';
import type { RescanPlan } from '../../src/rescan/types.js';
import { sampleSpec } from '../image/support/archives.js';
import { credentialsEnvironment, describeWithRegistry, startRegistry, type TestRegistry } from '../support/registry.js';
import { startRegistryProxy, type RegistryProxy } from '../support/registry-proxy.js';
import { pushLayout } from '../support/registry-push.js';
import { tempDir } from '../support/temp.js';

/**
 * Attack item 5 of issue 10: the registry's tag names are input. A real docker-registry holds `aaaa…ab` (a valid
 * tag, 127 characters) and `rescan plan --tags 'regex:(a+)+'` must finish promptly, since a backtracking engine
 * would take longer than the universe has left on it. Names outside the OCI tag grammar, which a real registry never
 * lists, come from a proxy in front of it and must be skipped with a warning before any rule sees them.
 */

const dir = await tempDir('imagegate-hostile-tags-');
const REPOSITORY = 'imagegate-test/hostile';
const EVIL = `${'a'.repeat(126)}b`;
let registry: TestRegistry;
let proxy: RegistryProxy;
let runs = 0;

async function plan(args: string[], host = registry.host) {
  runs += 1;
  const outDir = path.join(dir, `out-${runs}`);
  let stdout = '';
  let stderr = '';
  const started = performance.now();
  const code = await runCli(
    ['rescan', 'plan', '--registry', host, '--out-dir', outDir, '--repository', REPOSITORY, ...args],
    {
      cwd: dir,
      env: { ...credentialsEnvironment(registry), XDG_CACHE_HOME: path.join(dir, 'no-cache') },
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
    },
  );
  const elapsed = performance.now() - started;
  const planned =
    code === 0 ? (JSON.parse(await readFile(path.join(outDir, 'plan.json'), 'utf8')) as RescanPlan) : undefined;
  return { code, stdout, stderr, elapsed, tags: planned?.scans.flatMap((scan) => scan.tags).sort() ?? [] };
}

describeWithRegistry('rescan plan: hostile tag names (docker-registry)', () => {
  beforeAll(async () => {
    registry = await startRegistry();
    proxy = await startRegistryProxy(registry.url);
    const layout = path.join(dir, 'layout');
    await writeImageArchive(layout, sampleSpec(), { format: 'oci-dir', compression: 'gzip' });
    await pushLayout(layout, registry, REPOSITORY, [EVIL, 'release-1', 'aaa']);
  }, 120_000);
  afterAll(async () => {
    await proxy?.close();
    await registry?.stop();
  });
  beforeEach(() => proxy?.reset());

  test("--tags 'regex:(a+)+' against the tag aaaa…ab finishes promptly and selects what it names", async () => {
    const run = await plan(['--tags', 'regex:(a+)+', '--trivy-db-updated-at', '2026-11-26T00:51:12Z']);
    expect(run.stderr).not.toMatch(/internal error|RangeError/);
    expect(run.code).toBe(0);
    expect(run.tags).toEqual(['aaa']);
    expect(run.elapsed).toBeLessThan(10_000);
    const suffix = await plan(['--tags', 'regex:(a|aa)+b', '--trivy-db-updated-at', '2026-11-26T00:51:12Z']);
    expect(suffix.code).toBe(0);
    expect(suffix.tags).toEqual([EVIL]);
  }, 60_000);

  test('a pattern RE2 cannot run in linear time is exit 2 naming the flag', async () => {
    const run = await plan(['--tags', 'regex:(a+)\\1']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--tags 'regex:(a+)\\1': not a valid regular expression (RE2 syntax");
    expect(run.stderr).not.toContain('    at ');
  });

  test('names outside the OCI tag grammar are skipped with a warning before any rule sees them', async () => {
    const long = `x${'y'.repeat(200)}`;
    proxy.extraTags = [long, 'has space', '-dash', '.dot', 'ünïcode', `${'a'.repeat(200)}b`];
    const run = await plan(['--tags', 'regex:.*', '--trivy-db-updated-at', '2026-11-26T00:51:12Z'], proxy.host);
    expect(run.code).toBe(0);
    expect(run.tags).toEqual(['aaa', EVIL, 'release-1'].sort());
    expect(run.stderr).toContain(
      `${proxy.host}/${REPOSITORY}: skipped 6 listed name(s) that are not OCI tags (letters, digits, _ . -, at most ` +
        '128 characters), e.g. ',
    );
    // A short, escaped excerpt, never the whole name.
    expect(run.stderr).not.toContain(long);
    expect(proxy.requests.some((request) => request.path.includes('has space'))).toBe(false);
  }, 60_000);
});
