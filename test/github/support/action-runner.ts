import { execa } from 'execa';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { actionBundle } from '../../support/action-bundle.js';
import { node24Path } from '../../support/node24.js';

/**
 * The bundled Action run as the runner runs it: the current source bundled once per Jest run into a temp dir
 * (never a stale dist/; test/support/action-bundle.ts), `node action.js` with every input action.yml declares (defaults included, as the runner sets them),
 * GITHUB_* variables and an event payload file, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files read back after.
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export const TOKEN = 'ghs_imagegateTestToken0123456789';

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  outDir: string;
  /** `::warning …::text` and `::error …::text` lines, decoded. */
  warnings: string[];
  errors: string[];
}

export interface ActionEvent {
  name: string;
  payload: unknown;
  sha: string;
  ref: string;
}

export interface ActionRunner {
  /** The shared bundle's directory (`action.js`, `cli.js`). */
  bundleDir: string;
  runtimes: Array<[string, string]>;
  run(
    node: string,
    name: string,
    options: { inputs: Record<string, string>; event?: ActionEvent; env?: Record<string, string>; workspace: string },
  ): Promise<ActionRun>;
}

export async function makeActionRunner(work: string): Promise<ActionRunner> {
  const bundleDir = actionBundle();
  const action = parse(await readFile(path.join(repoRoot, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>;
  };
  const defaults: Record<string, string> = {};
  for (const [name, input] of Object.entries(action.inputs)) {
    // Expressions (`${{ github.token }}`) are the runner's to evaluate; the tests pass their own value.
    if (input.default !== undefined && !String(input.default).includes('${{')) defaults[name] = String(input.default);
  }
  const node24 = await node24Path();
  const runtimes: Array<[string, string]> = [[`node ${process.versions.node}`, process.execPath]];
  if (node24) runtimes.push(['node 24', node24]);
  else if (process.env.CI === 'true')
    throw new Error('Node 24 could not be fetched from npm (npm exec --package=node@24)');

  return {
    bundleDir,
    runtimes,
    async run(node, name, options) {
      const dir = path.join(work, name);
      await mkdir(dir, { recursive: true });
      const outputFile = path.join(dir, 'output');
      const summaryFile = path.join(dir, 'summary');
      const eventFile = path.join(dir, 'event.json');
      await writeFile(outputFile, '');
      await writeFile(summaryFile, '');
      const env: Record<string, string> = {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? dir,
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summaryFile,
        GITHUB_WORKSPACE: options.workspace,
        GITHUB_ACTIONS: 'true',
        RUNNER_TEMP: path.join(dir, 'runner-temp'),
      };
      if (options.event) {
        await writeFile(eventFile, JSON.stringify(options.event.payload, null, 2));
        Object.assign(env, {
          GITHUB_EVENT_NAME: options.event.name,
          GITHUB_EVENT_PATH: eventFile,
          GITHUB_REPOSITORY: 'Codertocat/Hello-World',
          GITHUB_SHA: options.event.sha,
          GITHUB_REF: options.event.ref,
        });
      }
      // The tests' workspaces are plain directories, not checkouts with a base commit: the policy is the head's
      // unless a test asks for `base` (test/action/action-policy-source.test.ts does).
      const inputs = {
        ...defaults,
        'policy-source': 'head',
        'out-dir': path.join(dir, 'out'),
        'github-token': TOKEN,
        ...options.inputs,
      };
      for (const [key, value] of Object.entries(inputs)) env[`INPUT_${key.toUpperCase()}`] = value;
      Object.assign(env, options.env);
      const run = await execa(node, [path.join(bundleDir, 'action.js')], {
        cwd: options.workspace,
        env,
        extendEnv: false,
        reject: false,
      });
      return {
        code: run.exitCode ?? -1,
        stdout: run.stdout,
        stderr: run.stderr,
        outputs: parseOutputs(await readFile(outputFile, 'utf8')),
        summary: await readFile(summaryFile, 'utf8'),
        outDir: path.join(dir, 'out'),
        warnings: commands(run.stdout, 'warning'),
        errors: commands(run.stdout, 'error'),
      };
    },
  };
}

/** GITHUB_OUTPUT's heredoc format: `name<<DELIM\nvalue\nDELIM`. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const match of text.matchAll(/^([^\n<]+)<<(\S+)\n([\s\S]*?)\n?\2$/gm)) outputs[match[1] ?? ''] = match[3] ?? '';
  return outputs;
}

/** Workflow commands of one kind, their data decoded as the runner decodes it. */
function commands(stdout: string, kind: 'warning' | 'error'): string[] {
  return [...stdout.matchAll(new RegExp(`^::${kind}(?: [^:]*)?::(.*)$`, 'gm'))].map((match) =>
    (match[1] ?? '').replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%'),
  );
}
