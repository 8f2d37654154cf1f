import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeImageArchive } from '../tools/archive/archive-writer.js';
import { runRescanPlan } from '../src/rescan/plan-command.js';
import type { RescanPlan } from '../src/rescan/types.js';
import { MemoryLogger } from '../src/util/logger.js';
import { sampleSpec } from '../test/image/support/archives.js';
import { registryAvailable, startRegistry, type TestRegistry } from '../test/support/registry.js';
import { pushLayout, putManifest } from '../test/support/registry-push.js';
import { detail, median, printBench } from './harness.js';
import { SMOKE, sized } from './smoke.js';

const REPOSITORIES = sized(20, 2);
const IMAGES_PER_REPOSITORY = sized(13, 3);
const TAGS_PER_IMAGE = sized(4, 2);
/** The round trip the proxy adds to every request, standing in for the network between a CI runner and a registry. */
const DELAY_MS = 20;
const RUNS = sized(3, 2);
const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * `imagegate rescan plan` against a sequential, no-dedupe planner, both over the same real docker-registry holding
 * 20 repositories × 52 tags = 1,040 tags (13 images per repository, 4 tags each, the first image shared by every
 * repository). A local registry answers in well under a millisecond, which hides what concurrency buys over a
 * network, so both go through the same proxy (a process of its own) that holds every response DELAY_MS before
 * answering. Two registries, one line each:
 * - `rescan-plan`: htpasswd (Basic) auth. The registry checks the password with bcrypt on every request, on this
 *   machine's cores, and that CPU (~3 ms a request here) caps what any client reaches at once. The comparison without
 *   the delay is printed beside it; there that check is most of both planners' time.
 * - `rescan-plan-token`: token auth, as Docker Hub, GHCR, GitLab's registry and Harbor do: a bearer token per scope
 *   from a token server (in this process), checked per request by its signature.
 * Baseline: the catalog, then each repository's tag list, then for every tag a GET of its manifest and a sha256 of
 * the bytes: one request at a time, no dedupe, credentials sent up front (a token asked for once per scope). Subject:
 * runRescanPlan in this process (HEAD per tag through the registry client at its default limit: 8 in flight, growing
 * to 32 while the registry answers without 429/503; the plan files written). Both must find the same tags and
 * distinct digests. Interleaved runs, medians.
 */
export async function benchRescanPlan(): Promise<void> {
  if (!registryAvailable) {
    detail('rescan-plan: skipped, docker-registry or htpasswd is not installed');
    return;
  }
  for (const auth of ['htpasswd', 'token'] as const) await benchAuth(auth);
}

async function benchAuth(auth: 'htpasswd' | 'token'): Promise<void> {
  const name = auth === 'htpasswd' ? 'rescan-plan' : 'rescan-plan-token';
  const dir = await mkdtemp(path.join(tmpdir(), 'imagegate-bench-rescan-'));
  const registry = await startRegistry({ auth });
  try {
    const tags = await populate(registry, dir);
    detail(
      `${name}: ${auth} auth, ${REPOSITORIES} repositories, ${tags} tags, ` +
        `${REPOSITORIES * (IMAGES_PER_REPOSITORY - 1) + 1} distinct digests`,
    );
    for (const delay of SMOKE || auth === 'token' ? [DELAY_MS] : [DELAY_MS, 0]) {
      const proxy = await startProxy(registry.url, delay);
      const baseline: number[] = [];
      const subject: number[] = [];
      for (let run = 0; run < RUNS; run += 1) {
        const base = await timed(() => sequentialPlan(proxy.url, registry));
        const ours = await timed(() => imagegatePlan(proxy.host, registry, path.join(dir, `out-${delay}-${run}`)));
        if (base.value.tags !== ours.value.counts.tags || base.value.digests !== ours.value.counts.digests) {
          throw new Error(
            `${name}: the planners disagree (${JSON.stringify(base.value)} vs ${JSON.stringify(ours.value.counts)})`,
          );
        }
        baseline.push(base.ms);
        subject.push(ours.ms);
      }
      const ratio = median(baseline) / median(subject);
      detail(
        `${name}, ${delay} ms added per request: sequential no-dedupe ${median(baseline).toFixed(0)} ms, ` +
          `imagegate ${median(subject).toFixed(0)} ms (medians of ${RUNS}), ratio ${ratio.toFixed(2)}`,
      );
      if (delay === DELAY_MS) printBench({ name, ratio });
      await proxy.stop();
    }
  } finally {
    await registry.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The proxy (bench/rescan-plan-proxy.ts) in its own process: its relaying does not share the planner's event loop. */
async function startProxy(
  upstream: string,
  delay: number,
): Promise<{ host: string; url: string; stop(): Promise<void> }> {
  const tsx = path.join(here, '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const child: ChildProcess = spawn(
    process.execPath,
    [tsx, path.join(here, 'rescan-plan-proxy.ts'), upstream, String(delay)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const host = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (text.includes('\n')) resolve(text.trim());
    });
    child.once('exit', (code) => reject(new Error(`the benchmark proxy exited (${code})`)));
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.stdin?.end();
    await exited;
  };
  return { host, url: `http://${host}`, stop };
}

async function populate(registry: TestRegistry, dir: string): Promise<number> {
  const layout = path.join(dir, 'layout');
  await writeImageArchive(layout, sampleSpec(), { format: 'oci-dir', compression: 'gzip' });
  let tags = 0;
  for (let r = 0; r < REPOSITORIES; r += 1) {
    const repository = `bench/svc-${String(r).padStart(2, '0')}`;
    const pushed = await pushLayout(layout, registry, repository, []);
    const authorization = await registry.pushAuthorization(repository);
    const original = Buffer.from(
      await (
        await fetch(`${registry.url}/v2/${repository}/manifests/${pushed.digest}`, {
          headers: { authorization, accept: pushed.mediaType },
        })
      ).arrayBuffer(),
    );
    for (let image = 0; image < IMAGES_PER_REPOSITORY; image += 1) {
      const manifest = JSON.parse(original.toString('utf8')) as Record<string, unknown>;
      // Image 0 is the same bytes in every repository; the others differ by an annotation (a new digest).
      if (image > 0) manifest.annotations = { 'org.imagegate.bench': `${repository}#${image}` };
      const bytes = Buffer.from(JSON.stringify(manifest));
      const puts = Array.from({ length: TAGS_PER_IMAGE }, (_, t) =>
        putManifest(registry.url, repository, `${image + 1}.${t}.0`, bytes, pushed.mediaType, authorization),
      );
      await Promise.all(puts);
      tags += TAGS_PER_IMAGE;
    }
  }
  return tags;
}

/**
 * The baseline: one request at a time, every tag's manifest fetched and hashed, nothing shared. With token auth it
 * asks the token server once per scope (the catalog, then each repository) before that scope's requests, as a
 * careful sequential client would; with htpasswd it sends Basic auth up front.
 */
async function sequentialPlan(url: string, registry: TestRegistry): Promise<{ tags: number; digests: number }> {
  const basic = `Basic ${Buffer.from(`${registry.username}:${registry.password}`).toString('base64')}`;
  const authFor = async (scope: string): Promise<string> => {
    if (!registry.tokens) return basic;
    const r = await fetch(
      `${registry.tokens.realm}?service=imagegate-test-registry&scope=${encodeURIComponent(scope)}`,
      { headers: { authorization: basic } },
    );
    return `Bearer ${((await r.json()) as { token: string }).token}`;
  };
  const list = async <T>(first: string, key: string, authorization: string): Promise<T[]> => {
    const items: T[] = [];
    for (let next: string | undefined = first; next;) {
      const response = await fetch(new URL(next, url), { headers: { authorization } });
      if (!response.ok) throw new Error(`GET ${next}: HTTP ${response.status}`);
      items.push(...(((await response.json()) as Record<string, T[] | null>)[key] ?? []));
      next = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
    }
    return items;
  };
  const digests: string[] = [];
  let tags = 0;
  for (const repository of await list<string>('/v2/_catalog', 'repositories', await authFor('registry:catalog:*'))) {
    const authorization = await authFor(`repository:${repository}:pull`);
    for (const tag of await list<string>(`/v2/${repository}/tags/list`, 'tags', authorization)) {
      const response = await fetch(`${url}/v2/${repository}/manifests/${tag}`, {
        headers: {
          authorization,
          accept: 'application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json',
        },
      });
      if (!response.ok) throw new Error(`GET ${repository}:${tag}: HTTP ${response.status}`);
      digests.push(
        `sha256:${createHash('sha256')
          .update(Buffer.from(await response.arrayBuffer()))
          .digest('hex')}`,
      );
      tags += 1;
    }
  }
  return { tags, digests: new Set(digests).size };
}

async function imagegatePlan(host: string, registry: TestRegistry, outDir: string): Promise<RescanPlan> {
  const code = await runRescanPlan(
    {
      registry: host,
      repositories: [],
      tagRules: [],
      outDir,
      insecureRegistries: [],
      trivyDbUpdatedAt: '2026-11-26T00:51:12Z',
      verbose: false,
    },
    {
      cwd: outDir,
      env: {
        IMAGEGATE_REGISTRY_USERNAME: registry.username,
        IMAGEGATE_REGISTRY_PASSWORD: registry.password,
        HOME: '/nonexistent-imagegate-home',
      },
      logger: new MemoryLogger(),
      stdout: () => undefined,
      scan: { trivyInstallCache: { kind: 'directory', dir: outDir }, defaultCacheDir: outDir, processEnv: process.env },
    },
  );
  if (code !== 0) throw new Error(`rescan plan exited ${code}`);
  return JSON.parse(await readFile(path.join(outDir, 'plan.json'), 'utf8')) as RescanPlan;
}

async function timed<T>(task: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await task();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}
