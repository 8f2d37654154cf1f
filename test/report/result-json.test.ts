import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { toResultDocument } from '../../src/report/result-json.js';
import { DIGEST, DOCKERFILE, diffId, imageOnlyResult, sampleImage, sampleResult, withChange } from './fixtures.js';

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
    expect(document.policy).toEqual({ files: ['policies/org.yml', '.imagegate.yml'] });
    expect(document.counts).toEqual({ critical: 1, high: 2, medium: 1, low: 0, info: 1 });
    expect(document.suppressedCount).toBe(1);
  });

  test('describes the image, keeping metadata-only history apart from layers', () => {
    const { image } = document;
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

  test('every property in the schema is required (keys are always present)', () => {
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
    expect(unrequired).toEqual([]);
  });
});
