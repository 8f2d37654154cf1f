import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  advisoryHref,
  blockingSection,
  blockingTest,
  byRelevance,
  compareEffect,
  countWhere,
  cvssScoreOf,
  exploitPriorityText,
  groupByPackage,
  isScanFinding,
  isVulnerabilityFinding,
  policyChangesSection,
  ruleKey,
  safeHttpUrl,
  severityBreakdown,
  severityCountsLine,
  severityLabel,
  vulnerabilityProperties
} from "./chunk-3NASWGJX.js";
import {
  describeAge
} from "./chunk-ON4C7FYR.js";
import {
  COMPOSE_ONLY_LABEL,
  NO_LINKS,
  SEVERITY_ICON,
  budgetsSection,
  checkedLabel,
  groupDigits,
  header,
  linked,
  locationCell,
  messageCell,
  moreLine,
  nounFor,
  platformsSection,
  platformsSuffix,
  plural,
  resultLocationCell,
  row,
  severityCell,
  sharedCell,
  shortDigest,
  withoutColumn
} from "./chunk-ALVOWIAA.js";
import {
  codeSpan,
  elideMiddle,
  escapeInline,
  singleLine,
  truncate
} from "./chunk-SAYJQMG6.js";
import {
  isRuleId,
  ruleById
} from "./chunk-YHFRDE34.js";
import {
  formatBytes
} from "./chunk-2SIDVBE2.js";
import {
  describeVerification
} from "./chunk-BEXNPQ7L.js";
import {
  SEVERITIES,
  bySeverity,
  severityRank
} from "./chunk-OOOZQBDA.js";
import {
  require_semver
} from "./chunk-FRITBTAO.js";
import {
  __toESM
} from "./chunk-GVHAVQQT.js";

// src/report/markdown-baseline.ts
function baselineSection(baseline, settings) {
  if (!baseline) return "";
  const against = codeSpan(baseline.file, { maxLength: settings.cell }) || "_the baseline_";
  const line = `Compared with ${against}: **${baseline.new.length} new**, **${baseline.fixed.length} fixed**, ${baseline.unchanged} unchanged (active findings, matched by fingerprint).`;
  return [
    `${settings.heading ?? "###"} Since baseline`,
    line,
    newTable(baseline.new, settings),
    fixedTable(baseline.fixed, settings)
  ].filter((part) => part !== "").join("\n\n");
}
function newTable(findings, settings) {
  return findingTable(findings, settings, {
    title: "New since baseline",
    locationHeader: "Location",
    location: (finding) => locationCell(finding.location, settings.cell, settings.links ?? NO_LINKS),
    // Findings of this run: a message a check wrote with md is imagegate's own Markdown.
    message: (finding) => messageCell(finding, settings.cell),
    more: (hidden) => moreLine(hidden, "new findings")
  });
}
function fixedTable(findings, settings) {
  return findingTable(findings, settings, {
    title: "Fixed since baseline",
    locationHeader: "Location (then)",
    location: (finding) => resultLocationCell(finding.location, settings.cell),
    // Read back from a file: whatever it says, its text is someone else's and is escaped, never taken as Markdown.
    message: (finding) => messageCell({ message: finding.message }, settings.cell),
    // Only their fingerprints are in imagegate.json: the baseline has the rest.
    more: (hidden) => hidden > 0 ? ["", `… and ${hidden} more fixed ${nounFor(hidden, "finding")}.`] : []
  });
}
function findingTable(findings, settings, table) {
  if (findings.length === 0) return "";
  const rows = findings.slice(0, settings.maxRows).map(
    (finding) => row([
      severityCell(finding.severity),
      ruleCell(finding.ruleId, settings.links ?? NO_LINKS),
      table.message(finding),
      table.location(finding)
    ])
  );
  return [
    `**${table.title}**`,
    "",
    ...header(["Severity", "Rule", "Message", table.locationHeader]),
    ...rows,
    ...table.more(findings.length - rows.length)
  ].join("\n");
}
function ruleCell(ruleId, links) {
  return linked(codeSpan(ruleId, { inTable: true, maxLength: 80 }), links.rule(ruleId));
}

// src/report/rules.ts
var catalogRules = (ruleId) => isRuleId(ruleId) ? ruleById(ruleId) : void 0;
function describeRule(ruleId, severity, resolve = catalogRules) {
  return resolve(ruleId) ?? {
    id: ruleId,
    title: ruleId,
    help: `Reported by imagegate rule \`${ruleId}\`.`,
    defaultSeverity: severity,
    policyKey: "",
    tags: []
  };
}

// src/report/sarif-limits.ts
var GITHUB_SARIF_LIMITS = { maxResultsPerRun: 25e3, maxRulesPerRun: 25e3 };
function selectForRun(findings, limits) {
  const ordered = [...findings].sort(byRelevance);
  const rulesTotal = new Set(ordered.map((finding) => finding.ruleId)).size;
  let kept = ordered.slice(0, Math.max(0, limits.maxResultsPerRun));
  const rules = /* @__PURE__ */ new Set();
  for (const finding of kept) {
    if (rules.size >= limits.maxRulesPerRun) break;
    rules.add(finding.ruleId);
  }
  const cutByRules = rules.size < new Set(kept.map((finding) => finding.ruleId)).size;
  if (cutByRules) kept = kept.filter((finding) => rules.has(finding.ruleId));
  return { kept, total: ordered.length, rulesTotal, rulesKept: rules.size, cutByRules };
}
function truncationOf(selection, run, category, limits) {
  if (selection.kept.length === selection.total) return void 0;
  return {
    run,
    category,
    total: selection.total,
    kept: selection.kept.length,
    rulesTotal: selection.rulesTotal,
    rulesKept: selection.rulesKept,
    cutByRules: selection.cutByRules,
    limits
  };
}
var count = (value) => groupDigits(value);
function describeTruncation(truncation) {
  const { total, kept, rulesTotal, rulesKept, limits } = truncation;
  const reasons = [];
  if (total > limits.maxResultsPerRun) reasons.push(`GitHub's ${count(limits.maxResultsPerRun)}-results-per-run limit`);
  if (truncation.cutByRules) {
    reasons.push(
      `GitHub's ${count(limits.maxRulesPerRun)}-rules-per-run limit (${count(rulesTotal - rulesKept)} of ${count(rulesTotal)} rules left out)`
    );
  }
  return `${count(total - kept)} of ${count(total)} results not in SARIF: ${reasons.join("; ")}`;
}

// src/report/sarif-location.ts
var SOURCE_ROOT = "%SRCROOT%";
var WINDOWS_DRIVE = /^[A-Za-z]:\//;
function artifactLocation(filePath) {
  const slashed = filePath.replaceAll("\\", "/");
  if (slashed.startsWith("/") || WINDOWS_DRIVE.test(slashed)) {
    const segments2 = slashed.split("/").filter((segment, index) => index === 0 || segment !== "");
    const encoded = segments2.map(
      (segment, index) => index === 0 && WINDOWS_DRIVE.test(`${segment}/`) ? segment : encodeURIComponent(segment)
    );
    return { uri: `file://${slashed.startsWith("/") ? "" : "/"}${encoded.join("/")}` };
  }
  const segments = slashed.split("/").filter((segment) => segment !== "" && segment !== ".");
  return { uri: segments.map(encodeURIComponent).join("/"), uriBaseId: SOURCE_ROOT };
}
function physicalLocation(location) {
  return {
    artifactLocation: artifactLocation(location.path),
    region: {
      startLine: location.line,
      ...location.column !== void 0 ? { startColumn: location.column } : {}
    }
  };
}
function imageLogicalLocation(location) {
  if (location.layer === void 0) return { kind: "image", name: location.image, fullyQualifiedName: location.image };
  return { kind: "layer", name: location.layer, fullyQualifiedName: `${location.image}/layers/${location.layer}` };
}
function sourceSarifLocation(location) {
  return { physicalLocation: physicalLocation(location) };
}
function sanitizeCategory(category) {
  const cleaned = category.replace(/[^A-Za-z0-9._/-]+/g, "-").split("/").filter((segment) => segment !== "" && segment !== "." && segment !== "..").join("/");
  return cleaned === "" ? "imagegate" : cleaned;
}
function automationDetailsId(category) {
  return `${sanitizeCategory(category)}/`;
}
function scanRunCategory(category) {
  const base = sanitizeCategory(category);
  const segments = base.split("/");
  if (segments.length > 2 && segments[0] === "imagegate" && segments[1] === "image") {
    return ["imagegate", "vulnerabilities", ...segments.slice(2)].join("/");
  }
  return `${base}/vulnerabilities`;
}

// src/report/sarif-result.ts
var LEVEL = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "note",
  info: "note"
};
var SECURITY_SEVERITY = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "2.0",
  info: void 0
};
var FINGERPRINT_KEY = "imagegateFingerprint/v1";
function sarifText(text) {
  return text.replace(/[[\]]/g, (bracket) => `\\${bracket}`);
}
function sarifResult(finding, ruleIndex, anchor) {
  const { location } = finding;
  const sarifLocation = location.kind === "source" ? sourceSarifLocation(location) : {
    ...anchor !== void 0 ? { physicalLocation: anchor } : {},
    logicalLocations: [imageLogicalLocation(location)]
  };
  const suppression = finding.suppressedBy;
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: LEVEL[finding.severity],
    // SARIF (§3.11.4) lets a message carry Markdown beside its text: imagegate's own, when the check wrote it with md.
    message: {
      text: sarifText(finding.message),
      ...finding.messageMarkdown !== void 0 ? { markdown: finding.messageMarkdown } : {}
    },
    locations: [sarifLocation],
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint, primaryLocationLineHash: finding.fingerprint },
    ...suppression ? {
      suppressions: [
        {
          kind: "external",
          status: "accepted",
          justification: suppressionJustification(suppression),
          ...suppression.source ? { location: sourceSarifLocation(suppression.source) } : {}
        }
      ]
    } : {},
    properties: { ...finding.properties, severity: finding.severity }
  };
}
function suppressionJustification(suppression) {
  if (suppression.by === "vex") {
    const label = suppression.justification ? ` (${suppression.justification})` : "";
    const who = [suppression.author, suppression.timestamp].filter(Boolean).join(", ");
    return `VEX ${suppression.status ?? "not_affected"}${label}: ${suppression.reason}${who ? ` — ${who}` : ""}`;
  }
  return suppression.expires ? `${suppression.reason} (allowlisted until ${suppression.expires})` : suppression.reason;
}
function unlocatedNotification(finding, location, ruleIndex) {
  const where = location.layer ? `${location.image}, layer ${location.layer}` : location.image;
  return {
    level: "warning",
    message: {
      text: sarifText(
        `${finding.ruleId} (${finding.severity}${finding.suppressedBy ? ", suppressed" : ""}): ${finding.message} [${where}; not a result because no Dockerfile was given to locate it]`
      )
    },
    associatedRule: { id: finding.ruleId, index: ruleIndex },
    locations: [{ logicalLocations: [imageLogicalLocation(location)] }],
    properties: { fingerprint: finding.fingerprint, severity: finding.severity }
  };
}
function placeFindings(findings, ruleIndex, dockerfile, unlocated) {
  const anchor = dockerfile !== void 0 ? physicalLocation({ path: dockerfile, line: 1 }) : typeof unlocated === "object" ? { artifactLocation: { uri: unlocated.anchorUri }, region: { startLine: 1 } } : void 0;
  const results = [];
  const notifications = [];
  for (const finding of findings) {
    const index = ruleIndex.get(finding.ruleId) ?? 0;
    const location = finding.location;
    if (location.kind === "image" && anchor === void 0 && unlocated !== "logical") {
      notifications.push(unlocatedNotification(finding, location, index));
    } else {
      results.push(sarifResult(finding, index, anchor));
    }
  }
  return { results, notifications };
}
function truncationNotification(text) {
  return { level: "warning", message: { text } };
}
function imagegateComponent(options) {
  return {
    name: "imagegate",
    version: options.toolVersion,
    semanticVersion: options.toolVersion,
    ...options.informationUri ? { informationUri: options.informationUri } : {}
  };
}
function completedInvocation(result, notifications) {
  return {
    executionSuccessful: true,
    startTimeUtc: result.startedAt,
    endTimeUtc: result.finishedAt,
    ...notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}
  };
}

// src/report/sarif-rules.ts
function ruleTable(findings, describe) {
  const byRule = /* @__PURE__ */ new Map();
  for (const finding of findings) {
    const seen = byRule.get(finding.ruleId);
    if (!seen) byRule.set(finding.ruleId, { severity: finding.severity, findings: [finding] });
    else {
      seen.findings.push(finding);
      if (severityRank(finding.severity) > severityRank(seen.severity)) seen.severity = finding.severity;
    }
  }
  const descriptors = [];
  const index = /* @__PURE__ */ new Map();
  for (const [ruleId, { severity, findings: ofRule }] of byRule) {
    index.set(ruleId, descriptors.length);
    descriptors.push(describe(ruleId, severity, ofRule));
  }
  return { descriptors, index };
}
function reportingDescriptor(rule, severity) {
  const securitySeverity = SECURITY_SEVERITY[severity];
  const policyLine = rule.policyKey ? `Configured by the policy key \`${rule.policyKey}\`.` : "";
  const markdown = [rule.help, policyLine].filter(Boolean).join("\n\n");
  return {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: plainText(firstParagraph(rule.help)) },
    help: { text: plainText(markdown), markdown },
    defaultConfiguration: { level: LEVEL[severity] },
    properties: {
      tags: [...rule.tags],
      // Checks compare measured facts with configured limits: no heuristics, so no false-positive rate to state.
      precision: "very-high",
      ...securitySeverity ? { "security-severity": securitySeverity } : {}
    }
  };
}
function ruleName(ruleId) {
  return ruleId.split(/[^A-Za-z0-9]+/).filter(Boolean).map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join("");
}
function firstParagraph(markdown) {
  return markdown.split(/\n\s*\n/)[0] ?? markdown;
}
function plainText(markdown) {
  return markdown.replaceAll("`", "");
}

// src/report/sarif-scan-run.ts
var import_semver = __toESM(require_semver(), 1);

// src/report/sarif-scan-rules.ts
var MAX_TITLE = 200;
var MAX_FULL_DESCRIPTION = 1e3;
var MAX_HELP_DESCRIPTION = 1500;
var MAX_PACKAGE_ROWS = 5;
var MAX_REFERENCES = 5;
var MAX_TAGS = 20;
function indexScanFacts(scan, resolveRule) {
  const vulnerabilities = /* @__PURE__ */ new Map();
  const secrets = /* @__PURE__ */ new Map();
  for (const vulnerability of scan?.vulnerabilities ?? []) {
    const known = vulnerabilities.get(vulnerability.id);
    if (known) known.severities.add(vulnerability.severity);
    else {
      vulnerabilities.set(vulnerability.id, {
        advisory: vulnerability.advisory,
        severities: /* @__PURE__ */ new Set([vulnerability.severity])
      });
    }
  }
  for (const secret of scan?.secrets ?? []) if (!secrets.has(secret.ruleId)) secrets.set(secret.ruleId, secret);
  return { vulnerabilities, secrets, ...resolveRule ? { resolveRule } : {} };
}
function scanRuleDescriptor(ruleId, severity, findings, facts) {
  if (ruleId.startsWith("vuln/")) {
    return vulnerabilityRule(ruleId, severity, findings, facts.vulnerabilities.get(ruleKey(ruleId)));
  }
  if (ruleId.startsWith("secret/")) return secretRule(ruleId, severity, findings, facts.secrets.get(ruleKey(ruleId)));
  const resolve = facts.resolveRule ?? catalogRules;
  const known = resolve(ruleId) ?? (ruleId === LICENSE_RULE.id ? LICENSE_RULE : void 0);
  return reportingDescriptor(known ?? describeRule(ruleId, severity, resolve), severity);
}
function vulnerabilityRule(ruleId, severity, findings, facts) {
  const id = ruleKey(ruleId);
  const advisory = facts?.advisory;
  const properties = findings.map(vulnerabilityProperties);
  const title = firstOf([...properties.map((p) => p.title), advisory?.title]);
  const description = advisory?.description || void 0;
  const primaryUrl = firstOf([...properties.map((p) => p.primaryUrl), advisory?.primaryUrl].map(safeHttpUrl));
  const links = safeLinks(advisory?.references ?? [], primaryUrl);
  const cwes = unique((advisory?.cweIds ?? []).map(cweNumber));
  const scannerSeverities = unique(
    properties.map((p) => p.scannerSeverity).concat(properties.length === 0 ? [...facts?.severities ?? []] : [])
  ).filter((value) => /^[A-Za-z]{1,20}$/.test(value));
  const cvss = maxOf(findings.map(cvssScoreOf));
  const securitySeverity = cvss !== void 0 && cvss > 0 ? Math.min(10, Math.max(0.1, cvss)).toFixed(1) : void 0;
  const plainTitle = title ? truncate(singleLine(title), MAX_TITLE) : id;
  const ratings = [
    `severity ${severity}${scannerSeverities.length > 0 ? ` (Trivy: ${scannerSeverities.join(", ")})` : ""}`,
    ...cvss !== void 0 ? [`CVSS ${cvss.toFixed(1)}`] : [],
    ...cwes.map((n) => `CWE-${n}`)
  ];
  const packages = packageRows(findings);
  const fixable = properties.some((p) => p.fixedVersion !== void 0);
  const advice = fixable ? "Upgrade the package to the fixed version: in the instruction each alert points at, or by moving to a base image that ships it. Rebuild and re-run imagegate." : "No fixed version is known yet. Remove the package if the image does not need it, or accept the risk with an allowlist entry (`allow.vulnerabilities`) that names a reason and an expiry.";
  const markdown = [
    `**${escapeInline(id, { maxLength: 100 })}**${title ? `: ${escapeInline(title, { maxLength: MAX_TITLE })}` : ""}`,
    escapeInline(ratings.join(" · ")),
    packages.markdown,
    advice,
    description ? `**Description:** ${escapeInline(description, { maxLength: MAX_HELP_DESCRIPTION })}` : "",
    links.length > 0 ? `**References:** ${links.map((url) => `[${escapeInline(new URL(url).host)}](<${url}>)`).join(" · ")}` : ""
  ];
  const text = [
    `${singleLine(id)}: ${plainTitle}`,
    ratings.join(", "),
    packages.text,
    advice.replaceAll("`", ""),
    description ? `Description: ${truncate(singleLine(description), MAX_HELP_DESCRIPTION)}` : "",
    ...links
  ];
  const tags = unique([
    "security",
    "vulnerability",
    ...scannerSeverities,
    ...cwes.map((n) => `external/cwe/cwe-${n.padStart(3, "0")}`)
  ]).slice(0, MAX_TAGS);
  const fallback = SECURITY_SEVERITY[severity];
  return {
    id: ruleId,
    shortDescription: { text: plainTitle },
    fullDescription: { text: truncateWords(singleLine(description ?? title ?? id), MAX_FULL_DESCRIPTION) },
    ...primaryUrl ? { helpUri: primaryUrl } : {},
    help: { text: text.filter(Boolean).join("\n"), markdown: markdown.filter(Boolean).join("\n\n") },
    defaultConfiguration: { level: LEVEL[severity] },
    properties: {
      tags,
      // Version-range matching against advisories: vendor backports can make a match a false positive.
      precision: "high",
      ...securitySeverity ? { "security-severity": securitySeverity } : fallback ? { "security-severity": fallback } : {},
      ...cvss !== void 0 ? { cvssScore: cvss } : {}
    }
  };
}
function safeLinks(references, primaryUrl) {
  const links = primaryUrl ? [primaryUrl] : [];
  for (const reference of references) {
    if (links.length >= MAX_REFERENCES) break;
    const url = safeHttpUrl(reference);
    if (url !== void 0 && !links.includes(url)) links.push(url);
  }
  return links;
}
function packageRows(findings) {
  const rows = /* @__PURE__ */ new Map();
  for (const finding of findings) {
    const p = vulnerabilityProperties(finding);
    const row2 = {
      pkg: p.pkgName ?? "?",
      installed: p.installedVersion ?? "?",
      fixed: p.fixedVersion ?? `none (${p.status ?? "unknown"})`,
      path: p.pkgPath ?? ""
    };
    const key = `${row2.pkg.length}:${row2.pkg}${row2.installed.length}:${row2.installed}${row2.fixed.length}:${row2.fixed}${row2.path}`;
    if (!rows.has(key)) rows.set(key, row2);
  }
  if (rows.size === 0) return { markdown: "", text: "" };
  const listed = [...rows.values()].slice(0, MAX_PACKAGE_ROWS);
  const more = rows.size - listed.length;
  const cell = (value) => codeSpan(value, { inTable: true, maxLength: 100 }) || "—";
  const moreLine2 = more > 0 ? `${more} more package(s); each alert names its package and versions.` : "";
  const markdown = [
    "| Package | Installed | Fixed | Path |",
    "| --- | --- | --- | --- |",
    ...listed.map((row2) => `| ${cell(row2.pkg)} | ${cell(row2.installed)} | ${cell(row2.fixed)} | ${cell(row2.path)} |`),
    ...moreLine2 ? ["", moreLine2] : []
  ].join("\n");
  const text = [
    ...listed.map(
      (row2) => `Package ${singleLine(row2.pkg)} ${singleLine(row2.installed)}, fixed: ${singleLine(row2.fixed)}` + (row2.path ? ` (${singleLine(row2.path)})` : "")
    ),
    ...moreLine2 ? [moreLine2] : []
  ].join("\n");
  return { markdown, text };
}
function secretRule(ruleId, severity, findings, facts) {
  const titleProperty = findings.map((finding) => finding.properties?.title).find((v) => typeof v === "string");
  const title = truncate(singleLine(facts?.title ?? titleProperty ?? ruleId), MAX_TITLE);
  const category = facts?.category ? singleLine(facts.category) : void 0;
  const markdown = `Trivy's secret rule ${codeSpan(ruleKey(ruleId), { maxLength: 100 })}${category ? ` (${escapeInline(category, { maxLength: 100 })})` : ""} matched a file in the image.

A secret in an image is readable by anyone who can pull it, and deleting the file in a later layer does not remove it from the layer that added it. Rotate the credential, keep it out of the build context (\`.dockerignore\`), and pass build-time secrets with \`RUN --mount=type=secret\`.`;
  return {
    id: ruleId,
    shortDescription: { text: title },
    fullDescription: { text: `A secret (${title}) is stored in a file of the image.` },
    help: { text: markdown.replaceAll("`", ""), markdown },
    defaultConfiguration: { level: LEVEL[severity] },
    properties: {
      tags: unique(["security", "secret", ...category && /^[\w .-]{1,40}$/.test(category) ? [category] : []]),
      // Pattern matches: test fixtures and examples match too.
      precision: "high",
      ...SECURITY_SEVERITY[severity] ? { "security-severity": SECURITY_SEVERITY[severity] } : {}
    }
  };
}
var LICENSE_RULE = {
  id: "license/forbidden",
  title: "Package under a forbidden license",
  help: "A package in the image is distributed under a license listed in `licenses.forbid`. Remove or replace the package, or ask for the license to be allowed.",
  defaultSeverity: "high",
  policyKey: "licenses.forbid",
  tags: ["license"]
};
function cweNumber(text) {
  const match = /^CWE-(\d{1,6})$/i.exec(text.trim());
  return match ? String(Number(match[1])) : void 0;
}
function truncateWords(text, max) {
  const cut = truncate(text, max);
  if (cut === text) return text;
  const body = cut.slice(0, -1);
  const space = body.lastIndexOf(" ");
  return `${space > max * 0.8 ? body.slice(0, space) : body}…`;
}
function firstOf(values) {
  return values.find((value) => value !== void 0 && value !== "");
}
function unique(values) {
  return [...new Set(values.filter((value) => value !== void 0 && value !== ""))];
}
function maxOf(values) {
  let max;
  for (const value of values) if (value !== void 0 && (max === void 0 || value > max)) max = value;
  return max;
}

// src/report/sarif-scan-run.ts
var TRIVY_INFORMATION_URI = "https://trivy.dev";
function toScanSarifRun(result, findings, options) {
  const { scan } = result;
  if (!scan && findings.length === 0) return void 0;
  const category = scanRunCategory(options.category);
  const selection = selectForRun(findings, options.limits);
  const facts = indexScanFacts(scan, options.resolveRule);
  const rules = ruleTable(
    selection.kept,
    (ruleId, severity, ofRule) => scanRuleDescriptor(ruleId, severity, ofRule, facts)
  );
  const { results, notifications } = placeFindings(selection.kept, rules.index, result.dockerfile, options.unlocated);
  const truncation = truncationOf(selection, "trivy", category, options.limits);
  if (truncation)
    notifications.unshift(truncationNotification(`${describeTruncation(truncation)}; the most severe were kept.`));
  const version = scan?.scanner.version;
  return {
    tool: {
      driver: {
        name: "Trivy",
        ...version ? { version } : {},
        ...version && import_semver.default.valid(version) ? { semanticVersion: import_semver.default.valid(version) } : {},
        informationUri: TRIVY_INFORMATION_URI,
        rules: rules.descriptors
      }
    },
    conversion: { tool: { driver: imagegateComponent(options) } },
    automationDetails: { id: automationDetailsId(category) },
    invocations: [completedInvocation(result, notifications)],
    columnKind: "unicodeCodePoints",
    results,
    properties: {
      image: result.image.reference ?? result.image.id,
      ...result.image.digest ? { imageDigest: result.image.digest } : {},
      ...scan ? {
        artifactName: scan.artifactName,
        ...scan.dbUpdatedAt ? { dbUpdatedAt: scan.dbUpdatedAt } : {},
        found: {
          vulnerabilities: scan.vulnerabilities.length,
          secrets: scan.secrets.length,
          licenses: scan.licenses.length
        }
      } : {},
      ...truncation ? {
        truncated: {
          resultsTotal: truncation.total,
          resultsKept: truncation.kept,
          rulesTotal: truncation.rulesTotal,
          rulesKept: truncation.rulesKept,
          maxResultsPerRun: truncation.limits.maxResultsPerRun,
          maxRulesPerRun: truncation.limits.maxRulesPerRun
        }
      } : {}
    }
  };
}

// src/report/sarif.ts
var SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
var SARIF_FILE_NAME = "imagegate.sarif";
function toSarif(result, options) {
  const { image, scan } = splitFindings(result.findings);
  const limits = sarifLimits(options);
  const runs = [imageRun(result, image, options, limits)];
  const scanRun = toScanSarifRun(result, scan, { ...options, limits });
  if (scanRun) runs.push(scanRun);
  return { $schema: SARIF_SCHEMA_URI, version: "2.1.0", runs };
}
function sarifTruncations(result, options) {
  const limits = sarifLimits(options);
  if (result.findings.length <= Math.min(limits.maxResultsPerRun, limits.maxRulesPerRun)) return [];
  const { image, scan } = splitFindings(result.findings);
  return [
    truncationOf(selectForRun(image, limits), "imagegate", options.category, limits),
    truncationOf(
      selectForRun(scan, limits),
      "trivy",
      options.category === "" ? "" : scanRunCategory(options.category),
      limits
    )
  ].filter((truncation) => truncation !== void 0);
}
function sarifLimits(options) {
  return { ...GITHUB_SARIF_LIMITS, ...options.limits };
}
function splitFindings(findings) {
  const image = [];
  const scan = [];
  for (const finding of findings) (isScanFinding(finding) ? scan : image).push(finding);
  return { image, scan };
}
function imageRun(result, findings, options, limits) {
  const selection = selectForRun(findings, limits);
  const rules = ruleTable(
    selection.kept,
    (ruleId, severity) => reportingDescriptor(describeRule(ruleId, severity, options.resolveRule), severity)
  );
  const { results, notifications } = placeFindings(selection.kept, rules.index, result.dockerfile, options.unlocated);
  const truncation = truncationOf(selection, "imagegate", options.category, limits);
  if (truncation)
    notifications.unshift(truncationNotification(`${describeTruncation(truncation)}; the most severe were kept.`));
  return {
    tool: { driver: { ...imagegateComponent(options), rules: rules.descriptors } },
    automationDetails: { id: automationDetailsId(options.category) },
    invocations: [completedInvocation(result, notifications)],
    columnKind: "unicodeCodePoints",
    results,
    properties: {
      verdict: result.verdict,
      failOn: result.failOn,
      image: result.composeOnly ? COMPOSE_ONLY_LABEL : result.image.reference ?? result.image.id,
      ...result.image.digest ? { imageDigest: result.image.digest } : {},
      ...result.composeOnly ? { composeOnly: true } : {},
      ...truncation ? {
        truncated: {
          resultsTotal: truncation.total,
          resultsKept: truncation.kept,
          rulesTotal: truncation.rulesTotal,
          rulesKept: truncation.rulesKept,
          maxResultsPerRun: limits.maxResultsPerRun,
          maxRulesPerRun: limits.maxRulesPerRun
        }
      } : {}
    }
  };
}

// src/report/markdown-contents.ts
var MAX_TOKEN = 48;
var HOW = {
  replaced: "replaced",
  metadata: "rewritten (chmod/chown)",
  deleted: "deleted"
};
function efficiencyText(contents) {
  const percent = `${(Math.floor(contents.efficiency * 1e3) / 10).toFixed(1)}%`;
  if (contents.wastedFiles === 0) return `${percent} (no file is replaced or deleted by a later layer)`;
  return `${percent} (${formatBytes(contents.finalBytes)} of ${formatBytes(contents.totalBytes)} reach the final filesystem; ${formatBytes(contents.wastedBytes)} wasted in ${groupDigits(contents.wastedFiles)} ${contents.wastedFiles === 1 ? "copy" : "copies"})`;
}
function wastedFilesSection(result, options) {
  const contents = result.image.contents;
  if (!contents || contents.topWasted.length === 0) return "";
  const layer = (index) => {
    const instruction = result.layerInstructions[index];
    if (!instruction) return `layer ${index + 1}`;
    if (instruction.path === result.dockerfile) return `layer ${index + 1} (line ${instruction.line})`;
    const where = codeSpan(elideMiddle(`${instruction.path}:${instruction.line}`, MAX_TOKEN), { inTable: true });
    return `layer ${index + 1} ${where}`;
  };
  const shown = contents.topWasted.slice(0, options.maxRows);
  const rows = shown.map(
    (wasted) => row([
      codeSpan(elideMiddle(singleLine(wasted.path), MAX_TOKEN), { inTable: true }),
      formatBytes(wasted.bytes),
      layer(wasted.layer),
      HOW[wasted.how],
      wasted.removedBy === wasted.layer ? "same layer" : layer(wasted.removedBy)
    ])
  );
  const intro = `${formatBytes(contents.wastedBytes)} of the layers' ${formatBytes(contents.totalBytes)} never reach the final filesystem: copies of files that a later layer replaced or deleted (each is still pulled). The largest` + (result.dockerfile ? ` (lines of ${codeSpan(result.dockerfile, { maxLength: options.cell })})` : "") + ":";
  return [
    `${options.heading ?? "###"} Wasted files`,
    "",
    intro,
    "",
    ...header(["File", "Size", "Written by", "How", "Removed by"]),
    ...rows,
    ...contents.wastedFiles > shown.length ? [
      "",
      `… and ${plural(contents.wastedFiles - shown.length, "smaller wasted copy", "smaller wasted copies")} (\`imagegate.json\` lists the largest ${contents.topWasted.length} and the bytes per pair of layers).`
    ] : []
  ].join("\n");
}

// src/report/markdown-provenance.ts
var MAX_DOCUMENTS = 10;
var MAX_BASES = 5;
function provenanceSection(provenance, options) {
  if (!provenance) return "";
  const lines = [`${options.heading} Provenance`, ""];
  if (provenance.unread !== void 0) {
    lines.push(`Not read: ${escapeInline(provenance.unread, { maxLength: 600 })}.`);
    return lines.join("\n");
  }
  if (provenance.documents.length === 0) {
    lines.push("No SLSA provenance is attached to the image.");
    return lines.join("\n");
  }
  const cell = (text) => text ? codeSpan(text, { inTable: true, maxLength: options.cell }) : "—";
  const signed = provenance.documents.some((document) => document.signature !== void 0);
  lines.push(...header(["Builder", "Source", "Build type", "Bases", ...signed ? ["Signature"] : [], "Read from"]));
  for (const document of provenance.documents.slice(0, MAX_DOCUMENTS)) {
    lines.push(
      row([
        document.builderId === "" ? "(none named)" : cell(document.builderId),
        sourceCell(document, cell),
        cell(document.buildType),
        basesCell(document, options.cell),
        ...signed ? [signatureCell(document, options.cell)] : [],
        cell(document.origin)
      ])
    );
  }
  const more = provenance.documents.length - MAX_DOCUMENTS;
  if (more > 0) lines.push("", `… and ${more} more provenance documents (all of them are in imagegate.json).`);
  return lines.join("\n");
}
function signatureCell(document, max) {
  const signature = document.signature;
  if (!signature) return "—";
  if (signature.status === "verified") return `✅ ${codeSpan(signature.signer, { inTable: true, maxLength: max })}`;
  return `❌ ${signature.status}: ${escapeInline(signature.reason, { maxLength: max })}`;
}
function sourceCell(document, cell) {
  const source = document.source;
  if (!source) return "—";
  const parts = [cell(source.repository)];
  if (source.ref) parts.push(`at ${cell(source.ref)}`);
  if (source.digest) parts.push(`(${cell(shortDigest(source.digest))})`);
  return parts.join(" ");
}
function basesCell(document, max) {
  if (document.bases.length === 0) return "—";
  const shown = document.bases.slice(0, MAX_BASES).map((base) => {
    const name = codeSpan(base.image ?? base.uri, { inTable: true, maxLength: max });
    return base.pinned && base.digest ? `✅ ${name} ${codeSpan(shortDigest(base.digest), { inTable: true })}` : `❌ ${name} (no digest)`;
  });
  const more = document.bases.length - MAX_BASES;
  return [...shown, ...more > 0 ? [`… ${more} more`] : []].join(", ");
}

// src/report/markdown-signatures.ts
function signaturesSection(signatures, heading2) {
  if (!signatures || signatures.rows.length === 0) return "";
  return [
    `${heading2} Signatures`,
    "",
    `Checked offline against ${escapeInline(signatures.trustRoot, { maxLength: 200 })}.`,
    "",
    ...header(["Image", "Where", "Result"]),
    ...signatures.rows.map(
      (entry) => row([
        codeSpan(entry.subject, { inTable: true, maxLength: 200 }),
        escapeInline(entry.where, { maxLength: 200 }),
        `${entry.verified ? "✅" : "❌"} ${escapeInline(entry.outcome, { maxLength: 300 })}`
      ])
    )
  ].join("\n");
}

// src/report/html-text.ts
var ZERO_WIDTH_SPACE = "&#8203;";
var ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
var REFERENCE_START = /[\p{L}\p{N}_"]/u;
var UNSAFE = /[&<>"']|[@!%~$](?=[\p{L}\p{N}_"])|#(?=\d)|\bGH-(?=\d)|:\/\/|\bwww\./giu;
function htmlText(text, maxLength) {
  let value = singleLine(text);
  if (maxLength !== void 0) value = truncate(value, maxLength);
  return value.replace(UNSAFE, (match, offset) => {
    const entity = ENTITIES[match];
    if (match === "&" && REFERENCE_START.test(value.charAt(offset + 1))) return `&amp;${ZERO_WIDTH_SPACE}`;
    if (entity) return entity;
    if (match === "://") return `:${ZERO_WIDTH_SPACE}//`;
    if (match.length === 4) return `${match.slice(0, 3)}${ZERO_WIDTH_SPACE}.`;
    return `${match}${ZERO_WIDTH_SPACE}`;
  });
}

// src/report/markdown-packages.ts
function packagesPart(active, result, settings) {
  const groups = groupByPackage(active, result).map((group) => ({
    group,
    blocking: countWhere(group.findings, settings.blocks),
    all: countWhere(group.findings, () => true)
  })).sort((a, b) => compareEffect(a.blocking, b.blocking) || compareEffect(a.all, b.all));
  const parts = [];
  let shownRows = 0;
  let shownGroups = 0;
  for (const { group, blocking } of groups) {
    if (shownRows >= settings.maxRows) break;
    const rows = group.findings.slice(0, settings.maxRows - shownRows);
    shownRows += rows.length;
    shownGroups += 1;
    const blockingCount = Object.values(blocking).reduce((sum, count2) => sum + count2, 0);
    parts.push(packageBlock(group, rows, blockingCount, settings));
  }
  const hiddenGroups = groups.slice(shownGroups);
  const hiddenFindings = groups.reduce((sum, { group }) => sum + group.findings.length, 0) - shownRows;
  if (hiddenFindings > 0) {
    const packages = hiddenGroups.length > 0 ? ` in ${hiddenGroups.length} more ${hiddenGroups.length === 1 ? "package" : "packages"}` : "";
    parts.push(
      `… and ${hiddenFindings} more ${hiddenFindings === 1 ? "vulnerability" : "vulnerabilities"}${packages} (all of them are in \`imagegate.json\`).`
    );
  }
  const intro = `**By package:** ${groups.length} ${groups.length === 1 ? "package" : "packages"}, the upgrades that fix most blocking findings first (🚫: blocks the gate).`;
  return [intro, ...parts].join("\n\n");
}
function packageBlock(group, rows, blockingCount, settings) {
  const counts = severityBreakdown(group.findings);
  const severities = SEVERITIES.filter((severity) => counts[severity].total > 0).map((severity) => {
    const unrated = counts[severity].unrated;
    return `${SEVERITY_ICON[severity]} ${counts[severity].total} ${severity}${unrated > 0 ? ` (${unrated} unrated)` : ""}`;
  });
  const fix = group.fixVersion ? ` → ${htmlText(group.fixVersion, 60)}` : " (no fix yet)";
  const unfixed = group.fixVersion && group.unfixed.length > 0 ? ` · ${group.unfixed.length} without a fix` : "";
  const place = group.pkgPath ? ` in ${htmlText(group.pkgPath, 80)}` : "";
  const summary = `${blockingCount > 0 ? `🚫 ${blockingCount} blocking · ` : ""}<code>${htmlText(group.pkgName, 60)}</code> ${htmlText(group.installedVersion, 60)}${fix} · ${severities.join(" · ")}${unfixed}${originText(group)}${place}`;
  const more = group.findings.length - rows.length;
  return [
    `<details><summary>${summary}</summary>`,
    "",
    ...header(["Severity", "Vulnerability", "Fixed in", "Title"]),
    ...rows.map((finding) => advisoryRow(finding, group, settings)),
    ...more > 0 ? ["", `… and ${more} more in this package.`] : [],
    "",
    "</details>"
  ].join("\n");
}
function originText(group) {
  const at = group.origin.kind === "unknown" ? void 0 : group.origin.location;
  const where = at ? ` ${htmlText(`${at.path}:${at.line}`, 120)}` : "";
  if (group.origin.kind === "base") return ` · base image${where ? ` (FROM at${where})` : ""}`;
  if (group.origin.kind === "instruction") return ` · installed at${where}`;
  return "";
}
function advisoryRow(finding, group, settings) {
  const p = vulnerabilityProperties(finding);
  const fix = group.fixOf.get(finding);
  const id = linked(codeSpan(ruleKey(finding.ruleId), { inTable: true, maxLength: 80 }), advisoryHref(p.primaryUrl)) + exploitPriorityText(finding);
  const status = p.status ? ` (${escapeInline(p.status, { maxLength: 40 })})` : "";
  return row([
    `${settings.blocks(finding) ? "🚫 " : ""}${severityLabel(finding)}`,
    id,
    fix ? codeSpan(fix, { inTable: true, maxLength: 60 }) : `_no fix_${status}`,
    p.title ? escapeInline(p.title, { maxLength: Math.min(settings.cell, 80) }) : "—"
  ]);
}

// src/report/markdown-scan.ts
function scanSection(scan, findings, settings) {
  if (!scan && findings.length === 0) return "";
  const vulnerabilities = findings.filter(isVulnerabilityFinding);
  const active = vulnerabilities.filter((finding) => !finding.suppressedBy).sort(byRelevance);
  const others = findings.filter((finding) => !isVulnerabilityFinding(finding) && !finding.suppressedBy);
  const parts = [
    `${settings.heading ?? "###"} Vulnerabilities`,
    scan ? scannerLine(scan, settings) : "",
    scan?.scanners ? scannersLine(scan.scanners) : "",
    scan?.binary ? binaryLine(scan.binary, settings) : "",
    scan?.cached ? cachedLine(scan.cached) : "",
    scan?.db ? dbAgeLine(scan.db) : "",
    countsLine(vulnerabilities),
    active.length > 0 ? packagesPart(active, settings.result, {
      cell: settings.cell,
      maxRows: settings.maxVulnerabilityRows,
      blocks: settings.blocks
    }) : "No active vulnerabilities after the policy’s filters.",
    otherTable(
      "Secrets",
      others.filter((finding) => finding.ruleId.startsWith("secret/")),
      settings
    ),
    otherTable(
      "Licenses",
      others.filter((finding) => finding.ruleId.startsWith("license/")),
      settings
    )
  ];
  return parts.filter((part) => part !== "").join("\n\n");
}
function scannerLine(scan, settings) {
  const scanner = `Trivy${scan.scanner.version ? ` ${escapeInline(scan.scanner.version, { maxLength: 40 })}` : ""}`;
  const found = [
    plural2(scan.vulnerabilities.length, "vulnerability record", "vulnerability records"),
    plural2(scan.secrets.length, "secret", "secrets"),
    plural2(scan.licenses.length, "license record", "license records")
  ];
  const db = scan.dbUpdatedAt ? `; vulnerability DB of ${escapeInline(scan.dbUpdatedAt, { maxLength: 40 })}` : "";
  return `${scanner} found ${found.slice(0, -1).join(", ")} and ${found.at(-1)} in ${codeSpan(scan.artifactName, { maxLength: settings.cell }) || "_the image_"} (before the policy’s filters${db}).`;
}
function scannersLine(scanners) {
  const described = scanners.map((scanner) => `${scanner.name} (${scanner.reason})`).join(", ");
  return `**Scanners:** ${escapeInline(described, { maxLength: 400 })}`;
}
function cachedLine(cached) {
  return `**Cached scan:** Trivy did not run; its results for this image, Trivy version and DB were saved ${escapeInline(cached.savedAt, { maxLength: 40 })} (${describeAge(cached.ageSeconds, { seconds: true })} ago; \`--no-scan-cache\` scans again).`;
}
function dbAgeLine(db) {
  const offline = db.offline ? " The run was offline: the cached DB was used whatever its age." : "";
  return `**Vulnerability DB:** updated ${escapeInline(db.updatedAt, { maxLength: 40 })} (${describeAge(db.ageSeconds)} old).${offline}`;
}
function binaryLine(binary, settings) {
  const warning = binary.verification === "trust-on-first-use" || binary.verification === "path-version-only";
  return `${warning ? "⚠️ " : ""}**Trivy binary:** ${codeSpan(binary.path, { maxLength: settings.cell })} (${escapeInline(binary.version, { maxLength: 40 })}), verified: ${describeVerification(binary.verification)}.`;
}
function countsLine(vulnerabilities) {
  const counts = severityBreakdown(vulnerabilities);
  const suppressed = vulnerabilities.filter((finding) => finding.suppressedBy).length;
  const parts = SEVERITIES.map((severity) => {
    const { total, unrated } = counts[severity];
    return `${SEVERITY_ICON[severity]} ${total} ${severity}${unrated > 0 ? ` (${unrated} unrated)` : ""}`;
  });
  return `**After filters:** ${parts.join(" · ")}${suppressed > 0 ? ` · ${suppressed} suppressed` : ""}`;
}
function otherTable(title, findings, settings) {
  if (findings.length === 0) return "";
  const sorted = [...findings].sort(byRelevance);
  const rows = sorted.slice(0, settings.maxOtherRows).map(
    (finding) => row([
      severityCell(finding.severity),
      messageCell(finding, settings.cell),
      locationCell(finding.location, settings.cell, settings.links ?? NO_LINKS)
    ])
  );
  return [
    `**${title}:** ${findings.length}`,
    "",
    ...header(["Severity", "Finding", "Location"]),
    ...rows,
    ...moreLine(findings.length - rows.length, title.toLowerCase())
  ].join("\n");
}
function plural2(count2, one, many) {
  return `${count2} ${count2 === 1 ? one : many}`;
}

// src/report/markdown.ts
var SUMMARY_FILE_NAME = "summary.md";
function marks(settings, depth) {
  return "#".repeat(Math.min(6, settings.level + depth));
}
var MAX_REFERENCE = 72;
function toMarkdownSummary(result, options = {}) {
  const settings = {
    title: options.title ?? "imagegate",
    resolveRule: options.resolveRule,
    maxFindingRows: options.maxFindingRows ?? 100,
    maxLayerRows: options.maxLayerRows ?? 100,
    maxWastedRows: options.maxWastedRows ?? 10,
    maxVulnerabilityRows: options.maxVulnerabilityRows ?? Number.POSITIVE_INFINITY,
    maxBaselineRows: options.maxBaselineRows ?? 25,
    cell: options.maxCellLength ?? 200,
    createdBy: options.maxCreatedByLength ?? 80,
    level: Math.min(5, Math.max(1, Math.trunc(options.headingLevel ?? 2))),
    links: options.links ?? NO_LINKS
  };
  const findings = [...result.findings].sort(bySeverity);
  const active = findings.filter((finding) => !finding.suppressedBy);
  const suppressed = findings.filter((finding) => finding.suppressedBy);
  const scanFindings = findings.filter(isScanFinding);
  const truncations = sarifTruncations(result, {
    category: options.sarifCategory ?? "",
    ...options.sarifLimits ? { limits: options.sarifLimits } : {}
  });
  const sections = [
    heading(result, settings),
    gateLine(result),
    platformsSection(result.platforms, marks(settings, 1)),
    warningsLine(result),
    blockingSection(result, {
      links: settings.links,
      cell: settings.cell,
      rest: "all of them are listed below"
    }),
    policyChangesSection(result, { heading: marks(settings, 2) }),
    baselineSection(result.baseline, {
      cell: settings.cell,
      maxRows: settings.maxBaselineRows,
      heading: marks(settings, 1),
      links: settings.links
    }),
    result.composeOnly ? composeOnlySection(settings) : imageFacts(result.image, settings),
    budgetsSection(result.budgets, marks(settings, 1)),
    provenanceSection(result.provenance, { heading: marks(settings, 1), cell: settings.cell }),
    signaturesSection(result.signatures, marks(settings, 1)),
    composeLine(result),
    kubernetesLine(result),
    findingsSection(
      active.filter((finding) => !isScanFinding(finding)),
      scanFindings.length > 0 || result.scan !== void 0,
      settings
    ),
    scanSection(result.scan, scanFindings, {
      cell: settings.cell,
      maxVulnerabilityRows: settings.maxVulnerabilityRows,
      maxOtherRows: settings.maxBaselineRows,
      heading: marks(settings, 1),
      links: settings.links,
      blocks: blockingTest(result),
      result
    }),
    ...truncations.map(truncationNote),
    suppressedSection(suppressed, settings),
    wastedFilesSection(result, { maxRows: settings.maxWastedRows, cell: settings.cell, heading: marks(settings, 1) }),
    layersSection(result, settings)
  ];
  return `${sections.filter((section) => section !== "").join("\n\n")}
`;
}
function composeLine(result) {
  const projects = result.compose?.projects ?? [];
  if (projects.length === 0) return "";
  const described = projects.map(
    (project) => `${project.files.map((file) => codeSpan(file, { maxLength: 120 })).join(" + ")} (${plural(project.services, "service")}, ${plural(project.mounts, "mount")})`
  );
  return `**Compose:** ${described.join("; ")}`;
}
function kubernetesLine(result) {
  const checked = result.kubernetes;
  if (!checked) return "";
  const files = checked.files.slice(0, 5).map((file) => codeSpan(file, { maxLength: 120 }));
  const more = checked.files.length > 5 ? ` and ${checked.files.length - 5} more` : "";
  return `**Kubernetes:** ${files.join(", ")}${more} (${plural(checked.workloads, "workload")}, ${plural(checked.containers, "container")}, ${plural(checked.mounts, "mount")})`;
}
function heading(result, settings) {
  const verdict = result.verdict === "pass" ? "✅ passed" : "❌ failed";
  const image = checkedLabel(result);
  return `${marks(settings, 0)} ${verdict}: ${escapeInline(settings.title, { maxLength: 80 })} · ${codeSpan(elideMiddle(image, MAX_REFERENCE))}`;
}
function gateLine(result) {
  const threshold = (failOn) => failOn === "never" ? "never" : `on \`${failOn}\`${failOn === "critical" ? "" : " or more severe"}`;
  const families = Object.entries(result.familyFailOn).filter((entry) => entry[1] !== void 0).map(([family, failOn]) => `${FAMILY_NAMES[family] ?? family} (\`${family}/\`) ${threshold(failOn)}`);
  const gate = (result.failOn === "never" ? "never fails (`failOn: never`)" : `fails ${threshold(result.failOn)}`) + (families.length > 0 ? `; ${families.join("; ")}` : "");
  const suppressed = result.suppressedCount > 0 ? ` · ${result.suppressedCount} suppressed` : "";
  return `**Gate:** ${gate}  
**Findings:** ${severityCountsLine(result.findings, result.counts)}${suppressed}`;
}
function warningsLine(result) {
  const warnings = result.warnings ?? [];
  return warnings.map((warning) => `⚠️ **Not checked:** ${escapeInline(warning, { maxLength: 600 })}`).join("  \n");
}
function truncationNote(truncation) {
  const run = truncation.run === "trivy" ? "Trivy run" : "imagegate run";
  const category = truncation.category ? `, category ${codeSpan(truncation.category, { maxLength: 200 })}` : "";
  return `> ⚠️ **Code scanning does not get every finding** (${run}${category}): ${describeTruncation(truncation)}. The most severe were kept; the gate and \`imagegate.json\` count all of them.`;
}
var FAMILY_NAMES = {
  vuln: "vulnerabilities",
  secret: "secrets",
  license: "licenses"
};
function composeOnlySection(settings) {
  return `${marks(settings, 1)} Image

_None: compose files only._ The compose rules ran on the files below; no image was read or scanned.`;
}
function imageFacts(image, settings) {
  const code = (text) => codeSpan(text, { maxLength: settings.cell });
  const platform = [image.platform.os, image.platform.architecture, image.platform.variant].filter(Boolean).join("/");
  const metadataOnly = image.history.filter((entry) => entry.emptyLayer).length;
  const facts = [
    ["Reference", image.reference ? code(elideMiddle(image.reference, MAX_REFERENCE)) : "_none_"],
    [image.digest ? "Digest" : "Image ID", code(shortDigest(image.digest ?? image.id))],
    ["Platform", code(platform)],
    ["Size", formatBytes(image.size)]
  ];
  if (image.compressedSize !== void 0) facts.push(["Compressed size", formatBytes(image.compressedSize)]);
  if (image.contents) facts.push(["Efficiency", efficiencyText(image.contents)]);
  facts.push(
    [
      "Layers",
      `${image.layers.length}${metadataOnly > 0 ? ` (+ ${plural(metadataOnly, "metadata-only history entry", "metadata-only history entries")})` : ""}`
    ],
    ["User", image.config.user === "" ? "_not set: runs as root_" : code(image.config.user)]
  );
  return [`${marks(settings, 1)} Image`, "", ...facts.map(([name, value]) => `- **${name}:** ${value}`)].join("\n");
}
function findingsSection(findings, scanned, settings) {
  if (findings.length === 0) {
    return `${marks(settings, 1)} Findings

No active ${scanned ? "image-policy findings; vulnerabilities are below" : "findings"}.`;
  }
  const rows = findings.slice(0, settings.maxFindingRows).map((finding) => {
    return [
      severityCell(finding.severity),
      ruleCell2(finding, settings),
      messageCell(finding, settings.cell),
      locationCell(finding.location, settings.cell, settings.links) + platformsSuffix(finding)
    ];
  });
  const everyLocation = findings.map(
    (finding) => locationCell(finding.location, settings.cell, settings.links) + platformsSuffix(finding)
  );
  const shared = sharedCell(
    everyLocation.map((cell) => [cell]),
    0
  );
  const columns = ["Severity", "Rule", "Message", "Location"];
  return [
    `${marks(settings, 1)} Findings`,
    "",
    ...shared === void 0 ? [] : [`Every finding is at ${shared}.`, ""],
    ...header(shared === void 0 ? columns : withoutColumn([columns], 3)[0]),
    ...(shared === void 0 ? rows : withoutColumn(rows, 3)).map(row),
    ...moreLine(findings.length - rows.length, "findings")
  ].join("\n");
}
function suppressedSection(findings, settings) {
  if (findings.length === 0) return "";
  const rows = findings.slice(0, settings.maxFindingRows).map(
    (finding) => row([
      severityLabel(finding),
      ruleCell2(finding, settings),
      messageCell(finding, settings.cell),
      locationCell(finding.location, settings.cell, settings.links),
      acceptedCell(finding, settings)
    ])
  );
  const label = plural(findings.length, "suppressed finding");
  return [
    `<details><summary>${label} (${findings.some((finding) => finding.suppressedBy?.by === "vex") ? "allowlisted or VEX" : "allowlisted"}; not counted by the gate)</summary>`,
    "",
    ...header(["Severity", "Rule", "Message", "Location", "Reason"]),
    ...rows,
    ...moreLine(findings.length - rows.length, "suppressed findings"),
    "",
    "</details>"
  ].join("\n");
}
function acceptedCell(finding, settings) {
  const reason = escapeInline(finding.suppressedBy?.reason ?? "", { maxLength: settings.cell }) || "—";
  if (finding.suppressedBy?.by === "vex") return `${vexLabel(finding.suppressedBy)}${reason}`;
  const expires = finding.suppressedBy?.expires;
  return expires ? `${reason} (until ${escapeInline(expires, { maxLength: 40 })})` : reason;
}
function vexLabel(suppression) {
  const parts = [suppression.author, suppression.timestamp?.slice(0, 10)].filter((part) => Boolean(part)).map((part) => escapeInline(part, { maxLength: 60 }));
  const justification = suppression.justification ? ` (${escapeInline(suppression.justification, { maxLength: 60 })})` : "";
  const status = escapeInline(suppression.status ?? "", { maxLength: 30 });
  return `VEX ${status}${justification}${parts.length > 0 ? `, ${parts.join(", ")}` : ""}: `;
}
function layersSection(result, settings) {
  const { image } = result;
  if (image.layers.length === 0) return "";
  const total = image.layers.reduce((sum, layer) => sum + layer.size, 0);
  const withCompressed = image.layers.some((layer) => layer.compressedSize !== void 0);
  const contents = image.contents?.layers;
  const paths = new Set(
    result.layerInstructions.filter((instruction) => instruction).map((instruction) => instruction.path)
  );
  const oneFile = paths.size === 1 ? [...paths][0] : void 0;
  const columns = [
    "#",
    "Size",
    ...withCompressed ? ["Compressed"] : [],
    "Share",
    ...contents ? ["Wasted later"] : [],
    oneFile === void 0 ? "Instruction" : "Line",
    "Created by"
  ];
  const rows = image.layers.slice(0, settings.maxLayerRows).map((layer, index) => {
    const instruction = result.layerInstructions[index];
    const entry = layer.historyIndex === void 0 ? void 0 : image.history[layer.historyIndex];
    const createdBy = entry ? displayCreatedBy(entry.createdBy) : "";
    return row([
      String(index + 1),
      formatBytes(layer.size),
      ...withCompressed ? [layer.compressedSize === void 0 ? "—" : formatBytes(layer.compressedSize)] : [],
      total > 0 ? `${(layer.size / total * 100).toFixed(1)}%` : "—",
      ...contents ? [wastedCell(contents[index]?.wastedBytes ?? 0)] : [],
      instruction ? linked(
        codeSpan(oneFile === void 0 ? `${instruction.path}:${instruction.line}` : String(instruction.line), {
          inTable: true,
          maxLength: settings.cell
        }),
        settings.links.source({ kind: "source", path: instruction.path, line: instruction.line })
      ) : "—",
      codeSpan(longWordsElided(createdBy), { inTable: true, maxLength: settings.createdBy }) || "—"
    ]);
  });
  return [
    `${marks(settings, 1)} Layers`,
    "",
    ...oneFile === void 0 ? [] : [`Lines of ${codeSpan(oneFile, { maxLength: settings.cell })}.`, ""],
    ...header(columns),
    ...rows,
    ...moreLine(image.layers.length - rows.length, "layers")
  ].join("\n");
}
function wastedCell(bytes) {
  return bytes > 0 ? formatBytes(bytes) : "—";
}
function ruleCell2(finding, settings) {
  const rule = describeRule(finding.ruleId, finding.severity, settings.resolveRule);
  const id = linked(codeSpan(finding.ruleId, { inTable: true, maxLength: 80 }), settings.links.rule(finding.ruleId));
  return rule.title === finding.ruleId ? id : `${escapeInline(rule.title, { maxLength: settings.cell })} (${id})`;
}
function longWordsElided(createdBy) {
  return createdBy.slice(0, 2e3).split(" ").map((word) => elideMiddle(word, 40)).join(" ");
}
function displayCreatedBy(createdBy) {
  return createdBy.trim().replace(/^\/bin\/sh -c #\(nop\)\s*/, "").replace(/^\/bin\/sh -c\s+/, "RUN ").replace(/\s*# buildkit$/, "");
}

export {
  baselineSection,
  GITHUB_SARIF_LIMITS,
  automationDetailsId,
  scanRunCategory,
  SARIF_SCHEMA_URI,
  SARIF_FILE_NAME,
  toSarif,
  SUMMARY_FILE_NAME,
  toMarkdownSummary,
  displayCreatedBy
};
//# sourceMappingURL=chunk-VN2WC5C3.js.map
