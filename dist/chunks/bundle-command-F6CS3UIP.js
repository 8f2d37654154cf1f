import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  BUNDLE_FORMAT,
  BUNDLE_MANIFEST,
  DEFAULT_EPSS_URLS,
  DEFAULT_KEV_URLS,
  MAX_EPSS_BYTES,
  MAX_KEV_BYTES,
  buildTrivyDbDownloadArgs,
  parseEpss,
  parseKev,
  sha256Of,
  trivyEnv,
  withoutRegistryCredentials
} from "./chunk-JUGU53RN.js";
import "./chunk-DWMO3FQH.js";
import {
  locateTrivy
} from "./chunk-JCWX3QS3.js";
import "./chunk-442YUYJO.js";
import {
  FEEDS_DIR,
  fetchFeed
} from "./chunk-3ZN2VMKL.js";
import "./chunk-HLKV6WWC.js";
import "./chunk-7GNNRPV6.js";
import "./chunk-7DMJUEWI.js";
import "./chunk-DRWF5HZX.js";
import {
  exec
} from "./chunk-IESNBTYB.js";
import {
  defaultTrivyInstallDir
} from "./chunk-BOIFOOFY.js";
import "./chunk-GO6V4V27.js";
import "./chunk-G7D7EWW2.js";
import {
  checkFeedUrl
} from "./chunk-H2J6QPBD.js";
import "./chunk-BEXNPQ7L.js";
import "./chunk-MYVX7FUX.js";
import "./chunk-FRITBTAO.js";
import {
  recordChangedTrivyDbs,
  verifyTrivyDbs
} from "./chunk-CJYB6J4O.js";
import {
  TRIVY_DATABASES,
  defaultCliTrivyCacheDir,
  isFreshToday,
  readTrivyDbState,
  resolveDbOptions
} from "./chunk-QAPMAWII.js";
import {
  ConfigurationError,
  ToolError
} from "./chunk-BRI3MEVE.js";
import "./chunk-GVHAVQQT.js";

// src/offline/bundle-command.ts
import path2 from "node:path";

// src/offline/make-bundle.ts
import { copyFile, lstat, mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
async function makeOfflineBundle(request) {
  const { logger, cacheDir } = request;
  const out = path.resolve(request.out);
  const existing = await readdir(out).catch(() => void 0);
  if (existing && existing.length > 0) {
    throw new ConfigurationError(`offline bundle --out ${out}: the directory is not empty; name a new one`);
  }
  const trivy = await locateTrivy({
    logger,
    cache: { kind: "directory", dir: request.installDir },
    searchPath: "",
    ...request.trivyVersion ? { version: request.trivyVersion } : {},
    ...request.trivySha256 ? { sha256: request.trivySha256 } : {},
    ...request.downloadBaseUrl ? { downloadBaseUrl: request.downloadBaseUrl } : {}
  });
  await mkdir(cacheDir, { recursive: true });
  await verifyTrivyDbs(cacheDir, { logger });
  await downloadDbs(trivy.path, cacheDir, request);
  const db = await readTrivyDbState(cacheDir, "db");
  if (!db.hasDatabase) {
    throw new ToolError(`no Trivy DB in ${cacheDir} after the download`, { command: "trivy --download-db-only" });
  }
  await downloadJavaDb(trivy.path, cacheDir, request);
  const javaDb = await readTrivyDbState(cacheDir, "javaDb");
  await mkdir(out, { recursive: true });
  const files = [];
  const add = async (from, relative) => {
    const target = path.join(out, ...relative.split("/"));
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(from, target);
    const info = await lstat(target);
    files.push({ path: relative, sha256: await sha256Of(target), bytes: info.size });
  };
  const platformDir = path.dirname(trivy.path);
  const trivyDir = `trivy/${trivy.version}/${path.basename(platformDir)}`;
  for (const name of (await readdir(platformDir)).sort()) {
    if ((await lstat(path.join(platformDir, name))).isFile())
      await add(path.join(platformDir, name), `${trivyDir}/${name}`);
  }
  for (const layout of Object.values(TRIVY_DATABASES)) {
    const dir = path.join(cacheDir, layout.dir);
    const names = await readdir(dir).catch(() => []);
    for (const name of names.sort()) {
      if ((await lstat(path.join(dir, name))).isFile()) await add(path.join(dir, name), `${layout.dir}/${name}`);
    }
  }
  const feeds = [];
  for (const feed of ["kev", "epss"]) {
    const urls = (feed === "kev" ? request.kevUrls : request.epssUrls) ?? [];
    try {
      const got = await fetchFeed({
        feed,
        urls: urls.length > 0 ? urls : feed === "kev" ? DEFAULT_KEV_URLS : DEFAULT_EPSS_URLS,
        cacheDir,
        now: request.now,
        maxBytes: feed === "kev" ? MAX_KEV_BYTES : MAX_EPSS_BYTES,
        logger,
        // Only a feed that parses goes into the bundle: an air-gapped run has no other copy to fall back on.
        parse: (body, source) => feed === "kev" ? parseKev(body.toString("utf8"), source) : parseEpss(body, source)
      });
      await add(path.join(cacheDir, FEEDS_DIR, feed), `${FEEDS_DIR}/${feed}`);
      await add(path.join(cacheDir, FEEDS_DIR, `${feed}.record.json`), `${FEEDS_DIR}/${feed}.record.json`);
      feeds.push({ feed, downloadedAt: got.downloadedAt, url: got.url });
    } catch (error) {
      logger.warning(`offline bundle: the ${feed} feed is left out: ${error.message}`);
    }
  }
  const dates = (state) => ({
    updatedAt: state.metadata?.updatedAt?.toISOString() ?? null,
    downloadedAt: state.metadata?.downloadedAt?.toISOString() ?? null
  });
  const manifest = {
    format: BUNDLE_FORMAT,
    formatVersion: 1,
    createdAt: request.now.toISOString(),
    trivy: {
      version: trivy.version,
      platform: process.platform,
      arch: process.arch,
      dir: trivyDir
    },
    db: dates(db),
    javaDb: javaDb.hasDatabase ? dates(javaDb) : null,
    feeds,
    files
  };
  await writeFile(path.join(out, BUNDLE_MANIFEST), `${JSON.stringify(manifest, null, 2)}
`);
  logger.info(
    `offline bundle: ${files.length} files in ${out} (Trivy ${trivy.version}, DB of ${manifest.db.updatedAt})`
  );
  return manifest;
}
async function downloadDbs(binary, cacheDir, request) {
  if (isFreshToday(await readTrivyDbState(cacheDir, "db"), "db", request.now)) return;
  const options = await resolveDbOptions(dbRequest(cacheDir, request));
  const args = buildTrivyDbDownloadArgs({ database: "db", cacheDir, db: options });
  await exec(binary, args, { logger: request.logger, env: dbDownloadEnv(request.env), timeoutMs: 15 * 6e4 });
  await recordChangedTrivyDbs(cacheDir);
}
async function downloadJavaDb(binary, cacheDir, request) {
  if (isFreshToday(await readTrivyDbState(cacheDir, "javaDb"), "javaDb", request.now)) return;
  const options = await resolveDbOptions(dbRequest(cacheDir, request));
  const args = buildTrivyDbDownloadArgs({ database: "javaDb", cacheDir, db: options });
  try {
    await exec(binary, args, { logger: request.logger, env: dbDownloadEnv(request.env), timeoutMs: 30 * 6e4 });
  } catch (error) {
    if (!(error instanceof ToolError)) throw error;
    request.logger.warning(`offline bundle: the Java DB could not be downloaded: ${error.message}`);
  }
  await recordChangedTrivyDbs(cacheDir);
}
function dbDownloadEnv(parent) {
  return withoutRegistryCredentials(trivyEnv(parent, { dropInheritedCredentials: true }).env);
}
function dbRequest(cacheDir, request) {
  return {
    cacheDir,
    now: request.now,
    ...request.dbRepositories?.length ? { repositories: request.dbRepositories } : {},
    ...request.javaDbRepositories?.length ? { javaRepositories: request.javaDbRepositories } : {}
  };
}

// src/offline/bundle-command.ts
async function runOfflineBundle(command, io) {
  const mirror = io.env.IMAGEGATE_TRIVY_DOWNLOAD_URL?.trim();
  const out = path2.resolve(io.cwd, command.out);
  await makeOfflineBundle({
    out,
    installDir: defaultTrivyInstallDir(io.env),
    cacheDir: command.trivyCacheDir ? path2.resolve(io.cwd, command.trivyCacheDir) : defaultCliTrivyCacheDir(io.env),
    ...command.trivyVersion ? { trivyVersion: command.trivyVersion } : {},
    ...command.trivySha256 ? { trivySha256: command.trivySha256 } : {},
    ...mirror ? { downloadBaseUrl: mirror } : {},
    kevUrls: command.kevUrls.map((url) => checkFeedUrl(url, "--kev-url")),
    epssUrls: command.epssUrls.map((url) => checkFeedUrl(url, "--epss-url")),
    ...command.trivyDbRepositories?.length ? { dbRepositories: command.trivyDbRepositories } : {},
    ...command.trivyJavaDbRepositories?.length ? { javaDbRepositories: command.trivyJavaDbRepositories } : {},
    env: io.env,
    now: /* @__PURE__ */ new Date(),
    logger: io.logger
  });
  io.stdout(`${out}
`);
}
export {
  runOfflineBundle
};
//# sourceMappingURL=bundle-command-F6CS3UIP.js.map
