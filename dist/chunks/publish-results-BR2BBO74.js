import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  baselineSection,
  displayCreatedBy,
  toMarkdownSummary
} from "./chunk-VN2WC5C3.js";
import {
  DEFAULT_PAGE_CAPS,
  PageBudget,
  PageCapError,
  nextLinkUrl
} from "./chunk-ZCMRTNUR.js";
import {
  blockingSection,
  policyChangesSection,
  severityCountsLine
} from "./chunk-3NASWGJX.js";
import {
  BodyError,
  readBodyPrefix,
  readCappedBody
} from "./chunk-VVMJR22K.js";
import {
  actionDocsBase,
  commitSha,
  decimalId,
  encodedRepositoryPath,
  lineFragment,
  repositorySlug,
  ruleDocsHref,
  trustedBaseUrl
} from "./chunk-WF3FNKQG.js";
import "./chunk-ON4C7FYR.js";
import {
  budgetsTable,
  checkedLabel,
  linked,
  nounFor,
  platformsSection,
  plural
} from "./chunk-ALVOWIAA.js";
import {
  codeSpan,
  elideMiddle,
  escapeInline,
  singleLine,
  truncate
} from "./chunk-SAYJQMG6.js";
import {
  AgentPool,
  Deadline,
  DeadlineError,
  GITHUB_RETRY,
  RedirectError,
  networkRetryDelay,
  nextRetryStep,
  retryDecision,
  sendHttp
} from "./chunk-7DMJUEWI.js";
import {
  VERSION
} from "./chunk-DRWF5HZX.js";
import {
  prepareSarif
} from "./chunk-XLD254YW.js";
import {
  analysisTarget,
  tokenMayBeReadOnly
} from "./chunk-GCMKG5EZ.js";
import "./chunk-YHFRDE34.js";
import {
  formatBytes
} from "./chunk-2SIDVBE2.js";
import {
  appendAll
} from "./chunk-RHYLLRJI.js";
import "./chunk-BEXNPQ7L.js";
import {
  SEVERITIES,
  bySeverity
} from "./chunk-OOOZQBDA.js";
import {
  error,
  notice,
  setOutput,
  summary,
  warning
} from "./chunk-P2PCPI6C.js";
import "./chunk-MYVX7FUX.js";
import "./chunk-FRITBTAO.js";
import {
  ToolError,
  describeError
} from "./chunk-BRI3MEVE.js";
import "./chunk-GVHAVQQT.js";

// src/github/layer-chart.ts
var BAR_WIDTH = 28;
var PARTIAL_BLOCKS = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
var WASTED = "░";
var BUDGET = "│";
var MAX_WIDTH = 80;
var MIN_LABEL = 12;
function layerChart(image, baseline, options) {
  if (image.layers.length === 0) return "";
  const budget = options.maxLayerSize;
  const scale = Math.max(1, ...image.layers.map((layer) => layer.size), budget ?? 0);
  const budgetColumn = budget === void 0 ? void 0 : Math.min(BAR_WIDTH, Math.round(budget / scale * BAR_WIDTH));
  const barWidth = budgetColumn === void 0 ? BAR_WIDTH : BAR_WIDTH + 1;
  const wasted = image.layers.map((_, index) => image.contents?.layers[index]?.wastedBytes ?? 0);
  const before = new Set(baseline?.layers.map((layer) => layer.diffId).filter(Boolean));
  const sizes = image.layers.map((layer) => formatBytes(layer.size));
  const sizeWidth = Math.max(...sizes.map((size) => size.length));
  const numberWidth = String(image.layers.length).length;
  const prefixWidth = numberWidth + 1 + (baseline ? 2 : 0) + barWidth + 1 + sizeWidth + 2;
  const labelLength = Math.max(MIN_LABEL, MAX_WIDTH - prefixWidth);
  const lines = image.layers.slice(0, options.maxRows).map((layer, index) => {
    const entry = layer.historyIndex === void 0 ? void 0 : image.history[layer.historyIndex];
    const label = truncate(singleLine(entry ? displayCreatedBy(entry.createdBy) : ""), labelLength);
    const mark = baseline ? before.has(layer.diffId) ? "= " : "+ " : "";
    const cells = [...layerBar(layer.size, wasted[index] ?? 0, scale).padEnd(barWidth)];
    if (budgetColumn !== void 0 && cells[budgetColumn] === " ") cells[budgetColumn] = BUDGET;
    return `${String(index + 1).padStart(numberWidth)} ${mark}${cells.join("")} ${(sizes[index] ?? "").padStart(sizeWidth)}  ${label}`.trimEnd();
  });
  if (image.layers.length > options.maxRows) {
    lines.push(`… ${plural(image.layers.length - options.maxRows, "more layer")}`);
  }
  const legend = [...wastedLegend(wasted), ...budgetLegend(image, budget)];
  if (legend.length > 0) lines.push("", ...legend);
  if (baseline) {
    const now = new Set(image.layers.map((layer) => layer.diffId));
    const gone = baseline.layers.filter((layer) => !now.has(layer.diffId));
    const bytes = gone.reduce((sum, layer) => sum + layer.size, 0);
    lines.push("");
    lines.push("= same layer as the baseline   + new layer");
    lines.push(
      gone.length === 0 ? "Every baseline layer is still in this image." : `${plural(gone.length, "baseline layer")} (${formatBytes(bytes)}) no longer in this image.`
    );
  }
  return fenced(lines.join("\n"));
}
function layerBar(size, wastedBytes, scale) {
  const total = Math.round(Math.max(0, size) / Math.max(1, scale) * BAR_WIDTH * 8);
  const waste = Math.min(total, Math.round(Math.max(0, wastedBytes) / Math.max(1, scale) * BAR_WIDTH * 8));
  const kept = total - waste;
  let keptBar = "█".repeat(Math.floor(kept / 8)) + (PARTIAL_BLOCKS[kept % 8] ?? "");
  let wastedCells = Math.min(BAR_WIDTH, Math.round(total / 8)) - keptBar.length;
  if (wastedBytes > 0 && wastedCells < 1) {
    if (keptBar.length >= BAR_WIDTH) keptBar = keptBar.slice(0, BAR_WIDTH - 1);
    wastedCells = 1;
  }
  return keptBar + WASTED.repeat(Math.max(0, wastedCells));
}
function wastedLegend(wasted) {
  const layers = wasted.filter((bytes2) => bytes2 > 0).length;
  if (layers === 0) return [];
  const bytes = wasted.reduce((sum, value) => sum + value, 0);
  return [
    `${WASTED} wasted: replaced or deleted by a later layer (${formatBytes(bytes)} in ${plural(layers, "layer")})`
  ];
}
function budgetLegend(image, budget) {
  if (budget === void 0) return [];
  const over = image.layers.flatMap((layer, index) => layer.size > budget ? [index + 1] : []);
  const which = over.length === 0 ? "no layer crosses it" : `${nounFor(over.length, "layer")} ${listed(over)} ${over.length === 1 ? "crosses" : "cross"} it`;
  return [`${BUDGET} layers.maxLayerSize budget, ${formatBytes(budget)}: ${which}`];
}
function listed(numbers) {
  const shown = numbers.slice(0, 5).map(String);
  const rest = numbers.length - shown.length;
  if (rest > 0) return `${shown.join(", ")} and ${rest} more`;
  return shown.length === 1 ? shown[0] ?? "" : `${shown.slice(0, -1).join(", ")} and ${shown.at(-1)}`;
}
function fenced(text) {
  const longest = Math.max(0, ...Array.from(text.matchAll(/`+/g), (match) => match[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}text
${text}
${fence}`;
}

// src/github/comment-body.ts
var COMMENT_MAX_CHARACTERS = 65536;
var SUMMARY_MAX_BYTES = 1e6;
var COMMENT_LIMIT = { max: COMMENT_MAX_CHARACTERS, measure: (text) => text.length };
var SUMMARY_LIMIT = { max: SUMMARY_MAX_BYTES, measure: (text) => Buffer.byteLength(text) };
function commentMarker(category) {
  const safe = category.replace(/[^A-Za-z0-9._/:@+-]+/g, "_").replace(/-{2,}/g, "-");
  return `<!-- imagegate:${safe} -->`;
}
var DETAIL_LEVELS = [
  // Every vulnerability, collapsed per package: what the job summary (1 MiB) shows, the full report being exactly
  // summary.md; a comment seldom has room.
  {
    rows: 25,
    summaryRows: { findings: 100, layers: 100, vulnerabilities: Number.POSITIVE_INFINITY, baseline: 25 },
    fullSummary: true
  },
  { rows: 25, summaryRows: { findings: 100, layers: 100, vulnerabilities: 25, baseline: 25 }, fullSummary: true },
  { rows: 25, summaryRows: { findings: 50, layers: 50, vulnerabilities: 25, baseline: 15 }, fullSummary: true },
  { rows: 15, summaryRows: { findings: 20, layers: 25, vulnerabilities: 15, baseline: 10 }, fullSummary: true },
  { rows: 10, summaryRows: { findings: 10, layers: 10, vulnerabilities: 10, baseline: 5 }, fullSummary: true },
  { rows: 10, summaryRows: { findings: 0, layers: 0, vulnerabilities: 0, baseline: 0 }, fullSummary: false },
  { rows: 5, summaryRows: { findings: 0, layers: 0, vulnerabilities: 0, baseline: 0 }, fullSummary: false }
];
var SHORTENED = "> ℹ️ Shortened to fit GitHub’s size limit: some tables list fewer rows. `imagegate.json` (and the job summary) have everything.";
var NO_DETAILS = "> ℹ️ The full report did not fit GitHub’s size limit and is left out here: see the job summary and `imagegate.json`.";
var CUT = "> ℹ️ Cut here to fit GitHub’s size limit: see the job summary and `imagegate.json` for the rest.";
function renderBody(input, limit) {
  const summary2 = input.links?.summary;
  const pointer = (text) => summary2 ? `${text} [Open the job summary](<${summary2}>) for every finding.` : text;
  for (const [index, detail] of DETAIL_LEVELS.entries()) {
    const note = index === 0 ? [] : [pointer(detail.fullSummary ? SHORTENED : NO_DETAILS)];
    const body = compose(input, detail, note);
    if (limit.measure(body) <= limit.max) return { body, truncated: index > 0 };
  }
  return { body: cut(compose(input, DETAIL_LEVELS.at(-1), [NO_DETAILS]), limit), truncated: true };
}
function compose(input, detail, notes) {
  const { result } = input;
  const parts = [
    commentMarker(input.category),
    heading(result),
    gateLine(result),
    blockingSection(result, {
      ...input.links ? { links: input.links } : {},
      maxRows: Math.min(10, detail.rows),
      rest: input.links?.summary ? `the [job summary](<${input.links.summary}>) lists all of them` : "the job summary and `imagegate.json` list all of them"
    }),
    policyChangesSection(result),
    // Several platforms gated: which one failed is the first question, before sizes that are the first platform's.
    platformsSection(result.platforms, "####"),
    ...notes,
    baselinePart(result, detail.rows, input.links),
    sizePart(result, detail.rows),
    ...input.notes,
    detail.fullSummary ? fullSummary(input, detail) : "",
    footer(input)
  ];
  return `${parts.filter((part) => part !== "").join("\n\n")}
`;
}
function heading(result) {
  const verdict = result.verdict === "pass" ? "✅ imagegate passed" : "❌ imagegate failed";
  return `### ${verdict}: ${codeSpan(elideMiddle(checkedLabel(result), 72))}`;
}
function gateLine(result) {
  const gate = result.failOn === "never" ? "never fails" : `fails on \`${result.failOn}\`${result.failOn === "critical" ? "" : " or more severe"}`;
  const families = Object.keys(result.familyFailOn).length > 0 ? " (per-family thresholds in the report)" : "";
  const suppressed = result.suppressedCount > 0 ? ` · ${result.suppressedCount} suppressed` : "";
  return `**Gate:** ${gate}${families} · **Findings:** ${severityCountsLine(result.findings, result.counts)}${suppressed}`;
}
var FAMILY_LABELS = {
  size: "size",
  layers: "layers",
  base: "base image",
  user: "user",
  vuln: "vulnerabilities",
  secret: "secrets",
  license: "licenses",
  allow: "allowlist",
  compose: "compose"
};
function baselinePart(result, rows, links) {
  if (!result.baseline) return "";
  const section = baselineSection(result.baseline, {
    cell: 200,
    maxRows: rows,
    heading: "####",
    ...links ? { links } : {}
  });
  const families = result.baseline.families;
  if (!families) return section;
  const compared = families.map((family) => FAMILY_LABELS[family] ?? family).join(", ");
  const scanned = families.includes("vuln") ? "" : " Vulnerabilities are compared only when imagegate runs Trivy on both.";
  return `${section}

_Compared with the baseline image: ${compared} findings. Base-image, compose and allowlist findings depend on the baseline’s own Dockerfile, files and dates, so they are not compared.${scanned}_`;
}
function sizePart(result, rows) {
  if (result.composeOnly) return "";
  const { image } = result;
  const base = result.baselineImage;
  const parts = ["#### Size and layers"];
  const maxLayerSize = result.budgets?.find((budget) => budget.key === "layers.maxLayerSize")?.limit;
  if (base) {
    parts.push(
      [
        `Compared with ${codeSpan(base.name, { maxLength: 200 }) || "_the baseline_"}:`,
        "",
        "| | Baseline | This image | Change |",
        "| --- | ---: | ---: | ---: |",
        `| Size | ${formatBytes(base.size)} | ${formatBytes(image.size)} | ${byteDelta(base.size, image.size)} |`,
        ...base.compressedSize !== void 0 && image.compressedSize !== void 0 ? [
          `| Compressed | ${formatBytes(base.compressedSize)} | ${formatBytes(image.compressedSize)} | ${byteDelta(base.compressedSize, image.compressedSize)} |`
        ] : [],
        `| Layers | ${base.layers.length} | ${image.layers.length} | ${countDelta(base.layers.length, image.layers.length)} |`
      ].join("\n")
    );
  } else {
    const count = image.layers.length;
    parts.push(
      `**${formatBytes(image.size)}** in **${count}** ${nounFor(count, "layer")} (no baseline to compare with).`
    );
  }
  const budgets = budgetsTable(result.budgets ?? []);
  if (budgets) parts.push(budgets);
  const chart = layerChart(image, base, {
    maxRows: Math.max(rows, 10) * 2,
    ...maxLayerSize ? { maxLayerSize } : {}
  });
  if (chart) parts.push(chart);
  return parts.join("\n\n");
}
function fullSummary(input, detail) {
  const summary2 = toMarkdownSummary(input.result, {
    sarifCategory: input.category,
    maxFindingRows: detail.summaryRows.findings,
    maxLayerRows: detail.summaryRows.layers,
    maxVulnerabilityRows: detail.summaryRows.vulnerabilities,
    maxBaselineRows: detail.summaryRows.baseline,
    // Under the comment's `###` title: the summary's own title becomes `####`, its sections `#####`.
    headingLevel: 4,
    ...input.links ? { links: input.links } : {}
  });
  return `<details><summary>Full report</summary>

${summary2.trimEnd()}

</details>`;
}
function footer(input) {
  const commit = input.commit ? ` · commit ${codeSpan(input.commit.slice(0, 12))}` : "";
  const links = input.links;
  const where = [
    links?.summary ? ` · ${linked("full report", links.summary)}` : "",
    links?.run ? ` · ${linked("workflow run", links.run)}` : "",
    links?.artifact ? ` · ${linked("artifacts", links.artifact)}` : ""
  ].join("");
  return `<sub>imagegate ${escapeInline(input.toolVersion, { maxLength: 40 })}${commit} · category ${codeSpan(input.category, { maxLength: 200 })}${where}</sub>`;
}
function cut(body, limit) {
  const lines = body.split("\n");
  const tail = `

${CUT}
`;
  let kept = "";
  for (const line of lines) {
    const next = kept === "" ? line : `${kept}
${line}`;
    if (limit.measure(`${next}${closing(next)}${tail}`) > limit.max) break;
    kept = next;
  }
  return `${kept}${closing(kept)}${tail}`;
}
function closing(text) {
  const fences = text.match(/^`{3,}/gm) ?? [];
  const open = fences.length % 2 === 1 ? `
${fences.at(-1)}` : "";
  const details = (text.match(/<details>/g) ?? []).length - (text.match(/<\/details>/g) ?? []).length;
  return open + "\n\n</details>".repeat(Math.max(0, details));
}
function byteDelta(before, after) {
  const difference = after - before;
  if (difference === 0) return "±0";
  const percent = before > 0 ? ` (${difference > 0 ? "+" : "−"}${Math.abs(difference / before * 100).toFixed(1)}%)` : "";
  return `${difference > 0 ? "+" : "−"}${formatBytes(Math.abs(difference))}${percent}`;
}
function countDelta(before, after) {
  const difference = after - before;
  return difference === 0 ? "±0" : `${difference > 0 ? "+" : "−"}${Math.abs(difference)}`;
}

// src/github/publish-github.ts
import { pathToFileURL } from "node:url";

// src/github/github-client.ts
var GitHubApiError = class _GitHubApiError extends ToolError {
  status;
  /** GitHub's `message` (or the body's start when it is not GitHub's JSON). */
  apiMessage;
  method;
  path;
  /** 429, or a 403 that GitHub marked as a rate limit. */
  rateLimited;
  details;
  constructor(details) {
    const retried = details.attempts > 1 ? ` (after ${details.attempts} attempts)` : "";
    super(
      details.message ?? `GitHub API ${details.method} ${details.path}: HTTP ${details.status}${details.apiMessage ? ` ${details.apiMessage}` : ""}${retried}`,
      { command: `${details.method} ${details.url}` }
    );
    this.name = "GitHubApiError";
    this.status = details.status;
    this.apiMessage = details.apiMessage;
    this.method = details.method;
    this.path = details.path;
    this.rateLimited = details.rateLimited;
    this.details = details;
  }
  /** The same failure told in the caller's terms (which permission, which setting). */
  explained(message) {
    return new _GitHubApiError({ ...this.details, message });
  }
};
var MAX_ERROR_BODY = 2e3;
var ERROR_BODY_BYTES = 64 * 1024;
var DEFAULT_DEADLINE_MS = 3e5;
var DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;
var GitHubClient = class {
  constructor(options) {
    this.options = options;
    options.logger.mask(options.token);
    this.apiUrl = options.apiUrl.replace(/\/+$/, "");
    this.policy = { ...GITHUB_RETRY, ...options.retry };
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? Date.now;
  }
  options;
  apiUrl;
  policy;
  sleep;
  now;
  agents = new AgentPool(false);
  /** One call: `path` below the API URL (`/repos/o/r/...`) or an absolute URL on the same host (pagination). */
  async request(method, path, body) {
    const url = this.urlFor(path);
    const display = this.displayPath(url);
    const payload = body === void 0 ? null : JSON.stringify(body);
    const headers = {
      accept: "application/vnd.github+json",
      authorization: `Bearer ${this.options.token}`,
      "x-github-api-version": "2022-11-28",
      ...payload !== null ? { "content-type": "application/json; charset=utf-8" } : {}
    };
    for (let attempt = 1; ; attempt++) {
      this.options.logger.debug(`GitHub API: ${method} ${display}${attempt > 1 ? ` (attempt ${attempt})` : ""}`);
      const deadline = new Deadline(this.options.deadlineMs ?? DEFAULT_DEADLINE_MS);
      let message;
      let text;
      try {
        try {
          ({ message } = await sendHttp(
            { method, url, headers, ...payload !== null ? { body: payload } : {} },
            { agents: this.agents, deadline, idleTimeoutMs: this.options.socketTimeoutMs ?? 12e4 }
          ));
        } catch (error2) {
          const reason = deadline.expired ? new DeadlineError(deadline.ms).message : describeNetworkError(error2);
          const permanent = error2 instanceof RedirectError || deadline.expired;
          const delay = permanent ? void 0 : networkRetryDelay(attempt, this.policy);
          if (delay !== void 0) {
            this.options.logger.info(`GitHub API ${method} ${display}: ${reason}; retrying in ${seconds(delay)}`);
            await this.sleep(delay);
            continue;
          }
          const what = permanent ? `GitHub API ${method} ${display}` : `could not reach the GitHub API at ${this.apiUrl} (${method} ${display})`;
          throw new ToolError(
            `${what}: ${reason}${attempt > 1 ? ` (after ${attempt} attempts)` : ""}`,
            { command: `${method} ${url}` },
            { cause: error2 }
          );
        }
        const status2 = message.statusCode ?? 0;
        if (status2 >= 200 && status2 < 300) {
          let bytes;
          try {
            bytes = await readCappedBody(message, this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
          } catch (error2) {
            const reason = deadline.expired ? new DeadlineError(deadline.ms).message : error2 instanceof BodyError && error2.problem === "cut" ? `the body was cut: ${error2.message}` : error2.message;
            throw new ToolError(
              `GitHub API ${method} ${display}: HTTP ${status2}, but ${reason}`,
              { command: `${method} ${url}` },
              { cause: error2 }
            );
          }
          return {
            status: status2,
            data: parseBody(bytes, `GitHub API ${method} ${display}`, status2, `${method} ${url}`),
            headers: message.headers
          };
        }
        text = (await readBodyPrefix(message, ERROR_BODY_BYTES)).toString("utf8");
      } finally {
        deadline.end();
      }
      const status = message.statusCode ?? 0;
      const decision = retryDecision(status, message.headers, this.now(), this.policy);
      const apiMessage = errorMessage(text);
      const fail = (message2) => new GitHubApiError({
        method,
        url,
        path: display,
        status,
        apiMessage,
        rateLimited: decision.retry && decision.rateLimited,
        attempts: attempt,
        ...message2 ? { message: message2 } : {}
      });
      const step = nextRetryStep(attempt, decision, this.policy);
      if (step.kind === "give-up") throw fail();
      if (step.kind === "too-long") {
        throw fail(
          `GitHub API ${method} ${display}: HTTP ${status}${apiMessage ? ` ${apiMessage}` : ""}; GitHub asks to wait ${seconds(step.askedMs)} before trying again, longer than imagegate waits (${seconds(this.policy.maxDelayMs)})`
        );
      }
      const wanted = step.ms;
      this.options.logger.info(
        `GitHub API ${method} ${display}: HTTP ${status}${decision.retry && decision.rateLimited ? " (rate limited)" : ""}; retrying in ${seconds(wanted)}${step.asked ? " as the server asked" : ""}`
      );
      await this.sleep(wanted);
    }
  }
  /**
   * Every item of a list endpoint, following `Link: <…>; rel="next"`: at most `maxPages` pages (the rest is not
   * read, as before), and at most `caps.maxItems` items in all, past which the listing is a ToolError.
   */
  async paginate(path, maxPages = 100, caps = {}) {
    const items = [];
    const budget = new PageBudget({ ...DEFAULT_PAGE_CAPS, ...caps, maxPages: Number.MAX_SAFE_INTEGER }, "items");
    let next = `${path}${path.includes("?") ? "&" : "?"}per_page=100`;
    for (let page = 0; next !== void 0 && page < maxPages; page++) {
      const response = await this.request("GET", next);
      if (!Array.isArray(response.data)) {
        throw new ToolError(`GitHub API GET ${this.displayPath(this.urlFor(next))}: expected a JSON array`, {
          command: `GET ${this.urlFor(next)}`
        });
      }
      try {
        budget.take(response.data.length);
      } catch (error2) {
        if (!(error2 instanceof PageCapError)) throw error2;
        throw new ToolError(`GitHub API GET ${this.displayPath(this.urlFor(next))}: the list has ${error2.message}`, {
          command: `GET ${this.urlFor(next)}`
        });
      }
      appendAll(items, response.data);
      next = nextLink(response.headers.link);
    }
    return items;
  }
  dispose() {
    this.agents.dispose();
  }
  /** The absolute URL for a path; absolute URLs must stay on the API's origin, so the token goes nowhere else. */
  urlFor(path) {
    if (!/^https?:\/\//i.test(path)) return `${this.apiUrl}${path.startsWith("/") ? "" : "/"}${path}`;
    if (new URL(path).origin !== new URL(this.apiUrl).origin) {
      throw new ToolError(`GitHub API: refusing to follow a link to another host (${new URL(path).origin})`, {
        command: `GET ${path}`
      });
    }
    return path;
  }
  displayPath(url) {
    return url.startsWith(this.apiUrl) ? url.slice(this.apiUrl.length) || "/" : url;
  }
};
function nextLink(header) {
  return nextLinkUrl(header);
}
function parseBody(bytes, what, status, command) {
  const text = bytes.toString("utf8");
  if (text.trim() === "") return void 0;
  try {
    return JSON.parse(text);
  } catch {
    throw new ToolError(`${what}: HTTP ${status}, but the answer is not JSON (${bytes.length} bytes)`, { command });
  }
}
function errorMessage(text) {
  try {
    const body = JSON.parse(text);
    if (body && typeof body.message === "string") {
      const errors = Array.isArray(body.errors) ? body.errors.map(
        (entry) => typeof entry === "string" ? entry : typeof entry?.message === "string" ? entry.message : ""
      ).filter(Boolean) : [];
      return [body.message, ...errors].join("; ").slice(0, MAX_ERROR_BODY);
    }
  } catch {
  }
  return text.replace(/\s+/g, " ").trim().slice(0, 200);
}
function describeNetworkError(error2) {
  const { message, code } = error2;
  return code && !message.includes(code) ? `${message} (${code})` : message;
}
function seconds(ms) {
  return ms < 1e3 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

// src/github/pr-comment.ts
async function upsertStickyComment(client, request, context) {
  const repository = `/repos/${encodeURIComponent(request.owner)}/${encodeURIComponent(request.repo)}`;
  try {
    const comments = await client.paginate(`${repository}/issues/${request.pullNumber}/comments`);
    const existing = comments.find((comment) => (comment.body ?? "").trimStart().startsWith(request.marker));
    if (existing) {
      const { data: data2 } = await client.request("PATCH", `${repository}/issues/comments/${existing.id}`, {
        body: request.body
      });
      commentId(data2, `PATCH ${repository}/issues/comments/${existing.id}`);
      context.logger.info(`pull request comment updated: ${data2?.html_url ?? existing.html_url ?? existing.id}`);
      return { id: existing.id, url: data2?.html_url ?? existing.html_url ?? "", action: "updated" };
    }
    const { data } = await client.request("POST", `${repository}/issues/${request.pullNumber}/comments`, {
      body: request.body
    });
    const id = commentId(data, `POST ${repository}/issues/${request.pullNumber}/comments`);
    context.logger.info(`pull request comment created: ${data.html_url ?? id}`);
    return { id, url: data.html_url ?? "", action: "created" };
  } catch (error2) {
    throw explainCommentError(error2, request);
  }
}
function commentId(data, command) {
  if (data && typeof data === "object" && typeof data.id === "number") return data.id;
  throw new ToolError(`GitHub API ${command}: the answer names no comment`, { command });
}
function explainCommentError(error2, request) {
  if (!(error2 instanceof GitHubApiError)) return error2;
  const where = `pull request #${request.pullNumber} of ${request.owner}/${request.repo}`;
  const said = error2.apiMessage ? ` (GitHub: "${error2.apiMessage}")` : "";
  if (error2.status === 403 && !error2.rateLimited) {
    return error2.explained(
      `commenting on ${where} refused with HTTP 403${said}: give the job \`permissions: pull-requests: write\` (pull requests from forks and Dependabot only ever get a read-only token), or set the input comment: false`
    );
  }
  if (error2.status === 404) {
    return error2.explained(
      `commenting on ${where} got HTTP 404${said}: the pull request is not visible to this token; check the token, or set the input comment: false`
    );
  }
  return error2;
}

// src/github/sarif-upload.ts
import { readFile } from "node:fs/promises";
async function uploadSarif(client, request, context) {
  const { logger } = context;
  const bytes = await readFile(request.file);
  const prepared = prepareSarif(bytes, request.file, request.limits);
  for (const { from, to } of prepared.renamed) {
    logger.warning(`SARIF: two runs had the category '${from}'; the later one is uploaded as '${to}'`);
  }
  const report = { uploads: [], renamed: prepared.renamed };
  const path = `/repos/${encodeURIComponent(request.owner)}/${encodeURIComponent(request.repo)}/code-scanning/sarifs`;
  for (const [index, batch] of prepared.batches.entries()) {
    if (batch.trimmed) {
      report.trimmed = {
        resultsDropped: (report.trimmed?.resultsDropped ?? 0) + batch.trimmed.resultsDropped,
        rulesDropped: (report.trimmed?.rulesDropped ?? 0) + batch.trimmed.rulesDropped
      };
    }
    const label = prepared.batches.length > 1 ? ` (upload ${index + 1} of ${prepared.batches.length})` : "";
    logger.info(
      `code scanning: uploading ${batch.categories.length} run(s), ${batch.gzipped.length} bytes gzipped, for ${request.target.ref} at ${request.target.commitSha}${label}`
    );
    let response;
    try {
      response = (await client.request("POST", path, {
        commit_sha: request.target.commitSha,
        ref: request.target.ref,
        sarif: batch.gzipped.toString("base64"),
        checkout_uri: request.checkoutUri,
        started_at: request.startedAt,
        tool_name: request.toolName
      })).data;
    } catch (error2) {
      throw explainUploadError(error2, request);
    }
    if (!response || typeof response.id !== "string") {
      throw new ToolError(`code scanning: the upload was accepted but GitHub returned no upload id`, {
        command: `POST ${path}`
      });
    }
    report.uploads.push({
      id: response.id,
      ...response.url ? { url: response.url } : {},
      categories: batch.categories,
      status: "not-waited",
      errors: []
    });
  }
  if (request.waitDelaysMs) {
    for (const upload of report.uploads) {
      const outcome = await waitForProcessing(
        client,
        `${path}/${encodeURIComponent(upload.id)}`,
        request.waitDelaysMs,
        {
          logger,
          sleep: context.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)))
        }
      );
      upload.status = outcome.status;
      upload.errors = outcome.errors;
    }
  }
  return report;
}
async function waitForProcessing(client, path, delaysMs, context) {
  for (const delay of delaysMs) {
    await context.sleep(delay);
    let status;
    try {
      status = (await client.request("GET", path)).data;
    } catch (error2) {
      if (error2 instanceof GitHubApiError && error2.status === 404) continue;
      throw error2;
    }
    const state = status?.processing_status;
    context.logger.debug(`code scanning: upload ${path}: ${state ?? "no status"}`);
    if (state === "complete") return { status: "complete", errors: [] };
    if (state === "failed") return { status: "failed", errors: (status?.errors ?? []).map(String) };
  }
  return { status: "pending", errors: [] };
}
function explainUploadError(error2, request) {
  if (!(error2 instanceof GitHubApiError)) return error2;
  const repository = `${request.owner}/${request.repo}`;
  const said = error2.apiMessage ? ` (GitHub: "${error2.apiMessage}")` : "";
  if (error2.status === 403 && !error2.rateLimited) {
    const disabled = /advanced security|code scanning is not enabled|not opted.?in|code security/i.test(
      error2.apiMessage
    );
    const advice = disabled ? `code scanning is not enabled for ${repository}: enable it in the repository's Code security settings (private repositories need GitHub Advanced Security / Code Security)` : `the token may not upload code-scanning results: give the job \`permissions: security-events: write\` (pull requests from forks and Dependabot only ever get a read-only token), and check that code scanning is enabled for ${repository}`;
    return error2.explained(
      `code scanning upload refused with HTTP 403${said}: ${advice}; or set the input upload: false`
    );
  }
  if (error2.status === 404) {
    return error2.explained(
      `code scanning upload got HTTP 404${said}: ${repository} is not visible to this token, or code scanning is not available for it (GitHub Enterprise Server without Advanced Security, a private repository without it); check the repository, the token and its code scanning settings, or set the input upload: false`
    );
  }
  if (error2.status === 413) {
    return error2.explained(
      `code scanning upload refused as too large (HTTP 413)${said}; imagegate kept it under ${request.limits.maxGzipBytes} gzipped bytes, so GitHub's limit here is lower`
    );
  }
  return error2;
}

// src/github/publish-github.ts
function forkSkipReason(context) {
  const pr = context.pullRequest;
  if (!pr || !pr.fromFork || !tokenMayBeReadOnly(context)) return void 0;
  const from = pr.headRepository ? `the fork ${pr.headRepository}` : "a fork that no longer exists";
  return `pull request #${pr.number} comes from ${from}, and GitHub gives \`${context.eventName}\` runs from forks a read-only token`;
}
function makeClient(github, logger) {
  return new GitHubClient({
    apiUrl: github.context.apiUrl,
    token: github.token,
    logger,
    ...github.retry ? { retry: github.retry } : {}
  });
}
async function publishSarifToCodeScanning(outcome, github, client, logger) {
  const { context } = github;
  const target = analysisTarget(context);
  try {
    const report = await uploadSarif(
      client,
      {
        file: outcome.reports.sarif,
        owner: context.owner,
        repo: context.repo,
        target,
        checkoutUri: pathToFileURL(github.workspace).href,
        startedAt: outcome.result.startedAt,
        toolName: "imagegate",
        limits: github.limits,
        ...github.pollDelaysMs.length > 0 ? { waitDelaysMs: github.pollDelaysMs } : {}
      },
      { logger }
    );
    const ids = report.uploads.map((upload) => upload.id);
    const notes = [];
    if (report.trimmed) {
      const { resultsDropped, rulesDropped } = report.trimmed;
      const text = `${resultsDropped} ${nounFor(resultsDropped, "lowest-severity result")} (and ${plural(rulesDropped, "rule")} left without results) were left out of the code-scanning upload to fit GitHub's limit of ${formatBytes(github.limits.maxGzipBytes)} gzipped`;
      logger.warning(`${text}; imagegate.json and the gate count every finding`);
      notes.push(
        `> ⚠️ **Code scanning does not get every finding:** ${text}. \`imagegate.json\` and the gate count every finding.`
      );
    }
    for (const { from, to } of report.renamed) {
      notes.push(
        `> ⚠️ Two SARIF runs shared the category ${codeSpan(from || "(none)")}; one was uploaded as ${codeSpan(to)}.`
      );
    }
    const failed = report.uploads.filter((upload) => upload.status === "failed");
    const pending = report.uploads.filter((upload) => upload.status === "pending");
    if (pending.length > 0) {
      logger.warning(
        `code scanning had not finished processing upload ${pending.map((u) => u.id).join(", ")} when imagegate stopped waiting; see the repository’s Security tab`
      );
    }
    if (failed.length > 0) {
      const errors = failed.flatMap((upload) => upload.errors.map((error2) => `${upload.id}: ${error2}`));
      const message = `code scanning could not process the SARIF upload${failed.length > 1 ? "s" : ""} ${failed.map((u) => u.id).join(", ")}${errors.length > 0 ? `: ${errors.join("; ")}` : ""}`;
      logger.error(message);
      notes.push(`> ❌ **Code scanning rejected the upload:** ${escapeInline(message, { maxLength: 1e3 })}`);
      return { ids, notes, failure: message };
    }
    const state = report.uploads.every((upload) => upload.status === "complete") ? "processed" : "uploaded";
    logger.info(`code scanning: ${state} (${ids.join(", ")}) for ${target.ref}`);
    return { ids, notes };
  } catch (error2) {
    return { ids: [], ...failureOrWarning(error2, "Code scanning upload", context, logger) };
  }
}
async function publishPullRequestComment(github, client, comment, logger) {
  const { context } = github;
  const pr = context.pullRequest;
  try {
    const result = await upsertStickyComment(
      client,
      { owner: context.owner, repo: context.repo, pullNumber: pr.number, ...comment },
      { logger }
    );
    return { notes: [], url: result.url };
  } catch (error2) {
    return failureOrWarning(error2, "Pull request comment", context, logger);
  }
}
function failureOrWarning(error2, what, context, logger, permission) {
  const message = describeError(error2);
  const forbidden = error2 instanceof GitHubApiError && error2.status === 403 && !error2.rateLimited;
  if (forbidden && permission) {
    logger.warning(`${what} skipped: the token lacks \`permissions: ${permission}\` (${message})`);
    return {
      notes: [
        `> ⚠️ ${what} skipped: the token lacks \`permissions: ${permission}\` (HTTP 403). The gate still decided.`
      ]
    };
  }
  if (forbidden && tokenMayBeReadOnly(context)) {
    logger.warning(`${what} skipped: ${message}`);
    return {
      notes: [
        `> ⚠️ ${what} skipped: this \`${context.eventName}\` run’s token may not write (HTTP 403). The gate still decided.`
      ]
    };
  }
  logger.error(message);
  return { notes: [`> ❌ **${what} failed:** ${escapeInline(message, { maxLength: 1e3 })}`], failure: message };
}

// src/github/report-links.ts
function gitHubReportLinks(env, context) {
  const server = trustedBaseUrl(env.GITHUB_SERVER_URL);
  const repository = repositorySlug(env.GITHUB_REPOSITORY);
  const repositoryUrl = server && repository ? `${server}/${repository}` : void 0;
  const sha = commitSha(context?.pullRequest?.headSha) ?? commitSha(context?.sha ?? env.GITHUB_SHA);
  const runId = decimalId(env.GITHUB_RUN_ID);
  const attempt = decimalId(env.GITHUB_RUN_ATTEMPT);
  const run = repositoryUrl && runId ? `${repositoryUrl}/actions/runs/${runId}${attempt && attempt !== "1" ? `/attempts/${attempt}` : ""}` : void 0;
  const docsBase = actionDocsBase(env);
  return {
    rule: (ruleId) => ruleDocsHref(ruleId, docsBase),
    source: (location) => {
      if (!repositoryUrl || !sha) return void 0;
      const path = encodedRepositoryPath(location.path);
      return path === void 0 ? void 0 : `${repositoryUrl}/blob/${sha}/${path}${lineFragment(location.line)}`;
    },
    ...run ? { run, summary: run, artifact: `${run}#artifacts` } : {}
  };
}

// src/github/dependency-snapshot.ts
var MAX_NAME = 512;
var PURL = /^pkg:[a-z][a-z0-9.+-]*\//i;
function buildDependencySnapshot(scan, target, job, scanned) {
  const complete = scan.packages !== void 0;
  const packages = scan.packages ?? scan.vulnerabilities.map((v) => ({
    name: v.pkgName,
    version: v.installedVersion,
    target: v.target,
    pkgType: v.pkgType,
    ...v.purl !== void 0 ? { purl: v.purl } : {}
  }));
  const manifests = /* @__PURE__ */ Object.create(null);
  let count = 0;
  let withoutPurl = 0;
  for (const pkg of packages) {
    if (!pkg.purl || !PURL.test(pkg.purl)) {
      withoutPurl += 1;
      continue;
    }
    const manifestName = cut2(pkg.target || pkg.pkgType || "image");
    const manifest = manifests[manifestName] ??= {
      name: cut2(pkg.pkgType || manifestName),
      resolved: /* @__PURE__ */ Object.create(null)
    };
    const key = cut2(`${pkg.name}@${pkg.version}`);
    if (manifest.resolved[key]) continue;
    manifest.resolved[key] = { package_url: cut2(pkg.purl), relationship: "direct", scope: "runtime", dependencies: [] };
    count += 1;
  }
  const metadata = { "imagegate:image": cut2(target.imageReference) };
  if (target.imageDigest) metadata["imagegate:image-digest"] = cut2(target.imageDigest);
  if (!complete) metadata["imagegate:package-list"] = "vulnerable packages only (the scan had no --list-all-pkgs data)";
  return {
    snapshot: {
      version: 0,
      job: { correlator: cut2(job.correlator), id: cut2(job.id), ...job.htmlUrl ? { html_url: job.htmlUrl } : {} },
      sha: target.sha,
      ref: target.ref,
      detector: { name: "imagegate", version: VERSION, url: "https://github.com/imagegate/imagegate" },
      scanned,
      metadata,
      manifests: { ...manifests }
    },
    packages: count,
    complete,
    withoutPurl
  };
}
function snapshotCorrelator(env, category) {
  return cut2([env.GITHUB_WORKFLOW ?? "workflow", env.GITHUB_JOB ?? "job", category].join("_"));
}
function cut2(text) {
  return text.length > MAX_NAME ? text.slice(0, MAX_NAME) : text;
}

// src/github/submit-snapshot.ts
async function submitDependencySnapshot(outcome, github, client, logger, env) {
  const { result } = outcome;
  if (!result.scan || result.composeOnly) {
    logger.info("dependency snapshot skipped: no scan ran, so there is no package list to submit");
    return { notes: [] };
  }
  const { context } = github;
  try {
    const target = analysisTarget(context);
    const built = buildDependencySnapshot(
      result.scan,
      {
        sha: target.commitSha,
        ref: target.ref,
        imageReference: result.image.reference || result.image.id,
        ...result.image.digest ? { imageDigest: result.image.digest } : {}
      },
      {
        correlator: snapshotCorrelator(env, outcome.category),
        id: env.GITHUB_RUN_ID ?? "0"
      },
      result.finishedAt
    );
    const notes = [];
    if (!built.complete) {
      const text = "the scan had no full package list (Trivy without --list-all-pkgs), so the dependency snapshot holds only the packages that vulnerabilities name";
      logger.warning(text);
      notes.push(`> ⚠️ Dependency snapshot: ${text}.`);
    }
    const response = await client.request(
      "POST",
      `/repos/${encodeURIComponent(context.owner)}/${encodeURIComponent(context.repo)}/dependency-graph/snapshots`,
      built.snapshot
    );
    const id = typeof response.data.id === "number" ? response.data.id : void 0;
    logger.info(
      `dependency snapshot: ${built.packages} packages submitted for ${target.ref}${id !== void 0 ? ` (snapshot ${id})` : ""}${built.withoutPurl > 0 ? `; ${built.withoutPurl} without a package URL left out` : ""}`
    );
    return { notes, ...id !== void 0 ? { id } : {} };
  } catch (error2) {
    return failureOrWarning(error2, "Dependency snapshot", context, logger, "contents: write");
  }
}

// src/action/publish-results.ts
var ANNOTATIONS_PER_LEVEL = 10;
var COMMENT_EVENTS = /* @__PURE__ */ new Set(["pull_request", "pull_request_target"]);
async function publishToActions(outcome, options) {
  const { result, reports } = outcome;
  const { logger, github, redactor } = options;
  const redact = (text) => redactor.redact(text);
  const setOutput2 = (name, value) => setOutput(name, redact(value));
  setOutput2("verdict", result.verdict);
  setOutput2("sarif-file", reports.sarif);
  setOutput2("report-json", reports.json);
  setOutput2("summary-file", reports.summary);
  if (!result.composeOnly) {
    setOutput2("image-id", result.image.id);
    setOutput2("image-digest", result.image.digest ?? result.image.id);
    setOutput2("image-size", String(result.image.size));
    setOutput2("layer-count", String(result.image.layers.length));
  }
  setOutput2("category", outcome.category);
  for (const severity of SEVERITIES) setOutput2(`findings-${severity}`, String(result.counts[severity]));
  setOutput2("vex-file", outcome.vexFile ?? "");
  const failures = [];
  const notes = [];
  const pr = github?.context.pullRequest;
  const wantsComment = options.comment && pr !== void 0 && COMMENT_EVENTS.has(github?.context.eventName ?? "");
  const wantsUpload = options.upload;
  const forked = github ? forkSkipReason(github.context) : void 0;
  if (!github && (wantsUpload || options.comment)) {
    logger.warning(
      "code-scanning upload and PR comment skipped: not running in a GitHub Actions workflow (GITHUB_REPOSITORY and GITHUB_EVENT_NAME are not set)"
    );
  } else if (github && forked && (wantsUpload || wantsComment)) {
    const skipped = [wantsUpload ? "code-scanning upload" : "", wantsComment ? "PR comment" : ""].filter(Boolean).join(" and ");
    logger.warning(`${skipped} skipped: ${forked}; the gate still decides, and the job summary has the report`);
    notes.push(`> ⚠️ ${capitalize(skipped)} skipped: ${forked}. The gate still decided.`);
  } else if (github && !github.token && (wantsUpload || wantsComment)) {
    logger.warning(`code-scanning upload and PR comment skipped: the input github-token is empty`);
  }
  const wantsSnapshot = options.dependencySnapshot === true;
  if (wantsSnapshot && !github) {
    logger.warning("dependency snapshot skipped: not running in a GitHub Actions workflow");
  } else if (wantsSnapshot && forked) {
    notice(redact(`dependency snapshot skipped: ${forked}`));
    notes.push(`> ℹ️ Dependency snapshot skipped: ${forked}.`);
  } else if (wantsSnapshot && github && !github.token) {
    logger.warning("dependency snapshot skipped: the input github-token is empty");
  }
  const canWrite = github !== void 0 && forked === void 0 && github.token !== "";
  const client = canWrite ? makeClient(github, logger) : void 0;
  try {
    let sarifIds = [];
    if (client && github && wantsUpload) {
      const sarif = await publishSarifToCodeScanning(outcome, github, client, logger);
      sarifIds = sarif.ids;
      notes.push(...sarif.notes);
      if (sarif.failure) failures.push(sarif.failure);
    }
    setOutput2("sarif-id", sarifIds.join(","));
    if (client && github && wantsSnapshot) {
      const submitted = await submitDependencySnapshot(outcome, github, client, logger, options.env ?? process.env);
      notes.push(...submitted.notes);
      if (submitted.failure) failures.push(submitted.failure);
    }
    const links = gitHubReportLinks(options.env ?? process.env, github?.context);
    const { rule, source, run, artifact } = links;
    const summaryLinks = { rule, source, ...run ? { run } : {}, ...artifact ? { artifact } : {} };
    const body = {
      result,
      category: outcome.category,
      notes,
      toolVersion: VERSION,
      ...pr ? { commit: pr.headSha } : github ? { commit: github.context.sha } : {},
      links: summaryLinks
    };
    let commentUrl = "";
    if (client && github && wantsComment) {
      const rendered = renderBody({ ...body, links }, COMMENT_LIMIT);
      if (rendered.truncated) logger.info("the PR comment was shortened to fit GitHub’s 65,536-character limit");
      const posted = await publishPullRequestComment(
        github,
        client,
        // The marker as the redacted body carries it, so the comment is found again.
        { marker: redact(commentMarker(outcome.category)), body: redact(rendered.body) },
        logger
      );
      commentUrl = posted.url ?? "";
      notes.push(...posted.notes);
      if (posted.failure) failures.push(posted.failure);
    }
    setOutput2("comment-url", commentUrl);
    if (options.jobSummary) {
      await summary.addRaw(redact(renderBody({ ...body, notes }, SUMMARY_LIMIT).body), true).write();
    }
  } finally {
    client?.dispose();
  }
  if (options.annotations) {
    const willFail = result.verdict === "fail" || failures.length > 0;
    annotate(
      result.findings,
      {
        // The step's own failure message is one more error annotation.
        errors: ANNOTATIONS_PER_LEVEL - logger.annotationCounts.error - (willFail ? 1 : 0),
        warnings: ANNOTATIONS_PER_LEVEL - logger.annotationCounts.warning
      },
      redact
    );
  }
  return { failures };
}
function annotate(findings, budget, redact) {
  const active = findings.filter((finding) => !finding.suppressedBy).sort(bySeverity);
  const errors = active.filter((f) => f.severity === "critical" || f.severity === "high");
  const warnings = active.filter((f) => f.severity === "medium" || f.severity === "low");
  for (const finding of errors.slice(0, Math.max(0, budget.errors))) {
    error(redact(finding.message), properties(finding, redact));
  }
  for (const finding of warnings.slice(0, Math.max(0, budget.warnings))) {
    warning(redact(finding.message), properties(finding, redact));
  }
}
function properties(finding, redact) {
  const title = `imagegate ${finding.ruleId} (${finding.severity})`;
  if (finding.location.kind !== "source") return { title };
  return {
    title,
    file: redact(finding.location.path),
    startLine: finding.location.line,
    ...finding.location.column ? { startColumn: finding.location.column } : {}
  };
}
function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
export {
  publishToActions
};
//# sourceMappingURL=publish-results-BR2BBO74.js.map
