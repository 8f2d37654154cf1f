import { describeWhen, testWhen } from '../support/gate.js';

/**
 * test/support/gate.ts decides what a gated suite becomes; Jest's own describe/test are swapped for recorders while
 * the gate runs, so each outcome can be seen without a real failing test in this suite.
 */

type Call = { kind: string; name: string; fn: () => unknown };

function record(run: () => void, ci: boolean): Call[] {
  const calls: Call[] = [];
  const saved = { describe: globalThis.describe, test: globalThis.test, ci: process.env.CI };
  const recorder = (kind: string) =>
    Object.assign((name: string, fn: () => unknown) => calls.push({ kind, name, fn }), {
      skip: (name: string, fn: () => unknown) => calls.push({ kind: `${kind}.skip`, name, fn }),
    });
  Object.assign(globalThis, { describe: recorder('describe'), test: recorder('test') });
  if (ci) process.env.CI = 'true';
  else delete process.env.CI;
  try {
    run();
  } finally {
    Object.assign(globalThis, { describe: saved.describe, test: saved.test });
    if (saved.ci === undefined) delete process.env.CI;
    else process.env.CI = saved.ci;
  }
  return calls;
}

const body = () => undefined;

test('with what it needs, the suite runs as written', () => {
  expect(record(() => describeWhen(true, 'x is missing')('suite', body), true)).toEqual([
    { kind: 'describe', name: 'suite', fn: body },
  ]);
  expect(record(() => testWhen('/path', 'x is missing')('case', body), false)).toEqual([
    { kind: 'test', name: 'case', fn: body },
  ]);
});

test('without it, locally: skipped, the reason in its name', () => {
  expect(record(() => describeWhen(undefined, 'x is missing')('suite', body), false)).toEqual([
    { kind: 'describe.skip', name: 'suite (x is missing)', fn: body },
  ]);
  expect(record(() => testWhen(false, 'x is missing')('case', body), false)).toEqual([
    { kind: 'test.skip', name: 'case (x is missing)', fn: body },
  ]);
});

test('without it, under CI=true: a test that fails naming the reason', () => {
  const [suite] = record(() => describeWhen(false, 'x is missing')('suite', body), true);
  expect(suite?.kind).toBe('describe');
  const inner = record(() => suite?.fn(), true);
  expect(inner.map((call) => call.kind)).toEqual(['test']);
  expect(() => inner[0]?.fn()).toThrow('CI=true but x is missing: .ci/run must provide it');

  const [single] = record(() => testWhen(false, 'x is missing')('case', body), true);
  expect(single?.kind).toBe('test');
  expect(() => single?.fn()).toThrow('CI=true but x is missing');
});
