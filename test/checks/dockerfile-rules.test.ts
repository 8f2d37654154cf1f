import type { CheckContext } from '../../src/checks/context.js';
import { runImageChecks } from '../../src/checks/run-checks.js';
import { finalStage, parseDockerfile } from '../../src/dockerfile/parse.js';
import type { ImageFacts } from '../../src/image/facts.js';
import { ruleById } from '../../src/model/catalog.js';
import type { Finding, Severity } from '../../src/model/findings.js';
import { parseImageReference } from '../../src/model/image-reference.js';
import type { RuntimeHealthcheck } from '../../src/model/runtime-healthcheck.js';
import { emptyAllowlist, emptyImageRules } from '../../src/policy/merge.js';
import type { DockerfileRules } from '../../src/policy/types.js';
import { makeFacts } from '../support/facts.js';

const ALL: DockerfileRules = {
  addInsteadOfCopy: true,
  pipeToShell: true,
  updateAlone: true,
  upgrade: true,
  noHealthcheck: false,
};

function context(
  text: string,
  options: {
    rules?: DockerfileRules;
    facts?: ImageFacts;
    target?: string;
    runtime?: RuntimeHealthcheck[];
    noDockerfile?: boolean;
  } = {},
): CheckContext {
  const facts = options.facts ?? makeFacts();
  const dockerfile = options.noDockerfile ? undefined : parseDockerfile(text, { path: 'app/Dockerfile' });
  const stage = dockerfile ? finalStage(dockerfile, options.target) : undefined;
  const reference = facts.reference ? parseImageReference(facts.reference) : undefined;
  return {
    image: facts,
    ...(reference ? { reference } : {}),
    imageName: reference?.normalized ?? facts.id,
    imageRepository: 'ghcr.io/acme/api',
    rules: { ...emptyImageRules(), dockerfile: options.rules ?? ALL },
    ...(dockerfile ? { dockerfile } : {}),
    ...(stage ? { stage } : {}),
    layerOrigins: facts.layers.map(() => undefined),
    imageLocation:
      dockerfile && stage
        ? { kind: 'source', path: dockerfile.path, line: stage.from.line, column: stage.from.column }
        : { kind: 'image', image: reference?.normalized ?? facts.id },
    allow: emptyAllowlist(),
    now: new Date('2026-12-07T12:00:00Z'),
    ...(options.runtime ? { runtimeHealthchecks: options.runtime } : {}),
  };
}

const asIs = (_rule: string, severity: Severity) => severity;
const findings = (text: string, options: Parameters<typeof context>[1] = {}): Finding[] =>
  runImageChecks(context(text, options), asIs).filter((finding) => finding.ruleId.startsWith('dockerfile/'));
const summary = (list: Finding[]) =>
  list.map((finding) => [finding.ruleId, finding.properties?.subject, finding.severity]);
const only = (rule: keyof DockerfileRules, value: DockerfileRules[keyof DockerfileRules] = true): DockerfileRules => ({
  [rule]: value,
});

/** One RUN in a one-stage Dockerfile, checked by one rule: the rule ids it reports. */
function run(
  line: string,
  rule: keyof DockerfileRules,
  value: DockerfileRules[keyof DockerfileRules] = true,
): string[] {
  return findings(`FROM alpine:3.20\n${line}\n`, { rules: only(rule, value) }).map((finding) => finding.ruleId);
}

describe('dockerfile/add-instead-of-copy', () => {
  test('ADD of a local file is low, of a URL without --checksum medium; each at its line with path:line as subject', () => {
    const list = findings(
      'FROM alpine:3.20\nADD app.py /app/\nCOPY b /b\n  ADD https://example.com/tool.sh /usr/local/bin/tool\n',
      { rules: only('addInsteadOfCopy') },
    );
    expect(summary(list)).toEqual([
      ['dockerfile/add-instead-of-copy', 'app/Dockerfile:4', 'medium'],
      ['dockerfile/add-instead-of-copy', 'app/Dockerfile:2', 'low'],
    ]);
    const [remote, local] = list as [Finding, Finding];
    expect(remote.location).toEqual({ kind: 'source', path: 'app/Dockerfile', line: 4, column: 3 });
    expect(remote.properties).toMatchObject({ kind: 'url-without-checksum', source: 'https://example.com/tool.sh' });
    expect(remote.message).toContain('without `--checksum`');
    expect(local.message).toBe(
      '`ADD app.py` adds a local file or directory that is not a tar archive: use COPY, which does only that. ADD also ' +
        'unpacks archives and fetches URLs, so a renamed file can change what it does.',
    );
    expect(local.messageMarkdown).toContain('`ADD app.py`');
  });

  test.each([
    ['ADD conf/ /etc/app/', 'local directory'],
    ['ADD ["app.py", "/app/"]', 'exec form'],
    ['ADD --chown=1000 app.py /app/', 'with a flag'],
    ['ADD git@github.com:acme/tool.git /src', 'git over ssh, no ref'],
    ['ADD https://github.com/acme/tool.git#v1.2 /src', 'git at a tag'],
    ['ADD --unpack=false rootfs.tar.gz /opt/', 'an archive that is not unpacked'],
    ['ADD http://example.com/a.tar.gz /tmp/', 'a remote archive (ADD does not unpack URLs)'],
  ])('reported: %s (%s)', (line) => {
    expect(run(line, 'addInsteadOfCopy')).toEqual(['dockerfile/add-instead-of-copy']);
  });

  test.each([
    ['ADD rootfs.tar.gz /', 'a tar archive, unpacked'],
    ['ADD release.TGZ /opt/', 'archive names are case-insensitive'],
    ['ADD vendor.tar.zst /opt/', 'zstd'],
    [
      'ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2015d0af6b3d4d32 https://example.com/x /x',
      'checksum',
    ],
    ['ADD https://github.com/acme/tool.git#0123456789abcdef0123456789abcdef01234567 /src', 'git at a full commit'],
    ['ADD $ARCHIVE /opt/', 'a variable: unknown'],
    ['COPY app.py /app/', 'COPY'],
    ['ADD <<EOF /etc/motd\nhello\nEOF', 'a heredoc source'],
    ['ENV RETHINKDB_CLUSTER_IP_ADDR=10.0.0.1', 'ADD inside a word is no instruction (dockle#41)'],
    ['RUN echo ADD app.py /app/', 'ADD in a RUN is no instruction'],
  ])('not reported: %s (%s)', (line) => {
    expect(run(line, 'addInsteadOfCopy')).toEqual([]);
  });

  test('credentials and query strings in an ADD URL never reach a finding', () => {
    const list = findings(
      'FROM alpine\nADD https://deploy:s3cr3t-t0ken@files.example.com/a.sh?X-Amz-Signature=abcdef0123 /a.sh\n' +
        'ADD https://ghp_0123456789abcdefghij0123456789abcdef@github.com/acme/private.git#main /src\n',
      { rules: only('addInsteadOfCopy') },
    );
    expect(list).toHaveLength(2);
    const text = JSON.stringify(list);
    for (const secret of ['s3cr3t', 'X-Amz-Signature=abcdef', 'abcdef0123', 'ghp_0123', 'deploy:']) {
      expect(text).not.toContain(secret);
    }
    expect(list.map((finding) => finding.properties?.source)).toEqual([
      'https://***@files.example.com/a.sh?…',
      'https://***@github.com/acme/private.git#main',
    ]);
  });

  test('one ADD with a local file and a URL is two findings, one per problem', () => {
    const list = findings('FROM alpine\nADD a.txt https://example.com/b /dst/\n', { rules: only('addInsteadOfCopy') });
    expect(list.map((finding) => finding.properties?.kind)).toEqual(['url-without-checksum', 'local']);
  });
});

describe('dockerfile/pipe-to-shell', () => {
  test.each([
    ['RUN curl -fsSL https://get.example.com | sh', 'curl into sh'],
    ['RUN wget -qO- https://x.example/install | sudo -E bash -s -- --yes', 'wget into sudo bash -s'],
    ['RUN set -o pipefail && curl -s https://x.example/i | bash', 'pipefail does not make it safe'],
    ['RUN curl -s https://x.example/i \\\n    | \\\n    sh', 'across line continuations'],
    ['RUN ["/bin/sh", "-c", "curl -sL https://x.example/i | sh"]', 'exec form sh -c'],
    ['RUN ["bash", "-lc", "wget -O - https://x.example/i | bash"]', 'exec form bash -lc'],
    ['RUN <<EOF\nset -eu\ncurl -fsSL https://x.example/i | sh\nEOF', 'a heredoc run by the shell'],
    ['RUN bash <<EOF\ncurl -fsSL https://x.example/i | sh\nEOF', 'a heredoc run by bash'],
    ['RUN curl -s https://x.example/i.py | python3 -', 'python3 reading stdin'],
    ['RUN curl -s https://x.example/i.pl | perl', 'perl'],
    ['RUN sh -c "$(curl -fsSL https://x.example/i)"', 'command substitution'],
    ['RUN bash <(curl -s https://x.example/i)', 'process substitution'],
    ['RUN eval "$(wget -qO- https://x.example/env)"', 'eval'],
    ['RUN bash <<< "$(curl -fsSL https://x.example/i)"', 'a here-string'],
    ['RUN . /dev/stdin <<< "$(wget -qO- https://x.example/env)"', 'sourced from a here-string'],
    ["RUN sh -c 'curl -s https://x.example/i | sh'", 'a pipe inside sh -c'],
    ['RUN curl -s https://x.example/i | tee /tmp/i.sh | sh', 'through tee'],
    ['RUN busybox wget -O- https://x.example/i | busybox sh', 'busybox applets'],
    ['RUN /usr/bin/curl -s https://x.example/i | /bin/bash', 'absolute paths'],
    ['RUN apk add curl && curl -s https://x.example/i | ash && rm -rf /tmp/*', 'among other commands'],
  ])('reported: %s (%s)', (line) => {
    expect(run(line, 'pipeToShell')).toEqual(['dockerfile/pipe-to-shell']);
  });

  test.each([
    ['RUN curl -fsSL https://x.example/a.tgz | tar -xz -C /opt', 'into tar'],
    [
      'RUN curl -s https://x.example/v.json | python3 -c "import sys, json; print(json.load(sys.stdin))"',
      'python -c reads data',
    ],
    ["RUN curl -s https://x.example/k | sh -c 'cat > /etc/key'", 'sh -c: code from the argument'],
    [
      'RUN curl -o /tmp/i.sh https://x.example/i && echo "abc  /tmp/i.sh" | sha256sum -c && sh /tmp/i.sh',
      'downloaded, verified, run',
    ],
    ['RUN echo "curl https://x.example/i | sh" > /README', 'quoted text'],
    ['RUN cat <<EOF > /usr/local/bin/setup\ncurl -s https://x.example/i | sh\nEOF', 'a heredoc written to a file'],
    ['RUN curl -s https://x.example/i | bash /opt/filter.sh', 'bash runs a script file, the pipe is its data'],
    ['RUN curl -s https://x.example/i # | sh', 'a comment'],
    ['RUN bash -c "echo hi" | curl -T - https://x.example/upload', 'the shell comes first'],
  ])('not reported: %s (%s)', (line) => {
    expect(run(line, 'pipeToShell')).toEqual([]);
  });

  test('under SHELL ["pwsh", "-c"] a shell-form RUN is not POSIX shell and is not read as one', () => {
    const text = 'FROM alpine\nSHELL ["pwsh", "-c"]\nRUN curl -s https://x.example/i | sh\n';
    expect(findings(text, { rules: only('pipeToShell') })).toEqual([]);
  });

  test('the SHELL is inherited through FROM <stage>, and a later SHELL in the stage changes it back', () => {
    const text = [
      'FROM alpine AS win',
      'SHELL ["pwsh", "-c"]',
      'FROM win AS inherits',
      'RUN curl -s https://x.example/i | sh',
      'SHELL ["/bin/sh", "-c"]',
      'RUN curl -s https://x.example/j | sh',
      '',
    ].join('\n');
    expect(summary(findings(text, { rules: only('pipeToShell') }))).toEqual([
      ['dockerfile/pipe-to-shell', 'app/Dockerfile:6', 'medium'],
    ]);
  });

  test('thousands of stages and RUNs are read in one pass', () => {
    const chained = ['FROM alpine AS s0'];
    for (let index = 1; index < 3000; index++) chained.push(`FROM s${index - 1} AS s${index}`, 'RUN apt-get update');
    const many = ['FROM alpine', ...Array.from({ length: 30_000 }, (_, index) => `RUN echo ${index} | sh -c cat`)];
    const started = performance.now();
    expect(findings(`${chained.join('\n')}\n`, { rules: only('updateAlone') })).toHaveLength(2999);
    expect(findings(`${many.join('\n')}\n`, { rules: only('pipeToShell') })).toEqual([]);
    expect(performance.now() - started).toBeLessThan(8000);
  });

  test('one finding per RUN, naming the downloader and the shell; message in md with the values as code', () => {
    const [finding, ...rest] = findings(
      'FROM alpine\nRUN curl -s https://a.example | sh && wget -qO- https://b.example | bash\n',
      { rules: only('pipeToShell') },
    );
    expect(rest).toEqual([]);
    expect(finding?.properties).toEqual({ subject: 'app/Dockerfile:2', downloader: 'curl', runner: 'sh' });
    expect(finding?.messageMarkdown).toContain('`curl` fetches code and `sh` runs it');
  });

  test('a 1 MB RUN line is read in linear time', () => {
    const long = `RUN ${'echo a && '.repeat(100_000)}curl -s https://x.example/i | sh`;
    const quotes = `RUN ${'"\\"$( '.repeat(200_000)}`;
    const started = performance.now();
    expect(run(long, 'pipeToShell')).toEqual(['dockerfile/pipe-to-shell']);
    expect(run(quotes, 'pipeToShell')).toEqual([]);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});

describe('dockerfile/update-alone', () => {
  test.each([
    ['RUN apt-get update', 'alone'],
    ['RUN apt-get update && echo done', 'with a command that installs nothing'],
    ['RUN apt update -y', 'apt'],
    ['RUN apk update', 'apk'],
    ['RUN dnf makecache', 'dnf'],
    ['RUN zypper --non-interactive refresh', 'zypper with a global option'],
    ['RUN --mount=type=cache,target=/var/lib/apt apt-get update', 'with a cache mount'],
    ['RUN ["apt-get", "update"]', 'exec form'],
  ])('reported: %s (%s)', (line) => {
    expect(run(line, 'updateAlone')).toEqual(['dockerfile/update-alone']);
  });

  test.each([
    ['RUN apt-get update && apt-get install -y --no-install-recommends curl', 'update and install'],
    [
      'RUN apt-get update \\\n && DEBIAN_FRONTEND=noninteractive apt-get -y install curl',
      'continuation and env prefix',
    ],
    ['RUN apk update && apk add curl', 'apk'],
    ['RUN apt-get update && apt-get -o Dpkg::Options::=--force-confold upgrade -y', 'update then upgrade'],
    ['RUN apt-get update && xargs apt-get install -y < /packages.txt', 'xargs'],
    ['RUN apt-get update && docker-php-ext-install gd', 'an installer'],
    ['RUN apt-get update && ./install-deps.sh', 'a script'],
    ['RUN apt-get update && bash /tmp/setup', 'a shell running a file'],
    ['RUN apt-cache policy apt', 'no update'],
    ['RUN apt-get update && apt upgrade --yes', 'update then upgrade (defsec DS017, dockle#128)'],
    [
      'RUN if ! which gpg ; then \\\n  (apt-get update ;apt-get install --no-install-recommends gnupg -y ) ; \\\n fi',
      'a subshell inside if (kics#5703)',
    ],
    ['RUN npm install sqlite3; apt-get update ;apt-get install --no-install-recommends g++;', 'semicolons (kics#5703)'],
    ['RUN echo "apt-get update"', 'quoted'],
  ])('not reported: %s (%s)', (line) => {
    expect(run(line, 'updateAlone')).toEqual([]);
  });
});

describe('dockerfile/upgrade', () => {
  test.each([
    ['RUN apt-get update && apt-get upgrade -y', 'apt-get upgrade'],
    ['RUN apt-get -y dist-upgrade', 'dist-upgrade'],
    ['RUN apt full-upgrade -y', 'full-upgrade'],
    ['RUN apk upgrade --no-cache', 'apk upgrade'],
    ['RUN yum update -y', 'yum update'],
    ['RUN dnf -y upgrade', 'dnf upgrade'],
    ['RUN zypper --non-interactive dup', 'zypper dup'],
  ])('reported with upgrade: true: %s (%s)', (line) => {
    expect(run(line, 'upgrade')).toEqual(['dockerfile/upgrade']);
  });

  test.each([
    ['RUN apk upgrade openssl', 'one package'],
    ['RUN yum update -y openssl', 'one package'],
    ['RUN apt-get install -y --only-upgrade openssl', 'install --only-upgrade'],
    ['RUN apk add --upgrade openssl', 'apk add --upgrade'],
    ['RUN apt-get update && apt-get install -y curl', 'no upgrade'],
  ])('not reported: %s (%s)', (line) => {
    expect(run(line, 'upgrade')).toEqual([]);
  });

  test('upgrade: dist-upgrade reports release upgrades only, as hadolint DL3005 and dockle DKL-DI-0003 do now', () => {
    expect(run('RUN apt-get upgrade -y', 'upgrade', 'dist-upgrade')).toEqual([]);
    expect(run('RUN apk upgrade', 'upgrade', 'dist-upgrade')).toEqual([]);
    expect(run('RUN apt-get dist-upgrade -y', 'upgrade', 'dist-upgrade')).toEqual(['dockerfile/upgrade']);
    expect(run('RUN dnf distro-sync -y', 'upgrade', 'dist-upgrade')).toEqual(['dockerfile/upgrade']);
  });
});

describe('stages', () => {
  const text = [
    'FROM alpine AS tools',
    'RUN curl -s https://x.example/i | sh',
    'FROM alpine AS unused',
    'ADD notes.txt /',
    'FROM alpine AS test',
    'RUN apt-get update',
    'FROM alpine',
    'COPY --from=tools /usr/bin/tool /usr/bin/tool',
    '',
  ].join('\n');

  test('the stages the build runs are checked, builder stages included; a stage nothing uses is not', () => {
    expect(summary(findings(text))).toEqual([['dockerfile/pipe-to-shell', 'app/Dockerfile:2', 'medium']]);
  });

  test('with --target the target stage is checked and the final stage is not', () => {
    expect(summary(findings(text, { target: 'test' }))).toEqual([
      ['dockerfile/update-alone', 'app/Dockerfile:6', 'low'],
    ]);
  });

  test('every rule is off unless the policy sets it', () => {
    expect(findings(text, { rules: {} })).toEqual([]);
    expect(
      runImageChecks({ ...context(text), rules: emptyImageRules() }, asIs).filter((f) =>
        f.ruleId.startsWith('dockerfile/'),
      ),
    ).toEqual([]);
  });
});

describe('dockerfile/no-healthcheck', () => {
  const rules = only('noHealthcheck');

  test('the final stage without HEALTHCHECK is one finding at its FROM line; builder stages never', () => {
    const list = findings('FROM golang AS build\nRUN go build\nFROM alpine AS app\nCOPY --from=build /out /app\n', {
      rules,
    });
    expect(summary(list)).toEqual([['dockerfile/no-healthcheck', 'app/Dockerfile:3', 'low']]);
    expect(list[0]?.location).toEqual({ kind: 'source', path: 'app/Dockerfile', line: 3, column: 1 });
    expect(list[0]?.message).toContain('the stage `app` that produces it sets none');
  });

  test('a HEALTHCHECK in a builder stage the final stage is not built FROM does not count', () => {
    const text = 'FROM alpine AS build\nHEALTHCHECK CMD true\nFROM alpine\nCOPY --from=build /a /a\n';
    expect(findings(text, { rules }).map((f) => f.ruleId)).toEqual(['dockerfile/no-healthcheck']);
  });

  test.each([
    ['FROM alpine\nHEALTHCHECK --interval=30s CMD wget -qO- http://localhost:8080/health || exit 1\n', 'its own'],
    ['FROM alpine AS base\nHEALTHCHECK CMD true\nFROM base\nUSER 1\n', 'inherited from the stage it is built FROM'],
    ['FROM alpine\nHEALTHCHECK NONE\n', 'HEALTHCHECK NONE: a deliberate choice'],
  ])('not reported: %s (%s)', (text) => {
    expect(findings(text, { rules })).toEqual([]);
  });

  test('a healthcheck in the image config (inherited from the base image) counts', () => {
    const facts = makeFacts();
    facts.config.healthcheck = ['CMD-SHELL', 'pg_isready'];
    expect(findings('FROM postgres:16\nUSER postgres\n', { rules, facts })).toEqual([]);
  });

  test('a runtime healthcheck (a compose service running the image) satisfies it', () => {
    const runtime: RuntimeHealthcheck[] = [
      { kind: 'compose', name: 'api', location: { kind: 'source', path: 'compose.yaml', line: 7, column: 5 } },
    ];
    expect(findings('FROM alpine\n', { rules, runtime })).toEqual([]);
  });

  test('without a Dockerfile the image config decides; the subject is the image name', () => {
    const list = findings('', { rules, noDockerfile: true });
    expect(summary(list)).toEqual([['dockerfile/no-healthcheck', 'ghcr.io/acme/api:1.0', 'low']]);
  });
});

describe('catalog', () => {
  test.each([
    ['dockerfile/add-instead-of-copy', ['cis-docker/4.9', 'dockle/CIS-DI-0009', 'hadolint/DL3020']],
    ['dockerfile/pipe-to-shell', ['cis-docker/4.11']],
    ['dockerfile/update-alone', ['cis-docker/4.7', 'dockle/CIS-DI-0007']],
    ['dockerfile/upgrade', ['dockle/DKL-DI-0003', 'hadolint/DL3005']],
    ['dockerfile/no-healthcheck', ['cis-docker/4.6', 'dockle/CIS-DI-0006', 'hadolint/DL3057']],
  ])('%s carries the benchmark ids it answers', (id, tags) => {
    expect(ruleById(id).tags).toEqual(expect.arrayContaining(['dockerfile', ...tags]));
    expect(ruleById(id).policyKey).toMatch(/^dockerfile\./);
  });
});
