import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { actionPolicyRef } from '../../src/action/policy-source.js';
import { ConfigurationError, ToolError } from '../../src/util/errors.js';
import { ConsoleLogger } from '../../src/util/logger.js';
import { rejection } from '../support/rejection.js';
import { git } from '../support/git.js';
import { tempDir } from '../support/temp.js';
import { pullRequestPayload, pushPayload } from '../github/support/payloads.js';

/** The Action's `policy-source`: the base commit on pull requests, fetched into a shallow checkout when missing. */

const work = await tempDir('imagegate-policy-source-');
const logged: string[] = [];
const logger = new ConsoleLogger({ write: (line) => logged.push(line) });

/** An origin with a base and a head commit, and a one-commit clone of the head, as actions/checkout makes. */
async function shallowCheckout(name: string): Promise<{ checkout: string; origin: string; base: string }> {
  const origin = path.join(work, `${name}-origin`);
  await mkdir(origin, { recursive: true });
  git(origin, 'init', '-q', '-b', 'main');
  await writeFile(path.join(origin, '.imagegate.yml'), 'version: 1\n');
  git(origin, 'add', '-A');
  git(origin, 'commit', '-q', '-m', 'base');
  const base = git(origin, 'rev-parse', 'HEAD');
  await writeFile(path.join(origin, '.imagegate.yml'), 'version: 1\ngate: { failOn: never }\n');
  git(origin, 'commit', '-q', '-am', 'head');
  const checkout = path.join(work, `${name}-checkout`);
  git(work, 'clone', '-q', '--depth=1', `file://${origin}`, checkout);
  return { checkout, origin, base };
}

async function eventEnv(event: string, payload: unknown): Promise<Record<string, string>> {
  const file = path.join(work, `${event}-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, JSON.stringify(payload));
  return { GITHUB_EVENT_NAME: event, GITHUB_EVENT_PATH: file, GITHUB_REPOSITORY: 'Codertocat/Hello-World' };
}

function prPayload(baseSha: string) {
  const payload = pullRequestPayload('opened');
  payload.pull_request.base.sha = baseSha;
  return payload;
}

test('pull_request: defaults to the base commit, fetched into the shallow checkout', async () => {
  const { checkout, base } = await shallowCheckout('fetch');
  expect(() => git(checkout, 'cat-file', '-e', `${base}^{commit}`)).toThrow();
  const env = await eventEnv('pull_request', prPayload(base));
  expect(await actionPolicyRef(undefined, checkout, env, logger)).toBe(base);
  expect(git(checkout, 'cat-file', '-t', base)).toBe('commit');
});

test('a base commit that cannot be fetched is exit 3 with the fetch-depth advice, not the head policy', async () => {
  const { checkout } = await shallowCheckout('nofetch');
  const env = await eventEnv('pull_request_target', prPayload('f'.repeat(40)));
  const error = await rejection(actionPolicyRef('base', checkout, env, logger));
  expect(error).toBeInstanceOf(ToolError);
  expect(error.message).toContain(`the pull request's base commit ${'f'.repeat(40)} is not in the checkout`);
  expect(error.message).toContain('`fetch-depth: 0`');
});

test('policy-source: head on a pull request uses the working tree and warns', async () => {
  const { checkout, base } = await shallowCheckout('head');
  const env = await eventEnv('pull_request', prPayload(base));
  logged.length = 0;
  expect(await actionPolicyRef('head', checkout, env, logger)).toBeUndefined();
  expect(logged.join('\n')).toContain("this pull request's own policy file decides its gate");
});

test('push: the head (the branch itself) decides; base is a configuration error there', async () => {
  const { checkout } = await shallowCheckout('push');
  const env = await eventEnv('push', pushPayload('refs/heads/release/1.2'));
  expect(await actionPolicyRef(undefined, checkout, env, logger)).toBeUndefined();
  const error = await rejection(actionPolicyRef('base', checkout, env, logger));
  expect(error).toBeInstanceOf(ConfigurationError);
  expect(error.message).toContain("input 'policy-source' base: the push event has no pull request base");
  const bad = await rejection(actionPolicyRef('main', checkout, env, logger));
  expect(bad.message).toBe("input 'policy-source' 'main': expected base or head");
});
