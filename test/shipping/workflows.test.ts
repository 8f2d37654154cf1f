import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isSeq, LineCounter, parse, parseDocument, type Node } from 'yaml';
import { parseCliArgs } from '../../src/cli/cli-args.js';
import { tempDir } from '../support/temp.js';
import { imagegateInvocations } from './support/shell-commands.js';
import { loadWorkflowValidator } from './support/workflow-parser.js';

/**
 * The project's CI and the documented example workflows: valid for GitHub (its own parser), third-party actions
 * pinned by commit SHA, the Action used only with inputs and outputs action.yml declares, and every `imagegate`
 * command in a `run:` step one the CLI accepts.
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The project's own action: pinned by a placeholder SHA in the examples, since no release commit exists yet. */
const OWN_ACTION = 'imagegate/imagegate';

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
interface WorkflowFile {
  file: string;
  text: string;
  jobs: Record<string, { name?: string; steps?: Step[] }>;
  /** Source text of each job, to find the expressions inside it. */
  jobText: Record<string, string>;
  lineOf(pathInDocument: Array<string | number>): number;
}

async function yamlFiles(dir: string): Promise<string[]> {
  const names = await readdir(path.join(repoRoot, dir)).catch(() => [] as string[]);
  return names.filter((name) => /\.ya?ml$/.test(name)).map((name) => path.join(dir, name));
}

const files = [...(await yamlFiles('.github/workflows')), ...(await yamlFiles('docs/workflows'))];
const workflows: WorkflowFile[] = await Promise.all(
  files.map(async (file) => {
    const text = await readFile(path.join(repoRoot, file), 'utf8');
    const lineCounter = new LineCounter();
    const document = parseDocument(text, { lineCounter });
    const jobsNode = document.get('jobs', true);
    const jobText: Record<string, string> = {};
    if (isMap(jobsNode)) {
      for (const pair of jobsNode.items) {
        const range = (pair.value as Node | null)?.range;
        if (range) jobText[String((pair.key as { value: unknown }).value)] = text.slice(range[0], range[1]);
      }
    }
    return {
      file,
      text,
      jobs: (document.toJS() as { jobs: WorkflowFile['jobs'] }).jobs,
      jobText,
      lineOf: (pathInDocument) => {
        const node = document.getIn(pathInDocument, true) as Node | undefined;
        return node?.range ? lineCounter.linePos(node.range[0]).line : 0;
      },
    };
  }),
);

const action = parse(await readFile(path.join(repoRoot, 'action.yml'), 'utf8')) as {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
};
const packageJson = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};

/** Every step of every job, with where it is. */
function steps(): Array<{ workflow: WorkflowFile; job: string; index: number; step: Step; where: string }> {
  return workflows.flatMap((workflow) =>
    Object.entries(workflow.jobs).flatMap(([job, { steps: jobSteps = [] }]) =>
      jobSteps.map((step, index) => ({
        workflow,
        job,
        index,
        step,
        where: `${workflow.file}:${workflow.lineOf(['jobs', job, 'steps', index])}`,
      })),
    ),
  );
}

const parserDir = await tempDir('imagegate-workflow-parser-');
const isOwnAction = (uses: string) => uses === './' || uses.startsWith(`${OWN_ACTION}@`);

test('the CI workflow and the three documented examples are there', () => {
  expect(files.sort()).toEqual(
    [
      '.github/workflows/ci.yml',
      'docs/workflows/pr-check.yml',
      'docs/workflows/release-gate.yml',
      'docs/workflows/scheduled-rescan.yml',
    ].sort(),
  );
});

describe("GitHub's workflow parser", () => {
  let validator: Awaited<ReturnType<typeof loadWorkflowValidator>>;
  beforeAll(async () => {
    validator = await loadWorkflowValidator(parserDir);
  }, 60_000);

  test.each(files)('accepts %s', async (file) => {
    const workflow = workflows.find((entry) => entry.file === file);
    expect(await validator.workflowErrors(file, workflow?.text ?? '')).toEqual([]);
  });

  test('accepts action.yml', async () => {
    expect(validator.actionErrors('action.yml', await readFile(path.join(repoRoot, 'action.yml'), 'utf8'))).toEqual([]);
  });

  test('reports mistakes with their line and column (so an empty list above means something)', async () => {
    const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    stepz:\n      - run: true\n';
    expect(await validator.workflowErrors('broken.yml', broken)).toEqual([
      "broken.yml (Line: 5, Col: 5): Unexpected value 'stepz'",
    ]);
    const needsUnknown =
      'on: push\njobs:\n  a:\n    needs: [b]\n    runs-on: ubuntu-24.04\n    steps:\n      - run: true\n';
    // Only the conversion step sees this one: the schema alone accepts the file.
    expect(await validator.workflowErrors('needs.yml', needsUnknown)).toEqual([
      'needs.yml (Line: 3, Col: 3): The workflow must contain at least one job with no dependencies.',
    ]);
  });
});

describe('pinning', () => {
  const used = steps().flatMap(({ step, where, workflow, job, index }) =>
    step.uses === undefined
      ? []
      : [
          {
            uses: step.uses,
            where,
            line: workflow.text.split('\n')[workflow.lineOf(['jobs', job, 'steps', index, 'uses']) - 1] ?? '',
          },
        ],
  );

  test('every third-party action is pinned to a full commit SHA, with its release in a comment', () => {
    const thirdParty = used.filter(({ uses }) => !isOwnAction(uses));
    expect(thirdParty.length).toBeGreaterThan(10);
    const unpinned = thirdParty.filter(
      ({ uses, line }) => !/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(uses) || !/ # v\d+\.\d+\.\d+$/.test(line),
    );
    expect(unpinned.map(({ uses, where }) => `${where} ${uses}`)).toEqual([]);
  });

  test('one commit per action repository across all files, always with the same release comment', () => {
    const pins = new Map<string, Set<string>>();
    for (const { uses, line } of used.filter(({ uses: ref }) => !isOwnAction(ref))) {
      const [name = '', sha = ''] = uses.split('@');
      const repository = name.split('/').slice(0, 2).join('/');
      const release = / # (v[\d.]+)$/.exec(line)?.[1] ?? '';
      pins.set(repository, (pins.get(repository) ?? new Set()).add(`${sha} ${release}`));
    }
    expect([...pins.keys()].sort()).toEqual([
      'actions/cache',
      'actions/checkout',
      'actions/download-artifact',
      'actions/setup-node',
      'actions/upload-artifact',
      'github/codeql-action',
    ]);
    for (const [repository, shas] of pins) expect([repository, shas.size]).toEqual([repository, 1]);
  });

  test('the project CI runs its own action from the checkout; examples name imagegate/imagegate and say to pin it', () => {
    const own = used.filter(({ uses }) => isOwnAction(uses));
    for (const { uses, where, line } of own) {
      if (where.startsWith('.github/')) expect(uses).toBe('./');
      else {
        // Pinned like every other action: a full commit SHA (a placeholder until a release exists), release comment.
        expect(uses).toMatch(new RegExp(`^${OWN_ACTION}@[0-9a-f]{40}$`));
        expect(line).toMatch(/ # v0\.x\.y: pin to a release commit SHA/);
      }
    }
    expect(own.filter(({ where }) => where.startsWith('.github/'))).toHaveLength(1);
    expect(own.filter(({ where }) => where.startsWith('docs/'))).toHaveLength(2);
  });
});

describe('the Action as the workflows use it', () => {
  const ownSteps = steps().filter(({ step }) => step.uses !== undefined && isOwnAction(step.uses));

  test('every input given to it is declared in action.yml', () => {
    const unknown = ownSteps.flatMap(({ step, where }) =>
      Object.keys(step.with ?? {})
        .filter((input) => !Object.hasOwn(action.inputs, input))
        .map((input) => `${where} ${input}`),
    );
    expect(unknown).toEqual([]);
    expect(ownSteps.every(({ step }) => step.id !== undefined)).toBe(true);
  });

  test('every steps.<id>.outputs.<name> names a step of its job, and for the Action an output of action.yml', () => {
    const problems: string[] = [];
    let actionOutputsUsed = 0;
    for (const workflow of workflows) {
      for (const [job, { steps: jobSteps = [] }] of Object.entries(workflow.jobs)) {
        const ids = new Map(jobSteps.filter((step) => step.id).map((step) => [step.id as string, step]));
        for (const match of (workflow.jobText[job] ?? '').matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
          const [, id = '', output = ''] = match;
          const step = ids.get(id);
          if (!step) problems.push(`${workflow.file} job ${job}: no step with id '${id}'`);
          else if (step.uses !== undefined && isOwnAction(step.uses)) {
            actionOutputsUsed += 1;
            if (!Object.hasOwn(action.outputs, output))
              problems.push(`${workflow.file}: action.yml has no output '${output}'`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
    expect(actionOutputsUsed).toBeGreaterThan(0);
  });

  test("in the project's CI, the files the Action is pointed at exist", () => {
    const local = ownSteps.filter(({ where }) => where.startsWith('.github/'));
    for (const { step } of local) {
      for (const input of ['context', 'dockerfile', 'policy']) {
        const value = step.with?.[input];
        if (typeof value === 'string') expect([input, existsSync(path.join(repoRoot, value))]).toEqual([input, true]);
      }
    }
    expect(local[0]?.step.with?.policy).toBe('policies/imagegate-image.yml');
  });
});

/**
 * Values the CLI checks as it parses them, for a `$NAME` argument whose step sets NAME from the matrix (only known
 * in the job): `--shard "$SHARD"` with `SHARD: ${{ matrix.shard }}` parses as a shard would.
 */
const MATRIX_SAMPLES: Record<string, string> = { shard: '1/2' };
function matrixSample(arg: string, env: Step['env']): string {
  const value = env?.[/^\$([A-Za-z_]\w*)$/.exec(arg)?.[1] ?? ''];
  const field = typeof value === 'string' ? /^\$\{\{\s*matrix\.(\w+)\s*\}\}$/.exec(value)?.[1] : undefined;
  return (field !== undefined ? MATRIX_SAMPLES[field] : undefined) ?? arg;
}

describe('run: steps', () => {
  const runSteps = steps().filter(({ step }) => typeof step.run === 'string');

  test('every imagegate command parses with the CLI argument parser', () => {
    const invocations = runSteps.flatMap(({ step, where }) =>
      imagegateInvocations(step.run as string).map((invocation) => ({
        args: invocation.args.map((arg) => matrixSample(arg, step.env)),
        where,
      })),
    );
    expect(invocations.length).toBeGreaterThan(0);
    const rejected = invocations.flatMap(({ args, where }) => {
      try {
        const command = parseCliArgs(args);
        return command.name === 'help' ? [`${where}: imagegate ${args.join(' ')} only prints help`] : [];
      } catch (error) {
        return [`${where}: imagegate ${args.join(' ')}: ${(error as Error).message}`];
      }
    });
    expect(rejected).toEqual([]);
  });

  test('every npm script they run exists', () => {
    const scripts = runSteps.flatMap(({ step, where }) =>
      [...(step.run as string).matchAll(/\bnpm run ([\w:-]+)/g)].map((match) => ({ script: match[1] ?? '', where })),
    );
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter(({ script }) => !Object.hasOwn(packageJson.scripts, script))).toEqual([]);
  });
});

describe('finding imagegate commands in shell scripts', () => {
  test('quotes, continuations, expressions, redirections and command separators', () => {
    const script = [
      '# imagegate check --not-this (a comment)',
      'npm install --global imagegate@0.1.0',
      'imagegate check --image "$IMAGE" --pull=never \\',
      '  --out-dir "out/${IMAGE//[^a-z]/_}" --policy \'.image gate.yml\' 2>&1 | tee log',
      'echo "imagegate check" && npx imagegate policy validate ${{ matrix.policy }} > /dev/null',
      'X=1 node dist/cli.js compose inspect -f "$(pwd)/compose.yaml"; imagegate --version',
    ].join('\n');
    expect(imagegateInvocations(script)).toEqual([
      {
        line: 3,
        args: [
          'check',
          '--image',
          '$IMAGE',
          '--pull=never',
          '--out-dir',
          'out/${IMAGE//[^a-z]/_}',
          '--policy',
          '.image gate.yml',
        ],
      },
      { line: 5, args: ['policy', 'validate', '${{ matrix.policy }}'] },
      { line: 6, args: ['compose', 'inspect', '-f', '$(pwd)/compose.yaml'] },
      { line: 6, args: ['--version'] },
    ]);
  });

  test('a misspelt flag in a workflow would be caught', () => {
    const [invocation] = imagegateInvocations('imagegate check --imgae app:1 --skip-scan');
    expect(() => parseCliArgs(invocation?.args ?? [])).toThrow(/imgae/);
  });
});

describe('docs/github-action.md (linked from the README)', () => {
  test('names the release gate job as the status check to require, and links every example', async () => {
    expect(await readFile(path.join(repoRoot, 'README.md'), 'utf8')).toContain('](docs/github-action.md)');
    const page = await readFile(path.join(repoRoot, 'docs/github-action.md'), 'utf8');
    const gate = workflows.find((workflow) => workflow.file === 'docs/workflows/release-gate.yml');
    const jobName = Object.values(gate?.jobs ?? {})[0]?.name;
    expect(jobName).toBe('imagegate release gate');
    expect(page).toContain(`add the check **\`${jobName}\`**`);
    for (const file of files.filter((name) => name.startsWith('docs/'))) {
      expect(page).toContain(`](${path.posix.relative('docs', file)})`);
    }
    expect(isSeq(parseDocument(gate?.text ?? '').getIn(['on', 'pull_request', 'branches']))).toBe(true);
    expect(gate?.text).not.toMatch(/^\s+paths(-ignore)?:/m);
  });
});
