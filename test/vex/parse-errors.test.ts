import { ConfigurationError } from '../../src/util/errors.js';
import { parseVexDocument } from '../../src/vex/parse-vex-document.js';

/** Bad VEX input is a configuration error (exit 2) that names file:line:column and never quotes the file. */

function problem(text: string): ConfigurationError {
  try {
    parseVexDocument(text, { path: 'vex/bad.json' });
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('parsed without a problem');
}

const openvex = (statement: Record<string, unknown>) =>
  JSON.stringify(
    {
      '@context': 'https://openvex.dev/ns/v0.2.0',
      '@id': 'https://example.com/vex-1',
      author: 'Jane',
      timestamp: '2026-01-02T03:04:05Z',
      statements: [statement],
    },
    null,
    2,
  );

test('not JSON: the line and column of the syntax error', () => {
  const error = problem('{\n  "@context": "https://openvex.dev/ns/v0.2.0",\n  "statements": [,]\n}');
  expect(error.exitCode).toBe(2);
  expect(error.message).toMatch(/^vex\/bad\.json:3:\d+: the VEX document is not JSON/);
});

test('neither format', () => {
  expect(problem('{"bomFormat": "SPDX"}').message).toMatch(
    /^vex\/bad\.json:1:1: has neither an OpenVEX @context nor "bomFormat": "CycloneDX"/,
  );
});

test('an unknown status, at the status', () => {
  const error = problem(
    openvex({ vulnerability: { name: 'CVE-1' }, products: [{ '@id': 'pkg:deb/debian/xz' }], status: 'wontfix' }),
  );
  expect(error.message).toMatch(
    /^vex\/bad\.json:\d+:\d+: statements\[0\]\.status: expected one of not_affected, affected, fixed, under_investigation, found "wontfix"/,
  );
  expect(error.message).toContain('bad.json:16:17:');
});

test('not_affected without justification or impact statement, at the statement', () => {
  const error = problem(
    openvex({ vulnerability: { name: 'CVE-1' }, products: [{ '@id': 'pkg:deb/debian/xz' }], status: 'not_affected' }),
  );
  expect(error.message).toMatch(
    /^vex\/bad\.json:7:5: statements\[0\]: a not_affected statement needs a justification or an impact_statement/,
  );
});

test('an unknown justification label, a wrong context version, a bad timestamp, a missing product list', () => {
  expect(
    problem(
      openvex({
        vulnerability: { name: 'CVE-1' },
        products: [{ '@id': 'pkg:deb/debian/xz' }],
        status: 'not_affected',
        justification: 'trust_me',
      }),
    ).message,
  ).toMatch(/statements\[0\]\.justification: expected one of component_not_present/);
  expect(problem(openvex({}).replace('v0.2.0', 'v0.0.1')).message).toMatch(
    /^vex\/bad\.json:2:15: \["@context"\]: expected an OpenVEX 0\.2\.x context/,
  );
  expect(
    problem(
      openvex({
        vulnerability: { name: 'CVE-1' },
        products: [{ '@id': 'x' }],
        status: 'fixed',
        timestamp: 'yesterday',
      }),
    ).message,
  ).toMatch(/statements\[0\]\.timestamp: expected an RFC 3339 date-time/);
  expect(problem(openvex({ vulnerability: { name: 'CVE-1' }, status: 'fixed' })).message).toMatch(
    /statements\[0\]\.products: expected an array, found nothing/,
  );
});

test('CycloneDX: an unknown analysis state, and not_affected without justification or detail', () => {
  const bom = (analysis: Record<string, unknown>) =>
    JSON.stringify(
      {
        bomFormat: 'CycloneDX',
        specVersion: '1.6',
        vulnerabilities: [{ id: 'CVE-1', analysis, affects: [{ ref: 'x' }] }],
      },
      null,
      2,
    );
  expect(problem(bom({ state: 'wontfix' })).message).toMatch(
    /^vex\/bad\.json:\d+:\d+: vulnerabilities\[0\]\.analysis\.state: expected one of resolved, resolved_with_pedigree, exploitable, in_triage, false_positive, not_affected, found "wontfix"/,
  );
  expect(problem(bom({ state: 'not_affected' })).message).toMatch(
    /vulnerabilities\[0\]\.analysis: a not_affected analysis needs a justification or a detail/,
  );
});

test('hostile input: nesting and oversized lists are refused before any deep work; no file content is quoted', () => {
  const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
  expect(problem(deep).message).toMatch(/^vex\/bad\.json:1:\d+: the VEX document .*nest/);
  const many = openvex({}).replace(
    /"statements": \[[\s\S]*\]/,
    `"statements": [${Array.from({ length: 10_001 }, () => '{}').join(',')}]`,
  );
  expect(problem(many).message).toMatch(/statements: has 10001 items, more than 10000/);
  const secret = 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB';
  const error = problem(`{"@context": "https://openvex.dev/ns/v0.2.0", "x": "${secret}", "oops"}`);
  expect(error.message).not.toContain(secret);
});
