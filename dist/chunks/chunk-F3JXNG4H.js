import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  checkFeedUrl
} from "./chunk-H2J6QPBD.js";
import {
  parseInsecureRegistry
} from "./chunk-525AQQA4.js";
import {
  VARIABLE_NAME
} from "./chunk-O5XMQXHR.js";
import {
  DEFAULT_FULCIO_URL,
  DEFAULT_REKOR_URL,
  FULCIO_URL_ENV,
  REKOR_URL_ENV,
  checkSigstoreUrl,
  signingKeyKind
} from "./chunk-UESGDJOT.js";
import {
  normalizeTrivySha256
} from "./chunk-BEXNPQ7L.js";
import {
  SEVERITIES
} from "./chunk-OOOZQBDA.js";
import {
  WorkspacePaths,
  isInside
} from "./chunk-5AN7IYVK.js";
import {
  SBOM_FORMATS
} from "./chunk-WKVO4CF4.js";
import {
  parseImageReference
} from "./chunk-ST7SR4PU.js";
import {
  ConfigurationError
} from "./chunk-BRI3MEVE.js";

// src/config/resolve.ts
import { existsSync, realpathSync, statSync } from "node:fs";
import path3 from "node:path";

// src/image/source/registry/pull-policy-names.ts
var PULL_POLICIES = ["never", "missing", "always"];

// src/attest/attest-key.ts
import { createPrivateKey } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
var ATTEST_KEY_PASSWORD_ENV = "IMAGEGATE_ATTEST_KEY_PASSWORD";
function parseAttestKeySource(value, option) {
  const trimmed = value.trim();
  if (trimmed.includes("-----BEGIN") || trimmed.includes("\n")) {
    throw new ConfigurationError(
      `${option} takes env:NAME or file:PATH, never the key itself (a key on the command line is visible to every process and in CI logs)`
    );
  }
  if (trimmed.startsWith("env:")) {
    const name = trimmed.slice("env:".length);
    if (!VARIABLE_NAME.test(name)) {
      throw new ConfigurationError(`${option}: env:NAME needs a variable name ([A-Za-z_][A-Za-z0-9_]*)`);
    }
    return { kind: "env", name };
  }
  const file = trimmed.startsWith("file:") ? trimmed.slice("file:".length) : trimmed;
  if (file === "") throw new ConfigurationError(`${option} is empty; expected env:NAME or file:PATH`);
  return { kind: "file", path: file };
}
async function loadAttestKey(source, context) {
  const where = source.kind === "env" ? `variable ${source.name}` : `file ${source.path}`;
  let pem;
  if (source.kind === "env") {
    const value = context.env[source.name];
    if (!value?.trim()) throw new ConfigurationError(`${context.option}: ${where} is not set or empty`);
    pem = value;
  } else {
    try {
      pem = await readFile(path.resolve(context.cwd, source.path), "utf8");
    } catch (error) {
      const code = error.code ?? "unreadable";
      throw new ConfigurationError(`${context.option}: cannot read ${where} (${code})`);
    }
  }
  let key;
  try {
    const passphrase = context.env[ATTEST_KEY_PASSWORD_ENV];
    key = createPrivateKey(passphrase ? { key: pem, format: "pem", passphrase } : { key: pem, format: "pem" });
  } catch {
    throw new ConfigurationError(
      `${context.option}: ${where} is not a PEM private key (encrypted keys need ${ATTEST_KEY_PASSWORD_ENV})`
    );
  }
  const kind = signingKeyKind(key);
  if (!kind) {
    throw new ConfigurationError(
      `${context.option}: ${where} holds a ${key.asymmetricKeyType ?? "unknown"} key; expected ECDSA P-256 or Ed25519`
    );
  }
  return { key, kind };
}

// src/util/out-dir.ts
import { lstatSync } from "node:fs";
import path2 from "node:path";
function checkOutDir(outDir, workspace, name) {
  const absolute = path2.resolve(workspace, outDir);
  const refuse = (reason) => {
    throw new ConfigurationError(`${name} ${absolute} is refused: ${reason}`);
  };
  if (absolute.split(path2.sep).includes(".git")) {
    refuse("it is inside a .git directory, where reports could overwrite what git runs; choose another directory");
  }
  const root = path2.resolve(workspace);
  if (!isInside(root, absolute) || absolute === root) return;
  let current = root;
  for (const segment of path2.relative(root, absolute).split(path2.sep)) {
    current = path2.join(current, segment);
    let isLink;
    try {
      isLink = lstatSync(current).isSymbolicLink();
    } catch {
      return;
    }
    if (isLink) {
      const shown = path2.relative(root, current).split(path2.sep).join("/");
      refuse(
        `${shown} is a symbolic link in the workspace; reports are never written through a link the repository controls (remove it, or choose another directory)`
      );
    }
  }
}

// src/config/resolve.ts
var POLICY_FILE_NAMES = [".imagegate.yml", ".imagegate.yaml", ".imagegate.json"];
var BUILD_ARG_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
function resolveRunConfig(raw, env) {
  const { optionName } = env;
  const abs = (file) => path3.resolve(env.cwd, file);
  const workspace = path3.resolve(env.cwd, env.workspace ?? ".");
  const allowedRoots = resolveAllowedRoots(raw, env, workspace);
  const paths = WorkspacePaths.within(allowedRoots);
  const existingFile = (file, option) => guardedFile(paths, file, option);
  const sources = ["context", "image", "archive", "ociLayout"].filter((key) => nonEmpty(raw[key]));
  const composeOnly = sources.length === 0 && !nonEmpty(raw.trivyReport) && ((raw.compose ?? []).some(nonEmpty) || (raw.k8s ?? []).some(nonEmpty));
  if (sources.length === 0 && !nonEmpty(raw.trivyReport) && !composeOnly) {
    throw new ConfigurationError(
      `no image given: pass one of ${["context", "image", "archive", "ociLayout", "trivyReport"].map(optionName).join(", ")}, or ${optionName("compose")} alone to check compose files only`
    );
  }
  if (composeOnly && nonEmpty(raw.baselineImage)) {
    throw new ConfigurationError(
      `${optionName("baselineImage")} compares images, and no image is checked: give one of ${["context", "image", "archive", "ociLayout"].map(optionName).join(", ")}`
    );
  }
  if (sources.length > 1) {
    throw new ConfigurationError(
      `${sources.map(optionName).join(" and ")} both name an image; give exactly one image source`
    );
  }
  if (nonEmpty(raw.pull) && !nonEmpty(raw.image)) {
    throw new ConfigurationError(`${optionName("pull")} applies to ${optionName("image")} only`);
  }
  const buildArgs = parseBuildArgs(raw.buildArgs, optionName("buildArgs"));
  const image = composeOnly ? { kind: "none" } : sources.length === 0 ? { kind: "trivy-report" } : resolveImageInput(raw, abs, optionName, paths);
  const scan = composeOnly ? { kind: "skip" } : resolveScan(raw, abs, optionName, existingFile);
  const baselineReport = nonEmpty(raw.baselineReport) ? existingFile(abs(raw.baselineReport), optionName("baselineReport")) : void 0;
  const baselineImage = nonEmpty(raw.baselineImage) ? raw.baselineImage.trim() : void 0;
  if (baselineImage) {
    if (baselineReport) {
      throw new ConfigurationError(
        `${optionName("baselineReport")} and ${optionName("baselineImage")} both name a baseline; give one`
      );
    }
    parseImageReference(baselineImage, { path: optionName("baselineImage") });
  }
  let dockerfile;
  if (nonEmpty(raw.dockerfile)) {
    dockerfile = abs(raw.dockerfile);
    if (!isFile(dockerfile)) throw new ConfigurationError(`${optionName("dockerfile")}: no such file: ${dockerfile}`);
    existingFile(dockerfile, optionName("dockerfile"));
  } else if (image.kind === "build") {
    dockerfile = path3.join(image.context, "Dockerfile");
    if (!isFile(dockerfile)) {
      throw new ConfigurationError(
        `${optionName("context")} ${raw.context}: there is no Dockerfile in the context; pass ${optionName("dockerfile")}`
      );
    }
    existingFile(dockerfile, optionName("context"));
  }
  const outDir = abs(nonEmpty(raw.outDir) ? raw.outDir : "imagegate-out");
  checkOutDir(outDir, workspace, optionName("outDir"));
  const policyRef = nonEmpty(raw.policyRef) ? raw.policyRef.trim() : void 0;
  const policyFile = nonEmpty(raw.policy) ? abs(raw.policy) : policyRef ? void 0 : discoverPolicy(workspace);
  if (policyFile && !policyRef && !isFile(policyFile))
    throw new ConfigurationError(`${optionName("policy")}: no such file: ${policyFile}`);
  if (policyFile) existingFile(policyFile, optionName("policy"));
  return {
    workspace,
    image,
    ...dockerfile ? { dockerfile } : {},
    buildArgs,
    ...nonEmpty(raw.target) ? { target: raw.target } : {},
    ...nonEmpty(raw.platform) ? { platform: raw.platform.trim() } : {},
    ...policyFile ? { policyFile } : {},
    outDir,
    ...nonEmpty(raw.failOn) ? { failOn: parseFailOn(raw.failOn, optionName("failOn")) } : {},
    ...nonEmpty(raw.category) ? { category: raw.category } : {},
    ...insecureRegistriesOf(raw, optionName),
    scan,
    ...baselineReport ? { baselineReport } : {},
    ...baselineImage ? { baselineImage: { kind: "daemon", reference: baselineImage } } : {},
    compose: resolveCompose(raw, abs, optionName, existingFile),
    environment: env.environment,
    ...secretEnvOf(raw, optionName),
    ...policyRef ? { policyRef } : {},
    ...raw.evaluateHeadPolicy ? { evaluateHeadPolicy: true } : {},
    allowedRoots,
    ...sbomOf(raw, optionName),
    ...(raw.vex ?? []).filter(nonEmpty).length > 0 ? { vex: (raw.vex ?? []).filter(nonEmpty).map(abs) } : {},
    ...nonEmpty(raw.vexOut) ? { vexOut: abs(raw.vexOut) } : {},
    ...attestOf(raw, optionName, env.environment),
    ...k8sOf(raw, abs),
    ...raw.noScanCache ? { noScanCache: true } : {},
    ...feedsOf(raw, abs, existingFile, optionName),
    ...offlineOf(raw, abs, optionName, paths)
  };
}
function offlineOf(raw, abs, optionName, paths) {
  if (!nonEmpty(raw.offlineBundle)) return raw.offline ? { offline: true } : {};
  const dir = abs(raw.offlineBundle.trim());
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new ConfigurationError(`${optionName("offlineBundle")} ${dir}: not a directory`);
  }
  const checked = paths.checkSync(dir);
  if (!checked.ok && checked.problem === "refused") {
    throw new ConfigurationError(`${optionName("offlineBundle")}: ${dir} is refused: ${checked.reason}`);
  }
  return { offline: true, offlineBundle: dir };
}
function feedsOf(raw, abs, existingFile, optionName) {
  const urls = (values, key) => (values ?? []).map((value) => value.trim()).filter(Boolean).map((url) => checkFeedUrl(url, optionName(key)));
  const kevUrls = urls(raw.kevUrls, "kevUrls");
  const epssUrls = urls(raw.epssUrls, "epssUrls");
  const feeds = {
    ...nonEmpty(raw.kevFile) ? { kevFile: existingFile(abs(raw.kevFile), optionName("kevFile")) } : {},
    ...nonEmpty(raw.epssFile) ? { epssFile: existingFile(abs(raw.epssFile), optionName("epssFile")) } : {},
    ...kevUrls.length > 0 ? { kevUrls } : {},
    ...epssUrls.length > 0 ? { epssUrls } : {}
  };
  return Object.keys(feeds).length > 0 ? { feeds } : {};
}
function k8sOf(raw, abs) {
  const inputs = (raw.k8s ?? []).filter(nonEmpty).map((each) => each.trim() === "-" ? "-" : abs(each.trim()));
  return inputs.length > 0 ? { k8s: inputs } : {};
}
function sbomOf(raw, optionName) {
  const formats = [];
  for (const entry of (raw.sbom ?? []).flatMap((value) => value.split(","))) {
    const name = entry.trim().toLowerCase();
    if (name === "") continue;
    const format = SBOM_FORMATS.find((known) => known === name);
    if (!format) {
      throw new ConfigurationError(
        `${optionName("sbom")} '${entry.trim().slice(0, 40)}': expected ${SBOM_FORMATS.join(" or ")}`
      );
    }
    if (!formats.includes(format)) formats.push(format);
  }
  return formats.length > 0 ? { sbom: formats } : {};
}
function resolveCompose(raw, abs, optionName, existingFile) {
  const files = (raw.compose ?? []).filter(nonEmpty).map((file) => existingFile(abs(file), optionName("compose")));
  const envFiles = (raw.composeEnvFiles ?? []).filter(nonEmpty).map((file) => existingFile(abs(file), optionName("composeEnvFiles")));
  if (raw.skipCompose && files.length > 0) {
    throw new ConfigurationError(`${optionName("skipCompose")} and ${optionName("compose")} contradict each other`);
  }
  const profiles = (raw.composeProfiles ?? []).map((profile) => profile.trim()).filter(Boolean);
  return { files, envFiles, skip: raw.skipCompose ?? false, ...profiles.length > 0 ? { profiles } : {} };
}
var SCANNERS = ["vuln", "secret", "license"];
var DURATION = /^(?:\d+(?:\.\d+)?(?:h|m|s|ms))+$/;
function resolveScan(raw, abs, optionName, existingFile) {
  if (raw.skipScan) {
    if (nonEmpty(raw.trivyReport)) {
      throw new ConfigurationError(`${optionName("skipScan")} and ${optionName("trivyReport")} contradict each other`);
    }
    return { kind: "skip" };
  }
  if (nonEmpty(raw.trivyReport))
    return { kind: "report", file: existingFile(abs(raw.trivyReport), optionName("trivyReport")) };
  const scanners = nonEmpty(raw.scanners) ? parseScanners(raw.scanners, optionName("scanners")) : ["vuln"];
  const timeout = raw.trivyTimeout?.trim();
  if (timeout && !DURATION.test(timeout)) {
    throw new ConfigurationError(
      `${optionName("trivyTimeout")} '${timeout}': expected a duration such as 90s, 10m or 1h`
    );
  }
  const version = raw.trivyVersion?.trim().replace(/^v/, "");
  if (version && !/^\d+\.\d+\.\d+$/.test(version)) {
    throw new ConfigurationError(
      `${optionName("trivyVersion")} '${raw.trivyVersion}': expected a version such as 0.72.0`
    );
  }
  const repositories = (values) => values?.map((value) => value.trim()).filter(Boolean);
  const dbRepositories = repositories(raw.trivyDbRepositories);
  const javaDbRepositories = repositories(raw.trivyJavaDbRepositories);
  return {
    kind: "trivy",
    scanners,
    ...version ? { version } : {},
    ...timeout ? { timeout } : {},
    ...dbRepositories?.length ? { dbRepositories } : {},
    ...javaDbRepositories?.length ? { javaDbRepositories } : {},
    ...nonEmpty(raw.trivyCacheDir) ? { cacheDir: abs(raw.trivyCacheDir) } : {},
    ...nonEmpty(raw.trivySha256) ? { sha256: normalizeTrivySha256(raw.trivySha256, `${optionName("trivySha256")} '${raw.trivySha256}'`) } : {},
    ...raw.trivyTrustOnFirstUse ? { trustOnFirstUse: true } : {},
    ...nonEmpty(raw.scanners) ? { scannersOption: optionName("scanners") } : {}
  };
}
function parseScanners(value, option) {
  const names = value.split(",").map((name) => name.trim().toLowerCase()).filter(Boolean);
  for (const name of names) {
    if (!SCANNERS.includes(name)) {
      throw new ConfigurationError(`${option} '${name}': expected a comma-separated list of ${SCANNERS.join(", ")}`);
    }
  }
  if (names.length === 0) throw new ConfigurationError(`${option}: expected at least one of ${SCANNERS.join(", ")}`);
  return [...new Set(names)];
}
function guardedFile(paths, file, option) {
  const result = paths.checkSync(file);
  if (result.ok) return file;
  if (result.problem !== "refused") throw new ConfigurationError(`${option}: no such file: ${file}`);
  throw new ConfigurationError(`${option}: ${file} is refused: ${result.reason}`);
}
function resolveAllowedRoots(raw, env, workspace) {
  const roots = [workspace, ...(env.workspaceRoots ?? []).filter(nonEmpty).map((root) => path3.resolve(env.cwd, root))];
  for (const entry of (raw.allowPaths ?? []).filter(nonEmpty)) {
    const dir = path3.resolve(env.cwd, entry.trim());
    if (!isDirectory(dir)) throw new ConfigurationError(`${env.optionName("allowPaths")}: no such directory: ${dir}`);
    roots.push(dir);
  }
  const base = WorkspacePaths.within(roots);
  const named = [
    ...[
      raw.policy,
      raw.dockerfile,
      raw.baselineReport,
      raw.trivyReport,
      ...raw.compose ?? [],
      ...raw.composeEnvFiles ?? [],
      ...(raw.k8s ?? []).filter((each) => each.trim() !== "-")
    ].filter(nonEmpty).map((file) => path3.dirname(path3.resolve(env.cwd, file))),
    ...[raw.context, raw.ociLayout, raw.offlineBundle].filter(nonEmpty).map((dir) => path3.resolve(env.cwd, dir)),
    ...nonEmpty(raw.archive) ? [path3.dirname(path3.resolve(env.cwd, raw.archive))] : []
  ];
  for (const dir of named) {
    const inside = roots.some((root) => isInside(root, dir)) || base.contains(realDirectory(dir));
    if (!inside) roots.push(dir);
  }
  return [...new Set(roots)];
}
function realDirectory(dir) {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}
function resolveImageInput(raw, abs, optionName, paths) {
  if (nonEmpty(raw.context)) {
    const context = abs(raw.context);
    if (!isDirectory(context)) throw new ConfigurationError(`${optionName("context")}: no such directory: ${context}`);
    const tag = nonEmpty(raw.tag) ? raw.tag : defaultBuildTag(context);
    parseImageReference(tag, { path: optionName("tag") });
    return { kind: "build", context, tag };
  }
  if (nonEmpty(raw.image)) {
    parseImageReference(raw.image, { path: optionName("image") });
    const pull = nonEmpty(raw.pull) ? parsePull(raw.pull, optionName("pull")) : void 0;
    return { kind: "daemon", reference: raw.image, ...pull ? { pull } : {} };
  }
  if (nonEmpty(raw.archive)) {
    const file = abs(raw.archive);
    if (!isFile(file)) throw new ConfigurationError(`${optionName("archive")}: no such file: ${file}`);
    guardedFile(paths, file, optionName("archive"));
    return { kind: "archive", path: file };
  }
  const layout = abs(raw.ociLayout ?? "");
  if (!existsSync(layout))
    throw new ConfigurationError(`${optionName("ociLayout")}: no such directory or file: ${layout}`);
  const checked = paths.checkSync(layout);
  if (!checked.ok && checked.problem === "refused") {
    throw new ConfigurationError(`${optionName("ociLayout")}: ${layout} is refused: ${checked.reason}`);
  }
  return { kind: "oci-layout", path: layout };
}
function parsePull(value, option) {
  const normalized = value.trim().toLowerCase();
  if (PULL_POLICIES.includes(normalized)) return normalized;
  throw new ConfigurationError(`${option} '${value}': expected one of ${PULL_POLICIES.join(", ")}`);
}
function insecureRegistriesOf(raw, optionName) {
  const entries = (raw.insecureRegistries ?? []).filter(nonEmpty);
  if (entries.length === 0) return {};
  return { insecureRegistries: entries.map((entry) => parseInsecureRegistry(entry, optionName("insecureRegistries"))) };
}
function secretEnvOf(raw, optionName) {
  const names = (raw.secretEnv ?? []).map((name) => name.trim()).filter(Boolean);
  for (const name of names) {
    if (!VARIABLE_NAME.test(name)) {
      throw new ConfigurationError(
        `${optionName("secretEnv")} '${name}': expected a variable name (letters, digits and _, not starting with a digit)`
      );
    }
  }
  return names.length > 0 ? { secretEnv: [...new Set(names)] } : {};
}
function defaultBuildTag(context) {
  const name = path3.basename(context).toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "") || "image";
  return `imagegate-local/${name}:latest`;
}
function parseBuildArgs(values, option) {
  const args = {};
  for (const value of values) {
    const eq = value.indexOf("=");
    const key = eq === -1 ? value : value.slice(0, eq);
    if (!BUILD_ARG_KEY.test(key)) {
      throw new ConfigurationError(`${option} '${value}': expected KEY=VALUE with KEY made of letters, digits and _`);
    }
    if (eq === -1) throw new ConfigurationError(`${option} '${value}': expected KEY=VALUE (no '=' found)`);
    args[key] = value.slice(eq + 1);
  }
  return args;
}
function parseFailOn(value, option) {
  const normalized = value.trim().toLowerCase();
  if (normalized === "never" || SEVERITIES.includes(normalized)) return normalized;
  throw new ConfigurationError(`${option} '${value}': expected one of ${[...SEVERITIES, "never"].join(", ")}`);
}
function discoverPolicy(workspace) {
  return POLICY_FILE_NAMES.map((name) => path3.join(workspace, name)).find(isFile);
}
function nonEmpty(value) {
  return value !== void 0 && value.trim() !== "";
}
function isFile(file) {
  return existsSync(file) && statSync(file).isFile();
}
function isDirectory(dir) {
  return existsSync(dir) && statSync(dir).isDirectory();
}
function attestOf(raw, optionName, environment) {
  const key = raw.attestKey?.trim() ? parseAttestKeySource(raw.attestKey, optionName("attestKey")) : void 0;
  if (!raw.attest) {
    for (const option of ["attestKey", "attestPush", "attestKeyless", "fulcioUrl", "rekorUrl"]) {
      const value = raw[option];
      if (value === true || typeof value === "string" && value.trim() !== "") {
        throw new ConfigurationError(`${optionName(option)} is set but ${optionName("attest")} is not`);
      }
    }
    return {};
  }
  if (key && raw.attestKeyless) {
    throw new ConfigurationError(`${optionName("attestKey")} and ${optionName("attestKeyless")} exclude each other`);
  }
  const push = raw.attestPush ? { attestPush: true } : {};
  if (raw.attestKeyless) {
    const url = (option, variable, fallback) => {
      const given = raw[option]?.trim() || environment[variable]?.trim();
      return given ? checkSigstoreUrl(given, raw[option]?.trim() ? optionName(option) : variable) : fallback;
    };
    return {
      ...push,
      attestKeyless: {
        fulcioUrl: url("fulcioUrl", FULCIO_URL_ENV, DEFAULT_FULCIO_URL),
        rekorUrl: url("rekorUrl", REKOR_URL_ENV, DEFAULT_REKOR_URL)
      }
    };
  }
  if (!key) {
    throw new ConfigurationError(
      `${optionName("attest")} needs ${optionName("attestKey")} (env:NAME or file:PATH of a PEM private key) or ${optionName("attestKeyless")}`
    );
  }
  for (const option of ["fulcioUrl", "rekorUrl"]) {
    if (raw[option]?.trim())
      throw new ConfigurationError(`${optionName(option)} is only for ${optionName("attestKeyless")}`);
  }
  return { attestKey: key, ...push };
}

export {
  loadAttestKey,
  checkOutDir,
  POLICY_FILE_NAMES,
  resolveRunConfig,
  defaultBuildTag,
  parseBuildArgs,
  parseFailOn
};
//# sourceMappingURL=chunk-F3JXNG4H.js.map
