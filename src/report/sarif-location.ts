import type { ArtifactLocation, Location as SarifLocation, LogicalLocation, PhysicalLocation } from 'sarif';
import type { ImageLocation, SourceLocation } from '../model/findings.js';

/** The uriBaseId of repository-relative URIs: GitHub and upload-sarif resolve it to the checkout. */
export const SOURCE_ROOT = '%SRCROOT%';

const WINDOWS_DRIVE = /^[A-Za-z]:\//;

/**
 * A SARIF artifactLocation for a path from a Finding. Repository-relative paths become relative URIs against
 * %SRCROOT% (`/` separators, no `./`, each segment percent-encoded so `#`, `?`, `%`, spaces and a `:` in the first
 * segment cannot change the URI's meaning). A path outside the repository stays absolute as a `file:` URI: code
 * scanning will not show it on a file, but it is the truth.
 */
export function artifactLocation(filePath: string): ArtifactLocation {
  const slashed = filePath.replaceAll('\\', '/');
  if (slashed.startsWith('/') || WINDOWS_DRIVE.test(slashed)) {
    const segments = slashed.split('/').filter((segment, index) => index === 0 || segment !== '');
    const encoded = segments.map((segment, index) =>
      index === 0 && WINDOWS_DRIVE.test(`${segment}/`) ? segment : encodeURIComponent(segment),
    );
    return { uri: `file://${slashed.startsWith('/') ? '' : '/'}${encoded.join('/')}` };
  }
  const segments = slashed.split('/').filter((segment) => segment !== '' && segment !== '.');
  return { uri: segments.map(encodeURIComponent).join('/'), uriBaseId: SOURCE_ROOT };
}

export function physicalLocation(location: Pick<SourceLocation, 'path' | 'line' | 'column'>): PhysicalLocation {
  return {
    artifactLocation: artifactLocation(location.path),
    region: {
      startLine: location.line,
      ...(location.column !== undefined ? { startColumn: location.column } : {}),
    },
  };
}

/** The image, or one of its layers, as a logical location: SARIF's way to name a place that is not in a file. */
export function imageLogicalLocation(location: ImageLocation): LogicalLocation {
  if (location.layer === undefined) return { kind: 'image', name: location.image, fullyQualifiedName: location.image };
  return { kind: 'layer', name: location.layer, fullyQualifiedName: `${location.image}/layers/${location.layer}` };
}

export function sourceSarifLocation(location: SourceLocation): SarifLocation {
  return { physicalLocation: physicalLocation(location) };
}

/**
 * The category part of `automationDetails.id`. Code scanning replaces a category's previous analysis with each
 * upload, so the category must name the image stably: characters outside `[A-Za-z0-9._/-]` become `-` and empty
 * segments go, making `imagegate/image/docker.io/acme/api` from whatever the caller composed.
 */
export function sanitizeCategory(category: string): string {
  const cleaned = category
    .replace(/[^A-Za-z0-9._/-]+/g, '-')
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.' && segment !== '..')
    .join('/');
  return cleaned === '' ? 'imagegate' : cleaned;
}

/** `category/` with an empty run id: each upload of the category is the new state of that image. */
export function automationDetailsId(category: string): string {
  return `${sanitizeCategory(category)}/`;
}

/**
 * The category of the scanner's run beside the image-policy run of category `category`. Code scanning keeps one
 * analysis per tool and category, and an upload may not hold two runs of one tool with one category; the scheme:
 *
 * - the default `imagegate/image/<repository>` becomes `imagegate/vulnerabilities/<repository>`;
 * - any other category (a user's `--category`) gets `/vulnerabilities` appended.
 *
 * Either way it differs from `category`, so an image's two runs never share one; and images whose categories
 * differ get different scanner categories too, with one contrived exception: a user category spelled
 * `imagegate/vulnerabilities/<x>` beside an image whose default category is `imagegate/image/<x>/vulnerabilities`.
 */
export function scanRunCategory(category: string): string {
  const base = sanitizeCategory(category);
  const segments = base.split('/');
  if (segments.length > 2 && segments[0] === 'imagegate' && segments[1] === 'image') {
    return ['imagegate', 'vulnerabilities', ...segments.slice(2)].join('/');
  }
  return `${base}/vulnerabilities`;
}
