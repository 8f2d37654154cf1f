import path from 'node:path';
import { downloadText, downloadToFile } from '../../../src/scan/install/download.js';
import { ToolError } from '../../../src/util/errors.js';
import { MemoryLogger } from '../../../src/util/logger.js';
import { behave, startHostileServer, type HostileServer } from '../../support/hostile-server.js';
import { rejection } from '../../support/rejection.js';
import { tempDir } from '../../support/temp.js';

/**
 * Trivy release downloads (download.ts, the fetching under the installer) against a release host that trickles,
 * never answers, or sends its asset host on another origin: the overall deadline ends the first two with exit 3,
 * and the redirect is followed (as GitHub's is) with no credential on the way.
 */

const dir = await tempDir('imagegate-hostile-download-');
let host: HostileServer;
let assets: HostileServer;
let files = 0;

beforeEach(async () => {
  host = await startHostileServer();
  assets = await startHostileServer(behave.text('sha  trivy_0.72.0_Linux-64bit.tar.gz\n'));
});
afterEach(async () => {
  await host.close();
  await assets.close();
});

async function failure(promise: Promise<unknown>): Promise<ToolError> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(ToolError);
  expect((error as ToolError).exitCode).toBe(3);
  return error as ToolError;
}

test('a release host redirecting to its asset host on another origin is followed, with no credential', async () => {
  host.handle = behave.redirect(`${assets.origin}/asset/checksums.txt`, 302);
  const text = await downloadText(`${host.origin}/checksums.txt`, { logger: new MemoryLogger(), maxBytes: 1024 });
  expect(text).toBe('sha  trivy_0.72.0_Linux-64bit.tar.gz\n');
  expect(assets.requests.map((r) => [r.url, r.headers.authorization])).toEqual([['/asset/checksums.txt', undefined]]);
});

test('a download trickling a byte at a time ends at the deadline: exit 3, the partial file named', async () => {
  host.handle = behave.trickle(100, { 'content-type': 'application/octet-stream' });
  files += 1;
  const started = Date.now();
  const url = `${host.origin}/trivy.tar.gz`;
  const error = await failure(
    downloadToFile(url, path.join(dir, `t${files}.tar.gz`), {
      logger: new MemoryLogger(),
      maxBytes: 10 * 2 ** 20,
      deadlineMs: 1_200,
    }),
  );
  expect(Date.now() - started).toBeLessThan(4_000);
  expect(error.message).toMatch(
    new RegExp(`^could not download ${url}: no complete answer within the 1.2 s deadline after \\d+ of 100000 bytes$`),
  );
});

test('a release host that never answers ends at the deadline, without retries', async () => {
  host.handle = behave.never();
  const started = Date.now();
  const url = `${host.origin}/checksums.txt`;
  const error = await failure(downloadText(url, { logger: new MemoryLogger(), maxBytes: 1024, deadlineMs: 1_000 }));
  expect(Date.now() - started).toBeLessThan(3_000);
  expect(error.message).toBe(`could not download ${url}: no complete answer within the 1 s deadline`);
  expect(host.requests).toHaveLength(1);
});
