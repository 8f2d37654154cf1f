import type { ImageFacts } from '../../src/image/facts.js';
import type { Finding } from '../../src/model/findings.js';
import { parseImageReference } from '../../src/model/image-reference.js';
import { exportOpenVex } from '../../src/vex/export-openvex.js';
import { openVexSchemaErrors } from '../support/schemas.js';

/** `--vex-out`'s document: only allowlist suppressions, deterministic @id, schema-valid. */

const image = { id: `sha256:${'c'.repeat(64)}`, digest: `sha256:${'d'.repeat(64)}` } as ImageFacts;
const reference = parseImageReference('ghcr.io/acme/api:1.2');

function vuln(id: string, purl: string, suppressedBy?: Finding['suppressedBy']): Finding {
  return {
    ruleId: `vuln/${id}`,
    severity: 'high',
    message: 'm',
    location: { kind: 'source', path: 'Dockerfile', line: 2 },
    fingerprint: `${id}${purl}`,
    properties: { vulnerabilityId: id, purl },
    ...(suppressedBy ? { suppressedBy } : {}),
  };
}

const entry = {
  reason: 'not reachable',
  expires: '2027-01-31',
  source: { kind: 'source' as const, path: '.imagegate.yml', line: 7, column: 7 },
};
const findings = [
  vuln('CVE-2024-2', 'pkg:deb/debian/b@1', entry),
  vuln('CVE-2024-2', 'pkg:deb/debian/a@1', entry),
  vuln('CVE-2024-3', 'pkg:deb/debian/c@1'),
  vuln('CVE-2024-4', 'pkg:deb/debian/d@1', { by: 'vex', reason: 'someone else said so' }),
];

test('one statement per vulnerability and entry, about the image digest, packages as subcomponents', () => {
  const document = exportOpenVex({
    findings,
    image,
    reference,
    timestamp: '2026-12-07T06:00:00.000Z',
    toolVersion: '1.0.0',
  });
  expect(openVexSchemaErrors(document)).toEqual([]);
  expect(document.statements).toEqual([
    {
      vulnerability: { name: 'CVE-2024-2' },
      products: [
        {
          '@id': `pkg:oci/api@sha256%3A${'d'.repeat(64)}?repository_url=ghcr.io%2Facme%2Fapi`,
          subcomponents: [{ '@id': 'pkg:deb/debian/a@1' }, { '@id': 'pkg:deb/debian/b@1' }],
        },
      ],
      status: 'not_affected',
      impact_statement: 'not reachable',
      status_notes:
        'Accepted by the imagegate allowlist entry at .imagegate.yml:7 until 2027-01-31 (the entry expires then and the finding counts again).',
    },
  ]);
});

test('the @id depends on the content, not the clock or the finding order', () => {
  const a = exportOpenVex({ findings, image, reference, timestamp: '2026-12-07T06:00:00.000Z', toolVersion: '1.0.0' });
  const b = exportOpenVex({
    findings: [...findings].reverse(),
    image,
    reference,
    timestamp: '2026-12-08T06:00:00.000Z',
    toolVersion: '1.0.0',
  });
  expect(b['@id']).toBe(a['@id']);
  expect(b.timestamp).toBe('2026-12-08T06:00:00.000Z');
  const other = exportOpenVex({
    findings: findings.slice(1),
    image,
    reference,
    timestamp: '2026-12-07T06:00:00.000Z',
    toolVersion: '1.0.0',
  });
  expect(other['@id']).not.toBe(a['@id']);
});
