import { countBySeverity, fingerprintOf, type Finding } from '../../src/model/findings.js';
import type { ImageFacts } from '../../src/image/facts.js';
import type { RunResult } from '../../src/report/run-result.js';

/**
 * A hand-made run: four layers (a base layer, two instructions, one whose history is missing), metadata-only history
 * entries, findings at source lines, on the image and on one layer, of a rule the catalog does not know, and one
 * suppressed by an allowlist entry. Hostile text sits where untrusted text comes from (created_by, labels).
 * scannedResult() adds a Trivy scan (scan-fixtures.ts): vulnerabilities in several layers, a secret, a license,
 * suppressed ones and an expired allowlist entry.
 */

export const DIGEST = `sha256:${'ab'.repeat(32)}`;
export const IMAGE_ID = `sha256:${'cd'.repeat(32)}`;
export const diffId = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;
export const DOCKERFILE = 'services/api/Dockerfile';
export const HOSTILE_CREATED_BY =
  '/bin/sh -c echo "<img src=x onerror=alert(1)> @org/team | break | table `tick` [x](javascript:alert(1))"\r\nrm -rf /tmp/*';

export function sampleImage(): ImageFacts {
  return {
    source: 'daemon',
    reference: 'docker.io/acme/api:1.2.3',
    id: IMAGE_ID,
    digest: DIGEST,
    repoTags: ['acme/api:1.2.3'],
    repoDigests: [`acme/api@${DIGEST}`],
    platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
    created: '2026-11-20T10:00:00Z',
    size: 180_000_000,
    compressedSize: 70_000_000,
    config: {
      user: '',
      env: ['PATH=/usr/bin', 'API_TOKEN=do-not-report-me'],
      entrypoint: ['/app/api'],
      cmd: null,
      workingDir: '/app',
      labels: { 'org.opencontainers.image.title': '<b>api</b> @everyone' },
      exposedPorts: ['8080/tcp'],
    },
    layers: [
      {
        diffId: diffId(1),
        digest: `sha256:${'e1'.repeat(32)}`,
        size: 5_000_000,
        compressedSize: 2_000_000,
        historyIndex: 0,
      },
      {
        diffId: diffId(2),
        digest: `sha256:${'e2'.repeat(32)}`,
        size: 150_000_000,
        compressedSize: 60_000_000,
        historyIndex: 3,
      },
      {
        diffId: diffId(3),
        digest: `sha256:${'e3'.repeat(32)}`,
        size: 24_000_000,
        compressedSize: 7_500_000,
        historyIndex: 5,
      },
      { diffId: diffId(4), digest: `sha256:${'e4'.repeat(32)}`, size: 1_000_000, compressedSize: 500_000 },
    ],
    history: [
      {
        createdBy: '/bin/sh -c #(nop) ADD file:abc in / ',
        created: '2026-01-01T00:00:00Z',
        emptyLayer: false,
        layerIndex: 0,
      },
      { createdBy: '/bin/sh -c #(nop)  CMD ["sh"]', emptyLayer: true },
      { createdBy: 'ENV APP_HOME=/app', comment: 'buildkit.dockerfile.v0', emptyLayer: true },
      { createdBy: HOSTILE_CREATED_BY, emptyLayer: false, layerIndex: 1 },
      { createdBy: 'WORKDIR /app', emptyLayer: true },
      {
        createdBy: 'COPY app /app/api # buildkit',
        comment: 'buildkit.dockerfile.v0',
        emptyLayer: false,
        layerIndex: 2,
      },
    ],
  };
}

function finding(partial: Omit<Finding, 'fingerprint'> & { key: string }): Finding {
  const { key, ...rest } = partial;
  return { ...rest, fingerprint: fingerprintOf(rest.ruleId, 'docker.io/acme/api', key) };
}

export function sampleFindings(): Finding[] {
  return [
    finding({
      ruleId: 'layers/wasted',
      severity: 'critical',
      message: 'Layer 2 wastes 40 MB on files that later layers overwrite',
      location: { kind: 'image', image: 'docker.io/acme/api:1.2.3', layer: diffId(2) },
      key: diffId(2),
      properties: { layer: 2, wasted: 40_000_000 },
    }),
    finding({
      ruleId: 'size/max',
      severity: 'high',
      message: 'Image is 180 MB, over the 150MB budget (size.max)',
      location: { kind: 'source', path: DOCKERFILE, line: 1, column: 1 },
      key: 'size',
      properties: { actual: 180_000_000, limit: 150_000_000, limitText: '150MB' },
    }),
    finding({
      ruleId: 'user/root',
      severity: 'high',
      message: 'The image runs as root: no USER in the final stage',
      location: { kind: 'source', path: DOCKERFILE, line: 1 },
      key: 'user',
    }),
    finding({
      ruleId: 'layers/max-layer-size',
      severity: 'medium',
      message: 'Layer 1 is 150 MB, over the 100MB budget | made by `RUN` @devs',
      location: { kind: 'source', path: DOCKERFILE, line: 7, column: 1 },
      key: diffId(2),
      properties: { layer: 1, actual: 150_000_000, limit: 100_000_000 },
    }),
    {
      ...finding({
        ruleId: 'base/forbidden-tag',
        severity: 'medium',
        message: 'FROM uses the forbidden tag latest',
        location: { kind: 'source', path: 'deploy/my app/Dockerfile#prod', line: 3, column: 1 },
        key: 'builder',
      }),
      suppressedBy: {
        reason: 'builder stage only; <script>alert(1)</script> see @sec',
        expires: '2027-01-31',
        source: { kind: 'source', path: '.imagegate.yml', line: 12, column: 7 },
      },
    },
    finding({
      ruleId: 'layers/max',
      severity: 'info',
      message: 'The image has 4 layers',
      location: { kind: 'image', image: 'docker.io/acme/api:1.2.3' },
      key: 'count',
    }),
  ];
}

/** The run as the pipeline would hand it over, Dockerfile known. */
export function sampleResult(overrides: Partial<RunResult> = {}): RunResult {
  const findings = overrides.findings ?? sampleFindings();
  return {
    startedAt: '2026-11-27T12:00:00.000Z',
    finishedAt: '2026-11-27T12:00:07.500Z',
    verdict: 'fail',
    failOn: 'high',
    familyFailOn: {},
    image: sampleImage(),
    layerInstructions: [
      { kind: 'source', path: DOCKERFILE, line: 1, column: 1 },
      { kind: 'source', path: DOCKERFILE, line: 5, column: 1 },
      { kind: 'source', path: DOCKERFILE, line: 7, column: 1 },
      undefined,
    ],
    dockerfile: DOCKERFILE,
    policyFiles: ['policies/org.yml', '.imagegate.yml'],
    findings,
    counts: countBySeverity(findings),
    suppressedCount: findings.filter((item) => item.suppressedBy).length,
    ...overrides,
  };
}

/** An image-only run (`--image REF`, no Dockerfile): findings can only point at the image. */
export function imageOnlyResult(): RunResult {
  const findings: Finding[] = sampleFindings()
    .filter((item) => !item.suppressedBy)
    .map((item) =>
      item.location.kind === 'source'
        ? { ...item, location: { kind: 'image', image: 'docker.io/acme/api:1.2.3' } }
        : item,
    );
  const base = sampleResult({ findings });
  const { dockerfile: _unused, ...rest } = base;
  return { ...rest, layerInstructions: base.image.layers.map(() => undefined) };
}

/** A deep copy of a rendered document with the value at `keys` replaced (deleted when `replacement` is undefined). */
export function withChange(document: unknown, keys: ReadonlyArray<string | number>, replacement: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(document)) as unknown;
  let node = copy as Record<string | number, unknown>;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = keys[keys.length - 1]!;
  if (replacement === undefined) delete node[last];
  else node[last] = replacement;
  return copy;
}
