import { MAX_INCLUDE_DEPTH } from '../../../src/compose/loader/include.js';
import path from 'node:path';
import { toPlain } from '../../../src/compose/loader/node.js';
import { at, service, useProjectDir, where } from './project-dir.js';

const project = useProjectDir();

describe('include', () => {
  it('imports a sub-project with its own directory and .env; the including environment wins', async () => {
    await project().write({
      'compose.yaml': 'include:\n  - sub/compose.yaml\nservices:\n  web:\n    image: web\n',
      'sub/.env': 'DATA=./from-sub-env\nTAG=sub\n',
      'sub/compose.yaml':
        'services:\n  db:\n    image: db:${TAG}\n    volumes: ["${DATA}:/var/lib/db"]\nvolumes:\n  cache: {}\n',
    });
    const loaded = await project().load({ environment: { TAG: 'outer' } });
    const db = service(loaded, 'db');
    expect(toPlain(db.body)).toEqual({ image: 'db:outer', volumes: ['./from-sub-env:/var/lib/db'] });
    expect(db.workingDir).toBe(path.join(project().root, 'sub'));
    expect(at(db, 'volumes', 0).baseDir).toBe(path.join(project().root, 'sub'));
    expect(where(at(db, 'volumes', 0))).toBe('sub/compose.yaml:4:15');
    expect(service(loaded, 'web').workingDir).toBe(project().root);
    expect(toPlain(loaded.volumes!)).toEqual({ cache: {} });
    expect(loaded.files).toEqual(['compose.yaml', 'sub/compose.yaml']);
  });

  it('takes path lists (main file then overrides), project_directory and env_file', async () => {
    await project().write({
      'compose.yaml': [
        'include:',
        '  - path: [sub/compose.yaml, sub/override.yaml]',
        '    project_directory: elsewhere',
        '    env_file: sub/vars.env',
        '',
      ].join('\n'),
      'sub/vars.env': 'MODE=ro\n',
      'sub/compose.yaml': 'services:\n  db:\n    volumes: ["./data:/data:${MODE}"]\n',
      'sub/override.yaml': 'services:\n  db:\n    read_only: true\n',
    });
    const db = service(await project().load(), 'db');
    expect(toPlain(db.body)).toEqual({ volumes: ['./data:/data:ro'], read_only: true });
    expect(db.workingDir).toBe(path.join(project().root, 'elsewhere'));
    expect(at(db, 'volumes', 0).baseDir).toBe(path.join(project().root, 'elsewhere'));
  });

  it('lets a later file override an included service', async () => {
    await project().write({
      'compose.yaml': 'include: [sub/compose.yaml]\n',
      'override.yaml': 'services:\n  db:\n    volumes: [./data:/data]\n',
      'sub/compose.yaml': 'services:\n  db:\n    volumes: [./data:/data:ro]\n',
    });
    const db = service(await project().load({ files: ['compose.yaml', 'override.yaml'] }), 'db');
    expect(toPlain(at(db, 'volumes'))).toEqual(['./data:/data']);
    expect(where(at(db, 'volumes', 0))).toBe('override.yaml:3:15');
    expect(db.position).toEqual({ path: 'sub/compose.yaml', line: 2, column: 3 });
  });

  it('refuses a service defined differently on both sides, and include cycles', async () => {
    await project().write({
      'conflict.yaml': 'include: [sub/compose.yaml]\nservices:\n  db:\n    image: other\n',
      'sub/compose.yaml': 'services:\n  db:\n    image: db\n',
      'a.yaml': 'include: [b.yaml]\n',
      'b.yaml': 'include: [a.yaml]\nservices:\n  x:\n    image: x\n',
    });
    expect((await project().loadError({ files: ['conflict.yaml'] })).message).toBe(
      'conflict.yaml:3:3: services.db is defined here and also by the included project (sub/compose.yaml); ' +
        'compose refuses the conflict',
    );
    expect((await project().loadError({ files: ['a.yaml'] })).message).toBe(
      'b.yaml:1:11: include cycle: a.yaml includes b.yaml includes a.yaml',
    );
  });

  it('refuses includes nested deeper than MAX_INCLUDE_DEPTH at the entry that goes too deep', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i <= MAX_INCLUDE_DEPTH + 3; i++)
      files[`d${i}.yaml`] = `include: [d${i + 1}.yaml]\nservices:\n  s${i}:\n    image: x\n`;
    files[`d${MAX_INCLUDE_DEPTH + 4}.yaml`] = 'services:\n  last:\n    image: x\n';
    await project().write(files);
    expect((await project().loadError({ files: ['d0.yaml'] })).message).toBe(
      `d${MAX_INCLUDE_DEPTH - 1}.yaml:1:11: \`include\` nests more than ${MAX_INCLUDE_DEPTH} files deep (from d0.yaml); flatten the includes`,
    );
  });
});
