import path from 'node:path';
import { GitHubClient } from '../../src/github/github-client.js';
import { publishToGitLab } from '../../src/gitlab/publish-gitlab.js';
import { writeImageArchive } from '../../tools/archive/archive-writer.js';
import { RegistryClient } from '../../src/image/source/registry/registry-client.js';
import { downloadText } from '../../src/scan/install/download.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { noRedaction } from '../../src/util/redact.js';
import { ToolError } from '../../src/util/errors.js';
import { startFakeGitHub } from '../github/support/github-api-server.js';
import { MR_IID, PROJECT_ID, startFakeGitLab, TOKEN } from '../gitlab/fake-gitlab.js';
import { sampleSpec } from '../image/support/archives.js';
import { scannedResult } from '../report/scan-fixtures.js';
import { startConnectProxy } from '../support/connect-proxy.js';
import { behave, startHostileServer } from '../support/hostile-server.js';
import { credentialsEnvironment, describeWithRegistry, startRegistry } from '../support/registry.js';
import { pushLayout } from '../support/registry-push.js';
import { rejection } from '../support/rejection.js';
import { tempDir } from '../support/temp.js';

/**
 * Issue 11, item 4: every imagegate client talks HTTP through the one layer (src/http/), so every one of them honours
 * the runner's proxy settings. The MR note, a code-scanning upload, a registry read and a Trivy download all run
 * with http_proxy/https_proxy pointing at a local forward proxy, and the proxy must have seen each of them. The
 * stand-ins are named by made-up hosts (a proxy client never proxies 127.0.0.1), which only the proxy can resolve:
 * a client that went around it would fail with ENOTFOUND.
 */

const dir = await tempDir('imagegate-proxy-');
const PROXY_VARIABLES = ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY'] as const;

function named(url: string, host: string): string {
  const parsed = new URL(url);
  parsed.hostname = host;
  return parsed.toString().replace(/\/$/, '');
}

describeWithRegistry('one HTTP layer behind a proxy', () => {
  test('GitLab note, code-scanning upload, registry read and Trivy download all go through https_proxy/http_proxy', async () => {
    const proxy = await startConnectProxy();
    const gitlab = await startFakeGitLab();
    const github = await startFakeGitHub();
    const registry = await startRegistry();
    const downloads = await startHostileServer(behave.text('0123abcd  trivy_0.58.1_Linux-64bit.tar.gz\n'));
    const saved = Object.fromEntries(PROXY_VARIABLES.map((name) => [name, process.env[name]]));
    try {
      const layout = path.join(dir, 'layout');
      await writeImageArchive(layout, sampleSpec(), { format: 'oci-dir', compression: 'gzip' });
      const pushed = await pushLayout(layout, registry, 'imagegate-test/proxied', ['1']);

      for (const name of PROXY_VARIABLES) delete process.env[name];
      process.env.http_proxy = proxy.url;
      process.env.https_proxy = proxy.url;
      // A no_proxy that names other hosts leaves these proxied.
      process.env.no_proxy = 'internal.example.test,.corp.example.test';

      // 1. The GitLab MR note.
      const gitlabApi = named(gitlab.apiUrl, 'gitlab.example.test');
      const published = await publishToGitLab(
        { result: scannedResult(), category: 'imagegate/image/docker.io/acme/api' },
        path.join(dir, 'gitlab'),
        {
          env: {
            CI_API_V4_URL: gitlabApi,
            CI_PROJECT_ID: PROJECT_ID,
            CI_MERGE_REQUEST_IID: MR_IID,
            IMAGEGATE_GITLAB_TOKEN: TOKEN,
          },
          logger: new MemoryLogger(),
          redactor: noRedaction(),
          toolVersion: '0.1.0',
          sleep: async () => undefined,
        },
      );
      expect(published.note).toMatchObject({ action: 'created' });
      expect(gitlab.notes).toHaveLength(1);

      // 2. A code-scanning upload.
      const githubApi = named(github.url, 'api.github.example.test');
      const client = new GitHubClient({ apiUrl: githubApi, token: 'ghs_proxiedToken0123', logger: new MemoryLogger() });
      try {
        const upload = await client.request<{ id: string }>('POST', '/repos/octo/app/code-scanning/sarifs', {
          commit_sha: 'a'.repeat(40),
          ref: 'refs/heads/main',
          sarif: 'H4sIAAAAAAAAA6uuBQBDv6ajAgAAAA==',
        });
        expect(upload.status).toBe(202);
      } finally {
        client.dispose();
      }
      expect(github.byRoute('upload')).toHaveLength(1);

      // 3. A registry read (a real docker-registry; a plain-http name must be listed as insecure, as any non-loopback).
      const registryHost = `registry.example.test:${new URL(registry.url).port}`;
      const registryClient = await RegistryClient.open(registryHost, {
        logger: new MemoryLogger(),
        environment: credentialsEnvironment(registry),
        insecureRegistries: [registryHost],
      });
      try {
        expect((await registryClient.getManifest('imagegate-test/proxied', '1')).digest).toBe(pushed.digest);
      } finally {
        registryClient.close();
      }

      // 4. A Trivy release download.
      const downloadHost = named(downloads.origin, 'downloads.example.test');
      const checksums = await downloadText(`${downloadHost}/v0.58.1/trivy_0.58.1_checksums.txt`, {
        logger: new MemoryLogger(),
        maxBytes: 1024,
      });
      expect(checksums).toContain('trivy_0.58.1_Linux-64bit.tar.gz');

      const hosts = new Set(
        proxy.seen.map((line) => /^(?:CONNECT (\S+)|\S+ https?:\/\/([^/]+))/.exec(line)?.slice(1).find(Boolean)),
      );
      expect([...hosts].sort()).toEqual(
        [new URL(githubApi).host, new URL(gitlabApi).host, registryHost, new URL(downloadHost).host].sort(),
      );
    } finally {
      for (const name of PROXY_VARIABLES) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
      await Promise.all([proxy.close(), gitlab.close(), github.close(), registry.stop(), downloads.close()]);
    }
  });

  test('a host named in no_proxy goes direct, never to the proxy', async () => {
    const proxy = await startConnectProxy();
    const saved = Object.fromEntries(PROXY_VARIABLES.map((name) => [name, process.env[name]]));
    try {
      for (const name of PROXY_VARIABLES) delete process.env[name];
      process.env.http_proxy = proxy.url;
      process.env.no_proxy = 'other.example.test, .direct.example.test';
      // Direct, the made-up name cannot be resolved: the failure itself shows the proxy was bypassed.
      const error = await rejection(
        downloadText('http://downloads.direct.example.test:9/checksums.txt', {
          logger: new MemoryLogger(),
          maxBytes: 1024,
        }),
      );
      expect(error).toBeInstanceOf(ToolError);
      expect(error.message).toMatch(
        /could not download http:\/\/downloads\.direct\.example\.test:9\/checksums\.txt: .*(ENOTFOUND|EAI_AGAIN)/,
      );
      expect(proxy.seen).toEqual([]);
    } finally {
      for (const name of PROXY_VARIABLES) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
      await proxy.close();
    }
  });
});
