import { displayCreatedBy, toMarkdownSummary } from '../../src/report/markdown.js';
import { DIGEST, imageOnlyResult, sampleImage, sampleResult } from './fixtures.js';
import { cells, outsideCodeSpans, table } from './markdown-support.js';

describe('toMarkdownSummary', () => {
  const markdown = toMarkdownSummary(sampleResult());

  test('opens with the verdict, the image and the gate', () => {
    const [heading] = markdown.split('\n');
    expect(heading).toBe('## ❌ failed: imagegate · `docker.io/acme/api:1.2.3`');
    expect(markdown).toContain('**Gate:** fails on `high` or more severe');
    expect(markdown).toContain(
      '**Findings:** 🔴 1 critical · 🟠 2 high · 🟡 1 medium · 🔵 0 low · ⚪ 1 info · 1 suppressed',
    );
  });

  test('lists the image facts', () => {
    expect(markdown).toContain('- **Reference:** `docker.io/acme/api:1.2.3`');
    expect(markdown).toContain(`- **Digest:** \`${DIGEST.slice(0, 'sha256:'.length + 12)}\``);
    expect(markdown).toContain('- **Platform:** `linux/arm64/v8`');
    expect(markdown).toContain('- **Size:** 180 MB');
    expect(markdown).toContain('- **Compressed size:** 70.0 MB');
    expect(markdown).toContain('- **Layers:** 4 (+ 3 metadata-only history entries)');
    expect(markdown).toContain('- **User:** _not set: runs as root_');
  });

  test('active findings most severe first, each with rule, message and location', () => {
    const rows = table(markdown, '### Findings');
    expect(cells(rows[0]!)).toEqual(['Severity', 'Rule', 'Message', 'Location']);
    const body = rows.slice(2).map(cells);
    expect(body.map((row) => row[0])).toEqual(['🔴 critical', '🟠 high', '🟠 high', '🟡 medium', '⚪ info']);
    expect(body[0]).toEqual([
      '🔴 critical',
      '`layers/wasted`',
      'Layer 2 wastes 40 MB on files that later layers overwrite',
      '`docker.io/acme/api:1.2.3` layer `sha256:222222222222`',
    ]);
    expect(body[1]).toEqual([
      '🟠 high',
      'Image larger than its size budget (`size/max`)',
      'Image is 180 MB, over the 150MB budget (size.max)',
      '`services/api/Dockerfile:1:1`',
    ]);
    expect(body[3]?.[2]).toBe('Layer 1 is 150 MB, over the 100MB budget \\| made by \\`RUN\\` @&#8203;devs');
    expect(body[4]?.[3]).toBe('`docker.io/acme/api:1.2.3`');
    expect(markdown.indexOf('FROM uses the forbidden tag latest')).toBeGreaterThan(markdown.indexOf('<details>'));
  });

  test('suppressed findings sit in a collapsed block with their reasons', () => {
    expect(markdown).toContain(
      '<details><summary>1 suppressed finding (allowlisted; not counted by the gate)</summary>',
    );
    const rows = table(markdown, '<details>');
    expect(cells(rows[2]!)).toEqual([
      '🟡 medium',
      'Base image uses a forbidden tag (`base/forbidden-tag`)',
      'FROM uses the forbidden tag latest',
      '`deploy/my app/Dockerfile#prod:3:1`',
      'builder stage only; &lt;script&gt;alert(1)&lt;/script&gt; see @&#8203;sec (until 2027-01-31)',
    ]);
  });

  test('the layer table: size, share, the instruction that made it and created_by', () => {
    const rows = table(markdown, '### Layers');
    // One Dockerfile made every layer: its path is said once above the table, the column gives the line.
    expect(markdown).toContain('### Layers\n\nLines of `services/api/Dockerfile`.\n\n| # |');
    expect(cells(rows[0]!)).toEqual(['#', 'Size', 'Compressed', 'Share', 'Line', 'Created by']);
    const body = rows.slice(2).map(cells);
    expect(body).toHaveLength(4);
    expect(body[0]).toEqual(['1', '5.00 MB', '2.00 MB', '2.8%', '`1`', '`ADD file:abc in /`']);
    expect(body[2]).toEqual(['3', '24.0 MB', '7.50 MB', '13.3%', '`7`', '`COPY app /app/api`']);
    expect(body[3]).toEqual(['4', '1.00 MB', '500 kB', '0.6%', '—', '—']);
    const shares = body.map((row) => Number(row[3]!.replace('%', '')));
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 0);
  });

  test('hostile created_by stays inside its cell: one line, code, truncated', () => {
    const row = table(markdown, '### Layers')[3]!;
    const hostile = cells(row);
    expect(hostile).toHaveLength(6);
    expect(hostile[5]).toMatch(
      /^``RUN echo "<img src=x onerror=alert\(1\)> @org\/team \\\| break \\\| table `tick`.*…``$/,
    );
    expect(Array.from(hostile[5]!.slice(2, -2).replaceAll('\\|', '|')).length).toBe(80);
  });

  test('every table row has as many cells as its header, and no raw HTML but our own', () => {
    const lines = markdown.split('\n');
    let width = 0;
    for (const line of lines) {
      if (!line.startsWith('|')) {
        width = 0;
        continue;
      }
      if (width === 0) width = cells(line).length;
      expect(cells(line)).toHaveLength(width);
    }
    const outsideCode = lines.map(outsideCodeSpans).join('\n');
    const tags = outsideCode.match(/<\/?[a-z][^>]*>/gi) ?? [];
    expect(new Set(tags)).toEqual(new Set(['<details>', '<summary>', '</summary>', '</details>']));
    expect(outsideCode).not.toMatch(/@[A-Za-z0-9]/);
    expect(outsideCode).not.toMatch(/(?<!\\)\]\(/);
    expect(markdown).not.toMatch(/\r/);
    expect(markdown).not.toContain('do-not-report-me');
  });

  test('a passing run with no findings and no compressed sizes', () => {
    const image = sampleImage();
    image.compressedSize = undefined;
    image.layers = image.layers.map(({ compressedSize: _drop, ...layer }) => layer);
    image.config.user = '1000:1000';
    const passing = toMarkdownSummary(
      sampleResult({
        verdict: 'pass',
        failOn: 'never',
        findings: [],
        counts: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
        suppressedCount: 0,
        image,
      }),
      { title: 'api image' },
    );
    expect(passing.startsWith('## ✅ passed: api image · `docker.io/acme/api:1.2.3`\n')).toBe(true);
    expect(passing).toContain('**Gate:** never fails (`failOn: never`)');
    expect(passing).toContain('No active findings.');
    expect(passing).not.toContain('<details>');
    expect(passing).not.toContain('Compressed');
    expect(passing).toContain('- **User:** `1000:1000`');
  });

  test('long lists are cut with a count of what was left out', () => {
    const cut = toMarkdownSummary(sampleResult(), { maxFindingRows: 2, maxLayerRows: 1 });
    expect(table(cut, '### Findings')).toHaveLength(4);
    expect(cut).toContain('… and 3 more findings (all of them are in `imagegate.json`).');
    expect(table(cut, '### Layers')).toHaveLength(3);
    expect(cut).toContain('… and 3 more layers');
  });

  test('image-only runs show image locations and no instruction column values', () => {
    const imageOnly = toMarkdownSummary(imageOnlyResult());
    const body = table(imageOnly, '### Layers').slice(2).map(cells);
    expect(body.map((row) => row[4])).toEqual(['—', '—', '—', '—']);
    expect(imageOnly).not.toContain('Dockerfile:');
  });
});

describe('displayCreatedBy', () => {
  test.each([
    ['/bin/sh -c #(nop)  CMD ["sh"]', 'CMD ["sh"]'],
    ['/bin/sh -c apk add --no-cache curl', 'RUN apk add --no-cache curl'],
    ['RUN /bin/sh -c make # buildkit', 'RUN /bin/sh -c make'],
    ['COPY app /app # buildkit', 'COPY app /app'],
  ])('%s → %s', (input, expected) => {
    expect(displayCreatedBy(input)).toBe(expected);
  });
});
