import { execa } from 'execa';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cli } from '../support/cli.js';
import { describeWithDocker, dockerBuild, makeContext } from '../support/docker.js';
import { registryAvailable, startRegistry, describeWithRegistry, type TestRegistry } from '../support/registry.js';
import { skopeoPush } from '../support/registry-push.js';
import { tempDir } from '../support/temp.js';

/**
 * The hardening rules (fs/*, user/*) on images a real daemon builds FROM scratch with the machine's static busybox
 * and files this test writes: one image trips every rule, its twin trips none, and the same findings, at the same
 * Dockerfile lines, come from the daemon, its docker-save archive, an OCI layout and a registry.
 */

interface ResultDocument {
  verdict: string;
  findings: Array<{
    ruleId: string;
    severity: string;
    message: string;
    location: { path?: string; line?: number };
    fingerprint: string;
    properties?: Record<string, unknown>;
  }>;
}

const TRIP = `FROM scratch
COPY busybox /bin/busybox
COPY etc /etc
COPY app /opt/app
COPY usr-bin-passwd /usr/bin/passwd
RUN ["/bin/busybox", "chmod", "4755", "/opt/app/helper", "/usr/bin/passwd"]
RUN ["/bin/busybox", "chmod", "2755", "/opt/app/grouper"]
RUN ["/bin/busybox", "sh", "-c", "/bin/busybox chmod 0666 /opt/app/config && /bin/busybox mkdir -m 0777 /opt/app/drop && /bin/busybox mkdir -m 1777 /opt/app/tmp && /bin/busybox chmod 0777 /opt/app/drop"]
COPY tools/sudo /usr/bin/sudo
COPY tools/sshd /usr/sbin/sshd
USER admin
`;

/** The same shapes without a finding: locked or nologin accounts, unique ids, expected setuid, sticky, applets. */
const TWIN = `FROM scratch
COPY busybox /bin/busybox
COPY etc /etc
COPY app /opt/app
COPY usr-bin-passwd /usr/bin/passwd
RUN ["/bin/busybox", "chmod", "4755", "/usr/bin/passwd"]
RUN ["/bin/busybox", "chmod", "0755", "/opt/app/grouper"]
RUN ["/bin/busybox", "sh", "-c", "/bin/busybox chmod 0644 /opt/app/config && /bin/busybox mkdir -m 1777 /opt/app/drop && /bin/busybox chmod 1777 /opt/app/drop"]
RUN ["/bin/busybox", "sh", "-c", "/bin/busybox mkdir -p /usr/sbin && /bin/busybox ln /bin/busybox /usr/sbin/sshd && /bin/busybox ln -s /bin/busybox /usr/bin/sudo"]
USER app:staff
`;

const UNKNOWN = `FROM scratch
COPY busybox /bin/busybox
COPY etc /etc
USER ghost
`;

const TRIP_FILES = {
  'etc/passwd':
    'root:x:0:0:root:/root:/bin/sh\n' +
    'admin:x:0:0:second root:/root:/bin/sh\n' +
    'app:x:1000:1000::/home/app:/bin/sh\n' +
    'app2:x:1000:1000::/home/app2:/sbin/nologin\n' +
    'guest:x:1001:1001::/home/guest:/bin/sh\n' +
    'legacy::1002:1002::/home/legacy:/bin/sh\n' +
    'daemon:x:2:2::/:/usr/sbin/nologin',
  'etc/shadow': 'root:*:19000:0:99999:7:::\nadmin:!:19000::::::\nguest::19000::::::\ndaemon:::::::\n',
  'etc/group': 'root:x:0:\nstaff:x:50:\nstaff2:x:50:\napp:x:1000:\n',
  'app/helper': '#!/bin/sh\necho helper\n',
  'app/grouper': '#!/bin/sh\necho grouper\n',
  'app/config': 'key=value\n',
  'usr-bin-passwd': '#!/bin/sh\necho passwd\n',
  'tools/sudo': '#!/bin/sh\nexec "$@"\n',
  'tools/sshd': '#!/bin/sh\necho sshd\n',
};

const TWIN_FILES = {
  'etc/passwd':
    'root:x:0:0:root:/root:/bin/sh\n' +
    'app:x:1000:1000::/home/app:/bin/sh\n' +
    'nopass:x:1001:1001::/:/usr/sbin/nologin\n' +
    'daemon:x:2:2::/:/bin/false\n',
  'etc/shadow': 'root:*:19000:0:99999:7:::\napp:!:19000::::::\nnopass::19000::::::\ndaemon:::::::\n',
  'etc/group': 'root:x:0:\nstaff:x:50:\napp:x:1000:\n',
  'app/helper': '#!/bin/sh\necho helper\n',
  'app/grouper': '#!/bin/sh\necho grouper\n',
  'app/config': 'key=value\n',
  'usr-bin-passwd': '#!/bin/sh\necho passwd\n',
};

const POLICY = 'version: 1\ndefaults:\n  user: {forbidRoot: true}\n';

const run = Date.now().toString(36);
const work = await tempDir('imagegate-hardening-');
const tags: string[] = [];
const describeBoth = registryAvailable ? describeWithDocker : describeWithRegistry;
let registry: TestRegistry | undefined;

async function build(name: string, dockerfile: string, files: Record<string, string>) {
  const context = await makeContext({ Dockerfile: dockerfile, ...files }, { withBusybox: true });
  const tag = `imagegate-test/hardening-${name}:${run}`;
  tags.push(tag);
  await dockerBuild(context, tag);
  return { context, tag, dockerfile: path.join(context, 'Dockerfile') };
}

async function check(
  name: string,
  source: readonly string[],
  image: { context: string; dockerfile: string },
  policyYaml = POLICY,
) {
  const policy = path.join(work, `policy-${name}.yml`);
  await writeFile(policy, policyYaml);
  const outDir = path.join(work, `out-${name}`);
  const result = await cli(
    ['check', '--skip-scan', ...source, '--dockerfile', image.dockerfile, '--policy', policy, '--out-dir', outDir],
    image.context,
  );
  const document = JSON.parse(await readFile(path.join(outDir, 'imagegate.json'), 'utf8')) as ResultDocument;
  return { code: result.code, stdout: result.stdout, document, outDir };
}

/** ruleId, subject and Dockerfile line of each hardening finding, sorted. */
function hardening(document: ResultDocument): string[] {
  return document.findings
    .filter((finding) => /^(fs|user)\//.test(finding.ruleId))
    .map((finding) => `${finding.ruleId} ${String(finding.properties?.subject ?? '-')} @${finding.location.line}`)
    .sort();
}

describeBoth('hardening rules on real images, from every source', () => {
  let trip: Awaited<ReturnType<typeof build>>;
  let twin: Awaited<ReturnType<typeof build>>;

  beforeAll(async () => {
    trip = await build('trip', TRIP, TRIP_FILES);
    twin = await build('twin', TWIN, TWIN_FILES);
  }, 300_000);

  afterAll(async () => {
    for (const tag of tags) await execa('docker', ['rmi', '-f', tag], { reject: false });
    await registry?.stop();
  });

  test('an image that trips every rule: each finding at the line that caused it, same from every source', async () => {
    // Line numbers are those of the built Dockerfile: COPY usr-bin-passwd was inserted as line 5.
    const expected = [
      'fs/setgid /opt/app/grouper @7',
      'fs/setuid /opt/app/helper @6',
      'fs/sshd /usr/sbin/sshd @10',
      'fs/sudo /usr/bin/sudo @9',
      'fs/world-writable /opt/app/config @8',
      'fs/world-writable /opt/app/drop @8',
      'user/duplicate-id app2 @3',
      'user/duplicate-id staff2 @3',
      'user/duplicate-root admin @3',
      'user/empty-password guest @3',
      'user/empty-password legacy @3',
      'user/root admin @11',
    ];
    const daemon = await check('trip-daemon', ['--image', trip.tag], trip);
    expect(hardening(daemon.document)).toEqual(expected);
    expect(daemon.code).toBe(1);

    const archive = path.join(work, 'trip.tar');
    await execa('docker', ['save', '-o', archive, trip.tag]);
    const layout = path.join(work, 'trip-oci');
    await mkdir(layout, { recursive: true });
    await execa('skopeo', ['copy', '--quiet', `docker-daemon:${trip.tag}`, `oci:${layout}:latest`]);
    registry = await startRegistry({ auth: 'none' });
    await skopeoPush(`docker-daemon:${trip.tag}`, registry, `imagegate-test/hardening:${run}`);
    const remote = `${registry.host}/imagegate-test/hardening:${run}`;

    // Fingerprints include the image's repository, which the archive, the layout and the registry name differently.
    const comparable = (document: ResultDocument) =>
      document.findings
        .filter((finding) => /^(fs|user)\//.test(finding.ruleId))
        .map(({ ruleId, severity, message, location, properties }) => ({
          ruleId,
          severity,
          message,
          location,
          properties,
        }));
    for (const [name, source] of [
      ['trip-archive', ['--archive', archive]],
      ['trip-oci', ['--oci-layout', layout]],
      ['trip-registry', ['--image', remote, '--pull', 'never']],
    ] as const) {
      const other = await check(name, source, trip);
      expect({ name, findings: comparable(other.document) }).toEqual({ name, findings: comparable(daemon.document) });
    }

    // What the findings say: path, owner, mode and instruction; the account name, never a password field.
    const setuid = daemon.document.findings.find((finding) => finding.ruleId === 'fs/setuid');
    expect(setuid?.message).toContain('`/opt/app/helper` is setuid (mode `4755`, owner root, group 0)');
    expect(setuid?.properties).toMatchObject({ subject: '/opt/app/helper', mode: '4755', uid: 0 });
    const root = daemon.document.findings.find((finding) => finding.ruleId === 'user/root');
    expect(root?.message).toContain("which the image's /etc/passwd maps to UID 0");
    const reports = await Promise.all(
      ['imagegate.json', 'imagegate.sarif', 'summary.md'].map((file) =>
        readFile(path.join(daemon.outDir, file), 'utf8'),
      ),
    );
    for (const text of reports) {
      expect(text).not.toContain('19000');
      expect(text).not.toContain('second root');
      expect(text).not.toContain('/home/guest');
    }
    const sarif = JSON.parse(reports[1] as string) as {
      runs: Array<{ tool: { driver: { rules: Array<{ id: string; properties?: { tags?: string[] } }> } } }>;
    };
    const tagsOf = (id: string) =>
      sarif.runs[0]?.tool.driver.rules.find((rule) => rule.id === id)?.properties?.tags ?? [];
    expect(tagsOf('fs/setuid')).toEqual(expect.arrayContaining(['cis-docker/4.8', 'dockle/CIS-DI-0008']));
    expect(tagsOf('user/empty-password')).toEqual(expect.arrayContaining(['dockle/DKL-LI-0001']));
  }, 300_000);

  test('its twin trips none of them', async () => {
    const result = await check('twin-daemon', ['--image', twin.tag], twin);
    expect(hardening(result.document)).toEqual([]);
    expect(result.code).toBe(0);
  }, 300_000);

  test('a USER the image does not define is a finding at the USER line; a policy switch turns it off', async () => {
    const unknown = await build('unknown', UNKNOWN, TWIN_FILES);
    const result = await check('unknown', ['--image', unknown.tag], unknown);
    expect(hardening(result.document)).toEqual(['user/unknown ghost @4']);
    expect(result.document.findings.find((finding) => finding.ruleId === 'user/unknown')?.message).toContain(
      "USER `ghost` names the user `ghost`, but the image's /etc/passwd does not define it",
    );
    expect(result.code).toBe(1);
    const off = await check(
      'unknown-off',
      ['--image', unknown.tag],
      unknown,
      `${POLICY}  accounts: {unknownUser: false}\n`,
    );
    expect(hardening(off.document)).toEqual([]);
    expect(off.code).toBe(0);
  }, 300_000);
});
