import { buildDependencySnapshot } from '../../src/github/dependency-snapshot.js';
import type { ScanFacts } from '../../src/scan/types.js';

/** Issue 14 item 3: the snapshot built from the scan's full package list (`--list-all-pkgs`). */
const scan = {
  scanner: { name: 'trivy' },
  vulnerabilities: [],
  secrets: [],
  licenses: [],
  packages: [
    {
      name: 'musl',
      version: '1.2.5-r0',
      purl: 'pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64',
      target: 'img (alpine 3.20)',
      pkgType: 'alpine',
    },
    {
      name: 'musl',
      version: '1.2.5-r0',
      purl: 'pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64',
      target: 'img (alpine 3.20)',
      pkgType: 'alpine',
    },
    {
      name: '__proto__',
      version: '1.0.0',
      purl: 'pkg:npm/__proto__@1.0.0',
      target: 'app/package-lock.json',
      pkgType: 'npm',
    },
    { name: 'no-purl', version: '1', target: 'app/package-lock.json', pkgType: 'npm' },
    { name: 'bad-purl', version: '1', purl: 'javascript:alert(1)', target: 'app/package-lock.json', pkgType: 'npm' },
  ],
} as unknown as ScanFacts & { packages: [] };

describe('buildDependencySnapshot', () => {
  test('one manifest per Trivy target, packages keyed name@version, purl-less ones counted and left out', () => {
    const built = buildDependencySnapshot(
      scan,
      {
        sha: 'a'.repeat(40),
        ref: 'refs/heads/main',
        imageReference: 'ghcr.io/acme/api:1',
        imageDigest: 'sha256:' + 'b'.repeat(64),
      },
      { correlator: 'CI_gate_imagegate/image/ghcr.io/acme/api', id: '7' },
      '2026-12-07T06:00:00.000Z',
    );
    expect(built).toMatchObject({ packages: 2, complete: true, withoutPurl: 2 });
    const json = JSON.parse(JSON.stringify(built.snapshot)) as Record<string, unknown>;
    expect(json).toEqual({
      version: 0,
      job: { correlator: 'CI_gate_imagegate/image/ghcr.io/acme/api', id: '7' },
      sha: 'a'.repeat(40),
      ref: 'refs/heads/main',
      detector: { name: 'imagegate', version: expect.any(String), url: 'https://github.com/imagegate/imagegate' },
      scanned: '2026-12-07T06:00:00.000Z',
      metadata: { 'imagegate:image': 'ghcr.io/acme/api:1', 'imagegate:image-digest': 'sha256:' + 'b'.repeat(64) },
      manifests: {
        'img (alpine 3.20)': {
          name: 'alpine',
          resolved: {
            'musl@1.2.5-r0': {
              package_url: 'pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64',
              relationship: 'direct',
              scope: 'runtime',
              dependencies: [],
            },
          },
        },
        'app/package-lock.json': {
          name: 'npm',
          resolved: {
            '__proto__@1.0.0': {
              package_url: 'pkg:npm/__proto__@1.0.0',
              relationship: 'direct',
              scope: 'runtime',
              dependencies: [],
            },
          },
        },
      },
    });
  });
});
