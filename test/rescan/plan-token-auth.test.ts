import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeImageArchive } from '../../tools/archive/archive-writer.js';
import { runCli } from '../../src/cli/run-cli.js';
import type { RescanPlan } from '../../src/rescan/types.js';
import { sampleSpec } from '../image/support/archives.js';
import { credentialsEnvironment, describeWithRegistry, startRegistry, type TestRegistry } from '../support/registry.js';
import { pushLayout, type Pushed } from '../support/registry-push.js';
import { tempDir } from '../support/temp.js';

/**
 * `rescan plan` through the bearer-token flow that Docker Hub, GHCR and GitLab's registry use: a real docker-registry
 * with `auth: token`, whose token endpoint is a local server (test/support/token-server.ts). Listing the catalog
 * needs the `registry:catalog:*` scope; tags and manifests need `repository:<name>:pull`.
 */

const dir = await tempDir('imagegate-rescan-token-');
let registry: TestRegistry;
let pushed: Pushed;
let runs = 0;

async function plan(args: string[], env: Record<string, string>) {
  runs += 1;
  const outDir = path.join(dir, `out-${runs}`);
  let stdout = '';
  let stderr = '';
  const code = await runCli(['rescan', 'plan', '--registry', registry.host, '--out-dir', outDir, ...args], {
    cwd: dir,
    env: { HOME: '/nonexistent-imagegate-home', XDG_CACHE_HOME: path.join(dir, 'cache'), ...env },
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  const document = code === 0 ? await readFile(path.join(outDir, 'plan.json'), 'utf8') : '{}';
  return { code, stdout, stderr, plan: JSON.parse(document) as RescanPlan };
}

describeWithRegistry('rescan plan against a token-auth registry (Docker Hub, GHCR, GitLab style)', () => {
  beforeAll(async () => {
    registry = await startRegistry({ auth: 'token', publicRepositories: ['imagegate-test/public'] });
    const layout = path.join(dir, 'layout');
    await writeImageArchive(layout, sampleSpec(), { format: 'oci-dir', compression: 'gzip' });
    pushed = await pushLayout(layout, registry, 'imagegate-test/public', ['1.0.0', '1.1.0', 'latest']);
    await pushLayout(layout, registry, 'imagegate-test/private', ['2.0.0']);
  });
  afterAll(async () => registry?.stop());

  test('with credentials: the catalog, tags and digests through bearer tokens; one scan for the shared digest', async () => {
    registry.tokens!.requests.length = 0;
    const run = await plan(['--tags', 'semver:>=1.0.0'], credentialsEnvironment(registry));
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    expect(run.plan.counts).toEqual({ repositories: 2, tags: 3, digests: 1, toScan: 1, skipped: 0 });
    expect(run.plan.scans).toEqual([
      expect.objectContaining({
        digest: pushed.digest,
        reference: `${registry.host}/imagegate-test/private@${pushed.digest}`,
        alsoIn: [{ repository: 'imagegate-test/public', tags: ['1.0.0', '1.1.0'] }],
      }),
    ]);
    const scopes = registry.tokens!.requests.flatMap((request) => request.scopes);
    expect(scopes).toContain('registry:catalog:*');
    expect(scopes).toContain('repository:imagegate-test/private:pull');
    expect(registry.tokens!.requests.every((request) => request.grant === 'basic')).toBe(true);
  });

  test('anonymous: the catalog is refused with advice (exit 2); a public repository named with --repository works', async () => {
    const refused = await plan([], {});
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--repository/);

    registry.tokens!.requests.length = 0;
    const named = await plan(['--repository', 'imagegate-test/public'], {});
    expect(named.code).toBe(0);
    expect(named.plan.scans.map((scan) => [scan.repository, scan.tags])).toEqual([
      ['imagegate-test/public', ['1.0.0', '1.1.0', 'latest']],
    ]);
    expect(registry.tokens!.requests.every((request) => request.grant === 'anonymous')).toBe(true);
  });

  test('anonymous on a private repository: a configuration error naming the registry and repository', async () => {
    const run = await plan(['--repository', 'imagegate-test/private'], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(registry.host);
    expect(run.stderr).toContain('imagegate-test/private');
  });
});
