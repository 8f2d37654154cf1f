import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  Redactor,
  redactorFor
} from "./chunk-TYJR6YN4.js";
import "./chunk-SAYJQMG6.js";
import {
  analysisTarget,
  readGitHubContext,
  tokenMayBeReadOnly
} from "./chunk-GCMKG5EZ.js";
import {
  resolveRunConfig
} from "./chunk-F3JXNG4H.js";
import "./chunk-H2J6QPBD.js";
import "./chunk-525AQQA4.js";
import {
  secretValues
} from "./chunk-O5XMQXHR.js";
import "./chunk-UESGDJOT.js";
import "./chunk-BEXNPQ7L.js";
import "./chunk-OOOZQBDA.js";
import "./chunk-5AN7IYVK.js";
import "./chunk-WKVO4CF4.js";
import "./chunk-ST7SR4PU.js";
import {
  debug,
  error,
  getInput,
  getMultilineInput,
  group,
  info,
  setFailed,
  setSecret,
  warning
} from "./chunk-P2PCPI6C.js";
import {
  ConfigurationError,
  ExitCode,
  describeError,
  exitCodeFor
} from "./chunk-BRI3MEVE.js";
import "./chunk-GVHAVQQT.js";

// src/action/action-inputs.ts
function readActionInputs() {
  const optional = (name) => getInput(name) || void 0;
  return {
    context: optional("context"),
    dockerfile: optional("dockerfile"),
    image: optional("image"),
    archive: optional("archive"),
    ociLayout: optional("oci-layout"),
    policy: optional("policy"),
    outDir: optional("out-dir"),
    buildArgs: lines("build-args"),
    target: optional("target"),
    platform: optional("platform"),
    tag: optional("tag"),
    failOn: optional("fail-on"),
    category: optional("category"),
    trivyReport: optional("trivy-report"),
    skipScan: booleanInput("skip-scan", false),
    scanners: optional("scanners"),
    trivyVersion: optional("trivy-version"),
    trivyTimeout: optional("trivy-timeout"),
    trivyDbRepositories: lines("trivy-db-repositories"),
    trivyJavaDbRepositories: lines("trivy-java-db-repositories"),
    trivyCacheDir: optional("trivy-cache-dir"),
    baselineReport: optional("baseline-report"),
    baselineImage: optional("baseline-image"),
    compose: lines("compose-files"),
    composeEnvFiles: lines("compose-env-files"),
    composeProfiles: lines("compose-profiles"),
    skipCompose: booleanInput("skip-compose", false),
    pull: optional("pull"),
    insecureRegistries: lines("insecure-registries"),
    trivySha256: optional("trivy-sha256"),
    trivyTrustOnFirstUse: booleanInput("trivy-trust-on-first-use", false),
    allowPaths: lines("allowed-paths").flatMap((line) => line.split(",")).map((entry) => entry.trim()).filter(Boolean),
    registryUsername: optional("registry-username"),
    registryPassword: optional("registry-password"),
    cacheTrivyDb: booleanInput("cache-trivy-db", true),
    annotations: booleanInput("annotations", true),
    jobSummary: booleanInput("job-summary", true),
    githubToken: optional("github-token") ?? "",
    upload: booleanInput("upload", true),
    waitForProcessing: booleanInput("wait-for-processing", true),
    comment: booleanInput("comment", true),
    secretEnv: lines("secret-env"),
    policySource: optional("policy-source"),
    evaluateHeadPolicy: booleanInput("evaluate-head-policy", false),
    dependencySnapshot: booleanInput("dependency-snapshot", false),
    sbom: lines("sbom"),
    vex: lines("vex"),
    vexOut: optional("vex-out"),
    attest: booleanInput("attest", false),
    attestKey: optional("attest-key"),
    attestPush: booleanInput("attest-push", false),
    attestKeyless: booleanInput("attest-keyless", false),
    k8s: lines("k8s-manifests"),
    noScanCache: !booleanInput("scan-cache", true),
    kevFile: optional("kev-file"),
    epssFile: optional("epss-file"),
    kevUrls: lines("kev-urls"),
    epssUrls: lines("epss-urls"),
    offline: booleanInput("offline", false),
    offlineBundle: optional("offline-bundle")
  };
}
function actionInputName(option) {
  const names = {
    context: "context",
    dockerfile: "dockerfile",
    image: "image",
    archive: "archive",
    ociLayout: "oci-layout",
    policy: "policy",
    outDir: "out-dir",
    buildArgs: "build-args",
    target: "target",
    platform: "platform",
    tag: "tag",
    failOn: "fail-on",
    category: "category",
    trivyReport: "trivy-report",
    skipScan: "skip-scan",
    trivyVersion: "trivy-version",
    scanners: "scanners",
    trivyTimeout: "trivy-timeout",
    trivyDbRepositories: "trivy-db-repositories",
    trivyJavaDbRepositories: "trivy-java-db-repositories",
    trivyCacheDir: "trivy-cache-dir",
    baselineReport: "baseline-report",
    baselineImage: "baseline-image",
    compose: "compose-files",
    composeEnvFiles: "compose-env-files",
    composeProfiles: "compose-profiles",
    skipCompose: "skip-compose",
    pull: "pull",
    insecureRegistries: "insecure-registries",
    trivySha256: "trivy-sha256",
    trivyTrustOnFirstUse: "trivy-trust-on-first-use",
    secretEnv: "secret-env",
    policyRef: "policy-source",
    evaluateHeadPolicy: "evaluate-head-policy",
    allowPaths: "allowed-paths",
    sbom: "sbom",
    vex: "vex",
    vexOut: "vex-out",
    attest: "attest",
    attestKey: "attest-key",
    attestPush: "attest-push",
    attestKeyless: "attest-keyless",
    fulcioUrl: "IMAGEGATE_FULCIO_URL",
    rekorUrl: "IMAGEGATE_REKOR_URL",
    k8s: "k8s-manifests",
    noScanCache: "scan-cache",
    kevFile: "kev-file",
    epssFile: "epss-file",
    kevUrls: "kev-urls",
    epssUrls: "epss-urls",
    offline: "offline",
    offlineBundle: "offline-bundle"
  };
  return `input '${names[option]}'`;
}
function lines(name) {
  return getMultilineInput(name).filter((line) => line.trim() !== "");
}
function booleanInput(name, fallback) {
  const value = getInput(name).trim().toLowerCase();
  if (value === "") return fallback;
  if (["true", "yes", "on"].includes(value)) return true;
  if (["false", "no", "off"].includes(value)) return false;
  throw new ConfigurationError(`input '${name}': expected true or false, got '${value}'`);
}
function registryEnvironment(inputs) {
  if (inputs.registryPassword) setSecret(inputs.registryPassword);
  return {
    ...inputs.registryUsername ? { IMAGEGATE_REGISTRY_USERNAME: inputs.registryUsername } : {},
    ...inputs.registryPassword ? { IMAGEGATE_REGISTRY_PASSWORD: inputs.registryPassword } : {}
  };
}

// src/action/actions-logger.ts
var ActionsLogger = class {
  constructor(redactor = new Redactor()) {
    this.redactor = redactor;
  }
  redactor;
  /** Annotations written so far: GitHub shows only 10 errors and 10 warnings per step, so findings get what is left. */
  annotationCounts = { error: 0, warning: 0 };
  debug(message) {
    debug(this.redactor.redact(message));
  }
  info(message) {
    info(inert(this.redactor.redact(message)));
  }
  warning(message) {
    this.annotationCounts.warning += 1;
    warning(this.redactor.redact(message));
  }
  error(message) {
    this.annotationCounts.error += 1;
    error(this.redactor.redact(message));
  }
  group(title, fn) {
    return group(this.redactor.redact(title), fn);
  }
  mask(secret) {
    this.redactor.add(secret);
    setSecret(secret);
  }
};
function inert(message) {
  return message.replace(/^([^\S\n]*):(?=:)/gm, "$1:​");
}

// src/action/run-action.ts
var PROCESSING_POLL_DELAYS_MS = [5e3, 1e4, 2e4, 4e4, 8e4];
async function actionScanEnvironment(inputs, logger) {
  const { toolCacheStore } = await import("./tool-cache-store-6KO347OH.js");
  const { defaultActionTrivyCacheDir } = await import("./trivy-db-USWMCPP5.js");
  const { restoreTrivyDb, saveTrivyDb, trivyDbCacheScope } = await import("./trivy-db-cache-R3AQXV57.js");
  const { actionsScanCache } = await import("./trivy-scan-cache-WA5S2ZEG.js");
  const { actionsFeedsCache } = await import("./feeds-cache-QRXKF65R.js");
  const mirror = process.env.IMAGEGATE_TRIVY_DOWNLOAD_URL?.trim();
  return {
    trivyInstallCache: { kind: "tool-cache", store: toolCacheStore },
    processEnv: process.env,
    defaultCacheDir: defaultActionTrivyCacheDir(process.env),
    ...mirror ? { trivyDownloadBaseUrl: mirror } : {},
    ...inputs.cacheTrivyDb ? {
      dbCache: {
        restore: async (cacheDir) => {
          const scope = trivyDbCacheScope(process.env);
          const restored = await restoreTrivyDb(cacheDir, { logger, scope });
          return { save: () => saveTrivyDb(cacheDir, restored, { logger, scope }) };
        }
      }
    } : {},
    // The scan cache goes with the DB cache: the same service, the same trust scope.
    ...inputs.cacheTrivyDb && !inputs.noScanCache ? { scanCache: actionsScanCache({ logger, scope: trivyDbCacheScope(process.env) }) } : {},
    // The feeds go with the DB: the same switch (cache-trivy-db), the same trust scope.
    ...inputs.cacheTrivyDb ? { feedsCache: actionsFeedsCache({ logger, scope: trivyDbCacheScope(process.env) }) } : {}
  };
}
async function githubPublishing(inputs, workspace, env) {
  const context = await readGitHubContext(env);
  if (!context) return void 0;
  const needsToken = inputs.upload && !tokenMayBeReadOnly(context);
  if (needsToken && inputs.githubToken.trim() === "") {
    throw new ConfigurationError(
      "input 'github-token' is empty: the code-scanning upload needs a token with security-events: write (the default is the workflow's token); or set the input upload: false"
    );
  }
  if (inputs.upload) analysisTarget(context);
  const number = (name) => {
    const value = env[name]?.trim();
    if (!value) return void 0;
    if (!/^\d+$/.test(value)) throw new ConfigurationError(`${name} '${value}': expected a whole number`);
    return Number(value);
  };
  const maxGzipBytes = number("IMAGEGATE_SARIF_MAX_GZIP_BYTES");
  const pollDelays = env.IMAGEGATE_SARIF_POLL_DELAYS_MS?.split(",").map((value) => Number(value.trim()));
  if (pollDelays?.some((value) => !Number.isInteger(value) || value < 0)) {
    throw new ConfigurationError("IMAGEGATE_SARIF_POLL_DELAYS_MS: expected comma-separated milliseconds");
  }
  const retryBase = number("IMAGEGATE_GITHUB_RETRY_BASE_MS");
  const { GITHUB_UPLOAD_LIMITS } = await import("./sarif-batches-I6WSGJN6.js");
  return {
    context,
    token: inputs.githubToken.trim(),
    workspace,
    limits: { ...GITHUB_UPLOAD_LIMITS, ...maxGzipBytes !== void 0 ? { maxGzipBytes } : {} },
    pollDelaysMs: inputs.waitForProcessing ? pollDelays ?? PROCESSING_POLL_DELAYS_MS : [],
    ...retryBase !== void 0 ? { retry: { backoffMs: (retry) => retryBase * 2 ** (retry - 1) } } : {}
  };
}
async function runAction() {
  const redactor = redactorFor(process.env);
  try {
    const inputs = readActionInputs();
    if (inputs.githubToken) setSecret(inputs.githubToken);
    for (const value of secretValues(process.env, new Set(inputs.secretEnv))) redactor.add(value);
    for (const value of [inputs.githubToken, inputs.registryPassword]) if (value) redactor.add(value);
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
    const config = resolveRunConfig(inputs, {
      cwd: workspace,
      workspace,
      environment: { ...process.env, ...registryEnvironment(inputs) },
      optionName: actionInputName
    });
    const github = await githubPublishing(inputs, workspace, process.env);
    const logger = new ActionsLogger(redactor);
    const { actionPolicyRef } = await import("./policy-source-AM3CNGMI.js");
    const { runPipeline } = await import("./pipeline-AH6N5YSY.js");
    const { publishToActions } = await import("./publish-results-BR2BBO74.js");
    const policyRef = await actionPolicyRef(inputs.policySource, workspace, process.env, logger);
    const outcome = await runPipeline(policyRef ? { ...config, policyRef } : config, {
      logger,
      redactor,
      scan: await actionScanEnvironment(inputs, logger)
    });
    const published = await publishToActions(outcome, {
      redactor,
      annotations: inputs.annotations,
      jobSummary: inputs.jobSummary,
      upload: inputs.upload,
      comment: inputs.comment,
      dependencySnapshot: inputs.dependencySnapshot,
      logger,
      ...github ? { github } : {}
    });
    if (outcome.result.verdict === "fail") {
      setFailed(`imagegate: the gate failed (findings at or above ${outcome.result.failOn}); see the job summary`);
      process.exitCode = ExitCode.GateFailed;
    } else if (published.failures.length > 0) {
      setFailed("imagegate: the gate passed, but publishing to GitHub failed (see the errors above)");
      process.exitCode = ExitCode.Tool;
    }
  } catch (error2) {
    setFailed(redactor.redact(`imagegate: ${describeError(error2)}`));
    process.exitCode = exitCodeFor(error2);
  }
}
export {
  runAction
};
//# sourceMappingURL=run-action-LHMFPHXM.js.map
