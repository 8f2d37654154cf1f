import type { Log, Result } from 'sarif';
import { toSarif } from '../../src/report/sarif.js';
import { artifactLocation, automationDetailsId, sanitizeCategory } from '../../src/report/sarif-location.js';
import { haveSarifSchema, sarifSchemaErrors } from '../support/schemas.js';
import { DOCKERFILE, diffId, imageOnlyResult, sampleResult, withChange } from './fixtures.js';
import { testWhen } from '../support/gate.js';

/** The official schema comes from the shared folder: the schema tests skip without it locally, fail under CI=true. */
const schemaTest = testWhen(haveSarifSchema, 'the official SARIF schema is missing from the shared folder');

const options = {
  toolVersion: '0.1.0',
  category: 'imagegate/image/docker.io/acme/api',
  informationUri: 'https://example.org/imagegate',
};

function validateSarif(log: Log): void {
  expect(sarifSchemaErrors(log)).toEqual([]);
}

function resultFor(log: Log, ruleId: string): Result {
  const found = log.runs[0]?.results?.find((result) => result.ruleId === ruleId);
  if (!found) throw new Error(`no result for ${ruleId}`);
  return found;
}

describe('toSarif', () => {
  const log = toSarif(sampleResult(), options);
  const run = log.runs[0]!;

  schemaTest('is valid SARIF 2.1.0 (official schema), with and without a Dockerfile', () => {
    validateSarif(log);
    validateSarif(toSarif(imageOnlyResult(), options));
    validateSarif(toSarif(imageOnlyResult(), { ...options, unlocated: 'logical' }));
    validateSarif(toSarif(sampleResult({ findings: [] }), { toolVersion: '0.1.0', category: 'x' }));
  });

  schemaTest('the schema check is not vacuous: a damaged log fails it', () => {
    expect(sarifSchemaErrors(withChange(log, ['runs', 0, 'results', 0, 'level'], 'critical'))).not.toEqual([]);
    const region = ['runs', 0, 'results', 0, 'locations', 0, 'physicalLocation', 'region', 'startLine'];
    expect(sarifSchemaErrors(withChange(log, region, 0))).not.toEqual([]);
  });

  test('one run whose driver is imagegate, with the rules the results use', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(run.tool.driver).toMatchObject({
      name: 'imagegate',
      version: '0.1.0',
      semanticVersion: '0.1.0',
      informationUri: 'https://example.org/imagegate',
    });
    const ids = run.tool.driver.rules?.map((rule) => rule.id);
    expect(ids).toEqual([
      'layers/wasted',
      'size/max',
      'user/root',
      'layers/max-layer-size',
      'base/forbidden-tag',
      'layers/max',
    ]);
    for (const result of run.results ?? []) {
      expect(run.tool.driver.rules?.[result.ruleIndex!]?.id).toBe(result.ruleId);
    }
  });

  test('rules carry help, level, tags, precision and security-severity per GitHub buckets', () => {
    const rules = new Map(run.tool.driver.rules?.map((rule) => [rule.id, rule]));
    const size = rules.get('size/max')!;
    expect(size.name).toBe('SizeMax');
    expect(size.shortDescription?.text).toBe('Image larger than its size budget');
    expect(size.fullDescription?.text).toMatch(/^The uncompressed image/);
    expect(size.help?.markdown).toContain('`size.max`');
    expect(size.help?.text).not.toContain('`');
    expect(size.defaultConfiguration?.level).toBe('error');
    expect(size.properties).toEqual({ tags: ['size'], precision: 'very-high', 'security-severity': '8.0' });

    expect(rules.get('layers/wasted')?.properties?.['security-severity']).toBe('9.5');
    expect(rules.get('layers/wasted')?.shortDescription?.text).toBe('layers/wasted');
    expect(rules.get('layers/max-layer-size')?.properties?.['security-severity']).toBe('5.5');
    expect(rules.get('layers/max-layer-size')?.defaultConfiguration?.level).toBe('warning');
    expect(rules.get('layers/max')?.properties).not.toHaveProperty('security-severity');
    expect(rules.get('layers/max')?.defaultConfiguration?.level).toBe('note');
    for (const rule of rules.values()) {
      const value = rule.properties?.['security-severity'] as string | undefined;
      if (value !== undefined) expect(typeof value).toBe('string');
    }
  });

  test('a rule takes the severity its findings have in this run (policy overrides), not the catalog default', () => {
    const result = sampleResult();
    const lowered = result.findings.map((finding) =>
      finding.ruleId === 'size/max' ? { ...finding, severity: 'low' as const } : finding,
    );
    const rule = toSarif({ ...result, findings: lowered }, options).runs[0]?.tool.driver.rules?.find(
      (r) => r.id === 'size/max',
    );
    expect(rule?.properties?.['security-severity']).toBe('2.0');
    expect(rule?.defaultConfiguration?.level).toBe('note');
  });

  test('results: level from severity, message, repo-relative location, stable fingerprints', () => {
    const size = resultFor(log, 'size/max');
    expect(size.level).toBe('error');
    expect(size.message.text).toBe('Image is 180 MB, over the 150MB budget (size.max)');
    expect(size.locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: 'services/api/Dockerfile', uriBaseId: '%SRCROOT%' },
          region: { startLine: 1, startColumn: 1 },
        },
      },
    ]);
    const fingerprint = sampleResult().findings.find((finding) => finding.ruleId === 'size/max')!.fingerprint;
    expect(size.partialFingerprints).toEqual({
      primaryLocationLineHash: fingerprint,
      'imagegateFingerprint/v1': fingerprint,
    });
    expect(size.properties).toMatchObject({ severity: 'high', actual: 180_000_000, limitText: '150MB' });

    expect(resultFor(log, 'user/root').locations?.[0]?.physicalLocation?.region).toEqual({ startLine: 1 });
    expect(resultFor(log, 'layers/max-layer-size').level).toBe('warning');
    expect(resultFor(log, 'layers/max').level).toBe('note');
    expect(resultFor(log, 'layers/wasted').level).toBe('error');
  });

  test('fingerprints do not move when the line does', () => {
    const result = sampleResult();
    const moved = result.findings.map((finding) =>
      finding.location.kind === 'source'
        ? { ...finding, location: { ...finding.location, line: finding.location.line + 10 } }
        : finding,
    );
    const before = run.results?.map((r) => r.partialFingerprints);
    const after = toSarif({ ...result, findings: moved }, options).runs[0]?.results?.map((r) => r.partialFingerprints);
    expect(after).toEqual(before);
  });

  test('every result has the physical location GitHub requires when a Dockerfile is known', () => {
    for (const result of run.results ?? []) {
      expect(result.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toBeTruthy();
      expect(result.locations?.[0]?.physicalLocation?.region?.startLine).toBeGreaterThanOrEqual(1);
    }
    // An image-located finding falls back to the Dockerfile's first line and keeps the layer as a logical location.
    expect(resultFor(log, 'layers/wasted').locations?.[0]).toEqual({
      physicalLocation: { artifactLocation: { uri: DOCKERFILE, uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } },
      logicalLocations: [
        { kind: 'layer', name: diffId(2), fullyQualifiedName: `docker.io/acme/api:1.2.3/layers/${diffId(2)}` },
      ],
    });
  });

  test('without a Dockerfile, image findings become run notifications so the file stays uploadable', () => {
    const imageOnly = toSarif(imageOnlyResult(), options).runs[0]!;
    expect(imageOnly.results).toEqual([]);
    const notifications = imageOnly.invocations?.[0]?.toolExecutionNotifications ?? [];
    expect(notifications).toHaveLength(5);
    expect(notifications[0]).toMatchObject({
      level: 'warning',
      associatedRule: { id: 'layers/wasted', index: 0 },
      locations: [{ logicalLocations: [{ kind: 'layer', name: diffId(2) }] }],
    });
    expect(notifications[0]?.message.text).toContain('Layer 2 wastes 40 MB');
    expect(imageOnly.tool.driver.rules).toHaveLength(5);

    const logical = toSarif(imageOnlyResult(), { ...options, unlocated: 'logical' }).runs[0]!;
    expect(logical.results).toHaveLength(5);
    expect(logical.results?.[1]?.locations).toEqual([
      {
        logicalLocations: [
          { kind: 'image', name: 'docker.io/acme/api:1.2.3', fullyQualifiedName: 'docker.io/acme/api:1.2.3' },
        ],
      },
    ]);
    expect(logical.invocations?.[0]?.toolExecutionNotifications).toBeUndefined();
  });

  test('without a Dockerfile but with an anchor URI (re-scans), image findings are results at its line 1', () => {
    const anchored = toSarif(imageOnlyResult(), { ...options, unlocated: { anchorUri: 'acme/api' } });
    validateSarif(anchored);
    const run = anchored.runs[0]!;
    expect(run.results).toHaveLength(5);
    expect(run.invocations?.[0]?.toolExecutionNotifications).toBeUndefined();
    expect(run.results?.[1]?.locations).toEqual([
      {
        physicalLocation: { artifactLocation: { uri: 'acme/api' }, region: { startLine: 1 } },
        logicalLocations: [
          { kind: 'image', name: 'docker.io/acme/api:1.2.3', fullyQualifiedName: 'docker.io/acme/api:1.2.3' },
        ],
      },
    ]);
  });

  test('suppressed findings stay, with an external suppression carrying the reason', () => {
    const suppressed = resultFor(log, 'base/forbidden-tag');
    expect(suppressed.suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification: 'builder stage only; <script>alert(1)</script> see @sec (allowlisted until 2027-01-31)',
        location: {
          physicalLocation: {
            artifactLocation: { uri: '.imagegate.yml', uriBaseId: '%SRCROOT%' },
            region: { startLine: 12, startColumn: 7 },
          },
        },
      },
    ]);
    expect(suppressed.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toBe(
      'deploy/my%20app/Dockerfile%23prod',
    );
    expect(resultFor(log, 'size/max').suppressions).toBeUndefined();
  });

  test('automation details, invocation and run properties', () => {
    expect(run.automationDetails).toEqual({ id: 'imagegate/image/docker.io/acme/api/' });
    expect(run.invocations).toEqual([
      { executionSuccessful: true, startTimeUtc: '2026-11-27T12:00:00.000Z', endTimeUtc: '2026-11-27T12:00:07.500Z' },
    ]);
    expect(run.properties).toMatchObject({ verdict: 'fail', failOn: 'high', image: 'docker.io/acme/api:1.2.3' });
  });
});

describe('artifactLocation', () => {
  test.each([
    ['Dockerfile', 'Dockerfile'],
    ['./services/api/Dockerfile', 'services/api/Dockerfile'],
    ['services\\api\\Dockerfile', 'services/api/Dockerfile'],
    ['a//b/./Dockerfile', 'a/b/Dockerfile'],
    ['my app/Dockerfile#prod', 'my%20app/Dockerfile%23prod'],
    ['c:d/Dockerfile', 'c%3Ad/Dockerfile'],
    ['100%/Dockerfile?x', '100%25/Dockerfile%3Fx'],
    ['docker/Dockerfile.ünï', 'docker/Dockerfile.%C3%BCn%C3%AF'],
  ])('%s → %s against %%SRCROOT%%', (input, uri) => {
    expect(artifactLocation(input)).toEqual({ uri, uriBaseId: '%SRCROOT%' });
    expect(decodeURIComponent(uri)).toBe(
      input.replaceAll('\\', '/').replace(/^\.\//, '').replace('//', '/').replace('/./', '/'),
    );
  });

  test('paths outside the repository stay absolute file URIs', () => {
    expect(artifactLocation('/srv/other repo/Dockerfile')).toEqual({ uri: 'file:///srv/other%20repo/Dockerfile' });
    expect(artifactLocation('C:\\work\\Dockerfile')).toEqual({ uri: 'file:///C:/work/Dockerfile' });
  });
});

describe('categories', () => {
  test.each([
    ['imagegate/image/docker.io/acme/api', 'imagegate/image/docker.io/acme/api'],
    ['imagegate/image/localhost:5000/my app', 'imagegate/image/localhost-5000/my-app'],
    ['//imagegate//image/', 'imagegate/image'],
    ['imagegate/../x', 'imagegate/x'],
    ['', 'imagegate'],
  ])('%s → %s', (input, expected) => {
    expect(sanitizeCategory(input)).toBe(expected);
    expect(automationDetailsId(input)).toBe(`${expected}/`);
  });
});
