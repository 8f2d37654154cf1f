import path from 'node:path';
import { toPlain } from '../../../src/compose/loader/node.js';
import { resolveHostPath } from '../../../src/compose/loader/paths.js';
import { at, service, useProjectDir, where } from './project-dir.js';

const project = useProjectDir();

describe('the compose project: files, profiles, warnings, paths', () => {
  it('finds compose.yaml and picks up compose.override.yaml like compose, from a subdirectory too', async () => {
    await project().write({
      'compose.yaml': 'services:\n  web:\n    volumes: [./conf:/conf:ro]\n',
      'docker-compose.yml': 'services:\n  ignored:\n    image: x\n',
      'compose.override.yaml': 'services:\n  web:\n    volumes: [./conf:/conf]\n',
      'src/deep/.keep': '',
    });
    const loaded = await project().load({ cwd: path.join(project().root, 'src', 'deep') });
    expect(loaded.files).toEqual(['compose.yaml', 'compose.override.yaml']);
    expect(loaded.projectDir).toBe(project().root);
    expect(loaded.services.map((item) => item.name)).toEqual(['web']);
    expect(where(at(service(loaded, 'web'), 'volumes', 0))).toBe('compose.override.yaml:3:15');
    expect(loaded.warnings.map((warning) => warning.message)).toEqual([
      'found several compose files (compose.yaml, docker-compose.yml); using compose.yaml as compose does',
    ]);
  });

  it('looks for the default files in --project-directory when no file is named', async () => {
    await project().write({ 'app/docker-compose.yaml': 'services:\n  web:\n    image: web\n' });
    const loaded = await project().load({ projectDirectory: 'app' });
    expect(loaded.files).toEqual(['app/docker-compose.yaml']);
    expect(loaded.name).toBe('app');
  });

  it('says where it looked when there is no compose file', async () => {
    const error = await project().loadError();
    expect(error.message).toMatch(/^no compose file found in .* or its parent directories \(looked for compose\.yaml/);
    expect((await project().loadError({ files: ['nope.yaml'] })).message).toMatch(/^compose file nope\.yaml not found/);
  });

  it('keeps every service by default and narrows with profiles as compose does', async () => {
    await project().write({
      'compose.yaml': [
        'services:',
        '  app: {image: app}',
        '  debug: {image: debug, profiles: [debug]}',
        '  tools: {image: tools, profiles: [tools, ops]}',
        '',
      ].join('\n'),
    });
    const names = async (profiles?: string[]): Promise<string[]> =>
      (await project().load(profiles ? { profiles } : {})).services.map((item) => item.name);
    expect(await names()).toEqual(['app', 'debug', 'tools']);
    expect(await names(['*'])).toEqual(['app', 'debug', 'tools']);
    expect(await names(['ops'])).toEqual(['app', 'tools']);
    expect(await names([])).toEqual(['app']);
    expect((await project().load({ profiles: ['ops'] })).disabledServices).toEqual(['debug']);
    expect(service(await project().load(), 'tools').profiles).toEqual(['tools', 'ops']);
  });

  it('warns (does not fail) on unknown keys, with a hint, and on the obsolete `version`', async () => {
    await project().write({
      'compose.yaml': [
        'version: "3.9"',
        'servicez: {}',
        'services:',
        '  web:',
        '    image: nginx',
        '    x-note: fine',
        '    volumes:',
        '      - type: bind',
        '        source: .',
        '        target: /app',
        '        readonly: true',
        '',
      ].join('\n'),
    });
    const loaded = await project().load();
    expect(loaded.warnings).toEqual([
      {
        message: 'the attribute `version` is obsolete; compose ignores it',
        position: { path: 'compose.yaml', line: 1, column: 1 },
      },
      {
        message:
          'unknown key `servicez` in the top level (did you mean `services`?); docker compose rejects the file, imagegate ignores the key',
        position: { path: 'compose.yaml', line: 2, column: 1 },
      },
      {
        message:
          'unknown key `readonly` in a volume of service `web` (did you mean `read_only`?); docker compose rejects the file, imagegate ignores the key',
        position: { path: 'compose.yaml', line: 11, column: 9 },
      },
    ]);
    expect(toPlain(at(service(loaded, 'web'), 'volumes', 0))).toEqual({
      type: 'bind',
      source: '.',
      target: '/app',
      readonly: true,
    });
  });

  it('reads a service with an empty body as one without settings, with a warning; a scalar body is an error', async () => {
    await project().write({
      'compose.yaml': 'services:\n  web:\n  db:\n    image: db\n',
      'bad.yaml': 'services:\n  web: nginx\n',
    });
    const loaded = await project().load();
    expect(toPlain(service(loaded, 'web').body)).toEqual({});
    expect(loaded.warnings).toEqual([
      {
        message:
          'service `web` has an empty body; docker compose rejects it (services.web must be a mapping), imagegate reads it as a service without settings',
        position: { path: 'compose.yaml', line: 2, column: 3 },
      },
    ]);
    expect((await project().loadError({ files: ['bad.yaml'] })).message).toBe(
      'bad.yaml:2:8: service `web` must be a map of settings (image, volumes, …), found the string "nginx"',
    );
  });

  it('uses --project-directory for .env and relative paths, and HOME for ~', async () => {
    await project().write({
      'deploy/compose.yaml': 'services:\n  web:\n    volumes: ["$SRC:/src", "~/cache:/cache"]\n',
      'app/.env': 'SRC=./code\n',
    });
    const loaded = await project().load({
      files: ['deploy/compose.yaml'],
      projectDirectory: 'app',
      environment: { HOME: '/home/ci' },
    });
    const web = service(loaded, 'web');
    expect(toPlain(at(web, 'volumes'))).toEqual(['./code:/src', '~/cache:/cache']);
    expect(at(web, 'volumes', 0).baseDir).toBe(path.join(project().root, 'app'));
    expect(loaded.homeDir).toBe('/home/ci');
    expect(resolveHostPath('./code', at(web, 'volumes', 0).baseDir!, loaded.homeDir)).toBe(
      path.join(project().root, 'app', 'code'),
    );
    expect(resolveHostPath('~/cache', project().root, loaded.homeDir)).toBe('/home/ci/cache');
    expect(resolveHostPath('~user/x', project().root, '/home/ci')).toBe('/home/ci/user/x');
    expect(resolveHostPath('C:\\data', project().root, undefined)).toBe('C:\\data');
    expect(resolveHostPath('/abs/../x', project().root, undefined)).toBe('/abs/../x');
  });
});
