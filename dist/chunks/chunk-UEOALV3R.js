import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  parseShortVolume
} from "./chunk-YH46MFO6.js";
import {
  COMPOSE_DIALECT,
  parsePositionedYaml,
  readYamlText
} from "./chunk-PX7WTPDF.js";
import {
  describeNode,
  isMapNode,
  isNullNode,
  mapGet,
  mapNode,
  sameValue,
  scalarNode,
  scalarText,
  sequenceNode,
  stringValue,
  withEntry,
  withoutEntry
} from "./chunk-TFUQI7BM.js";
import {
  didYouMean
} from "./chunk-LUOQMPLI.js";
import {
  require_dist
} from "./chunk-GO6V4V27.js";
import {
  excerpt
} from "./chunk-G7D7EWW2.js";
import {
  appendAll
} from "./chunk-RHYLLRJI.js";
import {
  WorkspacePaths
} from "./chunk-5AN7IYVK.js";
import {
  ConfigurationError,
  formatPosition
} from "./chunk-BRI3MEVE.js";
import {
  __toESM
} from "./chunk-GVHAVQQT.js";

// src/compose/loader/load.ts
import path4 from "node:path";

// src/compose/loader/known-keys.ts
var KNOWN_KEYS = {
  top: ["version", "name", "include", "services", "models", "networks", "volumes", "secrets", "configs"],
  service: [
    "develop",
    "deploy",
    "annotations",
    "attach",
    "build",
    "blkio_config",
    "cap_add",
    "cap_drop",
    "cgroup",
    "cgroup_parent",
    "command",
    "configs",
    "container_name",
    "cpu_count",
    "cpu_percent",
    "cpu_shares",
    "cpu_quota",
    "cpu_period",
    "cpu_rt_period",
    "cpu_rt_runtime",
    "cpus",
    "cpuset",
    "credential_spec",
    "depends_on",
    "device_cgroup_rules",
    "devices",
    "dns",
    "dns_opt",
    "dns_search",
    "domainname",
    "entrypoint",
    "env_file",
    "label_file",
    "environment",
    "expose",
    "extends",
    "provider",
    "external_links",
    "extra_hosts",
    "gpus",
    "group_add",
    "healthcheck",
    "hostname",
    "image",
    "init",
    "ipc",
    "isolation",
    "labels",
    "links",
    "logging",
    "mac_address",
    "mem_limit",
    "mem_reservation",
    "mem_swappiness",
    "memswap_limit",
    "network_mode",
    "models",
    "networks",
    "oom_kill_disable",
    "oom_score_adj",
    "pid",
    "pids_limit",
    "platform",
    "ports",
    "post_start",
    "pre_stop",
    "privileged",
    "profiles",
    "pull_policy",
    "pull_refresh_after",
    "read_only",
    "restart",
    "runtime",
    "scale",
    "security_opt",
    "shm_size",
    "secrets",
    "sysctls",
    "stdin_open",
    "stop_grace_period",
    "stop_signal",
    "storage_opt",
    "tmpfs",
    "tty",
    "ulimits",
    "use_api_socket",
    "user",
    "uts",
    "userns_mode",
    "volumes",
    "volumes_from",
    "working_dir"
  ],
  serviceVolume: ["type", "source", "target", "read_only", "consistency", "bind", "volume", "tmpfs", "image"],
  serviceVolumeBind: ["propagation", "create_host_path", "recursive", "selinux"],
  serviceVolumeVolume: ["labels", "nocopy", "subpath"],
  serviceVolumeTmpfs: ["size", "mode"],
  serviceVolumeImage: ["subpath"],
  topVolume: ["name", "driver", "driver_opts", "external", "labels"]
};
function checkKeys(map, allowed, where, warn) {
  for (const [key2, { keyPosition }] of map.entries) {
    if (key2.startsWith("x-") || allowed.includes(key2)) continue;
    const hint = didYouMean(key2.replace(/-/g, "_"), allowed);
    warn(
      `unknown key \`${key2}\` in ${where}${hint ? ` (did you mean \`${hint}\`?)` : ""}; docker compose rejects the file, imagegate ignores the key`,
      keyPosition
    );
  }
}
function warnUnknownKeys(model, warn) {
  checkKeys(model, KNOWN_KEYS.top, "the top level", warn);
  const services = mapGet(model, "services");
  if (isMapNode(services)) {
    for (const [name, { value }] of services.entries) {
      if (!isMapNode(value)) continue;
      checkKeys(value, KNOWN_KEYS.service, `service \`${name}\``, warn);
      checkServiceVolumes(mapGet(value, "volumes"), name, warn);
    }
  }
  const volumes = mapGet(model, "volumes");
  if (isMapNode(volumes)) {
    for (const [name, { value }] of volumes.entries) {
      if (isMapNode(value)) checkKeys(value, KNOWN_KEYS.topVolume, `volume \`${name}\``, warn);
    }
  }
}
function checkServiceVolumes(volumes, service, warn) {
  if (volumes?.kind !== "sequence") return;
  for (const item of volumes.items) {
    if (!isMapNode(item)) continue;
    const where = `a volume of service \`${service}\``;
    checkKeys(item, KNOWN_KEYS.serviceVolume, where, warn);
    const nested = [
      ["bind", KNOWN_KEYS.serviceVolumeBind],
      ["volume", KNOWN_KEYS.serviceVolumeVolume],
      ["tmpfs", KNOWN_KEYS.serviceVolumeTmpfs],
      ["image", KNOWN_KEYS.serviceVolumeImage]
    ];
    for (const [key2, allowed] of nested) {
      const value = mapGet(item, key2);
      if (isMapNode(value)) checkKeys(value, allowed, `\`${key2}:\` of ${where}`, warn);
    }
  }
}

// src/compose/loader/extends.ts
import path from "node:path";

// src/compose/loader/tree-path.ts
function itemSegment(index) {
  return `[${index}]`;
}
function isItemSegment(segment) {
  return /^\[\d+\]$/.test(segment);
}
function compilePattern(pattern) {
  return pattern.split(".");
}
function matchesPattern(path5, pattern) {
  if (path5.length !== pattern.length) return false;
  return pattern.every((part, index) => {
    const segment = path5[index];
    if (part === "*") return true;
    if (part === "[]") return isItemSegment(segment);
    return part === segment;
  });
}
function formatPath(path5) {
  let text = "";
  for (const segment of path5) {
    if (isItemSegment(segment)) text += segment;
    else text += text === "" ? segment : `.${segment}`;
  }
  return text === "" ? "(top level)" : text;
}

// src/compose/loader/merge.ts
var replace = (_base, override) => override;
var toSequence = (base, override) => {
  const items = [...asSequenceItems(base), ...asSequenceItems(override)];
  return sequenceNode(items, override.position, override.baseDir);
};
var extraHosts = (base, override) => {
  const left = asSequenceItems(base);
  const known = new Set(left.map(itemText));
  const right = asSequenceItems(override).filter((item) => !known.has(itemText(item)));
  return sequenceNode([...left, ...right], override.position, override.baseDir);
};
var build = (base, override, path5) => {
  const left = buildAsMap(base);
  const right = buildAsMap(override);
  return left && right ? mergeMappings(left, right, path5) : override;
};
var dependsOn = (base, override, path5) => mergeMappings(listAsMap(base, "depends_on"), listAsMap(override, "depends_on"), path5);
var namesAsMap = (base, override, path5) => mergeMappings(listAsMap(base, "names"), listAsMap(override, "names"), path5);
var logging = (base, override, path5) => {
  if (!isMapNode(base) || !isMapNode(override)) return override;
  const driver = mapGet(override, "driver");
  const baseDriver = mapGet(base, "driver");
  const sameDriver = driver?.kind === "scalar" && baseDriver?.kind === "scalar" && driver.value === baseDriver.value;
  return sameDriver || driver === void 0 || baseDriver === void 0 ? mergeMappings(base, override, path5) : override;
};
var MERGERS = [
  ["networks.*.ipam.config", ipamConfig],
  ["networks.*.labels", toSequence],
  ["volumes.*.labels", toSequence],
  ["services.*.annotations", toSequence],
  ["services.*.build", build],
  ["services.*.build.args", toSequence],
  ["services.*.build.additional_contexts", toSequence],
  ["services.*.build.extra_hosts", extraHosts],
  ["services.*.build.labels", toSequence],
  ["services.*.command", replace],
  ["services.*.depends_on", dependsOn],
  ["services.*.deploy.labels", toSequence],
  ["services.*.dns", toSequence],
  ["services.*.dns_opt", toSequence],
  ["services.*.dns_search", toSequence],
  ["services.*.entrypoint", replace],
  ["services.*.env_file", toSequence],
  ["services.*.label_file", toSequence],
  ["services.*.environment", toSequence],
  ["services.*.extra_hosts", extraHosts],
  ["services.*.healthcheck.test", replace],
  ["services.*.labels", toSequence],
  ["services.*.logging", logging],
  ["services.*.models", namesAsMap],
  ["services.*.networks", namesAsMap],
  ["services.*.sysctls", toSequence],
  ["services.*.tmpfs", toSequence],
  // compose merges the override with itself here, so an override's ulimit replaces the base one whole.
  ["services.*.ulimits.*", replace]
].map(([pattern, merger]) => [compilePattern(pattern), merger]);
function mergeNodes(base, override, path5) {
  const special = MERGERS.find(([pattern]) => matchesPattern(path5, pattern))?.[1];
  if (special) return special(base, override, path5);
  if (isNullNode(override)) return base;
  if (base.kind === "map") {
    if (override.kind !== "map") throw mismatch(base, override, path5);
    return mergeMappings(base, override, path5);
  }
  if (base.kind === "sequence") {
    if (override.kind !== "sequence") throw mismatch(base, override, path5);
    return sequenceNode([...base.items, ...override.items], override.position, override.baseDir);
  }
  return override;
}
function mergeMappings(base, override, path5) {
  const entries = new Map(base.entries);
  for (const [key2, entry] of override.entries) {
    const existing2 = entries.get(key2);
    entries.set(key2, existing2 ? { ...entry, value: mergeNodes(existing2.value, entry.value, [...path5, key2]) } : entry);
  }
  return mapNode(entries, override.position, override.baseDir);
}
function mismatch(base, override, path5) {
  const kind = base.kind === "map" ? "a map" : "a list";
  return new ConfigurationError(
    `cannot override ${formatPath(path5)}: it is ${kind} in ${formatPosition(base.position)}, and compose can only merge ${kind} into it, not ${describeNode(override)}`,
    override.position
  );
}
function asSequenceItems(node) {
  if (node.kind === "sequence") return node.items;
  if (node.kind === "scalar") return typeof node.value === "string" ? [node] : [];
  const items = [];
  for (const [key2, { keyPosition, value }] of node.entries) {
    if (isNullNode(value)) items.push(scalarNode(key2, keyPosition, value.baseDir));
    else if (value.kind === "sequence") {
      for (const item of value.items) items.push(scalarNode(`${key2}=${itemText(item)}`, item.position, item.baseDir));
    } else items.push(scalarNode(`${key2}=${itemText(value)}`, value.position, value.baseDir));
  }
  return items.sort((a, b) => compareText(itemText(a), itemText(b)));
}
function itemText(node) {
  return node.kind === "scalar" ? scalarText(node.value) : JSON.stringify(node.kind);
}
function compareText(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
function buildAsMap(node) {
  if (node.kind === "map") return node;
  if (node.kind === "scalar" && typeof node.value === "string") {
    return mapNode(/* @__PURE__ */ new Map([["context", { keyPosition: node.position, value: node }]]), node.position, node.baseDir);
  }
  return void 0;
}
function listAsMap(node, kind) {
  if (node.kind === "map") return node;
  const entries = /* @__PURE__ */ new Map();
  const items = node.kind === "sequence" ? node.items : [];
  for (const item of items) {
    if (item.kind !== "scalar" || typeof item.value !== "string") {
      throw new ConfigurationError(`expected a name, found ${describeNode(item)}`, item.position);
    }
    const value = kind === "depends_on" ? mapNode(
      /* @__PURE__ */ new Map([
        [
          "condition",
          { keyPosition: item.position, value: scalarNode("service_started", item.position, item.baseDir) }
        ],
        ["required", { keyPosition: item.position, value: scalarNode(true, item.position, item.baseDir) }]
      ]),
      item.position,
      item.baseDir
    ) : scalarNode(null, item.position, item.baseDir);
    entries.set(item.value, { keyPosition: item.position, value });
  }
  return mapNode(entries, node.position, node.baseDir);
}
function ipamConfig(base, override, path5) {
  if (base.kind !== "sequence" || override.kind !== "sequence") {
    throw new ConfigurationError(`${formatPath(path5)} must be a list`, override.position);
  }
  const result = [];
  const subnet = (node) => {
    const value = mapGet(node, "subnet");
    return value?.kind === "scalar" ? value.value : void 0;
  };
  const indexOf = (value) => result.findIndex((node) => subnet(node) === value);
  for (const original of base.items) {
    let right = original;
    for (const item of override.items) {
      if (subnet(item) !== subnet(right)) {
        if (indexOf(subnet(item)) < 0) {
          result.push(item);
          continue;
        }
      }
      right = isMapNode(right) && isMapNode(item) ? mergeMappings(right, item, path5) : item;
      const at = indexOf(subnet(right));
      if (at >= 0) result[at] = right;
      else result.push(right);
    }
  }
  return sequenceNode(result, override.position, override.baseDir);
}

// src/compose/loader/reset.ts
function applyResetPaths(model, paths) {
  let result = model;
  for (const path5 of paths) result = removePath(result, path5);
  return result;
}
function removePath(map, path5) {
  const [key2, ...rest] = path5;
  if (key2 === void 0) return map;
  const entry = map.entries.get(key2);
  if (!entry) return map;
  if (rest.length === 0) return withoutEntry(map, key2);
  const value = entry.value;
  if (value.kind !== "map") return map;
  const updated = removePath(value, rest);
  return updated === value ? map : withEntry(map, key2, { ...entry, value: updated });
}

// src/compose/loader/extends.ts
var MAX_EXTENDS_DEPTH = 32;
async function applyExtends(file, source, context, resetPaths, load) {
  const entry = file.entries.get("services");
  if (!entry || !isMapNode(entry.value)) return file;
  const services = new Map(entry.value.entries);
  const resolver = new ExtendsResolver(context, load);
  const scope = { source, workingDir: context.workingDir, resetPaths };
  for (const name of [...services.keys()]) await resolver.resolve(name, services, scope, []);
  return withEntry(file, "services", { ...entry, value: { ...entry.value, entries: services } });
}
var ExtendsResolver = class {
  constructor(context, load) {
    this.context = context;
    this.load = load;
  }
  context;
  load;
  /** The service with its `extends` applied (written back into `services`); undefined for an empty body. */
  async resolve(name, services, scope, chain) {
    const entry = services.get(name);
    if (!entry || !isMapNode(entry.value)) return void 0;
    const service = entry.value;
    const extendsEntry = service.entries.get("extends");
    if (!extendsEntry) return service;
    const { ref, file } = parseExtends(extendsEntry.value, name);
    const position = extendsEntry.value.position;
    let baseServices = services;
    let baseScope = scope;
    if (file !== void 0) {
      ({ services: baseServices, scope: baseScope } = await this.base(file, name, ref, scope, position));
    } else if (!services.has(ref)) {
      throw new ConfigurationError(
        `service \`${name}\` extends \`${ref}\`, but ${scope.source.display} has no service \`${ref}\``,
        position
      );
    }
    const here = [...chain, key(scope.source, name)];
    if (here.length > MAX_EXTENDS_DEPTH) {
      throw new ConfigurationError(
        `\`extends\` of service \`${name}\` goes more than ${MAX_EXTENDS_DEPTH} services deep; shorten the chain`,
        position
      );
    }
    if (here.includes(key(baseScope.source, ref))) {
      const names = [...here, key(baseScope.source, ref)].map((item) => item.split("\0").reverse().join(" in "));
      throw new ConfigurationError(`circular extends: ${names.join(" → ")}`, position);
    }
    const base = await this.resolve(ref, baseServices, baseScope, here);
    let merged;
    if (base) {
      const own = scope.resetPaths.filter((p) => p[0] === "services" && p[1] === name && p.length > 2);
      const inherited = applyResetPaths(
        base,
        own.map((p) => p.slice(2))
      );
      merged = mergeNodes(inherited, service, ["services", name]);
    } else {
      merged = service;
    }
    merged = withoutEntry(merged, "extends");
    services.set(name, { ...entry, value: merged });
    return merged;
  }
  async base(file, name, ref, scope, position) {
    if (isRemote(file)) {
      throw new ConfigurationError(
        `service \`${name}\` extends a remote file (${file}); imagegate reads local files only`,
        position
      );
    }
    const absolute = path.resolve(scope.workingDir, file);
    const dir = path.dirname(absolute);
    const source = { absolute, display: this.context.displayPath(absolute), baseDir: dir };
    let loaded = this.context.extendsBases.get(absolute);
    if (!loaded) {
      loaded = await this.load(
        void 0,
        source,
        { ...this.context, workingDir: dir },
        { include: false, extends: false },
        position
      );
      this.context.extendsBases.set(absolute, loaded);
    }
    const services = mapGet(loaded.model, "services");
    if (!isMapNode(services) || !services.entries.has(ref)) {
      throw new ConfigurationError(
        `service \`${name}\` extends \`${ref}\` from ${source.display}, which has no service \`${ref}\``,
        position
      );
    }
    return { services: new Map(services.entries), scope: { source, workingDir: dir, resetPaths: loaded.resetPaths } };
  }
};
function key(source, service) {
  return `${source.display}\0${service}`;
}
function parseExtends(value, name) {
  const text = stringValue(value);
  if (text !== void 0) return { ref: text };
  if (isMapNode(value)) {
    const ref = stringValue(mapGet(value, "service"));
    if (ref === void 0) {
      throw new ConfigurationError(
        `\`extends\` of service \`${name}\` needs \`service:\`, the service to start from`,
        value.position
      );
    }
    const fileNode = mapGet(value, "file");
    const file = stringValue(fileNode);
    if (fileNode !== void 0 && file === void 0 && !(fileNode.kind === "scalar" && fileNode.value === null)) {
      throw new ConfigurationError(
        `\`extends.file\` must be a path, found ${describeNode(fileNode)}`,
        fileNode.position
      );
    }
    return file === void 0 ? { ref } : { ref, file };
  }
  throw new ConfigurationError(
    `\`extends\` must name a service or be a map with \`service\` and \`file\`, found ${describeNode(value)}`,
    value.position
  );
}
function isRemote(reference) {
  return /^(https?|git|ssh|oci):\/\//.test(reference) || reference.startsWith("git@") || reference.startsWith("github.com/");
}

// src/compose/loader/include.ts
import { stat as stat2 } from "node:fs/promises";
import path2 from "node:path";

// src/compose/loader/dotenv.ts
import { readFile, stat } from "node:fs/promises";

// src/compose/loader/template.ts
var BODY = String.raw`(?:(?<escaped>\$)|(?<named>[_a-z][_a-z0-9]*)|\{(?:(?<braced>[_a-z][_a-z0-9]*(?::?[-+?][^\n]*)?)\}` + String.raw`|(?<mapping>[_a-z][_a-z0-9]*\[[^\n]*\](?::?[-+?}][^\n]*)?)\}|(?<invalid>)))`;
var SOURCE = String.raw`\$` + BODY;
var MAX_TEMPLATE_NESTING = 100;
var OPERATORS = [":?", "?", ":-", "-", ":+", "+"];
var TemplateFailure = class extends Error {
  constructor(detail) {
    super(detail.kind);
    this.detail = detail;
  }
  detail;
};
function substitute(template, lookup) {
  const unset = [];
  try {
    return { value: substituteAll(template, lookup, unset, 0), unset };
  } catch (error) {
    if (error instanceof TemplateFailure) {
      const detail = error.detail.kind === "invalid" && error.detail.template === "" ? { kind: "invalid", template } : error.detail;
      return { value: "", error: detail, unset };
    }
    throw error;
  }
}
function substituteAll(template, lookup, unset, depth) {
  if (!template.includes("$")) return template;
  if (depth >= MAX_TEMPLATE_NESTING) throw new TemplateFailure({ kind: "too-deep", limit: MAX_TEMPLATE_NESTING });
  const sticky = new RegExp(SOURCE, "iy");
  let result = "";
  let copied = 0;
  for (let at = template.indexOf("$"); at !== -1; at = template.indexOf("$", at)) {
    const matched = matchAt(template, at, sticky);
    if (matched === void 0) {
      at += 1;
      continue;
    }
    const closing = firstBraceClosingIndex(matched);
    result += template.slice(copied, at) + replaceOne(matched, closing, lookup, unset, depth);
    at += closing > -1 ? closing + 1 : matched.length;
    copied = at;
  }
  return result + template.slice(copied);
}
function matchAt(template, at, sticky) {
  if (template.charCodeAt(at + 1) === 123) {
    const lineEnd = template.indexOf("\n", at);
    const closing = braceClosingFrom(template, at, lineEnd === -1 ? template.length : lineEnd);
    if (closing !== -1) {
      sticky.lastIndex = 0;
      const short = sticky.exec(template.slice(at, closing + 1));
      if (short && short.groups?.invalid === void 0) return short[0];
    }
  }
  sticky.lastIndex = at;
  return sticky.exec(template)?.[0];
}
function braceClosingFrom(text, start, end) {
  let open = 0;
  for (let i = start; i < end; i++) {
    if (text[i] === "}") {
      open--;
      if (open === 0) return i;
    }
    if (text[i] === "{") {
      open++;
      i++;
    }
  }
  return -1;
}
function replaceOne(matched, closing, lookup, unset, depth) {
  const substring = closing > -1 ? matched.slice(0, closing + 1) : matched;
  const groups = new RegExp(SOURCE, "i").exec(substring)?.groups;
  if (groups?.escaped) return groups.escaped;
  let value;
  if (groups?.named) {
    value = plainLookup(groups.named, lookup, unset);
  } else if (groups?.braced) {
    const operator = firstOperator(matched);
    value = operator ? applyOperator(operator, groups.braced, lookup, unset, depth) ?? substring : plainLookup(groups.braced, lookup, unset);
  } else if (groups?.mapping) {
    value = substring;
  } else {
    throw new TemplateFailure({ kind: "invalid", template: "" });
  }
  return value;
}
function plainLookup(name, lookup, unset) {
  const value = lookup(name);
  if (value === void 0) {
    unset.push(name);
    return "";
  }
  return value;
}
function firstBraceClosingIndex(text) {
  let open = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "}") {
      open--;
      if (open === 0) return i;
    }
    if (text[i] === "{") {
      open++;
      i++;
    }
  }
  return -1;
}
function firstOperator(text) {
  let best;
  let bestIndex = Infinity;
  for (const operator of OPERATORS) {
    const index = text.indexOf(operator);
    if (index >= 0 && index < bestIndex) {
      best = operator;
      bestIndex = index;
    }
  }
  return best;
}
function applyOperator(operator, substitution, lookup, unset, depth) {
  const at = substitution.indexOf(operator);
  if (at < 0) return void 0;
  const name = substitution.slice(0, at);
  const word = substituteAll(substitution.slice(at + operator.length), lookup, unset, depth + 1);
  const value = lookup(name);
  switch (operator) {
    case ":-":
      return value === void 0 || value === "" ? word : value;
    case "-":
      return value === void 0 ? word : value;
    case ":+":
      return value !== void 0 && value !== "" ? word : value ?? "";
    case "+":
      return value !== void 0 ? word : "";
    case ":?":
    case "?":
      if (value === void 0 || operator === ":?" && value === "") {
        throw new TemplateFailure({ kind: "required", variable: name, reason: word });
      }
      return value;
  }
}
function describeTemplateError(error) {
  if (error.kind === "too-deep") {
    return `interpolation nested more than ${error.limit} levels deep (\${A:-\${B:-…}}); imagegate reads at most ${error.limit}`;
  }
  if (error.kind === "required") {
    return error.reason === "" ? `required variable ${error.variable} is missing a value` : `required variable ${error.variable} is missing a value: ${error.reason}`;
  }
  return `invalid interpolation format in ${excerpt(error.template)}; you may need to escape any $ with another $ ($$)`;
}

// src/compose/loader/dotenv.ts
function parseDotenv(text, display, lookup) {
  return new DotenvParser(text.startsWith("\uFEFF") ? text.slice(1) : text, display, lookup).parse();
}
async function readEnvFiles(files, environment, onUnset, position, paths = WorkspacePaths.unrestricted()) {
  const result = /* @__PURE__ */ new Map();
  for (const file of files) {
    let text;
    const checked = await paths.check(file.absolute);
    if (!checked.ok && checked.problem === "refused") {
      throw new ConfigurationError(
        `env file ${file.display} is refused: ${checked.reason}`,
        position ?? { path: file.display }
      );
    }
    try {
      const info = await stat(file.absolute);
      if (info.isDirectory()) {
        throw new ConfigurationError(`env file ${file.display} is a directory, not a file`, position);
      }
      text = await readFile(file.absolute, "utf8");
    } catch (error) {
      if (error instanceof ConfigurationError) throw error;
      const code = error.code;
      const reason = code === "ENOENT" ? "the file does not exist" : code ?? error.message;
      throw new ConfigurationError(`cannot read env file ${file.display}: ${reason}`, position);
    }
    const lookup = (name) => Object.hasOwn(environment, name) ? environment[name] : result.get(name);
    const parsed = parseDotenv(text, file.display, lookup);
    for (const { variable, line } of parsed.unset) onUnset(variable, file.display, line);
    for (const [key2, value] of parsed.values) result.set(key2, value);
  }
  return result;
}
var EXPORT = /^export\s+/;
var ESCAPES = /\\(?:[abcfnrtv$"\\]|0\d{0,3})/g;
var DotenvParser = class {
  constructor(text, display, lookup) {
    this.text = text;
    this.display = display;
    this.lookup = lookup;
  }
  text;
  display;
  lookup;
  line = 1;
  values = /* @__PURE__ */ new Map();
  unset = [];
  parse() {
    let rest = this.text;
    for (; ; ) {
      rest = this.statementStart(rest);
      if (rest === "") break;
      rest = this.statement(rest);
    }
    return { values: this.values, unset: this.unset };
  }
  fail(message) {
    throw new ConfigurationError(message, { path: this.display, line: this.line });
  }
  /** Skips blank space and comment lines, counting lines. */
  statementStart(text) {
    let rest = text;
    for (; ; ) {
      const start = rest.search(/\S/);
      if (start < 0) return "";
      this.line += countNewlines(rest.slice(0, start));
      rest = rest.slice(start);
      if (!rest.startsWith("#")) return rest;
      const end = rest.indexOf("\n");
      if (end < 0) return "";
      rest = rest.slice(end);
    }
  }
  statement(text) {
    let source = text;
    if (EXPORT.test(source)) source = trimLeftSpaces(source.slice("export".length));
    let end = -1;
    for (let i = 0; i < source.length; i++) {
      const char = source[i];
      if (isSpace(char)) continue;
      if (char === "=" || char === ":" || char === "\n") {
        end = i;
        break;
      }
      if (!/[\p{L}\p{N}_.\-[\]]/u.test(char)) {
        this.fail(`unexpected character ${excerpt(char)} in variable name ${excerpt(source.split("\n")[0] ?? "")}`);
      }
    }
    if (end < 0) {
      this.line++;
      return "";
    }
    const inherited = source[end] === "\n";
    const key2 = source.slice(0, end).trimEnd();
    if (key2.includes(" ")) this.fail("a variable name cannot contain a space");
    if (inherited) {
      this.line++;
      const value2 = this.lookup(key2);
      if (value2 !== void 0) this.values.set(key2, value2);
      return source.slice(end + 1);
    }
    const { value, rest } = this.value(trimLeftSpaces(source.slice(end + 1)));
    if (key2 !== "") this.values.set(key2, value);
    return rest;
  }
  value(source) {
    const quote = source[0];
    if (quote !== '"' && quote !== "'") {
      const newline = source.indexOf("\n");
      const raw = newline < 0 ? source : source.slice(0, newline);
      const line2 = this.line;
      this.line++;
      const comment = raw.indexOf(" #");
      const value = (comment < 0 ? raw : raw.slice(0, comment)).trimEnd();
      return { value: this.expand(value, line2), rest: newline < 0 ? "" : source.slice(newline + 1) };
    }
    const line = this.line;
    let escaped = false;
    let chars = "";
    for (let i = 1; i < source.length; i++) {
      const char = source[i];
      if (char === "\n") this.line++;
      if (escaped) {
        escaped = false;
        if (char !== quote) chars += "\\";
        chars += char;
        continue;
      }
      if (char === "\\") escaped = true;
      else if (char === quote) {
        const value = quote === '"' ? this.expand(expandEscapes(chars), line) : chars;
        return { value, rest: source.slice(i + 1) };
      } else chars += char;
    }
    this.line = line;
    this.fail(`unterminated quoted value (opened with ${quote}, never closed)`);
  }
  expand(value, line) {
    const result = substitute(value, (name) => this.lookup(name) ?? this.values.get(name));
    if (result.error) throw new ConfigurationError(describeTemplateError(result.error), { path: this.display, line });
    for (const variable of result.unset) this.unset.push({ variable, line });
    return result.value;
  }
};
function expandEscapes(text) {
  return text.replace(ESCAPES, (match) => {
    if (match === "\\$") return "$$";
    if (match.startsWith("\\0")) return String.fromCharCode(parseInt(match.slice(2) || "0", 8));
    const simple = {
      a: "\x07",
      b: "\b",
      f: "\f",
      n: "\n",
      r: "\r",
      t: "	",
      v: "\v",
      '"': '"',
      "\\": "\\"
    };
    return simple[match.slice(1)] ?? match;
  });
}
function isSpace(char) {
  return char === " " || char === "	" || char === "\v" || char === "\f" || char === "\r" || char === "" || char === " ";
}
function trimLeftSpaces(text) {
  let i = 0;
  while (i < text.length && isSpace(text[i])) i++;
  return text.slice(i);
}
function countNewlines(text) {
  let count = 0;
  for (const char of text) if (char === "\n") count++;
  return count;
}

// src/compose/loader/include.ts
var RESOURCES = ["services", "volumes", "networks", "secrets", "configs"];
var MAX_INCLUDE_DEPTH = 16;
async function applyInclude(file, source, context, loadFiles2) {
  const include = file.entries.get("include");
  if (!include) return file;
  let result = withoutEntry(file, "include");
  if (isNullNode(include.value)) return result;
  if (include.value.kind !== "sequence") {
    throw new ConfigurationError(
      `\`include\` must be a list, found ${describeNode(include.value)}`,
      include.value.position
    );
  }
  for (const item of include.value.items) {
    const entry = parseEntry(item);
    const imported = await loadInclude(entry, source, context, loadFiles2);
    result = importResources(result, imported.model, entry, context, imported.serviceDirs);
  }
  return result;
}
async function loadInclude(entry, source, context, loadFiles2) {
  for (const item of entry.paths) {
    if (isRemote(item)) {
      throw new ConfigurationError(
        `include of a remote file (${item}); imagegate reads local files only`,
        entry.position
      );
    }
  }
  const files = entry.paths.map((item) => path2.resolve(context.workingDir, item));
  const main = files[0];
  const stack = context.includeStack.includes(source.absolute) ? context.includeStack : [...context.includeStack, source.absolute];
  if (stack.includes(main)) {
    const cycle = [...stack, main].map((item) => context.displayPath(item));
    throw new ConfigurationError(`include cycle: ${cycle.join(" includes ")}`, entry.position);
  }
  if (stack.length >= MAX_INCLUDE_DEPTH) {
    throw new ConfigurationError(
      `\`include\` nests more than ${MAX_INCLUDE_DEPTH} files deep (from ${context.displayPath(stack[0])}); flatten the includes`,
      entry.position
    );
  }
  const projectDir = entry.projectDirectory === void 0 ? path2.dirname(main) : path2.resolve(context.workingDir, entry.projectDirectory);
  let envFiles;
  if (entry.envFiles === void 0) {
    const dotenv = path2.join(projectDir, ".env");
    envFiles = await isFile(dotenv) ? [dotenv] : [];
  } else {
    envFiles = entry.envFiles.map((item) => path2.resolve(context.workingDir, item));
  }
  const fromFiles = await readEnvFiles(
    envFiles.map((absolute) => ({ absolute, display: context.displayPath(absolute) })),
    context.environment,
    (variable, display, line) => {
      context.warn(`the ${JSON.stringify(variable)} variable is not set; compose substitutes an empty string`, {
        path: display,
        line,
        column: 1
      });
      context.onUnsetLookup?.(variable, { path: display, line, column: 1 });
    },
    entry.position,
    context.paths
  );
  const environment = { ...context.environment };
  for (const [key2, value] of fromFiles) if (!Object.hasOwn(environment, key2)) environment[key2] = value;
  const subContext = {
    ...context,
    workingDir: projectDir,
    environment,
    includeStack: stack,
    serviceDirs: /* @__PURE__ */ new Map(),
    // extends bases are interpolated with the sub-project's environment, so they are not shared with the parent.
    extendsBases: /* @__PURE__ */ new Map()
  };
  const sources = files.map((absolute) => ({ absolute, display: context.displayPath(absolute), baseDir: projectDir }));
  const model = await loadFiles2(sources, subContext, entry.position);
  const services = mapGet(model, "services");
  if (isMapNode(services)) {
    for (const name of services.entries.keys()) {
      if (!subContext.serviceDirs.has(name)) subContext.serviceDirs.set(name, projectDir);
    }
  }
  return { model, serviceDirs: subContext.serviceDirs };
}
function importResources(file, imported, entry, context, serviceDirs) {
  let result = file;
  for (const kind of RESOURCES) {
    const from = mapGet(imported, kind);
    if (!isMapNode(from)) continue;
    const existing2 = result.entries.get(kind);
    const target = existing2 && isMapNode(existing2.value) ? existing2.value : mapNode(/* @__PURE__ */ new Map(), entry.position, void 0);
    const entries = new Map(target.entries);
    for (const [name, resource] of from.entries) {
      const local = entries.get(name);
      if (local) {
        if (sameValue(local.value, resource.value)) continue;
        throw new ConfigurationError(
          `${kind}.${name} is defined here and also by the included project (${resource.keyPosition.path}); compose refuses the conflict`,
          local.keyPosition
        );
      }
      entries.set(name, resource);
      if (kind === "services") context.serviceDirs.set(name, serviceDirs.get(name));
    }
    result = withEntry(result, kind, {
      keyPosition: existing2?.keyPosition ?? entry.position,
      value: { ...target, entries }
    });
  }
  return result;
}
function parseEntry(item) {
  const text = stringValue(item);
  if (text !== void 0) return { paths: [text], position: item.position };
  if (!isMapNode(item)) {
    throw new ConfigurationError(
      `an \`include\` entry is a path or a map with \`path\`, found ${describeNode(item)}`,
      item.position
    );
  }
  const paths = stringList(mapGet(item, "path"), "path");
  if (!paths || paths.length === 0) {
    throw new ConfigurationError(
      "an `include` entry needs `path`, the compose file(s) of the sub-project",
      item.position
    );
  }
  const entry = { paths, position: item.position };
  const projectDirectory = mapGet(item, "project_directory");
  if (projectDirectory !== void 0 && !isNullNode(projectDirectory)) {
    const value = stringValue(projectDirectory);
    if (value === void 0) {
      throw new ConfigurationError(
        `\`project_directory\` must be a path, found ${describeNode(projectDirectory)}`,
        projectDirectory.position
      );
    }
    entry.projectDirectory = value;
  }
  const envFiles = stringList(mapGet(item, "env_file"), "env_file");
  if (envFiles) entry.envFiles = envFiles;
  return entry;
}
function stringList(node, key2) {
  if (node === void 0 || isNullNode(node)) return void 0;
  const text = stringValue(node);
  if (text !== void 0) return [text];
  if (node.kind === "sequence") {
    return node.items.map((item) => {
      const value = stringValue(item);
      if (value === void 0)
        throw new ConfigurationError(`\`${key2}\` lists paths, found ${describeNode(item)}`, item.position);
      return value;
    });
  }
  throw new ConfigurationError(
    `\`${key2}\` must be a path or a list of paths, found ${describeNode(node)}`,
    node.position
  );
}
async function isFile(file) {
  try {
    return (await stat2(file)).isFile();
  } catch {
    return false;
  }
}

// src/compose/loader/interpolate.ts
var toBoolean = (text) => {
  switch (text.toLowerCase()) {
    case "true":
    case "y":
    case "yes":
    case "on":
      return { value: true };
    case "false":
    case "n":
    case "no":
    case "off":
      return { value: false };
    default:
      return { error: `invalid boolean: ${excerpt(text)}` };
  }
};
var toInt = (text) => /^[+-]?\d+$/.test(text) ? { value: Number(text) } : { error: `invalid integer: ${excerpt(text)}` };
var toFloat = (text) => /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) || /^[+-]?(inf|infinity|nan)$/i.test(text) ? { value: Number(text.replace(/inf(inity)?/i, "Infinity")) } : { error: `invalid number: ${excerpt(text)}` };
var CASTS = [
  ["services.*.configs.[].mode", toInt],
  ["services.*.cpu_count", toInt],
  ["services.*.cpu_percent", toFloat],
  ["services.*.cpu_period", toInt],
  ["services.*.cpu_quota", toInt],
  ["services.*.cpu_rt_period", toInt],
  ["services.*.cpu_rt_runtime", toInt],
  ["services.*.cpus", toFloat],
  ["services.*.cpu_shares", toInt],
  ["services.*.init", toBoolean],
  ["services.*.deploy.replicas", toInt],
  ["services.*.deploy.update_config.parallelism", toInt],
  ["services.*.deploy.update_config.max_failure_ratio", toFloat],
  ["services.*.deploy.rollback_config.parallelism", toInt],
  ["services.*.deploy.rollback_config.max_failure_ratio", toFloat],
  ["services.*.deploy.restart_policy.max_attempts", toInt],
  ["services.*.deploy.placement.max_replicas_per_node", toInt],
  ["services.*.healthcheck.retries", toInt],
  ["services.*.healthcheck.disable", toBoolean],
  ["services.*.oom_kill_disable", toBoolean],
  ["services.*.oom_score_adj", toInt],
  ["services.*.pids_limit", toInt],
  ["services.*.ports.[].target", toInt],
  ["services.*.privileged", toBoolean],
  ["services.*.read_only", toBoolean],
  ["services.*.scale", toInt],
  ["services.*.secrets.[].mode", toInt],
  ["services.*.stdin_open", toBoolean],
  ["services.*.tty", toBoolean],
  ["services.*.ulimits.*", toInt],
  ["services.*.ulimits.*.hard", toInt],
  ["services.*.ulimits.*.soft", toInt],
  ["services.*.volumes.[].read_only", toBoolean],
  ["services.*.volumes.[].volume.nocopy", toBoolean],
  ["networks.*.external", toBoolean],
  ["networks.*.internal", toBoolean],
  ["networks.*.attachable", toBoolean],
  ["networks.*.enable_ipv6", toBoolean],
  ["volumes.*.external", toBoolean],
  ["secrets.*.external", toBoolean],
  ["configs.*.external", toBoolean]
].map(([pattern, cast]) => [compilePattern(pattern), cast]);
function interpolateTree(node, lookup, warn, path5 = []) {
  switch (node.kind) {
    case "map": {
      const entries = /* @__PURE__ */ new Map();
      for (const [key2, entry] of node.entries) {
        entries.set(key2, { ...entry, value: interpolateTree(entry.value, lookup, warn, [...path5, key2]) });
      }
      return mapNode(entries, node.position, node.baseDir);
    }
    case "sequence":
      return sequenceNode(
        node.items.map((item, index) => interpolateTree(item, lookup, warn, [...path5, itemSegment(index)])),
        node.position,
        node.baseDir
      );
    case "scalar":
      return typeof node.value === "string" ? interpolateScalar(node, node.value, lookup, warn, path5) : node;
  }
}
function interpolateScalar(node, text, lookup, warn, path5) {
  const result = substitute(text, (name) => lookup(name, node.position));
  if (result.error) {
    throw new ConfigurationError(`${describeTemplateError(result.error)} (in ${formatPath(path5)})`, node.position);
  }
  for (const variable of new Set(result.unset)) {
    warn(`the ${JSON.stringify(variable)} variable is not set; compose substitutes an empty string`, node.position);
  }
  const cast = CASTS.find(([pattern]) => matchesPattern(path5, pattern))?.[1];
  if (!cast) return result.value === text ? node : scalarNode(result.value, node.position, node.baseDir);
  const casted = cast(result.value);
  if ("error" in casted) {
    throw new ConfigurationError(
      `${formatPath(path5)} must be ${cast === toBoolean ? "true or false" : "a number"}: ${casted.error}`,
      node.position
    );
  }
  if (cast === toBoolean && !/^(true|false)$/i.test(result.value)) {
    warn(
      `${excerpt(result.value)} for ${formatPath(path5)} is read as ${String(casted.value)}; YAML 1.2 spells it ${String(casted.value)}`,
      node.position
    );
  }
  return scalarNode(casted.value, node.position, node.baseDir);
}

// src/compose/loader/unicity.ts
var fail = (item, path5, message) => {
  throw new ConfigurationError(`${formatPath(path5)}: ${message}`, item.position);
};
var keyValue = (item, path5) => {
  if (item.kind !== "scalar" || typeof item.value !== "string") {
    return fail(item, path5, `expected a string, found ${describeNode(item)}`);
  }
  const at = item.value.indexOf("=");
  return at < 0 ? item.value : item.value.slice(0, at);
};
var volume = (item, path5) => {
  if (item.kind === "map") {
    const target = mapGet(item, "target");
    if (target?.kind !== "scalar" || typeof target.value !== "string") {
      return fail(item, path5, "a volume in long syntax needs a `target` (the path inside the container)");
    }
    return target.value;
  }
  if (item.kind === "scalar" && typeof item.value === "string") {
    const parsed = parseShortVolume(item.value);
    if (!parsed.ok) return fail(item, path5, parsed.error);
    return parsed.volume.target;
  }
  return "";
};
var device = (item) => {
  if (item.kind === "map") {
    const target = mapGet(item, "target");
    return target?.kind === "scalar" ? scalarText(target.value) : "";
  }
  if (item.kind === "scalar" && typeof item.value === "string") {
    const parts = item.value.split(":");
    return parts.length === 1 ? parts[0] : parts[1];
  }
  return "";
};
var expose = (item, path5) => {
  if (item.kind === "scalar" && (typeof item.value === "string" || typeof item.value === "number")) {
    return String(item.value);
  }
  return fail(item, path5, `unsupported expose value ${describeNode(item)}`);
};
var mount = (defaultDir) => (item, path5) => {
  if (item.kind === "scalar" && typeof item.value === "string") return `${defaultDir}/${item.value}`;
  if (item.kind === "map") {
    const target = mapGet(item, "target");
    if (target?.kind === "scalar") return scalarText(target.value);
    const source = mapGet(item, "source");
    return `${defaultDir}/${source?.kind === "scalar" ? scalarText(source.value) : "<nil>"}`;
  }
  return fail(item, path5, `unsupported value ${describeNode(item)}`);
};
var port = (item, path5) => {
  if (item.kind === "scalar") return scalarText(item.value);
  if (item.kind === "sequence") return "";
  const target = mapGet(item, "target");
  if (!target) return fail(item, path5, "a port in long syntax needs a `target`");
  const text = (key2, fallback) => {
    const value = mapGet(item, key2);
    return value?.kind === "scalar" ? scalarText(value.value) : fallback;
  };
  return `${text("host_ip", "0.0.0.0")}:${text("published", "<nil>")}:${text("target", "")}/${text("protocol", "tcp")}`;
};
var envFile = (item, path5) => {
  if (item.kind === "scalar" && typeof item.value === "string") return item.value;
  if (item.kind === "map") {
    const value = mapGet(item, "path");
    if (value?.kind === "scalar") return scalarText(value.value);
    return fail(item, path5, "an env_file entry needs a `path`");
  }
  return "";
};
var INDEXERS = [
  ["networks.*.labels", keyValue],
  ["networks.*.ipam.options", keyValue],
  ["services.*.annotations", keyValue],
  ["services.*.build.args", keyValue],
  ["services.*.build.additional_contexts", keyValue],
  ["services.*.build.platform", keyValue],
  ["services.*.build.tags", keyValue],
  ["services.*.build.labels", keyValue],
  ["services.*.cap_add", keyValue],
  ["services.*.cap_drop", keyValue],
  ["services.*.configs", mount("")],
  ["services.*.deploy.labels", keyValue],
  ["services.*.dns", keyValue],
  ["services.*.dns_opt", keyValue],
  ["services.*.dns_search", keyValue],
  ["services.*.environment", keyValue],
  ["services.*.env_file", envFile],
  ["services.*.expose", expose],
  ["services.*.labels", keyValue],
  ["services.*.links", keyValue],
  ["services.*.networks.*.aliases", keyValue],
  ["services.*.networks.*.link_local_ips", keyValue],
  ["services.*.ports", port],
  ["services.*.profiles", keyValue],
  ["services.*.secrets", mount("/run/secrets")],
  ["services.*.sysctls", keyValue],
  ["services.*.tmpfs", keyValue],
  ["services.*.volumes", volume],
  ["services.*.devices", device]
].map(([pattern, indexer]) => [compilePattern(pattern), indexer]);
function enforceUnicity(node, path5 = []) {
  if (node.kind === "map") {
    const entries = /* @__PURE__ */ new Map();
    let changed = false;
    for (const [key2, entry] of node.entries) {
      const value = enforceUnicity(entry.value, [...path5, key2]);
      changed ||= value !== entry.value;
      entries.set(key2, value === entry.value ? entry : { ...entry, value });
    }
    return changed ? mapNode(entries, node.position, node.baseDir) : node;
  }
  if (node.kind !== "sequence") return node;
  const indexer = INDEXERS.find(([pattern]) => matchesPattern(path5, pattern))?.[1];
  if (!indexer) return node;
  const items = [];
  const seen = /* @__PURE__ */ new Map();
  node.items.forEach((item, index) => {
    const key2 = indexer(item, [...path5, itemSegment(index)]);
    const at = seen.get(key2);
    if (at === void 0) {
      seen.set(key2, items.length);
      items.push(item);
    } else {
      items[at] = item;
    }
  });
  return items.length === node.items.length && items.every((item, i) => item === node.items[i]) ? node : sequenceNode(items, node.position, node.baseDir);
}

// src/compose/loader/yaml-tree.ts
async function readComposeText(source, position, paths = WorkspacePaths.unrestricted()) {
  return readYamlText(source, position, paths, "compose file");
}
function parseComposeText(text, source, warn) {
  return parsePositionedYaml(text, source, warn, COMPOSE_DIALECT).map((document) => {
    const { root } = document;
    if (!document.rootRemoved && root === void 0) return { root: void 0, resetPaths: [] };
    if (document.rootRemoved || root?.kind !== "map") {
      const found = document.rootRemoved ? "a !reset tag" : root?.kind === "sequence" ? "a list" : "a single value";
      throw new ConfigurationError(
        `the top level of a compose file must be a map (services, volumes, networks, …), found ${found}`,
        document.position
      );
    }
    return { root, resetPaths: document.resetPaths };
  });
}

// src/compose/loader/load-file.ts
async function loadFiles(sources, context, position) {
  let model;
  for (const source of sources) model = (await loadFile(model, source, context, void 0, position)).model;
  return model;
}
async function loadFile(model, source, context, stages = { include: true, extends: true }, position) {
  if (!context.files.includes(source.display)) context.files.push(source.display);
  const text = await readComposeText(source, position, context.paths);
  const documents = parseComposeText(text, source, context.warn);
  const lookup = (name, at) => {
    if (Object.hasOwn(context.environment, name)) return context.environment[name];
    context.onUnsetLookup?.(name, at);
    return void 0;
  };
  let merged = model;
  const resetPaths = [];
  for (const document of documents) {
    if (!document.root) continue;
    appendAll(resetPaths, document.resetPaths);
    let file = interpolateTree(document.root, lookup, context.warn);
    checkShape(file);
    if (stages.include) file = await applyInclude(file, source, context, loadFiles);
    if (merged) merged = applyResetPaths(merged, document.resetPaths);
    if (stages.extends) {
      file = await applyExtends(file, source, context, document.resetPaths, loadFile);
      recordDeclarations(file, context);
    }
    merged = merged ? mergeNodes(merged, file, []) : file;
    merged = enforceUnicity(merged);
  }
  return { model: merged, resetPaths };
}
function checkShape(file) {
  const volumes = file.entries.get("volumes");
  if (volumes && !isNullNode(volumes.value) && !isMapNode(volumes.value)) {
    throw new ConfigurationError(
      `the top-level \`volumes\` must be a map of volume names, found ${describeNode(volumes.value)}`,
      volumes.value.position
    );
  }
  const services = file.entries.get("services");
  if (!services || isNullNode(services.value)) return;
  if (!isMapNode(services.value)) {
    throw new ConfigurationError(
      `\`services\` must be a map of service names to their definitions, found ${describeNode(services.value)}`,
      services.value.position
    );
  }
  for (const [name, { value }] of services.value.entries) {
    if (isNullNode(value)) continue;
    if (!isMapNode(value)) {
      throw new ConfigurationError(
        `service \`${name}\` must be a map of settings (image, volumes, …), found ${describeNode(value)}`,
        value.position
      );
    }
    for (const key2 of ["volumes", "volumes_from"]) {
      const list = mapGet(value, key2);
      if (list === void 0 || isNullNode(list) || list.kind === "sequence") continue;
      throw new ConfigurationError(
        `\`${key2}\` of service \`${name}\` must be a list, found ${describeNode(list)}`,
        list.position
      );
    }
  }
}
function recordDeclarations(file, context) {
  const services = mapGet(file, "services");
  if (!isMapNode(services)) return;
  for (const [name, { keyPosition }] of services.entries) {
    if (!context.declarations.has(name)) context.declarations.set(name, keyPosition);
  }
}

// src/compose/loader/project-setup.ts
var import_yaml = __toESM(require_dist(), 1);
import { stat as stat3 } from "node:fs/promises";
import path3 from "node:path";
var DEFAULT_COMPOSE_FILES = ["compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"];
var DEFAULT_OVERRIDE_FILES = [
  "compose.override.yml",
  "compose.override.yaml",
  "docker-compose.override.yml",
  "docker-compose.override.yaml"
];
async function explicitFiles(files, cwd, paths, display) {
  const result = [];
  for (const file of files) {
    if (file === "-")
      throw new ConfigurationError("reading a compose file from standard input (-f -) is not supported");
    const absolute = path3.resolve(cwd, file);
    const checked = await paths.check(absolute);
    if (!checked.ok && checked.problem === "refused") {
      throw new ConfigurationError(`compose file ${display(absolute)} is refused: ${checked.reason}`, {
        path: display(absolute)
      });
    }
    if (!await isFile2(absolute))
      throw new ConfigurationError(`compose file ${file} not found (looked at ${absolute})`);
    result.push(absolute);
  }
  return result;
}
async function discoverFiles(cwd, warn, display, paths) {
  let dir = cwd;
  for (; ; ) {
    const candidates = await existing(DEFAULT_COMPOSE_FILES.map((name) => path3.join(dir, name)));
    const [winner] = candidates;
    if (winner) {
      if (candidates.length > 1) {
        warn(
          `found several compose files (${candidates.map(display).join(", ")}); using ${display(winner)} as compose does`
        );
      }
      const overrides = await existing(DEFAULT_OVERRIDE_FILES.map((name) => path3.join(dir, name)));
      if (overrides.length > 1) {
        warn(
          `found several override files (${overrides.map(display).join(", ")}); using ${display(overrides[0])}`
        );
      }
      const found = overrides[0] ? [winner, overrides[0]] : [winner];
      for (const file of found) {
        const checked = await paths.check(file);
        if (!checked.ok) {
          throw new ConfigurationError(`compose file ${display(file)} is refused: ${checked.reason}`, {
            path: display(file)
          });
        }
      }
      return found;
    }
    const parent = path3.dirname(dir);
    if (parent === dir) {
      throw new ConfigurationError(
        `no compose file found in ${cwd} or its parent directories (looked for ${DEFAULT_COMPOSE_FILES.join(", ")}); name the files to check`
      );
    }
    dir = parent;
  }
}
async function projectEnvironment(given, envFiles, cwd, projectDir, display, warn, paths, onUnset) {
  const environment = {};
  for (const [key2, value] of Object.entries(given)) if (value !== void 0) environment[key2] = value;
  let files;
  if (envFiles !== void 0 && envFiles.length > 0) {
    files = envFiles.map((file) => path3.resolve(cwd, file));
  } else {
    const dotenv = path3.join(projectDir, ".env");
    files = await isFile2(dotenv) ? [dotenv] : [];
  }
  const values = await readEnvFiles(
    files.map((absolute) => ({ absolute, display: display(absolute) })),
    environment,
    (variable, file, line) => {
      warn(`the ${JSON.stringify(variable)} variable is not set; compose substitutes an empty string`, {
        path: file,
        line,
        column: 1
      });
      onUnset?.(variable, { path: file, line, column: 1 });
    },
    void 0,
    paths
  );
  for (const [key2, value] of values) if (!Object.hasOwn(environment, key2)) environment[key2] = value;
  return environment;
}
function normalizeProjectName(name) {
  return name.toLowerCase().replace(/[^a-z0-9_-]/g, "").replace(/^[_-]+/, "");
}
async function projectName(files, environment, projectDir, display, warn, paths) {
  const fromEnvironment = environment.COMPOSE_PROJECT_NAME;
  if (fromEnvironment) {
    const normalized = normalizeProjectName(fromEnvironment);
    if (normalized !== fromEnvironment) {
      warn(
        `COMPOSE_PROJECT_NAME=${fromEnvironment} is not a valid project name (compose refuses it); using ${normalized}`
      );
    }
    if (normalized) return normalized;
  }
  let fromFiles;
  for (const file of files) {
    const source = { absolute: file, display: display(file), baseDir: projectDir };
    const text = await readComposeText(source, void 0, paths);
    for (const document of (0, import_yaml.parseAllDocuments)(text)) {
      const contents = document.contents;
      if (!(0, import_yaml.isMap)(contents)) continue;
      const pair = contents.items.find((item) => (0, import_yaml.isScalar)(item.key) && item.key.value === "name");
      if (pair && (0, import_yaml.isScalar)(pair.value) && typeof pair.value.value === "string" && pair.value.value !== "") {
        const offset = pair.value.range?.[0] ?? 0;
        const before = text.slice(0, offset);
        const line = before.split("\n").length;
        fromFiles = {
          text: pair.value.value,
          position: { path: source.display, line, column: offset - before.lastIndexOf("\n") }
        };
      }
    }
  }
  if (fromFiles) {
    const result = substitute(
      fromFiles.text,
      (name) => Object.hasOwn(environment, name) ? environment[name] : void 0
    );
    if (result.error)
      throw new ConfigurationError(`${describeTemplateError(result.error)} (in name)`, fromFiles.position);
    const normalized = normalizeProjectName(result.value);
    if (normalized) return normalized;
  }
  return normalizeProjectName(path3.basename(projectDir));
}
async function existing(files) {
  const found = [];
  for (const file of files) if (await isFile2(file)) found.push(file);
  return found;
}
async function isFile2(file) {
  try {
    return (await stat3(file)).isFile();
  } catch {
    return false;
  }
}

// src/compose/loader/load.ts
async function loadComposeProject(options) {
  const cwd = path4.resolve(options.cwd);
  const display = options.displayPath;
  const paths = options.paths ?? WorkspacePaths.unrestricted();
  const warnings = [];
  const seen = /* @__PURE__ */ new Set();
  const warn = (message, position) => {
    const key2 = `${message}\0${position ? `${position.path}:${position.line}:${position.column}` : ""}`;
    if (seen.has(key2)) return;
    seen.add(key2);
    warnings.push(position ? { message, position } : { message });
  };
  const givenProjectDir = options.projectDirectory ? path4.resolve(cwd, options.projectDirectory) : void 0;
  const files = options.files.length > 0 ? await explicitFiles(options.files, cwd, paths, display) : await discoverFiles(givenProjectDir ?? cwd, warn, display, paths);
  const projectDir = givenProjectDir ?? path4.dirname(files[0]);
  const withheldVariables = [];
  const onUnsetLookup = (variable, position) => {
    if (!options.withheld?.(variable)) return;
    const { path: file, line, column } = position;
    const seenAlready = withheldVariables.some(
      (entry) => entry.variable === variable && entry.position.path === file && entry.position.line === line && entry.position.column === column
    );
    if (!seenAlready) withheldVariables.push({ variable, position });
  };
  const environment = await projectEnvironment(
    options.environment,
    options.envFiles,
    cwd,
    projectDir,
    display,
    warn,
    paths,
    onUnsetLookup
  );
  const name = await projectName(files, environment, projectDir, display, warn, paths);
  environment.COMPOSE_PROJECT_NAME = name;
  const context = {
    workingDir: projectDir,
    environment,
    displayPath: display,
    warn,
    onUnsetLookup,
    files: [],
    includeStack: [],
    serviceDirs: /* @__PURE__ */ new Map(),
    declarations: /* @__PURE__ */ new Map(),
    extendsBases: /* @__PURE__ */ new Map(),
    paths
  };
  const model = await loadFiles(
    files.map((absolute) => ({ absolute, display: display(absolute), baseDir: projectDir })),
    context
  );
  if (!model || model.entries.size === 0) {
    throw new ConfigurationError(
      `empty compose file: ${files.map(display).join(", ")} ${files.length === 1 ? "defines" : "define"} nothing`,
      {
        path: display(files[0])
      }
    );
  }
  const version = model.entries.get("version");
  if (version) warn("the attribute `version` is obsolete; compose ignores it", version.keyPosition);
  warnUnknownKeys(model, warn);
  const { enabled, disabled } = buildServices(model, options.profiles, context, projectDir, warn);
  const volumes = mapGet(model, "volumes");
  const homeDir = options.environment.HOME;
  return {
    name,
    projectDir,
    files: context.files,
    services: enabled,
    volumes: isMapNode(volumes) ? volumes : void 0,
    warnings,
    ...homeDir ? { homeDir } : {},
    disabledServices: disabled,
    ...withheldVariables.length > 0 ? { withheldVariables } : {}
  };
}
function buildServices(model, profiles, context, projectDir, warn) {
  const enabled = [];
  const disabled = [];
  const services = mapGet(model, "services");
  if (!isMapNode(services)) return { enabled, disabled };
  const everything = profiles === void 0 || profiles.includes("*");
  for (const [name, { keyPosition, value }] of services.entries) {
    let body;
    if (isMapNode(value)) {
      body = value;
    } else {
      warn(
        `service \`${name}\` has an empty body; docker compose rejects it (services.${name} must be a mapping), imagegate reads it as a service without settings`,
        keyPosition
      );
      body = mapNode(/* @__PURE__ */ new Map(), isNullNode(value) ? keyPosition : value.position, projectDir);
    }
    const own = serviceProfiles(body);
    const service = {
      name,
      body,
      position: context.declarations.get(name) ?? keyPosition,
      profiles: own,
      workingDir: context.serviceDirs.get(name) ?? projectDir
    };
    if (everything || own.length === 0 || own.some((profile) => profiles.includes(profile))) enabled.push(service);
    else disabled.push(name);
  }
  return { enabled, disabled };
}
function serviceProfiles(body) {
  const node = mapGet(body, "profiles");
  if (node === void 0 || isNullNode(node)) return [];
  const single = stringValue(node);
  if (single !== void 0) return [single];
  if (node.kind !== "sequence") {
    throw new ConfigurationError("`profiles` must be a list of profile names", node.position);
  }
  return node.items.map((item) => {
    const profile = stringValue(item);
    if (profile === void 0) throw new ConfigurationError("a profile name must be a string", item.position);
    return profile;
  });
}

export {
  DEFAULT_COMPOSE_FILES,
  loadComposeProject
};
//# sourceMappingURL=chunk-UEOALV3R.js.map
