import { isLoopbackHostname } from '../../../http/origin.js';
import { ToolError } from '../../../util/errors.js';
import type { Logger } from '../../../util/logger.js';
import { isObject } from '../../image-config.js';
import { parseChallenges, type Challenge } from './challenge.js';
import type { RegistryCredentials } from './credentials.js';
import { isLoopback, isListedInsecure, type RegistryEndpoint } from './registry-endpoint.js';
import { errorSummary, registryFailure } from './registry-errors.js';
import type { RegistryResponse, RegistryTransport } from './transport.js';

/**
 * Authentication with a registry, learned from its 401 challenges. Basic: the credentials go with every request
 * from then on. Bearer (the distribution token flow): a token per scope from the challenge's realm, asked with
 * the credentials as Basic auth (or an identity token as an OAuth2 refresh token, or nothing for anonymous pulls),
 * cached until shortly before it expires; once the realm is known, new scopes get a token before their first
 * request instead of after a 401. Credentials go to a token realm over https; over plain http only when the realm
 * is the registry's own origin (a registry reached over http because it is loopback or listed as insecure), a
 * loopback realm of a loopback registry (nothing leaves the machine), or a host the user listed as insecure. Any
 * other http realm gets no credentials: the registry chose it, and would receive them in clear (exit 3).
 */

interface CachedToken {
  header: string;
  expiresAt: number;
}

const EXPIRY_MARGIN_MS = 10_000;
const DEFAULT_TOKEN_LIFETIME_S = 60;
const TOKEN_RESPONSE_MAX_BYTES = 1024 * 1024;

export class RegistryAuth {
  private readonly tokens = new Map<string, CachedToken>();
  /** Token requests in flight by scope: concurrent requests in one scope share one. */
  private readonly pending = new Map<string, Promise<string>>();
  private bearer: { realm: string; service?: string } | undefined;
  private basic = false;

  constructor(
    private readonly endpoint: RegistryEndpoint,
    private readonly transport: RegistryTransport,
    private readonly logger: Logger,
    readonly credentials: RegistryCredentials | undefined,
    readonly credentialNote?: string,
    private readonly now: () => number = Date.now,
    private readonly insecureRegistries: readonly string[] = [],
  ) {}

  /** The Authorization header for a request in `scope`, fetching a token when the realm is already known. */
  async authorization(scope: string, subject: string): Promise<string | undefined> {
    const credentials = this.credentials;
    if (credentials?.registryToken) return `Bearer ${credentials.registryToken}`;
    if (this.basic) return basicHeader(credentials);
    if (!this.bearer) return undefined;
    const cached = this.tokens.get(scope);
    if (cached && cached.expiresAt > this.now() + EXPIRY_MARGIN_MS) return cached.header;
    return this.fetchToken(scope, [], subject);
  }

  /**
   * Answers a 401 with what its challenge asks for. Returns false when there is nothing new to try (the caller
   * then reports the 401).
   */
  async answer(response: RegistryResponse, scope: string, subject: string): Promise<boolean> {
    const challenges = parseChallenges(response.headers['www-authenticate']);
    const bearer = challenges.find((c) => c.scheme === 'bearer' && c.params.realm);
    if (bearer) {
      const learned = !this.bearer;
      this.bearer = { realm: bearer.params.realm as string, ...serviceOf(bearer) };
      const cached = this.tokens.get(scope);
      // A token we already sent was refused: asking again with the same credentials changes nothing.
      if (!learned && cached && cached.expiresAt > this.now() + EXPIRY_MARGIN_MS) return false;
      await this.fetchToken(scope, scopesOf(bearer), subject);
      return true;
    }
    if (challenges.some((c) => c.scheme === 'basic') && !this.basic) {
      if (!this.credentials?.username || this.credentials.password === undefined) return false;
      // The registry's own origin: plain http only when the user reaches it so (loopback or listed as insecure).
      this.refuseCleartext(new URL(this.endpoint.baseUrl));
      this.basic = true;
      return true;
    }
    return false;
  }

  private async fetchToken(scope: string, extraScopes: string[], subject: string): Promise<string> {
    const inFlight = this.pending.get(scope);
    if (inFlight) return inFlight;
    const fetching = this.requestToken(scope, extraScopes, subject);
    this.pending.set(scope, fetching);
    try {
      return await fetching;
    } finally {
      this.pending.delete(scope);
    }
  }

  private async requestToken(scope: string, extraScopes: string[], subject: string): Promise<string> {
    const bearer = this.bearer as { realm: string; service?: string };
    const credentials = this.credentials;
    const scopes = [...new Set([scope, ...extraScopes].filter(Boolean))];
    const url = new URL(bearer.realm);
    if (bearer.service) url.searchParams.set('service', bearer.service);
    for (const item of scopes) url.searchParams.append('scope', item);
    let response: RegistryResponse;
    if (credentials?.identityToken) {
      this.refuseCleartext(url);
      const form = new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: credentials.identityToken,
        client_id: 'imagegate',
        ...(bearer.service ? { service: bearer.service } : {}),
      });
      for (const item of scopes) form.append('scope', item);
      response = await this.transport.send({ method: 'POST', url: bearer.realm, body: form.toString() });
    } else {
      const basic = basicHeader(credentials);
      if (basic) this.refuseCleartext(url);
      response = await this.transport.send({
        method: 'GET',
        url: url.toString(),
        headers: basic ? { authorization: basic } : {},
      });
    }
    if (response.status !== 200) {
      throw await registryFailure(response, {
        registry: this.endpoint.registry,
        subject,
        what: `token for ${scopes.join(' ')} (token service ${url.origin}${url.pathname})`,
        missingIsUserError: false,
        ...(credentials ? { credentials } : {}),
        ...(this.credentialNote ? { credentialNote: this.credentialNote } : {}),
      });
    }
    const body = await response.bytes(TOKEN_RESPONSE_MAX_BYTES, 'token response');
    const token = parseToken(body, url);
    this.logger.mask(token.value);
    const header = `Bearer ${token.value}`;
    const expiresAt = this.now() + token.lifetimeSeconds * 1000;
    this.tokens.set(scope, { header, expiresAt });
    this.logger.debug(`registry ${this.endpoint.registry}: token for ${scopes.join(' ')} (${token.lifetimeSeconds} s)`);
    return header;
  }

  /** Throws (exit 3, nothing sent) unless a secret may go to `target` (see the class comment). */
  private refuseCleartext(target: URL): void {
    if (target.protocol === 'https:') return;
    const registry = new URL(this.endpoint.baseUrl);
    if (this.endpoint.insecure) {
      if (target.origin === registry.origin) return;
      if (isLoopback(this.endpoint.registry) && isLoopbackHostname(target.hostname)) return;
      if (isListedInsecure(target.host, this.insecureRegistries)) return;
    }
    const why = this.endpoint.insecure
      ? 'plain http to another origin than the registry'
      : 'plain http, while the registry itself is reached over https';
    throw new ToolError(
      `registry ${this.endpoint.registry} points its token realm at ${target.origin}${target.pathname}, ${why}; ` +
        'imagegate sent no credentials there (credentials go to a token realm over https, or over http only on the ' +
        "registry's own origin or a host listed with --insecure-registry)",
      { command: `GET ${target.origin}${target.pathname}` },
    );
  }
}

function basicHeader(credentials: RegistryCredentials | undefined): string | undefined {
  if (!credentials?.username || credentials.password === undefined) return undefined;
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

function serviceOf(challenge: Challenge): { service?: string } {
  return challenge.params.service ? { service: challenge.params.service } : {};
}

/** A challenge's `scope` may hold several, space-separated. */
function scopesOf(challenge: Challenge): string[] {
  return (challenge.params.scope ?? '').split(' ').filter(Boolean);
}

/** The token from a token service's answer (exported for the fuzz harness). */
export function parseToken(body: Buffer, url: URL): { value: string; lifetimeSeconds: number } {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    throw new ToolError(`token service ${url.origin}${url.pathname} answered with something that is not JSON`, {
      command: `GET ${url.origin}${url.pathname}`,
      stderrTail: errorSummary(body),
    });
  }
  const token = isObject(value) ? (value.token ?? value.access_token) : undefined;
  if (typeof token !== 'string' || token === '') {
    throw new ToolError(`token service ${url.origin}${url.pathname} answered without a token`, {
      command: `GET ${url.origin}${url.pathname}`,
    });
  }
  const expires = isObject(value) ? value.expires_in : undefined;
  const lifetimeSeconds =
    typeof expires === 'number' && Number.isFinite(expires) && expires > 0 ? expires : DEFAULT_TOKEN_LIFETIME_S;
  return { value: token, lifetimeSeconds };
}
