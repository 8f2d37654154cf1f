import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadTrustRootFile, publicGoodTrustRoot } from '../../src/signature/trusted-root.js';
import { ConfigurationError } from '../../src/util/errors.js';

describe('trust roots', () => {
  test('the shipped public-good root has the Fulcio CAs and Rekor log keys', () => {
    const { material, name } = publicGoodTrustRoot();
    expect(name).toBe('Sigstore public-good');
    expect(material.certificateAuthorities.length).toBeGreaterThanOrEqual(2);
    expect(material.tlogs.length).toBeGreaterThanOrEqual(1);
  });

  test('a user-given root is read from its path', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'imagegate-trust-'));
    const file = path.join(dir, 'root.json');
    writeFileSync(
      file,
      JSON.stringify({
        mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
        tlogs: [],
        certificateAuthorities: [],
      }),
    );
    await expect(loadTrustRootFile(file, 'trust/private.json')).rejects.toThrow(
      new ConfigurationError(
        'trust/private.json: a trusted_root.json needs at least one of certificateAuthorities and tlogs, found neither',
      ),
    );
    writeFileSync(file, 'password=hunter2 {');
    const error = await loadTrustRootFile(file, 'trust/private.json').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe('trust/private.json is not JSON: expected a Sigstore trusted_root.json');
    await expect(loadTrustRootFile(path.join(dir, 'absent.json'), 'absent.json')).rejects.toThrow(
      'cannot read the trusted root absent.json: ENOENT',
    );
  });
});
