import path from 'node:path';
import { MAX_EXTENDS_DEPTH } from '../../../src/compose/loader/extends.js';
import { toPlain } from '../../../src/compose/loader/node.js';
import { at, service, useProjectDir, where } from './project-dir.js';

const project = useProjectDir();

describe('extends', () => {
  it('starts from a service of the same file and merges the extending service over it', async () => {
    await project().write({
      'compose.yaml': [
        'services:',
        '  base:',
        '    image: app',
        '    read_only: true',
        '    volumes: [./data:/data:ro, ./logs:/logs]',
        '  web:',
        '    extends: base',
        '    volumes: [./data:/data]',
        '',
      ].join('\n'),
    });
    const web = service(await project().load(), 'web');
    expect(toPlain(web.body)).toEqual({ image: 'app', read_only: true, volumes: ['./data:/data', './logs:/logs'] });
    expect(where(at(web, 'volumes', 0))).toBe('compose.yaml:8:15');
    expect(where(at(web, 'read_only'))).toBe('compose.yaml:4:16');
  });

  it('reads `file:` against the project directory; the extended file’s values resolve against its own directory', async () => {
    await project().write({
      'compose.yaml': [
        'services:',
        '  web:',
        '    extends: {file: common/base.yaml, service: base}',
        '    volumes: [./own:/own]',
        '',
      ].join('\n'),
      'common/base.yaml': 'services:\n  base:\n    image: app\n    volumes: [./shared:/shared:ro]\n',
    });
    const loaded = await project().load();
    const web = service(loaded, 'web');
    expect(toPlain(at(web, 'volumes'))).toEqual(['./shared:/shared:ro', './own:/own']);
    expect(at(web, 'volumes', 0).baseDir).toBe(path.join(project().root, 'common'));
    expect(where(at(web, 'volumes', 0))).toBe('common/base.yaml:4:15');
    expect(at(web, 'volumes', 1).baseDir).toBe(project().root);
    expect(web.workingDir).toBe(project().root);
    expect(loaded.files).toEqual(['compose.yaml', 'common/base.yaml']);
  });

  it('follows chains across files (nested `file:` relative to the extended file)', async () => {
    await project().write({
      'compose.yaml': 'services:\n  web:\n    extends: {file: dir/mid.yaml, service: mid}\n',
      'dir/mid.yaml': 'services:\n  mid:\n    extends: {file: base.yaml, service: base}\n    privileged: true\n',
      'dir/base.yaml': 'services:\n  base:\n    image: app\n    volumes: [/var/run/docker.sock:/var/run/docker.sock]\n',
    });
    const web = service(await project().load(), 'web');
    expect(toPlain(web.body)).toEqual({
      image: 'app',
      volumes: ['/var/run/docker.sock:/var/run/docker.sock'],
      privileged: true,
    });
    expect(where(at(web, 'volumes', 0))).toBe('dir/base.yaml:4:15');
  });

  it('applies the extending service’s !reset to what it inherits (compose-go testdata extends/reset.yaml)', async () => {
    await project().write({
      'compose.yaml': [
        'services:',
        '  init:',
        '    image: alpine:latest',
        '    command: "sleep infinity"',
        '    volumes: [/:/host]',
        '  base:',
        '    extends: { service: init }',
        '    command: !reset',
        '    volumes: !reset []',
        '',
      ].join('\n'),
    });
    const loaded = await project().load();
    expect(toPlain(service(loaded, 'base').body)).toEqual({ image: 'alpine:latest' });
    expect(toPlain(service(loaded, 'init').body)).toEqual({
      image: 'alpine:latest',
      command: 'sleep infinity',
      volumes: ['/:/host'],
    });
  });

  it('reports circular extends and missing services with the line of `extends`', async () => {
    await project().write({
      'cycle.yaml': 'services:\n  a:\n    extends: b\n  b:\n    extends: a\n',
      'missing.yaml': 'services:\n  a:\n    extends: {service: nope}\n',
      'missing-file.yaml': 'services:\n  a:\n    extends: {file: nowhere.yaml, service: x}\n',
    });
    expect((await project().loadError({ files: ['cycle.yaml'] })).message).toBe(
      'cycle.yaml:5:14: circular extends: a in cycle.yaml → b in cycle.yaml → a in cycle.yaml',
    );
    expect((await project().loadError({ files: ['missing.yaml'] })).message).toBe(
      'missing.yaml:3:14: service `a` extends `nope`, but missing.yaml has no service `nope`',
    );
    expect((await project().loadError({ files: ['missing-file.yaml'] })).message).toBe(
      'missing-file.yaml:3:14: cannot read compose file nowhere.yaml: the file does not exist',
    );
  });

  it('stops a chain longer than MAX_EXTENDS_DEPTH at the `extends` line that goes too deep', async () => {
    // Written from the end of the chain, so resolving the first service follows every link (in file order each
    // base would already be resolved).
    const lines = ['services:'];
    for (let i = MAX_EXTENDS_DEPTH + 5; i >= 1; i--) lines.push(`  s${i}:`, `    extends: s${i - 1}`);
    lines.push('  s0:', '    image: app');
    await project().write({
      'long.yaml': `${lines.join('\n')}\n`,
      'ok.yaml': ['services:', ...lines.slice(-2 * 21)].join('\n'),
    });
    const message = (await project().loadError({ files: ['long.yaml'] })).message;
    expect(message).toMatch(
      new RegExp(
        `^long\\.yaml:\\d+:14: \`extends\` of service \`s\\d+\` goes more than ${MAX_EXTENDS_DEPTH} services deep`,
      ),
    );
    expect(service(await project().load({ files: ['ok.yaml'] }), 's20').name).toBe('s20');
  });
});
