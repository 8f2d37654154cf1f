import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);

// src/util/source-map-stacks.ts
import { existsSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
function installSourceMapStacks(moduleUrl = import.meta.url) {
  if (!moduleUrl.startsWith("file:") || process.sourceMapsEnabled) return;
  const bundle = fileURLToPath(moduleUrl);
  if (!existsSync(`${bundle}.map`)) return;
  const here = path.dirname(bundle);
  const root = path.basename(here) === "chunks" ? path.dirname(here) : here;
  const resolvers = /* @__PURE__ */ new Map();
  const resolverOf = (frame) => {
    const name = frame.getFileName() ?? "";
    if (!resolvers.has(name)) {
      let resolver;
      try {
        const file = name.startsWith("file:") ? fileURLToPath(name) : name;
        const inside = file.endsWith(".js") && file.startsWith(`${root}${path.sep}`);
        resolver = inside && existsSync(`${file}.map`) ? lazyResolver(`${file}.map`) : void 0;
      } catch {
        resolver = void 0;
      }
      resolvers.set(name, resolver);
    }
    return resolvers.get(name);
  };
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (error, frames) => {
    if (previous && !frames.some((frame) => resolverOf(frame) !== void 0)) return previous(error, frames);
    try {
      return [header(error), ...frames.map((frame) => `    at ${mappedFrame(frame, resolverOf(frame))}`)].join("\n");
    } catch {
      return [header(error), ...frames.map((frame) => `    at ${frame.toString()}`)].join("\n");
    }
  };
}
function lazyResolver(mapFile) {
  let map;
  return (line, column) => {
    if (map === void 0) {
      try {
        map = new SourceMap(JSON.parse(readFileSync(mapFile, "utf8")));
      } catch {
        map = null;
      }
    }
    if (map === null) return void 0;
    const entry = map.findEntry(line - 1, column - 1);
    if (entry.originalSource === void 0 || entry.originalLine === void 0) return void 0;
    const source = path.resolve(path.dirname(mapFile), entry.originalSource);
    return `${source}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1}`;
  };
}
function mappedFrame(frame, resolve) {
  const text = frame.toString();
  const file = frame.getFileName();
  const line = frame.getLineNumber();
  const column = frame.getColumnNumber();
  if (!resolve || line === null || column === null) return text;
  const original = resolve(line, column);
  const place = `${file}:${line}:${column}`;
  const at = text.lastIndexOf(place);
  return original === void 0 || at < 0 ? text : text.slice(0, at) + original + text.slice(at + place.length);
}
function header(error) {
  try {
    return Error.prototype.toString.call(error);
  } catch {
    return "Error";
  }
}
installSourceMapStacks();

// src/util/compile-cache.ts
import { lstatSync, mkdirSync } from "node:fs";
import module from "node:module";
import { tmpdir } from "node:os";
import path2 from "node:path";
function enableCompileCache() {
  const node = module;
  if (typeof node.enableCompileCache !== "function") return void 0;
  try {
    const current = node.getCompileCacheDir?.();
    if (current) return current;
    const directory = privateCacheDirectory();
    return directory === void 0 ? void 0 : node.enableCompileCache(directory).directory;
  } catch {
    return void 0;
  }
}
function privateCacheDirectory(temp = tmpdir()) {
  const uid = process.getuid?.();
  const directory = path2.join(temp, `imagegate-compile-cache${uid === void 0 ? "" : `-${uid}`}`);
  try {
    mkdirSync(directory, { mode: 448 });
  } catch (error) {
    if (error.code !== "EEXIST") return void 0;
  }
  if (uid === void 0) return directory;
  const stat = lstatSync(directory);
  if (!stat.isDirectory() || stat.uid !== uid || (stat.mode & 18) !== 0) return void 0;
  return directory;
}
enableCompileCache();
//# sourceMappingURL=chunk-PPLLVFMT.js.map
