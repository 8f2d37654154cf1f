import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { busyboxPath } from '../../support/docker.js';

/**
 * Stand-ins for the Dockerfile's bases, which cannot be pulled here: a Node 24 image made FROM scratch out of the
 * Node 24 binary from npm, the shared libraries `ldd` says it needs (copied from this machine), busybox as the
 * shell and coreutils, a passwd with the `node` user (uid 1000) the real image has, and an `apt-get` stand-in
 * (apt-get-standin) with one package staged, git (see stageGit); and a docker-cli image
 * holding this machine's docker client where docker:29-cli keeps it. Every image carries RUN_LABEL, which images
 * built FROM them inherit, so cleanup finds all of them, intermediate ones included.
 */

export const RUN_LABEL = 'imagegate.test.shipping-run';

/** Builds the Node 24 stand-in as `tag`. */
export async function buildNodeBase(node: string, parent: string, tag: string, runId: string): Promise<void> {
  const context = await mkdtemp(path.join(parent, 'node-base-'));
  try {
    const rootfs = path.join(context, 'rootfs');
    await place(node, path.join(rootfs, 'usr/local/bin/node'), 0o755);
    const nodeLibraries = await sharedLibraries(node);
    for (const library of nodeLibraries) await place(library, path.join(rootfs, library), 0o755);
    await place(APT_GET_STANDIN, path.join(rootfs, 'usr/bin/apt-get'), 0o755);
    await stageGit(path.join(rootfs, 'usr/share/apt-standin/git'), new Set(nodeLibraries));
    await place(busyboxPath(), path.join(rootfs, 'bin/busybox'), 0o755);
    await mkdir(path.join(rootfs, 'etc'), { recursive: true });
    await writeFile(
      path.join(rootfs, 'etc/passwd'),
      'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\n',
    );
    await writeFile(path.join(rootfs, 'etc/group'), 'root:x:0:\nnode:x:1000:\n');
    await writeFile(
      path.join(context, 'Dockerfile'),
      [
        'FROM scratch',
        'COPY rootfs/ /',
        'RUN ["/bin/busybox", "--install", "-s", "/bin"]',
        'RUN mkdir -p /tmp /home/node /root && chmod 1777 /tmp && chown 1000:1000 /home/node && node --version',
        'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        `LABEL ${RUN_LABEL}=${runId}`,
        'CMD ["node"]',
        '',
      ].join('\n'),
    );
    await buildImage(context, tag, []);
  } finally {
    await rm(context, { recursive: true, force: true });
  }
}

const APT_GET_STANDIN = path.join(path.dirname(fileURLToPath(import.meta.url)), 'apt-get-standin');

/**
 * The `git` package as the apt-get stand-in installs it: this machine's git (Debian 12's, as in the real base),
 * the shared libraries `ldd` lists for it that the base lacks, and in git's exec path the one helper besides
 * `git` itself that the commands imagegate runs or suggests need (`git fetch` from a local repository starts
 * `git-upload-pack`); rev-parse, ls-tree, cat-file and show are built into the binary. Nothing else: the real
 * package has more, but the test only needs what it runs.
 */
async function stageGit(tree: string, present: Set<string>): Promise<void> {
  const { stdout } = await execa('git', ['--exec-path']);
  const execPath = stdout.trim();
  const binary = await realpath(path.join(execPath, 'git'));
  await place(binary, path.join(tree, 'usr/bin/git'), 0o755);
  for (const library of await sharedLibraries(binary)) {
    if (!present.has(library)) await place(library, path.join(tree, library), 0o755);
  }
  // As Debian lays it out: the exec path's helpers are links to the one binary, which dispatches on its name.
  const helpers = path.join(tree, execPath);
  await mkdir(helpers, { recursive: true });
  for (const helper of ['git', 'git-upload-pack']) await symlink('/usr/bin/git', path.join(helpers, helper));
}

/** Builds the docker-cli stand-in as `tag`: the docker client at /usr/local/bin/docker, as in docker:29-cli. */
export async function buildDockerCliBase(parent: string, tag: string, runId: string): Promise<void> {
  const client = ['/usr/local/bin/docker', '/usr/bin/docker'].find((candidate) => existsSync(candidate));
  if (!client) throw new Error('no docker client binary found to put into the docker-cli stand-in');
  const context = await mkdtemp(path.join(parent, 'docker-cli-base-'));
  try {
    await place(client, path.join(context, 'docker'), 0o755);
    await writeFile(
      path.join(context, 'Dockerfile'),
      `FROM scratch\nCOPY docker /usr/local/bin/docker\nLABEL ${RUN_LABEL}=${runId}\n`,
    );
    await buildImage(context, tag, []);
  } finally {
    await rm(context, { recursive: true, force: true });
  }
}

/** Pushes `tag` to its registry and returns `tag@sha256:…`, the reference a Dockerfile pins. */
export async function pushPinned(tag: string): Promise<string> {
  await execa('docker', ['push', tag]);
  const { stdout } = await execa('docker', ['image', 'inspect', '--format', '{{json .RepoDigests}}', tag]);
  const repository = tag.slice(0, tag.lastIndexOf(':'));
  const digest = (JSON.parse(stdout) as string[])
    .find((entry) => entry.startsWith(`${repository}@`))
    ?.slice(repository.length + 1);
  if (!digest) throw new Error(`no repo digest for ${tag} after the push: ${stdout}`);
  return `${tag}@${digest}`;
}

/**
 * `docker build` as this machine allows: BuildKit when the client has it, else the classic builder (a client
 * without buildx refuses BuildKit). Returns the build's output; a failed build throws with the output in the message.
 */
export async function buildImage(context: string, tag: string, args: string[]): Promise<string> {
  const buildkit = await execa('docker', ['build', '--progress=plain', '-t', tag, ...args, context], {
    reject: false,
    all: true,
    env: { DOCKER_BUILDKIT: '1' },
  });
  if (buildkit.exitCode === 0) return buildkit.all;
  if (!/buildx component is missing|BuildKit is enabled but the buildx/i.test(buildkit.all)) {
    throw new Error(`docker build failed:\n${buildkit.all}`);
  }
  const classic = await execa('docker', ['build', '--force-rm', '-t', tag, ...args, context], {
    reject: false,
    all: true,
    env: { DOCKER_BUILDKIT: '0' },
  });
  if (classic.exitCode !== 0) throw new Error(`docker build failed:\n${classic.all}`);
  return classic.all;
}

/** Removes every image carrying this run's label (children before parents, so a few rounds). */
export async function removeRunImages(runId: string): Promise<void> {
  for (let round = 0; round < 5; round++) {
    const { stdout } = await execa('docker', ['images', '-a', '-q', '--filter', `label=${RUN_LABEL}=${runId}`]);
    const ids = [...new Set(stdout.split('\n').filter(Boolean))];
    if (ids.length === 0) return;
    await execa('docker', ['rmi', '-f', ...ids], { reject: false });
  }
}

/** Absolute paths of the shared libraries (and the loader) a dynamic executable needs, per `ldd`. */
async function sharedLibraries(executable: string): Promise<string[]> {
  const { stdout } = await execa('ldd', [executable]);
  const libraries = new Set<string>();
  for (const line of stdout.split('\n')) {
    const match = /(?:=>\s*)?(\/\S+)\s+\(0x[0-9a-f]+\)/.exec(line);
    if (match?.[1]) libraries.add(match[1]);
  }
  if (libraries.size === 0) throw new Error(`ldd found no libraries for ${executable}:\n${stdout}`);
  return [...libraries];
}

/** Copies `from` (following symlinks) to `to`, creating directories. */
async function place(from: string, to: string, mode: number): Promise<void> {
  await mkdir(path.dirname(to), { recursive: true });
  await copyFile(from, to);
  await chmod(to, mode);
}
