import type { Finding, Suppression } from '../model/findings.js';
import { makeFinding } from '../checks/make-finding.js';
import { md } from '../util/markdown-message.js';
import type { VexImageIdentity } from './image-identity.js';
import { instantOf } from './json-fields.js';
import { compileProduct, type ProductTest } from './product-match.js';
import { parsePurl } from './purl.js';
import type { VexDocument, VexStatement } from './types.js';

/**
 * VEX statements applied to vulnerability findings. A statement speaks about a finding when one of its ids (the
 * vulnerability's name and aliases) is the finding's vulnerability id and one of its products covers the image and
 * package (src/vex/product-match.ts). Of the statements that speak about a finding, the latest by timestamp wins
 * (OpenVEX: later statements about the same vulnerability and product replace earlier ones; a statement without a
 * time counts as the oldest, and among equals the one read last wins). `not_affected` and `fixed` suppress the
 * finding, naming the statement; `affected` and `under_investigation` leave it counting. Findings an allowlist
 * entry already suppressed keep that suppression. A statement that matched no finding becomes `vex/unused`, when a
 * vulnerability scan ran.
 */

export interface VexContext {
  image: VexImageIdentity;
  imageRepository: string;
  /** Whether a vulnerability scan ran (else no statement could have matched, and none is reported unused). */
  vulnerabilityScanRan: boolean;
}

export interface VexOutcome {
  findings: Finding[];
  /** `vex/unused` findings, at their statements. */
  statementFindings: Finding[];
}

interface CompiledStatement {
  statement: VexStatement;
  document: VexDocument;
  order: number;
  instant: number;
  products: ProductTest[];
}

const SUPPRESSING: ReadonlySet<string> = new Set(['not_affected', 'fixed']);

export function applyVex(
  findings: readonly Finding[],
  documents: readonly VexDocument[],
  context: VexContext,
): VexOutcome {
  const byId = new Map<string, CompiledStatement[]>();
  const all: CompiledStatement[] = [];
  let order = 0;
  for (const document of documents) {
    for (const statement of document.statements) {
      const compiled: CompiledStatement = {
        statement,
        document,
        order: order++,
        instant: instantOf(statement.timestamp) ?? Number.NEGATIVE_INFINITY,
        products: statement.products.map((product) => compileProduct(product, context.image)),
      };
      all.push(compiled);
      for (const id of new Set(statement.vulnerabilityIds.map(normalizeId))) {
        byId.set(id, [...(byId.get(id) ?? []), compiled]);
      }
    }
  }
  if (all.length === 0) return { findings: [...findings], statementFindings: [] };
  const used = new Set<CompiledStatement>();
  const result = findings.map((finding) => {
    const id = finding.properties?.vulnerabilityId;
    if (!finding.ruleId.startsWith('vuln/') || typeof id !== 'string') return finding;
    const candidates = byId.get(normalizeId(id));
    if (!candidates) return finding;
    const purlText = finding.properties?.purl;
    const purl = typeof purlText === 'string' ? parsePurl(purlText) : undefined;
    let winner: CompiledStatement | undefined;
    for (const candidate of candidates) {
      if (!candidate.products.some((test) => test(purl))) continue;
      used.add(candidate);
      if (
        !winner ||
        candidate.instant > winner.instant ||
        (candidate.instant === winner.instant && candidate.order > winner.order)
      ) {
        winner = candidate;
      }
    }
    if (!winner || finding.suppressedBy || !SUPPRESSING.has(winner.statement.status)) return finding;
    return { ...finding, suppressedBy: suppressionOf(winner) };
  });
  const statementFindings = context.vulnerabilityScanRan
    ? all.filter((compiled) => !used.has(compiled)).map((compiled) => unusedFinding(compiled, context))
    : [];
  return { findings: result, statementFindings };
}

function suppressionOf({ statement, document }: CompiledStatement): Suppression {
  const reason =
    statement.impactStatement ??
    statement.justification ??
    statement.statusNotes ??
    `VEX status ${statement.writtenStatus}`;
  return {
    by: 'vex',
    reason,
    source: statement.source,
    status: statement.status,
    ...(document.author ? { author: document.author } : {}),
    ...(statement.timestamp ? { timestamp: statement.timestamp } : {}),
    ...(statement.justification ? { justification: statement.justification } : {}),
  };
}

function unusedFinding({ statement, document }: CompiledStatement, context: VexContext): Finding {
  const [name = ''] = statement.vulnerabilityIds;
  return makeFinding('vex/unused', context, {
    message: md`VEX statement (${statement.writtenStatus}) about ${name} in ${document.path} matched no vulnerability finding of this image's scan; remove it if the vulnerability is gone, or correct its product.`,
    location: statement.source,
    key: JSON.stringify([document.id ?? document.path, name, statement.products.map((product) => product.id)]),
    properties: {
      vulnerabilityId: name,
      status: statement.status,
      document: document.path,
      products: statement.products
        .map((product) => product.id)
        .join(', ')
        .slice(0, 1000),
    },
  });
}

/** CVE ids are compared case-insensitively (`cve-2024-1` is `CVE-2024-1`), as scanners and VEX tools do. */
function normalizeId(id: string): string {
  return id.trim().toUpperCase();
}
