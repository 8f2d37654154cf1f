import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RE2JS } from 're2js';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { cliOptionName, parseCliArgs, type CliCommand } from '../../src/cli/cli-args.js';
import { resolveRunConfig } from '../../src/config/resolve.js';
import { CODE_QUALITY_FILE_NAME } from '../../src/report/gitlab-code-quality.js';
import { CONTAINER_SCANNING_FILE_NAME } from '../../src/report/gitlab-container-scanning.js';
import { GITLAB_SBOM_FILE_NAME } from '../../src/gitlab/gitlab-sbom.js';
import { JUNIT_FILE_NAME } from '../../src/report/junit.js';
import { VERSION } from '../../src/version.js';
import { tempDir } from '../support/temp.js';
import { shellWords } from './shell-words.js';

/**
 * The GitLab CI/CD component and the classic include template: they parse, every input and variable they use is
 * defined, every `imagegate` command they run is one the CLI accepts (and resolves, against a checkout with a
 * Dockerfile), and the report paths GitLab reads are the files `--gitlab` writes.
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const componentText = readFileSync(path.join(repoRoot, 'templates', 'imagegate', 'template.yml'), 'utf8');
const classicText = readFileSync(path.join(repoRoot, 'templates', 'Imagegate.gitlab-ci.yml'), 'utf8');

/**
 * GitLab's predefined variables the templates may use (docs.gitlab.com/ci/variables/predefined_variables), with
 * sample values as a merge request pipeline would have them. Anything else must be defined in the template.
 */
const PREDEFINED: Record<string, string> = {
  CI_PIPELINE_SOURCE: 'merge_request_event',
  CI_COMMIT_BRANCH: 'feature/x',
  CI_DEFAULT_BRANCH: 'main',
  CI_PROJECT_DIR: '/builds/acme/api',
  CI_PROJECT_PATH_SLUG: 'acme-api',
  CI_SERVER_FQDN: 'gitlab.example.com',
  CI_MERGE_REQUEST_IID: '17',
  CI_API_V4_URL: 'https://gitlab.example.com/api/v4',
  CI_PROJECT_ID: '4242',
  CI_JOB_TOKEN: 'job-token',
  CI_MERGE_REQUEST_DIFF_BASE_SHA: '0123456789abcdef0123456789abcdef01234567',
  CI_COMMIT_REF_PROTECTED: 'false',
};

/** The component's image input is required: the tests give it as a user must. */
const IMAGE = 'registry.gitlab.example.com/tools/imagegate:1.2.3';

const INPUT_REFERENCE = /\$\[\[\s*inputs\.([A-Za-z0-9_-]+)\s*\]\]/g;
const ANY_INTERPOLATION = /\$\[\[(.*?)\]\]/g;
/** `$NAME` or `${NAME}`, not `$$` (GitLab's escape) and not `$[[` (inputs). */
const VARIABLE_REFERENCE = /(?<!\$)\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g;

interface InputSpec {
  default?: unknown;
  description?: string;
  type?: string;
  regex?: string;
  options?: unknown[];
}

interface Job {
  stage: string;
  image: { name: string; entrypoint: string[] };
  services: Array<{ name: string; alias: string }>;
  variables: Record<string, string>;
  rules: Array<{ if: string }>;
  allow_failure?: unknown;
  extends?: string[];
  tags?: unknown;
  cache: { key: string; paths: string[]; when?: string };
  script: string[];
  artifacts: {
    when: string;
    expire_in?: string;
    paths: string[];
    reports: { container_scanning: string; codequality: string; junit: string; cyclonedx: string };
  };
}

/** Header and body of the component, as GitLab reads them: two YAML documents. */
function component(): { inputs: Record<string, InputSpec>; body: string } {
  const documents = parseAllDocuments(componentText);
  expect(Array.isArray(documents)).toBe(true);
  const list = documents as ReturnType<typeof parseAllDocuments> & unknown[];
  expect(list).toHaveLength(2);
  for (const document of list) expect(document.errors).toEqual([]);
  const header = list[0]!.toJS() as { spec: { inputs: Record<string, InputSpec> } };
  expect(Object.keys(header)).toEqual(['spec']);
  const separator = componentText.search(/^---$/m);
  expect(separator).toBeGreaterThan(0);
  return { inputs: header.spec.inputs, body: componentText.slice(separator + 4) };
}

/** The component's body with inputs replaced, as GitLab interpolates them: a boolean stays a YAML boolean. */
function interpolate(body: string, values: Record<string, unknown>): string {
  return body.replace(INPUT_REFERENCE, (_, name: string) => {
    if (!(name in values)) throw new Error(`no value for input ${name}`);
    // An array input interpolates as a YAML (flow) sequence.
    return Array.isArray(values[name]) ? JSON.stringify(values[name]) : String(values[name]);
  });
}

function defaults(inputs: Record<string, InputSpec>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(inputs).map(([name, spec]) => [name, name === 'image' ? IMAGE : spec.default]),
  );
}

/**
 * The one job of a template, with its `extends` merged as GitLab merges them (hashes deep, the job's own keys
 * last); hidden jobs (`.name`) are only templates for it.
 */
function onlyJob(document: Record<string, unknown>): [string, Job] {
  const entries = Object.entries(document).filter(([name]) => !name.startsWith('.'));
  expect(entries).toHaveLength(1);
  const [name, job] = entries[0] as [string, Job];
  let merged: Record<string, unknown> = {};
  for (const parent of job.extends ?? []) {
    const hidden = document[parent] as Record<string, unknown> | undefined;
    if (!hidden) throw new Error(`extends: no hidden job ${parent}`);
    merged = deepMerge(merged, hidden);
  }
  const { extends: _extends, ...own } = job;
  return [name, deepMerge(merged, own as Record<string, unknown>) as unknown as Job];
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    const isHash = (v: unknown): v is Record<string, unknown> =>
      typeof v === 'object' && v !== null && !Array.isArray(v);
    out[key] = isHash(current) && isHash(value) ? deepMerge(current, value) : value;
  }
  return out;
}

/** Variables a job's shell sees: predefined ones, then the job's own (which may refer to them), expanded. */
function jobVariables(job: Job): Record<string, string> {
  const variables: Record<string, string> = { ...PREDEFINED };
  for (const [name, value] of Object.entries(job.variables)) {
    variables[name] = String(value).replace(VARIABLE_REFERENCE, (_, braced?: string, plain?: string) => {
      const ref = (braced ?? plain)!;
      if (variables[ref] === undefined) throw new Error(`${name} refers to undefined $${ref}`);
      return variables[ref]!;
    });
  }
  return variables;
}

function imagegateCommands(job: Job): CliCommand[] {
  const variables = jobVariables(job);
  const lines = job.script.filter((line) => /^\s*imagegate\b/.test(line));
  expect(lines.length).toBe(job.script.length);
  return lines.map((line) => {
    const [program, ...args] = shellWords(line, variables);
    expect(program).toBe('imagegate');
    return parseCliArgs(args);
  });
}

function checkCommand(job: Job): Extract<CliCommand, { name: 'check' }> {
  const commands = imagegateCommands(job);
  expect(commands.map((command) => command.name)).toEqual(['version', 'check']);
  return commands[1] as Extract<CliCommand, { name: 'check' }>;
}

/** Every `$VAR` anywhere in the job (rules, image, services, variables, script) is predefined or the job's own. */
function undefinedVariables(job: Job): string[] {
  const defined = new Set([...Object.keys(PREDEFINED), ...Object.keys(job.variables)]);
  const used = [...JSON.stringify(job).matchAll(VARIABLE_REFERENCE)].map((match) => (match[1] ?? match[2])!);
  return [...new Set(used)].filter((name) => !defined.has(name));
}

function expectGateJob(job: Job, outDir: string): void {
  expect(job.image.entrypoint).toEqual(['']);
  expect(job.services).toEqual([{ name: 'docker:29-dind', alias: 'docker' }]);
  expect(job.variables).toMatchObject({
    DOCKER_HOST: 'tcp://docker:2376',
    DOCKER_TLS_CERTDIR: '/certs',
    DOCKER_TLS_VERIFY: '1',
    DOCKER_CERT_PATH: '$DOCKER_TLS_CERTDIR/client',
  });
  const conditions = job.rules.map((rule) => rule.if);
  expect(conditions).toEqual([
    '$CI_PIPELINE_SOURCE == "merge_request_event"',
    '$CI_PIPELINE_SOURCE == "schedule"',
    '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH',
    '$CI_COMMIT_BRANCH =~ /^release\\//',
  ]);
  expect(job.artifacts.when).toBe('always');
  expect(job.artifacts.paths).toEqual([`${outDir}/`]);
  expect(job.artifacts.reports).toEqual({
    container_scanning: `${outDir}/${CONTAINER_SCANNING_FILE_NAME}`,
    codequality: `${outDir}/${CODE_QUALITY_FILE_NAME}`,
    junit: `${outDir}/${JUNIT_FILE_NAME}`,
    cyclonedx: `${outDir}/${GITLAB_SBOM_FILE_NAME}`,
  });
  expect(job.cache.paths).toEqual(['.imagegate-cache/']);
  const check = checkCommand(job);
  expect(check.gitlab).toBe(true);
  expect(check.options.outDir).toBe(outDir);
  expect(check.options.trivyCacheDir).toBe('/builds/acme/api/.imagegate-cache/trivy');
}

const checkout = await tempDir('imagegate-templates-');
await writeFile(path.join(checkout, 'Dockerfile'), 'FROM scratch\n');
await mkdir(path.join(checkout, 'services', 'api'), { recursive: true });
await writeFile(path.join(checkout, 'services', 'api', 'Dockerfile.prod'), 'FROM scratch\n');
await writeFile(path.join(checkout, 'compose.yaml'), 'services: {}\n');

/** The check command resolved as the job would run it in a checkout. */
function resolveInCheckout(check: Extract<CliCommand, { name: 'check' }>) {
  return resolveRunConfig(check.options, { cwd: checkout, environment: {}, optionName: cliOptionName });
}

describe('CI/CD component templates/imagegate/template.yml', () => {
  test('a spec header and a body: every input used is declared, every declared input is used', () => {
    const { inputs, body } = component();
    const used = new Set([...body.matchAll(INPUT_REFERENCE)].map((match) => match[1]!));
    expect([...used].sort()).toEqual(Object.keys(inputs).sort());
    // Nothing else in $[[ … ]]: no typo'd or unsupported interpolation slips past the check above.
    for (const match of body.matchAll(ANY_INTERPOLATION)) expect(match[0]).toMatch(INPUT_REFERENCE);
    for (const [name, spec] of Object.entries(inputs)) {
      expect([name, typeof spec.description]).toEqual([name, 'string']);
      // Every input but `image` has a default: a placeholder image would run whatever a registry serves as it.
      expect([name, 'default' in spec]).toEqual([name, name !== 'image']);
      if (spec.regex) expect(String(spec.default)).toMatch(new RegExp(spec.regex));
    }
    expect(inputs['allow-failure']).toMatchObject({ type: 'boolean', default: false });
    expect(inputs.image).not.toHaveProperty('default');
  });

  test('with the defaults: a valid job that gates, reports and runs a command the CLI accepts', () => {
    const { inputs, body } = component();
    const document = parseYaml(interpolate(body, defaults(inputs))) as Record<string, unknown>;
    const [name, job] = onlyJob(document);
    expect(name).toBe('imagegate');
    expect(job.stage).toBe('test');
    expect(job.allow_failure).toBe(false);
    expect(job.image.name).toBe(IMAGE);
    expectGateJob(job, 'imagegate-out');
    expect(undefinedVariables(job)).toEqual([]);
    const check = checkCommand(job);
    expect(check.options).toMatchObject({
      context: '.',
      dockerfile: '',
      policy: '',
      failOn: '',
      tag: 'imagegate-local/acme-api:ci',
    });
    const config = resolveInCheckout(check);
    expect(config.image).toEqual({ kind: 'build', context: checkout, tag: 'imagegate-local/acme-api:ci' });
    expect(config.dockerfile).toBe(path.join(checkout, 'Dockerfile'));
    expect(config.failOn).toBeUndefined();
  });

  test('with every input set: the values reach the job and the command', () => {
    const { inputs, body } = component();
    const values = {
      ...defaults(inputs),
      'job-name': 'gate-api',
      stage: 'security',
      image: 'registry.gitlab.example.com/tools/imagegate:1.2.3',
      context: 'services/api',
      dockerfile: 'services/api/Dockerfile.prod',
      tag: 'registry.gitlab.example.com/acme/api:$CI_PROJECT_PATH_SLUG',
      policy: 'policies/strict.yml',
      'fail-on': 'critical',
      'out-dir': 'reports/api',
      args: '--compose compose.yaml --build-arg VERSION=1 --skip-scan',
      'allow-failure': true,
      'release-branches': '/^(release|hotfix)\\//',
      'artifacts-expire-in': '1 week',
    };
    const [name, job] = onlyJob(parseYaml(interpolate(body, values)) as Record<string, unknown>);
    expect(name).toBe('gate-api');
    expect(job.stage).toBe('security');
    expect(job.allow_failure).toEqual({ exit_codes: [1] });
    expect(job.rules[3]?.if).toBe('$CI_COMMIT_BRANCH =~ /^(release|hotfix)\\//');
    expect(job.artifacts.reports.junit).toBe('reports/api/imagegate-junit.xml');
    expect(undefinedVariables(job)).toEqual([]);
    const check = checkCommand(job);
    expect(check.options).toMatchObject({
      context: 'services/api',
      dockerfile: 'services/api/Dockerfile.prod',
      policy: 'policies/strict.yml',
      failOn: 'critical',
      outDir: 'reports/api',
      tag: 'registry.gitlab.example.com/acme/api:acme-api',
      compose: ['compose.yaml'],
      buildArgs: ['VERSION=1'],
      skipScan: true,
    });
    expect(check.gitlab).toBe(true);
  });

  test('the checks above can fail: an undeclared input, an unknown variable, a flag the CLI does not have', () => {
    const { inputs, body } = component();
    expect(() => interpolate(`${body}\n# $[[ inputs.nope ]]`, defaults(inputs))).toThrow('no value for input nope');
    const [, job] = onlyJob(parseYaml(interpolate(body, defaults(inputs))) as Record<string, unknown>);
    expect(undefinedVariables({ ...job, script: [...job.script, 'imagegate check --context "$NOT_DEFINED"'] })).toEqual(
      ['NOT_DEFINED'],
    );
    expect(() => checkCommand({ ...job, script: ['imagegate --version', 'imagegate check --gitlabb'] })).toThrow(
      /Unknown option '--gitlabb'/,
    );
    expect(() => checkCommand({ ...job, script: ['imagegate --version', 'imagegate check $(id)'] })).toThrow(
      /unsupported/,
    );
  });
});

describe('classic template templates/Imagegate.gitlab-ci.yml', () => {
  const document = parseYaml(classicText) as Record<string, unknown>;

  test('one job that gates, reports and runs a command the CLI accepts, every variable defined', () => {
    const [name, job] = onlyJob(document);
    expect(name).toBe('imagegate');
    expect(job.image.name).toBe('$IMAGEGATE_IMAGE');
    expect(job.variables.IMAGEGATE_IMAGE).toBe(`registry.example.com/imagegate/imagegate:${VERSION}`);
    expect(job.services[0]?.name).toBe('$IMAGEGATE_DIND_IMAGE');
    expectGateJob(
      {
        ...job,
        image: { ...job.image, name: job.variables.IMAGEGATE_IMAGE! },
        services: [{ name: job.variables.IMAGEGATE_DIND_IMAGE!, alias: job.services[0]!.alias }],
      },
      'imagegate-out',
    );
    expect(undefinedVariables(job)).toEqual([]);
    const config = resolveInCheckout(checkCommand(job));
    expect(config.image).toMatchObject({ kind: 'build', tag: 'imagegate-local/acme-api:ci' });
  });

  test('the variables a user sets reach the command', () => {
    const [, job] = onlyJob(document);
    const custom: Job = {
      ...job,
      variables: {
        ...job.variables,
        IMAGEGATE_CONTEXT: 'services/api',
        IMAGEGATE_DOCKERFILE: 'services/api/Dockerfile.prod',
        IMAGEGATE_FAIL_ON: 'medium',
        IMAGEGATE_ARGS: '--compose compose.yaml  --platform linux/arm64',
      },
    };
    const check = checkCommand(custom);
    expect(check.options).toMatchObject({
      context: 'services/api',
      dockerfile: 'services/api/Dockerfile.prod',
      failOn: 'medium',
      compose: ['compose.yaml'],
      platform: 'linux/arm64',
    });
    const config = resolveInCheckout(check);
    expect(config.failOn).toBe('medium');
    expect(config.dockerfile).toBe(path.join(checkout, 'services', 'api', 'Dockerfile.prod'));
  });
});

describe('the templates cannot be weakened by the change they gate (issue 10, items 13–15)', () => {
  const classic = () => onlyJob(parseYaml(classicText) as Record<string, unknown>)[1];
  const componentJob = (values: Record<string, unknown> = {}) => {
    const { inputs, body } = component();
    return onlyJob(parseYaml(interpolate(body, { ...defaults(inputs), ...values })) as Record<string, unknown>)[1];
  };

  test('the Trivy DB cache is keyed per protection level and saved only on success', () => {
    for (const job of [componentJob(), classic()]) {
      expect(job.cache.key).toBe('imagegate-trivy-db-protected-$CI_COMMIT_REF_PROTECTED');
      expect(job.cache.when).toBe('on_success');
    }
  });

  test('on a merge request the diff base commit decides the policy, from a full clone', () => {
    for (const job of [componentJob(), classic()]) {
      expect(job.variables.GIT_DEPTH).toBe('0');
      const check = checkCommand(job);
      expect(check.options.policyRef).toBe(PREDEFINED.CI_MERGE_REQUEST_DIFF_BASE_SHA);
    }
    // Outside a merge request the variable is empty: the checked-out policy decides.
    const job = componentJob();
    const onBranch = checkCommand({ ...job, variables: { ...job.variables, IMAGEGATE_POLICY_REF: '' } });
    expect(onBranch.options.policyRef).toBe('');
    expect(resolveInCheckout(onBranch).policyRef).toBeUndefined();
    expect(checkCommand(componentJob({ 'policy-source': 'head' })).options.policyRef).toBe('');
  });

  test('allow-failure allows exit code 1 only; tags route the privileged job; artifacts expire', () => {
    expect(componentJob().allow_failure).toBe(false);
    expect(componentJob({ 'allow-failure': true }).allow_failure).toEqual({ exit_codes: [1] });
    expect(componentJob().tags).toEqual([]);
    expect(componentJob({ tags: ['imagegate-dind'] }).tags).toEqual(['imagegate-dind']);
    const { inputs } = component();
    expect(inputs.tags).toMatchObject({ type: 'array', default: [] });
    expect(inputs['policy-source']).toMatchObject({ default: 'base', options: ['base', 'head'] });
    expect(componentJob().artifacts).toMatchObject({ expire_in: '30 days' });
    expect(classic().artifacts).toMatchObject({ expire_in: '30 days' });
  });
});

describe('compose files only (issue 13 item 8): the templates accept no image, only compose files', () => {
  test('the component with `context` empty and `--compose` in args runs a compose-only check', () => {
    const { inputs, body } = component();
    const values = { ...defaults(inputs), context: '', args: '--compose compose.yaml' };
    const [, job] = onlyJob(parseYaml(interpolate(body, values)) as Record<string, unknown>);
    expectGateJob(job, 'imagegate-out');
    const check = checkCommand(job);
    expect(check.options).toMatchObject({ context: '', compose: ['compose.yaml'] });
    const config = resolveInCheckout(check);
    expect(config.image).toEqual({ kind: 'none' });
    expect(config.scan).toEqual({ kind: 'skip' });
    expect(config.compose.files).toEqual([path.join(checkout, 'compose.yaml')]);
    // Without --compose an empty context is still a mistake the job reports (exit 2), not a silent pass.
    const [, bare] = onlyJob(parseYaml(interpolate(body, { ...values, args: '' })) as Record<string, unknown>);
    expect(() => resolveInCheckout(checkCommand(bare))).toThrow('or --compose alone to check compose files only');
  });

  test('the classic template with IMAGEGATE_CONTEXT empty and --compose in IMAGEGATE_ARGS', () => {
    const [, job] = onlyJob(parseYaml(classicText) as Record<string, unknown>);
    const custom: Job = {
      ...job,
      variables: { ...job.variables, IMAGEGATE_CONTEXT: '', IMAGEGATE_ARGS: '--compose compose.yaml' },
    };
    expect(resolveInCheckout(checkCommand(custom)).image).toEqual({ kind: 'none' });
  });
});

describe('the SBOM for GitLab (issue 14 item 3): artifacts:reports:cyclonedx', () => {
  const componentJob = (values: Record<string, unknown> = {}) => {
    const { inputs, body } = component();
    return onlyJob(parseYaml(interpolate(body, { ...defaults(inputs), ...values })) as Record<string, unknown>)[1];
  };
  const checkArgs = (job: Job) => {
    const line = job.script.find((entry) => /^\s*imagegate check\b/.test(entry))!;
    return shellWords(line, jobVariables(job));
  };

  test('the component input `sbom` (none by default) adds --sbom; GitLab reads the gl-sbom-* copy of the CycloneDX one', () => {
    const { inputs } = component();
    expect(inputs.sbom).toMatchObject({ default: '' });
    const off = componentJob();
    const offArgs = checkArgs(off);
    expect(offArgs[offArgs.indexOf('--sbom') + 1]).toBe('');
    // An empty value asks for no SBOM (resolve skips empty entries).
    expect(checkCommand(off).options.sbom).toEqual(['']);
    const on = componentJob({ sbom: 'cyclonedx', 'out-dir': 'reports/api' });
    const args = checkArgs(on);
    expect(args.slice(args.indexOf('--sbom'), args.indexOf('--sbom') + 2)).toEqual(['--sbom', 'cyclonedx']);
    expect(checkCommand(on).options.sbom).toEqual(['cyclonedx']);
    expect(args).toContain('--gitlab');
    expect(undefinedVariables(on)).toEqual([]);
    expect(on.artifacts.reports.cyclonedx).toBe('reports/api/gl-sbom-imagegate.cdx.json');
    // GitLab's SBOM ingestion reads files named like its analyzers' (gl-sbom-*.cdx.json).
    expect(GITLAB_SBOM_FILE_NAME).toMatch(/^gl-sbom-[^/]*\.cdx\.json$/);
  });

  test('the classic template lists the same report', () => {
    const [, job] = onlyJob(parseYaml(classicText) as Record<string, unknown>);
    expect(job.artifacts.reports.cyclonedx).toBe(`imagegate-out/${GITLAB_SBOM_FILE_NAME}`);
  });
});

describe('exploit-priority feeds (issue 18): kev-file, epss-file, kev-url, epss-url', () => {
  const componentJob = (values: Record<string, unknown> = {}) => {
    const { inputs, body } = component();
    return onlyJob(parseYaml(interpolate(body, { ...defaults(inputs), ...values })) as Record<string, unknown>)[1];
  };

  test('empty by default: the flags are passed empty and resolve to no feed options (download only when the policy asks)', () => {
    const { inputs } = component();
    for (const name of ['kev-file', 'epss-file', 'kev-url', 'epss-url']) {
      expect([name, inputs[name]?.default]).toEqual([name, '']);
    }
    const check = checkCommand(componentJob());
    expect(check.options).toMatchObject({ kevFile: '', epssFile: '', kevUrls: [''], epssUrls: [''] });
    expect(resolveInCheckout(check).feeds).toBeUndefined();
  });

  test('set: the component passes each value to its flag, and resolve reads them', async () => {
    await mkdir(path.join(checkout, 'feeds'), { recursive: true });
    await writeFile(path.join(checkout, 'feeds', 'kev.json'), '{}');
    await writeFile(path.join(checkout, 'feeds', 'epss.csv.gz'), '');
    const job = componentJob({
      'kev-file': 'feeds/kev.json',
      'epss-file': 'feeds/epss.csv.gz',
      'kev-url': 'https://mirror.example/kev.json',
      'epss-url': 'https://mirror.example/epss.csv.gz',
    });
    expect(undefinedVariables(job)).toEqual([]);
    const config = resolveInCheckout(checkCommand(job));
    expect(config.feeds).toEqual({
      kevFile: path.join(checkout, 'feeds', 'kev.json'),
      epssFile: path.join(checkout, 'feeds', 'epss.csv.gz'),
      kevUrls: ['https://mirror.example/kev.json'],
      epssUrls: ['https://mirror.example/epss.csv.gz'],
    });
  });

  test("the URL inputs' regex refuses what the CLI refuses (credentials, query, fragment) and what would break the shell quoting", () => {
    const { inputs } = component();
    for (const name of ['kev-url', 'epss-url']) {
      const regex = new RegExp(inputs[name]!.regex!);
      expect(regex.test('')).toBe(true);
      expect(regex.test('https://mirror.example/feeds/kev.json')).toBe(true);
      for (const bad of [
        'https://user:token@mirror.example/kev.json',
        'https://mirror.example/kev.json?token=x',
        'https://mirror.example/kev.json#x',
        'https://mirror.example/"$(id)"',
        'https://mirror.example/a b',
        'ftp://mirror.example/kev.json',
      ]) {
        expect([name, bad, regex.test(bad)]).toEqual([name, bad, false]);
      }
    }
  });

  // GitLab checks `regex` with RE2 (Gitlab::UntrustedRegexp): each pattern must compile there too, not only in JS.
  test.each(['kev-file', 'epss-file', 'offline-bundle'])(
    "the path input %s's regex takes a path without .. (absolute too: a runner's mount), and refuses shell quoting breakers",
    (name) => {
      const { inputs } = component();
      const source = inputs[name]!.regex!;
      expect(source).toBeDefined();
      const re2 = RE2JS.compile(source);
      const regex = new RegExp(source);
      const matches = (value: string) => [regex.test(value), re2.matches(value)];
      for (const good of [
        '',
        'feeds/kev.json',
        'known_exploited_vulnerabilities.json',
        'feeds/epss_scores-2026-12-07.csv.gz',
        './feeds/kev.json',
        '.imagegate-cache/bundle/',
        'air-gap/bundle',
        '/bundle',
        '/mnt/feeds/kev.json',
      ]) {
        expect([name, good, matches(good)]).toEqual([name, good, [true, true]]);
      }
      for (const bad of [
        '../x',
        '/../x',
        '/',
        '//x',
        'feeds/../../x',
        'feeds/..',
        '..',
        'feeds//kev.json',
        'feeds/"$(id)".json',
        'feeds/`id`',
        'feeds/$HOME',
        'feeds/a b.json',
        'feeds\\kev.json',
        'feeds/kev.json\n--offline',
        "feeds/it's.json",
      ]) {
        expect([name, bad, matches(bad)]).toEqual([name, bad, [false, false]]);
      }
    },
  );

  test('the classic template has the same four, as IMAGEGATE_* variables, empty by default', () => {
    const [, job] = onlyJob(parseYaml(classicText) as Record<string, unknown>);
    expect(job.variables).toMatchObject({
      IMAGEGATE_KEV_FILE: '',
      IMAGEGATE_EPSS_FILE: '',
      IMAGEGATE_KEV_URL: '',
      IMAGEGATE_EPSS_URL: '',
    });
    const check = checkCommand(job);
    expect(check.options).toMatchObject({ kevFile: '', epssFile: '', kevUrls: [''], epssUrls: [''] });
    const set = {
      ...job,
      variables: {
        ...job.variables,
        IMAGEGATE_KEV_URL: 'https://mirror.example/kev.json',
        IMAGEGATE_EPSS_FILE: 'f.csv',
      },
    };
    expect(checkCommand(set).options).toMatchObject({
      kevUrls: ['https://mirror.example/kev.json'],
      epssFile: 'f.csv',
    });
  });
});
