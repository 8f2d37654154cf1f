import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startConnectProxy } from '../support/connect-proxy.js';
import { tempDir } from '../support/temp.js';

/**
 * Issue 11, item 4: a custom CA (NODE_EXTRA_CA_CERTS, read by node at start-up) is honoured by the one HTTP layer,
 * through an https_proxy tunnel too. An https stand-in serves with a certificate of a private CA; a fresh node
 * process runs imagegate's own clients (the release download and the GitHub API client) through a CONNECT proxy:
 * with the CA in NODE_EXTRA_CA_CERTS both succeed, without it both refuse the certificate.
 */

const run = promisify(execFile);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = await tempDir('imagegate-extra-ca-');
const HOST = 'secure.example.test';

async function certificate(): Promise<{ key: string; cert: string; certFile: string }> {
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    keyFile,
    '-out',
    certFile,
    '-days',
    '2',
    '-subj',
    `/CN=${HOST}`,
    '-addext',
    `subjectAltName=DNS:${HOST}`,
  ]);
  return { key: await readFile(keyFile, 'utf8'), cert: await readFile(certFile, 'utf8'), certFile };
}

const CLIENT = `
import { downloadText } from ${JSON.stringify(path.join(repo, 'src/scan/install/download.ts'))};
import { GitHubClient } from ${JSON.stringify(path.join(repo, 'src/github/github-client.ts'))};
import { MemoryLogger } from ${JSON.stringify(path.join(repo, 'src/util/logger.ts'))};
const origin = process.argv[2];
const out = [];
try {
  out.push((await downloadText(origin + '/checksums.txt', { logger: new MemoryLogger(), maxBytes: 1024 })).trim());
} catch (error) { out.push('download failed: ' + error.message); }
const client = new GitHubClient({ apiUrl: origin, token: 'ghs_caTest0123456789', logger: new MemoryLogger(),
  retry: { maxAttempts: 1 } });
try {
  out.push(JSON.stringify((await client.request('POST', '/repos/o/r/code-scanning/sarifs', { sarif: 'x' })).data));
} catch (error) { out.push('github failed: ' + error.message); } finally { client.dispose(); }
console.log(out.join('\\n'));
`;

test('NODE_EXTRA_CA_CERTS is honoured by the download and the GitHub client, through https_proxy', async () => {
  const { key, cert, certFile } = await certificate();
  const server = https.createServer({ key, cert }, (request, response) => {
    if (request.url === '/checksums.txt') {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('abc  trivy.tar.gz\n');
      return;
    }
    request.resume();
    request.on('end', () => response.writeHead(202, { 'content-type': 'application/json' }).end('{"id":"sarif-1"}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `https://${HOST}:${(server.address() as AddressInfo).port}`;
  const proxy = await startConnectProxy();
  const script = path.join(dir, 'client.mts');
  await writeFile(script, CLIENT);
  const environment = (extra: Record<string, string>) => {
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(process.env)) {
      if (value !== undefined && !/^(https?_proxy|no_proxy|NODE_EXTRA_CA_CERTS|NODE_OPTIONS)$/i.test(name)) {
        env[name] = value;
      }
    }
    return { ...env, https_proxy: proxy.url, ...extra };
  };
  const client = (extra: Record<string, string>) =>
    run(process.execPath, ['--import', 'tsx', script, origin], { cwd: repo, env: environment(extra), timeout: 60_000 });
  try {
    const trusted = await client({ NODE_EXTRA_CA_CERTS: certFile });
    expect(trusted.stdout).toBe('abc  trivy.tar.gz\n{"id":"sarif-1"}\n');
    const untrusted = await client({});
    expect(untrusted.stdout).toMatch(/^download failed: could not download .*certificate/m);
    expect(untrusted.stdout).toMatch(/^github failed: .*certificate/m);
    // Every attempt, trusted or not, went through the proxy's tunnel.
    expect(proxy.seen.length).toBeGreaterThanOrEqual(4);
    expect(new Set(proxy.seen)).toEqual(new Set([`CONNECT ${new URL(origin).host}`]));
  } finally {
    await proxy.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}, 120_000);
