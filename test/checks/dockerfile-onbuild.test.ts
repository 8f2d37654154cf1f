import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CheckContext } from '../../src/checks/context.js';
import { runImageChecks } from '../../src/checks/run-checks.js';
import { onbuildTrigger } from '../../src/dockerfile/onbuild.js';
import { finalStage, parseDockerfile } from '../../src/dockerfile/parse.js';
import type { Finding } from '../../src/model/findings.js';
import { emptyAllowlist, emptyImageRules } from '../../src/policy/merge.js';
import type { DockerfileRules } from '../../src/policy/types.js';
import { makeFacts } from '../support/facts.js';

/** The instruction rules read the ADD or RUN inside an ONBUILD: a trigger runs in every build FROM the image. */

function findings(text: string, rules: DockerfileRules, target?: string): Finding[] {
  const dockerfile = parseDockerfile(text, { path: 'app/Dockerfile' });
  const stage = finalStage(dockerfile, target);
  const context: CheckContext = {
    image: makeFacts(),
    imageName: 'onbuild',
    imageRepository: 'ghcr.io/acme/base',
    rules: { ...emptyImageRules(), dockerfile: rules },
    dockerfile,
    stage,
    layerOrigins: [],
    imageLocation: { kind: 'source', path: dockerfile.path, line: stage.from.line, column: stage.from.column },
    allow: emptyAllowlist(),
    now: new Date('2026-12-07T12:00:00Z'),
  };
  return runImageChecks(context, (_rule, severity) => severity).filter((finding) =>
    finding.ruleId.startsWith('dockerfile/'),
  );
}

const ids = (text: string, rules: DockerfileRules): string[] => findings(text, rules).map((finding) => finding.ruleId);

describe('ONBUILD triggers', () => {
  test('ONBUILD RUN curl | sh: pipe-to-shell at the ONBUILD line, saying it runs in builds FROM this image', () => {
    const list = findings('FROM alpine:3.20\n  ONBUILD RUN curl -fsSL https://get.example/i | sh\n', {
      pipeToShell: true,
    });
    expect(list).toHaveLength(1);
    const [finding] = list as [Finding];
    expect(finding.ruleId).toBe('dockerfile/pipe-to-shell');
    expect(finding.location).toEqual({ kind: 'source', path: 'app/Dockerfile', line: 2, column: 3 });
    expect(finding.properties).toMatchObject({ subject: 'app/Dockerfile:2', onbuild: true, downloader: 'curl' });
    expect(finding.message).toMatch(
      /^`ONBUILD RUN` is a trigger that runs in every build FROM this image: RUN pipes a download into a shell: `curl`/,
    );
    expect(finding.messageMarkdown).toContain('`ONBUILD RUN` is a trigger that runs in every build FROM this image:');
  });

  test('the same hazard in a RUN and in an ONBUILD RUN: two findings with different fingerprints', () => {
    const list = findings(
      'FROM alpine\nRUN curl https://x.example/i | sh\nONBUILD RUN curl https://x.example/i | sh\n',
      {
        pipeToShell: true,
      },
    );
    expect(list.map((finding) => [finding.properties?.subject, finding.properties?.onbuild ?? false])).toEqual([
      ['app/Dockerfile:2', false],
      ['app/Dockerfile:3', true],
    ]);
    expect(list[0]?.fingerprint).not.toBe(list[1]?.fingerprint);
    expect(list[0]?.message).not.toContain('ONBUILD');
  });

  test.each<[string, keyof DockerfileRules, string]>([
    [
      'ONBUILD ADD https://example.com/tool.sh /usr/local/bin/tool',
      'addInsteadOfCopy',
      'dockerfile/add-instead-of-copy',
    ],
    ['onbuild add app.py /app/', 'addInsteadOfCopy', 'dockerfile/add-instead-of-copy'],
    ['ONBUILD RUN ["sh", "-c", "wget -qO- https://x.example/i | bash"]', 'pipeToShell', 'dockerfile/pipe-to-shell'],
    ['ONBUILD RUN apt-get update', 'updateAlone', 'dockerfile/update-alone'],
    ['ONBUILD RUN apt-get update && apt-get upgrade -y', 'upgrade', 'dockerfile/upgrade'],
    ['ONBUILD RUN <<EOF\ncurl https://x.example/i | sh\nEOF', 'pipeToShell', 'dockerfile/pipe-to-shell'],
  ])('reported: %s (%s)', (line, rule, id) => {
    expect(ids(`FROM alpine:3.20\n${line}\n`, { [rule]: true })).toEqual([id]);
  });

  test.each<[string, keyof DockerfileRules]>([
    [
      'ONBUILD ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2015d0af6b3d4d32 https://example.com/x /x',
      'addInsteadOfCopy',
    ],
    ['ONBUILD ADD rootfs.tar.gz /', 'addInsteadOfCopy'],
    ['ONBUILD COPY app.py /app/', 'addInsteadOfCopy'],
    ['ONBUILD RUN curl -fsSLo /tmp/i.sh https://x.example/i && sha256sum -c i.sha256 && sh /tmp/i.sh', 'pipeToShell'],
    ['ONBUILD RUN apt-get update && apt-get install -y curl', 'updateAlone'],
    ['ONBUILD RUN apt-get install -y --only-upgrade openssl', 'upgrade'],
    ['ONBUILD RUN <<EOF\napt-get update\napt-get install -y curl\nEOF', 'updateAlone'],
  ])('not reported: %s (%s)', (line, rule) => {
    expect(ids(`FROM alpine:3.20\n${line}\n`, { [rule]: true })).toEqual([]);
  });

  test('a trigger runs under the SHELL the image ends with, not the one at the ONBUILD line', () => {
    const text = 'FROM alpine\nONBUILD RUN curl https://x.example/i | sh\nSHELL ["pwsh", "-Command"]\n';
    expect(ids(text, { pipeToShell: true })).toEqual([]);
    const back =
      'FROM alpine\nSHELL ["pwsh", "-Command"]\nONBUILD RUN curl https://x.example/i | sh\nSHELL ["/bin/sh", "-c"]\n';
    expect(ids(back, { pipeToShell: true })).toEqual(['dockerfile/pipe-to-shell']);
  });

  test('only the stages the build runs: an ONBUILD in a stage --target skips is not read', () => {
    const text = 'FROM alpine AS tools\nONBUILD RUN curl https://x.example/i | sh\nFROM alpine AS app\nRUN true\n';
    expect(findings(text, { pipeToShell: true }, 'app')).toEqual([]);
    expect(findings(text, { pipeToShell: true }, 'tools').map((finding) => finding.ruleId)).toEqual([
      'dockerfile/pipe-to-shell',
    ]);
  });

  test.each([
    'ONBUILD ONBUILD RUN curl https://x.example/i | sh',
    'ONBUILD FROM alpine',
    'ONBUILD MAINTAINER someone',
    'ONBUILD',
    'ONBUILD HEALTHCHECK CMD true',
  ])('no trigger to check and no crash: %s', (line) => {
    const text = `FROM alpine\n${line}\n`;
    expect(findings(text, { addInsteadOfCopy: true, pipeToShell: true, updateAlone: true, upgrade: true })).toEqual([]);
  });

  test("BuildKit's ONBUILD test file (ONBUILD RUN exec and shell form, ONBUILD COPY): triggers read, nothing reported", () => {
    const file = path.resolve(
      import.meta.dirname,
      '../fixtures/dockerfile-parser/buildkit/lk4d4-the-edge-case-generator/Dockerfile',
    );
    const text = readFileSync(file, 'utf8');
    const dockerfile = parseDockerfile(text, { path: 'Dockerfile' });
    const triggers = dockerfile.instructions.map(onbuildTrigger).filter((trigger) => trigger !== undefined);
    expect(triggers.map((trigger) => [trigger.keyword, trigger.execForm ?? trigger.body, trigger.line])).toEqual([
      ['RUN', ['echo', 'test'], 5],
      ['RUN', 'echo test', 6],
      ['COPY', '. /', 7],
    ]);
    const all = { addInsteadOfCopy: true, pipeToShell: true, updateAlone: true, upgrade: true };
    expect(findings(text, all).filter((finding) => finding.properties?.onbuild === true)).toEqual([]);
  });

  test('onbuildTrigger parses the nested instruction: keyword, flags, exec form, the ONBUILD position', () => {
    const dockerfile = parseDockerfile(
      'FROM alpine\n ONBUILD ADD --chown=1000 --checksum=sha256:ab https://x/a /a\nONBUILD RUN ["apk", "upgrade"]\nRUN x\n',
      { path: 'Dockerfile' },
    );
    const [add, run, plain] = dockerfile.stages[0]?.instructions.map(onbuildTrigger) ?? [];
    expect(add).toMatchObject({
      keyword: 'ADD',
      flags: { chown: '1000', checksum: 'sha256:ab' },
      body: 'https://x/a /a',
      line: 2,
      column: 2,
      onbuild: true,
    });
    expect(run).toMatchObject({ keyword: 'RUN', execForm: ['apk', 'upgrade'], line: 3 });
    expect(plain).toBeUndefined();
  });
});
