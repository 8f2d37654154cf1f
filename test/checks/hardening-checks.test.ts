import type { CheckContext } from '../../src/checks/context.js';
import { checkAccounts } from '../../src/checks/accounts.js';
import { checkFilesystem } from '../../src/checks/filesystem.js';
import { checkUser } from '../../src/checks/user.js';
import type { Finding } from '../../src/model/findings.js';
import { resolveUser } from '../../src/checks/user-resolution.js';
import type { AccountFacts, FileModeFact, FilesystemFacts } from '../../src/image/layers/filesystem-facts.js';
import type { ContentFacts } from '../../src/image/layers/content-facts.js';
import { parseGroup, parsePasswd, parseShadow } from '../../src/image/accounts/account-files.js';
import { parseImageReference } from '../../src/model/image-reference.js';
import { emptyAllowlist, emptyImageRules } from '../../src/policy/merge.js';
import type { AccountRules, FsRules } from '../../src/policy/types.js';
import { makeFacts } from '../support/facts.js';

/** fs/* and user/* on fixture facts (checks are pure): defaults, policy switches, allow lists, USER resolution. */

function accounts(passwd: string | null, shadow: string | null = null, group: string | null = null): AccountFacts {
  const file = <T>(
    path: string,
    text: string | null,
    parse: (bytes: Buffer) => { entries: T[]; invalidLines: number },
  ) =>
    text === null
      ? { state: 'absent' as const, path, layer: -1, entries: [] as T[], invalidLines: 0 }
      : { state: 'read' as const, path, layer: 1, size: text.length, ...parse(Buffer.from(text)) };
  return {
    passwd: file('/etc/passwd', passwd, parsePasswd),
    shadow: file('/etc/shadow', shadow, parseShadow),
    group: file('/etc/group', group, parseGroup),
  };
}

const mode = (path: string, bits: number, layer = 1): FileModeFact => ({
  path,
  type: 'file',
  mode: bits,
  uid: 0,
  gid: 0,
  layer,
});

function context(
  filesystem: Partial<FilesystemFacts>,
  rules: { fs?: FsRules; accounts?: AccountRules } = {},
  user = '10001',
): CheckContext {
  const full: FilesystemFacts = {
    setuid: [],
    setuidCount: 0,
    setgid: [],
    setgidCount: 0,
    worldWritable: [],
    worldWritableCount: 0,
    programs: [],
    accounts: accounts(null),
    ...filesystem,
  };
  const base = makeFacts();
  const contents = { filesystem: full } as unknown as ContentFacts;
  const image = { ...base, config: { ...base.config, user }, contents };
  const reference = parseImageReference(base.reference ?? '');
  return {
    image,
    reference,
    imageName: reference.normalized,
    imageRepository: `${reference.registry}/${reference.repository}`,
    rules: { ...emptyImageRules(), user: { forbidRoot: true }, ...rules },
    layerOrigins: [
      { kind: 'source', path: 'Dockerfile', line: 1, column: 1 },
      { kind: 'source', path: 'Dockerfile', line: 4, column: 1 },
    ],
    imageLocation: { kind: 'source', path: 'Dockerfile', line: 1, column: 1 },
    allow: emptyAllowlist(),
    now: new Date('2026-12-07T00:00:00Z'),
  };
}

const ids = (findings: Finding[]) =>
  findings.map((finding) => `${finding.ruleId} ${String(finding.properties?.subject ?? '-')}`).sort();
// Only the hardening checks: the fixture's contents hold nothing but the filesystem facts.
const run = (ctx: CheckContext): Finding[] => [...checkFilesystem(ctx), ...checkAccounts(ctx), ...checkUser(ctx)];

describe('fs/setuid and fs/setgid', () => {
  const setuid = [mode('/usr/bin/passwd', 0o4755, 0), mode('/bin/su', 0o4755, 0), mode('/opt/app/helper', 0o4755)];
  const setgid = [mode('/usr/bin/chage', 0o2755, 0), mode('/opt/app/grouper', 0o2711)];

  test('a stock base image’s setuid/setgid files are expected; others are reported at their layer', () => {
    const findings = run(context({ setuid, setuidCount: 3, setgid, setgidCount: 2 }));
    expect(ids(findings)).toEqual(['fs/setgid /opt/app/grouper', 'fs/setuid /opt/app/helper']);
    const helper = findings.find((finding) => finding.ruleId === 'fs/setuid');
    expect(helper?.location).toEqual({ kind: 'source', path: 'Dockerfile', line: 4, column: 1 });
    expect(helper?.severity).toBe('medium');
    expect(helper?.message).toBe(
      '`/opt/app/helper` is setuid (mode `4755`, owner root, group 0), set by layer 2 (Dockerfile:4). Remove the bit or ' +
        'the file, or list the path under fs.setuid.allow if the image needs it.',
    );
  });

  test('allow adds globs; allowDefaults: false drops the built-in list; false turns the rule off', () => {
    const facts = { setuid, setuidCount: 3, setgid, setgidCount: 2 };
    expect(ids(run(context(facts, { fs: { setuid: { allow: ['/opt/app/*'], allowDefaults: true } } })))).toEqual([
      'fs/setgid /opt/app/grouper',
    ]);
    expect(ids(run(context(facts, { fs: { setuid: { allow: [], allowDefaults: false }, setgid: false } })))).toEqual([
      'fs/setuid /bin/su',
      'fs/setuid /opt/app/helper',
      'fs/setuid /usr/bin/passwd',
    ]);
  });

  test('a list cut at its cap says how many more there are', () => {
    const findings = run(context({ setuid: [mode('/opt/a', 0o4755)], setuidCount: 501 }));
    expect(findings[0]?.message).toContain('(500 more setuid files are not listed: imagegate lists the first 1.)');
  });
});

describe('fs/world-writable, fs/sudo, fs/sshd', () => {
  const facts: Partial<FilesystemFacts> = {
    worldWritable: [{ ...mode('/data', 0o777), type: 'directory' }],
    worldWritableCount: 1,
    programs: [
      { program: 'sudo', path: '/usr/bin/sudo', layer: 0 },
      { program: 'sshd', path: '/usr/sbin/sshd', layer: 1 },
    ],
  };

  test('reported by default, each off by its switch; sudo from the base points at FROM', () => {
    const findings = run(context(facts));
    expect(ids(findings)).toEqual(['fs/sshd /usr/sbin/sshd', 'fs/sudo /usr/bin/sudo', 'fs/world-writable /data']);
    expect(findings.find((finding) => finding.ruleId === 'fs/sudo')?.location).toMatchObject({ line: 1 });
    expect(findings.map((finding) => finding.message).sort()).toEqual([
      'An SSH server (sshd) is in the image: `/usr/sbin/sshd`, written by layer 2 (Dockerfile:4). Use docker exec or ' +
        'kubectl exec instead, and remove the SSH server (fs.sshd).',
      'Directory `/data` is world-writable without the sticky bit (mode `0777`, owner uid 0), set by layer 2 ' +
        '(Dockerfile:4): any user in the container can change it. Give it to the user that needs it with mode `755`, ' +
        'or add the sticky bit (`1777`) (fs.worldWritable).',
      'sudo is in the image: `/usr/bin/sudo`, written by layer 1 (Dockerfile:1). Do the privileged steps at build ' +
        'time, before USER, and do not install sudo (fs.sudo).',
    ]);
    for (const finding of findings) expect(finding.message).not.toContain('\n');
    expect(ids(run(context(facts, { fs: { worldWritable: false, sudo: false, sshd: false } })))).toEqual([]);
  });

  test('a message escapes a hostile path in its Markdown', () => {
    const hostile = run(context({ worldWritable: [mode('/a|b`c', 0o666)], worldWritableCount: 1 }));
    expect(hostile[0]?.messageMarkdown).not.toContain('a|b');
  });
});

describe('accounts', () => {
  const passwd =
    'root:x:0:0::/root:/bin/sh\ntoor:x:0:0::/root:/bin/sh\napp:x:1000:1000::/:/bin/sh\n' +
    'app2:x:1000:1000::/:/sbin/nologin\nguest:x:1001:1::/:/bin/sh\nsvc:x:1002:1::/:/usr/sbin/nologin\n' +
    'nopw::1003:1::/:\nghost:x:1004:1::/:/bin/sh\n';
  const shadow = 'root:*:1::::::\nguest::1::::::\nsvc::1::::::\n';
  const group = 'root:x:0:\nstaff:x:50:\nstaff2:x:50:\n';

  test('empty passwords with a login shell, a second UID 0, duplicate UIDs and GIDs', () => {
    const findings = run(context({ accounts: accounts(passwd, shadow, group) }));
    expect(ids(findings)).toEqual([
      'user/duplicate-id app2',
      'user/duplicate-id staff2',
      'user/duplicate-root toor',
      'user/empty-password guest',
      'user/empty-password nopw',
    ]);
    for (const finding of findings) expect(JSON.stringify(finding)).not.toMatch(/::1::|\*:1/);
  });

  test('each account rule has its switch', () => {
    const rules: AccountRules = { emptyPassword: false, duplicateRoot: false, duplicateId: false };
    expect(ids(run(context({ accounts: accounts(passwd, shadow, group) }, { accounts: rules })))).toEqual([]);
  });

  test('a file over the cap or with junk lines is said, once, at info', () => {
    const facts = accounts('root:x:0:0::/root:/bin/sh\n\x00junk\n');
    facts.group = { state: 'too-large', path: '/etc/group', layer: 1, size: 2_000_000, entries: [], invalidLines: 0 };
    const findings = run(context({ accounts: facts }));
    expect(findings.map((finding) => [finding.ruleId, finding.severity, finding.message])).toEqual([
      [
        'user/accounts-unchecked',
        'info',
        '`/etc/passwd` has 1 line that is not an account entry, so the account rules did not check all of it.',
      ],
      [
        'user/accounts-unchecked',
        'info',
        '`/etc/group` is 2000000 bytes, more than the 1048576 imagegate reads, so the account rules did not check all of it.',
      ],
    ]);
  });
});

describe('USER resolved through the image’s account files', () => {
  const files = accounts(
    'root:x:0:0::/root:/bin/sh\nadmin:x:0:0::/:/bin/sh\napp:x:1000:1000::/:/bin/sh\n',
    null,
    'app:x:1000:\n',
  );

  test.each([
    ['', { root: true, via: 'no-user' }],
    ['0', { root: true, via: 'number' }],
    ['1000:1000', { root: false, via: 'number' }],
    ['admin', { root: true, via: 'passwd', uid: 0 }],
    ['app:app', { root: false, via: 'passwd', uid: 1000 }],
    ['ghost', { root: false, unknown: { name: 'ghost', file: '/etc/passwd', fileState: 'read' } }],
    ['app:wheel', { root: false, unknown: { name: 'wheel', file: '/etc/group', fileState: 'read' } }],
    ['1000:wheel', { root: false, unknown: { name: 'wheel', file: '/etc/group', fileState: 'read' } }],
  ])('USER %j', (user, expected) => {
    expect(resolveUser(user, files)).toMatchObject(expected);
  });

  test('no /etc/passwd: a name cannot start, but `root` is still root; an unreadable file decides nothing', () => {
    expect(resolveUser('app', accounts(null))).toMatchObject({ root: false, unknown: { fileState: 'absent' } });
    expect(resolveUser('root', accounts(null))).toEqual({ root: true, uid: 0, via: 'name' });
    const unreadable = accounts(null);
    unreadable.passwd = { ...unreadable.passwd, state: 'too-large' };
    expect(resolveUser('app', unreadable)).toEqual({ root: false, via: 'name' });
  });

  test('user/root for a name that maps to UID 0, at the USER line; user/unknown for a name that does not exist', () => {
    const admin = run(context({ accounts: files }, {}, 'admin'));
    expect(ids(admin)).toEqual(['user/duplicate-root admin', 'user/root admin']);
    expect(admin.find((finding) => finding.ruleId === 'user/root')?.message).toBe(
      "Image runs as root: USER is `admin`, which the image's /etc/passwd maps to UID 0 (user.forbidRoot). Use an account with its own non-zero uid.",
    );
    expect(ids(run(context({ accounts: files }, {}, 'ghost')))).toEqual([
      'user/duplicate-root admin',
      'user/unknown ghost',
    ]);
    expect(ids(run(context({ accounts: files }, { accounts: { unknownUser: false } }, 'ghost')))).toEqual([
      'user/duplicate-root admin',
    ]);
  });
});
