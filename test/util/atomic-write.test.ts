import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeGitLabReports } from '../../src/gitlab/write-gitlab-reports.js';
import { writeReports } from '../../src/report/write-reports.js';
import { writeJsonAtomic } from '../../src/rescan/json-input.js';
import { AtomicFileSet, writeError } from '../../src/util/atomic-write.js';
import { ConfigurationError, ToolError } from '../../src/util/errors.js';
import { noRedaction, Redactor } from '../../src/util/redact.js';
import { sampleResult } from '../report/fixtures.js';
import { rejection } from '../support/rejection.js';
import { tempDir } from '../support/temp.js';

/**
 * Issue 11, item 5: one stage-then-rename writer. The copies it replaced disagreed on the exit code of the same disk
 * error (GitLab's reports said 3 where the others said 2); now every writer gives the same answer for it.
 */

const root = await tempDir('imagegate-atomic-');
const SECRET = 'hunter2-secret-value';

describe('one atomic writer', () => {
  test('an out dir that is a file: exit 2 naming it, from every writer alike', async () => {
    const file = path.join(root, 'a-file');
    await writeFile(file, 'x');
    const redactor = noRedaction();
    const errors = [
      await rejection(writeReports(sampleResult(), file, { toolVersion: '0.1.0', category: 'imagegate', redactor })),
      await rejection(writeGitLabReports(sampleResult(), file, { toolVersion: '0.1.0', redactor })),
      await rejection(writeJsonAtomic(path.join(file, 'plan.json'), { a: 1 }, 'the plan', redactor)),
    ];
    for (const error of errors) {
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as ConfigurationError).exitCode).toBe(2);
    }
    expect(errors[0]?.message).toContain(`${file}: cannot write the reports here (`);
    expect(errors[1]?.message).toContain(`${file}: cannot write the GitLab reports here (`);
    expect(errors[2]?.message).toContain(`${path.join(file, 'plan.json')}: cannot write the plan (`);
    expect(await readFile(file, 'utf8')).toBe('x');
  });

  test('a failing disk (ENOSPC, EIO) is exit 3 naming the place; one classification for all', () => {
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), {
      code: 'ENOSPC',
      syscall: 'write',
    });
    const error = writeError({ what: 'the ledger', place: '/out/ledger.json', placeKind: 'file' }, full);
    expect(error).toBeInstanceOf(ToolError);
    expect((error as ToolError).exitCode).toBe(3);
    expect(error.message).toBe('writing the ledger to /out/ledger.json failed: ENOSPC: no space left on device, write');
    const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES', syscall: 'open' });
    expect(writeError({ what: 'the GitLab reports', place: '/out', placeKind: 'directory' }, denied)).toBeInstanceOf(
      ConfigurationError,
    );
  });

  test('all files of a set appear together, redacted; a failure midway leaves the old ones and no temporary', async () => {
    const dir = path.join(root, 'set');
    await mkdir(dir);
    await writeFile(path.join(dir, 'a.json'), 'old a');
    const redactor = new Redactor([SECRET]);
    const failing = new AtomicFileSet({ what: 'the files', place: dir, placeKind: 'directory' }, redactor);
    const error = await rejection(
      failing.run(async (set) => {
        await set.stage(path.join(dir, 'a.json'), (sink) => sink.writeFile('new a', 'utf8'));
        await set.stage(path.join(dir, 'b.json'), async () => {
          throw new TypeError('a rendering bug');
        });
      }),
    );
    expect(error).toBeInstanceOf(TypeError);
    expect((await readdir(dir)).sort()).toEqual(['a.json']);
    expect(await readFile(path.join(dir, 'a.json'), 'utf8')).toBe('old a');

    const files = new AtomicFileSet({ what: 'the files', place: dir, placeKind: 'directory' }, redactor);
    await files.run(async (set) => {
      await set.stage(path.join(dir, 'a.json'), async (sink) => {
        // A secret split across two pieces is still caught.
        await sink.writeFile(`token ${SECRET.slice(0, 5)}`, 'utf8');
        await sink.writeFile(`${SECRET.slice(5)} end\n`, 'utf8');
      });
      await set.stage(path.join(dir, 'b.json'), (sink) => sink.writeFile('b\n', 'utf8'));
    });
    expect((await readdir(dir)).sort()).toEqual(['a.json', 'b.json']);
    expect(await readFile(path.join(dir, 'a.json'), 'utf8')).toBe('token *** end\n');
  });
});
