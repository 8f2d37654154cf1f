import { toPlain } from '../../../src/compose/loader/node.js';
import { at, service, useProjectDir, where } from './project-dir.js';

const project = useProjectDir();

describe('merging -f files with compose rules', () => {
  it('an override that mounts the same target replaces the entry, dropping :ro, at the override line', async () => {
    await project().write({
      'compose.yaml':
        'services:\n  web:\n    image: nginx\n    volumes:\n      - ./config:/etc/nginx:ro\n      - logs:/var/log\n',
      'override.yaml': 'services:\n  web:\n    volumes:\n      - ./config:/etc/nginx\n',
    });
    const web = service(await project().load({ files: ['compose.yaml', 'override.yaml'] }), 'web');
    expect(toPlain(at(web, 'volumes'))).toEqual(['./config:/etc/nginx', 'logs:/var/log']);
    expect(where(at(web, 'volumes', 0))).toBe('override.yaml:4:9');
    expect(where(at(web, 'volumes', 1))).toBe('compose.yaml:6:9');
    expect(web.position).toEqual({ path: 'compose.yaml', line: 2, column: 3 });
  });

  it('keys volumes by target across short and long syntax, after interpolation, Windows drives included', async () => {
    await project().write({
      'compose.yaml': [
        'services:',
        '  app:',
        '    volumes:',
        '      - type: bind',
        '        source: ./a',
        '        target: /a',
        '        read_only: true',
        '      - ${SRC}:/b:ro',
        '      - C:\\data:/c:ro',
        '      - /keep:/keep:ro',
        '',
      ].join('\n'),
      'override.yaml': [
        'services:',
        '  app:',
        '    volumes:',
        '      - ./a:/a',
        '      - type: bind',
        '        source: /other',
        '        target: /b',
        '      - D:\\elsewhere:/c',
        '      - /new:/new',
        '',
      ].join('\n'),
    });
    const app = service(
      await project().load({ files: ['compose.yaml', 'override.yaml'], environment: { SRC: '/from/env' } }),
      'app',
    );
    expect(toPlain(at(app, 'volumes'))).toEqual([
      './a:/a',
      { type: 'bind', source: '/other', target: '/b' },
      'D:\\elsewhere:/c',
      '/keep:/keep:ro',
      '/new:/new',
    ]);
    expect(where(at(app, 'volumes', 1))).toBe('override.yaml:5:9');
  });

  it('merges the other service keys as compose does', async () => {
    await project().write({
      'compose.yaml': [
        'services:',
        '  app:',
        '    command: [run, --fast]',
        '    environment: {A: "1", B: "2"}',
        '    cap_add: [NET_ADMIN]',
        '    ports: ["8080:80"]',
        '    volumes_from: [db]',
        '    tmpfs: /run',
        '    depends_on: [db]',
        '    labels: [x=1]',
        '',
      ].join('\n'),
      'override.yaml': [
        'services:',
        '  app:',
        '    command: serve',
        '    environment: [B=3, C]',
        '    cap_add: [NET_ADMIN, SYS_ADMIN]',
        '    ports: ["8080:80", "9090:90"]',
        '    volumes_from: [db, cache:ro]',
        '    tmpfs: [/tmp]',
        '    depends_on: {cache: {condition: service_healthy}}',
        '    labels: {x: "2"}',
        '',
      ].join('\n'),
    });
    const app = service(await project().load({ files: ['compose.yaml', 'override.yaml'] }), 'app');
    expect(toPlain(app.body)).toEqual({
      command: 'serve',
      environment: ['A=1', 'B=3', 'C'],
      cap_add: ['NET_ADMIN', 'SYS_ADMIN'],
      ports: ['8080:80', '9090:90'],
      volumes_from: ['db', 'db', 'cache:ro'],
      tmpfs: ['/run', '/tmp'],
      depends_on: {
        db: { condition: 'service_started', required: true },
        cache: { condition: 'service_healthy' },
      },
      labels: ['x=2'],
    });
    expect(where(at(app, 'environment', 1))).toBe('override.yaml:4:19');
    expect(where(at(app, 'cap_add', 1))).toBe('override.yaml:5:26');
  });

  it('!reset removes what earlier files set, !override replaces instead of merging', async () => {
    await project().write({
      'compose.yaml': [
        'services:',
        '  app:',
        '    image: app',
        '    privileged: true',
        '    volumes: [/:/host, /etc:/etc]',
        '    environment: {A: "1"}',
        '',
      ].join('\n'),
      'override.yaml': [
        'services:',
        '  app:',
        '    privileged: !reset null',
        '    volumes: !override',
        '      - /etc:/etc:ro',
        '    environment: !reset {}',
        '',
      ].join('\n'),
    });
    const app = service(await project().load({ files: ['compose.yaml', 'override.yaml'] }), 'app');
    expect(toPlain(app.body)).toEqual({ image: 'app', volumes: ['/etc:/etc:ro'] });
    expect(where(at(app, 'volumes', 0))).toBe('override.yaml:5:9');
  });

  it('an empty value in a later file keeps what the earlier file set', async () => {
    await project().write({
      'compose.yaml': 'services:\n  app:\n    volumes: [/srv:/srv:ro]\n',
      'override.yaml': 'services:\n  app:\n    volumes:\n',
    });
    const app = service(await project().load({ files: ['compose.yaml', 'override.yaml'] }), 'app');
    expect(toPlain(at(app, 'volumes'))).toEqual(['/srv:/srv:ro']);
  });

  it('refuses to merge a map into a list, naming both places', async () => {
    await project().write({
      'compose.yaml': 'services:\n  app:\n    security_opt: [no-new-privileges]\n',
      'override.yaml': 'services:\n  app:\n    security_opt:\n      seccomp: unconfined\n',
    });
    const error = await project().loadError({ files: ['compose.yaml', 'override.yaml'] });
    expect(error.message).toBe(
      'override.yaml:4:7: cannot override services.app.security_opt: it is a list in compose.yaml:3:19, ' +
        'and compose can only merge a list into it, not a map',
    );
    await project().write({ 'override.yaml': 'services:\n  app:\n    volumes:\n      data: /srv\n' });
    expect((await project().loadError({ files: ['compose.yaml', 'override.yaml'] })).message).toBe(
      'override.yaml:4:7: `volumes` of service `app` must be a list, found a map',
    );
  });

  it('rejects a short volume spec compose cannot read (an unset variable leaving ":/target")', async () => {
    await project().write({ 'compose.yaml': 'services:\n  app:\n    volumes: ["${MEDIA}:/media"]\n' });
    const error = await project().loadError();
    expect(error.message).toBe(
      'compose.yaml:3:15: services.app.volumes[0]: invalid spec: :/media: empty section between colons',
    );
  });
});
