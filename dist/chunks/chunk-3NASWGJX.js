import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  NO_LINKS,
  SEVERITY_ICON,
  decideVerdict,
  header,
  linked,
  locationCell,
  messageCell,
  platformsSuffix,
  row,
  sharedCell,
  withoutColumn
} from "./chunk-ALVOWIAA.js";
import {
  codeSpan,
  escapeInline
} from "./chunk-SAYJQMG6.js";
import {
  isRuleId
} from "./chunk-YHFRDE34.js";
import {
  SEVERITIES,
  severityRank
} from "./chunk-OOOZQBDA.js";

// src/report/exploit-priority-text.ts
function exploitPriorityText(finding) {
  const bag = finding.properties ?? {};
  const parts = [];
  if (bag.kev === true) parts.push("**KEV**");
  const score = bag.epssScore;
  const percentile = bag.epssPercentile;
  if (typeof score === "number") {
    const rank = typeof percentile === "number" ? ` (percentile ${Math.floor(percentile * 100)}%)` : "";
    parts.push(`EPSS ${Number(score.toPrecision(2))}${rank}`);
  }
  if (finding.gate?.decision === "exempt" && finding.gate.until) {
    parts.push(`grace until ${escapeInline(finding.gate.until.slice(0, 10), { maxLength: 10 })}`);
  } else if (finding.gate?.decision === "exempt") {
    parts.push(`not gating: ${escapeInline(finding.gate.reason, { maxLength: 80 })}`);
  }
  return parts.length > 0 ? ` · ${parts.join(" · ")}` : "";
}
function byExploitPriority(a, b) {
  const kev = Number(b.properties?.kev === true) - Number(a.properties?.kev === true);
  if (kev !== 0) return kev;
  return epssOf(b) - epssOf(a);
}
function epssOf(finding) {
  const value = finding.properties?.epssScore;
  return typeof value === "number" && Number.isFinite(value) ? value : -1;
}

// src/report/scan-findings.ts
var SCAN_FAMILIES = /* @__PURE__ */ new Set(["vuln", "secret", "license"]);
function ruleFamily(ruleId) {
  const slash = ruleId.indexOf("/");
  return slash < 0 ? ruleId : ruleId.slice(0, slash);
}
function isScanFinding(finding) {
  return SCAN_FAMILIES.has(ruleFamily(finding.ruleId));
}
function isVulnerabilityFinding(finding) {
  return finding.ruleId.startsWith("vuln/");
}
function ruleKey(ruleId) {
  const slash = ruleId.indexOf("/");
  return slash < 0 ? ruleId : ruleId.slice(slash + 1);
}
function vulnerabilityProperties(finding) {
  const bag = finding.properties;
  const out = {};
  if (bag === void 0) return out;
  const { pkgName, pkgPath, installedVersion, fixedVersion, status, scannerSeverity, target, layerDiffId } = bag;
  const { primaryUrl, title } = bag;
  if (typeof pkgName === "string" && pkgName !== "") out.pkgName = pkgName;
  if (typeof pkgPath === "string" && pkgPath !== "") out.pkgPath = pkgPath;
  if (typeof installedVersion === "string" && installedVersion !== "") out.installedVersion = installedVersion;
  if (typeof fixedVersion === "string" && fixedVersion !== "") out.fixedVersion = fixedVersion;
  if (typeof status === "string" && status !== "") out.status = status;
  if (typeof scannerSeverity === "string" && scannerSeverity !== "") out.scannerSeverity = scannerSeverity;
  if (typeof target === "string" && target !== "") out.target = target;
  if (typeof layerDiffId === "string" && layerDiffId !== "") out.layerDiffId = layerDiffId;
  if (typeof primaryUrl === "string" && primaryUrl !== "") out.primaryUrl = primaryUrl;
  if (typeof title === "string" && title !== "") out.title = title;
  const score = cvssScoreOf(finding);
  if (score !== void 0) out.cvssScore = score;
  return out;
}
function cvssScoreOf(finding) {
  const value = finding.properties?.cvssScore;
  return typeof value === "number" && Number.isFinite(value) && value >= 0 && value <= 10 ? value : void 0;
}
function byRelevance(a, b) {
  const exploit = byExploitPriority(a, b);
  if (exploit !== 0) return exploit;
  const severity = severityRank(b.severity) - severityRank(a.severity);
  if (severity !== 0) return severity;
  const suppressed = Number(a.suppressedBy !== void 0) - Number(b.suppressedBy !== void 0);
  if (suppressed !== 0) return suppressed;
  return (cvssScoreOf(b) ?? -1) - (cvssScoreOf(a) ?? -1);
}
function safeHttpUrl(text) {
  if (text === void 0) return void 0;
  let url;
  try {
    url = new URL(text.trim());
  } catch {
    return void 0;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return void 0;
  if (url.username !== "" || url.password !== "") return void 0;
  const href = url.href.replaceAll("\\", "%5C");
  return /[\s<>]/.test(href) ? void 0 : href;
}

// src/report/markdown-policy-changes.ts
var MAX_TEXT = 200;
function policyChangesSection(result, options = {}) {
  const source = result.policySource;
  if (!source) return "";
  const escape = options.escape ?? escapeInline;
  const heading = `${options.heading ?? "####"} Policy changes`;
  const ref = codeSpan(shortRef(source.commit ?? source.ref ?? ""), { maxLength: 64 });
  if (source.origin !== "base") {
    const note = source.note ? escape(source.note, { maxLength: MAX_TEXT * 2 }) : "";
    return [
      heading,
      `⚠️ The base (${ref}) has no policy file, so this change's own policy decided. ${note}`.trimEnd()
    ].join("\n\n");
  }
  const changes = result.policyChanges ?? [];
  const relaxed = changes.filter((change) => change.kind === "relaxation");
  const tightened = changes.filter((change) => change.kind === "tightening");
  const decided = `The policy that decided is ${codeSpan(source.path ?? "", { maxLength: 120 })} at ${ref} (the base).`;
  const parts = [heading];
  if (changes.length === 0) {
    parts.push(`${decided} This change leaves it as it is.`);
  } else {
    parts.push(
      relaxed.length > 0 ? `${decided} ⚠️ This change **relaxes** it in ${relaxed.length} ${relaxed.length === 1 ? "place" : "places"}; the relaxations apply only once merged, so review them with the code:` : `${decided} This change only tightens it.`
    );
    const max = options.maxRelaxations ?? 50;
    const lines = relaxed.slice(0, max).map(
      (change) => `- ${codeSpan(change.key, { maxLength: 120 })}: ${escape(change.message, { maxLength: MAX_TEXT })}`
    );
    if (relaxed.length > max) lines.push(`- … and ${relaxed.length - max} more (policy.changes in imagegate.json)`);
    if (lines.length > 0) parts.push(lines.join("\n"));
    if (tightened.length > 0) {
      const brief = tightened.slice(0, 20).map((change) => `${codeSpan(change.key, { maxLength: 120 })} (${escape(change.message, { maxLength: 80 })})`);
      const more = tightened.length > 20 ? ` and ${tightened.length - 20} more` : "";
      parts.push(`Tightened: ${brief.join(", ")}${more}.`);
    }
  }
  if (result.headPolicy) {
    const head = result.headPolicy;
    const counts = SEVERITIES.map((severity) => `${SEVERITY_ICON[severity]} ${head.counts[severity]}`).join(" ");
    parts.push(
      `Under this change's policy the gate would have ${head.verdict === "pass" ? "✅ passed" : "❌ failed"} (fails on \`${head.failOn}\`; ${counts}); it did not decide.`
    );
  }
  return parts.join("\n\n");
}
function shortRef(ref) {
  return /^[0-9a-f]{40,64}$/.test(ref) ? ref.slice(0, 12) : ref;
}

// src/report/severity-counts.ts
function isUnrated(finding) {
  return isVulnerabilityFinding(finding) && finding.properties?.scannerSeverity === "UNKNOWN";
}
function severityBreakdown(findings) {
  const zero = () => ({ total: 0, vulnerabilities: 0, unrated: 0, policy: 0 });
  const counts = {
    critical: zero(),
    high: zero(),
    medium: zero(),
    low: zero(),
    info: zero()
  };
  for (const finding of findings) {
    if (finding.suppressedBy) continue;
    const entry = counts[finding.severity];
    entry.total += 1;
    if (isUnrated(finding)) entry.unrated += 1;
    else if (isVulnerabilityFinding(finding)) entry.vulnerabilities += 1;
    else entry.policy += 1;
  }
  return counts;
}
function severityCountText(severity, counts) {
  const parts = [];
  if (counts.vulnerabilities > 0) {
    parts.push(`${counts.vulnerabilities} ${counts.vulnerabilities === 1 ? "vulnerability" : "vulnerabilities"}`);
  }
  if (counts.unrated > 0) parts.push(`${counts.unrated} unrated`);
  if (counts.policy > 0) parts.push(`${counts.policy} policy`);
  const split = parts.length > 1 || counts.unrated > 0 ? ` (${parts.join(", ")})` : "";
  return `${SEVERITY_ICON[severity]} ${counts.total} ${severity}${split}`;
}
function severityCountsLine(findings, totals) {
  const counts = severityBreakdown(findings);
  return SEVERITIES.map(
    (severity) => severityCountText(severity, { ...counts[severity], total: totals?.[severity] ?? counts[severity].total })
  ).join(" · ");
}
function nonZeroCountsLine(findings) {
  const counts = severityBreakdown(findings);
  return SEVERITIES.filter((severity) => counts[severity].total > 0).map((severity) => severityCountText(severity, counts[severity])).join(" · ");
}

// src/report/blocking.ts
function blockingFindings(result) {
  const blocks = blockingTest(result);
  return result.findings.filter(blocks).sort(byRelevance);
}
function blockingTest(result) {
  return (finding) => !finding.suppressedBy && decideVerdict([finding], result.failOn, result.familyFailOn) === "fail";
}

// src/model/rule-fixes.ts
var RULE_FIXES = {
  "size/max": "make the image smaller (largest layers first)",
  "size/max-compressed": "make the image smaller (largest layers first)",
  "layers/max": "merge `RUN` instructions",
  "layers/max-layer-size": "shrink or split this layer",
  "layers/max-wasted": "remove files in the same `RUN` that creates them",
  "layers/min-efficiency": "remove files in the same `RUN` that creates them",
  "hygiene/package-cache": "clean the package cache in the same `RUN`",
  "hygiene/toolchain": "build in a separate stage and copy only the result",
  "hygiene/no-dockerignore": "add a `.dockerignore` beside the build context",
  "base/not-allowed": "use a base image that `base.allow` lists",
  "base/digest-required": "pin the base image by digest (`@sha256:…`)",
  "base/forbidden-tag": "use a version tag or a digest for the base image",
  "base/unverifiable": "name the base image so that it can be checked",
  "base/stale": "rebuild on the current base (`docker build --pull`) or update the pinned digest",
  "base/too-old": "move to a newer tag of the base image and rebuild",
  "user/root": "add `USER <uid>` (non-root)",
  "license/forbidden": "remove the package or replace it",
  "compose/writable-bind-mount": "add `:ro`",
  "compose/engine-socket": "remove the engine socket mount (or use a filtering proxy)",
  "compose/sensitive-host-path": "mount a narrower path, read-only",
  "compose/ineffective-mode": "write the mode as `:ro`",
  "compose/writable-volumes-from": "add `:ro` to `volumes_from`",
  "compose/writable-rootfs": "set `read_only: true`",
  "compose/privileged": "remove `privileged: true`",
  "compose/host-namespace": "remove the host namespace setting",
  "compose/dangerous-capability": "drop the capability from `cap_add`",
  "compose/unconfined-profile": "remove the `unconfined` security option",
  "compose/shared-propagation": "use the default propagation (`rprivate`)",
  "compose/secret-variable": "pass the credential as a compose `secret`",
  "compose/no-new-privileges": "add `security_opt: [no-new-privileges:true]`",
  "compose/memory-limit": "set `mem_limit` (or `deploy.resources.limits.memory`)",
  "compose/pids-limit": "set `pids_limit` (or `deploy.resources.limits.pids`)",
  "compose/privileged-port": "publish a host port of 1024 or above",
  "allow/expired": "renew the allowlist entry with a new reason and date, or remove it",
  "allow/unused": "remove the allowlist entry",
  "fs/setuid": "remove the setuid bit (`chmod u-s`) or the file",
  "fs/setgid": "remove the setgid bit (`chmod g-s`) or the file",
  "fs/world-writable": "give the path to its user with mode 755/644, or add the sticky bit",
  "fs/sudo": "remove `sudo` from the final image",
  "fs/sshd": "remove the SSH server from the image",
  "user/empty-password": "lock the account (`passwd -l`) or give it a `nologin` shell",
  "user/duplicate-root": "give the account its own non-zero uid",
  "user/duplicate-id": "give each account and group its own id",
  "user/unknown": "create the account in the image, or use a numeric `uid:gid`",
  "user/accounts-unchecked": "write the account files as plain files of `name:…` lines",
  "config/secret": "pass the secret at run time or with a build secret (`RUN --mount=type=secret`), and rotate it",
  "config/expose-ssh": "remove `EXPOSE 22`",
  "dockerfile/add-instead-of-copy": "use `COPY` (or `ADD --checksum=…` for a URL)",
  "dockerfile/pipe-to-shell": "download, verify the checksum, then run",
  "dockerfile/update-alone": "update and install in the same `RUN`",
  "dockerfile/upgrade": "use a newer base image instead of upgrading in the build",
  "dockerfile/no-healthcheck": "add a `HEALTHCHECK` (or `HEALTHCHECK NONE` on purpose)",
  "vex/unused": "remove the VEX statement, or correct its product",
  "provenance/missing": "build with `--provenance=mode=max` and push the image index",
  "provenance/untrusted-builder": "build on a builder listed in `provenance.builderIds`",
  "provenance/untrusted-source": "build from a repository and ref listed in `provenance.sources`",
  "provenance/unpinned-base": "pin the FROM by digest to an allowed base",
  "provenance/invalid-signature": "attest the provenance with a signer listed in `provenance.signers`",
  "signature/missing": "sign the image with a key or identity listed in `signatures`",
  "signature/invalid": "re-sign the image; the signature found does not verify",
  "signature/untrusted-signer": "sign with a signer listed in `signatures`, or add the signer to the policy",
  "k8s/engine-socket": "remove the engine socket `hostPath` (or use a filtering proxy)",
  "k8s/sensitive-host-path": "use a configMap, secret or persistent volume instead of the `hostPath`",
  "k8s/writable-host-path": "set `readOnly: true` on the volumeMount",
  "k8s/host-path-create": "use the exact `hostPath` type (`Directory`, `File`)",
  "k8s/host-path-subpath": "mount the `hostPath` directory itself, read-only",
  "k8s/writable-mount": "set `readOnly: true` on the volumeMount",
  "k8s/writable-rootfs": "set `readOnlyRootFilesystem: true`",
  "k8s/storage-limit": "set `sizeLimit` / `ephemeral-storage` limits",
  "k8s/privileged": "remove `privileged: true`",
  "k8s/privilege-escalation": "set `allowPrivilegeEscalation: false`",
  "k8s/host-namespace": "remove the host namespace setting",
  "k8s/dangerous-capability": "drop the capability from `capabilities.add`",
  "k8s/unconfined-profile": "use the `RuntimeDefault` profile",
  "k8s/service-account-token": "set `automountServiceAccountToken: false`",
  "k8s/host-path-volume": "replace the `hostPath` volume (configMap, secret, persistent volume)",
  "k8s/volume-type": "use a volume type `kubernetes.allowedVolumeTypes` lists",
  "k8s/host-port": "remove `hostPort` and expose the port with a Service",
  "k8s/run-as-root": "set `runAsNonRoot: true`",
  "compose/image-volume-anonymous": "mount a named volume or a tmpfs at the image's `VOLUME` path",
  "compose/image-runs-as-root": "set `user:` to a non-root uid, or a non-root `USER` in the image",
  "k8s/unsafe-sysctl": "remove the sysctl or set it on the node",
  "k8s/image-volume-unmounted": "mount a volume at the image's `VOLUME` path",
  "k8s/image-runs-as-root": "set `runAsNonRoot: true` and a `runAsUser`, or a non-root `USER` in the image",
  "scan/db-too-old": "bring a newer DB (`imagegate offline bundle`, then `--offline-bundle`), or run online"
};

// src/report/allow-snippet.ts
var REASON_PLACEHOLDER = "<why this is acceptable>";
var EXPIRES_PLACEHOLDER = "<YYYY-MM-DD>";
function allowSnippet(finding) {
  const entry = allowEntry(finding);
  if (!entry) return void 0;
  const [list, fields] = entry;
  const lines = ["allow:", `  ${list}:`];
  fields.forEach(([key, value], index) => {
    const prefix = index === 0 ? "    - " : "      ";
    lines.push(`${prefix}${key}: ${Array.isArray(value) ? `[${value.map(scalar).join(", ")}]` : scalar(value)}`);
  });
  lines.push(`      reason: "${REASON_PLACEHOLDER}"`, `      expires: "${EXPIRES_PLACEHOLDER}"`);
  return lines.join("\n");
}
function allowEntry(finding) {
  const text = (key) => {
    const value = finding.properties?.[key];
    return typeof value === "string" && value !== "" ? value : void 0;
  };
  if (finding.ruleId.startsWith("vuln/")) {
    const p = vulnerabilityProperties(finding);
    return ["vulnerabilities", [["id", ruleKey(finding.ruleId)], ...globField("packages", p.pkgName)]];
  }
  if (finding.ruleId.startsWith("secret/")) {
    return ["secrets", [["id", ruleKey(finding.ruleId)], ...globField("paths", text("target"))]];
  }
  if (finding.ruleId === "license/forbidden") {
    const license = text("license");
    return license ? ["licenses", [["id", license], ...globField("packages", text("pkgName"))]] : void 0;
  }
  if (finding.ruleId.startsWith("compose/")) {
    const service = text("service");
    if (!service || hasGlob(service)) return void 0;
    const target = text("target");
    return [
      "mounts",
      [
        ["service", service],
        ...target && !hasGlob(target) ? [["target", target]] : [],
        ["rule", finding.ruleId]
      ]
    ];
  }
  return void 0;
}
function globField(key, value) {
  return value === void 0 || hasGlob(value) ? [] : [[key, [value]]];
}
function hasGlob(value) {
  return /[*?[\]{}()!+@\\]/.test(value);
}
var YAML_WORDS = /* @__PURE__ */ new Set(["true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"]);
function scalar(value) {
  const plain = /^[A-Za-z/][A-Za-z0-9._/-]*$/.test(value) && value.length <= 200 && !YAML_WORDS.has(value.toLowerCase());
  if (plain) return value;
  let quoted = '"';
  for (const character of value) {
    const code = character.codePointAt(0) ?? 0;
    if (character === '"' || character === "\\") quoted += `\\${character}`;
    else if (code >= 32 && code < 127) quoted += character;
    else if (code <= 65535) quoted += `\\u${code.toString(16).padStart(4, "0")}`;
    else quoted += `\\U${code.toString(16).padStart(8, "0")}`;
  }
  return `${quoted}"`;
}

// src/report/version-compare.ts
function compareVersions(a, b) {
  const [epochA, restA] = splitEpoch(a.trim());
  const [epochB, restB] = splitEpoch(b.trim());
  if (epochA !== epochB) return epochA < epochB ? -1 : 1;
  return compareRest(withoutV(restA), withoutV(restB));
}
function fixVersionFor(installed, fixedVersions) {
  if (!fixedVersions) return void 0;
  let best;
  for (const raw of fixedVersions.split(",")) {
    const candidate = fixCandidate(raw);
    if (candidate === void 0) continue;
    if (installed !== "" && compareVersions(candidate, installed) <= 0) continue;
    if (best === void 0 || compareVersions(candidate, best) < 0) best = candidate;
  }
  return best;
}
function highestVersion(versions) {
  let highest;
  for (const version of versions) {
    if (highest === void 0 || compareVersions(version, highest) > 0) highest = version;
  }
  return highest;
}
function fixCandidate(raw) {
  let text = raw.trim();
  if (text.startsWith("<")) return void 0;
  if (text.startsWith(">=")) text = text.slice(2).trim();
  else if (text.startsWith("=")) text = text.slice(1).trim();
  return text === "" ? void 0 : text;
}
function splitEpoch(version) {
  const colon = version.indexOf(":");
  if (colon > 0) {
    const epoch = version.slice(0, colon);
    if (isAllDigits(epoch)) return [Number(epoch), version.slice(colon + 1)];
  }
  return [0, version];
}
function withoutV(version) {
  return (version.startsWith("v") || version.startsWith("V")) && isDigit(version.charCodeAt(1)) ? version.slice(1) : version;
}
function compareRest(a, b) {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while (i < a.length && !isDigit(a.charCodeAt(i)) || j < b.length && !isDigit(b.charCodeAt(j))) {
      const orderA = i < a.length && !isDigit(a.charCodeAt(i)) ? order(a.charCodeAt(i)) : 0;
      const orderB = j < b.length && !isDigit(b.charCodeAt(j)) ? order(b.charCodeAt(j)) : 0;
      if (orderA !== orderB) return orderA < orderB ? -1 : 1;
      i += 1;
      j += 1;
    }
    while (a.charCodeAt(i) === 48) i += 1;
    while (b.charCodeAt(j) === 48) j += 1;
    let firstDifference = 0;
    while (i < a.length && isDigit(a.charCodeAt(i)) && j < b.length && isDigit(b.charCodeAt(j))) {
      if (firstDifference === 0) firstDifference = a.charCodeAt(i) - b.charCodeAt(j);
      i += 1;
      j += 1;
    }
    if (i < a.length && isDigit(a.charCodeAt(i))) return 1;
    if (j < b.length && isDigit(b.charCodeAt(j))) return -1;
    if (firstDifference !== 0) return firstDifference < 0 ? -1 : 1;
  }
  return 0;
}
function order(code) {
  if (code === 126) return -1;
  if (code >= 65 && code <= 90 || code >= 97 && code <= 122) return code;
  return code + 256;
}
function isDigit(code) {
  return code >= 48 && code <= 57;
}
function isAllDigits(text) {
  for (let index = 0; index < text.length; index += 1) if (!isDigit(text.charCodeAt(index))) return false;
  return text.length > 0;
}

// src/report/package-groups.ts
function groupByPackage(findings, result) {
  const originOf = originFinder(result);
  const byName = /* @__PURE__ */ new Map();
  const groups = [];
  for (const finding of [...findings].filter(isVulnerabilityFinding).sort(byRelevance)) {
    const p = vulnerabilityProperties(finding);
    const pkgName = p.pkgName ?? "";
    const installedVersion = p.installedVersion ?? "";
    const place = p.pkgPath ?? p.target;
    let byVersion = byName.get(pkgName);
    if (!byVersion) byName.set(pkgName, byVersion = /* @__PURE__ */ new Map());
    let byPlace = byVersion.get(installedVersion);
    if (!byPlace) byVersion.set(installedVersion, byPlace = /* @__PURE__ */ new Map());
    let group = byPlace.get(place);
    if (!group) {
      group = {
        pkgName,
        installedVersion,
        ...place !== void 0 ? { place } : {},
        ...p.pkgPath !== void 0 ? { pkgPath: p.pkgPath } : {},
        findings: [],
        fixOf: /* @__PURE__ */ new Map(),
        unfixed: [],
        origin: originOf(p.layerDiffId)
      };
      byPlace.set(place, group);
      groups.push(group);
    }
    group.findings.push(finding);
    const fix = fixVersionFor(installedVersion, p.fixedVersion);
    if (fix === void 0) group.unfixed.push(finding);
    else group.fixOf.set(finding, fix);
  }
  for (const group of groups) {
    const fix = highestVersion(group.fixOf.values());
    if (fix !== void 0) group.fixVersion = fix;
  }
  return groups;
}
function countWhere(findings, test) {
  const counts = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const finding of findings) if (!finding.suppressedBy && test(finding)) counts[finding.severity] += 1;
  return counts;
}
function compareEffect(a, b) {
  for (const severity of SEVERITIES) if (a[severity] !== b[severity]) return b[severity] - a[severity];
  return 0;
}
function originFinder(result) {
  const indexByDiffId = /* @__PURE__ */ new Map();
  result.image.layers.forEach((layer, index) => {
    if (!indexByDiffId.has(layer.diffId)) indexByDiffId.set(layer.diffId, index);
  });
  return (layerDiffId) => {
    const index = layerDiffId === void 0 ? void 0 : indexByDiffId.get(layerDiffId);
    if (index === void 0) return { kind: "unknown" };
    const location = result.layerInstructions[index];
    const fromBase = result.layerFromBase?.[index];
    if (fromBase === true) return location ? { kind: "base", location } : { kind: "base" };
    if (location && fromBase === false) return { kind: "instruction", location };
    return { kind: "unknown" };
  };
}

// src/report/next-steps.ts
var SECRET_FIX = "remove the secret from the image and rotate it";
function nextSteps(result, blocking) {
  const isBlocking = new Set(blocking);
  const all = () => true;
  const totals = countWhere(blocking, all);
  const groups = groupByPackage(blocking.filter(isVulnerabilityFinding), result);
  const steps = [];
  for (const group of groups) {
    if (group.fixVersion === void 0) continue;
    steps.push({ kind: "upgrade", group, fixes: countWhere(group.findings, (f) => group.fixOf.has(f)) });
  }
  const byRule = /* @__PURE__ */ new Map();
  for (const finding of blocking) {
    if (isVulnerabilityFinding(finding)) continue;
    const key = ruleFamily(finding.ruleId) === "secret" ? "secret/*" : finding.ruleId;
    byRule.set(key, [...byRule.get(key) ?? [], finding]);
  }
  for (const [key, findings] of byRule) {
    const ruleId = findings[0]?.ruleId ?? key;
    const seen = /* @__PURE__ */ new Set();
    const locations = [];
    for (const finding of findings) {
      if (finding.location.kind !== "source") continue;
      const id = `${finding.location.path}\0${finding.location.line}`;
      if (!seen.has(id)) locations.push(finding.location);
      seen.add(id);
    }
    steps.push({
      kind: "rule",
      ruleId,
      fix: key === "secret/*" ? SECRET_FIX : isRuleId(ruleId) ? RULE_FIXES[ruleId] : void 0,
      locations,
      fixes: countWhere(findings, all)
    });
  }
  steps.sort((a, b) => compareEffect(a.fixes, b.fixes));
  const unfixedGroups = groups.filter((group) => group.unfixed.length > 0);
  const unfixed = {
    counts: countWhere(
      unfixedGroups.flatMap((group) => group.unfixed),
      (finding) => isBlocking.has(finding)
    ),
    groups: unfixedGroups
  };
  let accept;
  for (const finding of blocking) {
    const yaml = allowSnippet(finding);
    if (yaml !== void 0) {
      accept = { finding, yaml };
      break;
    }
  }
  const rules = [...new Set(blocking.map((finding) => finding.ruleId).filter(isRuleId))];
  return { steps, totals, unfixed, ...accept ? { accept } : {}, rules };
}

// src/report/markdown-fence.ts
function fenced(text, info = "text") {
  const longest = Math.max(0, ...Array.from(text.matchAll(/`+/g), (match) => match[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${info}
${text}
${fence}`;
}

// src/report/markdown-blocking.ts
function settingsOf(options) {
  return {
    links: options.links ?? NO_LINKS,
    escape: options.escape ?? escapeInline,
    message: options.message ?? messageCell,
    maxRows: options.maxRows ?? 10,
    maxSteps: options.maxSteps ?? 5,
    cell: options.cell ?? 200,
    rest: options.rest ?? "`imagegate.json` has all of them"
  };
}
function blockingSection(result, options = {}) {
  const settings = settingsOf(options);
  const blocking = blockingFindings(result);
  if (blocking.length === 0) return "";
  const shown = blocking.slice(0, settings.maxRows);
  const more = blocking.length - shown.length;
  return [
    `**Why the gate failed:** ${blocking.length} ${blocking.length === 1 ? "finding" : "findings"} at or above the threshold: ${nonZeroCountsLine(blocking)}`,
    findingsTable(shown, settings),
    ...more > 0 ? [`… and ${more} more blocking ${more === 1 ? "finding" : "findings"}: ${settings.rest}.`] : [],
    nextStepsPart(nextSteps(result, blocking), settings)
  ].join("\n\n");
}
function findingsTable(findings, options = {}, blocks) {
  const settings = settingsOf(options);
  const severity = (finding) => blocks?.(finding) ? `🚫 ${severityLabel(finding)}` : severityLabel(finding);
  const columns = ["Severity", "Rule or CVE", "Package → fix", "Finding", "Location"];
  const rows = findings.map((finding) => [
    severity(finding),
    ruleOrCve(finding, settings),
    packageCell(finding),
    findingCell(finding, settings),
    locationCell(finding.location, settings.cell, settings.links) + platformsSuffix(finding)
  ]);
  const shared = sharedCell(rows, 4);
  if (shared === void 0) return [...header(columns), ...rows.map(row)].join("\n");
  return [`All at ${shared}:`, "", ...header(columns.slice(0, 4)), ...withoutColumn(rows, 4).map(row)].join("\n");
}
function severityLabel(finding) {
  const icon = SEVERITY_ICON[finding.severity];
  return isUnrated(finding) ? `${icon} unrated (${finding.severity})` : `${icon} ${finding.severity}`;
}
function ruleOrCve(finding, settings) {
  const options = { inTable: true, maxLength: 80 };
  if (isVulnerabilityFinding(finding)) {
    return linked(
      codeSpan(ruleKey(finding.ruleId), options),
      advisoryHref(vulnerabilityProperties(finding).primaryUrl)
    );
  }
  return linked(codeSpan(finding.ruleId, options), settings.links.rule(finding.ruleId));
}
function advisoryHref(text) {
  if (text === void 0) return void 0;
  if (hrefs.has(text)) return hrefs.get(text);
  const href = parseAdvisoryHref(text);
  if (hrefs.size >= MAX_CACHED_HREFS) hrefs.clear();
  hrefs.set(text, href);
  return href;
}
var hrefs = /* @__PURE__ */ new Map();
var MAX_CACHED_HREFS = 1e4;
function parseAdvisoryHref(text) {
  let url;
  try {
    url = new URL(text.trim());
  } catch {
    return void 0;
  }
  if (url.protocol !== "https:" || url.username !== "" || url.password !== "") return void 0;
  const href = url.href.replaceAll("\\", "%5C");
  return /[\s<>]/.test(href) ? void 0 : href;
}
function packageCell(finding) {
  const code = (text) => codeSpan(text, { inTable: true, maxLength: 60 });
  if (isVulnerabilityFinding(finding)) {
    const p = vulnerabilityProperties(finding);
    if (!p.pkgName) return "—";
    const installed = p.installedVersion ? ` ${code(p.installedVersion)}` : "";
    const fix = fixVersionFor(p.installedVersion ?? "", p.fixedVersion);
    return `${code(p.pkgName)}${installed} → ${fix ? code(fix) : "_no fix yet_"}`;
  }
  const pkgName = finding.properties?.pkgName;
  return typeof pkgName === "string" && pkgName !== "" ? code(pkgName) : "—";
}
function findingCell(finding, settings) {
  if (isVulnerabilityFinding(finding)) {
    const title = vulnerabilityProperties(finding).title;
    const priority = exploitPriorityText(finding);
    if (title) return settings.escape(title, { maxLength: Math.min(settings.cell, 120) }) + priority;
    if (priority) return settings.message(finding, settings.cell) + priority;
  }
  return settings.message(finding, settings.cell);
}
function nextStepsPart(steps, options = {}) {
  const settings = settingsOf(options);
  const lines = ["**Next steps**", ""];
  const shown = steps.steps.slice(0, settings.maxSteps);
  shown.forEach((step, index) => lines.push(`${index + 1}. ${stepText(step, steps, settings)}`));
  const more = steps.steps.length - shown.length;
  if (more > 0)
    lines.push(`${shown.length + 1}. … and ${more} more ${more === 1 ? "fix" : "fixes"}: ${settings.rest}.`);
  const bullets = [];
  if (steps.unfixed.groups.length > 0) bullets.push(unfixedText(steps));
  const docs = steps.rules.flatMap((ruleId) => {
    const href = settings.links.rule(ruleId);
    return href ? [linked(codeSpan(ruleId), href)] : [];
  });
  if (docs.length > 0) bullets.push(`Rule docs: ${docs.join(", ")}.`);
  if (bullets.length > 0) lines.push(...shown.length > 0 ? [""] : [], ...bullets.map((bullet) => `- ${bullet}`));
  if (steps.accept) {
    const what = isVulnerabilityFinding(steps.accept.finding) ? codeSpan(ruleKey(steps.accept.finding.ruleId), { maxLength: 80 }) : codeSpan(steps.accept.finding.ruleId, { maxLength: 80 });
    lines.push(
      "",
      `To accept a finding instead (here ${what}), add this to the policy file with your reason and the last day it may apply:`,
      "",
      fenced(steps.accept.yaml, "yaml")
    );
  }
  return lines.join("\n");
}
function stepText(step, steps, settings) {
  const effect = `fixes ${effectText(step.fixes, steps.totals)}`;
  if (step.kind === "upgrade") return `${upgradeText(step.group, settings)}: ${effect}`;
  const rule = linked(codeSpan(step.ruleId, { maxLength: 80 }), settings.links.rule(step.ruleId));
  const where = placesText(step.locations, settings);
  const at = where ? ` at ${where}` : "";
  return step.fix === void 0 ? `fix ${rule}${at}: ${effect}` : `${step.fix}${at} (${rule}): ${effect}`;
}
function upgradeText(group, settings) {
  const code = (text) => codeSpan(text, { maxLength: 60 });
  const from = group.installedVersion ? ` ${code(group.installedVersion)}` : "";
  return `upgrade ${code(group.pkgName)}${from} → ${code(group.fixVersion ?? "")}${originText(group, settings)}`;
}
function originText(group, settings) {
  const at = (location) => location ? sourceText(location, settings) : void 0;
  const inPlace = group.pkgPath ? ` in ${codeSpan(group.pkgPath, { maxLength: 80 })}` : "";
  const origin = group.origin;
  if (origin.kind === "base") {
    const where = at(origin.location);
    return `${inPlace} (in the base image${where ? `, \`FROM\` at ${where}` : ""})`;
  }
  if (origin.kind === "instruction") return `${inPlace} (installed at ${at(origin.location)})`;
  return inPlace;
}
function unfixedText(steps) {
  const total = Object.values(steps.unfixed.counts).reduce((sum, count) => sum + count, 0);
  const names = steps.unfixed.groups.slice(0, 5).map((group) => codeSpan(group.pkgName, { maxLength: 60 }));
  const others = steps.unfixed.groups.length - names.length;
  return `${total} blocking ${total === 1 ? "vulnerability has" : "vulnerabilities have"} no fixed version yet (${names.join(", ")}${others > 0 ? ` and ${others} more ${others === 1 ? "package" : "packages"}` : ""}): remove or replace the package, or accept ${total === 1 ? "it" : "them"} in the allowlist.`;
}
function effectText(fixes, totals) {
  return Object.keys(fixes).filter((severity) => fixes[severity] > 0).map((severity) => `${fixes[severity]} of ${totals[severity]} ${severity}`).join(", ");
}
function placesText(locations, settings) {
  const shown = locations.slice(0, 3).map((location) => sourceText(location, settings));
  const more = locations.length - shown.length;
  return `${shown.join(", ")}${more > 0 ? ` and ${more} more` : ""}`;
}
function sourceText(location, settings) {
  return linked(codeSpan(`${location.path}:${location.line}`, { maxLength: 120 }), settings.links.source(location));
}

export {
  exploitPriorityText,
  ruleFamily,
  isScanFinding,
  isVulnerabilityFinding,
  ruleKey,
  vulnerabilityProperties,
  cvssScoreOf,
  byRelevance,
  safeHttpUrl,
  policyChangesSection,
  severityBreakdown,
  severityCountsLine,
  blockingFindings,
  blockingTest,
  groupByPackage,
  countWhere,
  compareEffect,
  nextSteps,
  blockingSection,
  findingsTable,
  severityLabel,
  advisoryHref,
  nextStepsPart
};
//# sourceMappingURL=chunk-3NASWGJX.js.map
