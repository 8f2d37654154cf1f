import path from 'node:path';
import { parseImageReference } from '../../src/model/image-reference.js';
import { newerBaseScanDir } from '../../src/pipeline/newer-base-scan.js';

/** Where the newer base's Trivy report is kept: the registry host is part of the folder name. */
describe('newerBaseScanDir', () => {
  const out = path.join('/work', 'imagegate-out');
  const dir = (reference: string) => newerBaseScanDir(out, parseImageReference(reference));

  test('the same repository path in two registries gets two folders', () => {
    const mirror = dir('127.0.0.1:5000/team/base@sha256:' + 'a'.repeat(64));
    const origin = dir('registry.example.com/team/base@sha256:' + 'a'.repeat(64));
    const otherPort = dir('127.0.0.1:5001/team/base@sha256:' + 'a'.repeat(64));
    expect(mirror).toBe(path.join(out, 'base-scan', '127.0.0.1_5000', 'team-base'));
    expect(origin).toBe(path.join(out, 'base-scan', 'registry.example.com', 'team-base'));
    expect(new Set([mirror, origin, otherPort]).size).toBe(3);
  });

  test('Docker Hub names are normalized, and every folder stays under <out>/base-scan', () => {
    expect(dir('alpine:3.20')).toBe(path.join(out, 'base-scan', 'docker.io', 'library-alpine'));
    expect(dir('[::1]:5000/base:1')).toBe(path.join(out, 'base-scan', '___1__5000', 'base'));
    for (const reference of ['alpine', 'a.b-c.example:443/x/y_z/w', '[::1]:5000/base:1']) {
      const folder = path.relative(path.join(out, 'base-scan'), dir(reference));
      expect(folder.split(path.sep)).toHaveLength(2);
      expect(folder.split(path.sep).every((part) => part !== '' && part !== '.' && part !== '..')).toBe(true);
    }
  });
});
