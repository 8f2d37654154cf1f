import { ConfigurationError, formatPosition, type SourcePosition } from '../util/errors.js';

/** One thing wrong with a policy file, collected so a file's problems are reported together. */
export interface PolicyProblem {
  message: string;
  position: SourcePosition;
}

/**
 * Every problem of a policy (its file and the files it extends) in one ConfigurationError: the first problem's
 * position and message lead, the others follow one per line, and `errors` keeps them apart for callers.
 */
export class PolicyError extends ConfigurationError {
  readonly errors: ConfigurationError[];

  constructor(problems: readonly PolicyProblem[]) {
    const [first, ...rest] = problems;
    if (!first) throw new Error('PolicyError needs at least one problem');
    const more = rest.map((problem) => `\n${formatPosition(problem.position)}: ${problem.message}`).join('');
    super(first.message + more, first.position);
    this.name = 'ConfigurationError';
    this.errors = problems.map(toConfigurationError);
  }
}

export function toConfigurationError(problem: PolicyProblem): ConfigurationError {
  return new ConfigurationError(problem.message, problem.position);
}

/** Drops repeats (same place, same message), e.g. when a diamond of `extends` reaches one file twice. */
export function uniqueProblems(problems: readonly PolicyProblem[]): PolicyProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${formatPosition(problem.position)}\u0000${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
