import { toPlain } from '../../../src/compose/loader/node.js';
import { ExitCode } from '../../../src/util/errors.js';
import { at, service, useProjectDir, where } from './project-dir.js';

const project = useProjectDir();

describe('compose interpolation in the loader', () => {
  it('substitutes values from the environment, keeps each value at its scalar, and never touches keys', async () => {
    await project().write({
      'compose.yaml': [
        'services:',
        '  web:',
        '    image: nginx:${TAG:-latest}',
        '    volumes:',
        '      - ${DATA:-/x}:/y:ro',
        '    labels:',
        '      ${KEY}: $$literal',
        '',
      ].join('\n'),
    });
    const web = service(await project().load({ environment: { DATA: '/srv/data' } }), 'web');
    expect(toPlain(web.body)).toEqual({
      image: 'nginx:latest',
      volumes: ['/srv/data:/y:ro'],
      labels: { '${KEY}': '$literal' },
    });
    expect(where(at(web, 'volumes', 0))).toBe('compose.yaml:5:9');
  });

  it('fails on an unset ${VAR:?msg} with the message and the line (exit 2)', async () => {
    await project().write({
      'compose.yaml':
        'services:\n  db:\n    volumes:\n      - "${DB_DATA:?set DB_DATA to the data directory}:/var/lib/db"\n',
    });
    const error = await project().loadError();
    expect(error.exitCode).toBe(ExitCode.Configuration);
    expect(error.position).toEqual({ path: 'compose.yaml', line: 4, column: 9 });
    expect(error.message).toBe(
      'compose.yaml:4:9: required variable DB_DATA is missing a value: set DB_DATA to the data directory ' +
        '(in services.db.volumes[0])',
    );
  });

  it('warns about unset variables, as compose does, and substitutes an empty string', async () => {
    await project().write({ 'compose.yaml': 'services:\n  web:\n    image: "app:${TAG}"\n' });
    const loaded = await project().load();
    expect(toPlain(at(service(loaded, 'web'), 'image'))).toBe('app:');
    expect(loaded.warnings).toEqual([
      {
        message: 'the "TAG" variable is not set; compose substitutes an empty string',
        position: { path: 'compose.yaml', line: 3, column: 12 },
      },
    ]);
  });

  it('reads .env from the project directory; the process environment wins over it; .env can use ${…}', async () => {
    await project().write({
      '.env': [
        '# comment',
        'export DATA=/from/dotenv',
        "RAW='${NOT_EXPANDED}'",
        'SUB="${DATA}/sub"',
        'TAG=from-dotenv',
        '',
      ].join('\n'),
      'compose.yaml': 'services:\n  web:\n    image: app:$TAG\n    volumes: ["$SUB:/a", "$RAW:/b", "$DATA:/c"]\n',
    });
    const web = service(await project().load({ environment: { TAG: 'from-process' } }), 'web');
    expect(toPlain(web.body)).toEqual({
      image: 'app:from-process',
      volumes: ['/from/dotenv/sub:/a', '${NOT_EXPANDED}:/b', '/from/dotenv:/c'],
    });
  });

  it('uses --env-file instead of .env, in order, later files overriding earlier ones', async () => {
    await project().write({
      '.env': 'DATA=/ignored\n',
      'one.env': 'DATA=/one\nTAG=one\n',
      'two.env': 'TAG=two\n',
      'compose.yaml': 'services:\n  web:\n    image: app:$TAG\n    volumes: ["$DATA:/data"]\n',
    });
    const web = service(await project().load({ envFiles: ['one.env', 'two.env'] }), 'web');
    expect(toPlain(web.body)).toEqual({ image: 'app:two', volumes: ['/one:/data'] });
    const missing = await project().loadError({ envFiles: ['nope.env'] });
    expect(missing.message).toBe('cannot read env file nope.env: the file does not exist');
  });

  it('casts interpolated strings where compose does: read_only "yes" is true, a bad boolean an error', async () => {
    await project().write({
      'compose.yaml': [
        'services:',
        '  web:',
        '    read_only: "${RO:-yes}"',
        '    volumes:',
        '      - type: bind',
        '        source: .',
        '        target: /app',
        '        read_only: "true"',
        '  bad:',
        '    privileged: maybe',
        '',
      ].join('\n'),
    });
    const error = await project().loadError();
    expect(error.message).toBe(
      'compose.yaml:10:17: services.bad.privileged must be true or false: invalid boolean: "maybe"',
    );
    await project().write({
      'compose.yaml':
        'services:\n  web:\n    read_only: "${RO:-yes}"\n    volumes:\n      - {type: bind, source: ., target: /app, read_only: "true"}\n',
    });
    const web = service(await project().load(), 'web');
    expect(at(web, 'read_only')).toMatchObject({ value: true, position: { line: 3, column: 16 } });
    expect(at(web, 'volumes', 0, 'read_only')).toMatchObject({ value: true });
  });

  it('makes COMPOSE_PROJECT_NAME available, from `name:` or the directory', async () => {
    await project().write({
      'compose.yaml': 'name: My_App\nservices:\n  web:\n    image: ${COMPOSE_PROJECT_NAME}-web\n',
    });
    const loaded = await project().load();
    expect(loaded.name).toBe('my_app');
    expect(toPlain(at(service(loaded, 'web'), 'image'))).toBe('my_app-web');
  });
});
