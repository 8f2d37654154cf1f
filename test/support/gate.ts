/**
 * The one gate for tests that need something the machine may lack (a Docker daemon, docker-registry, jq, the
 * shared corpus, an official schema): without it they skip locally, naming the reason, and fail under CI=true,
 * where a missing part means a broken set-up (.ci/run installs everything) rather than a reason to pass.
 */

type Body = () => void;
type TestFn = () => unknown;

const inCI = (): boolean => process.env.CI === 'true';

/** `describe` when `condition` holds; otherwise skipped with `reason` locally, one failing test under CI=true. */
export function describeWhen(condition: unknown, reason: string): (name: string, body: Body) => void {
  return (name, body) => {
    if (condition) describe(name, body);
    else if (inCI()) describe(name, () => test(`needs what it lacks: ${reason}`, () => missing(reason)));
    else describe.skip(`${name} (${reason})`, body);
  };
}

/** The same gate for a single test. */
export function testWhen(condition: unknown, reason: string): (name: string, fn: TestFn, timeout?: number) => void {
  return (name, fn, timeout) => {
    if (condition) test(name, fn as () => Promise<unknown>, timeout);
    else if (inCI()) test(name, () => missing(reason));
    else test.skip(`${name} (${reason})`, fn as () => Promise<unknown>, timeout);
  };
}

function missing(reason: string): never {
  throw new Error(`CI=true but ${reason}: .ci/run must provide it`);
}
