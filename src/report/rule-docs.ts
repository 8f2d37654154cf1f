import { isRuleId, RULE_FAMILIES } from '../model/catalog.js';
import { VERSION } from '../version.js';
import { encodedRepositoryPath, repositorySlug, trustedBaseUrl } from './link-parts.js';

/**
 * Where a rule's documentation is: `docs/rules.md` (generated from the catalog by `npm run docs`), one heading per
 * rule with an explicit anchor, so a report can link a rule id to its section. The anchors are stable: the rule
 * id with `/` as `-` (`size/max` → `size-max`), and one per family (`vuln`, `secret`).
 */

/** The project's home, as package.json's `homepage` says (a test keeps the two equal). */
export const PROJECT_URL = 'https://github.com/imagegate/imagegate';
export const RULES_PAGE = 'docs/rules.md';

/** The docs of the release this build is: the tag `v<version>`. */
export const DEFAULT_DOCS_BASE = `${PROJECT_URL}/blob/v${VERSION}`;

/** The anchor of a family's section: `vuln/<id>` → `vuln`. */
export function familyAnchor(pattern: string): string {
  return pattern.slice(0, pattern.indexOf('/'));
}

/** The anchor of a rule's section in docs/rules.md; undefined for an id the docs do not describe. */
export function ruleAnchor(ruleId: string): string | undefined {
  if (isRuleId(ruleId)) return ruleId.replaceAll('/', '-');
  const family = RULE_FAMILIES.find((each) => ruleId.startsWith(`${familyAnchor(each.pattern)}/`));
  return family ? familyAnchor(family.pattern) : undefined;
}

/** `<docsBase>/docs/rules.md#<anchor>`, or undefined for a rule without docs. */
export function ruleDocsHref(ruleId: string, docsBase: string = DEFAULT_DOCS_BASE): string | undefined {
  const anchor = ruleAnchor(ruleId);
  return anchor === undefined ? undefined : `${docsBase}/${RULES_PAGE}#${anchor}`;
}

/**
 * The docs of the Action as the workflow uses it (`uses: owner/repo@ref`): GitHub names them in
 * GITHUB_ACTION_REPOSITORY and GITHUB_ACTION_REF. Falls back to the release's docs when either is missing or odd.
 */
export function actionDocsBase(env: Record<string, string | undefined>): string {
  const server = trustedBaseUrl(env.GITHUB_SERVER_URL);
  const repository = repositorySlug(env.GITHUB_ACTION_REPOSITORY);
  const refText = env.GITHUB_ACTION_REF?.trim() ?? '';
  const ref = /^[A-Za-z0-9._/-]{1,200}$/.test(refText) ? encodedRepositoryPath(refText) : undefined;
  if (!server || !repository || !ref) return DEFAULT_DOCS_BASE;
  return `${server}/${repository}/blob/${ref}`;
}

/** Rule docs and nothing else: the local `summary.md`, which knows no repository or run. */
export const RULE_DOCS_LINKS = {
  rule: (ruleId: string) => ruleDocsHref(ruleId),
  source: () => undefined,
};
