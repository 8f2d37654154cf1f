/**
 * The little of package URLs (https://github.com/package-url/purl-spec) VEX matching needs: type, namespace, name,
 * version and qualifiers, percent-decoded, so `pkg:oci/alpine@sha256%3A…` and `pkg:oci/alpine@sha256:…` compare
 * equal. No regex whose cost the input controls: split on fixed characters only.
 */
export interface Purl {
  type: string;
  /** Namespace and name, `/`-joined (`alpine/libssl3`). */
  path: string;
  /** The last path segment. */
  name: string;
  version?: string;
  qualifiers: Map<string, string>;
}

export function parsePurl(text: string): Purl | undefined {
  if (!text.startsWith('pkg:') || text.length > 4096) return undefined;
  let rest = text.slice(4).replace(/^\/+/, '');
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const qualifiers = new Map<string, string>();
  const question = rest.indexOf('?');
  if (question >= 0) {
    for (const pair of rest.slice(question + 1).split('&')) {
      const equals = pair.indexOf('=');
      if (equals <= 0) continue;
      qualifiers.set(decode(pair.slice(0, equals)).toLowerCase(), decode(pair.slice(equals + 1)));
    }
    rest = rest.slice(0, question);
  }
  const slash = rest.indexOf('/');
  if (slash <= 0) return undefined;
  const type = rest.slice(0, slash).toLowerCase();
  let path = rest.slice(slash + 1);
  let version: string | undefined;
  const at = path.lastIndexOf('@');
  if (at >= 0) {
    version = decode(path.slice(at + 1));
    path = path.slice(0, at);
  }
  const segments = path
    .split('/')
    .filter((segment) => segment !== '')
    .map(decode);
  const name = segments.at(-1);
  if (!name) return undefined;
  return { type, path: segments.join('/'), name, ...(version ? { version } : {}), qualifiers };
}

/**
 * Whether a statement's purl names the finding's package: same type, namespace and name, the same version when the
 * statement gives one, and every qualifier the statement sets equal (Trivy adds `arch`, `distro`, which a statement
 * usually leaves out).
 */
export function purlCovers(statement: Purl, finding: Purl): boolean {
  if (statement.type !== finding.type || statement.path !== finding.path) return false;
  if (statement.version !== undefined && statement.version !== finding.version) return false;
  for (const [key, value] of statement.qualifiers) if (finding.qualifiers.get(key) !== value) return false;
  return true;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
