import { createRequire } from 'node:module';

/**
 * Real webhook payloads from @octokit/webhooks-examples (GitHub's own examples, as the runner writes them to
 * GITHUB_EVENT_PATH). Where the package has no example, the smallest change to a real one is made and named:
 * a fork PR (no example has head ≠ base: the head repository becomes a fork) and a push to a release branch (the
 * examples push to master and to tags). `schedule` events carry only the cron line.
 */

interface Definition {
  name: string;
  examples: Array<Record<string, unknown>>;
}

const definitions = createRequire(import.meta.url)('@octokit/webhooks-examples') as Definition[];

function example(event: string, predicate: (payload: Record<string, unknown>) => boolean): Record<string, unknown> {
  const found = definitions.find((definition) => definition.name === event)?.examples.find(predicate);
  if (!found) throw new Error(`@octokit/webhooks-examples has no matching ${event} example`);
  return structuredClone(found);
}

export type PullRequestPayload = Record<string, unknown> & {
  number: number;
  pull_request: {
    number: number;
    head: { sha: string; repo: Record<string, unknown> | null };
    base: { sha: string; repo: { full_name: string } };
  };
  repository: { full_name: string };
};

export function pullRequestPayload(action: 'opened' | 'synchronize'): PullRequestPayload {
  return example('pull_request', (payload) => payload.action === action) as PullRequestPayload;
}

/** The real `opened` example with its head moved to a fork of the base repository. */
export function forkPullRequestPayload(): PullRequestPayload {
  const payload = pullRequestPayload('opened');
  const base = payload.repository as unknown as Record<string, unknown> & { owner: Record<string, unknown> };
  payload.pull_request.head.repo = {
    ...structuredClone(base),
    id: 987654321,
    full_name: 'forker/Hello-World',
    fork: true,
    owner: { ...structuredClone(base.owner), login: 'forker', id: 424242 },
  };
  return payload;
}

export type PushPayload = Record<string, unknown> & { ref: string; after: string };

/** The real push to a branch, moved to `ref`. */
export function pushPayload(ref: string): PushPayload {
  const payload = example('push', (entry) => String(entry.ref).startsWith('refs/heads/')) as PushPayload;
  payload.ref = ref;
  return payload;
}

export function schedulePayload(cron = '30 2 * * 1'): Record<string, unknown> {
  return { schedule: cron };
}
