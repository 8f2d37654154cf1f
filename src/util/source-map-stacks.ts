import { existsSync, readFileSync } from 'node:fs';
import { SourceMap, type SourceMapping } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Stack traces of the bundled dist/action.js and dist/cli.js name the src/ files and lines they came from, read from
 * the `.map` file scripts/bundle.mjs writes beside each bundle file (the entries and the chunks in dist/chunks/ they
 * load; this module itself may sit in a chunk, so every `.js` under the bundle's directory with a map beside it is
 * mapped, each through its own map), so an internal error's stack is useful in a bug
 * report. Node's own support cannot do it: `--enable-source-maps` is a node flag (the Action's `runs.main` passes
 * none), and `process.setSourceMapsEnabled(true)` only reads the maps of modules loaded after the call, never of
 * the bundle that makes it. So this formats stacks itself with node:module's SourceMap (Node 20 and 24 alike).
 *
 * Importing this module installs it: the entry points import it before anything else, so that even an error thrown
 * while the other modules load is mapped. It does nothing when no map lies beside the running file (the sources
 * run by tsx or Jest; the Docker image, which copies only cli.js) or when Node already maps (`--enable-source-maps`).
 * Stacks that never pass through the bundle stay with the formatter that was there. The map is read only when a
 * stack through the bundle is formatted (about 0.2 s for the Action's), never on the way to a normal exit.
 */
export function installSourceMapStacks(moduleUrl = import.meta.url): void {
  if (!moduleUrl.startsWith('file:') || process.sourceMapsEnabled) return;
  const bundle = fileURLToPath(moduleUrl);
  if (!existsSync(`${bundle}.map`)) return;
  // scripts/bundle.mjs puts shared and on-demand code in `chunks/` beside the entries.
  const here = path.dirname(bundle);
  const root = path.basename(here) === 'chunks' ? path.dirname(here) : here;
  const resolvers = new Map<string, Resolver | undefined>();
  /** The resolver of a frame's file when it is a bundle file with a map; existence is checked once per file. */
  const resolverOf = (frame: NodeJS.CallSite): Resolver | undefined => {
    const name = frame.getFileName() ?? '';
    if (!resolvers.has(name)) {
      let resolver: Resolver | undefined;
      try {
        const file = name.startsWith('file:') ? fileURLToPath(name) : name;
        const inside = file.endsWith('.js') && file.startsWith(`${root}${path.sep}`);
        resolver = inside && existsSync(`${file}.map`) ? lazyResolver(`${file}.map`) : undefined;
      } catch {
        resolver = undefined; // A frame name that is no path is not the bundle's.
      }
      resolvers.set(name, resolver);
    }
    return resolvers.get(name);
  };
  // Node (20.20 and 24 alike) puts its default formatter here.
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (error: Error, frames: NodeJS.CallSite[]): unknown => {
    if (previous && !frames.some((frame) => resolverOf(frame) !== undefined)) return previous(error, frames);
    try {
      return [header(error), ...frames.map((frame) => `    at ${mappedFrame(frame, resolverOf(frame))}`)].join('\n');
    } catch {
      // Mapping must never cost the error being reported: V8's own text then.
      return [header(error), ...frames.map((frame) => `    at ${frame.toString()}`)].join('\n');
    }
  };
}

type Resolver = (line: number, column: number) => string | undefined;

/** `file:line:column` in the original source for a 1-based place in the bundle; the map is parsed on first use. */
function lazyResolver(mapFile: string): Resolver {
  let map: SourceMap | null | undefined;
  return (line, column) => {
    if (map === undefined) {
      try {
        map = new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8')));
      } catch {
        map = null; // An unreadable map leaves stacks as they were; it must never hide the error being reported.
      }
    }
    if (map === null) return undefined;
    // findEntry is 0-based and answers {} when the place has no mapping.
    const entry: Partial<SourceMapping> = map.findEntry(line - 1, column - 1);
    if (entry.originalSource === undefined || entry.originalLine === undefined) return undefined;
    const source = path.resolve(path.dirname(mapFile), entry.originalSource);
    return `${source}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1}`;
  };
}

/** V8's own text for the frame, with the bundle's `file:line:column` replaced by the original one. */
function mappedFrame(frame: NodeJS.CallSite, resolve: Resolver | undefined): string {
  const text = frame.toString();
  const file = frame.getFileName();
  const line = frame.getLineNumber();
  const column = frame.getColumnNumber();
  if (!resolve || line === null || column === null) return text;
  const original = resolve(line, column);
  const place = `${file}:${line}:${column}`;
  const at = text.lastIndexOf(place);
  return original === undefined || at < 0 ? text : text.slice(0, at) + original + text.slice(at + place.length);
}

/** The first line V8 writes: `Name: message`, as Error.prototype.toString gives it. */
function header(error: unknown): string {
  try {
    return Error.prototype.toString.call(error);
  } catch {
    return 'Error';
  }
}

installSourceMapStacks();
