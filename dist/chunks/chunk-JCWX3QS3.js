import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  TarParser
} from "./chunk-442YUYJO.js";
import {
  MAX_BINARY_BYTES,
  MAX_CHECKSUMS_BYTES,
  MAX_TARBALL_BYTES,
  MAX_UNPACKED_BYTES,
  downloadText,
  downloadToFile,
  formatCap
} from "./chunk-HLKV6WWC.js";
import {
  exec
} from "./chunk-IESNBTYB.js";
import {
  directoryStore
} from "./chunk-BOIFOOFY.js";
import {
  PINNED_TRIVY_VERSION,
  normalizeTrivySha256,
  releaseTrust
} from "./chunk-BEXNPQ7L.js";
import {
  require_semver
} from "./chunk-FRITBTAO.js";
import {
  ConfigurationError,
  ToolError
} from "./chunk-BRI3MEVE.js";
import {
  __toESM
} from "./chunk-GVHAVQQT.js";

// src/scan/install/locate-trivy.ts
var import_semver2 = __toESM(require_semver(), 1);

// src/scan/install/install-release.ts
import { rename, rm } from "node:fs/promises";
import path2 from "node:path";

// src/scan/install/checksums-file.ts
function checksumFor(text, fileName, url) {
  const found = [];
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === "") continue;
    const match = /^([0-9a-fA-F]{64}) [ *](.+)$/.exec(line);
    if (!match) {
      throw new ToolError(
        `${url} is not a sha256sum checksums file: line ${index + 1} is ${JSON.stringify(line.slice(0, 120))}`,
        { command: `GET ${url}` }
      );
    }
    if (match[2] === fileName) found.push((match[1] ?? "").toLowerCase());
  }
  const [first, ...rest] = found;
  if (first === void 0) {
    throw new ToolError(`${url} lists no checksum for ${fileName}`, { command: `GET ${url}` });
  }
  if (rest.some((other) => other !== first)) {
    throw new ToolError(`${url} lists ${fileName} with different checksums`, { command: `GET ${url}` });
  }
  return first;
}

// src/scan/install/extract-trivy.ts
import { createHash } from "node:crypto";
import { closeSync, createReadStream, fchmodSync, openSync, writeSync } from "node:fs";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
var MEMBER = "trivy";
async function extractTrivyBinary(tarball, destination, url, limits) {
  const command = `extract ${MEMBER} from ${url}`;
  const fail = (message) => new ToolError(`release tarball ${url}: ${message}`, { command });
  const hash = createHash("sha256");
  const seen = [];
  let fd;
  let found = false;
  let written = 0;
  let complete = false;
  const onEntry = (entry) => {
    const name = entry.name.replace(/^(\.\/)+/, "");
    if (seen.length < 20) seen.push(entry.name);
    if (entry.name.startsWith("/") || entry.name.split("/").includes("..")) {
      throw fail(`refusing an archive with a path outside its root: ${JSON.stringify(entry.name)}`);
    }
    if (name !== MEMBER && name !== `${MEMBER}/`) return void 0;
    if (found || complete) throw fail(`refusing an archive with more than one ${MEMBER}`);
    if (entry.type !== "file") {
      const target = entry.linkname ? ` to ${JSON.stringify(entry.linkname)}` : "";
      throw fail(`refusing ${JSON.stringify(entry.name)}: it is a ${entry.type}${target}, not a regular file`);
    }
    if (entry.size > limits.maxBinaryBytes) {
      throw fail(`${MEMBER} is ${entry.size} bytes, more than the ${formatCap(limits.maxBinaryBytes)} accepted`);
    }
    found = true;
    if (destination !== null) fd = openSync(destination, "wx", 448);
    const out = fd;
    return {
      data(chunk) {
        hash.update(chunk);
        let offset = 0;
        if (out !== void 0)
          while (offset < chunk.length) offset += writeSync(out, chunk, offset, chunk.length - offset);
        written += chunk.length;
      },
      end() {
        complete = true;
      }
    };
  };
  const parser = new TarParser({ path: url }, onEntry);
  let read = 0;
  const feed = new Writable({
    write(chunk, _encoding, callback) {
      try {
        read += chunk.length;
        if (read > limits.maxArchiveBytes) {
          throw fail(`it unpacks to more than ${formatCap(limits.maxArchiveBytes)}; refusing it`);
        }
        if (!parser.done) parser.write(chunk);
        callback();
      } catch (error) {
        callback(error);
      }
    }
  });
  try {
    await pipeline(createReadStream(tarball), createGunzip(), feed);
    parser.end();
    if (!complete || !found) {
      const names = seen.length > 0 ? seen.map((name) => JSON.stringify(name)).join(", ") : "no entries";
      throw fail(`no regular file named ${MEMBER} at its root (it holds ${names})`);
    }
    if (fd !== void 0) fchmodSync(fd, 493);
    return { sha256: hash.digest("hex"), bytes: written };
  } catch (error) {
    if (error instanceof ToolError) throw error;
    const { message, code } = error;
    throw fail(code?.startsWith("Z_") ? `is not valid gzip data (${message})` : `cannot be read: ${message}`);
  } finally {
    if (fd !== void 0) closeSync(fd);
  }
}

// src/scan/install/installed-binary.ts
import { createHash as createHash2 } from "node:crypto";
import { createReadStream as createReadStream2 } from "node:fs";
import { lstat, writeFile } from "node:fs/promises";
import path from "node:path";

// src/scan/install/release-assets.ts
var DEFAULT_TRIVY_DOWNLOAD_BASE_URL = "https://github.com/aquasecurity/trivy/releases/download";
var ASSET_PLATFORMS = [
  { platform: "linux", arch: "x64", asset: "Linux-64bit" },
  { platform: "linux", arch: "arm64", asset: "Linux-ARM64" },
  { platform: "darwin", arch: "x64", asset: "macOS-64bit" },
  { platform: "darwin", arch: "arm64", asset: "macOS-ARM64" }
];
function assetPlatformFor(platform, arch, version) {
  const match = ASSET_PLATFORMS.find((entry) => entry.platform === platform && entry.arch === arch);
  if (match) return match.asset;
  const supported = ASSET_PLATFORMS.map((entry) => `${entry.platform}-${entry.arch}`).join(", ");
  throw new ConfigurationError(
    `imagegate can install Trivy ${version} only on ${supported}; this machine is ${platform}-${arch}. Put a trivy on PATH instead (or use a runner of a supported kind).`
  );
}
function releaseAsset(baseUrl, version, platform) {
  const base = `${baseUrl.replace(/\/+$/, "")}/v${version}`;
  const tarballName = tarballNameFor(version, platform);
  return {
    tarballName,
    tarballUrl: `${base}/${tarballName}`,
    checksumsUrl: `${base}/trivy_${version}_checksums.txt`
  };
}
function tarballNameFor(version, platform) {
  return `trivy_${version}_${platform}.tar.gz`;
}
var LOOPBACK_HOSTS = /* @__PURE__ */ new Set(["localhost", "127.0.0.1", "[::1]"]);
function checkDownloadBaseUrl(baseUrl) {
  let url;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ConfigurationError(`Trivy download URL '${baseUrl}' is not a URL; expected https://…`);
  }
  if (url.protocol === "https:") return baseUrl;
  if (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname)) return baseUrl;
  throw new ConfigurationError(
    `Trivy download URL '${baseUrl}' must use https (plain http is accepted only for localhost/127.0.0.1)`
  );
}

// src/scan/install/installed-binary.ts
var BINARY_NAME = "trivy";
var RECORD_NAME = "trivy.sha256";
async function writeBinaryRecord(dir, sha256) {
  await writeFile(path.join(dir, RECORD_NAME), `${sha256}  ${BINARY_NAME}
`, { mode: 420, flag: "wx" });
}
async function verifyInstalledRelease(dir, trust, listedArchiveSha2562) {
  const binary = path.join(dir, BINARY_NAME);
  const stats = await lstat(binary).catch(() => void 0);
  if (!stats) return { ok: false, missing: true, reason: `${binary} does not exist` };
  if (!stats.isFile()) return { ok: false, missing: false, reason: `${binary} is not a regular file` };
  if ((stats.mode & 73) === 0) return { ok: false, missing: false, reason: `${binary} is not executable` };
  const actual = await sha256File(binary);
  const fail = (reason) => ({ ok: false, missing: false, reason });
  const ok = { ok: true, path: binary, verification: trust.verification };
  const { pinned, userSha256 } = trust;
  if (pinned?.binarySha256) {
    if (actual !== pinned.binarySha256) {
      return fail(
        `${binary} has SHA-256 ${actual}, but imagegate pins ${pinned.binarySha256} for Trivy ${trust.version}`
      );
    }
    if (userSha256 !== void 0 && userSha256 !== actual && userSha256 !== pinned.archiveSha256) {
      return fail(
        `${binary} is the pinned Trivy ${trust.version}, but not the SHA-256 ${userSha256} trivy-sha256 gives`
      );
    }
    return ok;
  }
  if (!pinned && userSha256 !== void 0 && userSha256 === actual) return ok;
  const archive = path.join(dir, tarballNameFor(trust.version, trust.assetPlatform));
  const archiveStats = await lstat(archive).catch(() => void 0);
  if (!archiveStats?.isFile()) {
    return fail(
      !pinned && userSha256 !== void 0 ? `${binary} has SHA-256 ${actual}, not the ${userSha256} trivy-sha256 gives, and no release archive is beside it (${archive})` : `${binary} (SHA-256 ${actual}) cannot be checked: no pin or given SHA-256 names it, and the release archive it came from is not beside it (${archive})`
    );
  }
  const [expected, source] = pinned ? [pinned.archiveSha256, "imagegate's pin"] : userSha256 !== void 0 ? [userSha256, "trivy-sha256"] : [await listedArchiveSha2562(), "the release's checksums file (trust on first use)"];
  const archiveActual = await sha256File(archive);
  if (archiveActual !== expected) {
    return fail(`${archive} has SHA-256 ${archiveActual}, but ${source} says ${expected}`);
  }
  if (pinned && userSha256 !== void 0 && userSha256 !== actual && userSha256 !== archiveActual) {
    return fail(`${binary} is the pinned Trivy ${trust.version}, but not the SHA-256 ${userSha256} trivy-sha256 gives`);
  }
  const inArchive = await extractTrivyBinary(archive, null, archive, {
    maxBinaryBytes: MAX_BINARY_BYTES,
    maxArchiveBytes: MAX_UNPACKED_BYTES
  });
  if (inArchive.sha256 !== actual) {
    return fail(
      `${binary} has SHA-256 ${actual}, but the trivy in its verified archive ${archive} has ${inArchive.sha256}`
    );
  }
  return ok;
}
async function sha256File(file) {
  const hash = createHash2("sha256");
  for await (const chunk of createReadStream2(file, { highWaterMark: 1024 * 1024 })) hash.update(chunk);
  return hash.digest("hex");
}

// src/scan/install/install-release.ts
async function listedArchiveSha256(trust, baseUrl, logger) {
  const asset = releaseAsset(baseUrl, trust.version, trust.assetPlatform);
  const checksums = await downloadText(asset.checksumsUrl, { logger, maxBytes: MAX_CHECKSUMS_BYTES });
  return checksumFor(checksums, asset.tarballName, asset.checksumsUrl);
}
async function installReleaseInto(stagingDir, request) {
  const { trust, logger } = request;
  const { version, assetPlatform } = trust;
  const asset = releaseAsset(request.baseUrl, version, assetPlatform);
  logger.info(`installing Trivy ${version} (${assetPlatform}) from ${asset.tarballUrl}`);
  const listed = await (request.listed?.() ?? listedArchiveSha256(trust, request.baseUrl, logger));
  const pinned = trust.pinned?.archiveSha256;
  if (pinned !== void 0 && pinned !== listed) {
    throw new ToolError(
      `checksum mismatch for ${asset.tarballName}: imagegate pins SHA-256 ${pinned} for Trivy ${version}, but ${asset.checksumsUrl} lists ${listed}. The release changed after it was pinned; refusing it.`,
      { command: `GET ${asset.checksumsUrl}` }
    );
  }
  const tarball = path2.join(stagingDir, `${asset.tarballName}.download`);
  const downloaded = await downloadToFile(asset.tarballUrl, tarball, { logger, maxBytes: MAX_TARBALL_BYTES });
  if (downloaded.sha256 !== listed) {
    const source = pinned !== void 0 ? `${asset.checksumsUrl} and imagegate's pin` : asset.checksumsUrl;
    throw new ToolError(
      `checksum mismatch for ${asset.tarballUrl}: expected SHA-256 ${listed} (from ${source}), got ${downloaded.sha256} (${downloaded.bytes} bytes). Refusing it.`,
      { command: `GET ${asset.tarballUrl}` }
    );
  }
  logger.info(
    `${asset.tarballName}: SHA-256 ${downloaded.sha256} matches the release's checksums file` + (pinned !== void 0 ? " and the pinned value" : " (no pinned value for this version)")
  );
  const binary = await extractTrivyBinary(tarball, path2.join(stagingDir, BINARY_NAME), asset.tarballUrl, {
    maxBinaryBytes: MAX_BINARY_BYTES,
    maxArchiveBytes: MAX_UNPACKED_BYTES
  });
  const binaryPin = trust.pinned?.binarySha256;
  if (binaryPin && binary.sha256 !== binaryPin) {
    throw new ToolError(
      `the trivy in ${asset.tarballUrl} has SHA-256 ${binary.sha256}, but imagegate pins ${binaryPin} for the Trivy ${version} binary. Refusing it.`,
      { command: `extract trivy from ${asset.tarballUrl}` }
    );
  }
  const user = trust.userSha256;
  if (user !== void 0 && user !== downloaded.sha256 && user !== binary.sha256) {
    throw new ToolError(
      `SHA-256 mismatch for Trivy ${version}: trivy-sha256 gives ${user}, but ${asset.tarballUrl} has ${downloaded.sha256} and the trivy in it ${binary.sha256}. Refusing it.`,
      { command: `GET ${asset.tarballUrl}` }
    );
  }
  if (trust.verification === "trust-on-first-use") {
    logger.warning(
      `Trivy ${version} is trusted on first use (--trivy-trust-on-first-use): only ${asset.checksumsUrl}, from the same server, vouches for it. Its archive SHA-256 is ${downloaded.sha256}; pin it with --trivy-sha256.`
    );
  }
  logger.info(`trivy binary of Trivy ${version}: SHA-256 ${binary.sha256}`);
  if (binaryPin || trust.pinned === void 0 && user === binary.sha256) await rm(tarball);
  else await rename(tarball, path2.join(stagingDir, asset.tarballName));
  await writeBinaryRecord(stagingDir, binary.sha256);
}

// src/scan/install/path-trivy.ts
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import path3 from "node:path";

// src/scan/install/trivy-versions.ts
var import_semver = __toESM(require_semver(), 1);
var SUPPORTED_TRIVY_RANGE = ">=0.63.0 <0.80.0";
var MARCH_2026 = "In March 2026 a stolen release credential was used to force-push the trivy-action and setup-trivy tags and to publish a credential-stealing Trivy (GHSA-69fq-xp46-6x23, CVE-2026-33634; aquasecurity/trivy-action#541)";
var COMPROMISED_TRIVY_VERSIONS = {
  "0.69.4": `${MARCH_2026}: v0.69.4 is that malicious release.`,
  // Only images were reported for these two (Docker Hub tags pushed during the same incident); refusing them costs
  // at most a download of the pinned version.
  "0.69.5": `${MARCH_2026}: 0.69.5 was published as a malicious image during the same incident.`,
  "0.69.6": `${MARCH_2026}: 0.69.6 was published as a malicious image during the same incident.`
};
function compromisedReason(version) {
  return Object.hasOwn(COMPROMISED_TRIVY_VERSIONS, version) ? COMPROMISED_TRIVY_VERSIONS[version] : void 0;
}
var EXACT_VERSION = /^v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/;
function normalizeRequestedVersion(text) {
  const match = EXACT_VERSION.exec(text.trim());
  const version = match?.[1];
  if (version === void 0 || import_semver.default.valid(version) === null) {
    throw new ConfigurationError(`trivy-version '${text}': expected an exact version such as 0.72.0 or v0.72.0`);
  }
  const compromised = compromisedReason(version);
  if (compromised !== void 0) {
    throw new ConfigurationError(`trivy-version '${text}' is refused: ${compromised} Choose another version.`);
  }
  if (import_semver.default.lt(version, import_semver.default.minVersion(SUPPORTED_TRIVY_RANGE) ?? "0.0.0")) {
    throw new ConfigurationError(
      `trivy-version '${text}' is too old for imagegate, which needs ${SUPPORTED_TRIVY_RANGE} (see SUPPORTED_TRIVY_RANGE)`
    );
  }
  return version;
}
function parseTrivyVersionOutput(stdout) {
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^Version:\s*v?(\S+)(?:\s.*)?$/.exec(line);
    if (match?.[1] !== void 0) return import_semver.default.valid(match[1]) ?? void 0;
  }
  return void 0;
}

// src/scan/install/path-trivy.ts
async function findOnPath(searchPath, platform) {
  const name = platform === "win32" ? "trivy.exe" : "trivy";
  const delimiter = platform === "win32" ? ";" : ":";
  for (const entry of searchPath.split(delimiter)) {
    if (entry === "" || !path3.isAbsolute(entry)) continue;
    const candidate = path3.join(entry, name);
    const stats = await stat(candidate).catch(() => void 0);
    if (!stats?.isFile()) continue;
    if (platform !== "win32" && !await access(candidate, constants.X_OK).then(
      () => true,
      () => false
    ))
      continue;
    return candidate;
  }
  return void 0;
}
var VERSION_TIMEOUT_MS = 3e4;
async function probeTrivyVersion(file, logger) {
  let stdout;
  try {
    ({ stdout } = await exec(file, ["--version"], {
      logger,
      timeoutMs: VERSION_TIMEOUT_MS,
      maxStdoutBytes: 1024 * 1024
    }));
  } catch (error) {
    return { problem: error.message.split("\n")[0] ?? "failed" };
  }
  const version = parseTrivyVersionOutput(stdout);
  if (version !== void 0) return { version };
  const first = stdout.trim().split("\n")[0] ?? "";
  return { problem: `\`${file} --version\` printed no version imagegate understands (${JSON.stringify(first)})` };
}

// src/scan/install/locate-trivy.ts
async function locateTrivy(options) {
  const { logger } = options;
  const requested = options.version === void 0 ? void 0 : normalizeRequestedVersion(options.version);
  if (requested !== void 0 && !import_semver2.default.satisfies(requested, SUPPORTED_TRIVY_RANGE)) {
    logger.warning(
      `Trivy ${requested} is newer than the versions imagegate was tried with (${SUPPORTED_TRIVY_RANGE}); using it because it was asked for`
    );
  }
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;
  const version = requested ?? PINNED_TRIVY_VERSION;
  const sha256 = options.sha256 === void 0 ? void 0 : normalizeTrivySha256(options.sha256, "trivy-sha256");
  const onPath = await trivyOnPath(options, platform, requested, version, sha256);
  if (onPath) return onPath;
  const assetPlatform = assetPlatformFor(platform, arch, version);
  const trust = releaseTrust(version, assetPlatform, {
    ...sha256 !== void 0 ? { sha256 } : {},
    ...options.trustOnFirstUse ? { trustOnFirstUse: true } : {},
    ...options.pins ? { pins: options.pins } : {}
  });
  const baseUrl = checkDownloadBaseUrl(options.downloadBaseUrl ?? DEFAULT_TRIVY_DOWNLOAD_BASE_URL);
  let listedOnce;
  const listed = () => listedOnce ??= options.offline ? Promise.reject(offlineError(`Trivy ${version}'s checksums file cannot be fetched to re-check it`)) : listedArchiveSha256(trust, baseUrl, logger);
  const verify = (dir) => verifyInstalledRelease(dir, trust, listed);
  const store = options.cache.kind === "tool-cache" ? options.cache.store(version, arch) : directoryStore(options.cache.dir, version, platform, arch);
  const cached = await store.find(verify, logger);
  if (cached !== void 0) {
    logger.debug(`using Trivy ${version} from the cache: ${cached.path} (${cached.verification})`);
    return { path: cached.path, version, source: "cache", verification: cached.verification };
  }
  if (options.offline) {
    const where = options.cache.kind === "directory" ? ` in ${options.cache.dir}` : " in the runner tool cache";
    throw offlineError(`no verified Trivy ${version} is installed${where} and none is on PATH`);
  }
  const installed = await store.install(
    (stagingDir) => installReleaseInto(stagingDir, { trust, baseUrl, logger, listed }),
    verify,
    logger
  );
  return { path: installed.path, version, source: "download", verification: installed.verification };
}
function offlineError(what) {
  return new ToolError(
    `offline: ${what}. Bring it: run \`imagegate offline bundle --out DIR\` (or \`imagegate trivy install\`) where there is network and pass \`--offline-bundle DIR\` here, or put a supported trivy on PATH`,
    { command: "install trivy (offline)" }
  );
}
async function trivyOnPath(options, platform, requested, fallback, sha256) {
  const { logger } = options;
  const file = await findOnPath(options.searchPath, platform);
  if (file === void 0) {
    logger.debug("no trivy on PATH");
    return void 0;
  }
  const instead = `using Trivy ${fallback} from the cache or a verified download instead`;
  const probe = await probeTrivyVersion(file, logger);
  if ("problem" in probe) {
    logger.warning(`not using ${file}: ${probe.problem}; ${instead}`);
    return void 0;
  }
  const { version } = probe;
  const compromised = compromisedReason(version);
  if (compromised !== void 0) {
    logger.warning(
      `refusing ${file}: it is Trivy ${version}, a known-compromised version. ${compromised} Remove it from this machine and treat the machine's credentials as exposed; ${instead}`
    );
    return void 0;
  }
  if (requested !== void 0 && version !== requested) {
    logger.info(`not using ${file}: it is Trivy ${version}, not the requested ${requested}; ${instead}`);
    return void 0;
  }
  if (requested === void 0 && !import_semver2.default.satisfies(version, SUPPORTED_TRIVY_RANGE)) {
    logger.info(
      `not using ${file}: Trivy ${version} is outside the range imagegate supports (${SUPPORTED_TRIVY_RANGE}); ${instead}`
    );
    return void 0;
  }
  if (sha256 !== void 0) {
    const actual = await sha256File(file);
    if (actual !== sha256) {
      logger.info(`not using ${file}: its SHA-256 ${actual} is not the ${sha256} trivy-sha256 gives; ${instead}`);
      return void 0;
    }
    return { path: file, version, source: "path", verification: "user-sha256" };
  }
  return { path: file, version, source: "path", verification: "path-version-only" };
}

export {
  sha256File,
  locateTrivy
};
//# sourceMappingURL=chunk-JCWX3QS3.js.map
