import type { Finding } from '../model/findings.js';
import { decideVerdict } from '../policy/gate.js';
import { checkedLabel, type RuleFamily, type RunResult } from './run-result.js';
import { gitlabTime } from './gitlab-container-scanning.js';
import { truncate } from '../util/markdown-escape.js';
import { ruleFamily, ruleKey, vulnerabilityProperties } from './scan-findings.js';

/**
 * JUnit XML for test-report widgets (GitLab's MR widget in every tier, and any CI that reads JUnit). Every
 * active finding is a failed test case, so the widget lists what is wrong; the failure's type and first line say
 * whether it blocks the gate or is below its threshold, and the verdict itself is a property of every suite. A
 * finding the allowlist accepted is a skipped case that names the reason. Each rule family that was checked and
 * has no active finding gets one passing case, so the report shows what was checked, not only what failed.
 *
 * Suites: image policy (size, layers, base, user, allowlist and any other image rule), compose, and the scan (vulnerabilities,
 * secrets, licenses). GitLab compares reports between pipelines by suite, classname and name, so names are made
 * of what identifies a finding (rule, package, service, file) and never of values that change between builds
 * (sizes, line numbers, installed versions); names that would collide get a piece of the fingerprint.
 *
 * All text from images, scanners and compose files is untrusted: characters XML 1.0 forbids become U+FFFD,
 * bidi and C1 controls are dropped, markup characters are escaped, and attributes keep their line breaks as
 * character references.
 */

export const JUNIT_FILE_NAME = 'imagegate-junit.xml';

export interface JunitOptions {
  toolVersion: string;
}

interface Suite {
  name: string;
  families: readonly string[];
  /** Families checked in this run (each gets a passing case when it has no active finding). */
  checked: readonly string[];
  findings: Finding[];
}

/** Names of the passing cases; a family without one (a new one) is named by its prefix. */
const FAMILY_LABEL: Record<string, string> = {
  size: 'image size',
  layers: 'layers',
  hygiene: 'image hygiene',
  base: 'base images',
  user: 'user',
  allow: 'allowlist entries',
  compose: 'compose mounts and settings',
  k8s: 'Kubernetes workloads',
  vuln: 'vulnerabilities',
  secret: 'secrets',
  license: 'licenses',
  dockerfile: 'Dockerfile rules',
};

const IMAGE_FAMILIES = ['size', 'layers', 'base', 'user', 'allow'];
const SCAN_FAMILIES = ['vuln', 'secret', 'license'];
const MAX_NAME = 300;
const MAX_MESSAGE_ATTRIBUTE = 500;
const MAX_TEXT = 4_000;

/** The whole document as one string (see junitXmlPieces for large runs). */
export function toJunitXml(result: RunResult, options: JunitOptions): string {
  return [...junitXmlPieces(result, options)].join('');
}

/** The document in pieces of one test case or less, so a run with 100,000 findings is never one string. */
export function* junitXmlPieces(result: RunResult, options: JunitOptions): Generator<string> {
  const suites = suitesOf(result);
  const properties = suiteProperties(result, options);
  const totals = { tests: 0, failures: 0, skipped: 0 };
  const counted = suites.map((suite) => {
    const counts = suiteCounts(suite);
    totals.tests += counts.tests;
    totals.failures += counts.failures;
    totals.skipped += counts.skipped;
    return { suite, counts };
  });
  const seconds = Math.max(0, (Date.parse(result.finishedAt) - Date.parse(result.startedAt)) / 1000) || 0;
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield `<testsuites${attributes({ name: 'imagegate', tests: totals.tests, failures: totals.failures, errors: 0, skipped: totals.skipped, time: seconds.toFixed(3) })}>\n`;
  for (const { suite, counts } of counted) {
    yield `  <testsuite${attributes({
      name: suite.name,
      tests: counts.tests,
      failures: counts.failures,
      errors: 0,
      skipped: counts.skipped,
      time: '0',
      timestamp: gitlabTime(result.startedAt),
    })}>\n`;
    yield '    <properties>\n';
    for (const [name, value] of properties) yield `      <property${attributes({ name, value })}/>\n`;
    yield '    </properties>\n';
    const names = caseNames(suite.findings);
    for (const [index, finding] of suite.findings.entries()) {
      yield testCase(finding, names[index] ?? finding.ruleId, result);
    }
    for (const family of suite.checked) {
      if (suite.findings.some((finding) => !finding.suppressedBy && ruleFamily(finding.ruleId) === family)) continue;
      const label = FAMILY_LABEL[family] ?? family;
      yield `    <testcase${attributes({ classname: `imagegate.${family}`, name: `${label}: no findings`, time: '0' })}/>\n`;
    }
    yield '  </testsuite>\n';
  }
  yield '</testsuites>\n';
}

function suitesOf(result: RunResult): Suite[] {
  const image: Suite = {
    name: 'imagegate: image policy',
    families: IMAGE_FAMILIES,
    checked: IMAGE_FAMILIES,
    findings: [],
  };
  const compose: Suite = {
    name: 'imagegate: compose',
    families: ['compose'],
    checked: result.compose ? ['compose'] : [],
    findings: [],
  };
  const kubernetes: Suite = {
    name: 'imagegate: kubernetes',
    families: ['k8s'],
    checked: result.kubernetes ? ['k8s'] : [],
    findings: [],
  };
  const scan = result.scan;
  const scanned: Suite = {
    name: 'imagegate: vulnerability scan',
    families: SCAN_FAMILIES,
    // A family is known to have been checked when the scan ran (vulnerabilities) or found something of its kind.
    checked: scan
      ? ['vuln', ...(scan.secrets.length > 0 ? ['secret'] : []), ...(scan.licenses.length > 0 ? ['license'] : [])]
      : [],
    findings: [],
  };
  for (const finding of result.findings) {
    const family = ruleFamily(finding.ruleId);
    const suite = compose.families.includes(family)
      ? compose
      : kubernetes.families.includes(family)
        ? kubernetes
        : scanned.families.includes(family)
          ? scanned
          : image;
    suite.findings.push(finding);
  }
  return [image, compose, kubernetes, scanned].filter((suite) => suite.findings.length > 0 || suite.checked.length > 0);
}

function suiteCounts(suite: Suite): { tests: number; failures: number; skipped: number } {
  const failures = suite.findings.filter((finding) => !finding.suppressedBy).length;
  const skipped = suite.findings.length - failures;
  const passing = suite.checked.filter(
    (family) => !suite.findings.some((finding) => !finding.suppressedBy && ruleFamily(finding.ruleId) === family),
  ).length;
  return { tests: suite.findings.length + passing, failures, skipped };
}

function suiteProperties(result: RunResult, options: JunitOptions): Array<[string, string]> {
  const properties: Array<[string, string]> = [
    ['verdict', result.verdict],
    ['fail-on', result.failOn],
  ];
  for (const [family, threshold] of Object.entries(result.familyFailOn)) {
    if (threshold) properties.push([`fail-on.${family}`, threshold]);
  }
  properties.push(['image', checkedLabel(result)]);
  if (result.image.digest) properties.push(['image.digest', result.image.digest]);
  if (result.dockerfile) properties.push(['dockerfile', result.dockerfile]);
  if (result.policyFiles.length > 0) properties.push(['policy', result.policyFiles.join(', ')]);
  properties.push(['imagegate.version', options.toolVersion]);
  return properties;
}

/** A stable, readable name per finding; names that occur twice in a suite get a piece of the fingerprint. */
function caseNames(findings: readonly Finding[]): string[] {
  const names = findings.map(baseName);
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return names.map((name, index) =>
    (counts.get(name) ?? 0) > 1 ? `${name} [${findings[index]?.fingerprint.slice(0, 8) ?? ''}]` : name,
  );
}

function baseName(finding: Finding): string {
  const family = ruleFamily(finding.ruleId);
  const text = (key: string) => {
    const value = finding.properties?.[key];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  let name = finding.ruleId;
  if (family === 'vuln') {
    const { pkgName, pkgPath } = vulnerabilityProperties(finding);
    name = `${ruleKey(finding.ruleId)} in ${pkgName ?? 'unknown package'}${pkgPath ? ` (${pkgPath})` : ''}`;
  } else if (family === 'compose' && text('service')) {
    name = `${finding.ruleId}: service ${text('service')}${text('target') ? ` ${text('target')}` : ''}`;
  } else if (family === 'secret' && text('target')) {
    name = `${finding.ruleId}: ${text('target')}`;
  } else if (family === 'license' && (text('pkgName') ?? text('filePath'))) {
    name = `${finding.ruleId}: ${text('pkgName') ?? text('filePath')}${text('license') ? ` (${text('license')})` : ''}`;
  }
  return truncate(oneLine(name), MAX_NAME);
}

function testCase(finding: Finding, name: string, result: RunResult): string {
  const location = finding.location;
  const where =
    location.kind === 'source'
      ? `${location.path}:${location.line}`
      : `image ${location.image}${location.layer ? `, layer ${location.layer}` : ''}`;
  const open = `    <testcase${attributes({
    classname: `imagegate.${ruleFamily(finding.ruleId)}`,
    name,
    ...(location.kind === 'source' ? { file: location.path } : {}),
    time: '0',
  })}>\n`;
  const message = oneLine(finding.message);
  if (finding.suppressedBy) {
    const { reason, expires, by, status, author } = finding.suppressedBy;
    const text =
      by === 'vex'
        ? `suppressed by VEX (${status ?? 'not_affected'}${author ? `, ${oneLine(author)}` : ''}): ${oneLine(reason)}`
        : `accepted by the allowlist: ${oneLine(reason)}${expires ? ` (expires ${expires})` : ''}`;
    return `${open}      <skipped${attributes({ message: truncate(text, MAX_MESSAGE_ATTRIBUTE) })}/>\n    </testcase>\n`;
  }
  const blocking = decideVerdict([finding], result.failOn, result.familyFailOn) === 'fail';
  const threshold = result.familyFailOn[ruleFamily(finding.ruleId) as RuleFamily] ?? result.failOn;
  const gate = blocking
    ? `blocks the gate (fail-on ${threshold})`
    : `below the gate's threshold (fail-on ${threshold}): reported, not blocking`;
  const body = [
    truncate(message, MAX_TEXT),
    `rule: ${finding.ruleId}; severity: ${finding.severity}; ${gate}`,
    `at: ${where}`,
    `fingerprint: ${finding.fingerprint}`,
  ].join('\n');
  const failure = `      <failure${attributes({
    type: `${finding.severity}${blocking ? '' : ' (not blocking)'}`,
    message: truncate(`${finding.severity}: ${message}`, MAX_MESSAGE_ATTRIBUTE),
  })}>${escapeXmlText(body)}</failure>\n`;
  return `${open}${failure}    </testcase>\n`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Characters XML 1.0 allows (§2.2 Char): tab, line feed, carriage return, and U+0020 up, without surrogates
 * (a lone one matches here as itself) and U+FFFE/U+FFFF.
 */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
/** Allowed but harmful in a report: C1 controls, DEL and the bidi embedding/override/isolate marks. */
const INVISIBLE = /[\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

function cleanText(text: string): string {
  return text.replace(NOT_XML_CHAR, '\uFFFD').replace(INVISIBLE, '');
}

/** Text content: `&`, `<` and `>` (the last so that `]]>` cannot appear) as entities. */
export function escapeXmlText(text: string): string {
  return cleanText(text).replace(/[&<>]/g, (char) => (char === '&' ? '&amp;' : char === '<' ? '&lt;' : '&gt;'));
}

const ATTRIBUTE_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // Attribute-value normalization turns literal whitespace into spaces; references keep it.
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** An attribute value for a double-quoted attribute. */
export function escapeXmlAttribute(value: string): string {
  return cleanText(value).replace(/[&<>"'\t\n\r]/g, (char) => ATTRIBUTE_ENTITIES[char] ?? char);
}

function attributes(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([name, value]) => ` ${name}="${escapeXmlAttribute(String(value))}"`)
    .join('');
}
