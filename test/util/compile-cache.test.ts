import { execa } from 'execa';
import { chmod, chown, lstat, mkdir, readdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { privateCacheDirectory } from '../../src/util/compile-cache.js';
import { node24Path } from '../support/node24.js';
import { tempDir } from '../support/temp.js';

/**
 * The V8 compile cache holds code that runs as the user, so imagegate uses a cache directory only when it is the
 * user's alone (src/util/compile-cache.ts): never one another user of a shared /tmp created, loosened or linked.
 */
const work = await tempDir('imagegate-compile-cache-');
const uid = process.getuid?.() ?? 0;
const name = `imagegate-compile-cache-${uid}`;
let count = 0;
async function freshTemp(): Promise<string> {
  count += 1;
  const dir = path.join(work, `tmp-${count}`);
  await mkdir(dir);
  return dir;
}

test('creates <tmp>/imagegate-compile-cache-<uid> readable by its owner only, and uses it again', async () => {
  const temp = await freshTemp();
  expect(privateCacheDirectory(temp)).toBe(path.join(temp, name));
  const stat = await lstat(path.join(temp, name));
  expect([stat.isDirectory(), stat.mode & 0o777, stat.uid]).toEqual([true, 0o700, uid]);
  expect(privateCacheDirectory(temp)).toBe(path.join(temp, name));
});

test('refuses a directory others may write to', async () => {
  const temp = await freshTemp();
  await mkdir(path.join(temp, name));
  await chmod(path.join(temp, name), 0o777);
  expect(privateCacheDirectory(temp)).toBeUndefined();
  await chmod(path.join(temp, name), 0o720);
  expect(privateCacheDirectory(temp)).toBeUndefined();
});

test('refuses a link in its place, even to a directory of the user', async () => {
  const temp = await freshTemp();
  await mkdir(path.join(temp, 'elsewhere'), { mode: 0o700 });
  await symlink(path.join(temp, 'elsewhere'), path.join(temp, name));
  expect(privateCacheDirectory(temp)).toBeUndefined();
});

const asRoot = uid === 0 ? test : test.skip;
asRoot('refuses a directory another user owns', async () => {
  const temp = await freshTemp();
  await mkdir(path.join(temp, name), { mode: 0o700 });
  await chown(path.join(temp, name), 4242, 4242);
  expect(privateCacheDirectory(temp)).toBeUndefined();
});

test('on Node 24 the module turns the cache on in the private directory only', async () => {
  const node24 = await node24Path();
  if (!node24) {
    if (process.env.CI === 'true') throw new Error('Node 24 could not be fetched from npm');
    return;
  }
  const temp = await freshTemp();
  const module = path.resolve('src', 'util', 'compile-cache.ts');
  // The module itself, run by Node 24 through its type stripping, as the entry points run it first.
  const script = `import(${JSON.stringify(module)}).then((m) => process.stdout.write(String(m.enableCompileCache())))`;
  // Node disables the cache when NODE_DISABLE_COMPILE_CACHE is set at all, even empty.
  const { NODE_COMPILE_CACHE: _cache, NODE_DISABLE_COMPILE_CACHE: _disable, ...inherited } = process.env;
  const env = { ...inherited, TMPDIR: temp };
  const first = await execa(node24, ['--experimental-strip-types', '--no-warnings', '-e', script], {
    env,
    extendEnv: false,
  });
  // Node keeps a subdirectory per Node version and flags in the directory it is given.
  expect(first.stdout.startsWith(`${path.join(temp, name)}${path.sep}`)).toBe(true);
  expect((await lstat(first.stdout)).isDirectory()).toBe(true);
  const planted = await freshTemp();
  await mkdir(path.join(planted, name), { mode: 0o777 });
  await chmod(path.join(planted, name), 0o777);
  const refused = await execa(node24, ['--experimental-strip-types', '--no-warnings', '-e', script], {
    env: { ...env, TMPDIR: planted },
    extendEnv: false,
  });
  expect(refused.stdout).toBe('undefined');
  expect(await readdir(path.join(planted, name))).toEqual([]);
});
