import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  SHARD_RESULT_FILE,
  findShardResults,
  readPlan,
  readShardResult,
  shardScans
} from "./chunk-42QITIT7.js";
import {
  RESCAN_SCHEMA_VERSION,
  readLedger,
  writeLedger
} from "./chunk-JOF4GSO7.js";
import {
  workspaceRelative
} from "./chunk-WGFL7XYI.js";
import "./chunk-JUGU53RN.js";
import "./chunk-W2VDYOEE.js";
import "./chunk-DWMO3FQH.js";
import "./chunk-PVWXTPTW.js";
import "./chunk-TYJR6YN4.js";
import "./chunk-5DZ6YZ6T.js";
import "./chunk-LUOCSN52.js";
import "./chunk-JCWX3QS3.js";
import "./chunk-442YUYJO.js";
import "./chunk-OD3V56NM.js";
import "./chunk-34FQDPIX.js";
import "./chunk-AUXTYMAK.js";
import "./chunk-H7T6J2AA.js";
import "./chunk-MXKXKKXY.js";
import "./chunk-QS3BL4VH.js";
import {
  GITHUB_SARIF_LIMITS,
  SARIF_FILE_NAME,
  SARIF_SCHEMA_URI,
  automationDetailsId,
  scanRunCategory
} from "./chunk-VN2WC5C3.js";
import "./chunk-ZCMRTNUR.js";
import "./chunk-3NASWGJX.js";
import "./chunk-VVMJR22K.js";
import "./chunk-WF3FNKQG.js";
import "./chunk-ON4C7FYR.js";
import "./chunk-ALVOWIAA.js";
import "./chunk-SAYJQMG6.js";
import "./chunk-3ZN2VMKL.js";
import "./chunk-HLKV6WWC.js";
import {
  writeFileAtomic
} from "./chunk-7GNNRPV6.js";
import "./chunk-7DMJUEWI.js";
import "./chunk-DRWF5HZX.js";
import {
  GITHUB_UPLOAD_LIMITS,
  packSarif,
  trimRunsToResults,
  trimToFit
} from "./chunk-XLD254YW.js";
import "./chunk-HA35GMAF.js";
import "./chunk-IESNBTYB.js";
import "./chunk-EJWCARX5.js";
import "./chunk-YHFRDE34.js";
import "./chunk-2SIDVBE2.js";
import "./chunk-BOIFOOFY.js";
import "./chunk-UEOALV3R.js";
import "./chunk-YH46MFO6.js";
import "./chunk-PX7WTPDF.js";
import "./chunk-TFUQI7BM.js";
import "./chunk-LUOQMPLI.js";
import "./chunk-GO6V4V27.js";
import "./chunk-G7D7EWW2.js";
import "./chunk-RHYLLRJI.js";
import "./chunk-F3JXNG4H.js";
import "./chunk-H2J6QPBD.js";
import "./chunk-525AQQA4.js";
import "./chunk-O5XMQXHR.js";
import "./chunk-UESGDJOT.js";
import "./chunk-BEXNPQ7L.js";
import "./chunk-OOOZQBDA.js";
import "./chunk-5AN7IYVK.js";
import "./chunk-WKVO4CF4.js";
import "./chunk-ST7SR4PU.js";
import "./chunk-MYVX7FUX.js";
import "./chunk-FRITBTAO.js";
import "./chunk-CJYB6J4O.js";
import "./chunk-QAPMAWII.js";
import {
  ConfigurationError,
  ExitCode
} from "./chunk-BRI3MEVE.js";
import "./chunk-GVHAVQQT.js";

// src/rescan/merge-command.ts
import path2 from "node:path";

// src/rescan/merge.ts
function checkSamePlan(results, plan) {
  if (plan) {
    const other = results.filter(({ result }) => result.planCreatedAt !== plan.createdAt);
    if (other.length > 0) {
      throw new ConfigurationError(
        `these results come from another plan than ${plan.file} (createdAt ${plan.createdAt}): ` + other.map(({ file, result }) => `${file} (plan of ${result.planCreatedAt})`).join(", ") + "; give the results of one plan, with that plan"
      );
    }
    return;
  }
  const byPlan = /* @__PURE__ */ new Map();
  for (const { file, result } of results) {
    byPlan.set(result.planCreatedAt, [...byPlan.get(result.planCreatedAt) ?? [], file]);
  }
  if (byPlan.size > 1) {
    const groups = [...byPlan].map(([createdAt, files]) => `plan of ${createdAt}: ${files.join(", ")}`);
    throw new ConfigurationError(
      `the results come from ${byPlan.size} different plans (${groups.join("; ")}); merge the results of one plan at a time`
    );
  }
}
function mergeResults(previous, results, plan, now) {
  const scanned = /* @__PURE__ */ new Map();
  const failures = /* @__PURE__ */ new Map();
  const incomplete = [];
  const isComplete = (result) => result.finishedAt !== void 0 && result.scans.length >= result.planned;
  const completed = new Set(results.filter(({ result }) => isComplete(result)).map(({ result }) => result.shard));
  for (const source of results) {
    const { file, result } = source;
    if (!isComplete(result) && !completed.has(result.shard)) {
      incomplete.push({ file, shard: result.shard, done: result.scans.length, planned: result.planned });
    }
    for (const scan of result.scans) {
      if (scan.status === "failed") {
        failures.set(scan.digest, { file, scan });
        continue;
      }
      const at = scan.finishedAt ?? result.finishedAt ?? result.startedAt;
      const known = scanned.get(scan.digest);
      if (!known || at >= known.at) scanned.set(scan.digest, { scan, at, source });
    }
  }
  const entries = { ...previous.entries };
  for (const [digest, { scan, at }] of scanned) {
    entries[digest] = {
      repository: scan.repository,
      tags: [...scan.tags].sort(),
      lastScan: at,
      ...scan.trivyDbUpdatedAt !== void 0 ? { trivyDbUpdatedAt: scan.trivyDbUpdatedAt } : {},
      fingerprints: [...new Set(scan.fingerprints ?? [])].sort(),
      verdict: scan.verdict ?? "fail"
    };
  }
  const failed = [...failures].filter(([digest]) => !scanned.has(digest)).map(([, failure]) => failure);
  return {
    ledger: { schemaVersion: RESCAN_SCHEMA_VERSION, updatedAt: now.toISOString(), entries },
    folded: [...scanned.values()].map(({ scan }) => scan),
    sources: new Map([...scanned].map(([digest, { source }]) => [digest, source])),
    failed,
    incomplete,
    missingShards: plan ? missingShards(plan, results) : []
  };
}
function missingShards(plan, results) {
  const labels = new Set(results.map(({ result }) => result.shard));
  const reported = new Set(results.flatMap(({ result }) => result.scans.map((scan) => scan.digest)));
  const missing = [];
  for (let index = 1; index <= plan.shards; index += 1) {
    const shard = { index, count: plan.shards };
    const label = `${index}/${plan.shards}`;
    if (labels.has(label)) continue;
    const scans = shardScans(plan, shard, "plan").filter((scan) => !reported.has(scan.digest));
    if (scans.length > 0) missing.push({ shard: label, scans });
  }
  return missing;
}

// src/rescan/merge-sarif.ts
import { readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";

// src/rescan/sarif-combine.ts
function rescanCategory(repository) {
  return `rescan/${repository}`;
}
function combineRepositorySarif(repository, images, limits = { maxResultsPerRun: GITHUB_SARIF_LIMITS.maxResultsPerRun, maxGzipBytes: GITHUB_UPLOAD_LIMITS.maxGzipBytes }) {
  const category = rescanCategory(repository);
  const byRole = { policy: [], scan: [] };
  for (const image of images) {
    for (const run of image.log.runs) byRole[roleOf(run)].push({ image, run });
  }
  const runs = [];
  if (byRole.policy.length > 0) runs.push(combineRuns(byRole.policy, category, "policy"));
  if (byRole.scan.length > 0) runs.push(combineRuns(byRole.scan, scanRunCategory(category), "scan"));
  if (runs.length === 0) return void 0;
  const log = { $schema: SARIF_SCHEMA_URI, version: "2.1.0", runs };
  const cut = trimRunsToResults(log, limits.maxResultsPerRun);
  if (packSarif(cut.log).gzipped.length <= limits.maxGzipBytes) {
    return { log: cut.log, resultsDropped: cut.resultsDropped };
  }
  const fitted = trimToFit(cut.log, limits.maxGzipBytes);
  if (!fitted) return { log: cut.log, resultsDropped: cut.resultsDropped };
  return {
    log: JSON.parse(fitted.json.toString("utf8")),
    resultsDropped: cut.resultsDropped + fitted.resultsDropped
  };
}
function roleOf(run) {
  return run.tool.driver.name === "imagegate" && run.conversion === void 0 ? "policy" : "scan";
}
function endOf(run) {
  return (run.invocations ?? []).reduce((latest, invocation) => {
    const end = invocation.endTimeUtc ?? invocation.startTimeUtc ?? "";
    return end > latest ? end : latest;
  }, "");
}
function combineRuns(parts, category, role) {
  const ordered = [...parts].sort((a, b) => endOf(b.run).localeCompare(endOf(a.run)) || compare(a, b));
  const newest = ordered[0].run;
  const rules = [];
  const ruleIndex = /* @__PURE__ */ new Map();
  for (const { run } of ordered) {
    for (const rule of run.tool.driver.rules ?? []) {
      if (ruleIndex.has(rule.id)) continue;
      ruleIndex.set(rule.id, rules.length);
      rules.push(rule);
    }
  }
  const results = [];
  const seen = /* @__PURE__ */ new Map();
  const invocations = [];
  const images = [];
  for (const { image, run } of ordered) {
    const own = run.tool.driver.rules ?? [];
    const label = { digest: image.digest, tags: image.tags };
    for (const result of run.results ?? []) {
      const ruleId = result.ruleId ?? result.rule?.id ?? own[result.ruleIndex ?? result.rule?.index ?? -1]?.id;
      const key = JSON.stringify([ruleId, result.partialFingerprints, result.fingerprints, result.locations]);
      const known = seen.get(key);
      if (known) {
        known.properties.images.push(label);
        continue;
      }
      const index = ruleId !== void 0 ? ruleIndex.get(ruleId) : void 0;
      const combined = {
        ...result,
        ...ruleId !== void 0 ? { ruleId } : {},
        ...index !== void 0 ? { ruleIndex: index } : {},
        ...result.rule && index !== void 0 ? { rule: { ...result.rule, index } } : {},
        properties: { ...result.properties, images: [label] }
      };
      if (index === void 0) delete combined.ruleIndex;
      seen.set(key, combined);
      results.push(combined);
    }
    for (const invocation of run.invocations ?? []) {
      invocations.push({
        ...invocation,
        ...invocation.toolExecutionNotifications ? { toolExecutionNotifications: reindex(invocation.toolExecutionNotifications, ruleIndex) } : {},
        properties: { ...invocation.properties, imageDigest: image.digest, tags: image.tags }
      });
    }
    images.push({ ...label, ...pick(run.properties, ["image", "verdict", "dbUpdatedAt", "truncated"]) });
  }
  const verdicts = images.map((image) => image.verdict).filter((verdict) => verdict !== void 0);
  const uriBaseIds = Object.assign(
    {},
    ...ordered.map(({ run }) => run.originalUriBaseIds ?? {})
  );
  return {
    tool: { ...newest.tool, driver: { ...newest.tool.driver, rules } },
    ...newest.conversion ? { conversion: newest.conversion } : {},
    automationDetails: { id: automationDetailsId(category) },
    ...uriBaseIds && Object.keys(uriBaseIds).length > 0 ? { originalUriBaseIds: uriBaseIds } : {},
    invocations,
    ...newest.columnKind ? { columnKind: newest.columnKind } : {},
    results,
    properties: {
      images,
      ...role === "policy" && verdicts.length > 0 ? { verdict: verdicts.includes("fail") ? "fail" : "pass" } : {}
    }
  };
}
function compare(a, b) {
  return a.image.digest.localeCompare(b.image.digest);
}
function reindex(notifications, ruleIndex) {
  return notifications.map((notification) => {
    const rule = notification.associatedRule;
    if (rule?.index === void 0) return notification;
    const index = rule.id !== void 0 ? ruleIndex.get(rule.id) : void 0;
    const { index: _stale, ...rest } = rule;
    return { ...notification, associatedRule: index !== void 0 ? { ...rest, index } : rest };
  });
}
function pick(record, keys) {
  const picked = {};
  for (const key of keys) if (record?.[key] !== void 0) picked[key] = record[key];
  return picked;
}

// src/rescan/merge-sarif.ts
var SARIF_STORE_DIR = "sarif-store";
function storedSarifName(digest) {
  return `${digest.replace(":", "-")}.sarif`;
}
function repositorySarifName(repository) {
  return `${repository.replace(/\//g, "_")}.sarif`;
}
async function mergeSarif(options) {
  const { store, outcome, logger, redactor } = options;
  const report = { stored: [], pruned: [], files: [], missing: [] };
  for (const scan of outcome.folded) {
    const source = outcome.sources.get(scan.digest);
    if (!source?.dir || scan.outDir === void 0) continue;
    const from = path.join(source.dir, scan.outDir, SARIF_FILE_NAME);
    const text = await readFile(from, "utf8").catch(() => void 0);
    if (text === void 0) {
      logger.warning(`${scan.reference}: no ${SARIF_FILE_NAME} in ${path.dirname(from)}; the stored one is kept`);
      continue;
    }
    if (parseLog(text) === void 0) {
      logger.warning(`${from} is not a SARIF log; the stored one is kept`);
      continue;
    }
    await writeFileAtomic(path.join(store, storedSarifName(scan.digest)), text, "the stored SARIF", redactor);
    report.stored.push(scan.digest);
  }
  const repositories = currentImages(options.plan, outcome.ledger);
  const current = new Set([...repositories.values()].flatMap((images) => images.map((image) => image.digest)));
  for (const name of await readdir(store).catch(() => [])) {
    const match = /^([a-z0-9]+)-([a-f0-9]+)\.sarif$/i.exec(name);
    if (!match) continue;
    const digest = `${match[1]}:${match[2]}`;
    if (current.has(digest)) continue;
    await rm(path.join(store, name), { force: true });
    report.pruned.push(digest);
  }
  if (options.sarifDir === void 0) return report;
  for (const [repository, images] of [...repositories].sort(([a], [b]) => a.localeCompare(b))) {
    const logs = [];
    for (const image of images) {
      const file2 = path.join(store, storedSarifName(image.digest));
      const text = await readFile(file2, "utf8").catch(() => void 0);
      const log = text === void 0 ? void 0 : parseLog(text);
      if (log) logs.push({ ...image, log });
      else report.missing.push({ repository, digest: image.digest });
    }
    const combined = combineRepositorySarif(repository, logs);
    if (!combined) continue;
    const file = path.join(options.sarifDir, repositorySarifName(repository));
    await writeFileAtomic(file, `${JSON.stringify(combined.log, null, 2)}
`, "the repository SARIF", redactor);
    report.files.push({ repository, file, digests: logs.length, resultsDropped: combined.resultsDropped });
  }
  return report;
}
function currentImages(plan, ledger) {
  const byRepository = /* @__PURE__ */ new Map();
  const add = (repository, digest, tags) => {
    const images = byRepository.get(repository) ?? [];
    if (!images.some((image) => image.digest === digest)) images.push({ digest, tags });
    byRepository.set(repository, images);
  };
  if (plan) {
    for (const image of [...plan.scans, ...plan.skipped]) {
      add(image.repository, image.digest, image.tags);
      for (const other of image.alsoIn ?? []) add(other.repository, image.digest, other.tags);
    }
  } else {
    for (const [digest, entry] of Object.entries(ledger.entries)) add(entry.repository, digest, entry.tags);
  }
  return byRepository;
}
function parseLog(text) {
  try {
    const log = JSON.parse(text);
    return Array.isArray(log?.runs) ? log : void 0;
  } catch {
    return void 0;
  }
}

// src/rescan/merge-command.ts
async function runRescanMerge(args, context) {
  const display = (file) => workspaceRelative(context.cwd, file);
  const ledgerFile = path2.resolve(context.cwd, args.ledger);
  const outFile = path2.resolve(context.cwd, args.out);
  const previous = await readLedger(ledgerFile);
  let plan;
  if (args.plan !== void 0) plan = await readPlan(path2.resolve(context.cwd, args.plan));
  const files = await findShardResults(args.results.map((dir) => path2.resolve(context.cwd, dir)));
  const results = [];
  for (const file of files) {
    results.push({ file: display(file), result: await readShardResult(file), dir: path2.dirname(file) });
  }
  checkSamePlan(results, plan && args.plan !== void 0 ? { file: args.plan, createdAt: plan.createdAt } : void 0);
  const outcome = mergeResults(previous, results, plan, /* @__PURE__ */ new Date());
  await writeLedger(outFile, outcome.ledger, context.redactor);
  let sarif;
  if (args.sarifDir !== void 0 || args.sarifStore !== void 0) {
    sarif = await mergeSarif({
      store: path2.resolve(context.cwd, args.sarifStore ?? path2.join(path2.dirname(outFile), SARIF_STORE_DIR)),
      ...args.sarifDir !== void 0 ? { sarifDir: path2.resolve(context.cwd, args.sarifDir) } : {},
      outcome,
      ...plan ? { plan } : {},
      logger: context.logger,
      ...context.redactor ? { redactor: context.redactor } : {}
    });
  }
  const nothingFound = results.length === 0 && (plan === void 0 || plan.scans.length > 0);
  if (nothingFound) {
    context.logger.warning(`no ${SHARD_RESULT_FILE} under ${args.results.join(", ")}`);
  }
  context.stdout(mergeReport(outcome, { out: display(outFile), results: results.length, plan }));
  if (sarif) context.stdout(sarifReport(sarif, display));
  const complete = !nothingFound && outcome.failed.length === 0 && outcome.incomplete.length === 0 && outcome.missingShards.length === 0;
  return complete ? ExitCode.Pass : ExitCode.Tool;
}
function mergeReport(outcome, context) {
  const entries = Object.keys(outcome.ledger.entries).length;
  const lines = [
    `rescan merge: ${outcome.folded.length} scans from ${context.results} shard results folded into ${context.out} (${entries} entries)`
  ];
  if (outcome.failed.length > 0) {
    lines.push(`failed scans (${outcome.failed.length}; their entries are kept as they were, to be planned again):`);
    for (const { file, scan } of outcome.failed) {
      lines.push(`  ${scan.reference}: ${(scan.error ?? "").split("\n")[0]} (${file})`);
    }
  }
  if (outcome.incomplete.length > 0) {
    lines.push(`shards that stopped midway (${outcome.incomplete.length}):`);
    for (const { file, shard, done, planned } of outcome.incomplete) {
      lines.push(`  ${shard}: ${done} of ${planned} scans have an outcome (${file})`);
    }
  }
  if (outcome.missingShards.length > 0) {
    lines.push(`shards that never reported (${outcome.missingShards.length}):`);
    for (const { shard, scans } of outcome.missingShards) {
      lines.push(`  ${shard}: ${scans.length} scans, e.g. ${scans[0]?.reference ?? ""}`);
    }
  }
  return `${lines.join("\n")}
`;
}
function sarifReport(report, display) {
  const lines = [
    `SARIF store: ${report.stored.length} stored, ${report.pruned.length} pruned; ${report.files.length} repository files written`
  ];
  for (const { repository, file, digests, resultsDropped } of report.files) {
    const cut = resultsDropped > 0 ? `, ${resultsDropped} least severe results left out (GitHub's limits)` : "";
    lines.push(`  ${repository}: ${display(file)} (${digests} digests${cut})`);
  }
  if (report.missing.length > 0) {
    lines.push(`digests without a stored SARIF (${report.missing.length}; not in their repository's file):`);
    for (const { repository, digest } of report.missing) lines.push(`  ${repository} ${digest}`);
  }
  return `${lines.join("\n")}
`;
}
export {
  runRescanMerge
};
//# sourceMappingURL=merge-command-A6OL7L6G.js.map
