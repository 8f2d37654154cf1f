import { hasLoginShell, parseGroup, parsePasswd, parseShadow } from '../../src/image/accounts/account-files.js';

/** The account-file parsers on real lines and on what a hostile image could put there. */

describe('parsePasswd', () => {
  test('names, ids, shells and the state of the password field; never the field itself', () => {
    const parsed = parsePasswd(
      Buffer.from(
        'root:x:0:0:root:/root:/bin/bash\n' +
          '# a comment\n\n' +
          'legacy::1000:1000:Legacy User:/home/legacy:\n' +
          'hashed:$6$salt$hash:1001:1001::/:/bin/sh\r\n' +
          'locked:!:1002:1002::/:/bin/sh\n' +
          '+nis-entry::::::\n' +
          'daemon:*:1:1:daemon:/usr/sbin:/usr/sbin/nologin',
      ),
    );
    expect(parsed.invalidLines).toBe(0);
    expect(parsed.entries).toEqual([
      { name: 'root', uid: 0, gid: 0, shell: '/bin/bash', password: 'shadowed', line: 1 },
      { name: 'legacy', uid: 1000, gid: 1000, shell: '', password: 'empty', line: 4 },
      { name: 'hashed', uid: 1001, gid: 1001, shell: '/bin/sh', password: 'set', line: 5 },
      { name: 'locked', uid: 1002, gid: 1002, shell: '/bin/sh', password: 'locked', line: 6 },
      { name: 'daemon', uid: 1, gid: 1, shell: '/usr/sbin/nologin', password: 'locked', line: 8 },
    ]);
    expect(JSON.stringify(parsed)).not.toContain('$6$');
    expect(JSON.stringify(parsed)).not.toContain('Legacy User');
    expect(parsed.entries.map(hasLoginShell)).toEqual([true, true, true, true, false]);
  });

  test('binary junk, bad ids and missing fields are counted as invalid lines, not thrown', () => {
    const junk = Buffer.concat([
      Buffer.from('root:x:0:0::/root:/bin/sh\n'),
      Buffer.from([0x00, 0xff, 0xfe, 0x3a, 0x0a]),
      Buffer.from('neg:x:-1:0::/:/bin/sh\nbig:x:99999999999:0::/:/bin/sh\nhex:x:0x10:0::/:/bin/sh\n'),
      Buffer.from('short:x:5\nspace name:x:6:6::/:/bin/sh\nesc\x1b[31m:x:7:7::/:/bin/sh\n'),
      Buffer.from('shell:x:8:8::/:/bin/\x07sh\n'),
    ]);
    const parsed = parsePasswd(junk);
    expect(parsed.entries.map((entry) => entry.name)).toEqual(['root']);
    expect(parsed.invalidLines).toBe(8);
  });

  test('a file without a newline, a huge line and 50,000 short lines stay linear and bounded', () => {
    expect(parsePasswd(Buffer.from('solo:x:5:5::/:/bin/sh')).entries).toHaveLength(1);
    const huge = Buffer.from(`${'a'.repeat(1024 * 1024 - 40)}:x:1:1::/:/bin/sh\n`);
    const hugeParsed = parsePasswd(huge);
    expect(hugeParsed).toEqual({ entries: [], invalidLines: 1 });
    const colons = Buffer.alloc(1024 * 1024, ':');
    expect(parsePasswd(colons).invalidLines).toBe(1);
    const started = Date.now();
    const many = parsePasswd(Buffer.from('u:x:1:1::/:/bin/sh\n'.repeat(50_000)));
    expect(many.entries).toHaveLength(50_000);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('parseShadow and parseGroup', () => {
  test('shadow keeps the state of each password, never the hash', () => {
    const parsed = parseShadow(
      Buffer.from('root:*:19000:0:99999:7:::\nguest::19000::::::\nuser:$y$j9T$abc:19000::::::\nold:!!:1::::::\n'),
    );
    expect(parsed.entries).toEqual([
      { name: 'root', password: 'locked', line: 1 },
      { name: 'guest', password: 'empty', line: 2 },
      { name: 'user', password: 'set', line: 3 },
      { name: 'old', password: 'locked', line: 4 },
    ]);
    expect(JSON.stringify(parsed)).not.toContain('$y$');
  });

  test('shadow: a line with only a name is invalid; `x` in shadow is a hash, not a pointer', () => {
    const parsed = parseShadow(Buffer.from('lonely\nodd:x:1::::::'));
    expect(parsed).toEqual({ entries: [{ name: 'odd', password: 'set', line: 2 }], invalidLines: 1 });
  });

  test('group: names and gids; bad gids are invalid lines', () => {
    const parsed = parseGroup(Buffer.from('root:x:0:\nstaff:x:50:alice,bob\nbad:x:fifty:\n\x00\x01\n'));
    expect(parsed.entries).toEqual([
      { name: 'root', gid: 0, line: 1 },
      { name: 'staff', gid: 50, line: 2 },
    ]);
    expect(parsed.invalidLines).toBe(2);
  });
});
