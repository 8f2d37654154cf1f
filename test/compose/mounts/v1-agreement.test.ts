import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { loadComposeProject } from '../../../src/compose/loader/load.js';
import { serviceMounts } from '../../../src/compose/mounts/mounts.js';
import { isHostPathSource, parseShortVolume } from '../../../src/compose/loader/short-volume.js';
import type { ComposeProject } from '../../../src/compose/types.js';
import { exec } from '../../../src/util/exec.js';
import { MemoryLogger } from '../../../src/util/logger.js';
import { sharedDir } from '../../support/shared.js';
import { describeWhen } from '../../support/gate.js';

/**
 * imagegate's bind mounts against a second, independent reading: Debian's `docker-compose` (v1) `config` on every
 * corpus file it accepts. Both sides are compared as the engine receives them (service, target, host source,
 * read-only), with paths cleaned as the engine cleans them. v1 refuses build contexts that do not exist, and the
 * corpus keeps only the compose files, so a file's directory is copied to a temporary place and the missing
 * directories created there first; both readings then load that copy.
 */

const corpus = sharedDir() && path.join(sharedDir() as string, 'corpus', 'compose');
const V1 = ['/usr/bin/docker-compose', '/usr/local/bin/docker-compose'].find((file) => existsSync(file));
// In CI both must be there (.ci/run installs docker-compose); elsewhere the comparison is skipped without them.
const describeWithV1 = describeWhen(
  corpus && V1,
  'the compose v1 comparison needs the shared corpus and docker-compose (apt-get install docker-compose)',
);

/** The share of bind mounts on which both must agree. */
const REQUIRED_AGREEMENT = 0.98;

/** Where compose v2 means something else than v1, so the two cannot agree; each with the reason. */
const SEMANTIC_DIFFERENCES: ReadonlyArray<{ file: RegExp; target: string; reason: string }> = [];

interface Bind {
  key: string;
  source: string;
  readOnly: boolean;
}

interface Disagreement {
  file: string;
  key: string;
  v1?: Bind;
  imagegate?: Bind;
  reason?: string;
}

const environment = { HOME: '/home/imagegate' };

function clean(value: string): string {
  if (/^[A-Za-z]:|^\\\\/.test(value)) return value;
  const normalized = path.posix.normalize(value);
  return normalized.length > 1 ? normalized.replace(/\/+$/, '') : normalized;
}

function v1Binds(stdout: string): Bind[] {
  const document = parse(stdout) as { services?: Record<string, { volumes?: unknown[] } | null> } | null;
  const binds: Bind[] = [];
  for (const [service, body] of Object.entries(document?.services ?? {})) {
    for (const volume of body?.volumes ?? []) {
      if (typeof volume === 'string') {
        const parsed = parseShortVolume(volume);
        if (!parsed.ok || !isHostPathSource(parsed.volume.source)) continue;
        const { source, target, mode } = parsed.volume;
        binds.push({ key: `${service} ${clean(target)}`, source: clean(source), readOnly: isReadOnly(mode) });
      } else if (volume && typeof volume === 'object') {
        const long = volume as { type?: string; source?: string; target?: string; read_only?: boolean };
        if (long.type !== 'bind' || !long.source || !long.target) continue;
        binds.push({
          key: `${service} ${clean(long.target)}`,
          source: clean(long.source),
          readOnly: long.read_only === true,
        });
      }
    }
  }
  return binds;
}

function isReadOnly(mode: string | undefined): boolean {
  return (mode ?? '').split(',').includes('ro');
}

/** The binds v1 would print: declared in `volumes` (v1 shows named volumes as volumes, even bind ones). */
function imagegateBinds(project: ComposeProject): Bind[] {
  return project.services.flatMap((service) =>
    serviceMounts(service, project)
      .filter(
        (mount) => mount.type === 'bind' && !mount.namedVolume && (mount.origin === 'short' || mount.origin === 'long'),
      )
      .map((mount) => ({
        key: `${service.name} ${clean(mount.target)}`,
        source: clean(mount.source ?? ''),
        readOnly: mount.readOnly,
      })),
  );
}

async function composeFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return composeFiles(full);
      return /\.ya?ml$/.test(entry.name) ? [full] : [];
    }),
  );
  return nested.flat().sort();
}

async function runV1(file: string): Promise<{ ok: true; stdout: string } | { ok: false; stderr: string }> {
  const result = await exec(V1 as string, ['-f', file, 'config'], {
    logger: new MemoryLogger(),
    cwd: path.dirname(file),
    env: environment,
    okExitCodes: [0, 1, 2, 255],
    timeoutMs: 60_000,
  });
  return result.exitCode === 0 ? { ok: true, stdout: result.stdout } : { ok: false, stderr: result.stderr };
}

/**
 * v1's reading of a corpus file, on a copy of its directory where the build contexts v1 insists on exist. Returns
 * the copied file to load with imagegate too, or undefined when v1 refuses the file for another reason.
 */
async function v1Reading(file: string, scratch: string): Promise<{ file: string; stdout: string } | undefined> {
  const copy = path.join(scratch, path.basename(path.dirname(file)));
  await cp(path.dirname(file), copy, { recursive: true });
  const copied = path.join(copy, path.basename(file));
  for (let attempt = 0; attempt < 10; attempt++) {
    const result = await runV1(copied);
    if (result.ok) return { file: copied, stdout: result.stdout };
    const missing = /build path (.+?) either does not exist/.exec(result.stderr)?.[1];
    if (!missing || !missing.startsWith(copy)) return undefined;
    await mkdir(missing, { recursive: true });
  }
  return undefined;
}

async function pool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

describeWithV1('bind mounts agree with docker-compose v1', () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'imagegate-v1-'));
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it(`on at least ${REQUIRED_AGREEMENT * 100}% of the mounts of every corpus file v1 can config`, async () => {
    const files = await composeFiles(corpus as string);
    const disagreements: Disagreement[] = [];
    let compared = 0;
    let mounts = 0;
    let agreeing = 0;
    await pool(files, 6, async (file) => {
      const name = path
        .relative(corpus as string, file)
        .split(path.sep)
        .join('/');
      const reading = await v1Reading(file, await mkdtemp(path.join(scratch, 'file-')));
      if (!reading) return;
      let project: ComposeProject;
      try {
        project = await loadComposeProject({
          files: [reading.file],
          cwd: path.dirname(reading.file),
          environment,
          displayPath: (absolute) => absolute,
        });
      } catch (error) {
        disagreements.push({
          file: name,
          key: '(whole file)',
          reason: `imagegate refused it: ${(error as Error).message}`,
        });
        return;
      }
      compared++;
      const theirs = new Map(v1Binds(reading.stdout).map((bind) => [bind.key, bind]));
      const ours = new Map(imagegateBinds(project).map((bind) => [bind.key, bind]));
      for (const key of new Set([...theirs.keys(), ...ours.keys()])) {
        mounts++;
        const v1 = theirs.get(key);
        const imagegate = ours.get(key);
        const relocate = (bind: Bind | undefined) =>
          bind && { ...bind, source: bind.source.split(path.dirname(reading.file)).join('<dir>') };
        if (v1 && imagegate && v1.source === imagegate.source && v1.readOnly === imagegate.readOnly) {
          agreeing++;
          continue;
        }
        const known = SEMANTIC_DIFFERENCES.find((each) => each.file.test(name) && key.endsWith(` ${each.target}`));
        disagreements.push({
          file: name,
          key,
          ...(v1 ? { v1: relocate(v1) } : {}),
          ...(imagegate ? { imagegate: relocate(imagegate) } : {}),
          ...(known ? { reason: known.reason } : {}),
        });
      }
    });
    const share = mounts === 0 ? 0 : agreeing / mounts;
    console.log(
      `docker-compose v1 agreement: ${compared} of ${files.length} corpus files compared (v1 refuses the others), ` +
        `${agreeing} of ${mounts} bind mounts agree (${(share * 100).toFixed(1)}%)` +
        (disagreements.length > 0 ? `\n${disagreements.map((each) => JSON.stringify(each)).join('\n')}` : ''),
    );
    expect(compared).toBeGreaterThanOrEqual(30);
    expect(mounts).toBeGreaterThanOrEqual(20);
    expect(share).toBeGreaterThanOrEqual(REQUIRED_AGREEMENT);
  });
});
