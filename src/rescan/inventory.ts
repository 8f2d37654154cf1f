import type { PageOptions, RegistryClient } from '../image/source/registry/registry-client.js';
import { ConfigurationError, ToolError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import type { TagDigest } from './plan.js';
import { isOciTag, selectTags, type TagRule } from '../policy/tag-rules.js';

/**
 * What a registry holds, as far as a re-scan cares: its repositories (named, or from the catalog), their tags
 * (every page), the tags the rules select, and the digest each selected tag points at (`HEAD` on the manifest).
 * Every request goes through the one client, so its concurrency limit and its 429/Retry-After handling apply to all
 * of them: repositories are listed and tags resolved at once, and the client holds back what exceeds the limit.
 */

export interface InventoryRequest {
  client: RegistryClient;
  /** Repositories to look at; undefined: every repository of the registry's catalog. */
  repositories?: readonly string[];
  rules: readonly TagRule[];
  logger: Logger;
  /** Page size of tag lists and the catalog (`n=`); the registry's default when unset. */
  pageSize?: number;
}

export interface Inventory {
  repositories: string[];
  /** Every selected tag with its digest, in no particular order. */
  images: TagDigest[];
  /** Tags listed in all (selected or not). */
  tagsListed: number;
  /** Rules that selected nothing, per repository (also logged as warnings). */
  warnings: string[];
}

export async function takeInventory(request: InventoryRequest): Promise<Inventory> {
  const { client, rules, logger } = request;
  const pages: PageOptions = request.pageSize !== undefined ? { pageSize: request.pageSize } : {};
  const repositories = [...new Set(request.repositories ?? (await catalog(client, pages)))].sort();
  const warnings: string[] = [];
  let tagsListed = 0;
  const perRepository = await Promise.all(
    repositories.map(async (repository) => {
      const listed = await client.listTags(repository, pages);
      tagsListed += listed.length;
      const tags = ociTags(listed, `${client.registry}/${repository}`, (warning) => {
        warnings.push(warning);
        logger.warning(warning);
      });
      const selection = selectTags(tags, rules);
      for (const rule of selection.unmatched) {
        const warning = `${client.registry}/${repository}: tag rule '${rule.text}' selects none of its ${tags.length} tag(s)`;
        warnings.push(warning);
        logger.warning(warning);
      }
      logger.debug(`${client.registry}/${repository}: ${selection.tags.length} of ${tags.length} tag(s) selected`);
      const resolved = await Promise.all(
        selection.tags.map(async (tag): Promise<TagDigest | undefined> => {
          try {
            const head = await client.headManifest(repository, tag);
            return { repository, tag, digest: head.digest };
          } catch (error) {
            if (!vanished(error)) throw error;
            // Cleanup policies delete tags on their own schedule; a tag gone since the list is not a broken plan.
            const warning = `${client.registry}/${repository}:${tag}: listed, but gone when its digest was asked for`;
            warnings.push(warning);
            logger.warning(warning);
            return undefined;
          }
        }),
      );
      return resolved.filter((image): image is TagDigest => image !== undefined);
    }),
  );
  return { repositories, images: perRepository.flat(), tagsListed, warnings: warnings.sort() };
}

/**
 * The listed tags that are tags. The registry is not trusted: a name outside the OCI grammar (or past 128
 * characters) is no image anyone can pull by that tag, and no rule should spend time on it. Skipped with one warning
 * per repository that shows a short, escaped excerpt, never the whole name.
 */
function ociTags(listed: readonly string[], where: string, warn: (warning: string) => void): string[] {
  const tags: string[] = [];
  const bad: unknown[] = [];
  for (const tag of listed) {
    if (typeof tag === 'string' && isOciTag(tag)) tags.push(tag);
    else bad.push(tag);
  }
  if (bad.length > 0) {
    warn(
      `${where}: skipped ${bad.length} listed name(s) that are not OCI tags (letters, digits, _ . -, at most 128 ` +
        `characters), e.g. ${excerpt(bad[0])}`,
    );
  }
  return tags;
}

function excerpt(value: unknown): string {
  if (typeof value !== 'string') return `a ${value === null ? 'null' : typeof value}`;
  const shown = JSON.stringify(value.length > 40 ? value.slice(0, 40) : value);
  return value.length > 40 ? `${shown}… (${value.length} characters)` : shown;
}

/** A 404 on a manifest the tag list had just named (the client words every such 404 this way). */
function vanished(error: unknown): boolean {
  return error instanceof ConfigurationError && / manifest not found in registry /.test(error.message);
}

/**
 * The registry's catalog. Docker Hub, GHCR and many hosted registries do not offer it (401, 403, 404 or an
 * UNSUPPORTED error): then the user must name the repositories.
 */
async function catalog(client: RegistryClient, pages: PageOptions): Promise<string[]> {
  try {
    return await client.listRepositories(pages);
  } catch (error) {
    const refused =
      error instanceof ConfigurationError ||
      (error instanceof ToolError && /UNSUPPORTED|HTTP 40[05]/.test(error.message));
    if (!refused) throw error;
    throw new ConfigurationError(
      `registry ${client.registry} does not let imagegate list its repositories (${error.message}); ` +
        'name them with --repository NAME (repeatable) or in the policy under rescan.repositories',
      undefined,
      { cause: error },
    );
  }
}
