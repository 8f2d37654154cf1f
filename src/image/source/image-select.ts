import { ConfigurationError } from '../../util/errors.js';
import type { Platform } from '../facts.js';

/**
 * Choosing one image out of an archive or layout that holds several: by a name (`--image`-like selector) and,
 * for multi-platform indexes, by platform.
 */

export const DEFAULT_PLATFORM = 'linux/amd64';

/**
 * Whether a selector names a candidate: a tag such as `app:1` or `docker.io/library/app:1` (compared the way
 * docker prints names, `:latest` implied), an image id or manifest digest (`sha256:…`, or at least 12 hex digits
 * of one). Full reference normalization lives in reference.ts; this only has to tell an archive's images apart.
 */
export function matchesSelector(
  selector: string,
  candidate: { names: readonly string[]; digests: readonly string[] },
): boolean {
  const wanted = selector.trim();
  const hex = /^(?:sha256:)?([a-f0-9]{12,64})$/.exec(wanted)?.[1];
  if (hex && candidate.digests.some((digest) => digest.startsWith(`sha256:${hex}`))) return true;
  const familiarWanted = familiar(wanted);
  return candidate.names.some((name) => name === wanted || familiar(name) === familiarWanted);
}

function familiar(name: string): string {
  let text = name;
  for (const prefix of ['docker.io/library/', 'index.docker.io/library/', 'docker.io/', 'index.docker.io/']) {
    if (text.startsWith(prefix)) {
      text = text.slice(prefix.length);
      break;
    }
  }
  const lastSlash = text.lastIndexOf('/');
  const hasTag = text.indexOf(':', lastSlash + 1) !== -1 || text.includes('@');
  return hasTag ? text : `${text}:latest`;
}

/** Parses `os/arch[/variant]`. */
export function parsePlatform(text: string): Platform {
  const parts = text.split('/');
  const [os, architecture, variant] = parts;
  if (
    parts.length < 2 ||
    parts.length > 3 ||
    !os ||
    !architecture ||
    parts.some((part) => !/^[a-z0-9_.-]+$/.test(part))
  ) {
    throw new ConfigurationError(`platform ${JSON.stringify(text)} is not os/architecture[/variant], e.g. linux/amd64`);
  }
  return { os, architecture, ...(variant ? { variant } : {}) };
}

export function platformText(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

/** Whether `candidate` satisfies `wanted` (a variant is only compared when `wanted` names one). */
export function platformMatches(candidate: Platform, wanted: Platform): boolean {
  if (candidate.os !== wanted.os || candidate.architecture !== wanted.architecture) return false;
  return wanted.variant === undefined || candidate.variant === wanted.variant;
}
