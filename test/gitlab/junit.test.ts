import { execFileSync } from 'node:child_process';
import { fingerprintOf, type Finding } from '../../src/model/findings.js';
import { escapeXmlAttribute, escapeXmlText, junitXmlPieces, toJunitXml } from '../../src/report/junit.js';
import type { RunResult } from '../../src/report/run-result.js';
import { sampleFindings, sampleResult } from '../report/fixtures.js';
import { scannedResult } from '../report/scan-fixtures.js';
import { descendants, parseStrictXml, XmlError, type XmlElement } from './strict-xml.js';

const HOSTILE =
  'end ]]> <x y="z"> & &amp; "dq" \'sq\' \u0001ctl \uFFFF nonchar \uD800 lone \u202Ebidi\u202C tab\there\r\nnext 😀';

const composeFinding: Finding = {
  ruleId: 'compose/writable-bind-mount',
  severity: 'medium',
  message: `Service web mounts ${HOSTILE} read-write`,
  location: { kind: 'source', path: 'compose.yaml', line: 4, column: 9 },
  fingerprint: fingerprintOf('compose/writable-bind-mount', 'compose:compose.yaml', 'web'),
  properties: { service: `web ${HOSTILE}`, target: '/data' },
};

function composeRun(extra: Finding[] = [composeFinding]): RunResult {
  const base = scannedResult();
  return scannedResult({
    findings: [...base.findings, ...extra],
    compose: { projects: [{ name: 'app', files: ['compose.yaml'], services: 2, mounts: 3 }] },
  });
}

function parse(result: RunResult): XmlElement {
  return parseStrictXml(toJunitXml(result, { toolVersion: '0.1.0' }));
}

function suite(root: XmlElement, name: string): XmlElement {
  const found = root.children.find((child) => child.attributes.name === name);
  if (!found) throw new Error(`no suite ${name}`);
  return found;
}

const cases = (node: XmlElement) => node.children.filter((child) => child.name === 'testcase');
const property = (node: XmlElement, name: string) =>
  descendants(node, 'property').find((p) => p.attributes.name === name)?.attributes.value;

describe('JUnit report', () => {
  test('well-formed XML whose counts match its test cases, suite by suite', () => {
    const root = parse(composeRun());
    expect(root.name).toBe('testsuites');
    expect(root.children.map((child) => child.attributes.name)).toEqual([
      'imagegate: image policy',
      'imagegate: compose',
      'imagegate: vulnerability scan',
    ]);
    let tests = 0;
    let failures = 0;
    let skipped = 0;
    for (const node of root.children) {
      const all = cases(node);
      const failed = all.filter((c) => c.children.some((child) => child.name === 'failure'));
      const skips = all.filter((c) => c.children.some((child) => child.name === 'skipped'));
      expect(node.attributes).toMatchObject({
        tests: String(all.length),
        failures: String(failed.length),
        skipped: String(skips.length),
        errors: '0',
        timestamp: '2026-11-27T12:00:00',
      });
      tests += all.length;
      failures += failed.length;
      skipped += skips.length;
      for (const testCase of all) {
        expect(testCase.attributes.classname).toMatch(/^imagegate\.[a-z]+$/);
        expect(testCase.attributes.name?.length).toBeGreaterThan(0);
      }
    }
    expect(root.attributes).toMatchObject({
      tests: String(tests),
      failures: String(failures),
      skipped: String(skipped),
    });
  });

  test('every active finding fails, every accepted one is skipped with its reason', () => {
    const result = composeRun();
    const root = parse(result);
    const all = root.children.flatMap(cases);
    const failed = all.filter((c) => c.children.some((child) => child.name === 'failure'));
    const skipped = all.filter((c) => c.children.some((child) => child.name === 'skipped'));
    expect(failed).toHaveLength(result.findings.filter((f) => !f.suppressedBy).length);
    expect(skipped).toHaveLength(result.suppressedCount);
    const reasons = skipped.map((c) => c.children[0]?.attributes.message);
    expect(reasons).toContain(
      'accepted by the allowlist: builder stage only; <script>alert(1)</script> see @sec (expires 2027-01-31)',
    );
    // The fingerprint in every failure ties the case to imagegate.json.
    for (const testCase of failed) expect(testCase.children[0]?.text).toMatch(/\nfingerprint: [0-9a-f]{32}$/);
  });

  test('the failure says whether it blocks the gate; the verdict and thresholds are suite properties', () => {
    const root = parse(composeRun());
    for (const node of root.children) {
      expect(property(node, 'verdict')).toBe('fail');
      expect(property(node, 'fail-on')).toBe('high');
      expect(property(node, 'fail-on.vuln')).toBe('critical');
      expect(property(node, 'image')).toBe('docker.io/acme/api:1.2.3');
      expect(property(node, 'dockerfile')).toBe('services/api/Dockerfile');
    }
    const failureOf = (name: string) =>
      root.children.flatMap(cases).find((c) => c.attributes.name === name)?.children[0];
    expect(failureOf('size/max')?.attributes.type).toBe('high');
    expect(failureOf('size/max')?.text).toContain('blocks the gate (fail-on high)');
    // vuln/ findings have their own threshold: high is below critical.
    const lodash = failureOf('GHSA-p6mc-m468-83gw in lodash (app/package-lock.json)');
    expect(lodash?.attributes.type).toBe('high (not blocking)');
    expect(lodash?.text).toContain("below the gate's threshold (fail-on critical)");
    expect(failureOf('CVE-2024-3094 in xz-utils')?.attributes.type).toBe('critical');
  });

  test('untrusted text reaches the reader exactly, minus what XML cannot carry or a reader should not see', () => {
    const root = parse(composeRun());
    const testCase = suite(root, 'imagegate: compose').children.find((c) => c.name === 'testcase');
    const expected = 'end ]]> <x y="z"> & &amp; "dq" \'sq\' \uFFFDctl \uFFFD nonchar \uFFFD lone bidi tab here next 😀';
    expect(testCase?.attributes.name).toBe(`compose/writable-bind-mount: service web ${expected} /data`);
    expect(testCase?.attributes.file).toBe('compose.yaml');
    expect(testCase?.children[0]?.attributes.message).toBe(`medium: Service web mounts ${expected} read-write`);
    expect(testCase?.children[0]?.text.split('\n')[0]).toBe(`Service web mounts ${expected} read-write`);
  });

  test('escaping keeps line breaks in attributes and makes ]]> harmless in text', () => {
    const attribute = parseStrictXml(`<a v="${escapeXmlAttribute('one\ntwo\tthree\r"<&>\'')}"/>`);
    expect(attribute.attributes.v).toBe('one\ntwo\tthree\r"<&>\'');
    const text = parseStrictXml(`<a>${escapeXmlText('x ]]> <y> & z\nw')}</a>`);
    expect(text.text).toBe('x ]]> <y> & z\nw');
  });

  test('the strict check rejects what is not well-formed, so the tests above can fail', () => {
    for (const bad of [
      '<a>x</b>',
      '<a b="<"/>',
      '<a>&foo;</a>',
      '<a>\u0001</a>',
      '<a>]]></a>',
      '<a b="1" b="2"/>',
      '<a/><b/>',
      '<a>&#0;</a>',
      '<a><!-- c --></a>',
    ]) {
      expect(() => parseStrictXml(bad)).toThrow(XmlError);
    }
  });

  test('a passing case for each checked family without active findings, and none for what did not run', () => {
    const root = parse(composeRun([]));
    const names = (suiteName: string) => cases(suite(root, suiteName)).map((c) => c.attributes.name);
    // Active size, layers, user and allow findings; the only base finding is accepted by the allowlist.
    expect(names('imagegate: image policy').filter((name) => name?.endsWith(': no findings'))).toEqual([
      'base images: no findings',
    ]);
    expect(names('imagegate: compose')).toEqual(['compose mounts and settings: no findings']);
    const noScan = parseStrictXml(toJunitXml(sampleResult(), { toolVersion: '0.1.0' }));
    expect(noScan.children.map((child) => child.attributes.name)).toEqual(['imagegate: image policy']);
    const passing = cases(noScan.children[0]!).filter((c) => c.children.length === 0);
    for (const testCase of passing) expect(testCase.attributes.name).toMatch(/: no findings$/);
  });

  test('names identify findings without values that change between builds; colliding names get a fingerprint piece', () => {
    const names = (result: RunResult) =>
      parse(result)
        .children.flatMap(cases)
        .map((c) => c.attributes.name);
    const before = names(composeRun());
    const changed = scannedResult().findings.map((finding) => ({
      ...finding,
      message: `${finding.message} (now 999 MB, line 42)`,
      location: finding.location.kind === 'source' ? { ...finding.location, line: 42 } : finding.location,
      properties: { ...finding.properties, installedVersion: '9.9.9', actual: 999_000_000 },
    }));
    expect(names(scannedResult({ findings: changed }))).toEqual(names(scannedResult()));
    expect(new Set(before).size).toBe(before.length);
    const twoLayers = sampleFindings().filter((finding) => finding.ruleId === 'layers/max-layer-size');
    const second = { ...twoLayers[0]!, fingerprint: fingerprintOf('another layer') };
    const layerNames = names(sampleResult({ findings: [...twoLayers, second] })).filter((name) =>
      name?.startsWith('layers/max-layer-size'),
    );
    expect(layerNames).toEqual([
      `layers/max-layer-size [${twoLayers[0]!.fingerprint.slice(0, 8)}]`,
      `layers/max-layer-size [${second.fingerprint.slice(0, 8)}]`,
    ]);
  });

  test('written in pieces: no piece holds more than one test case', () => {
    const pieces = [...junitXmlPieces(composeRun(), { toolVersion: '0.1.0' })];
    expect(pieces.join('')).toBe(toJunitXml(composeRun(), { toolVersion: '0.1.0' }));
    for (const piece of pieces) expect((piece.match(/<testcase/g) ?? []).length).toBeLessThanOrEqual(1);
  });

  const python = pythonAvailable();
  (python ? test : test.skip)('Python expat, a conforming parser, accepts the document too', () => {
    const xml = toJunitXml(composeRun(), { toolVersion: '0.1.0' });
    const output = execFileSync(
      'python3',
      [
        '-c',
        'import sys, xml.dom.minidom as m; d = m.parseString(sys.stdin.buffer.read()); print(len(d.getElementsByTagName("testcase")))',
      ],
      { input: xml },
    );
    expect(Number(output.toString().trim())).toBe(descendants(parseStrictXml(xml), 'testcase').length);
  });
});

function pythonAvailable(): boolean {
  try {
    execFileSync('python3', ['-c', 'import xml.dom.minidom'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
