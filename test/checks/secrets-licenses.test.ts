import { checkLicenses } from '../../src/checks/licenses.js';
import { checkSecrets } from '../../src/checks/secrets.js';
import type { ScanFacts, SecretFacts } from '../../src/scan/types.js';
import { makeFacts } from '../support/facts.js';
import { DOCKERFILE_PATH, scanContext } from './scan-context.js';
import { corpusReport, scanOf } from './trivy-fixtures.js';
import { describeWhen } from '../support/gate.js';

const DOCKERFILE = 'FROM alpine:3.20\nCOPY deploy.sh /app/deploy.sh\nUSER 10001\n';
const image = makeFacts({
  createdBy: ['/bin/sh -c #(nop) ADD file:abc in / ', 'COPY deploy.sh /app/deploy.sh # buildkit'],
});
const emptyScan: ScanFacts = {
  scanner: { name: 'trivy' },
  artifactName: 'x',
  vulnerabilities: [],
  secrets: [],
  licenses: [],
};

const secretsReport = corpusReport('non-image/secrets.json.golden');
const licensesReport = corpusReport('non-image/license-cyclonedx.json.golden');
const withSecrets = describeWhen(secretsReport, 'the shared corpus has no non-image/secrets.json.golden');
const withLicenses = describeWhen(licensesReport, 'the shared corpus has no non-image/license-cyclonedx.json.golden');

withSecrets('secrets (corpus: secrets.json)', () => {
  const scan = scanOf(secretsReport as Record<string, unknown>);

  test('each secret is a finding secret/<rule> at the scanner severity', () => {
    const findings = checkSecrets(scanContext({ image, scan }));
    expect(findings.map((finding) => [finding.ruleId, finding.severity])).toEqual([
      ['secret/aws-access-key-id', 'critical'],
      ['secret/mysecret', 'high'],
    ]);
    expect(new Set(findings.map((finding) => finding.fingerprint)).size).toBe(2);
  });

  test('messages name the file and line, never the secret or the matched text', () => {
    const findings = checkSecrets(scanContext({ image, scan }));
    expect(findings[0]?.message).toBe(
      'Secret in the image: AWS Access Key ID (aws-access-key-id) in deploy.sh line 3. Remove it from the image and ' +
        'rotate it; pass build secrets with `RUN --mount=type=secret` so they never land in a layer.',
    );
    const everything = JSON.stringify(findings);
    expect(everything).not.toContain('AWS_ACCESS_KEY_ID');
    expect(everything).not.toContain('ghp_');
    expect(everything).not.toContain('********');
  });

  test('secrets.forbid: false turns them off', () => {
    expect(checkSecrets(scanContext({ image, scan, rules: { secrets: { forbid: false } } }))).toEqual([]);
    expect(checkSecrets(scanContext({ image, scan, rules: { secrets: { forbid: true } } }))).toHaveLength(2);
  });

  test('without a layer a secret points at the Dockerfile line 1, or names the image', () => {
    expect(checkSecrets(scanContext({ image, scan, dockerfile: DOCKERFILE }))[0]?.location).toEqual({
      kind: 'source',
      path: DOCKERFILE_PATH,
      line: 1,
    });
    expect(checkSecrets(scanContext({ image, scan }))[0]?.location).toEqual({
      kind: 'image',
      image: 'ghcr.io/acme/api:1.0',
    });
  });
});

describe('secrets in a layer', () => {
  const secret: SecretFacts = {
    ruleId: 'private-key',
    category: 'AsymmetricPrivateKey',
    severity: 'HIGH',
    title: 'Asymmetric Private Key',
    target: '/app/deploy.sh',
    startLine: 1,
    layerDiffId: image.layers[1]?.diffId,
    match: '----BEGIN RSA PRIVATE KEY-----**********',
  };

  test('point at the instruction that added the file', () => {
    const [finding] = checkSecrets(
      scanContext({ image, scan: { ...emptyScan, secrets: [secret] }, dockerfile: DOCKERFILE }),
    );
    expect(finding?.location).toEqual({ kind: 'source', path: DOCKERFILE_PATH, line: 2, column: 1 });
    expect(finding?.properties).toEqual({
      secretRuleId: 'private-key',
      category: 'AsymmetricPrivateKey',
      title: 'Asymmetric Private Key',
      target: '/app/deploy.sh',
      startLine: 1,
      scannerSeverity: 'HIGH',
      layerDiffId: image.layers[1]?.diffId,
    });
  });

  test('keep their fingerprint when the secret moves within the file, and are reported once', () => {
    const [before] = checkSecrets(scanContext({ image, scan: { ...emptyScan, secrets: [secret] } }));
    const after = checkSecrets(
      scanContext({
        image,
        scan: {
          ...emptyScan,
          secrets: [
            { ...secret, startLine: 9 },
            { ...secret, startLine: 9 },
          ],
        },
      }),
    );
    expect(after).toHaveLength(1);
    expect(after[0]?.fingerprint).toBe(before?.fingerprint);
  });

  test('UNKNOWN follows vulnerabilities.unknownSeverity', () => {
    const scan = { ...emptyScan, secrets: [{ ...secret, severity: 'UNKNOWN' as const }] };
    expect(checkSecrets(scanContext({ image, scan }))[0]?.severity).toBe('low');
    expect(
      checkSecrets(scanContext({ image, scan, rules: { vulnerabilities: { unknownSeverity: 'critical' } } }))[0]
        ?.severity,
    ).toBe('critical');
  });
});

withLicenses('licenses (corpus: license-cyclonedx.json)', () => {
  const scan = scanOf(licensesReport as Record<string, unknown>);

  test('nothing is forbidden unless licenses.forbid says so', () => {
    expect(checkLicenses(scanContext({ image, scan }))).toEqual([]);
    expect(checkLicenses(scanContext({ image, scan, rules: { licenses: { forbid: [] } } }))).toEqual([]);
  });

  test('a forbidden license, by SPDX id or case-insensitive glob, is a license/forbidden finding per package', () => {
    const exact = checkLicenses(scanContext({ image, scan, rules: { licenses: { forbid: ['EPL-1.0'] } } }));
    expect(exact.map((finding) => [finding.ruleId, finding.severity, finding.message])).toEqual([
      [
        'license/forbidden',
        'high',
        'Package org.eclipse.sisu:org.eclipse.sisu.plexus is licensed under EPL-1.0, which licenses.forbid forbids.',
      ],
    ]);
    const globbed = checkLicenses(
      scanContext({ image, scan, rules: { licenses: { forbid: ['epl-*', 'BSD-*', 'GPL-*'] } } }),
    );
    expect(globbed.map((finding) => finding.properties?.pkgName)).toEqual([
      'org.eclipse.sisu:org.eclipse.sisu.plexus',
      'org.ow2.asm:asm',
    ]);
    expect(globbed[1]?.message).toContain("under BSD-3-Clause, which licenses.forbid forbids (matched 'BSD-*').");
    expect(new Set(globbed.map((finding) => finding.fingerprint)).size).toBe(2);
  });

  test('license findings point at the layer that holds the package', () => {
    const withLayer: ScanFacts = {
      ...scan,
      licenses: scan.licenses.map((license) => ({ ...license, layerDiffId: image.layers[1]?.diffId })),
    };
    const [finding] = checkLicenses(
      scanContext({ image, scan: withLayer, dockerfile: DOCKERFILE, rules: { licenses: { forbid: ['EPL-1.0'] } } }),
    );
    expect(finding?.location).toEqual({ kind: 'source', path: DOCKERFILE_PATH, line: 2, column: 1 });
  });
});
