import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '../../src/model/findings.js';
import { applyVex, type VexContext } from '../../src/vex/apply-vex.js';
import { parseVexDocument } from '../../src/vex/parse-vex-document.js';
import type { VexDocument } from '../../src/vex/types.js';
import { sharedDir } from '../support/shared.js';

/**
 * The real VEX documents of ../shared/corpus/vex (OpenVEX from openvex/go-vex, CycloneDX from the CISA use cases):
 * each parses, and each status and product form matches as the specs say.
 */

const shared = sharedDir();
if (!shared) throw new Error('the shared corpus (corpus/vex) is needed: see test/support/shared.ts');
const corpus = path.join(shared, 'corpus', 'vex');

function load(relative: string): VexDocument {
  return parseVexDocument(readFileSync(path.join(corpus, relative), 'utf8'), { path: `vex/${relative}` });
}

const ALPINE_DIGEST = 'sha256:124c7d2707904eea7431fffe91522a01e5a861a624ee31d03372cc1d138a3126';

function vuln(id: string, purl: string | null, extra: Partial<Finding> = {}): Finding {
  return {
    ruleId: `vuln/${id}`,
    severity: 'high',
    message: `${id} in a package`,
    location: { kind: 'image', image: 'docker.io/library/alpine:3.18' },
    fingerprint: `${id}-${purl ?? ''}`,
    properties: { vulnerabilityId: id, purl },
    ...extra,
  };
}

function context(overrides: Partial<VexContext['image']> = {}): VexContext {
  return {
    image: {
      digests: [ALPINE_DIGEST],
      references: [{ registry: 'docker.io', repository: 'library/alpine', tag: '3.18' }],
      ...overrides,
    },
    imageRepository: 'docker.io/library/alpine',
    vulnerabilityScanRan: true,
  };
}

const LIBSSL = 'pkg:apk/alpine/libssl3@3.0.8-r3?arch=x86_64&distro=3.18.2';
const LIBCRYPTO = 'pkg:apk/alpine/libcrypto3@3.0.8-r3?arch=x86_64&distro=3.18.2';

describe('every document in corpus/vex parses', () => {
  const files = ['openvex', 'cyclonedx'].flatMap((dir) =>
    readdirSync(path.join(corpus, dir)).map((name) => `${dir}/${name}`),
  );
  test.each(files)('%s', (file) => {
    const document = load(file);
    expect(document.statements.length).toBeGreaterThan(0);
    for (const statement of document.statements) {
      expect(statement.source.path).toBe(`vex/${file}`);
      expect(statement.source.line).toBeGreaterThan(1);
    }
  });

  test('OpenVEX: statuses, justification, impact statement, the document timestamp as the default', () => {
    const document = load('openvex/go-vex_v0.2.0.json');
    expect(document.format).toBe('openvex');
    expect(document.author).toBe('The OpenVEX Project <openvex@openssf.org>');
    expect(document.statements.map((s) => [s.vulnerabilityIds[0], s.status])).toEqual([
      ['CVE-2023-1255', 'fixed'],
      ['CVE-2023-2650', 'fixed'],
      ['CVE-2023-2975', 'fixed'],
      ['CVE-2023-3446', 'not_affected'],
      ['CVE-2023-3817', 'not_affected'],
    ]);
    const notAffected = document.statements[3]!;
    expect(notAffected.justification).toBe('vulnerable_code_not_present');
    expect(notAffected.impactStatement).toBe('affected functions were removed before packaging');
    expect(notAffected.timestamp).toBe('2023-07-17T18:28:47.696004345-06:00');
    // The statement's place in the file: `statements[3]` starts on line 54.
    expect(notAffected.source).toEqual({ kind: 'source', path: 'vex/openvex/go-vex_v0.2.0.json', line: 54, column: 7 });
  });

  test('CycloneDX: analysis states map onto the OpenVEX statuses', () => {
    const statuses = ['affected', 'fixed', 'not_affected', 'under_investigation'].map((name) => {
      const document = load(`cyclonedx/cisa-case1_vex-${name}.json`);
      expect(document.format).toBe('cyclonedx');
      expect(document.timestamp).toBe('2022-03-03T00:00:00Z');
      const [statement] = document.statements;
      return [statement!.writtenStatus, statement!.status, statement!.vulnerabilityIds[0]];
    });
    expect(statuses).toEqual([
      ['exploitable', 'affected', 'CVE-2021-44228'],
      ['resolved', 'fixed', 'CVE-2021-44228'],
      ['not_affected', 'not_affected', 'CVE-2021-44228'],
      ['in_triage', 'under_investigation', 'CVE-2021-44228'],
    ]);
    expect(load('cyclonedx/cisa-case1_vex-not_affected.json').statements[0]).toMatchObject({
      justification: 'code_not_present',
      impactStatement: expect.stringContaining('Class with vulnerable code was removed'),
    });
  });
});

describe('statuses (OpenVEX, image by digest purl with subcomponents)', () => {
  const documents = [load('openvex/go-vex_v0.2.0.json')];

  test('fixed suppresses the finding of a listed subcomponent, naming author, time and statement', () => {
    const outcome = applyVex([vuln('CVE-2023-1255', LIBSSL)], documents, context());
    expect(outcome.findings[0]!.suppressedBy).toEqual({
      by: 'vex',
      reason: 'VEX status fixed',
      status: 'fixed',
      author: 'The OpenVEX Project <openvex@openssf.org>',
      timestamp: '2023-07-17T18:28:47.696004345-06:00',
      source: { kind: 'source', path: 'vex/openvex/go-vex_v0.2.0.json', line: 9, column: 5 },
    });
  });

  test('not_affected suppresses with its impact statement and justification', () => {
    const outcome = applyVex([vuln('CVE-2023-3446', LIBCRYPTO)], documents, context());
    expect(outcome.findings[0]!.suppressedBy).toMatchObject({
      by: 'vex',
      status: 'not_affected',
      justification: 'vulnerable_code_not_present',
      reason: 'affected functions were removed before packaging',
    });
  });

  test('a package that is not a listed subcomponent is not suppressed', () => {
    const outcome = applyVex([vuln('CVE-2023-1255', 'pkg:apk/alpine/busybox@1.36.1-r0')], documents, context());
    expect(outcome.findings[0]!.suppressedBy).toBeUndefined();
  });

  test('another image digest is not suppressed, and every statement is then unused', () => {
    const outcome = applyVex(
      [vuln('CVE-2023-1255', LIBSSL)],
      documents,
      context({ digests: ['sha256:' + 'a'.repeat(64)] }),
    );
    expect(outcome.findings[0]!.suppressedBy).toBeUndefined();
    expect(outcome.statementFindings.map((f) => [f.ruleId, f.severity, f.location])).toContainEqual([
      'vex/unused',
      'info',
      { kind: 'source', path: 'vex/openvex/go-vex_v0.2.0.json', line: 9, column: 5 },
    ]);
    expect(outcome.statementFindings).toHaveLength(5);
  });

  test('statements that matched are not unused; the rest are, only when a vulnerability scan ran', () => {
    const findings = [vuln('CVE-2023-1255', LIBSSL)];
    const ran = applyVex(findings, documents, context());
    expect(ran.statementFindings.map((f) => f.properties?.vulnerabilityId)).toEqual([
      'CVE-2023-2650',
      'CVE-2023-2975',
      'CVE-2023-3446',
      'CVE-2023-3817',
    ]);
    expect(applyVex(findings, documents, { ...context(), vulnerabilityScanRan: false }).statementFindings).toEqual([]);
  });

  test('under_investigation (package product) does not suppress', () => {
    const outcome = applyVex(
      [vuln('CVE-9876-54321', 'pkg:apk/wolfi/bash@1.0.0?arch=x86_64')],
      [load('openvex/go-vex_v020-1.vex.json')],
      context(),
    );
    expect(outcome.findings[0]!.suppressedBy).toBeUndefined();
    expect(outcome.statementFindings).toEqual([]);
  });
});

describe('product forms', () => {
  const statement = (product: Record<string, unknown>, status = 'not_affected') =>
    parseVexDocument(
      JSON.stringify({
        '@context': 'https://openvex.dev/ns/v0.2.0',
        '@id': 'https://example.com/vex-1',
        author: 'Jane <jane@example.com>',
        timestamp: '2026-01-02T03:04:05Z',
        statements: [
          {
            vulnerability: { name: 'GHSA-xxxx-yyyy-zzzz', aliases: ['CVE-2024-3094'] },
            products: [product],
            status,
            justification: 'vulnerable_code_not_in_execute_path',
          },
        ],
      }),
      { path: 'vex.json' },
    );
  const finding = vuln('CVE-2024-3094', 'pkg:deb/debian/xz-utils@5.6.0-0.2?arch=amd64');
  const suppressed = (document: VexDocument, ctx = context()) =>
    applyVex([finding], [document], ctx).findings[0]!.suppressedBy !== undefined;

  test('the image by digest purl (percent-encoded or not), through an alias of the vulnerability', () => {
    expect(suppressed(statement({ '@id': `pkg:oci/alpine@${ALPINE_DIGEST.replace(':', '%3A')}` }))).toBe(true);
    expect(suppressed(statement({ '@id': `pkg:oci/alpine@${ALPINE_DIGEST}` }))).toBe(true);
  });

  test('the image by repository purl, with or without a tag', () => {
    expect(suppressed(statement({ '@id': 'pkg:oci/alpine?repository_url=docker.io/library/alpine' }))).toBe(true);
    expect(
      suppressed(statement({ '@id': 'pkg:oci/alpine?repository_url=index.docker.io/library/alpine&tag=3.18' })),
    ).toBe(true);
    expect(suppressed(statement({ '@id': 'pkg:oci/alpine?tag=3.19' }))).toBe(false);
    expect(suppressed(statement({ '@id': 'pkg:oci/alpine?repository_url=ghcr.io/acme/alpine' }))).toBe(false);
  });

  test('a subcomponent purl narrows the image to one package; a package purl alone names the package', () => {
    const image = `pkg:oci/alpine@${ALPINE_DIGEST}`;
    expect(
      suppressed(statement({ '@id': image, subcomponents: [{ '@id': 'pkg:deb/debian/xz-utils@5.6.0-0.2' }] })),
    ).toBe(true);
    expect(suppressed(statement({ '@id': image, subcomponents: [{ '@id': 'pkg:deb/debian/xz-utils@5.6.1' }] }))).toBe(
      false,
    );
    expect(suppressed(statement({ '@id': 'pkg:deb/debian/xz-utils' }))).toBe(true);
    expect(suppressed(statement({ identifiers: { purl: 'pkg:deb/debian/xz-utils@5.6.0-0.2?arch=amd64' } }))).toBe(true);
    expect(suppressed(statement({ '@id': 'pkg:deb/debian/xz-utils?arch=arm64' }))).toBe(false);
  });

  test('affected does not suppress', () => {
    expect(suppressed(statement({ '@id': `pkg:oci/alpine@${ALPINE_DIGEST}` }, 'affected'))).toBe(false);
  });

  test('a CycloneDX affects ref resolves to its component purl', () => {
    const document = parseVexDocument(
      JSON.stringify({
        bomFormat: 'CycloneDX',
        specVersion: '1.6',
        version: 1,
        metadata: {
          timestamp: '2026-01-01T00:00:00Z',
          component: { 'bom-ref': 'img', type: 'container', name: 'alpine', purl: `pkg:oci/alpine@${ALPINE_DIGEST}` },
        },
        vulnerabilities: [
          {
            id: 'CVE-2024-3094',
            analysis: { state: 'false_positive', detail: 'not built with the backdoor' },
            affects: [{ ref: 'img' }],
          },
        ],
      }),
      { path: 'bom.json' },
    );
    const outcome = applyVex([finding], [document], context());
    expect(outcome.findings[0]!.suppressedBy).toMatchObject({
      by: 'vex',
      status: 'not_affected',
      reason: 'not built with the backdoor',
    });
  });
});

describe('later statements win, by timestamp', () => {
  const doc = (statements: Array<{ status: string; timestamp?: string }>, path = 'vex.json') =>
    parseVexDocument(
      JSON.stringify({
        '@context': 'https://openvex.dev/ns/v0.2.1',
        '@id': `https://example.com/${path}`,
        author: 'Jane',
        statements: statements.map((s) => ({
          vulnerability: { name: 'CVE-2024-3094' },
          products: [{ '@id': 'pkg:deb/debian/xz-utils' }],
          status: s.status,
          ...(s.status === 'not_affected' ? { impact_statement: 'not reachable' } : {}),
          ...(s.timestamp ? { timestamp: s.timestamp } : {}),
        })),
      }),
      { path },
    );
  const finding = vuln('CVE-2024-3094', 'pkg:deb/debian/xz-utils@5.6.0-0.2');
  const outcome = (...documents: VexDocument[]) => applyVex([finding], documents, context()).findings[0]!.suppressedBy;

  test('a later affected overrides an earlier not_affected, whatever the order in the file', () => {
    expect(
      outcome(
        doc([
          { status: 'affected', timestamp: '2026-02-01T00:00:00Z' },
          { status: 'not_affected', timestamp: '2026-01-01T00:00:00Z' },
        ]),
      ),
    ).toBeUndefined();
    expect(
      outcome(
        doc([
          { status: 'affected', timestamp: '2026-01-01T00:00:00Z' },
          { status: 'not_affected', timestamp: '2026-01-01T00:00:01Z' },
        ]),
      ),
    ).toMatchObject({ status: 'not_affected' });
  });

  test('across documents, and time zones are compared as instants', () => {
    const early = doc([{ status: 'not_affected', timestamp: '2026-01-01T10:00:00+02:00' }], 'a.json');
    const late = doc([{ status: 'under_investigation', timestamp: '2026-01-01T09:00:00Z' }], 'b.json');
    expect(outcome(late, early)).toBeUndefined();
  });
});
