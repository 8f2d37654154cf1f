import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  SHARD_RESULT_FILE,
  readPlan,
  shardScans,
  writeShardResult
} from "./chunk-42QITIT7.js";
import {
  RESCAN_SCHEMA_VERSION,
  readLedger
} from "./chunk-JOF4GSO7.js";
import {
  cliOptionName
} from "./chunk-6TL3JDAC.js";
import {
  runPipeline,
  useOfflineBundle,
  workspaceRelative
} from "./chunk-WGFL7XYI.js";
import "./chunk-JUGU53RN.js";
import {
  RegistryClient
} from "./chunk-W2VDYOEE.js";
import "./chunk-DWMO3FQH.js";
import "./chunk-PVWXTPTW.js";
import {
  redactorFor
} from "./chunk-TYJR6YN4.js";
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
import "./chunk-VN2WC5C3.js";
import "./chunk-ZCMRTNUR.js";
import "./chunk-3NASWGJX.js";
import "./chunk-VVMJR22K.js";
import "./chunk-WF3FNKQG.js";
import "./chunk-ON4C7FYR.js";
import {
  decideVerdict,
  header,
  row,
  severityCell,
  shortDigest
} from "./chunk-ALVOWIAA.js";
import {
  codeSpan,
  escapeInline
} from "./chunk-SAYJQMG6.js";
import "./chunk-3ZN2VMKL.js";
import "./chunk-HLKV6WWC.js";
import {
  writeFileAtomic
} from "./chunk-7GNNRPV6.js";
import "./chunk-7DMJUEWI.js";
import "./chunk-DRWF5HZX.js";
import "./chunk-HA35GMAF.js";
import "./chunk-IESNBTYB.js";
import {
  loadPolicy
} from "./chunk-EJWCARX5.js";
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
import {
  resolveRunConfig
} from "./chunk-F3JXNG4H.js";
import "./chunk-H2J6QPBD.js";
import "./chunk-525AQQA4.js";
import "./chunk-O5XMQXHR.js";
import "./chunk-UESGDJOT.js";
import "./chunk-BEXNPQ7L.js";
import "./chunk-OOOZQBDA.js";
import {
  WorkspacePaths
} from "./chunk-5AN7IYVK.js";
import "./chunk-WKVO4CF4.js";
import {
  parseImageReference
} from "./chunk-ST7SR4PU.js";
import "./chunk-MYVX7FUX.js";
import "./chunk-FRITBTAO.js";
import "./chunk-CJYB6J4O.js";
import {
  readTrivyDbState
} from "./chunk-QAPMAWII.js";
import {
  ExitCode,
  ImagegateError,
  describeError,
  exitCodeFor
} from "./chunk-BRI3MEVE.js";
import "./chunk-GVHAVQQT.js";

// src/rescan/run-command.ts
import { mkdir } from "node:fs/promises";
import path2 from "node:path";

// src/rescan/reference-scan.ts
async function resolveReferenceScan(reference, base, logger) {
  const ref = parseImageReference(reference, { path: "--reference" });
  const tag = ref.digest === void 0 ? ref.tag ?? "latest" : ref.tag;
  const tags = tag !== void 0 ? [tag] : [];
  let digest = ref.digest;
  if (digest === void 0) {
    const client = await RegistryClient.open(ref.registry, {
      logger,
      environment: base.environment,
      insecureRegistries: base.insecureRegistries ?? []
    });
    try {
      digest = (await client.headManifest(ref.repository, tag ?? "latest")).digest;
    } finally {
      client.close();
    }
    logger.info(`${reference} is ${digest}`);
  }
  return { repository: ref.repository, digest, tags, reference: `${ref.name}@${digest}` };
}

// src/rescan/run-summary.ts
var RUN_SUMMARY_FILE = "summary.md";
var MAX_ROWS_PER_IMAGE = 50;
var MAX_ROWS = 1e3;
var CELL = 120;
function runSummaryMarkdown(input) {
  const { shard, outcomes } = input;
  const title = input.single ? "# imagegate rescan" : `# imagegate rescan — shard ${shard.shard}`;
  const totals = tally(outcomes);
  const against = input.ledgerFile ? `new since the ledger ${codeSpan(input.ledgerFile, { maxLength: CELL })}` : "new: no ledger was given, so every finding is new";
  const lines = [
    title,
    "",
    `${outcomes.length} of ${shard.planned} images done` + (shard.finishedAt ? "" : " (the run has not finished)") + `: ${totals.scanned} scanned, ${totals.failed} failed, ${totals.failing} failing the gate. **${plural(totals.fresh, "finding")} ${against}**` + (totals.fresh > 0 ? ` (${totals.freshFailing} of them failing the gate).` : ".")
  ];
  if (outcomes.length > 0) {
    lines.push("", ...header(["Image", "Tags", "Verdict", "New", "Findings", "Reports"]));
    for (const outcome of outcomes) lines.push(imageRow(outcome));
  }
  const failed = outcomes.filter((outcome) => outcome.result.status === "failed");
  if (failed.length > 0) {
    lines.push("", "## Failed scans", "");
    for (const { result } of failed) {
      lines.push(
        `- ${imageName(result.repository, result.digest)}: ${escapeInline(result.error ?? "", { maxLength: 500 })}`
      );
    }
  }
  const fresh = outcomes.filter((outcome) => outcome.fresh.length > 0);
  if (fresh.length > 0) {
    lines.push("", "## New findings");
    let budget = MAX_ROWS;
    for (const outcome of fresh) {
      const rows = Math.min(MAX_ROWS_PER_IMAGE, budget, outcome.fresh.length);
      lines.push("", ...newFindingsSection(outcome, rows));
      budget -= rows;
    }
  }
  return `${lines.join("\n")}
`;
}
function imageRow({ result, findings }) {
  const tags = result.tags.length > 0 ? result.tags.map((tag) => codeSpan(tag, { inTable: true, maxLength: 60 })) : [];
  const shownTags = tags.length > 5 ? [...tags.slice(0, 5), `+${tags.length - 5}`] : tags;
  const reports = result.outDir ? codeSpan(`${result.outDir}/`, { inTable: true, maxLength: CELL }) : "—";
  if (result.status === "failed") {
    return row([
      imageName(result.repository, result.digest),
      shownTags.join(" ") || "—",
      "⚠️ scan failed",
      "—",
      "—",
      reports
    ]);
  }
  return row([
    imageName(result.repository, result.digest),
    shownTags.join(" ") || "—",
    result.verdict === "fail" ? "❌ fail" : "✅ pass",
    String(result.newFindings ?? 0),
    String(findings),
    reports
  ]);
}
function newFindingsSection(outcome, maxRows) {
  const { result, fresh } = outcome;
  const shown = fresh.slice(0, maxRows);
  const lines = [
    `### ${imageName(result.repository, result.digest)}`,
    "",
    ...shown.length > 0 ? header(["Severity", "Rule", "Package", "Message"]) : [],
    ...shown.map(
      (finding) => row([
        severityCell(finding.severity),
        codeSpan(finding.ruleId, { inTable: true, maxLength: 80 }),
        packageCell(finding),
        escapeInline(finding.message, { maxLength: CELL })
      ])
    )
  ];
  const hidden = fresh.length - shown.length;
  if (hidden > 0) {
    const where = codeSpan(`${result.outDir ?? ""}/imagegate.json`, { maxLength: CELL });
    if (shown.length > 0) lines.push("");
    lines.push(`… and ${hidden} more new findings (all findings are in ${where}).`);
  }
  return lines;
}
function packageCell(finding) {
  const properties = finding.properties ?? {};
  const name = typeof properties.pkgName === "string" ? properties.pkgName : void 0;
  if (!name) return "—";
  const installed = typeof properties.installedVersion === "string" ? ` ${properties.installedVersion}` : "";
  const fixed = typeof properties.fixedVersion === "string" ? ` → ${properties.fixedVersion}` : "";
  return escapeInline(`${name}${installed}${fixed}`, { maxLength: CELL });
}
function imageName(repository, digest) {
  return codeSpan(`${repository}@${shortDigest(digest)}`, { inTable: true, maxLength: CELL });
}
function tally(outcomes) {
  const totals = { scanned: 0, failed: 0, failing: 0, fresh: 0, freshFailing: 0 };
  for (const outcome of outcomes) {
    if (outcome.result.status === "failed") totals.failed += 1;
    else totals.scanned += 1;
    if (outcome.result.verdict === "fail") totals.failing += 1;
    totals.fresh += outcome.fresh.length;
    totals.freshFailing += outcome.freshFailing;
  }
  return totals;
}
function runSummaryText(input, files) {
  const { shard, outcomes } = input;
  const totals = tally(outcomes);
  const lines = outcomes.map(({ result, findings }) => {
    const name = `${result.repository}@${shortDigest(result.digest)}`;
    if (result.status === "failed") return `  FAILED ${name}: ${(result.error ?? "").split("\n")[0]}`;
    return `  ${result.verdict === "fail" ? "fail  " : "pass  "} ${name}  ${result.newFindings ?? 0} new of ${findings}`;
  });
  const what = input.single ? "rescan" : `rescan shard ${shard.shard}`;
  lines.unshift(
    `${what}: ${totals.scanned} scanned, ${totals.failed} failed; ${plural(totals.fresh, "new finding")} (${totals.freshFailing} failing the gate)${input.ledgerFile ? " since the ledger" : ", no ledger given"}`
  );
  lines.push(`results: ${files.result}`, `summary: ${files.summary}`);
  return `${lines.join("\n")}
`;
}
function plural(count, noun) {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

// src/rescan/scan-image.ts
import { existsSync } from "node:fs";
import path from "node:path";

// src/rescan/new-findings.ts
function newSinceLedger(result, entry) {
  const active = result.findings.filter((finding) => !finding.suppressedBy);
  const known = new Set(entry?.fingerprints ?? []);
  const seen = /* @__PURE__ */ new Set();
  const fresh = [];
  for (const finding of active) {
    if (known.has(finding.fingerprint) || seen.has(finding.fingerprint)) continue;
    seen.add(finding.fingerprint);
    fresh.push(finding);
  }
  const freshFailing = fresh.filter(
    (finding) => decideVerdict([finding], result.failOn, result.familyFailOn) === "fail"
  ).length;
  return {
    fingerprints: [...new Set(active.map((finding) => finding.fingerprint))].sort(),
    fresh,
    freshFailing
  };
}

// src/rescan/scan-image.ts
async function scanPlanned(scan, setup) {
  const { logger } = setup.pipeline;
  const now = setup.pipeline.now ?? (() => /* @__PURE__ */ new Date());
  const dirName = scanDirName(scan.repository, scan.digest);
  const image = { repository: scan.repository, digest: scan.digest, tags: scan.tags, reference: scan.reference };
  const config = {
    ...setup.base,
    image: { kind: "registry", reference: scan.reference },
    outDir: path.join(setup.outDir, dirName),
    category: `rescan/${scan.repository}`,
    // No Dockerfile here: without an anchor every finding would be a run notification, never an alert.
    sarifAnchor: scan.repository
  };
  try {
    const { result } = await logger.group(`rescan ${scan.reference}`, () => runPipeline(config, setup.pipeline));
    const compared = newSinceLedger(result, setup.ledger.entries[scan.digest]);
    const trivyDbUpdatedAt = await dbUpdatedAt(result.scan?.dbUpdatedAt, setup);
    return {
      result: {
        ...image,
        status: "scanned",
        verdict: result.verdict,
        ...trivyDbUpdatedAt ? { trivyDbUpdatedAt } : {},
        fingerprints: compared.fingerprints,
        newFindings: compared.fresh.length,
        outDir: dirName,
        finishedAt: now().toISOString()
      },
      fresh: compared.fresh,
      freshFailing: compared.freshFailing,
      findings: compared.fingerprints.length
    };
  } catch (error) {
    if (!(error instanceof ImagegateError)) logger.error(describeError(error));
    const message = error instanceof ImagegateError ? error.message : `internal error: ${String(error)}`;
    logger.error(`${scan.reference}: scan failed: ${message}`);
    return {
      result: {
        ...image,
        status: "failed",
        error: message,
        exitCode: exitCodeFor(error),
        // Whatever the scan left (Trivy's report, its log) is worth a look; a dir that was never made is not.
        ...existsSync(config.outDir) ? { outDir: dirName } : {},
        finishedAt: now().toISOString()
      },
      fresh: [],
      freshFailing: 0,
      findings: 0
    };
  }
}
function scanDirName(repository, digest) {
  const hex = digest.slice(digest.indexOf(":") + 1, digest.indexOf(":") + 13);
  return `${repository.replace(/\//g, "_")}-${hex}`;
}
async function dbUpdatedAt(reported, setup) {
  if (setup.base.scan.kind !== "trivy") return void 0;
  const parsed = reported !== void 0 ? new Date(reported) : void 0;
  if (parsed && !Number.isNaN(parsed.getTime())) return parsed.toISOString();
  const state = await readTrivyDbState(setup.trivyCacheDir, "db");
  return state.metadata?.updatedAt?.toISOString();
}

// src/rescan/run-command.ts
async function runRescanRun(args, context) {
  const { logger } = context;
  const now = () => /* @__PURE__ */ new Date();
  const startedAt = now().toISOString();
  const base = baseRunConfig(args, context);
  if (base.policyFile)
    await loadPolicy(base.policyFile, {
      displayPath: (file) => workspaceRelative(context.cwd, file),
      paths: WorkspacePaths.within(base.allowedRoots ?? [base.workspace])
    });
  const ledgerFile = args.ledger !== void 0 ? path2.resolve(context.cwd, args.ledger) : void 0;
  const ledger = ledgerFile ? await readLedger(ledgerFile) : void 0;
  const plan = args.plan !== void 0 ? await readPlan(path2.resolve(context.cwd, args.plan)) : void 0;
  const trivyBundle = base.offlineBundle ? await useOfflineBundle(
    base.offlineBundle,
    (base.scan.kind === "trivy" ? base.scan.cacheDir : void 0) ?? context.scan.defaultCacheDir,
    logger
  ) : void 0;
  try {
    return await runShard({ args, context, base, ledger, plan, startedAt, now, trivyBundle });
  } finally {
    await trivyBundle?.cleanup();
  }
}
async function runShard(input) {
  const { args, context, base, ledger, plan, startedAt, now, trivyBundle } = input;
  const { logger } = context;
  const redactor = context.redactor ?? redactorFor(context.env);
  const outDir = path2.resolve(context.cwd, args.outDir);
  let scans;
  let planCreatedAt;
  let shardLabel;
  if (plan !== void 0) {
    const shard2 = args.shard ?? { index: 1, count: 1 };
    scans = shardScans(plan, shard2, args.plan ?? "");
    planCreatedAt = plan.createdAt;
    shardLabel = `${shard2.index}/${shard2.count}`;
  } else {
    scans = [await resolveReferenceScan(args.reference ?? "", base, logger)];
    planCreatedAt = startedAt;
    shardLabel = "1/1";
  }
  await mkdir(outDir, { recursive: true });
  const shard = {
    schemaVersion: RESCAN_SCHEMA_VERSION,
    planCreatedAt,
    shard: shardLabel,
    startedAt,
    scans: [],
    planned: scans.length
  };
  const summaryInput = {
    shard,
    outcomes: [],
    single: args.plan === void 0,
    ...args.ledger !== void 0 ? { ledgerFile: args.ledger } : {}
  };
  const outcomes = summaryInput.outcomes;
  const save = async () => {
    await writeShardResult(outDir, shard, redactor);
    await writeFileAtomic(
      path2.join(outDir, RUN_SUMMARY_FILE),
      runSummaryMarkdown(summaryInput),
      "the summary",
      redactor
    );
  };
  await save();
  const setup = {
    base,
    outDir,
    trivyCacheDir: trivyBundle?.cacheDir ?? (base.scan.kind === "trivy" && base.scan.cacheDir ? base.scan.cacheDir : context.scan.defaultCacheDir),
    ledger: ledger ?? { schemaVersion: RESCAN_SCHEMA_VERSION, updatedAt: startedAt, entries: {} },
    pipeline: { logger, redactor, scan: context.scan, now, ...trivyBundle ? { trivyBundle } : {} }
  };
  for (const [index, scan] of scans.entries()) {
    logger.info(`[${index + 1}/${scans.length}] ${scan.reference}`);
    await trivyBundle?.touch();
    const outcome = await scanPlanned(scan, setup);
    outcomes.push(outcome);
    shard.scans.push(outcome.result);
    if (index === scans.length - 1) shard.finishedAt = now().toISOString();
    await save();
  }
  if (scans.length === 0) {
    shard.finishedAt = now().toISOString();
    await save();
  }
  context.stdout(
    runSummaryText(summaryInput, {
      result: workspaceRelative(context.cwd, path2.join(outDir, SHARD_RESULT_FILE)),
      summary: workspaceRelative(context.cwd, path2.join(outDir, RUN_SUMMARY_FILE))
    })
  );
  return exitCode(outcomes, args.failOn);
}
function exitCode(outcomes, failOn) {
  if (outcomes.some((outcome) => outcome.result.status === "failed")) return ExitCode.Tool;
  if (failOn === "new" && outcomes.some((outcome) => outcome.freshFailing > 0)) return ExitCode.GateFailed;
  if (failOn === "any" && outcomes.some((outcome) => outcome.result.verdict === "fail")) return ExitCode.GateFailed;
  return ExitCode.Pass;
}
function baseRunConfig(args, context) {
  const raw = {
    image: args.reference ?? "rescan.invalid/placeholder:latest",
    outDir: args.outDir,
    buildArgs: [],
    skipCompose: true,
    insecureRegistries: args.insecureRegistries,
    ...args.policy !== void 0 ? { policy: args.policy } : {},
    ...args.platform !== void 0 ? { platform: args.platform } : {},
    ...args.scanners !== void 0 ? { scanners: args.scanners } : {},
    ...args.trivyVersion !== void 0 ? { trivyVersion: args.trivyVersion } : {},
    ...args.trivyTimeout !== void 0 ? { trivyTimeout: args.trivyTimeout } : {},
    ...args.trivyCacheDir !== void 0 ? { trivyCacheDir: args.trivyCacheDir } : {},
    ...args.trivyDbRepositories ? { trivyDbRepositories: args.trivyDbRepositories } : {},
    ...args.trivyJavaDbRepositories ? { trivyJavaDbRepositories: args.trivyJavaDbRepositories } : {},
    ...args.trivySha256 !== void 0 ? { trivySha256: args.trivySha256 } : {},
    ...args.trivyTrustOnFirstUse ? { trivyTrustOnFirstUse: true } : {},
    ...args.offline ? { offline: true } : {},
    ...args.offlineBundle !== void 0 ? { offlineBundle: args.offlineBundle } : {}
  };
  return resolveRunConfig(raw, {
    cwd: context.cwd,
    environment: context.env,
    optionName: (option) => option === "image" ? "--reference" : cliOptionName(option)
  });
}
export {
  runRescanRun
};
//# sourceMappingURL=run-command-UXGRWI32.js.map
