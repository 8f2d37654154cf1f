import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { RULE_FAMILIES, RULES } from '../../src/model/catalog.js';
import { loadPolicy, validatePolicyFiles } from '../../src/policy/load.js';

/**
 * Issue 13 item 9: docs/cis-coverage.md has a row for every CIS Docker Benchmark item of sections 4 and 5 and every
 * dockle checkpoint, names only rules that exist, and agrees with the catalog's benchmark tags; the preset
 * policies/cis-docker.yml validates and turns on what the page says it does.
 */

const root = path.resolve(import.meta.dirname, '../..');
const page = await readFile(path.join(root, 'docs/cis-coverage.md'), 'utf8');

const range = (prefix: string, from: number, to: number, pad = 0) =>
  Array.from({ length: to - from + 1 }, (_, index) => `${prefix}${String(from + index).padStart(pad, '0')}`);

const CIS_ITEMS = [...range('4.', 1, 12), ...range('5.', 1, 32)];
/** dockle's CHECKPOINT.md (goodwithtech/dockle): CIS-DI-0001…0011, DKL-DI-0001…0006, DKL-LI-0001…0003. */
const DOCKLE_CHECKPOINTS = [...range('CIS-DI-', 1, 11, 4), ...range('DKL-DI-', 1, 6, 4), ...range('DKL-LI-', 1, 3, 4)];

/** The table rows of the page, by their first cell. */
function rows(): Map<string, string> {
  const byKey = new Map<string, string>();
  for (const line of page.split('\n')) {
    const match = /^\| (\S+)\s+\|(.*)\|$/.exec(line);
    if (!match || /^-+$/.test(match[1]!)) continue;
    expect(byKey.has(match[1]!)).toBe(false);
    byKey.set(match[1]!, match[2]!);
  }
  return byKey;
}

test('one row for every CIS item of sections 4 and 5 and every dockle checkpoint, and no other', () => {
  const keys = [...rows().keys()].filter((key) => !['CIS', 'dockle'].includes(key));
  expect(keys).toEqual([...CIS_ITEMS, ...DOCKLE_CHECKPOINTS]);
});

test('every rule the page names exists (or is one of the issue-13 rules being merged)', () => {
  const known = new Set([...RULES.map((rule) => rule.id), ...RULE_FAMILIES.map((family) => family.pattern)]);
  const named = [...page.matchAll(/`([a-z]+\/[a-z<>-]+)`/g)].map((match) => match[1]!);
  expect(named.length).toBeGreaterThan(40);
  const unknown = [...new Set(named)].filter((id) => !known.has(id));
  expect(unknown).toEqual([]);
});

test("every benchmark tag in the catalog is on that item's row (what SARIF tags say, the page says)", () => {
  const table = rows();
  const tagged: Array<[string, string]> = RULES.flatMap((rule) =>
    rule.tags.flatMap((tag): Array<[string, string]> => {
      const match = /^(?:cis-docker|dockle)\/(.+)$/.exec(tag);
      return match ? [[match[1]!, rule.id]] : [];
    }),
  );
  expect(tagged.length).toBeGreaterThan(20);
  for (const [item, rule] of tagged) {
    expect({ item, known: table.has(item) }).toEqual({ item, known: true });
    expect({ item, rule, named: table.get(item)!.includes(`\`${rule}\``) }).toEqual({ item, rule, named: true });
  }
});

describe('policies/cis-docker.yml', () => {
  const file = path.join(root, 'policies/cis-docker.yml');

  test('validates and points editors at the schema', async () => {
    const [result] = await validatePolicyFiles([file]);
    expect(result?.errors.map((error) => error.message)).toEqual([]);
    expect((await readFile(file, 'utf8')).split('\n')[0]).toBe('# yaml-language-server: $schema=./policy.schema.json');
  });

  test('turns on what the coverage page says', async () => {
    const policy = await loadPolicy(file);
    expect(policy.defaults.user).toEqual({ forbidRoot: true });
    expect(policy.defaults.base).toMatchObject({ requireDigest: true, forbidTags: ['latest', '<none>'] });
    expect(policy.defaults.hygiene).toMatchObject({ toolchains: { allow: [] }, packageCaches: { minBytes: 1 } });
    expect(policy.defaults.secrets).toEqual({ forbid: true });
    expect(policy.defaults.fs).toMatchObject({ worldWritable: true, sudo: true, sshd: true });
    expect(policy.defaults.fs?.setuid).toMatchObject({ allowDefaults: true });
    expect(policy.defaults.accounts).toEqual({
      emptyPassword: true,
      duplicateRoot: true,
      duplicateId: true,
      unknownUser: true,
    });
    expect(policy.defaults.config).toEqual({ secrets: { names: [] }, exposeSsh: true });
    expect(policy.defaults.dockerfile).toEqual({
      addInsteadOfCopy: true,
      pipeToShell: true,
      updateAlone: true,
      upgrade: 'dist-upgrade',
      noHealthcheck: true,
    });
    expect(policy.compose.requireReadOnlyRootfs).toBe(true);
    expect(policy.severities).toMatchObject({
      'compose/privileged': 'critical',
      'compose/engine-socket': 'critical',
      'compose/host-namespace': 'high',
      'compose/shared-propagation': 'high',
    });
    expect(policy.gate.failOn).toBe('high');
  });
});
