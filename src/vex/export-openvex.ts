import { createHash } from 'node:crypto';
import type { ImageFacts } from '../image/facts.js';
import type { Finding } from '../model/findings.js';
import type { ImageReference } from '../model/image-reference.js';

/**
 * `--vex-out`: the exceptions this run accepted — allowlist entries that suppressed vulnerability findings — as one
 * OpenVEX 0.2.0 document about this image, so other tools (Trivy `--vex`, grype, scout) honour the same triage.
 * One statement per vulnerability and entry: `not_affected`, the entry's reason as `impact_statement`, its expiry
 * and its place in the policy file in `status_notes` (the schema has no field for either), the image by digest purl
 * with the affected packages as subcomponents. Deterministic: the same findings give the same bytes but for the
 * `timestamp`, which is the run's clock; the `@id` is a hash of the content without it.
 */

export const OPENVEX_CONTEXT = 'https://openvex.dev/ns/v0.2.0';

export interface OpenVexOut {
  '@context': string;
  '@id': string;
  author: string;
  role: string;
  timestamp: string;
  version: number;
  tooling: string;
  statements: Array<Record<string, unknown>>;
}

export interface VexOutRequest {
  findings: readonly Finding[];
  image: ImageFacts;
  reference?: ImageReference;
  /** The run's clock (RunResult.startedAt). */
  timestamp: string;
  toolVersion: string;
}

export function exportOpenVex(request: VexOutRequest): OpenVexOut {
  const product = imagePurl(request.image, request.reference);
  const groups = new Map<string, { id: string; finding: Finding; purls: Set<string> }>();
  for (const finding of request.findings) {
    const suppression = finding.suppressedBy;
    const id = finding.properties?.vulnerabilityId;
    if (!suppression || suppression.by === 'vex' || !finding.ruleId.startsWith('vuln/') || typeof id !== 'string')
      continue;
    const where = suppression.source ? `${suppression.source.path}:${suppression.source.line}` : '';
    const key = JSON.stringify([id, where, suppression.reason, suppression.expires ?? '']);
    const group = groups.get(key) ?? { id, finding, purls: new Set<string>() };
    const purl = finding.properties?.purl;
    if (typeof purl === 'string' && purl !== '') group.purls.add(purl);
    groups.set(key, group);
  }
  const statements = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, group]) => {
      const suppression = group.finding.suppressedBy!;
      const notes = [
        suppression.source
          ? `Accepted by the imagegate allowlist entry at ${suppression.source.path}:${suppression.source.line}`
          : 'Accepted by the imagegate allowlist',
        suppression.expires ? `until ${suppression.expires} (the entry expires then and the finding counts again)` : '',
      ]
        .filter((part) => part !== '')
        .join(' ');
      const subcomponents = [...group.purls].sort().map((purl) => ({ '@id': purl }));
      return {
        vulnerability: { name: group.id },
        products: [{ '@id': product, ...(subcomponents.length > 0 ? { subcomponents } : {}) }],
        status: 'not_affected',
        impact_statement: suppression.reason,
        status_notes: `${notes}.`,
      };
    });
  const body = { product, statements };
  const digest = createHash('sha256').update(JSON.stringify(body)).digest('hex');
  return {
    '@context': OPENVEX_CONTEXT,
    '@id': `https://openvex.dev/docs/imagegate/vex-${digest}`,
    author: 'imagegate',
    role: 'policy gate (allowlist export)',
    timestamp: request.timestamp,
    version: 1,
    tooling: `imagegate ${request.toolVersion}`,
    statements,
  };
}

/**
 * `pkg:oci/<name>@<digest>?repository_url=<registry/repository>`: the manifest digest when known, else the image
 * ID (a local build has no manifest digest yet; imagegate matches either).
 */
export function imagePurl(image: ImageFacts, reference: ImageReference | undefined): string {
  const digest = reference?.digest ?? image.digest ?? image.id;
  const repository = reference?.repository;
  const name = repository ? repository.slice(repository.lastIndexOf('/') + 1) : 'image';
  const qualifiers = reference
    ? `?repository_url=${encodeURIComponent(`${reference.registry}/${reference.repository}`)}`
    : '';
  return `pkg:oci/${encodeURIComponent(name)}@${encodeURIComponent(digest)}${qualifiers}`;
}
