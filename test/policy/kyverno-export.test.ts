import { createHash, generateKeyPairSync } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { cli } from '../support/cli.js';
import { tempDir } from '../support/temp.js';

/**
 * `imagegate policy export --kyverno`: the policy's base.allow and signers as a Kyverno ClusterPolicy, parsed back
 * and checked rule by rule, and against the fields Kyverno's kyverno.io/v1 ClusterPolicy has (an unknown field is
 * rejected by the API server's schema, so a typo here would fail only in the cluster).
 */

const root = await tempDir('imagegate-kyverno-export-');
const repoRoot = new URL('../../', import.meta.url).pathname;
const baseKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' });
const imageKey = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' });

const POLICY = `version: 1
defaults:
  base:
    allow: ["docker.io/library/alpine:3.*", "cgr.dev/chainguard/{static,busybox}:latest"]
signatures:
  image:
    required: true
    signers:
      - key: keys/release.pub
  bases:
    - match: "cgr.dev/chainguard/**"
      signers:
        - issuer: https://token.actions.githubusercontent.com
          subjectRegExp: "^https://github\\\\.com/chainguard-images/images/.*@refs/heads/main$"
    - match: "docker.io/library/alpine:*"
      signers:
        - key: keys/base.pub
        - issuer: https://accounts.example
          subject: "builder@example.com {{request.object.metadata.name}}"
`;

async function workspace(policy = POLICY, extra = ''): Promise<string> {
  const dir = await mkdtemp(path.join(root, 'ws-'));
  await mkdir(path.join(dir, 'keys'));
  await writeFile(path.join(dir, 'keys', 'base.pub'), baseKey);
  await writeFile(path.join(dir, 'keys', 'release.pub'), imageKey);
  await writeFile(path.join(dir, '.imagegate.yml'), policy + extra);
  return dir;
}

interface Rule {
  name: string;
  match: unknown;
  validate?: { message: string; pattern: { spec: Record<string, Array<{ image: string }>> } };
  verifyImages?: Array<{
    imageReferences: string[];
    attestors?: Array<{ count: number; entries: Array<Record<string, Record<string, unknown>>> }>;
    attestations?: Array<{ type: string; attestors: unknown[]; conditions: Array<{ all: unknown[] }> }>;
    required: boolean;
  }>;
}

/** The kyverno.io/v1 fields this export may use, per object (from Kyverno's ClusterPolicy CRD). */
const KNOWN: Record<string, string[]> = {
  policy: ['apiVersion', 'kind', 'metadata', 'spec'],
  spec: ['validationFailureAction', 'background', 'webhookTimeoutSeconds', 'failurePolicy', 'rules'],
  rule: ['name', 'match', 'validate', 'verifyImages'],
  verifyImage: ['imageReferences', 'attestors', 'attestations', 'mutateDigest', 'verifyDigest', 'required'],
  attestorSet: ['count', 'entries'],
  entry: ['keys', 'keyless'],
  keys: ['publicKeys', 'rekor', 'ctlog'],
  keyless: ['issuer', 'subject', 'subjectRegExp', 'roots', 'rekor', 'ctlog'],
  attestation: ['type', 'attestors', 'conditions'],
};

function expectKnown(kind: string, value: unknown): void {
  expect(Object.keys(value as object).filter((key) => !KNOWN[kind]!.includes(key))).toEqual([]);
}

function checkShape(document: Record<string, unknown>): void {
  expectKnown('policy', document);
  const spec = document.spec as { rules: Rule[] };
  expectKnown('spec', spec);
  for (const rule of spec.rules) {
    expectKnown('rule', rule);
    expect(rule.match).toEqual({ any: [{ resources: { kinds: ['Pod'] } }] });
    for (const verify of rule.verifyImages ?? []) {
      expectKnown('verifyImage', verify);
      for (const set of [...(verify.attestors ?? []), ...(verify.attestations ?? []).flatMap((a) => a.attestors)]) {
        expectKnown('attestorSet', set);
        for (const entry of (set as { entries: Array<Record<string, object>> }).entries) {
          expectKnown('entry', entry);
          if (entry.keys) expectKnown('keys', entry.keys);
          if (entry.keyless) expectKnown('keyless', entry.keyless);
        }
      }
      for (const attestation of verify.attestations ?? []) expectKnown('attestation', attestation);
    }
  }
}

test('writes base.allow, the base signers and the VSA check as a ClusterPolicy that parses back', async () => {
  const dir = await workspace();
  const run = await cli(
    ['policy', 'export', '--kyverno', '--out', 'kyverno.yaml', '--image', 'ghcr.io/acme/api*', '--name', 'acme-gate'],
    dir,
  );
  expect(run.stderr).toContain('wrote the Kyverno ClusterPolicy acme-gate to kyverno.yaml');
  expect(run.code).toBe(0);
  const text = await readFile(path.join(dir, 'kyverno.yaml'), 'utf8');
  const document = parse(text) as Record<string, unknown>;
  checkShape(document);
  const digest = createHash('sha256').update(POLICY).digest('hex');
  expect(document).toMatchObject({
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    metadata: { name: 'acme-gate', annotations: { 'imagegate.dev/policy-digest': `sha256:${digest}` } },
    spec: { validationFailureAction: 'Enforce', background: false },
  });
  const rules = (document.spec as { rules: Rule[] }).rules;
  expect(rules.map((rule) => rule.name)).toEqual([
    'imagegate-allowed-images',
    'imagegate-signed-bases-1',
    'imagegate-signed-bases-2',
    'imagegate-verified-image',
  ]);

  // base.allow: one OR pattern over every container list.
  const allowed = rules[0]!.validate!.pattern.spec;
  const alternatives = allowed.containers![0]!.image.split(' | ');
  expect(alternatives).toEqual(
    expect.arrayContaining([
      'docker.io/library/alpine:3.*',
      'alpine:3.*',
      'cgr.dev/chainguard/static:latest',
      'cgr.dev/chainguard/busybox:latest@*',
    ]),
  );
  expect(allowed['=(initContainers)']).toEqual(allowed.containers);
  expect(allowed['=(ephemeralContainers)']).toEqual(allowed.containers);

  // Keyless identity with a subject regular expression, public-good root (no roots/rekor given).
  const chainguard = rules[1]!.verifyImages![0]!;
  expect(chainguard.imageReferences).toEqual([
    'cgr.dev/chainguard/*',
    'cgr.dev/chainguard/*:*',
    'cgr.dev/chainguard/*@*',
  ]);
  expect(chainguard.attestors).toEqual([
    {
      count: 1,
      entries: [
        {
          keyless: {
            issuer: 'https://token.actions.githubusercontent.com',
            subjectRegExp: '^https://github\\.com/chainguard-images/images/.*@refs/heads/main$',
          },
        },
      ],
    },
  ]);

  // A key and an identity: any one of them (count 1); the policy's `{{` cannot become a Kyverno variable.
  const alpine = rules[2]!.verifyImages![0]!;
  expect(alpine.attestors![0]!.count).toBe(1);
  expect(alpine.attestors![0]!.entries).toEqual([
    { keys: { publicKeys: baseKey, rekor: { ignoreTlog: true }, ctlog: { ignoreSCT: true } } },
    {
      keyless: {
        issuer: 'https://accounts.example',
        subject: 'builder@example.com \\{{request.object.metadata.name}}',
      },
    },
  ]);
  expect(text).not.toMatch(/[^\\]\{\{request/);

  // The workflow's images: signed by the release key, with a VSA that PASSED under this policy's digest.
  const verified = rules[3]!.verifyImages![0]!;
  expect(verified.imageReferences).toEqual(['ghcr.io/acme/api*', 'ghcr.io/acme/api*:*', 'ghcr.io/acme/api*@*']);
  const releaseEntry = { keys: { publicKeys: imageKey, rekor: { ignoreTlog: true }, ctlog: { ignoreSCT: true } } };
  expect(verified.attestors).toEqual([{ count: 1, entries: [releaseEntry] }]);
  expect(verified.attestations).toEqual([
    {
      type: 'https://slsa.dev/verification_summary/v1',
      attestors: [{ count: 1, entries: [releaseEntry] }],
      conditions: [
        {
          all: [
            { key: '{{ verificationResult }}', operator: 'Equals', value: 'PASSED' },
            { key: '{{ policy.digest.sha256 }}', operator: 'Equals', value: digest },
            { key: '{{ verifier.id }}', operator: 'Equals', value: 'https://github.com/imagegate/imagegate' },
          ],
        },
      ],
    },
  ]);
});

test('a private trust root becomes the keyless roots, Rekor URL and key, CT log key', async () => {
  const dir = await workspace(POLICY, '  trustedRoot: trusted_root.json\n');
  await copyFile(
    path.join(repoRoot, 'trust', 'sigstore-public-good', 'trusted_root.json'),
    path.join(dir, 'trusted_root.json'),
  );
  const run = await cli(['policy', 'export', '--kyverno'], dir);
  expect(run.code).toBe(0);
  const document = parse(run.stdout) as { spec: { rules: Rule[] } };
  const keyless = document.spec.rules[1]!.verifyImages![0]!.attestors![0]!.entries[0]!.keyless!;
  expect(keyless.roots).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
  expect(keyless.rekor).toEqual({
    url: 'https://rekor.sigstore.dev',
    pubkey: expect.stringMatching(/^-----BEGIN PUBLIC KEY-----/),
  });
  expect((keyless.ctlog as { pubkey: string }).pubkey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  // Without --image there is no rule about the workflow's own images.
  expect(document.spec.rules.map((rule) => rule.name)).not.toContain('imagegate-verified-image');
});

test('without signatures.image signers, --image is refused: nobody would have to have signed the summary', async () => {
  const dir = await workspace('version: 1\ndefaults:\n  base:\n    allow: ["docker.io/library/alpine:3.*"]\n');
  const run = await cli(['policy', 'export', '--kyverno', '--image', 'ghcr.io/acme/api'], dir);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('policy export --image needs signatures.image.signers in .imagegate.yml');
  const plain = await cli(['policy', 'export', '--kyverno'], dir);
  expect(plain.code).toBe(0);
  expect((parse(plain.stdout) as { spec: { rules: Rule[] } }).spec.rules.map((rule) => rule.name)).toEqual([
    'imagegate-allowed-images',
  ]);
});

test.each([
  [['policy', 'export'], 'policy export needs a format: --kyverno'],
  [['policy', 'export', '--kyverno', '--name', 'Bad_Name'], 'policy export --name must be a Kubernetes name'],
])('%j is a configuration error', async (args, message) => {
  const run = await cli(args, await workspace());
  expect(run.code).toBe(2);
  expect(run.stderr).toContain(message);
});

test('a signer key outside the workspace is refused, its contents never quoted', async () => {
  const dir = await workspace(POLICY.replace('keys/base.pub', '/etc/hostname'));
  const run = await cli(['policy', 'export', '--kyverno'], dir);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('outside the workspace');
});

// policy export reads keys and the trusted root through the run's capped reader (src/signature/policy-file.ts): an
// oversized file is refused at the policy line naming it and the cap, before it is read.
test('an oversized signer key is exit 2 naming the file and the cap', async () => {
  const dir = await workspace();
  await writeFile(path.join(dir, 'keys', 'base.pub'), `${baseKey.toString()}\n`.padEnd(64 * 1024 + 1, '#'));
  const run = await cli(['policy', 'export', '--kyverno'], dir);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(
    /\.imagegate\.yml:\d+:\d+: the signer key keys\/base\.pub is 65537 bytes; imagegate reads at most 65536/,
  );
  expect(run.stdout).toBe('');
});

test('an oversized trusted root is exit 2 naming the file and the cap', async () => {
  const dir = await workspace(POLICY, '  trustedRoot: trusted_root.json\n');
  await writeFile(path.join(dir, 'trusted_root.json'), '{"secret-token-xyz":"'.padEnd(4 * 2 ** 20 + 1, 'x'));
  const run = await cli(['policy', 'export', '--kyverno'], dir);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(
    /\.imagegate\.yml:\d+:\d+: the trusted root trusted_root\.json is 4194305 bytes; imagegate reads at most 4194304/,
  );
  expect(run.stderr).not.toContain('secret-token-xyz');
});
