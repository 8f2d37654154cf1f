import { truncate } from 'node:fs/promises';
import path from 'node:path';
import { toPlain } from '../../../src/compose/loader/node.js';
import { MAX_COMPOSE_FILE_BYTES } from '../../../src/compose/loader/yaml-tree.js';
import { ExitCode } from '../../../src/util/errors.js';
import { at, service, useProjectDir, where } from './project-dir.js';

const project = useProjectDir();

describe('compose YAML: positions, anchors, merge keys, tags', () => {
  it('gives every value the file, line and column it was written at', async () => {
    await project().write({
      'compose.yaml': [
        'services:',
        '  web:',
        '    image: nginx',
        '    volumes:',
        '      - ./site:/usr/share/nginx/html:ro',
        '',
      ].join('\n'),
    });
    const web = service(await project().load(), 'web');
    expect(where(at(web, 'image'))).toBe('compose.yaml:3:12');
    expect(where(at(web, 'volumes', 0))).toBe('compose.yaml:5:9');
    expect(web.position).toEqual({ path: 'compose.yaml', line: 2, column: 3 });
    expect(web.body.entries.get('volumes')?.keyPosition).toEqual({ path: 'compose.yaml', line: 4, column: 5 });
  });

  it('expands anchors and merge keys; explicit keys win, and the earlier of several merged maps wins', async () => {
    await project().write({
      'compose.yaml': [
        'x-common: &common',
        '  read_only: true',
        '  volumes: [/srv:/srv:ro]',
        'x-other: &other',
        '  read_only: false',
        '  privileged: true',
        'services:',
        '  one:',
        '    <<: *common',
        '    image: one',
        '  two:',
        '    read_only: false',
        '    <<: [*common, *other]',
        '',
      ].join('\n'),
    });
    const loaded = await project().load();
    const one = service(loaded, 'one');
    expect(toPlain(one.body)).toEqual({ read_only: true, volumes: ['/srv:/srv:ro'], image: 'one' });
    // The value comes from the anchor: that is the line to change.
    expect(where(at(one, 'read_only'))).toBe('compose.yaml:2:14');
    const two = service(loaded, 'two');
    expect(toPlain(two.body)).toEqual({ read_only: false, volumes: ['/srv:/srv:ro'], privileged: true });
    expect(where(at(two, 'read_only'))).toBe('compose.yaml:12:16');
  });

  it('rejects duplicate keys, naming both lines', async () => {
    await project().write({ 'compose.yaml': 'services:\n  web:\n    image: a\n    image: b\n' });
    const error = await project().loadError();
    expect(error.exitCode).toBe(ExitCode.Configuration);
    expect(error.message).toBe(
      'compose.yaml:4:5: duplicate key `image` (first defined at line 3); a key may appear once in a map',
    );
  });

  it('stops a "billion laughs" document quickly with an error that names the file', async () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    const names = 'bcdefghi';
    for (let i = 0; i < names.length; i++) {
      const previous = i === 0 ? 'a' : names[i - 1];
      lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    await project().write({ 'compose.yaml': `${lines.join('\n')}\nservices:\n  web:\n    image: x\n` });
    const started = Date.now();
    const error = await project().loadError();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(error.message).toMatch(
      /^compose\.yaml:\d+:\d+: compose\.yaml expands to more than 250000 values through YAML aliases/,
    );
  });

  it('rejects a top level that is not a map, an alias to nothing and an alias inside itself', async () => {
    await project().write({
      'list.yaml': '- services\n',
      'alias.yaml': 'services:\n  web: *nope\n',
      'self.yaml': 'a: &x [*x]\n',
    });
    expect((await project().loadError({ files: ['list.yaml'] })).message).toBe(
      'list.yaml:1:1: the top level of a compose file must be a map (services, volumes, networks, …), found a list',
    );
    expect((await project().loadError({ files: ['alias.yaml'] })).message).toBe(
      'alias.yaml:2:8: unknown YAML alias *nope; define the anchor &nope first',
    );
    expect((await project().loadError({ files: ['self.yaml'] })).message).toMatch(
      /refers to the value that contains it/,
    );
  });

  it('reports YAML syntax errors with their position', async () => {
    await project().write({ 'compose.yaml': 'services:\n  web:\n    volumes: [a:/b\n' });
    const error = await project().loadError();
    expect(error.message).toMatch(/^compose\.yaml:\d+:\d+: YAML syntax error: /);
  });

  it('refuses files over the size cap without reading them, and empty projects', async () => {
    await project().write({ 'big.yaml': '', 'empty.yaml': '# nothing here\n' });
    await truncate(path.join(project().root, 'big.yaml'), MAX_COMPOSE_FILE_BYTES + 1);
    expect((await project().loadError({ files: ['big.yaml'] })).message).toBe(
      `big.yaml is ${MAX_COMPOSE_FILE_BYTES + 1} bytes; imagegate reads compose files up to ${MAX_COMPOSE_FILE_BYTES} bytes`,
    );
    expect((await project().loadError({ files: ['empty.yaml'] })).message).toBe(
      'empty.yaml: empty compose file: empty.yaml defines nothing',
    );
  });

  it('merges the documents of a multi-document file in order', async () => {
    await project().write({
      'compose.yaml': 'services:\n  web:\n    image: a\n    read_only: true\n---\nservices:\n  web:\n    image: b\n',
    });
    const web = service(await project().load(), 'web');
    expect(toPlain(web.body)).toEqual({ image: 'b', read_only: true });
    expect(where(at(web, 'image'))).toBe('compose.yaml:8:12');
  });

  it('warns about tags other than !reset and !override and reads the value as written', async () => {
    await project().write({ 'compose.yaml': 'services:\n  web:\n    image: !custom nginx\n' });
    const loaded = await project().load();
    expect(toPlain(service(loaded, 'web').body)).toEqual({ image: 'nginx' });
    expect(loaded.warnings).toContainEqual({
      message: 'unknown YAML tag !custom; compose knows only !reset and !override, the value is read as is',
      position: { path: 'compose.yaml', line: 3, column: 20 },
    });
  });
});

describe('compose YAML limits', () => {
  it('refuses absurd nesting with a configuration error instead of a stack overflow', async () => {
    await project().write({ 'compose.yaml': `services:\n  web:\n    x-deep: ${'['.repeat(300)}${']'.repeat(300)}\n` });
    expect((await project().loadError()).message).toBe(
      'compose.yaml:3:210: the YAML nests lists or maps more than 200 levels deep',
    );
    await project().write({
      'compose.yaml': `services:\n  web:\n    x-deep: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
    });
    expect((await project().loadError()).message).toMatch(/nests lists or maps too deeply/);
  });
});
