import { parse as parseYaml } from 'yaml';
import type { RescanPlanArgs } from '../../src/rescan/rescan-args.js';
import type { RescanPlan } from '../../src/rescan/types.js';
import type { CacheEntry, Job, Pipeline } from './support/gitlab-rescan-checks.js';
import {
  CLASSIC,
  COMPONENT,
  IMAGE,
  INPUT_REFERENCE,
  OPT_IN,
  PREDEFINED,
  argvs,
  caches,
  childFor,
  childProblems,
  component,
  credentialProblems,
  defaults,
  environment,
  imagegate,
  interpolate,
  jobsOf,
  parentOf,
  parentProblems,
  read,
  samplePlan,
} from './support/gitlab-rescan-checks.js';

/**
 * The GitLab side of scheduled re-scans: the CI/CD component templates/imagegate-rescan/template.yml and the classic
 * template templates/Imagegate-Rescan.gitlab-ci.yml (a plan job on opted-in schedules, a trigger job running the
 * child pipeline the plan generates), and that child pipeline as src/rescan/gitlab-child-pipeline.ts writes it for
 * the plan job's own options: every imagegate command parses with the CLI's parser, every variable is defined, and
 * the jobs hand each other the right files (plan.json through needs:pipeline, the ledger through one cache key).
 */

const PLANS: Array<[string, RescanPlan]> = [
  ['7 images, one job each', samplePlan(7)],
  ['12 images in 5 shards', samplePlan(12, 5)],
  ['230 shards: two parallel jobs', samplePlan(230, 230)],
  ['nothing to scan', samplePlan(0)],
];

describe(`CI/CD component ${COMPONENT}`, () => {
  test('every input used is declared and described, every declared input used', () => {
    const { inputs, body } = component();
    const used = new Set([...body.matchAll(INPUT_REFERENCE)].map((match) => match[1]!));
    expect([...used].sort()).toEqual(Object.keys(inputs).sort());
    for (const [name, spec] of Object.entries(inputs)) {
      // Every input but `image` has a default: a placeholder image would run whatever a registry serves as it.
      expect([name, typeof spec.description, 'default' in spec]).toEqual([name, 'string', name !== 'image']);
    }
    expect(inputs.image).not.toHaveProperty('default');
    const { image: _required, ...withoutImage } = defaults(inputs);
    expect(() => interpolate(body, withoutImage)).toThrow('no value for input image');
  });

  test('with the defaults: a plan job and a trigger job that fit together', () => {
    const { inputs, body } = component();
    const parent = parentOf(parseYaml(interpolate(body, defaults(inputs))) as Pipeline);
    expect(parent.planJob).toBe('imagegate-rescan-plan');
    expect(parent.plan).toMatchObject({ registry: PREDEFINED.CI_REGISTRY, policy: '.imagegate.yml', repositories: [] });
    expect([parent.image, parent.plan.gitlabImage]).toEqual([IMAGE, IMAGE]);
    expect(parent.triggerVariables).toEqual({ PARENT_PIPELINE_ID: '9001', IMAGEGATE_RESCAN_RUN_ARGS: '' });
  });

  test('with inputs set: the values reach the plan command and the child pipeline', () => {
    const { inputs, body } = component();
    const values = {
      ...defaults(inputs),
      stage: 'security',
      image: 'registry.gitlab.example.com/tools/imagegate:1.2.3',
      registry: 'https://registry.example.com:5000',
      policy: 'policies/rescan.yml',
      args: '--repository acme/api --tags latest:3/minor --tags regex:rc-.+ --shards 20',
      'run-args': '--fail-on any --scanners vuln,secret',
    };
    const pipeline = parseYaml(interpolate(body, values)) as Pipeline;
    const parent = parentOf(pipeline);
    expect(Object.values(jobsOf(pipeline)).map((job) => job.stage)).toEqual(['security', 'security']);
    expect(parent.plan).toMatchObject({
      registry: 'https://registry.example.com:5000',
      policy: 'policies/rescan.yml',
      repositories: ['acme/api'],
      tagRules: ['latest:3/minor', 'regex:rc-.+'],
      shards: 20,
      gitlabImage: 'registry.gitlab.example.com/tools/imagegate:1.2.3',
    });
    const plan = samplePlan(12, 5);
    const child = childFor(parent, plan);
    expect(childProblems(child, parent, plan)).toEqual([]);
    // The run options reach every shard's command through the variable the trigger forwards.
    const [name, job] = Object.entries(jobsOf(child)).find(([, entry]) => entry.parallel) as [string, Job];
    const variables = environment(job, {
      ...(child.variables as Record<string, string>),
      ...parent.triggerVariables,
      SHARD: '1/5',
    });
    const run = imagegate(argvs(job, variables)[0] ?? []);
    expect([
      name,
      run.name === 'rescan-run' && run.args.failOn,
      run.name === 'rescan-run' && run.args.scanners,
    ]).toEqual([name, 'any', 'vuln,secret']);
  });

  test.each(PLANS)('the child pipeline the plan job generates fits: %s', (_, plan) => {
    const { inputs, body } = component();
    const parent = parentOf(parseYaml(interpolate(body, defaults(inputs))) as Pipeline);
    expect(childProblems(childFor(parent, plan), parent, plan)).toEqual([]);
  });
});

describe(`classic template ${CLASSIC}`, () => {
  const pipeline = parseYaml(read(CLASSIC)) as Pipeline;

  test('a plan job and a trigger job that fit together, every variable defined', () => {
    const parent = parentOf(pipeline);
    expect(parent.planJob).toBe('imagegate-rescan-plan');
    expect(parent.plan).toMatchObject({ registry: PREDEFINED.CI_REGISTRY, policy: '.imagegate.yml', tagRules: [] });
  });

  test('the variables a user sets reach the plan command', () => {
    const jobs = jobsOf(pipeline);
    const plan = jobs['imagegate-rescan-plan'] as Job;
    const custom: Pipeline = {
      ...jobs,
      'imagegate-rescan-plan': {
        ...plan,
        variables: {
          ...plan.variables,
          IMAGEGATE_RESCAN_ARGS: '--repository acme/api  --tags semver:^2 --concurrency 4',
        },
      },
    };
    expect(parentOf(custom).plan).toMatchObject({
      repositories: ['acme/api'],
      tagRules: ['semver:^2'],
      concurrency: 4,
    });
  });

  test.each(PLANS)('the child pipeline the plan job generates fits: %s', (_, plan) => {
    const parent = parentOf(pipeline);
    expect(childProblems(childFor(parent, plan), parent, plan)).toEqual([]);
  });
});

test('the child pipeline gives every shard job registry credentials from its own job token', () => {
  const { inputs, body } = component();
  const parent = parentOf(parseYaml(interpolate(body, defaults(inputs))) as Pipeline);
  expect(credentialProblems(childFor(parent, samplePlan(7)))).toEqual([]);
});

describe('the checks can fail', () => {
  const { inputs, body } = component();
  const good = () => parseYaml(interpolate(body, defaults(inputs))) as Pipeline;
  const plan = samplePlan(7, 3);

  test('parent: rules without the opt-in, a trigger that does not wait, a plan job reading another ledger', () => {
    const pipeline = good();
    const jobs = jobsOf(pipeline);
    (jobs['imagegate-rescan'] as Job).rules = [{ if: '$CI_PIPELINE_SOURCE == "schedule"' }];
    delete (jobs['imagegate-rescan'] as Job).trigger?.strategy;
    const planJob = jobs['imagegate-rescan-plan'] as Job;
    planJob.script = planJob.script?.map((line) => line.replace('imagegate-ledger/ledger.json', 'other/ledger.json'));
    expect(parentProblems(pipeline).problems).toEqual([
      'rules: $CI_PIPELINE_SOURCE == "schedule"',
      'runs without opt-in',
      'plan and trigger rules differ',
      'ledger cache path',
      'artifacts lack other/',
      'the trigger does not wait for the child pipeline',
    ]);
    expect(() => interpolate(`${body}\n# $[[ inputs.nope ]]`, defaults(inputs))).toThrow('no value for input nope');
  });

  test('child: a plan job of another name, a lost ledger, a merge that runs only on success', () => {
    const parent = parentOf(good());
    const child = childFor({ ...parent, planJob: 'plan' }, plan);
    const merge = jobsOf(child)['rescan-merge'] as Job;
    delete merge.when;
    (caches(merge)[0] as CacheEntry).key = 'ledger';
    expect(childProblems(child, parent, plan)).toEqual([
      'rescan: no plan.json',
      'merge is skipped when a shard fails',
      'merge: ledger cache path',
      'merge: the ledger is not saved',
    ]);
    const withoutLedger = childFor({ ...parent, plan: { ...parent.plan, ledger: undefined } as RescanPlanArgs }, plan);
    expect(childProblems(withoutLedger, parent, plan)).toContain('no merge job');
  });
});

test('the Scheduled re-scans page (docs/rescan.md, linked from the README) describes both templates', () => {
  expect(read('README.md')).toContain('](docs/rescan.md)');
  const section = read('docs/rescan.md');
  expect(section.startsWith('# Scheduled re-scans\n')).toBe(true);
  for (const file of [COMPONENT, CLASSIC]) expect(section).toContain(`](../${file})`);
  expect(section).toContain(OPT_IN);
});
