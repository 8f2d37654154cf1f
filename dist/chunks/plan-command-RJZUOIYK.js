import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  GITHUB_MATRIX_MAX,
  GITLAB_PARALLEL_MAX,
  RESCAN_SCHEMA_VERSION,
  readLedger
} from "./chunk-JOF4GSO7.js";
import {
  RegistryClient
} from "./chunk-W2VDYOEE.js";
import "./chunk-DWMO3FQH.js";
import "./chunk-LUOCSN52.js";
import "./chunk-442YUYJO.js";
import "./chunk-ZCMRTNUR.js";
import "./chunk-VVMJR22K.js";
import {
  writeJsonAtomic
} from "./chunk-7GNNRPV6.js";
import "./chunk-7DMJUEWI.js";
import "./chunk-DRWF5HZX.js";
import "./chunk-IESNBTYB.js";
import {
  isOciTag,
  loadPolicy,
  parseTagRules,
  selectTags
} from "./chunk-EJWCARX5.js";
import "./chunk-YHFRDE34.js";
import "./chunk-2SIDVBE2.js";
import "./chunk-LUOQMPLI.js";
import {
  require_dist
} from "./chunk-GO6V4V27.js";
import "./chunk-G7D7EWW2.js";
import "./chunk-RHYLLRJI.js";
import {
  parseInsecureRegistry
} from "./chunk-525AQQA4.js";
import "./chunk-OOOZQBDA.js";
import {
  WorkspacePaths
} from "./chunk-5AN7IYVK.js";
import {
  DOCKER_HUB,
  normalizeRegistry
} from "./chunk-ST7SR4PU.js";
import "./chunk-MYVX7FUX.js";
import "./chunk-FRITBTAO.js";
import {
  readTrivyDbState
} from "./chunk-QAPMAWII.js";
import {
  ConfigurationError,
  ExitCode,
  ToolError
} from "./chunk-BRI3MEVE.js";
import {
  __toESM
} from "./chunk-GVHAVQQT.js";

// src/rescan/plan-command.ts
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

// src/rescan/plan.ts
var UNKNOWN_DB_FRESHNESS_MS = 24 * 60 * 60 * 1e3;
var DEFAULT_MAX_SHARDS = GITLAB_PARALLEL_MAX;
function buildPlan(input) {
  const groups = groupByDigest(input.images);
  const scans = [];
  const skipped = [];
  for (const group of groups) {
    const [primary, ...others] = group.repositories;
    if (!primary) continue;
    const image = { repository: primary.repository, digest: group.digest, tags: primary.tags };
    const entry = input.ledger?.entries[group.digest];
    const skip = entry ? skipReason(entry, input.trivyDbUpdatedAt, input.now) : void 0;
    if (skip !== void 0) {
      skipped.push({ ...image, reason: "unchanged", detail: skip, ...others.length > 0 ? { alsoIn: others } : {} });
    } else {
      scans.push({
        ...image,
        reference: `${input.registry}/${primary.repository}@${group.digest}`,
        ...others.length > 0 ? { alsoIn: others } : {}
      });
    }
  }
  const order = (a, b) => compare(a.repository, b.repository) || compare(a.tags[0] ?? "", b.tags[0] ?? "") || compare(a.digest, b.digest);
  scans.sort(order);
  skipped.sort(order);
  return {
    schemaVersion: RESCAN_SCHEMA_VERSION,
    createdAt: input.now.toISOString(),
    registry: input.registry,
    ...input.trivyDbUpdatedAt !== void 0 ? { trivyDbUpdatedAt: input.trivyDbUpdatedAt } : {},
    shards: shardCount(scans.length, input.shards),
    scans,
    skipped,
    counts: {
      repositories: new Set(input.repositories).size,
      tags: new Set(input.images.map((image) => `${image.repository}:${image.tag}`)).size,
      digests: groups.length,
      toScan: scans.length,
      skipped: skipped.length
    }
  };
}
function skipReason(entry, currentDb, now) {
  if (currentDb !== void 0) {
    if (entry.trivyDbUpdatedAt === void 0 || !sameTime(entry.trivyDbUpdatedAt, currentDb)) return void 0;
    return `scanned ${entry.lastScan} with the current Trivy DB (UpdatedAt ${currentDb})`;
  }
  const age = now.getTime() - Date.parse(entry.lastScan);
  if (!(age >= 0 && age < UNKNOWN_DB_FRESHNESS_MS)) return void 0;
  return `scanned ${entry.lastScan}, less than 24 h ago; the current Trivy DB is unknown (no --trivy-db-updated-at and no metadata.json in the Trivy cache)`;
}
function sameTime(a, b) {
  const [x, y] = [Date.parse(a), Date.parse(b)];
  return Number.isNaN(x) || Number.isNaN(y) ? a === b : x === y;
}
function shardCount(scans, requested) {
  const wanted = requested ?? DEFAULT_MAX_SHARDS;
  return Math.max(1, Math.min(wanted, scans));
}
function scansOfShard(plan, index) {
  return plan.scans.filter((_, i) => i % plan.shards === index - 1);
}
function activeShards(plan) {
  return plan.scans.length === 0 ? 0 : plan.shards;
}
function checkGitHubShards(plan) {
  const shards = activeShards(plan);
  if (shards > GITHUB_MATRIX_MAX) {
    throw new ConfigurationError(
      `--shards ${shards}: a GitHub Actions matrix runs at most ${GITHUB_MATRIX_MAX} jobs; give --shards ${GITHUB_MATRIX_MAX} or fewer (each shard then scans several images)`
    );
  }
}
function groupByDigest(images) {
  const byDigest = /* @__PURE__ */ new Map();
  for (const { repository, tag, digest } of images) {
    const repositories = byDigest.get(digest) ?? /* @__PURE__ */ new Map();
    byDigest.set(digest, repositories);
    const tags = repositories.get(repository) ?? /* @__PURE__ */ new Set();
    repositories.set(repository, tags);
    tags.add(tag);
  }
  return [...byDigest].sort(([a], [b]) => compare(a, b)).map(([digest, repositories]) => ({
    digest,
    repositories: [...repositories].sort(([a], [b]) => compare(a, b)).map(([repository, tags]) => ({ repository, tags: [...tags].sort(compare) }))
  }));
}
function compare(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

// src/rescan/github-matrix.ts
function githubMatrix(plan) {
  checkGitHubShards(plan);
  const include = [];
  const shards = activeShards(plan);
  for (let index = 1; index <= shards; index += 1) {
    const scans = scansOfShard(plan, index);
    include.push({
      shard: `${index}/${shards}`,
      references: scans.map((scan) => scan.reference).join(" "),
      repositories: [...new Set(scans.map((scan) => scan.repository))].sort().join(" ")
    });
  }
  return { include };
}

// src/rescan/gitlab-child-pipeline.ts
var import_yaml = __toESM(require_dist(), 1);
var DEFAULT_GITLAB_IMAGE = "registry.example.com/imagegate/imagegate:0.1.0";
var DEFAULT_PLAN_JOB = "rescan-plan";
var SHARD_RESULTS_DIR = "imagegate-rescan";
var LEDGER_CACHE_KEY = "imagegate-rescan-ledger-protected-$CI_COMMIT_REF_PROTECTED";
var TRIVY_DB_CACHE_KEY = "imagegate-trivy-db-protected-$CI_COMMIT_REF_PROTECTED";
function gitlabChildPipeline(plan, options) {
  const shards = activeShards(plan);
  const header = `# Generated by imagegate rescan plan at ${plan.createdAt} for ${plan.registry}: ${plan.counts.toScan} image(s) to scan in ${shards} shard(s), ${plan.counts.skipped} unchanged.
`;
  const image = { name: options.image, entrypoint: [""] };
  if (shards === 0) {
    const message = `imagegate rescan plan: nothing to scan; ${plan.counts.digests} digest(s) in ${plan.counts.repositories} repositories, ${plan.counts.skipped} unchanged since the ledger`;
    return header + (0, import_yaml.stringify)({ "rescan-nothing-to-scan": { image, needs: [], script: [`echo "${message}"`] } });
  }
  const needsPlan = { pipeline: "$PARENT_PIPELINE_ID", job: options.planJob };
  const run = [
    'imagegate rescan run --plan "$IMAGEGATE_RESCAN_PLAN" --shard "$SHARD"',
    `--out-dir "${SHARD_RESULTS_DIR}/shard-\${SHARD%%/*}"`,
    ...options.policy !== void 0 ? [`--policy ${quote(options.policy)}`] : [],
    ...options.ledger !== void 0 ? [`--ledger ${quote(options.ledger)}`] : [],
    ...options.trivyCacheDir !== void 0 ? [`--trivy-cache-dir ${quote(options.trivyCacheDir)}`] : [],
    "$IMAGEGATE_RESCAN_RUN_ARGS"
  ].join(" ");
  const cache = [
    ...options.ledger !== void 0 ? [{ key: LEDGER_CACHE_KEY, paths: [options.ledger], policy: "pull" }] : [],
    ...options.trivyCacheDir !== void 0 ? [{ key: TRIVY_DB_CACHE_KEY, paths: [`${options.trivyCacheDir.split("/")[0] ?? ""}/`], policy: "pull" }] : []
  ];
  const jobs = {};
  const names = [];
  for (let first = 1; first <= shards; first += GITLAB_PARALLEL_MAX) {
    const last = Math.min(shards, first + GITLAB_PARALLEL_MAX - 1);
    const name = shards <= GITLAB_PARALLEL_MAX ? "rescan" : `rescan-${first}-${last}`;
    names.push(name);
    const list = [];
    for (let index = first; index <= last; index += 1) list.push(`${index}/${shards}`);
    jobs[name] = {
      stage: "rescan",
      image,
      needs: [needsPlan],
      ...cache.length > 0 ? { cache } : {},
      parallel: { matrix: [{ SHARD: list }] },
      script: [run],
      artifacts: { when: "always", paths: [`${SHARD_RESULTS_DIR}/`], expire_in: "30 days" }
    };
  }
  if (options.ledger !== void 0) {
    const ledger = quote(options.ledger);
    jobs["rescan-merge"] = {
      stage: "merge",
      image,
      // Shards that failed still hand over what they wrote; merge says which shards fell short.
      when: "always",
      needs: [needsPlan, ...names.map((job) => ({ job, artifacts: true }))],
      cache: { key: LEDGER_CACHE_KEY, paths: [options.ledger], policy: "pull-push", when: "always" },
      script: [
        `imagegate rescan merge --ledger ${ledger} --results ${SHARD_RESULTS_DIR} --out ${ledger} --plan "$IMAGEGATE_RESCAN_PLAN"`
      ],
      artifacts: { when: "always", paths: [options.ledger], expire_in: "30 days" }
    };
  }
  const pipeline = {
    stages: options.ledger !== void 0 ? ["rescan", "merge"] : ["rescan"],
    variables: {
      IMAGEGATE_RESCAN_PLAN: options.planPath,
      IMAGEGATE_RESCAN_RUN_ARGS: "",
      // Each job's own job token reads the project's registry (a parent's token expires with its job and cannot
      // be handed down); project CI/CD variables of these names take precedence, e.g. for another registry.
      IMAGEGATE_REGISTRY_USERNAME: "$CI_REGISTRY_USER",
      IMAGEGATE_REGISTRY_PASSWORD: "$CI_REGISTRY_PASSWORD"
    },
    ...jobs
  };
  return header + (0, import_yaml.stringify)(pipeline, { lineWidth: 0 });
}
function quote(value) {
  return /^[\w./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

// src/rescan/inventory.ts
async function takeInventory(request) {
  const { client, rules, logger } = request;
  const pages = request.pageSize !== void 0 ? { pageSize: request.pageSize } : {};
  const repositories = [...new Set(request.repositories ?? await catalog(client, pages))].sort();
  const warnings = [];
  let tagsListed = 0;
  const perRepository = await Promise.all(
    repositories.map(async (repository) => {
      const listed = await client.listTags(repository, pages);
      tagsListed += listed.length;
      const tags = ociTags(listed, `${client.registry}/${repository}`, (warning) => {
        warnings.push(warning);
        logger.warning(warning);
      });
      const selection = selectTags(tags, rules);
      for (const rule of selection.unmatched) {
        const warning = `${client.registry}/${repository}: tag rule '${rule.text}' selects none of its ${tags.length} tag(s)`;
        warnings.push(warning);
        logger.warning(warning);
      }
      logger.debug(`${client.registry}/${repository}: ${selection.tags.length} of ${tags.length} tag(s) selected`);
      const resolved = await Promise.all(
        selection.tags.map(async (tag) => {
          try {
            const head = await client.headManifest(repository, tag);
            return { repository, tag, digest: head.digest };
          } catch (error) {
            if (!vanished(error)) throw error;
            const warning = `${client.registry}/${repository}:${tag}: listed, but gone when its digest was asked for`;
            warnings.push(warning);
            logger.warning(warning);
            return void 0;
          }
        })
      );
      return resolved.filter((image) => image !== void 0);
    })
  );
  return { repositories, images: perRepository.flat(), tagsListed, warnings: warnings.sort() };
}
function ociTags(listed, where, warn) {
  const tags = [];
  const bad = [];
  for (const tag of listed) {
    if (typeof tag === "string" && isOciTag(tag)) tags.push(tag);
    else bad.push(tag);
  }
  if (bad.length > 0) {
    warn(
      `${where}: skipped ${bad.length} listed name(s) that are not OCI tags (letters, digits, _ . -, at most 128 characters), e.g. ${excerpt(bad[0])}`
    );
  }
  return tags;
}
function excerpt(value) {
  if (typeof value !== "string") return `a ${value === null ? "null" : typeof value}`;
  const shown = JSON.stringify(value.length > 40 ? value.slice(0, 40) : value);
  return value.length > 40 ? `${shown}… (${value.length} characters)` : shown;
}
function vanished(error) {
  return error instanceof ConfigurationError && / manifest not found in registry /.test(error.message);
}
async function catalog(client, pages) {
  try {
    return await client.listRepositories(pages);
  } catch (error) {
    const refused = error instanceof ConfigurationError || error instanceof ToolError && /UNSUPPORTED|HTTP 40[05]/.test(error.message);
    if (!refused) throw error;
    throw new ConfigurationError(
      `registry ${client.registry} does not let imagegate list its repositories (${error.message}); name them with --repository NAME (repeatable) or in the policy under rescan.repositories`,
      void 0,
      { cause: error }
    );
  }
}

// src/rescan/plan-summary.ts
var MAX_ROWS = 100;
function planSummary(plan, warnings) {
  const { counts } = plan;
  const shards = activeShards(plan);
  const lines = [
    `## imagegate rescan plan for ${plan.registry}`,
    "",
    `toScan=${counts.toScan} shards=${shards}`,
    "",
    "| repositories | selected tags | distinct digests | to scan | unchanged | shards |",
    "| ---: | ---: | ---: | ---: | ---: | ---: |",
    `| ${counts.repositories} | ${counts.tags} | ${counts.digests} | ${counts.toScan} | ${counts.skipped} | ${shards} |`,
    "",
    plan.trivyDbUpdatedAt !== void 0 ? `Compared against the Trivy DB of ${plan.trivyDbUpdatedAt}: a digest the ledger scanned with that DB is skipped.` : "The current Trivy DB is unknown: a digest the ledger scanned less than 24 h ago is skipped.",
    ""
  ];
  if (shards === 0) {
    lines.push("Nothing to scan: a workflow must not start the matrix job (GitHub rejects an empty matrix).", "");
  }
  if (plan.scans.length > 0) {
    lines.push("### To scan", "", "| shard | reference | tags | also in |", "| --- | --- | --- | --- |");
    plan.scans.slice(0, MAX_ROWS).forEach((scan, index) => {
      const also = (scan.alsoIn ?? []).map((other) => `${other.repository} (${other.tags.join(", ")})`).join("; ");
      lines.push(
        `| ${index % plan.shards + 1}/${shards} | \`${scan.reference}\` | ${cell(scan.tags.join(", "))} | ${cell(also)} |`
      );
    });
    if (plan.scans.length > MAX_ROWS) lines.push("", `… and ${plan.scans.length - MAX_ROWS} more in plan.json.`);
    lines.push("");
  }
  if (plan.skipped.length > 0) {
    lines.push(
      "### Unchanged since the ledger",
      "",
      "| repository | digest | tags | why |",
      "| --- | --- | --- | --- |"
    );
    for (const skipped of plan.skipped.slice(0, MAX_ROWS)) {
      lines.push(
        `| ${skipped.repository} | \`${skipped.digest.slice(0, 19)}…\` | ${cell(skipped.tags.join(", "))} | ${cell(skipped.detail ?? skipped.reason)} |`
      );
    }
    if (plan.skipped.length > MAX_ROWS) lines.push("", `… and ${plan.skipped.length - MAX_ROWS} more in plan.json.`);
    lines.push("");
  }
  if (warnings.length > 0) {
    lines.push("### Rules that selected nothing", "", ...warnings.map((warning) => `- ${warning}`), "");
  }
  return `${lines.join("\n")}
`;
}
function cell(text) {
  return text.replace(/\|/g, "\\|") || " ";
}

// src/rescan/plan-command.ts
var GITHUB_OUTPUT_MAX_BYTES = 1024 * 1024;
var ADAPTIVE_CONCURRENCY_CEILING = 32;
async function runRescanPlan(args, context) {
  const { logger } = context;
  const registry = parseRegistry(args.registry);
  const insecure = [
    ...args.insecureRegistries.map((entry) => parseInsecureRegistry(entry, "--insecure-registry")),
    ...registry.insecure ? [registry.host] : []
  ];
  const section = args.policy !== void 0 ? await policyRescan(path.resolve(context.cwd, args.policy), context) : void 0;
  const tagTexts = args.tagRules.length > 0 ? args.tagRules : section?.tags ?? [];
  const rules = parseTagRules(tagTexts, args.tagRules.length > 0 ? "--tags" : "rescan.tags");
  const named = args.repositories.length > 0 ? args.repositories : section?.repositories;
  const repositories = named?.map((name) => repositoryPath(name, registry.host));
  const trivyDbUpdatedAt = await currentTrivyDb(args, context);
  const ledger = args.ledger !== void 0 ? await readLedger(path.resolve(context.cwd, args.ledger)) : void 0;
  const client = await RegistryClient.open(registry.host, {
    logger,
    environment: context.env,
    insecureRegistries: insecure,
    ...args.concurrency !== void 0 ? { concurrency: args.concurrency } : { concurrencyCeiling: ADAPTIVE_CONCURRENCY_CEILING }
  });
  let inventory;
  try {
    inventory = await takeInventory({
      client,
      ...repositories ? { repositories } : {},
      rules,
      logger
    });
  } finally {
    client.close();
  }
  const plan = buildPlan({
    registry: client.registry,
    repositories: inventory.repositories,
    images: inventory.images,
    ...ledger ? { ledger } : {},
    ...trivyDbUpdatedAt !== void 0 ? { trivyDbUpdatedAt } : {},
    ...args.shards !== void 0 ? { shards: args.shards } : {},
    now: /* @__PURE__ */ new Date()
  });
  const matrix = githubMatrix(plan);
  const outDir = path.resolve(context.cwd, args.outDir);
  const childPipeline = gitlabChildPipeline(plan, {
    planPath: projectPath(context.cwd, path.join(outDir, "plan.json")),
    planJob: context.env.CI_JOB_NAME?.trim() || DEFAULT_PLAN_JOB,
    image: args.gitlabImage ?? DEFAULT_GITLAB_IMAGE,
    ...args.policy !== void 0 ? { policy: projectPath(context.cwd, path.resolve(context.cwd, args.policy)) } : {},
    ...args.ledger !== void 0 ? { ledger: projectPath(context.cwd, path.resolve(context.cwd, args.ledger)) } : {},
    ...inProject("trivyCacheDir", args.trivyCacheDir, context.cwd)
  });
  await mkdir(outDir, { recursive: true });
  await writeJsonAtomic(path.join(outDir, "plan.json"), plan, "the plan", context.redactor);
  const matrixJson = `${JSON.stringify(matrix)}
`;
  if (Buffer.byteLength(matrixJson) > GITHUB_OUTPUT_MAX_BYTES) {
    logger.warning(
      `github-matrix.json is ${Buffer.byteLength(matrixJson)} bytes; a GitHub job output holds at most 1 MB, so a workflow cannot pass it on as an output: give fewer, larger shards or split the re-scan by repository`
    );
  }
  await writeFile(path.join(outDir, "github-matrix.json"), matrixJson);
  await writeFile(path.join(outDir, "gitlab-child-pipeline.yml"), childPipeline);
  await writeFile(path.join(outDir, "plan-summary.md"), planSummary(plan, inventory.warnings));
  logPlan(plan, context);
  context.stdout(`toScan=${plan.counts.toScan} shards=${activeShards(plan)}
`);
  return ExitCode.Pass;
}
function logPlan(plan, { logger }) {
  const { counts } = plan;
  logger.info(
    `rescan plan: ${counts.repositories} repositories, ${counts.tags} selected tags, ${counts.digests} distinct digests: ${counts.toScan} to scan in ${activeShards(plan)} shard(s), ${counts.skipped} unchanged`
  );
  if (plan.trivyDbUpdatedAt === void 0 && counts.skipped > 0) {
    logger.info(
      `rescan plan: the current Trivy DB is unknown, so digests the ledger scanned less than 24 h ago were skipped (give --trivy-db-updated-at or --trivy-cache-dir to compare DB versions instead)`
    );
  }
  for (const skipped of plan.skipped) {
    logger.debug(`skipped ${plan.registry}/${skipped.repository}@${skipped.digest}: ${skipped.detail ?? ""}`);
  }
}
function parseRegistry(text) {
  const match = /^(?:(https?):\/\/)?([^/\s]+)\/?$/i.exec(text.trim());
  if (!match?.[2]) {
    throw new ConfigurationError(
      `--registry '${text}': expected a registry such as https://registry.example.com, ghcr.io or 127.0.0.1:5000 (no path: name repositories with --repository)`
    );
  }
  return { host: normalizeRegistry(match[2]), insecure: match[1]?.toLowerCase() === "http" };
}
function repositoryPath(name, registry) {
  const trimmed = name.trim().replace(/^\/+|\/+$/g, "");
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(trimmed)) {
    throw new ConfigurationError(
      `repository '${name}': expected a repository path such as team/api (lowercase letters, digits, . _ - and /)`
    );
  }
  return registry === DOCKER_HUB && !trimmed.includes("/") ? `library/${trimmed}` : trimmed;
}
async function policyRescan(file, context) {
  return (await loadPolicy(file, { paths: WorkspacePaths.within([context.cwd, path.dirname(file)]) })).rescan;
}
async function currentTrivyDb(args, context) {
  if (args.trivyDbUpdatedAt !== void 0) {
    const time = Date.parse(args.trivyDbUpdatedAt);
    if (Number.isNaN(time)) {
      throw new ConfigurationError(
        `--trivy-db-updated-at '${args.trivyDbUpdatedAt}': expected an ISO 8601 time such as 2026-11-26T00:51:12Z (the UpdatedAt of Trivy's db/metadata.json)`
      );
    }
    return new Date(time).toISOString();
  }
  const cacheDir = args.trivyCacheDir !== void 0 ? path.resolve(context.cwd, args.trivyCacheDir) : context.scan.defaultCacheDir;
  const state = await readTrivyDbState(cacheDir, "db");
  const updatedAt = state.metadata?.updatedAt?.toISOString();
  context.logger.debug(
    updatedAt ? `current Trivy DB: UpdatedAt ${updatedAt} (${path.join(cacheDir, "db", "metadata.json")})` : `current Trivy DB: unknown (no readable ${path.join(cacheDir, "db", "metadata.json")})`
  );
  return updatedAt;
}
function inProject(key, file, cwd) {
  if (file === void 0) return {};
  const shown = projectPath(cwd, path.resolve(cwd, file));
  return path.isAbsolute(shown) ? {} : { [key]: shown };
}
function projectPath(cwd, absolute) {
  const relative = path.relative(cwd, absolute);
  const shown = relative === "" || relative.startsWith("..") || path.isAbsolute(relative) ? absolute : relative;
  return shown.split(path.sep).join("/");
}
export {
  runRescanPlan
};
//# sourceMappingURL=plan-command-RJZUOIYK.js.map
