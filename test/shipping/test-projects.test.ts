import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The unit project (`npm run test:unit`) is the quick loop: no daemon, no registry, no bundled Action, nothing
 * fetched. test/integration-files.json lists the suites that need those; this keeps the list honest both ways: every
 * listed file exists, and no unit suite, nor a test helper it imports, starts one of those parts.
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const testRoot = path.join(repoRoot, 'test');
const groups = JSON.parse(readFileSync(path.join(testRoot, 'integration-files.json'), 'utf8')) as Record<
  string,
  string[]
>;
const integration = new Set(Object.values(groups).flat());

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(full);
    return entry.name.endsWith('.test.ts') ? [path.relative(repoRoot, full)] : [];
  });
}

/** What only an integration suite may do: calls, not the helpers' own definitions (`function name(`). */
const SLOW_PARTS: Array<[string, RegExp]> = [
  ['the Docker daemon', /(?<!function )\b(?:describeWithDocker|dockerBuild)\(|execa\(\s*'docker'|support\/docker\.js/],
  ['docker-registry', /(?<!function )\b(?:startRegistry|describeWithRegistry)\(/],
  ['the bundled Action', /(?<!function )\b(?:makeActionRunner|actionBundle|copyActionBundle)\(|bundle\.mjs/],
  ['docker-compose v1', /bin\/docker-compose/],
  ['Node 24 from npm', /(?<!function )\bnode24Path\(/],
];

/** The test's own text and that of every test helper it imports, transitively (src/ is the code under test). */
function sources(file: string, seen = new Set<string>()): Array<[string, string]> {
  if (seen.has(file)) return [];
  seen.add(file);
  const text = readFileSync(path.join(repoRoot, file), 'utf8');
  const found: Array<[string, string]> = [[file, text]];
  for (const match of text.matchAll(/from '(\.{1,2}\/[^']+)\.js'/g)) {
    const target = path.relative(repoRoot, path.resolve(repoRoot, path.dirname(file), `${match[1]}.ts`));
    if (target.startsWith('test/') && existsSync(path.join(repoRoot, target))) found.push(...sources(target, seen));
  }
  return found;
}

test('every file listed as integration exists and is a test suite', () => {
  const all = new Set(testFiles(testRoot));
  expect([...integration].filter((file) => !all.has(file))).toEqual([]);
});

test('no unit suite starts the daemon, a registry, the bundled Action, docker-compose or fetches Node 24', () => {
  const offenders: string[] = [];
  for (const file of testFiles(testRoot).filter((candidate) => !integration.has(candidate))) {
    for (const [source, text] of sources(file)) {
      for (const [part, pattern] of SLOW_PARTS) {
        if (pattern.test(text)) offenders.push(`${file} (via ${source}) needs ${part}`);
      }
    }
  }
  expect(offenders).toEqual([]);
});

test('the check sees an integration suite for what it is', () => {
  // Without this, a pattern that matched nothing would pass the test above vacuously.
  for (const file of ['test/image/daemon.test.ts', 'test/rescan/plan-registry.test.ts', 'test/e2e/action.test.ts']) {
    expect(sources(file).some(([, text]) => SLOW_PARTS.some(([, pattern]) => pattern.test(text)))).toBe(true);
  }
});
