import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  gitLabReportLinks
} from "./chunk-X42ZBESX.js";
import {
  writeJson
} from "./chunk-34FQDPIX.js";
import {
  blockingFindings,
  byRelevance,
  findingsTable,
  isVulnerabilityFinding,
  nextSteps,
  nextStepsPart,
  policyChangesSection,
  ruleFamily,
  ruleKey,
  safeHttpUrl,
  severityCountsLine,
  vulnerabilityProperties
} from "./chunk-3NASWGJX.js";
import {
  BodyError,
  readBodyPrefix,
  readCappedBody
} from "./chunk-VVMJR22K.js";
import "./chunk-WF3FNKQG.js";
import {
  NO_LINKS,
  budgetsTable,
  checkedLabel,
  decideVerdict,
  linked,
  platformsSection
} from "./chunk-ALVOWIAA.js";
import {
  codeSpan,
  escapeInline,
  singleLine,
  truncate
} from "./chunk-SAYJQMG6.js";
import {
  AtomicFileSet
} from "./chunk-7GNNRPV6.js";
import {
  AgentPool,
  Deadline,
  DeadlineError,
  GITLAB_RETRY,
  RedirectError,
  networkRetryDelay,
  nextRetryStep,
  retryDecision,
  sendHttp
} from "./chunk-7DMJUEWI.js";
import "./chunk-DRWF5HZX.js";
import "./chunk-YHFRDE34.js";
import "./chunk-2SIDVBE2.js";
import {
  fingerprintOf
} from "./chunk-OOOZQBDA.js";
import "./chunk-MYVX7FUX.js";
import {
  ToolError
} from "./chunk-BRI3MEVE.js";
import "./chunk-GVHAVQQT.js";

// src/report/gitlab-markdown.ts
var ZERO_WIDTH_SPACE = "&#8203;";
var REFERENCE_SIGIL = /(!|%|\\~|&amp;|\\\$|\\\[)(?=[\p{L}\p{N}_"])/gu;
function escapeGitLabInline(text, options = {}) {
  return escapeInline(text, options).replace(REFERENCE_SIGIL, (sigil) => `${sigil}${ZERO_WIDTH_SPACE}`);
}
function gitlabInlineFromMarkdown(markdown) {
  let out = "";
  let plain = "";
  const flush = () => {
    out += plain.replace(REFERENCE_SIGIL, (sigil) => `${sigil}${ZERO_WIDTH_SPACE}`);
    plain = "";
  };
  let index = 0;
  while (index < markdown.length) {
    const char = markdown[index];
    if (char === "\\") {
      plain += markdown.slice(index, index + 2);
      index += 2;
      continue;
    }
    if (char !== "`") {
      plain += char;
      index += 1;
      continue;
    }
    let run = index;
    while (markdown[run] === "`") run += 1;
    const fence = markdown.slice(index, run);
    const close = closingFence(markdown, run, fence.length);
    if (close === -1) {
      plain += fence;
      index = run;
      continue;
    }
    flush();
    out += markdown.slice(index, close + fence.length);
    index = close + fence.length;
  }
  flush();
  return out;
}
function closingFence(text, from, length) {
  let at = text.indexOf("`", from);
  while (at !== -1) {
    let end = at;
    while (text[end] === "`") end += 1;
    if (end - at === length) return at;
    at = text.indexOf("`", end);
  }
  return -1;
}

// src/report/gitlab-note.ts
function gitlabNoteMarker(noteKey) {
  return `<!-- imagegate:mr-note ${fingerprintOf("gitlab-mr-note", noteKey)} -->`;
}
var MAX_CELL = 200;
var MAX_NOTE = 6e4;
function toGitLabNote(result, options) {
  const maxRows = options.maxRows ?? 10;
  const gitlabBlocking = {
    links: options.links ?? NO_LINKS,
    escape: escapeGitLabInline,
    message: (finding, maxLength) => messageCellForGitLab(finding, maxLength),
    cell: MAX_CELL,
    rest: "the job artifacts have all of them in `imagegate.json`"
  };
  const active = result.findings.filter((finding) => !finding.suppressedBy);
  const blocking = (finding) => decideVerdict([finding], result.failOn, result.familyFailOn) === "fail";
  const ordered = [...active].sort((a, b) => Number(blocking(b)) - Number(blocking(a)) || byRelevance(a, b));
  const image = checkedLabel(result);
  const icon = result.verdict === "pass" ? "✅" : "❌";
  const lines = [
    gitlabNoteMarker(options.noteKey),
    `### ${icon} imagegate ${result.verdict === "pass" ? "passed" : "failed"}: ${codeSpan(image, { maxLength: 200 }) || "image"}`,
    "",
    `**Gate:** ${thresholds(result)} · **Findings:** ${counts(result)}`,
    ""
  ];
  const policyChanges = policyChangesSection(result, { escape: escapeGitLabInline, maxRelaxations: 25 });
  if (policyChanges) lines.push(policyChanges, "");
  if (ordered.length === 0) {
    lines.push("No findings.");
  } else {
    lines.push(findingsTable(ordered.slice(0, maxRows), gitlabBlocking, blocking));
    const more = ordered.length - Math.min(ordered.length, maxRows);
    if (more > 0) {
      lines.push(
        "",
        `… and ${more} more: the pipeline's test report, Code Quality and security widgets list them all, and \`imagegate.json\` in the job artifacts has every detail.`
      );
    }
    lines.push("", "🚫 blocks the gate; other findings are below its threshold.");
    const blockers = blockingFindings(result);
    if (blockers.length > 0) lines.push("", nextStepsPart(nextSteps(result, blockers), gitlabBlocking));
  }
  const platforms = platformsSection(result.platforms, "####");
  if (platforms) lines.push("", platforms);
  const budgets = budgetsTable(result.budgets ?? []);
  if (budgets) lines.push("", budgets);
  lines.push("", footer(options));
  const note = lines.join("\n");
  return note.length > MAX_NOTE ? `${truncate(note, MAX_NOTE - 2)}
` : `${note}
`;
}
function messageCellForGitLab(finding, maxLength) {
  return finding.messageMarkdown !== void 0 ? gitlabInlineFromMarkdown(finding.messageMarkdown) : escapeGitLabInline(finding.message, { maxLength });
}
function thresholds(result) {
  const families = Object.entries(result.familyFailOn).filter(([, threshold]) => threshold !== void 0).map(([family, threshold]) => `${family}: ${codeSpan(String(threshold))}`);
  return `fail-on ${codeSpan(result.failOn)}${families.length > 0 ? ` (${families.join(", ")})` : ""}`;
}
function counts(result) {
  const parts = [severityCountsLine(result.findings, result.counts)];
  const byVex = result.findings.filter((finding) => finding.suppressedBy?.by === "vex").length;
  const byAllowlist = result.suppressedCount - byVex;
  if (byAllowlist > 0) parts.push(`${byAllowlist} accepted by the allowlist`);
  if (byVex > 0) parts.push(`${byVex} suppressed by VEX`);
  return parts.join(" · ");
}
function footer(options) {
  const parts = [`imagegate ${codeSpan(options.toolVersion, { maxLength: 40 })}`];
  const commit = options.commit?.trim();
  if (commit) parts.push(`commit ${codeSpan(commit, { maxLength: 40 })}`);
  const url = jobUrl(options.jobUrl);
  if (url) parts.push(`[job log](${url})`);
  else if (options.links?.run) parts.push(linked("job log", options.links.run));
  if (options.links?.artifact) parts.push(linked("artifacts", options.links.artifact));
  return `_${parts.join(" · ")}_`;
}
function jobUrl(text) {
  if (!text) return void 0;
  try {
    const url = new URL(text.trim());
    if (url.protocol !== "https:" && url.protocol !== "http:") return void 0;
    return /[\s()<>]/.test(url.href) ? void 0 : url.href;
  } catch {
    return void 0;
  }
}

// src/gitlab/gitlab-client.ts
var DEFAULT_RETRY = GITLAB_RETRY;
var GitLabApiError = class extends Error {
  status;
  constructor(message, status, options) {
    super(message, options);
    this.name = "GitLabApiError";
    this.status = status;
  }
};
var DEFAULT_TIMEOUT_MS = 3e4;
var DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
var ERROR_BODY_BYTES = 64 * 1024;
var GitLabClient = class {
  constructor(options) {
    this.options = options;
    this.base = options.apiUrl.replace(/\/+$/, "");
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }
  options;
  base;
  retry;
  sleep;
  agents = new AgentPool(false);
  /** `path` starts with `/` and is relative to the API base; 2xx gives the parsed JSON body, anything else throws. */
  async request(method, path4, body) {
    const what = `${method} ${path4.split("?")[0]}`;
    const url = `${this.base}${path4}`;
    const command = `${method} ${url.split("?")[0]}`;
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const payload = body !== void 0 ? JSON.stringify(body) : void 0;
    for (let attempt = 1; ; attempt += 1) {
      const deadline = new Deadline(timeoutMs);
      try {
        let answer;
        try {
          answer = await sendHttp(
            {
              method,
              url,
              headers: {
                "private-token": this.options.token,
                accept: "application/json",
                "user-agent": this.options.userAgent,
                ...payload !== void 0 ? { "content-type": "application/json" } : {}
              },
              ...payload !== void 0 ? { body: payload } : {}
            },
            { agents: this.agents, deadline, idleTimeoutMs: timeoutMs }
          );
        } catch (error) {
          if (error instanceof RedirectError || error instanceof DeadlineError || deadline.expired) {
            throw new ToolError(`GitLab API ${what}: ${reasonOf(error, deadline)}`, { command }, { cause: error });
          }
          const reason = networkReason(error);
          const delay = networkRetryDelay(attempt, this.retry);
          if (delay !== void 0) {
            await this.sleep(delay);
            continue;
          }
          throw new GitLabApiError(`${what}: ${reason} (after ${attempt} attempts)`, void 0, { cause: error });
        }
        const { message } = answer;
        const status = message.statusCode ?? 0;
        if (status >= 200 && status < 300) {
          let bytes;
          try {
            bytes = await readCappedBody(message, this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
          } catch (error) {
            throw new ToolError(
              `GitLab API ${what}: HTTP ${status}, but ${reasonOf(error, deadline)}`,
              { command },
              { cause: error }
            );
          }
          return { status, headers: message.headers, body: parseSuccess(bytes, `GitLab API ${what}`, status, command) };
        }
        const text = (await readBodyPrefix(message, ERROR_BODY_BYTES)).toString("utf8");
        const decision = retryDecision(status, message.headers, Date.now(), this.retry);
        const retryable = decision.retry;
        const step = nextRetryStep(attempt, decision, this.retry);
        if (step.kind === "wait") {
          await this.sleep(step.ms);
          continue;
        }
        const tries = retryable ? ` (after ${attempt} attempt${attempt === 1 ? "" : "s"})` : "";
        throw new GitLabApiError(`${what}: HTTP ${status}${gitlabMessage(text)}${tries}`, status);
      } finally {
        deadline.end();
      }
    }
  }
};
function parseJson(text) {
  if (text.trim() === "") return void 0;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
function parseSuccess(bytes, what, status, command) {
  const text = bytes.toString("utf8");
  if (text.trim() === "") return void 0;
  try {
    return JSON.parse(text);
  } catch {
    throw new ToolError(`${what}: HTTP ${status}, but the answer is not JSON (${bytes.length} bytes)`, { command });
  }
}
function reasonOf(error, deadline) {
  if (deadline.expired) return new DeadlineError(deadline.ms).message;
  if (error instanceof BodyError)
    return error.problem === "too-large" ? error.message : `the body was cut: ${error.message}`;
  return error.message;
}
function gitlabMessage(text) {
  const body = parseJson(text);
  let message;
  if (body && typeof body === "object") {
    const record = body;
    message = record.message ?? record.error;
  }
  if (message === void 0) return "";
  const flat = (typeof message === "string" ? message : JSON.stringify(message)).replace(/\s+/g, " ").trim();
  return flat ? `: ${flat.slice(0, 200)}` : "";
}
function networkReason(error) {
  const record = typeof error === "object" && error !== null ? error : {};
  if (record.name === "TimeoutError" || record.name === "AbortError") return "timed out";
  const reason = record.code ?? record.cause?.code ?? record.cause?.message ?? record.message;
  return typeof reason === "string" && reason !== "" ? reason : String(error);
}

// src/gitlab/mr-note.ts
var PER_PAGE = 100;
var MAX_PAGES = 50;
async function upsertMergeRequestNote(client, target, body, marker) {
  const notesPath = `/projects/${encodeURIComponent(target.projectId)}/merge_requests/${encodeURIComponent(target.mergeRequestIid)}/notes`;
  const me = await currentUserId(client);
  const existing = await findNote(client, notesPath, marker, me);
  if (existing) {
    try {
      const updated = await client.request("PUT", `${notesPath}/${existing.id}`, { body });
      noteIdOf(updated, `PUT ${notesPath}/${existing.id}`);
      return { action: "updated", noteId: existing.id };
    } catch (error) {
      if (!(error instanceof GitLabApiError) || error.status !== 403 && error.status !== 404) throw error;
    }
  }
  const created = await client.request("POST", notesPath, { body });
  return { action: "created", noteId: noteIdOf(created, `POST ${notesPath}`) };
}
function noteIdOf(response, command) {
  const id = response.body?.id;
  if (typeof id === "number") return id;
  throw new ToolError(`GitLab API ${command}: HTTP ${response.status}, but the answer names no note`, { command });
}
async function currentUserId(client) {
  try {
    const { body } = await client.request("GET", "/user");
    const id = body?.id;
    return typeof id === "number" ? id : void 0;
  } catch (error) {
    if (error instanceof GitLabApiError && error.status !== void 0 && error.status < 500) return void 0;
    throw error;
  }
}
async function findNote(client, notesPath, marker, me) {
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const response = await client.request(
      "GET",
      `${notesPath}?sort=desc&order_by=updated_at&per_page=${PER_PAGE}&page=${page}`
    );
    const notes = Array.isArray(response.body) ? response.body.map(toNote) : [];
    const found = notes.find(
      (note) => note && !note.system && note.body.includes(marker) && (me === void 0 || note.authorId === me)
    );
    if (found) return found;
    const header = response.headers["x-next-page"];
    const next = (Array.isArray(header) ? header[0] : header)?.trim();
    if (!next || notes.length === 0) return void 0;
  }
  return void 0;
}
function toNote(value) {
  if (!value || typeof value !== "object") return void 0;
  const record = value;
  if (typeof record.id !== "number" || typeof record.body !== "string") return void 0;
  const author = record.author;
  return {
    id: record.id,
    body: record.body,
    system: record.system === true,
    authorId: typeof author?.id === "number" ? author.id : void 0
  };
}

// src/gitlab/write-gitlab-reports.ts
import { mkdir, rm as rm2 } from "node:fs/promises";
import path3 from "node:path";

// src/report/gitlab-code-quality.ts
import path from "node:path";
var CODE_QUALITY_FILE_NAME = "gl-code-quality-report.json";
var SEVERITY = {
  critical: "blocker",
  high: "critical",
  medium: "major",
  low: "minor",
  info: "info"
};
var CATEGORIES = {
  size: ["Performance"],
  layers: ["Performance"],
  allow: ["Clarity"]
};
var MAX_DESCRIPTION = 1e3;
function toCodeQualityReport(result) {
  const issues = [];
  const seen = /* @__PURE__ */ new Set();
  for (const finding of result.findings) {
    if (finding.suppressedBy || isVulnerabilityFinding(finding)) continue;
    const place = placeOf(finding, result.dockerfile);
    if (!place || seen.has(finding.fingerprint)) continue;
    seen.add(finding.fingerprint);
    issues.push({
      type: "issue",
      check_name: finding.ruleId,
      description: truncate(singleLine(finding.message).trim() || finding.ruleId, MAX_DESCRIPTION),
      categories: CATEGORIES[ruleFamily(finding.ruleId)] ?? ["Security"],
      severity: SEVERITY[finding.severity],
      fingerprint: finding.fingerprint,
      location: { path: place.path, lines: { begin: place.line } }
    });
  }
  return issues;
}
function placeOf(finding, dockerfile) {
  const location = finding.location;
  if (location.kind === "source") {
    if (!inRepository(location.path)) return void 0;
    return { path: location.path, line: Math.max(1, Math.trunc(location.line) || 1) };
  }
  return dockerfile && inRepository(dockerfile) ? { path: dockerfile, line: 1 } : void 0;
}
function inRepository(file) {
  return file !== "" && !path.posix.isAbsolute(file) && !path.win32.isAbsolute(file) && !file.startsWith("../");
}

// src/report/gitlab-container-scanning.ts
var CONTAINER_SCANNING_FILE_NAME = "gl-container-scanning-report.json";
var CONTAINER_SCANNING_SCHEMA_VERSION = "15.2.1";
var SEVERITY2 = {
  critical: "Critical",
  high: "High",
  medium: "Medium",
  low: "Low",
  info: "Info"
};
var MAX_NAME = 255;
var MAX_DESCRIPTION2 = 4e3;
var MAX_SOLUTION = 1e3;
var MAX_LINKS = 10;
var MAX_VECTORS = 10;
function toContainerScanningReport(result, options) {
  const scan = result.scan;
  if (!scan) return void 0;
  const advisories = /* @__PURE__ */ new Map();
  for (const vulnerability of scan.vulnerabilities) {
    if (!advisories.has(vulnerability.id)) advisories.set(vulnerability.id, vulnerability.advisory);
  }
  const image = result.image.reference || scan.artifactName || result.image.id || "unknown image";
  const operatingSystem = scan.os && scan.os.family ? `${scan.os.family} ${scan.os.name}`.trim() : void 0;
  const vulnerabilityFindings = result.findings.filter(isVulnerabilityFinding);
  const active = vulnerabilityFindings.filter((finding) => !finding.suppressedBy);
  const accepted = vulnerabilityFindings.length - active.length;
  const seen = /* @__PURE__ */ new Set();
  const vulnerabilities = [];
  for (const finding of active) {
    const id = vulnerabilityUuid(finding.fingerprint);
    if (seen.has(id)) continue;
    seen.add(id);
    vulnerabilities.push(
      toVulnerability(finding, id, advisories.get(ruleKey(finding.ruleId)), { image, operatingSystem })
    );
  }
  return {
    version: CONTAINER_SCANNING_SCHEMA_VERSION,
    scan: {
      analyzer: {
        id: "imagegate",
        name: "imagegate",
        version: options.toolVersion || "unknown",
        vendor: { name: "imagegate" }
      },
      scanner: {
        id: "trivy",
        name: "Trivy",
        version: scan.scanner.version || "unknown",
        vendor: { name: "Aqua Security" },
        url: "https://github.com/aquasecurity/trivy"
      },
      type: "container_scanning",
      start_time: gitlabTime(result.startedAt),
      end_time: gitlabTime(result.finishedAt),
      status: "success",
      ...accepted > 0 ? {
        messages: [
          {
            level: "info",
            value: `${accepted} vulnerability finding(s) accepted by the imagegate allowlist (allow.vulnerabilities) or VEX are not in this report; imagegate.json lists them with their reasons.`
          }
        ]
      } : {}
    },
    vulnerabilities
  };
}
function toVulnerability(finding, id, advisory, context) {
  const vulnerabilityId = ruleKey(finding.ruleId);
  const properties = vulnerabilityProperties(finding);
  const title = properties.title ?? advisory?.title;
  const links = uniqueLinks([properties.primaryUrl, ...advisory?.references ?? []]);
  const vectors = cvssVectors(advisory?.cvss ?? []);
  return {
    id,
    name: truncate(singleLine(title || vulnerabilityId), MAX_NAME),
    description: describe(finding, advisory),
    severity: SEVERITY2[finding.severity],
    solution: solution(properties.pkgName, properties.fixedVersion, properties.status),
    identifiers: identifiers(vulnerabilityId, properties.primaryUrl, advisory?.cweIds ?? []),
    ...vectors.length > 0 ? { cvss_vectors: vectors } : {},
    ...links.length > 0 ? { links: links.map((url) => ({ url })) } : {},
    location: {
      dependency: {
        package: { name: properties.pkgName ?? vulnerabilityId },
        version: properties.installedVersion ?? ""
      },
      operating_system: context.operatingSystem || osFromTarget(properties.target) || "unknown",
      image: context.image
    }
  };
}
function vulnerabilityUuid(fingerprint) {
  const hex = fingerprint.toLowerCase().replace(/[^0-9a-f]/g, "").padEnd(32, "0").slice(0, 32);
  const variant = (parseInt(hex[16] ?? "0", 16) & 3 | 8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
function gitlabTime(iso) {
  const date = new Date(iso);
  return (Number.isNaN(date.getTime()) ? /* @__PURE__ */ new Date(0) : date).toISOString().slice(0, 19);
}
function identifiers(id, primaryUrl, cweIds) {
  const url = identifierUrl(id) ?? safeHttpUrl(primaryUrl);
  const list = [
    { type: identifierType(id), name: id, value: id, ...url ? { url } : {} }
  ];
  for (const cwe of new Set(cweIds)) {
    const number = /^CWE-(\d{1,6})$/i.exec(cwe.trim())?.[1];
    if (!number) continue;
    list.push({
      type: "cwe",
      name: `CWE-${number}`,
      value: number,
      url: `https://cwe.mitre.org/data/definitions/${number}.html`
    });
  }
  return list;
}
function identifierType(id) {
  if (/^CVE-\d{4}-\d+$/i.test(id)) return "cve";
  if (/^GHSA(-[0-9a-z]{4}){3}$/i.test(id)) return "ghsa";
  const prefix = /^([A-Za-z][A-Za-z0-9]*)[-:]/.exec(id)?.[1];
  return prefix ? prefix.toLowerCase() : "trivy";
}
function identifierUrl(id) {
  if (/^CVE-\d{4}-\d+$/i.test(id)) return `https://nvd.nist.gov/vuln/detail/${id.toUpperCase()}`;
  if (/^GHSA(-[0-9a-z]{4}){3}$/i.test(id)) return `https://github.com/advisories/${id}`;
  return void 0;
}
function describe(finding, advisory) {
  const text = advisory?.description || advisory?.title || finding.message;
  const parts = [escapeGitLabInline(text, { maxLength: MAX_DESCRIPTION2 })];
  const { pkgPath } = vulnerabilityProperties(finding);
  if (pkgPath) parts.push(`Package path: ${codeSpan(pkgPath, { maxLength: 300 })}.`);
  const location = finding.location;
  if (location.kind === "source") {
    parts.push(`imagegate locates it at ${codeSpan(`${location.path}:${location.line}`, { maxLength: 300 })}.`);
  } else if (location.layer) {
    parts.push(`imagegate found it in layer ${codeSpan(location.layer, { maxLength: 100 })}.`);
  }
  return parts.join("\n\n");
}
function solution(pkgName, fixedVersion, status) {
  const name = pkgName ? codeSpan(pkgName, { maxLength: 200 }) : "the package";
  if (fixedVersion) {
    return truncate(`Upgrade ${name} to ${codeSpan(fixedVersion, { maxLength: 200 })} or later.`, MAX_SOLUTION);
  }
  const why = status === "will_not_fix" ? "the vendor will not fix it" : status === "end_of_life" ? "the distribution version is end of life" : "no fixed version is known yet";
  return `No upgrade available (${why}). Remove ${name} if the image does not need it, or accept the risk in the imagegate policy (allow.vulnerabilities) with a reason and an expiry.`;
}
function uniqueLinks(candidates) {
  const links = /* @__PURE__ */ new Set();
  for (const candidate of candidates) {
    const url = safeHttpUrl(candidate);
    if (url) links.add(url);
    if (links.size === MAX_LINKS) break;
  }
  return [...links];
}
var CVSS3_METRIC = "(?:AV:[NALP]|AC:[LH]|PR:[NLH]|UI:[NR]|S:[UC]|[CIA]:[NLH]|E:[XUPFH]|RL:[XOTWU]|RC:[XURC]|[CIA]R:[XLMH]|MAV:[XNALP]|MAC:[XLH]|MPR:[XNLH]|MUI:[XNR]|MS:[XUC]|M[CIA]:[XNLH])";
var CVSS3_VECTOR = new RegExp(`^CVSS:3[.][01]/(?:${CVSS3_METRIC}/)*${CVSS3_METRIC}$`);
function cvssVectors(scores) {
  const vectors = [];
  for (const score of scores) {
    const vector = score.v3Vector?.trim();
    if (!vector || vector.length < 32 || vector.length > 128 || !CVSS3_VECTOR.test(vector)) continue;
    vectors.push({ vendor: singleLine(score.source).trim() || "unknown", vector });
    if (vectors.length === MAX_VECTORS) break;
  }
  return vectors;
}
function osFromTarget(target) {
  const os = target ? /\(([^()]+)\)\s*$/.exec(target)?.[1]?.trim() : void 0;
  return os ? truncate(singleLine(os), 100) : void 0;
}

// src/report/junit.ts
var JUNIT_FILE_NAME = "imagegate-junit.xml";
var FAMILY_LABEL = {
  size: "image size",
  layers: "layers",
  hygiene: "image hygiene",
  base: "base images",
  user: "user",
  allow: "allowlist entries",
  compose: "compose mounts and settings",
  k8s: "Kubernetes workloads",
  vuln: "vulnerabilities",
  secret: "secrets",
  license: "licenses",
  dockerfile: "Dockerfile rules"
};
var IMAGE_FAMILIES = ["size", "layers", "base", "user", "allow"];
var SCAN_FAMILIES = ["vuln", "secret", "license"];
var MAX_NAME2 = 300;
var MAX_MESSAGE_ATTRIBUTE = 500;
var MAX_TEXT = 4e3;
function* junitXmlPieces(result, options) {
  const suites = suitesOf(result);
  const properties = suiteProperties(result, options);
  const totals = { tests: 0, failures: 0, skipped: 0 };
  const counted = suites.map((suite) => {
    const counts2 = suiteCounts(suite);
    totals.tests += counts2.tests;
    totals.failures += counts2.failures;
    totals.skipped += counts2.skipped;
    return { suite, counts: counts2 };
  });
  const seconds = Math.max(0, (Date.parse(result.finishedAt) - Date.parse(result.startedAt)) / 1e3) || 0;
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield `<testsuites${attributes({ name: "imagegate", tests: totals.tests, failures: totals.failures, errors: 0, skipped: totals.skipped, time: seconds.toFixed(3) })}>
`;
  for (const { suite, counts: counts2 } of counted) {
    yield `  <testsuite${attributes({
      name: suite.name,
      tests: counts2.tests,
      failures: counts2.failures,
      errors: 0,
      skipped: counts2.skipped,
      time: "0",
      timestamp: gitlabTime(result.startedAt)
    })}>
`;
    yield "    <properties>\n";
    for (const [name, value] of properties) yield `      <property${attributes({ name, value })}/>
`;
    yield "    </properties>\n";
    const names = caseNames(suite.findings);
    for (const [index, finding] of suite.findings.entries()) {
      yield testCase(finding, names[index] ?? finding.ruleId, result);
    }
    for (const family of suite.checked) {
      if (suite.findings.some((finding) => !finding.suppressedBy && ruleFamily(finding.ruleId) === family)) continue;
      const label = FAMILY_LABEL[family] ?? family;
      yield `    <testcase${attributes({ classname: `imagegate.${family}`, name: `${label}: no findings`, time: "0" })}/>
`;
    }
    yield "  </testsuite>\n";
  }
  yield "</testsuites>\n";
}
function suitesOf(result) {
  const image = {
    name: "imagegate: image policy",
    families: IMAGE_FAMILIES,
    checked: IMAGE_FAMILIES,
    findings: []
  };
  const compose = {
    name: "imagegate: compose",
    families: ["compose"],
    checked: result.compose ? ["compose"] : [],
    findings: []
  };
  const kubernetes = {
    name: "imagegate: kubernetes",
    families: ["k8s"],
    checked: result.kubernetes ? ["k8s"] : [],
    findings: []
  };
  const scan = result.scan;
  const scanned = {
    name: "imagegate: vulnerability scan",
    families: SCAN_FAMILIES,
    // A family is known to have been checked when the scan ran (vulnerabilities) or found something of its kind.
    checked: scan ? ["vuln", ...scan.secrets.length > 0 ? ["secret"] : [], ...scan.licenses.length > 0 ? ["license"] : []] : [],
    findings: []
  };
  for (const finding of result.findings) {
    const family = ruleFamily(finding.ruleId);
    const suite = compose.families.includes(family) ? compose : kubernetes.families.includes(family) ? kubernetes : scanned.families.includes(family) ? scanned : image;
    suite.findings.push(finding);
  }
  return [image, compose, kubernetes, scanned].filter((suite) => suite.findings.length > 0 || suite.checked.length > 0);
}
function suiteCounts(suite) {
  const failures = suite.findings.filter((finding) => !finding.suppressedBy).length;
  const skipped = suite.findings.length - failures;
  const passing = suite.checked.filter(
    (family) => !suite.findings.some((finding) => !finding.suppressedBy && ruleFamily(finding.ruleId) === family)
  ).length;
  return { tests: suite.findings.length + passing, failures, skipped };
}
function suiteProperties(result, options) {
  const properties = [
    ["verdict", result.verdict],
    ["fail-on", result.failOn]
  ];
  for (const [family, threshold] of Object.entries(result.familyFailOn)) {
    if (threshold) properties.push([`fail-on.${family}`, threshold]);
  }
  properties.push(["image", checkedLabel(result)]);
  if (result.image.digest) properties.push(["image.digest", result.image.digest]);
  if (result.dockerfile) properties.push(["dockerfile", result.dockerfile]);
  if (result.policyFiles.length > 0) properties.push(["policy", result.policyFiles.join(", ")]);
  properties.push(["imagegate.version", options.toolVersion]);
  return properties;
}
function caseNames(findings) {
  const names = findings.map(baseName);
  const counts2 = /* @__PURE__ */ new Map();
  for (const name of names) counts2.set(name, (counts2.get(name) ?? 0) + 1);
  return names.map(
    (name, index) => (counts2.get(name) ?? 0) > 1 ? `${name} [${findings[index]?.fingerprint.slice(0, 8) ?? ""}]` : name
  );
}
function baseName(finding) {
  const family = ruleFamily(finding.ruleId);
  const text = (key) => {
    const value = finding.properties?.[key];
    return typeof value === "string" && value !== "" ? value : void 0;
  };
  let name = finding.ruleId;
  if (family === "vuln") {
    const { pkgName, pkgPath } = vulnerabilityProperties(finding);
    name = `${ruleKey(finding.ruleId)} in ${pkgName ?? "unknown package"}${pkgPath ? ` (${pkgPath})` : ""}`;
  } else if (family === "compose" && text("service")) {
    name = `${finding.ruleId}: service ${text("service")}${text("target") ? ` ${text("target")}` : ""}`;
  } else if (family === "secret" && text("target")) {
    name = `${finding.ruleId}: ${text("target")}`;
  } else if (family === "license" && (text("pkgName") ?? text("filePath"))) {
    name = `${finding.ruleId}: ${text("pkgName") ?? text("filePath")}${text("license") ? ` (${text("license")})` : ""}`;
  }
  return truncate(oneLine(name), MAX_NAME2);
}
function testCase(finding, name, result) {
  const location = finding.location;
  const where = location.kind === "source" ? `${location.path}:${location.line}` : `image ${location.image}${location.layer ? `, layer ${location.layer}` : ""}`;
  const open = `    <testcase${attributes({
    classname: `imagegate.${ruleFamily(finding.ruleId)}`,
    name,
    ...location.kind === "source" ? { file: location.path } : {},
    time: "0"
  })}>
`;
  const message = oneLine(finding.message);
  if (finding.suppressedBy) {
    const { reason, expires, by, status, author } = finding.suppressedBy;
    const text = by === "vex" ? `suppressed by VEX (${status ?? "not_affected"}${author ? `, ${oneLine(author)}` : ""}): ${oneLine(reason)}` : `accepted by the allowlist: ${oneLine(reason)}${expires ? ` (expires ${expires})` : ""}`;
    return `${open}      <skipped${attributes({ message: truncate(text, MAX_MESSAGE_ATTRIBUTE) })}/>
    </testcase>
`;
  }
  const blocking = decideVerdict([finding], result.failOn, result.familyFailOn) === "fail";
  const threshold = result.familyFailOn[ruleFamily(finding.ruleId)] ?? result.failOn;
  const gate = blocking ? `blocks the gate (fail-on ${threshold})` : `below the gate's threshold (fail-on ${threshold}): reported, not blocking`;
  const body = [
    truncate(message, MAX_TEXT),
    `rule: ${finding.ruleId}; severity: ${finding.severity}; ${gate}`,
    `at: ${where}`,
    `fingerprint: ${finding.fingerprint}`
  ].join("\n");
  const failure = `      <failure${attributes({
    type: `${finding.severity}${blocking ? "" : " (not blocking)"}`,
    message: truncate(`${finding.severity}: ${message}`, MAX_MESSAGE_ATTRIBUTE)
  })}>${escapeXmlText(body)}</failure>
`;
  return `${open}${failure}    </testcase>
`;
}
function oneLine(text) {
  return text.replace(/\s+/g, " ").trim();
}
var NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
var INVISIBLE = /[\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
function cleanText(text) {
  return text.replace(NOT_XML_CHAR, "�").replace(INVISIBLE, "");
}
function escapeXmlText(text) {
  return cleanText(text).replace(/[&<>]/g, (char) => char === "&" ? "&amp;" : char === "<" ? "&lt;" : "&gt;");
}
var ATTRIBUTE_ENTITIES = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  // Attribute-value normalization turns literal whitespace into spaces; references keep it.
  "	": "&#9;",
  "\n": "&#10;",
  "\r": "&#13;"
};
function escapeXmlAttribute(value) {
  return cleanText(value).replace(/[&<>"'\t\n\r]/g, (char) => ATTRIBUTE_ENTITIES[char] ?? char);
}
function attributes(values) {
  return Object.entries(values).map(([name, value]) => ` ${name}="${escapeXmlAttribute(String(value))}"`).join("");
}

// src/gitlab/gitlab-sbom.ts
import { readFile, rm, stat } from "node:fs/promises";
import path2 from "node:path";
var CYCLONEDX_FILE_NAME = "imagegate.cdx.json";
var GITLAB_SBOM_FILE_NAME = "gl-sbom-imagegate.cdx.json";
var MAX_SBOM_BYTES = 256 * 1024 * 1024;
async function sbomForGitLab(outDir) {
  const source = path2.join(outDir, CYCLONEDX_FILE_NAME);
  const info = await stat(source).catch(() => void 0);
  if (!info?.isFile() || info.size > MAX_SBOM_BYTES) {
    await rm(path2.join(outDir, GITLAB_SBOM_FILE_NAME), { force: true });
    return void 0;
  }
  return readFile(source);
}

// src/gitlab/write-gitlab-reports.ts
var WRITE_BYTES = 1024 * 1024;
async function writeGitLabReports(result, outDir, options) {
  const dir = path3.resolve(outDir);
  const { redactor } = options;
  const containerScanning = toContainerScanningReport(result, options);
  const paths = {
    ...containerScanning ? { containerScanning: path3.join(dir, CONTAINER_SCANNING_FILE_NAME) } : {},
    codeQuality: path3.join(dir, CODE_QUALITY_FILE_NAME),
    junit: path3.join(dir, JUNIT_FILE_NAME)
  };
  const files = new AtomicFileSet({ what: "the GitLab reports", place: dir, placeKind: "directory" }, redactor);
  await files.run(async (set) => {
    await set.onDisk(() => mkdir(dir, { recursive: true }));
    if (containerScanning && paths.containerScanning) {
      await set.stage(paths.containerScanning, (file) => writeJson(file, containerScanning));
    }
    await set.stage(paths.codeQuality, (file) => writeJson(file, toCodeQualityReport(result)));
    await set.stage(paths.junit, (file) => writePieces(file, junitXmlPieces(result, options)));
    const sbom = await set.onDisk(() => sbomForGitLab(dir));
    if (sbom) {
      paths.sbom = path3.join(dir, GITLAB_SBOM_FILE_NAME);
      await set.stage(paths.sbom, (file) => file.writeFile(sbom.toString("utf8"), "utf8"));
    }
    await set.commit();
    if (!containerScanning) await set.onDisk(() => rm2(path3.join(dir, CONTAINER_SCANNING_FILE_NAME), { force: true }));
  });
  return paths;
}
async function writePieces(file, pieces) {
  let pending = [];
  let length = 0;
  for (const piece of pieces) {
    pending.push(piece);
    length += piece.length;
    if (length >= WRITE_BYTES) {
      await file.writeFile(pending.join(""), "utf8");
      pending = [];
      length = 0;
    }
  }
  await file.writeFile(pending.join(""), "utf8");
}

// src/gitlab/publish-gitlab.ts
var GITLAB_TOKEN_VARIABLE = "IMAGEGATE_GITLAB_TOKEN";
async function publishToGitLab(run, outDir, context) {
  const reports = await writeGitLabReports(run.result, outDir, {
    toolVersion: context.toolVersion,
    redactor: context.redactor
  });
  const written = [reports.containerScanning, reports.codeQuality, reports.junit].filter(Boolean).join(", ");
  context.logger.info(`GitLab reports: ${written}`);
  if (!reports.containerScanning) {
    context.logger.info("no container-scanning report: no vulnerability scan ran");
  }
  const note = await publishNote(run, context);
  return { reports, note };
}
async function publishNote(run, context) {
  const { env, logger } = context;
  const settings = noteSettings(env);
  if (settings.kind === "skip") {
    if (settings.level === "info") logger.info(`MR note skipped: ${settings.reason}`);
    else logger.debug(`MR note skipped: ${settings.reason}`);
    return { action: "skipped", reason: settings.reason };
  }
  logger.mask(settings.token);
  const client = new GitLabClient({
    apiUrl: settings.apiUrl,
    token: settings.token,
    userAgent: `imagegate/${context.toolVersion}`,
    ...context.retry ? { retry: context.retry } : {},
    ...context.sleep ? { sleep: context.sleep } : {},
    ...context.timeoutMs !== void 0 ? { timeoutMs: context.timeoutMs } : {}
  });
  const { redactor } = context;
  const body = redactor.redact(
    toGitLabNote(run.result, {
      noteKey: run.category,
      toolVersion: context.toolVersion,
      ...env.CI_JOB_URL ? { jobUrl: env.CI_JOB_URL } : {},
      ...env.CI_COMMIT_SHORT_SHA ? { commit: env.CI_COMMIT_SHORT_SHA } : {},
      links: gitLabReportLinks(env)
    })
  );
  try {
    const outcome = await upsertMergeRequestNote(
      client,
      { projectId: settings.projectId, mergeRequestIid: settings.mergeRequestIid },
      body,
      // As written into the body, so the note is found again.
      redactor.redact(gitlabNoteMarker(run.category))
    );
    logger.info(`MR note ${outcome.action} on !${settings.mergeRequestIid} (note ${outcome.noteId})`);
    return outcome;
  } catch (error) {
    if (error instanceof ToolError) throw error;
    const reason = explain(error);
    logger.warning(`could not write the MR note: ${reason}. The reports are written; the gate's verdict stands.`);
    return { action: "failed", reason };
  }
}
function noteSettings(env) {
  const value = (name) => env[name]?.trim() || void 0;
  const iid = value("CI_MERGE_REQUEST_IID");
  if (!iid) return { kind: "skip", level: "debug", reason: "not a merge request pipeline (no CI_MERGE_REQUEST_IID)" };
  const token = value(GITLAB_TOKEN_VARIABLE);
  if (!token) {
    const reason = value("CI_JOB_TOKEN") ? `CI_JOB_TOKEN cannot write merge request notes; set ${GITLAB_TOKEN_VARIABLE} to a project or group access token with the api scope (a masked CI/CD variable)` : `${GITLAB_TOKEN_VARIABLE} is not set (a project or group access token with the api scope)`;
    return { kind: "skip", level: "info", reason };
  }
  const apiUrl = value("CI_API_V4_URL");
  const projectId = value("CI_PROJECT_ID");
  if (!apiUrl || !projectId) {
    return { kind: "skip", level: "info", reason: "CI_API_V4_URL or CI_PROJECT_ID is not set" };
  }
  return { kind: "post", apiUrl, projectId, mergeRequestIid: iid, token };
}
function explain(error) {
  if (error instanceof GitLabApiError) {
    if (error.status === 401) return `${error.message} (${GITLAB_TOKEN_VARIABLE} was rejected: expired or revoked?)`;
    if (error.status === 403) {
      return `${error.message} (${GITLAB_TOKEN_VARIABLE} needs the api scope and a role that may comment, Reporter or higher)`;
    }
    if (error.status === 404) {
      return `${error.message} (the token cannot see this project or merge request)`;
    }
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
export {
  GITLAB_TOKEN_VARIABLE,
  noteSettings,
  publishToGitLab
};
//# sourceMappingURL=publish-gitlab-AZ2XZSCQ.js.map
