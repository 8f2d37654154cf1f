import { ConfigurationError, ToolError, type ImagegateError } from '../../../util/errors.js';
import { isObject } from '../../image-config.js';
import { DOCKER_HUB } from '../../../model/image-reference.js';
import type { RegistryCredentials } from './credentials.js';
import { PASSWORD_VARIABLE, USERNAME_VARIABLE } from './credentials.js';
import type { RegistryResponse } from './transport.js';

/**
 * What a failed registry answer means for the user. What they named or configured is theirs to fix (exit 2): an
 * image or tag that does not exist, missing or rejected credentials, access denied. The registry or the network
 * failing — rate limits that outlast the retries, 5xx, a blob the registry lists but cannot serve — is exit 3.
 */

export interface FailureContext {
  registry: string;
  /** The reference or repository the request was about, as messages show it: `127.0.0.1:5000/app:1`. */
  subject: string;
  /** What was asked for: `manifest`, `blob sha256:…`, `tag list`. */
  what: string;
  /** A 404 means the user named something that does not exist (manifests, tags) rather than a broken registry. */
  missingIsUserError: boolean;
  credentials?: RegistryCredentials;
  /** Why no credentials were found although Docker's config pointed somewhere. */
  credentialNote?: string;
}

/** Reads the (small) error body and turns the response into the error it stands for. */
export async function registryFailure(response: RegistryResponse, context: FailureContext): Promise<ImagegateError> {
  return failureFor(response, context, await errorDetail(response));
}

/** What the registry said in an error body (`CODE: message`), read and released; '' when it said nothing. */
export async function errorDetail(response: RegistryResponse): Promise<string> {
  let detail = '';
  if (response.request.method !== 'HEAD') {
    try {
      detail = errorSummary(await response.bytes(64 * 1024, 'the error body'));
    } catch {
      detail = '';
    }
  }
  response.discard();
  return detail;
}

export function failureFor(
  response: Pick<RegistryResponse, 'status' | 'attempts' | 'retryAfterMs' | 'request'>,
  context: FailureContext,
  detail: string,
): ImagegateError {
  const { registry, subject, what } = context;
  const { status } = response;
  const request = `${response.request.method} ${new URL(response.request.url).pathname}`;
  const said = detail ? ` (${detail})` : '';
  const command = `${response.request.method} ${response.request.url}`;
  const source = context.credentials?.source;
  if (status === 401) {
    if (!source) {
      const hub = registry === DOCKER_HUB ? '; Docker Hub also answers this for repositories that do not exist' : '';
      const note = context.credentialNote ? ` (${context.credentialNote})` : '';
      return new ConfigurationError(
        `${subject}: registry ${registry} requires authentication for the ${what}${said}${hub}. Set ` +
          `${USERNAME_VARIABLE} and ${PASSWORD_VARIABLE}, or log in with \`docker login ${registry}\`${note}`,
      );
    }
    return new ConfigurationError(
      `${subject}: registry ${registry} did not accept the credentials from ${source} for the ${what}${said}`,
    );
  }
  if (status === 403) {
    return new ConfigurationError(
      `${subject}: registry ${registry} denied access to the ${what} ` +
        `${source ? `with the credentials from ${source}` : 'to anonymous requests'}${said}`,
    );
  }
  if (status === 404) {
    const message = `${subject}: ${what} not found in registry ${registry}${said}`;
    return context.missingIsUserError ? new ConfigurationError(message) : new ToolError(message, { command });
  }
  if (status === 429 || status >= 500 || status === 408) {
    const tries = response.attempts > 1 ? ` after ${response.attempts} attempts` : '';
    const wait =
      response.retryAfterMs !== undefined
        ? `; it asks to wait ${Math.ceil(response.retryAfterMs / 1000)} s, longer than imagegate waits`
        : '';
    const why = status === 429 ? 'is rate-limiting imagegate: 429 Too Many Requests' : `failed with HTTP ${status}`;
    return new ToolError(`registry ${registry} ${why} for ${request}${tries}${wait}${said}`, { command });
  }
  return new ToolError(`registry ${registry} answered HTTP ${status} to ${request} for ${subject}${said}`, {
    command,
  });
}

/** `MANIFEST_UNKNOWN: manifest unknown` from a registry's `{"errors": [{code, message}]}` body. */
export function errorSummary(body: Buffer): string {
  const text = body.toString('utf8').trim();
  try {
    const value = JSON.parse(text) as unknown;
    const errors = isObject(value) && Array.isArray(value.errors) ? value.errors : [];
    const parts = errors
      .filter(isObject)
      .map((error) => [error.code, error.message].filter((part) => typeof part === 'string' && part).join(': '))
      .filter(Boolean);
    if (parts.length > 0) return parts.join('; ').slice(0, 500);
  } catch {
    // Not JSON: an HTML error page from a proxy says nothing useful beyond the status.
  }
  return /^[\x20-\x7e]{1,200}$/.test(text) ? text : '';
}
