import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SampleName } from '../../scripts/report-samples.js';
import type { ReportLinks } from '../../src/report/links.js';
import {
  autoReferences,
  headings,
  links,
  literalEscapes,
  overlongCode,
  renderForReader,
  strayBackticks,
  tablesOutsideDetails,
  textOutsideDetails,
  visibleText,
  type Rendered,
} from '../support/render-gfm.js';
import { loadSamples, trustedHref, type LoadedSample } from './rendered-fixtures.js';

/**
 * The checks issue 12 asks of every report surface, as a reader sees it (rendered as GitHub/GitLab Markdown and
 * sanitized): the PR comment, the job summary and the MR note each run them on the blocked, passing and
 * 250-vulnerability samples.
 */
export interface Surface {
  name: string;
  render: (sample: LoadedSample) => string;
  links: ReportLinks;
  /** Its size limit, as the surface measures it. */
  fits: (markdown: string) => boolean;
  /** It links the CI run / the run's artifact. */
  linksRun: boolean;
  linksArtifact: boolean;
  /** It lists every gate-failing finding (the job summary), or fewer with a link to the summary (the PR comment). */
  listsEveryBlocking: boolean;
  linksSummaryWhenShortened: boolean;
}

const CRITICAL_CVE = 'CVE-2019-18224';
const CRITICAL_ADVISORY = 'https://avd.aquasec.com/nvd/cve-2019-18224';

export function describeReaderChecks(surface: Surface): void {
  describe(`${surface.name}, rendered as a reader sees it`, () => {
    const rendered = {} as Record<SampleName, { markdown: string; view: Rendered; sample: LoadedSample }>;

    const workDir = mkdtempSync(path.join(tmpdir(), 'imagegate-rendered-'));
    afterAll(() => rmSync(workDir, { recursive: true, force: true }));

    beforeAll(async () => {
      const samples = await loadSamples(workDir);
      for (const [name, sample] of Object.entries(samples) as Array<[SampleName, LoadedSample]>) {
        const markdown = surface.render(sample);
        rendered[name] = { markdown, view: renderForReader(markdown), sample };
      }
    }, 60_000);

    describe.each(['blocked', 'passing', 'many'] as const)('the %s sample', (name) => {
      test('fits its size limit', () => {
        expect(surface.fits(rendered[name].markdown)).toBe(true);
      });

      test('shows no Markdown backslash-escape as text (\\` \\* \\_)', () => {
        expect(literalEscapes(rendered[name].view.root)).toEqual([]);
      });

      test("renders imagegate's own code spans as code, not as backticks in text", () => {
        expect(strayBackticks(rendered[name].view.root)).toEqual([]);
      });

      test('links only to trusted hrefs and https advisories the scan reported', () => {
        const { view, sample } = rendered[name];
        const untrusted = links(view.root).filter((link) => !trustedHref(link.href, surface.links, sample.advisories));
        expect(untrusted).toEqual([]);
      });

      test(`has no code span or code line longer than the column holds without a break`, () => {
        expect(overlongCode(rendered[name].view.root)).toEqual([]);
      });

      test('gives GitHub no #N or GH-N to turn into an issue link', () => {
        expect(autoReferences(rendered[name].view.root)).toEqual([]);
      });

      test('nests every heading under its title', () => {
        const [title, ...rest] = headings(rendered[name].view.root);
        expect(title).toBeDefined();
        const larger = rest.filter((heading) => heading.level <= title!.level);
        expect(larger).toEqual([]);
      });

      test('writes correct plurals ("1 layer", not "1 layers")', () => {
        const text = visibleText(rendered[name].view.root);
        expect(
          text.match(/(?<![\d.,])1 (?:layers|services|findings|vulnerabilities|packages|files|mounts)\b/g),
        ).toBeNull();
      });
    });

    describe('the blocked sample, without expanding anything', () => {
      test('has a table of the gate-failing findings outside any <details>', () => {
        const { view, sample } = rendered.blocked;
        const blockingTable = tablesOutsideDetails(view.root).find((table) => {
          const text = table.textContent ?? '';
          return sample.blocking.every((finding) => text.includes(finding.ruleId.replace(/^vuln\//, '')));
        });
        expect(blockingTable).toBeDefined();
      });

      test('names the fixed version of the critical CVE and a Next steps line', () => {
        const text = textOutsideDetails(rendered.blocked.view.root);
        expect(text).toContain(CRITICAL_CVE);
        expect(text).toContain('2.0.5-1+deb10u1');
        expect(text).toMatch(/Next steps/);
      });

      test('links the CVE to its advisory, the rule to its docs and the location to the file at the commit', () => {
        const found = links(rendered.blocked.view.root).filter((link) => !link.inDetails);
        expect(found).toContainEqual(expect.objectContaining({ text: CRITICAL_CVE, href: CRITICAL_ADVISORY }));
        expect(found.map((link) => link.href)).toContain(surface.links.rule('user/root'));
        // The critical CVE's package was written by `COPY rootfs/ /`, line 5 of examples/failing/Dockerfile.
        expect(found.map((link) => link.href)).toContain(
          surface.links.source({ kind: 'source', path: 'examples/failing/Dockerfile', line: 5 }),
        );
      });

      if (surface.linksRun || surface.linksArtifact) {
        test('links the run and its artifact', () => {
          const hrefs = links(rendered.blocked.view.root).map((link) => link.href);
          if (surface.linksRun) expect(hrefs).toContain(surface.links.run);
          if (surface.linksArtifact) expect(hrefs).toContain(surface.links.artifact);
        });
      }
    });

    describe('the 250-vulnerability sample', () => {
      if (surface.listsEveryBlocking) {
        test('names every gate-failing vulnerability', () => {
          const text = visibleText(rendered.many.view.root);
          const missing = rendered.many.sample.blocking
            .map((finding) => finding.ruleId.replace(/^vuln\//, ''))
            .filter((id) => !text.includes(id));
          expect(missing).toEqual([]);
        });
      }

      if (surface.linksSummaryWhenShortened) {
        test('links the job summary for the findings it does not list', () => {
          expect(links(rendered.many.view.root).map((link) => link.href)).toContain(surface.links.summary);
        });
      }

      if (surface.listsEveryBlocking) {
        test('labels unrated (UNKNOWN) CVEs as unrated', () => {
          expect(visibleText(rendered.many.view.root)).toMatch(/unrated/i);
        });
      }

      test('lists at most 10 gate-failing findings before anything is expanded', () => {
        const [first] = tablesOutsideDetails(rendered.many.view.root);
        expect(first).toBeDefined();
        expect(first!.querySelectorAll('tbody tr').length).toBeLessThanOrEqual(10);
      });
    });

    describe('the passing sample', () => {
      test('shows each budget with its limit in one unit format, before anything is expanded', () => {
        const text = textOutsideDetails(rendered.passing.view.root);
        // examples/.imagegate.yml: size.max 5MB, layers.max 3.
        expect(text).toMatch(/\b5(?:\.0+)? MB\b/);
        expect(text).not.toMatch(/\b\d+(?:\.\d+)?[kKMG]B\b/);
        expect(text).toMatch(/headroom/i);
      });
    });
  });
}
