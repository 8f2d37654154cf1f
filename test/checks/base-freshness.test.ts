import { checkBaseFreshness, countFixedByNewerBase } from '../../src/checks/base-freshness.js';
import type { CheckContext } from '../../src/checks/context.js';
import type { BaseFreshness } from '../../src/model/base-freshness.js';
import { emptyAllowlist, emptyImageRules } from '../../src/policy/merge.js';
import type { BaseRules } from '../../src/policy/types.js';
import type { VulnerabilityFacts } from '../../src/scan/types.js';
import { makeFacts } from '../support/facts.js';

/** base/stale and base/too-old from fixture facts (what the base-freshness stage would have read). */

const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;
const DAY = 86_400_000;
const NOW = new Date('2026-12-07T12:00:00Z');

function base(overrides: Partial<BaseFreshness> = {}): BaseFreshness {
  return {
    reference: 'registry.example/team_a/base:1.2.3',
    repository: 'registry.example/team_a/base',
    tag: '1.2.3',
    location: { kind: 'source', path: 'Dockerfile', line: 3, column: 1 },
    builtOn: { digest: A, source: 'label' },
    current: { digest: B, manifest: B },
    moved: true,
    created: '2026-10-01T00:00:00Z',
    newerTags: ['1.2.4', '1.3.0'],
    ...overrides,
  };
}

function context(rules: BaseRules, bases: BaseFreshness[]): CheckContext {
  const image = makeFacts();
  return {
    image,
    imageName: image.id,
    imageRepository: 'registry.example/app',
    rules: { ...emptyImageRules(), base: rules },
    layerOrigins: [],
    imageLocation: { kind: 'image', image: image.id },
    allow: emptyAllowlist(),
    now: NOW,
    baseFreshness: bases,
  };
}

describe('base/stale', () => {
  test('a moved tag under requireCurrent names both digests, where the digest came from, fixes and newer tags', () => {
    const [finding, ...rest] = checkBaseFreshness(
      context({ requireCurrent: true }, [base({ fixes: { fixed: 3, inBase: 5 } })]),
    );
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      ruleId: 'base/stale',
      severity: 'medium',
      location: { kind: 'source', path: 'Dockerfile', line: 3, column: 1 },
      message:
        `Base \`registry.example/team_a/base:1.2.3\` has moved on: the image was built on ${A} (the image's ` +
        `org.opencontainers.image.base.digest label), and the tag \`1.2.3\` now points at ${B}. The newer base ` +
        `fixes 3 of the 5 vulnerabilities in the image's base layers. Newer tags of the same base: 1.2.4, 1.3.0.`,
      properties: { base: 'registry.example/team_a/base:1.2.3', builtOn: A, current: B, newerTags: '1.2.4, 1.3.0' },
    });
    // Registry text is escaped in the Markdown form (the `_` of a repository cannot start emphasis).
    expect(finding?.messageMarkdown).toContain('`registry.example/team_a/base:1.2.3`');
  });

  test('no finding when requireCurrent is off, the tag has not moved, or the digest built on is unknown', () => {
    expect(checkBaseFreshness(context({}, [base()]))).toEqual([]);
    expect(checkBaseFreshness(context({ requireCurrent: true }, [base({ moved: false })]))).toEqual([]);
    const { builtOn: _unknown, ...unknown } = base();
    expect(checkBaseFreshness(context({ requireCurrent: true }, [unknown]))).toEqual([]);
  });

  test('the fingerprint follows the base repository, not its digests', () => {
    const one = checkBaseFreshness(context({ requireCurrent: true }, [base()]));
    const two = checkBaseFreshness(context({ requireCurrent: true }, [base({ current: { digest: A, manifest: A } })]));
    expect(one[0]?.fingerprint).toBe(two[0]?.fingerprint);
  });
});

describe('base/too-old', () => {
  test('a base created longer ago than maxAge is a finding; exactly maxAge old is not', () => {
    const created = new Date(NOW.getTime() - 30 * DAY).toISOString();
    expect(checkBaseFreshness(context({ maxAge: 30 * DAY }, [base({ created })]))).toEqual([]);
    const older = new Date(NOW.getTime() - 30 * DAY - 1000).toISOString();
    const findings = checkBaseFreshness(context({ maxAge: 30 * DAY }, [base({ created: older, newerTags: [] })]));
    expect(findings.map((f) => [f.ruleId, f.message])).toEqual([
      [
        'base/too-old',
        `Base \`registry.example/team_a/base:1.2.3\` (${A}) was created on 2026-11-07, 30 days ago; base.maxAge allows 30d.`,
      ],
    ]);
  });

  test('no created time (the registry no longer holds the base) is no finding', () => {
    const { created: _gone, ...noCreated } = base();
    expect(checkBaseFreshness(context({ maxAge: DAY }, [noCreated]))).toEqual([]);
  });
});

describe('countFixedByNewerBase', () => {
  const vuln = (id: string, pkgName: string, layerDiffId?: string) =>
    ({ id, pkgName, ...(layerDiffId ? { layerDiffId } : {}) }) as VulnerabilityFacts;
  test("counts the image's base-layer vulnerabilities (id and package, once) the newer base no longer has", () => {
    const image = {
      vulnerabilities: [
        vuln('CVE-1', 'openssl', 'sha256:base1'),
        vuln('CVE-1', 'openssl', 'sha256:base1'), // a second record of the same id and package
        vuln('CVE-2', 'zlib', 'sha256:base2'),
        vuln('CVE-3', 'busybox', 'sha256:base1'),
        vuln('CVE-4', 'npm-pkg', 'sha256:app'), // the app's layer: not the base's to fix
        vuln('CVE-5', 'unknown-layer'),
      ],
    };
    const newer = { vulnerabilities: [vuln('CVE-3', 'busybox', 'sha256:other'), vuln('CVE-9', 'new', 'x')] };
    expect(countFixedByNewerBase(image, ['sha256:base1', 'sha256:base2'], newer)).toEqual({ fixed: 2, inBase: 3 });
  });
});
