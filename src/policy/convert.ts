import { SEVERITIES } from '../model/findings.js';
import type { SourcePosition } from '../util/errors.js';
import { tryParseByteSize, tryParseFraction, type ByteSize } from '../util/units.js';
import { readAllowlist } from './convert-allow.js';
import { readFindingAllowlist } from './convert-allow-findings.js';
import { readComposeSection, readMountAllowlist } from './convert-compose.js';
import { readKubernetesSection } from './convert-kubernetes.js';
import { readConfigRules } from './convert-config.js';
import { readDockerfileRules } from './convert-dockerfile.js';
import { readProvenanceRules } from './convert-provenance.js';
import { readRescanSection } from './convert-rescan.js';
import { readScanSection } from './convert-scan-section.js';
import { readSignaturesSection } from './convert-signatures.js';
import { readLicenseRules, readSecretRules, readVulnerabilityRules } from './convert-scan.js';
import { readVexPaths } from './convert-vex.js';
import { readAccountRules, readFsRules } from './convert-fs.js';
import { imagePatternProblem } from './image-match.js';
import { parseGraceDuration } from './grace-duration.js';
import type { PolicyFragment } from './merge.js';
import type { PolicyProblem } from './problems.js';
import { label } from './schema-validate.js';
import { TOOLCHAINS } from './types.js';
import type {
  BaseRules,
  FailOn,
  FindingAllowEntry,
  HygieneRules,
  ImageOverride,
  ImageRules,
  LayerRules,
  RuleSeverity,
  SizeRules,
  Toolchain,
} from './types.js';
import { positionOf, sourceTextOf, type PathSegment, type PolicySource } from './yaml-source.js';

/** One `extends` entry as written, with where it was written (missing files are reported there). */
export interface ExtendsEntry {
  path: string;
  position: SourcePosition;
}

const FAIL_ON: ReadonlySet<string> = new Set([...SEVERITIES, 'never']);
const RULE_SEVERITY: ReadonlySet<string> = new Set([...SEVERITIES, 'off']);
const SCOPES: ReadonlySet<string> = new Set(['final-stage', 'all-stages']);
const TOOLCHAIN_SET: ReadonlySet<unknown> = new Set(TOOLCHAINS);

/**
 * Turns a parsed file into typed values (sizes in bytes, positions of `images[]` and `allow` entries). It reads
 * only values of the right shape and reports only what the schema cannot express (a size written as `1e3`, an
 * image pattern that can never match, an expiry date that does not exist), so run next to schema validation it
 * never reports a problem twice.
 */
export function readFragment(source: PolicySource): {
  fragment: PolicyFragment;
  extendsEntries: ExtendsEntry[];
  problems: PolicyProblem[];
} {
  const problems: PolicyProblem[] = [];
  const reader = new FragmentReader(source, problems);
  const top = asMap(source.value) ?? {};
  const gate = asMap(top.gate);
  const rules = reader.ruleSeverities(top.rules);
  const compose = readComposeSection(source, top.compose, rules, problems);
  const kubernetes = readKubernetesSection(source, top.kubernetes, rules, problems);
  const fragment: PolicyFragment = {
    display: source.display,
    defaults: reader.imageRules(top.defaults, ['defaults']),
    gate: typeof gate?.failOn === 'string' && FAIL_ON.has(gate.failOn) ? { failOn: gate.failOn as FailOn } : {},
    rules: { ...rules, ...compose.severities, ...kubernetes.severities },
    allow: {
      ...readAllowlist(source, top.allow, problems),
      mounts: readMountAllowlist(source, asMap(top.allow)?.mounts, problems),
      ...findingsOf(readFindingAllowlist(source, asMap(top.allow)?.findings, problems)),
    },
    compose: compose.compose,
    ...(kubernetes.kubernetes ? { kubernetes: kubernetes.kubernetes } : {}),
  };
  if (Array.isArray(top.images)) fragment.images = reader.overrides(top.images);
  const rescan = readRescanSection(source, top.rescan, problems);
  if (rescan) fragment.rescan = rescan;
  const signatures = readSignaturesSection(source, top.signatures, problems);
  if (signatures) fragment.signatures = signatures;
  const scan = readScanSection(source, top.scan);
  if (scan) fragment.scan = scan;
  return { fragment, extendsEntries: reader.extendsEntries(top.extends), problems };
}

class FragmentReader {
  constructor(
    private readonly source: PolicySource,
    private readonly problems: PolicyProblem[],
  ) {}

  extendsEntries(value: unknown): ExtendsEntry[] {
    if (typeof value === 'string') return [{ path: value, position: positionOf(this.source, ['extends']) }];
    if (!Array.isArray(value)) return [];
    return value.flatMap((item: unknown, index) =>
      typeof item === 'string' && item !== ''
        ? [{ path: item, position: positionOf(this.source, ['extends', index]) }]
        : [],
    );
  }

  overrides(items: unknown[]): ImageOverride[] {
    return items.flatMap((item, index) => {
      const entry = asMap(item);
      if (!entry || typeof entry.match !== 'string') return [];
      const path: PathSegment[] = ['images', index];
      this.checkPattern(entry.match, [...path, 'match']);
      const { line = 1, column } = positionOf(this.source, path);
      return [
        {
          match: entry.match,
          rules: this.imageRules(entry, path),
          source: { kind: 'source' as const, path: this.source.display, line, ...(column ? { column } : {}) },
        },
      ];
    });
  }

  imageRules(value: unknown, path: PathSegment[]): Partial<ImageRules> {
    const map = asMap(value);
    if (!map) return {};
    const rules: Partial<ImageRules> = {};
    const size = asMap(map.size);
    if (size) rules.size = this.sizeRules(size, [...path, 'size']);
    const layers = asMap(map.layers);
    if (layers) rules.layers = this.layerRules(layers, [...path, 'layers']);
    const base = asMap(map.base);
    if (base) rules.base = this.baseRules(base, [...path, 'base']);
    const user = asMap(map.user);
    if (user) rules.user = typeof user.forbidRoot === 'boolean' ? { forbidRoot: user.forbidRoot } : {};
    const vulnerabilities = asMap(map.vulnerabilities);
    if (vulnerabilities) {
      rules.vulnerabilities = readVulnerabilityRules(vulnerabilities);
      const vex = readVexPaths(this.source, vulnerabilities.vex, [...path, 'vulnerabilities', 'vex']);
      if (vex) rules.vulnerabilities.vex = vex;
    }
    const secrets = asMap(map.secrets);
    if (secrets) rules.secrets = readSecretRules(secrets);
    const licenses = asMap(map.licenses);
    if (licenses) rules.licenses = readLicenseRules(licenses);
    const hygiene = asMap(map.hygiene);
    if (hygiene) rules.hygiene = this.hygieneRules(hygiene, [...path, 'hygiene']);
    const fs = asMap(map.fs);
    if (fs) {
      rules.fs = readFsRules(fs, (message, at) => {
        const where = [...path, 'fs', ...at];
        this.problems.push({ message: `\`${label(where)}\`: ${message}`, position: positionOf(this.source, where) });
      });
    }
    const accounts = asMap(map.accounts);
    if (accounts) rules.accounts = readAccountRules(accounts);
    const config = asMap(map.config);
    if (config) rules.config = readConfigRules(config, this.source, [...path, 'config'], this.problems);
    const dockerfile = asMap(map.dockerfile);
    if (dockerfile) rules.dockerfile = readDockerfileRules(dockerfile);
    const provenance = asMap(map.provenance);
    if (provenance)
      rules.provenance = readProvenanceRules(provenance, this.source, [...path, 'provenance'], this.problems);
    return rules;
  }

  ruleSeverities(value: unknown): Record<string, RuleSeverity> {
    const map = asMap(value) ?? {};
    const severities: Record<string, RuleSeverity> = {};
    for (const [id, severity] of Object.entries(map)) {
      if (typeof severity === 'string' && RULE_SEVERITY.has(severity)) severities[id] = severity as RuleSeverity;
    }
    return severities;
  }

  private sizeRules(map: Record<string, unknown>, path: PathSegment[]): SizeRules {
    const rules: SizeRules = {};
    const max = this.size(map.max, [...path, 'max']);
    if (max) rules.max = max;
    const maxCompressed = this.size(map.maxCompressed, [...path, 'maxCompressed']);
    if (maxCompressed) rules.maxCompressed = maxCompressed;
    return rules;
  }

  private layerRules(map: Record<string, unknown>, path: PathSegment[]): LayerRules {
    const rules: LayerRules = {};
    if (typeof map.max === 'number' && Number.isInteger(map.max) && map.max >= 1) {
      this.checkPlainInteger([...path, 'max'], 'a whole number of layers such as 20');
      rules.max = map.max;
    }
    const maxLayerSize = this.size(map.maxLayerSize, [...path, 'maxLayerSize']);
    if (maxLayerSize) rules.maxLayerSize = maxLayerSize;
    const maxWasted = this.size(map.maxWasted, [...path, 'maxWasted']);
    if (maxWasted) rules.maxWasted = maxWasted;
    const minEfficiency = this.fraction(map.minEfficiency, [...path, 'minEfficiency']);
    if (minEfficiency !== undefined) rules.minEfficiency = minEfficiency;
    return rules;
  }

  private hygieneRules(map: Record<string, unknown>, path: PathSegment[]): HygieneRules {
    const rules: HygieneRules = {};
    if (map.packageCaches === true) rules.packageCaches = { minBytes: 1 };
    else if (map.packageCaches === false) rules.packageCaches = false;
    else {
      const size = this.size(map.packageCaches, [...path, 'packageCaches']);
      if (size) rules.packageCaches = { minBytes: Math.max(1, size.bytes), text: size.text };
    }
    const toolchains = map.toolchains;
    if (toolchains === true) rules.toolchains = { allow: [] };
    else if (toolchains === false) rules.toolchains = false;
    else {
      const allow = asMap(toolchains)?.allow;
      if (asMap(toolchains)) {
        rules.toolchains = {
          allow: Array.isArray(allow) ? allow.filter((tool): tool is Toolchain => TOOLCHAIN_SET.has(tool)) : [],
        };
      }
    }
    if (typeof map.dockerignore === 'boolean') rules.dockerignore = map.dockerignore;
    return rules;
  }

  /** A fraction the schema accepted (0–1, or `NN%`); a percentage over 100 is reported here. */
  private fraction(value: unknown, path: PathSegment[]): number | undefined {
    if (typeof value === 'number') return value >= 0 && value <= 1 ? value : undefined;
    if (typeof value !== 'string' || !value.trim().endsWith('%')) return undefined;
    const fraction = tryParseFraction(value);
    if (fraction === undefined) return undefined;
    if (fraction > 1) {
      this.problems.push({
        message: `\`${label(path)}\`: expected a percentage from 0% to 100% (or a fraction from 0 to 1), found ${value}`,
        position: positionOf(this.source, path),
      });
      return undefined;
    }
    return fraction;
  }

  private baseRules(map: Record<string, unknown>, path: PathSegment[]): BaseRules {
    const rules: BaseRules = {};
    if (Array.isArray(map.allow)) {
      rules.allow = map.allow.filter((item): item is string => typeof item === 'string');
      map.allow.forEach((item, index) => {
        if (typeof item === 'string' && item !== '') this.checkPattern(item, [...path, 'allow', index]);
      });
    }
    if (typeof map.requireDigest === 'boolean') rules.requireDigest = map.requireDigest;
    if (Array.isArray(map.forbidTags)) {
      rules.forbidTags = map.forbidTags.filter((item): item is string => typeof item === 'string');
    }
    if (typeof map.scope === 'string' && SCOPES.has(map.scope)) rules.scope = map.scope as BaseRules['scope'];
    const maxAge = typeof map.maxAge === 'string' ? parseGraceDuration(map.maxAge) : undefined;
    if (maxAge !== undefined) rules.maxAge = maxAge;
    if (typeof map.requireCurrent === 'boolean') rules.requireCurrent = map.requireCurrent;
    return rules;
  }

  /** A size the schema accepted; a number must also have been written as plain digits (`1e3` is not a size). */
  private size(value: unknown, path: PathSegment[]): ByteSize | undefined {
    if (typeof value === 'number') {
      if (!Number.isInteger(value) || value < 0) return undefined;
      if (!this.checkPlainInteger(path, 'a size such as 300MB, 1.5GiB, 512KiB or a whole number of bytes')) {
        return undefined;
      }
    } else if (typeof value !== 'string') {
      return undefined;
    }
    return tryParseByteSize(value);
  }

  private checkPlainInteger(path: PathSegment[], expected: string): boolean {
    const written = sourceTextOf(this.source, path);
    if (written === undefined || /^\d+$/.test(written)) return true;
    this.problems.push({
      message: `\`${label(path)}\`: expected ${expected}, found ${written} (a number in ${notation(written)})`,
      position: positionOf(this.source, path),
    });
    return false;
  }

  private checkPattern(pattern: string, path: PathSegment[]): void {
    // Empty patterns and whitespace are the schema's to report.
    if (pattern === '' || /\s/.test(pattern)) return;
    const problem = imagePatternProblem(pattern);
    if (problem)
      this.problems.push({ message: `\`${label(path)}\`: ${problem}`, position: positionOf(this.source, path) });
  }
}

function findingsOf(entries: FindingAllowEntry[]): { findings?: FindingAllowEntry[] } {
  return entries.length > 0 ? { findings: entries } : {};
}

function notation(written: string): string {
  if (/e/i.test(written)) return 'exponent notation';
  if (/^[+-]?0x/i.test(written)) return 'hexadecimal';
  if (/^[+-]?0o/i.test(written)) return 'octal';
  return 'a form other than plain digits';
}

function asMap(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
