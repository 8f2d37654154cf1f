/**
 * The values of `--pull` / input `pull`, apart from the code that pulls (pull-policy.ts): configuration checks them
 * at start-up, and importing them must not load the image readers, docker and execa (issue 17: start-up).
 */
export const PULL_POLICIES = ['never', 'missing', 'always'] as const;
export type PullPolicy = (typeof PULL_POLICIES)[number];
