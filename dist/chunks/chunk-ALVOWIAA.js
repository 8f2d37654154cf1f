import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  codeSpan,
  elideMiddle,
  escapeInline
} from "./chunk-SAYJQMG6.js";
import {
  formatBytes,
  formatPercent
} from "./chunk-2SIDVBE2.js";
import {
  SEVERITIES,
  atLeast
} from "./chunk-OOOZQBDA.js";

// src/util/group-digits.ts
function groupDigits(value) {
  if (!Number.isSafeInteger(value) || Object.is(value, -0)) return value.toLocaleString("en-US");
  const digits = String(Math.abs(value));
  let grouped = "";
  for (let end = digits.length; end > 0; end -= 3) {
    const group = digits.slice(Math.max(0, end - 3), end);
    grouped = grouped === "" ? group : `${group},${grouped}`;
  }
  return value < 0 ? `-${grouped}` : grouped;
}

// src/util/plural.ts
function nounFor(count, one, many = pluralOf(one)) {
  return count === 1 ? one : many;
}
function plural(count, one, many) {
  return `${groupDigits(count)} ${nounFor(count, one, many)}`;
}
function pluralOf(one) {
  if (/[^aeiou]y$/i.test(one)) return `${one.slice(0, -1)}ies`;
  if (/(?:s|x|ch|sh)$/i.test(one)) return `${one}es`;
  return `${one}s`;
}
function singularOf(many) {
  if (/[^aeiou]ies$/i.test(many)) return `${many.slice(0, -3)}y`;
  if (/(?:ss|x|ch|sh)es$/i.test(many)) return many.slice(0, -2);
  if (/[^s]s$/i.test(many)) return many.slice(0, -1);
  return many;
}

// src/policy/gate.ts
function decideVerdict(findings, failOn, familyFailOn = {}) {
  const thresholds = new Map(Object.entries(familyFailOn));
  for (const finding of findings) {
    if (finding.suppressedBy) continue;
    if (finding.gate?.decision === "fail") return "fail";
    if (finding.gate?.decision === "exempt") continue;
    const slash = finding.ruleId.indexOf("/");
    const threshold = (slash === -1 ? void 0 : thresholds.get(finding.ruleId.slice(0, slash))) ?? failOn;
    if (threshold !== "never" && atLeast(finding.severity, threshold)) return "fail";
  }
  return "pass";
}
function familyFailOnFor(rules) {
  const thresholds = {};
  if (rules.vulnerabilities.failOn) thresholds.vuln = rules.vulnerabilities.failOn;
  if (rules.secrets.failOn) thresholds.secret = rules.secrets.failOn;
  if (rules.licenses.failOn) thresholds.license = rules.licenses.failOn;
  return thresholds;
}

// src/report/run-result.ts
function checkedLabel(result) {
  if (result.composeOnly) return COMPOSE_ONLY_LABEL;
  return result.image.reference || result.image.id;
}
var COMPOSE_ONLY_LABEL = "compose files only";
var NO_IMAGE = {
  source: "daemon",
  id: "",
  repoTags: [],
  repoDigests: [],
  platform: { os: "", architecture: "" },
  size: 0,
  config: { user: "", env: [], entrypoint: null, cmd: null, workingDir: "", labels: {}, exposedPorts: [] },
  layers: [],
  history: []
};

// src/report/links.ts
var NO_LINKS = {
  rule: () => void 0,
  source: () => void 0
};
function linked(label, href) {
  return href === void 0 ? label : `[${label}](<${href}>)`;
}

// src/report/markdown-table.ts
var SEVERITY_ICON = {
  critical: "🔴",
  high: "🟠",
  medium: "🟡",
  low: "🔵",
  info: "⚪"
};
function severityCell(severity) {
  return `${SEVERITY_ICON[severity]} ${severity}`;
}
function row(cells) {
  return `| ${cells.join(" | ")} |`;
}
function header(cells) {
  return [row(cells), row(cells.map(() => "---"))];
}
function moreLine(count, nouns) {
  if (count <= 0) return [];
  const all = count === 1 ? "it is" : "all of them are";
  return [
    "",
    `… and ${groupDigits(count)} more ${nounFor(count, singularOf(nouns), nouns)} (${all} in \`imagegate.json\`).`
  ];
}
function sharedCell(rows, index) {
  const first = rows[0]?.[index];
  if (rows.length < 2 || first === void 0) return void 0;
  return rows.every((cells) => cells[index] === first) ? first : void 0;
}
function withoutColumn(rows, index) {
  return rows.map((cells) => cells.filter((_, column) => column !== index));
}
function locationCell(location, maxLength, links = NO_LINKS) {
  const options = { inTable: true, maxLength };
  if (location.kind === "source") {
    const column = location.column === void 0 ? "" : `:${location.column}`;
    return linked(codeSpan(`${location.path}:${location.line}${column}`, options), links.source(location));
  }
  const image = codeSpan(elideMiddle(location.image, 48), options);
  return location.layer === void 0 ? image : `${image} layer ${codeSpan(shortDigest(location.layer), options)}`;
}
function resultLocationCell(location, maxLength) {
  if (location === null) return "—";
  if ("path" in location) {
    return locationCell(
      {
        kind: "source",
        path: location.path,
        line: location.line,
        ...location.column ? { column: location.column } : {}
      },
      maxLength
    );
  }
  return locationCell(
    { kind: "image", image: location.image, ...location.layer ? { layer: location.layer } : {} },
    maxLength
  );
}
function shortDigest(digest) {
  const match = /^([a-z0-9]+:)?([0-9a-f]{12})[0-9a-f]*$/.exec(digest);
  return match ? `${match[1] ?? ""}${match[2]}` : digest;
}
function messageCell(finding, maxLength) {
  return finding.messageMarkdown ?? escapeInline(finding.message, { maxLength });
}

// src/report/markdown-budgets.ts
function budgetsTable(budgets) {
  if (budgets.length === 0) return "";
  return [...header(["Budget", "Used", "Limit", "Headroom"]), ...budgets.map(budgetRow)].join("\n");
}
function budgetsSection(budgets, heading) {
  if (!budgets || budgets.length === 0) return "";
  return [`${heading} Budgets`, "", budgetsTable(budgets)].join("\n");
}
function budgetRow(budget) {
  return row([codeSpan(budget.key), usedCell(budget), limitCell(budget), headroomCell(budget)]);
}
function formatBudgetValue(budget, value) {
  if (budget.unit === "bytes") return formatBytes(value);
  if (budget.unit === "layers") return plural(value, "layer");
  return formatPercent(value);
}
function usedCell(budget) {
  if (budget.used === null) return "—";
  const used = formatBudgetValue(budget, budget.used);
  return budget.key === "layers.maxLayerSize" && budget.layer !== void 0 ? `${used} (largest: layer ${budget.layer + 1})` : used;
}
function limitCell(budget) {
  const limit = formatBudgetValue(budget, budget.limit);
  return budget.bound === "min" ? `at least ${limit}` : limit;
}
function headroomCell(budget) {
  if (budget.headroom === null) return `— ${NOT_MEASURED[budget.key] ?? "not measured"}`;
  const amount = Math.abs(budget.headroom);
  if (budget.unit === "fraction") {
    const points = `${(Math.floor(Math.round(amount * 1e6) / 1e3) / 10).toFixed(1)} points`;
    return budget.headroom >= 0 ? `✅ ${points} above` : `❌ ${points} below`;
  }
  const value = formatBudgetValue(budget, amount);
  if (budget.headroom < 0) {
    const layers = budget.key === "layers.maxLayerSize" && budget.layersOver !== void 0 && budget.layersOver > 1 ? ` (${budget.layersOver} layers over)` : "";
    return `❌ over by ${value}${layers}`;
  }
  const share = budget.unit === "bytes" && budget.limit > 0 ? ` (${formatPercent(amount / budget.limit)})` : "";
  return `✅ ${value} left${share}`;
}
var NOT_MEASURED = {
  "size.maxCompressed": "the image source gives no compressed size",
  "layers.maxWasted": "layer contents not read",
  "layers.minEfficiency": "layer contents not read"
};

// src/report/markdown-platforms.ts
function platformsSection(platforms, heading) {
  if (!platforms || platforms.length === 0) return "";
  const cells = (pick) => platforms.map(pick);
  return [
    `${heading} Platforms`,
    "",
    `${platforms.length} platforms gated in this run; the verdict is the worst of theirs. A finding that is the same on several platforms is listed once, with its platforms; each platform’s own reports are in its directory.`,
    "",
    ...header(["", ...cells((platform) => codeSpan(platform.platform))]),
    row(["Verdict", ...cells((platform) => platform.verdict === "pass" ? "✅ pass" : "❌ fail")]),
    row(["Image ID", ...cells((platform) => codeSpan(shortDigest(platform.imageId)))]),
    row(["Size", ...cells((platform) => formatBytes(platform.size))]),
    row([
      "Compressed",
      ...cells((platform) => platform.compressedSize === void 0 ? "–" : formatBytes(platform.compressedSize))
    ]),
    row(["Layers", ...cells((platform) => String(platform.layers))]),
    row(["Vulnerabilities", ...cells((platform) => countsText(platform.vulnerabilities))]),
    row(["All findings", ...cells((platform) => countsText(platform.counts))]),
    row(["Reports", ...cells((platform) => codeSpan(`${platform.reportDir}/`))])
  ].join("\n");
}
function countsText(counts) {
  const parts = SEVERITIES.filter((severity) => counts[severity] > 0).map(
    (severity) => `${counts[severity]} ${severity}`
  );
  return parts.length === 0 ? "none" : parts.join(", ");
}
function platformsSuffix(finding) {
  if (!finding.platforms || finding.platforms.length === 0) return "";
  return ` · on ${finding.platforms.map((platform) => codeSpan(platform)).join(", ")}`;
}

export {
  groupDigits,
  nounFor,
  plural,
  decideVerdict,
  familyFailOnFor,
  checkedLabel,
  COMPOSE_ONLY_LABEL,
  NO_IMAGE,
  NO_LINKS,
  linked,
  SEVERITY_ICON,
  severityCell,
  row,
  header,
  moreLine,
  sharedCell,
  withoutColumn,
  locationCell,
  resultLocationCell,
  shortDigest,
  messageCell,
  budgetsTable,
  budgetsSection,
  formatBudgetValue,
  headroomCell,
  platformsSection,
  countsText,
  platformsSuffix
};
//# sourceMappingURL=chunk-ALVOWIAA.js.map
