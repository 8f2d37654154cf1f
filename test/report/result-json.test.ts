import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { toResultDocument } from '../../src/report/result-json.js';
import { DIGEST, DOCKERFILE, diffId, imageOnlyResult, sampleImage, sampleResult, withChange } from './fixtures.js';
import { REPOSITORY, scanFindings, scannedResult } from './scan-fixtures.js';
import { fingerprintOf } from '../../src/model/findings.js';

const schemaPath = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../schemas/imagegate-result.schema.json',
);
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as object;
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
ajvFormats.default(ajv);
const validate = ajv.compile(schema);

function expectValid(document: unknown): void {
  const valid = validate(document);
  expect(validate.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}

describe('toResultDocument', () => {
  const document = toResultDocument(sampleResult(), { toolVersion: '0.1.0' });

  test('is valid against schemas/imagegate-result.schema.json, with and without a Dockerfile', () => {
    expectValid(document);
    expectValid(toResultDocument(imageOnlyResult(), { toolVersion: '0.1.0' }));
    const bare = sampleResult({ findings: [], counts: { critical: 0, high: 0, medium: 0, low: 0, info: 0 } });
    const image = { ...sampleImage(), reference: undefined, digest: undefined, compressedSize: undefined, history: [] };
    image.layers = image.layers.map(({ diffId: id, size }) => ({ diffId: id, size }));
    expectValid(
      toResultDocument(
        { ...bare, image, suppressedCount: 0, verdict: 'pass', failOn: 'never' },
        { toolVersion: '1.0.0' },
      ),
    );
  });

  test('carries the run, the tool and the gate', () => {
    expect(document.schemaVersion).toBe(1);
    expect(document.tool).toEqual({ name: 'imagegate', version: '0.1.0' });
    expect(document.startedAt).toBe('2026-11-27T12:00:00.000Z');
    expect(document.finishedAt).toBe('2026-11-27T12:00:07.500Z');
    expect(document.verdict).toBe('fail');
    expect(document.failOn).toBe('high');
    expect(document.dockerfile).toBe(DOCKERFILE);
    expect(document.policy).toEqual({
      files: ['policies/org.yml', '.imagegate.yml'],
      source: null,
      changes: null,
      head: null,
    });
    expect(document.counts).toEqual({ critical: 1, high: 2, medium: 1, low: 0, info: 1 });
    expect(document.suppressedCount).toBe(1);
  });

  test('describes the image, keeping metadata-only history apart from layers', () => {
    const image = document.image!;
    expect(image).toMatchObject({
      reference: 'docker.io/acme/api:1.2.3',
      digest: DIGEST,
      platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
      size: 180_000_000,
      compressedSize: 70_000_000,
      layerCount: 4,
      user: '',
    });
    expect(image.layers[1]).toEqual({
      index: 1,
      diffId: diffId(2),
      digest: `sha256:${'e2'.repeat(32)}`,
      size: 150_000_000,
      compressedSize: 60_000_000,
      mediaType: null,
      historyIndex: 3,
      createdBy: expect.stringContaining('/bin/sh -c echo') as unknown,
      created: null,
      instruction: { path: DOCKERFILE, line: 5, column: 1 },
    });
    expect(image.layers[3]).toMatchObject({ historyIndex: null, createdBy: null, instruction: null });
    expect(image.history).toHaveLength(6);
    expect(image.history.filter((entry) => entry.emptyLayer).map((entry) => entry.layerIndex)).toEqual([
      null,
      null,
      null,
    ]);
    expect(image.history[5]).toMatchObject({
      index: 5,
      emptyLayer: false,
      layerIndex: 2,
      comment: 'buildkit.dockerfile.v0',
    });
  });

  test('never serializes the environment (it holds secrets)', () => {
    expect(JSON.stringify(document)).not.toContain('do-not-report-me');
  });

  test('serializes findings with both location shapes and the suppression', () => {
    const [cve, size, , , suppressed, info] = document.findings;
    expect(cve?.location).toEqual({ image: 'docker.io/acme/api:1.2.3', layer: diffId(2) });
    expect(info?.location).toEqual({ image: 'docker.io/acme/api:1.2.3', layer: null });
    expect(size).toMatchObject({
      ruleId: 'size/max',
      severity: 'high',
      location: { path: DOCKERFILE, line: 1, column: 1 },
      suppressed: false,
      suppression: null,
      properties: { actual: 180_000_000, limit: 150_000_000, limitText: '150MB' },
    });
    expect(size?.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(suppressed).toMatchObject({
      suppressed: true,
      suppression: {
        reason: expect.stringContaining('builder stage only') as unknown,
        expires: '2027-01-31',
        source: { path: '.imagegate.yml', line: 12, column: 7 },
      },
    });
    expect(info?.properties).toEqual({});
  });

  test('lists findings most severe first even when the result does not', () => {
    const result = sampleResult();
    const reversed = toResultDocument(
      { ...result, findings: [...result.findings].reverse() },
      { toolVersion: '0.1.0' },
    );
    expect(reversed.findings.map((finding) => finding.severity)).toEqual([
      'critical',
      'high',
      'high',
      'medium',
      'medium',
      'info',
    ]);
  });

  test('the schema is strict: extra, missing and malformed keys are rejected', () => {
    expect(validate(withChange(document, ['image', 'env'], ['A=1']))).toBe(false);
    expect(validate(withChange(document, ['findings', 0, 'fingerprint'], undefined))).toBe(false);
    expect(validate(withChange(document, ['findings', 0, 'fingerprint'], 'Dockerfile:12'))).toBe(false);
    const mixed = { path: 'Dockerfile', line: 1, column: null, image: 'x', layer: null };
    expect(validate(withChange(document, ['findings', 0, 'location'], mixed))).toBe(false);
    expect(validate(withChange(document, ['findings', 0, 'suppressed'], true))).toBe(false);
    expect(validate(withChange(document, ['schemaVersion'], 2))).toBe(false);
    expect(validate(withChange(document, ['image', 'layers', 0, 'diffId'], 'not a digest'))).toBe(false);
  });

  test('every property in the schema is required (keys are always present), but for sections added within v1', () => {
    const unrequired: string[] = [];
    const walk = (node: unknown, where: string): void => {
      if (Array.isArray(node)) return node.forEach((item, index) => walk(item, `${where}[${index}]`));
      if (!node || typeof node !== 'object') return;
      const object = node as Record<string, unknown>;
      if (object.properties && typeof object.properties === 'object' && object.type === 'object') {
        const required = new Set((object.required as string[] | undefined) ?? []);
        for (const key of Object.keys(object.properties)) if (!required.has(key)) unrequired.push(`${where}.${key}`);
      }
      for (const [key, value] of Object.entries(object)) walk(value, `${where}/${key}`);
    };
    walk(schema, '#');
    // Added within schemaVersion 1: written always (next test), not required so that older documents stay valid.
    expect(unrequired).toEqual([
      '#.familyFailOn',
      '#.scan',
      '#.baseline',
      '#.compose',
      '#.kubernetes',
      '#.budgets',
      '#.notChecked',
      '#.provenance',
      '#.signatures',
      '#.platforms',
      '#/properties/policy.source',
      '#/properties/policy.changes',
      '#/properties/policy.head',
      '#/$defs/finding.platforms',
      '#/$defs/finding/properties/suppression/oneOf[1].by',
      '#/$defs/finding/properties/suppression/oneOf[1].author',
      '#/$defs/finding/properties/suppression/oneOf[1].timestamp',
      '#/$defs/finding/properties/suppression/oneOf[1].status',
      '#/$defs/finding/properties/suppression/oneOf[1].justification',
      '#/$defs/image.contents',
      '#/$defs/scan.feeds',
      '#/$defs/scan.binary',
      '#/$defs/scan.db',
      '#/$defs/scan.cached',
    ]);
  });

  test('sections added within v1 are always written, null when empty', () => {
    expect(document).toHaveProperty('familyFailOn', {});
    expect(document).toHaveProperty('scan', null);
    expect(document).toHaveProperty('baseline', null);
    expect(document).toHaveProperty('compose', null);
    expect(document).toHaveProperty('provenance', null);
    expect(document).toHaveProperty('kubernetes', null);
    expect(document).toHaveProperty('platforms', null);
    expect(document).toHaveProperty('notChecked', []);
    expect(document.image).toHaveProperty('contents', null);
    expect(document.policy).toEqual({ files: expect.any(Array), source: null, changes: null, head: null });
  });

  test('a document written before those sections existed is still valid', () => {
    const older = JSON.parse(JSON.stringify(document)) as Record<string, unknown>;
    delete older.familyFailOn;
    delete older.scan;
    delete older.baseline;
    delete older.compose;
    delete older.kubernetes;
    delete older.platforms;
    delete older.notChecked;
    delete (older.image as Record<string, unknown>).contents;
    const policy = older.policy as Record<string, unknown>;
    delete policy.source;
    delete policy.changes;
    delete policy.head;
    expectValid(older);
  });
});

describe('toResultDocument with a scan and a baseline', () => {
  const findings = scanFindings();
  const fixedFinding = {
    ruleId: 'vuln/CVE-2021-0002',
    severity: 'high' as const,
    message: 'old',
    fingerprint: fingerprintOf('vuln/CVE-2021-0002', REPOSITORY, 'curl'),
    suppressed: false,
    location: null,
    properties: {},
  };
  const result = scannedResult({
    baseline: { file: 'previous/imagegate.json', new: findings.slice(0, 3), fixed: [fixedFinding], unchanged: 7 },
  });
  const document = toResultDocument(result, { toolVersion: '0.1.0' });

  test('is valid against the schema', () => {
    expectValid(document);
  });

  test('the scan section counts what the scanner found before filters', () => {
    expect(document.scan).toEqual({
      scanner: { name: 'trivy', version: '0.58.1' },
      binary: null,
      dbUpdatedAt: '2026-11-26T06:00:00Z',
      cached: null,
      db: null,
      artifact: { name: 'docker.io/acme/api:1.2.3', type: 'container_image' },
      found: { vulnerabilities: 8, secrets: 1, licenses: 1 },
      feeds: [],
    });
    expect(document.familyFailOn).toEqual({ vuln: 'critical' });
  });

  test('every finding keeps all its properties, nulls included', () => {
    const lodash = document.findings.find((finding) => finding.properties.pkgName === 'lodash');
    expect(lodash?.properties).toEqual({
      pkgName: 'lodash',
      pkgPath: 'app/package-lock.json',
      installedVersion: '4.17.15',
      fixedVersion: '4.17.21',
      status: 'fixed',
      scannerSeverity: 'HIGH',
      cvssScore: 7.4,
      target: 'app/package-lock.json',
      layerDiffId: diffId(3),
      primaryUrl: 'https://github.com/advisories/GHSA-p6mc-m468-83gw',
      title: 'Prototype pollution in lodash',
    });
    const busybox = document.findings.find((finding) => finding.properties.pkgName === 'busybox');
    expect(busybox?.properties).toMatchObject({ fixedVersion: null, cvssScore: null, primaryUrl: null });
    expect(document.findings).toHaveLength(result.findings.length);
  });

  test('the baseline section has counts and fingerprints of new and fixed findings', () => {
    expect(document.baseline).toEqual({
      file: 'previous/imagegate.json',
      new: { count: 3, fingerprints: findings.slice(0, 3).map((finding) => finding.fingerprint) },
      fixed: { count: 1, fingerprints: [fixedFinding.fingerprint] },
      unchanged: 7,
    });
  });

  test('the new sections are strict too', () => {
    expect(validate(withChange(document, ['scan', 'found', 'vulnerabilities'], -1))).toBe(false);
    expect(validate(withChange(document, ['scan', 'scanner', 'name'], 'grype'))).toBe(false);
    expect(validate(withChange(document, ['baseline', 'new', 'fingerprints', 0], 'Dockerfile:3'))).toBe(false);
    expect(validate(withChange(document, ['baseline', 'unchanged'], undefined))).toBe(false);
    expect(validate(withChange(document, ['familyFailOn', 'compose'], 'high'))).toBe(false);
    expect(validate(withChange(document, ['familyFailOn', 'vuln'], 'urgent'))).toBe(false);
  });
});

describe('toResultDocument: the Trivy that ran', () => {
  test('scan.binary names its path, version and how it was verified, and is valid against the schema', () => {
    const binary = { path: '/home/runner/.cache/imagegate/trivy/0.72.0/linux-x64/trivy', version: '0.72.0' };
    const result = scannedResult();
    const document = toResultDocument(
      { ...result, scan: { ...result.scan!, binary: { ...binary, verification: 'trust-on-first-use' } } },
      { toolVersion: '0.1.0' },
    );
    expect(document.scan?.binary).toEqual({ ...binary, verification: 'trust-on-first-use' });
    expectValid(document);
    const invalid = JSON.parse(JSON.stringify(document)) as { scan: { binary: { verification: string } } };
    invalid.scan.binary.verification = 'checksum file beside it';
    expect(() => expectValid(invalid)).toThrow();
  });
});
