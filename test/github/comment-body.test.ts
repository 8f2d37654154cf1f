import { commentMarker, COMMENT_LIMIT, renderBody, type BodyInput } from '../../src/github/comment-body.js';
import { bar, layerChart } from '../../src/github/layer-chart.js';
import { compareWithBaseline } from '../../src/baseline/baseline.js';
import type { RunResult } from '../../src/report/run-result.js';
import { diffId, HOSTILE_CREATED_BY } from '../report/fixtures.js';
import { HOSTILE_TITLE, scannedResult } from '../report/scan-fixtures.js';

/** The PR comment / job summary body: marker, verdict, baseline, size deltas and chart, escaping, the size limit. */

const CATEGORY = 'imagegate/image/docker.io/acme/api';

function input(result: RunResult = scannedResult(), notes: string[] = []): BodyInput {
  return {
    result,
    category: CATEGORY,
    notes,
    toolVersion: '0.1.0',
    commit: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
  };
}

/** The sample run compared with a baseline image that had the first two layers and a third, bigger one. */
function comparedResult(): RunResult {
  const result = scannedResult();
  const [kept, ...added] = result.findings.filter((finding) => !finding.suppressedBy);
  return {
    ...result,
    baseline: {
      new: added,
      fixed: [
        {
          ruleId: 'vuln/CVE-2020-0001',
          severity: 'high',
          message: `fixed one ${HOSTILE_TITLE}`,
          fingerprint: 'f'.repeat(32),
          suppressed: false,
          location: null,
          properties: {},
        },
      ],
      unchanged: kept ? 1 : 0,
      file: 'docker.io/acme/api:main',
      families: ['size', 'layers', 'user', 'vuln', 'secret', 'license'],
    },
    baselineImage: {
      name: 'docker.io/acme/api:main',
      size: 200_000_000,
      compressedSize: 80_000_000,
      layers: [
        { diffId: diffId(1), size: 5_000_000 },
        { diffId: diffId(2), size: 150_000_000 },
        { diffId: diffId(9), size: 45_000_000, createdBy: 'COPY old /old' },
      ],
    },
  };
}

test('starts with the hidden marker of the category; the marker cannot end its HTML comment', () => {
  const { body, truncated } = renderBody(input(), COMMENT_LIMIT);
  expect(body.split('\n')[0]).toBe(`<!-- imagegate:${CATEGORY} -->`);
  expect(truncated).toBe(false);
  expect(commentMarker('a --> <b> c')).toBe('<!-- imagegate:a_-_b_c -->');
});

test('verdict, gate, size and layers, and the full report collapsed', () => {
  const { body } = renderBody(input(), COMMENT_LIMIT);
  expect(body).toContain('### ❌ imagegate failed: `docker.io/acme/api:1.2.3`');
  expect(body).toMatch(
    /\*\*Gate:\*\* fails on `high` or more severe \(per-family thresholds in the report\) · \*\*Findings:\*\* 🔴 \d+ critical/,
  );
  expect(body).toContain('**180 MB** in **4** layers (no baseline to compare with).');
  expect(body).toMatch(/<details><summary>Full report<\/summary>\n\n#### ❌ failed: imagegate/);
  expect(body.trimEnd()).toMatch(
    /<sub>imagegate 0\.1\.0 · commit `ec26c3e57ca3` · category `imagegate\/image\/docker\.io\/acme\/api`<\/sub>$/,
  );
});

test('against a baseline image: new and fixed findings, size and layer deltas, layers marked same or new', () => {
  const { body } = renderBody(input(comparedResult()), COMMENT_LIMIT);
  expect(body).toContain('Compared with `docker.io/acme/api:main`: **');
  expect(body).toContain('**Fixed since baseline**');
  expect(body).toContain('| Size | 200 MB | 180 MB | −20.0 MB (−10.0%) |');
  expect(body).toContain('| Compressed | 80.0 MB | 70.0 MB | −10.0 MB (−12.5%) |');
  expect(body).toContain('| Layers | 3 | 4 | +1 |');
  expect(body).toContain(
    '_Compared with the baseline image: size, layers, user, vulnerabilities, secrets, licenses findings.',
  );
  expect(body).toMatch(/^1 = ▉ +5\.00 MB {2}ADD file:abc in \/$/m);
  expect(body).toMatch(/^2 = █{28} +150 MB {2}RUN echo/m);
  expect(body).toMatch(/^3 \+ █+/m);
  expect(body).toContain('1 baseline layer (45.0 MB) no longer in this image.');
});

test('untrusted text cannot mention, link, or inject HTML, in tables and in the chart', () => {
  const { body } = renderBody(input(comparedResult()), COMMENT_LIMIT);
  const outsideCode = body.replace(/^(`{3,})text\n[\s\S]*?\n\1$/gm, '').replace(/(`+)[^\n]*?\1/g, '');
  expect(outsideCode).not.toMatch(/@octocat|@everyone|@org/);
  expect(outsideCode).not.toMatch(/<img|<script|<b>/i);
  expect(outsideCode).not.toMatch(/(?<!\\)\]\((javascript|https?):/);
  expect(outsideCode).toContain('\\[click\\](javascript:alert(1))');
  expect(outsideCode).not.toMatch(/https:\/\/evil/);
  expect(body).toContain('@&#8203;octocat');
  // The hostile created_by only ever appears inside the fenced chart or code spans.
  const chart = layerChart(scannedResult().image, undefined, { maxRows: 10 });
  expect(chart).toContain('echo "<img src=x');
  expect(chart.split('\n')[0]).toBe('```text');
  expect(chart).not.toContain('\r');
  expect(HOSTILE_CREATED_BY).toContain('\r\n');
});

test('a body over the limit is shortened, then loses the full report, then is cut, always saying so', () => {
  const full = renderBody(input(comparedResult()), COMMENT_LIMIT).body;
  const shortened = renderBody(input(comparedResult()), { max: full.length - 200, measure: (text) => text.length });
  expect(shortened.truncated).toBe(true);
  expect(shortened.body.length).toBeLessThanOrEqual(full.length - 200);
  expect(shortened.body).toContain('Shortened to fit GitHub’s size limit');
  expect(shortened.body).toContain('<details><summary>Full report</summary>');

  const small = renderBody(input(comparedResult()), { max: 6000, measure: (text) => text.length });
  expect(small.body.length).toBeLessThanOrEqual(6000);
  expect(small.body).toContain('The full report did not fit');
  expect(small.body).not.toContain('<details>');

  const tiny = renderBody(input(comparedResult()), { max: 1500, measure: (text) => text.length });
  expect(tiny.body.length).toBeLessThanOrEqual(1500);
  expect(tiny.body).toContain('Cut here to fit GitHub’s size limit');
  expect(tiny.body.split('\n')[0]).toBe(`<!-- imagegate:${CATEGORY} -->`);
  expect((tiny.body.match(/^```/gm) ?? []).length % 2).toBe(0);
});

test('bars in eighths of a cell', () => {
  expect(bar(100, 100)).toBe('█'.repeat(28));
  expect(bar(0, 100)).toBe('');
  expect(bar(50, 100)).toBe('█'.repeat(14));
  expect(bar(1, 224)).toBe('▏');
  expect(compareWithBaseline([], { file: 'x', toolVersion: null, startedAt: null, image: null, findings: [] })).toEqual(
    {
      new: [],
      fixed: [],
      unchanged: 0,
    },
  );
});
