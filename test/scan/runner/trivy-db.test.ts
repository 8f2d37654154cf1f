import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  DEFAULT_TRIVY_DB_REPOSITORIES,
  DEFAULT_TRIVY_JAVA_DB_REPOSITORIES,
  defaultActionTrivyCacheDir,
  defaultCliTrivyCacheDir,
  readTrivyDbState,
  resolveDbOptions,
} from '../../../src/scan/runner/trivy-db.js';
import { ConfigurationError } from '../../../src/util/errors.js';
import { tempDir } from '../../support/temp.js';

const root = await tempDir('imagegate-trivy-db-');
let counter = 0;

/** A cache dir holding a DB (and its metadata.json, verbatim) for each entry given. */
async function cacheWith(dbs: { db?: string | object; javaDb?: string | object; withoutDbFile?: boolean }) {
  const cacheDir = path.join(root, `cache-${++counter}`);
  for (const [dir, file, metadata] of [
    ['db', 'trivy.db', dbs.db],
    ['java-db', 'trivy-java.db', dbs.javaDb],
  ] as const) {
    if (metadata === undefined) continue;
    await mkdir(path.join(cacheDir, dir), { recursive: true });
    if (!dbs.withoutDbFile) await writeFile(path.join(cacheDir, dir, file), 'db');
    await writeFile(
      path.join(cacheDir, dir, 'metadata.json'),
      typeof metadata === 'string' ? metadata : JSON.stringify(metadata),
    );
  }
  return cacheDir;
}

// As Trivy writes it: Go time.Time with nanoseconds.
const realMetadata =
  '{"Version":2,"NextUpdate":"2026-11-28T00:49:04.613459006Z","UpdatedAt":"2026-11-27T00:49:04.613459266Z","DownloadedAt":"2026-11-27T06:12:40.218342Z"}\n';

describe('resolveDbOptions', () => {
  test('defaults: the three mirrors in order, for the DB and the Java DB', async () => {
    const options = await resolveDbOptions({ cacheDir: path.join(root, 'none'), now: new Date() });
    expect(options).toEqual({
      repositories: [
        'mirror.gcr.io/aquasec/trivy-db:2',
        'public.ecr.aws/aquasecurity/trivy-db:2',
        'ghcr.io/aquasecurity/trivy-db:2',
      ],
      javaRepositories: [
        'mirror.gcr.io/aquasec/trivy-java-db:1',
        'public.ecr.aws/aquasecurity/trivy-java-db:1',
        'ghcr.io/aquasecurity/trivy-java-db:1',
      ],
      skipUpdate: false,
      skipJavaUpdate: false,
    });
  });

  test("the user's repositories replace the defaults: trimmed, comma lists split, duplicates dropped, order kept", async () => {
    const options = await resolveDbOptions({
      cacheDir: path.join(root, 'none'),
      repositories: [' registry.example.com/trivy-db:2 ', 'a.example/db:2,registry.example.com/trivy-db:2', ''],
      javaRepositories: ['j.example/java-db:1'],
      now: new Date(),
    });
    expect(options.repositories).toEqual(['registry.example.com/trivy-db:2', 'a.example/db:2']);
    expect(options.javaRepositories).toEqual(['j.example/java-db:1']);
    const empty = await resolveDbOptions({ cacheDir: root, repositories: [], now: new Date() });
    expect(empty.repositories).toEqual([...DEFAULT_TRIVY_DB_REPOSITORIES]);
    expect(empty.javaRepositories).toEqual([...DEFAULT_TRIVY_JAVA_DB_REPOSITORIES]);
  });

  test('a repository that is not one is a configuration error', async () => {
    for (const bad of ['my registry/db', '--insecure']) {
      await expect(resolveDbOptions({ cacheDir: root, repositories: [bad], now: new Date() })).rejects.toThrow(
        ConfigurationError,
      );
    }
  });

  test("Trivy's own metadata.json: fresh on the UTC day it was downloaded, stale from the next UTC midnight", async () => {
    const cacheDir = await cacheWith({ db: realMetadata, javaDb: { ...JSON.parse(realMetadata), Version: 1 } });
    const sameDay = await resolveDbOptions({ cacheDir, now: new Date('2026-11-27T23:59:59Z') });
    expect(sameDay).toMatchObject({ skipUpdate: true, skipJavaUpdate: true });
    const nextDay = await resolveDbOptions({ cacheDir, now: new Date('2026-11-28T00:00:01Z') });
    expect(nextDay).toMatchObject({ skipUpdate: false, skipJavaUpdate: false });
    const before = await resolveDbOptions({ cacheDir, now: new Date('2026-11-26T23:00:00Z') });
    expect(before.skipUpdate).toBe(false);
  });

  test('not fresh: no DB file, another schema, never downloaded, unreadable metadata', async () => {
    const now = new Date('2026-11-27T12:00:00Z');
    const cases = [
      await cacheWith({ db: realMetadata, withoutDbFile: true }),
      await cacheWith({ db: { ...JSON.parse(realMetadata), Version: 3 } }),
      await cacheWith({ db: { ...JSON.parse(realMetadata), DownloadedAt: '0001-01-01T00:00:00Z' } }),
      await cacheWith({ db: '{"Version":2,' }),
      await cacheWith({ db: '[]' }),
      // A Java DB with the vulnerability DB's schema version is not the Java DB imagegate asks for.
      await cacheWith({ javaDb: realMetadata }),
    ];
    for (const cacheDir of cases) {
      expect(await resolveDbOptions({ cacheDir, now })).toMatchObject({ skipUpdate: false, skipJavaUpdate: false });
    }
  });

  test('readTrivyDbState reads the Go times', async () => {
    const state = await readTrivyDbState(await cacheWith({ db: realMetadata }), 'db');
    expect(state).toEqual({
      hasDatabase: true,
      metadata: {
        version: 2,
        nextUpdate: new Date('2026-11-28T00:49:04.613Z'),
        updatedAt: new Date('2026-11-27T00:49:04.613Z'),
        downloadedAt: new Date('2026-11-27T06:12:40.218Z'),
      },
    });
  });
});

describe('default cache dirs', () => {
  test('CLI: $XDG_CACHE_HOME/imagegate/trivy-db, else ~/.cache/imagegate/trivy-db', () => {
    expect(defaultCliTrivyCacheDir({ XDG_CACHE_HOME: '/xdg' }, '/home/u')).toBe('/xdg/imagegate/trivy-db');
    expect(defaultCliTrivyCacheDir({}, '/home/u')).toBe('/home/u/.cache/imagegate/trivy-db');
    // The XDG spec ignores relative paths.
    expect(defaultCliTrivyCacheDir({ XDG_CACHE_HOME: 'rel' }, '/home/u')).toBe('/home/u/.cache/imagegate/trivy-db');
  });

  test('Action: $RUNNER_TEMP/imagegate-trivy-cache, the same path in every run', () => {
    expect(defaultActionTrivyCacheDir({ RUNNER_TEMP: '/home/runner/work/_temp' })).toBe(
      '/home/runner/work/_temp/imagegate-trivy-cache',
    );
    expect(path.isAbsolute(defaultActionTrivyCacheDir({}))).toBe(true);
  });
});
