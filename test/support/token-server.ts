import { execa } from 'execa';
import { createSign, randomUUID, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/**
 * A distribution token server for tests (the Docker Hub / GHCR style `realm` the registry's 401 points at): checks
 * Basic credentials or a refresh token, and issues RS256 JWTs with the requested access, signed with a key whose
 * self-signed certificate (made with openssl) the real registry trusts. Anonymous requests get pull access to the
 * public repositories only. Records every request so tests can count token fetches.
 */

export interface Access {
  type: string;
  name: string;
  actions: string[];
}

export interface TokenRequestRecord {
  method: string;
  scopes: string[];
  user: string | undefined;
  grant: 'basic' | 'refresh_token' | 'anonymous';
}

export interface TokenServer {
  realm: string;
  certificatePath: string;
  /** A refresh token (what `docker login` stores as identitytoken) accepted for the first user. */
  refreshToken: string;
  requests: TokenRequestRecord[];
  /** Signs a token directly (test set-up pushes with it). */
  issue(user: string, access: Access[]): string;
  close(): Promise<void>;
}

export async function startTokenServer(options: {
  dir: string;
  users: Record<string, string>;
  service: string;
  issuer: string;
  publicRepositories: string[];
  lifetimeSeconds?: number;
}): Promise<TokenServer> {
  const keyPath = path.join(options.dir, 'token.key');
  const certificatePath = path.join(options.dir, 'token.crt');
  await execa('openssl', [
    ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=imagegate-test-token'],
    ...['-keyout', keyPath, '-out', certificatePath, '-addext', 'keyUsage=digitalSignature,keyCertSign'],
  ]);
  const key = await readFile(keyPath);
  const certificate = new X509Certificate(await readFile(certificatePath));
  const lifetime = options.lifetimeSeconds ?? 300;
  const refreshToken = `refresh-${randomUUID()}`;
  const firstUser = Object.keys(options.users)[0] ?? '';
  const requests: TokenRequestRecord[] = [];

  const issue = (user: string, access: Access[]): string => {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', x5c: [certificate.raw.toString('base64')] };
    const claims = {
      iss: options.issuer,
      sub: user,
      aud: options.service,
      exp: now + lifetime,
      nbf: now - 10,
      iat: now,
      jti: randomUUID(),
      access,
    };
    const input = `${base64url(header)}.${base64url(claims)}`;
    return `${input}.${createSign('RSA-SHA256').update(input).sign(key).toString('base64url')}`;
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://token');
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const scopes = request.method === 'POST' ? form.getAll('scope') : url.searchParams.getAll('scope');
      let user: string | undefined;
      let grant: TokenRequestRecord['grant'] = 'anonymous';
      const authorization = request.headers.authorization;
      if (request.method === 'POST') {
        grant = 'refresh_token';
        if (form.get('grant_type') !== 'refresh_token' || form.get('refresh_token') !== refreshToken) {
          return deny(response, requests, { method: 'POST', scopes, user: undefined, grant });
        }
        user = firstUser;
      } else if (authorization?.startsWith('Basic ')) {
        grant = 'basic';
        const [name = '', ...rest] = Buffer.from(authorization.slice(6), 'base64').toString('utf8').split(':');
        if (options.users[name] !== rest.join(':')) {
          return deny(response, requests, { method: 'GET', scopes, user: name, grant });
        }
        user = name;
      }
      requests.push({ method: request.method ?? 'GET', scopes, user, grant });
      const access = scopes.flatMap((scope) => {
        const [type = '', name = '', actions = ''] = scope.split(':');
        const wanted = actions.split(',').filter(Boolean);
        if (user) return [{ type, name, actions: wanted }];
        const isPublic = type === 'repository' && options.publicRepositories.includes(name);
        return isPublic ? [{ type, name, actions: wanted.filter((action) => action === 'pull') }] : [];
      });
      const token = issue(user ?? '', access);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ token, access_token: token, expires_in: lifetime }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    realm: `http://127.0.0.1:${port}/token`,
    certificatePath,
    refreshToken,
    requests,
    issue,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function deny(response: http.ServerResponse, requests: TokenRequestRecord[], record: TokenRequestRecord): void {
  requests.push(record);
  response.writeHead(401, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'incorrect username or password' }] }));
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
