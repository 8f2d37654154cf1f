import { imageFactsFromTrivyReport } from '../../../src/image/from-trivy-report.js';
import { parseTrivyReport } from '../../../src/scan/report/trivy-report.js';
import { MemoryLogger } from '../../../src/util/logger.js';
import { corpusJson, corpusText, describeWithCorpus, list, type Json } from './corpus-files.js';

const parse = (name: string) => parseTrivyReport(corpusText(name), name);

/** A corpus report changed by `edit` (applied to its parsed JSON), parsed again. */
function parseEdited(name: string, edit: (report: Json, metadata: Json) => void) {
  const report = corpusJson(name);
  edit(report, report.Metadata as Json);
  return parseTrivyReport(JSON.stringify(report, null, 2), name);
}

describeWithCorpus('image facts from a report alone', () => {
  test('fluentd-gems: config, platform, layers with sizes and digests, linked to history', () => {
    const { image, warnings } = parse('fluentd-gems.json.golden');
    const raw = corpusJson('fluentd-gems.json.golden').Metadata as Json;
    expect(warnings).toEqual([]);
    expect(image).toMatchObject({
      source: 'trivy-report',
      // ArtifactName is the archive's path, so the repo tag names the image.
      reference: 'ghcr.io/aquasecurity/trivy-test-images:fluentd-multiple-lockfiles',
      id: 'sha256:5a992077baba51b97f27591a10d54d2f2723dc9c81a3fe419e261023f2554933',
      repoTags: ['ghcr.io/aquasecurity/trivy-test-images:fluentd-multiple-lockfiles'],
      repoDigests: [],
      platform: { os: 'linux', architecture: 'amd64' },
      created: '2020-03-04T13:59:39.161374106Z',
      size: 157340160,
      config: {
        user: '',
        env: [
          'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
          'LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2',
        ],
        entrypoint: null,
        cmd: ['/run.sh'],
        workingDir: '',
        labels: {},
        exposedPorts: ['80/tcp'],
      },
    });
    expect(image?.digest).toBeUndefined();
    expect(image?.compressedSize).toBeUndefined();
    const rawLayers = list(raw.Layers);
    expect(image?.layers.map((layer) => [layer.diffId, layer.digest, layer.size])).toEqual(
      rawLayers.map((layer) => [layer.DiffID, layer.Digest, layer.Size]),
    );
    expect(image?.layers.reduce((sum, layer) => sum + layer.size, 0)).toBe(image?.size);
    // 11 history entries, 6 of which made the 6 layers.
    expect(image?.history).toHaveLength(11);
    expect(image?.layers.map((layer) => layer.historyIndex)).toEqual([0, 3, 4, 5, 6, 7]);
    expect(image?.history.map((entry) => entry.layerIndex)).toEqual([
      0,
      undefined,
      undefined,
      1,
      2,
      3,
      4,
      5,
      undefined,
      undefined,
      undefined,
    ]);
    expect(image?.history[5]?.createdBy).toContain('/tmp/install.sh');
    expect(image?.history[8]).toMatchObject({ createdBy: '/bin/sh -c #(nop)  EXPOSE 80', emptyLayer: true });
  });

  test('alpine-310: one layer, its CMD metadata-only; alpine-distroless runs as 65532', () => {
    const { image } = parse('alpine-310.json.golden');
    expect(image?.layers).toEqual([
      {
        diffId: 'sha256:03901b4a2ea88eeaad62dbe59b072b28b6efa00491962b8741081c5df50c65e0',
        digest: 'sha256:9d48c3bd43c520dc2784e868a780e976b207cbf493eaff8c6596eb871cbd9609',
        size: 5843968,
        historyIndex: 0,
      },
    ]);
    expect(image?.size).toBe(5843968);
    expect(image?.history[1]).toEqual({
      createdBy: '/bin/sh -c #(nop)  CMD ["/bin/sh"]',
      created: '2019-08-20T20:19:55.211423266Z',
      emptyLayer: true,
    });
    expect(image?.config).toMatchObject({ user: '', cmd: ['/bin/sh'] });
    expect(parse('alpine-distroless.json.golden').image?.config.user).toBe('65532');
  });

  test('spring4shell-jre11: 9 layers linked among 25 history entries', () => {
    const { image, warnings } = parse('spring4shell-jre11.json.golden');
    expect(warnings).toEqual([]);
    expect(image?.layers).toHaveLength(9);
    expect(image?.history).toHaveLength(25);
    for (const layer of image?.layers ?? []) {
      expect(layer.historyIndex).toBeDefined();
      expect(image?.history[layer.historyIndex ?? -1]?.emptyLayer).toBe(false);
    }
  });

  test('a registry scan: ArtifactName is the reference, the repo digest the digest', () => {
    const { image } = parse('trivy-action/test/data/with-trivy-yaml-cfg/report.json');
    expect(image).toMatchObject({
      reference: 'alpine:3.10',
      digest: 'sha256:451eee8bedcb2f029756dc3e9d73bab0e7943c1ac55cff3a4861c52a0fdd3e98',
      repoDigests: ['alpine@sha256:451eee8bedcb2f029756dc3e9d73bab0e7943c1ac55cff3a4861c52a0fdd3e98'],
    });
  });

  test('the reference: a plain name is used as written; an archive path without matching tags is not', () => {
    const reference = (artifactName: string, repoTags: string[]) =>
      parseEdited('alpine-310.json.golden', (report, metadata) => {
        report.ArtifactName = artifactName;
        metadata.RepoTags = repoTags;
      }).image?.reference;
    expect(reference('registry.example.com:5000/team/app:1.2', ['other:1'])).toBe(
      'registry.example.com:5000/team/app:1.2',
    );
    expect(reference('out/app.tar', ['app:1'])).toBe('app:1');
    expect(reference('out/app.tar', [])).toBeUndefined();
    expect(reference('./layout', ['app:2'])).toBe('app:2');
    expect(reference('Not A Reference', [])).toBeUndefined();
  });

  test('without Metadata.Layers (Trivy < 0.62): sizes unknown but for a single layer, and a warning says so', () => {
    const multi = parseEdited('fluentd-gems.json.golden', (_report, metadata) => delete metadata.Layers);
    expect(multi.image?.layers.map((layer) => layer.size)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(multi.image?.layers.every((layer) => layer.digest === undefined)).toBe(true);
    expect(multi.image?.size).toBe(157340160);
    expect(multi.warnings).toEqual([expect.stringMatching(/no size for 6 of 6 layers.*Trivy 0\.62/)]);

    const single = parseEdited('alpine-310.json.golden', (_report, metadata) => delete metadata.Layers);
    expect(single.image?.layers[0]?.size).toBe(5843968);
    expect(single.warnings).toEqual([]);
  });

  test('without Metadata.Size the size is the sum of the layers; empty rootfs falls back to DiffIDs', () => {
    const parsed = parseEdited('fluentd-gems.json.golden', (_report, metadata) => {
      delete metadata.Size;
      (metadata.ImageConfig as Json).rootfs = { type: 'layers', diff_ids: null };
    });
    expect(parsed.image?.size).toBe(157340160);
    expect(parsed.image?.layers).toHaveLength(6);
    expect(parsed.image?.layers[3]?.historyIndex).toBe(5);
  });

  test('history that does not match the layers is not linked, with a warning', () => {
    const parsed = parseEdited('fluentd-gems.json.golden', (_report, metadata) => {
      (metadata.ImageConfig as Json).history = list((metadata.ImageConfig as Json).history).slice(1);
    });
    expect(parsed.image?.layers.every((layer) => layer.historyIndex === undefined)).toBe(true);
    expect(parsed.warnings).toEqual([expect.stringContaining('layers are not linked to history entries')]);
  });

  test('no image facts for non-image reports, nor for an image report without ImageConfig (warned)', () => {
    expect(parse('non-image/npm.json.golden').image).toBeUndefined();
    expect(parse('non-image/ubuntu-gp2-x86-vm.json.golden').image).toBeUndefined();
    expect(parse('non-image/fixtures/convert/npm.json.golden').image).toBeUndefined();
    expect(parse('non-image/fluentd-multiple-lockfiles.json.golden').image).toBeUndefined();
    const bare = parseEdited('alpine-310.json.golden', (_report, metadata) => delete metadata.ImageConfig);
    expect(bare.image).toBeUndefined();
    expect(bare.scan.vulnerabilities).toHaveLength(4);
    expect(bare.warnings).toEqual([expect.stringContaining('no Metadata.ImageConfig')]);
  });

  test('imageFactsFromTrivyReport takes the parsed report directly and logs through the logger', () => {
    const logger = new MemoryLogger();
    const report = corpusJson('distroless-base.json.golden');
    delete (report.Metadata as Json).Layers;
    const image = imageFactsFromTrivyReport(report, { where: 'distroless-base.json', logger });
    expect(image?.layers).toHaveLength(2);
    expect(logger.lines).toEqual([expect.stringMatching(/^warning: distroless-base\.json: .*no size for 2 of 2/)]);
  });
});
