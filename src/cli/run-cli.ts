import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  cliOptionName,
  CHECK_HELP,
  COMPOSE_HELP,
  MAIN_HELP,
  parseCliArgs,
  POLICY_HELP,
  TRIVY_HELP,
  K8S_HELP,
  OFFLINE_HELP,
} from './cli-args.js';
import { RESCAN_HELP } from '../rescan/rescan-args.js';
import type { RescanContext } from '../rescan/context.js';
import type { ScanEnvironment } from '../pipeline/scan-stage.js';
import { ConfigurationError, describeError, ExitCode, exitCodeFor } from '../util/errors.js';
import { ConsoleLogger } from '../util/logger.js';
import { redactorFor, type Redactor } from '../util/redact.js';
import { interpolationEnvironment, secretValues } from '../util/secret-env.js';
import { WorkspacePaths } from '../util/workspace-paths.js';
import { VERSION } from '../version.js';

// Each command imports what it runs when it runs (issue 17): `--version`, `--help` and a mistake in the arguments
// load none of it, and the bundle keeps each command's code in chunks compiled only when that command is used.

/** Where the CLI reads and writes; the real process by default, buffers in tests. */
export interface CliIo {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The environment publishers read (GitLab's CI variables); process.env when absent. */
  env?: Record<string, string | undefined>;
  /** Standard input as text (`--k8s -`); process.stdin, capped, when absent. */
  stdin?: () => Promise<string>;
}

const processIo: CliIo = {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** The CLI: parse argv, run, print, and map the outcome to an exit code. Never throws. */
export async function runCli(argv: readonly string[], given: CliIo = processIo): Promise<ExitCode> {
  // One Redactor for the run, in front of stdout and stderr: the summary, the logs and the final error line.
  const redactor = redactorFor({ ...process.env, ...given.env });
  const io = redactingIo(given, redactor);
  try {
    const command = parseCliArgs(argv);
    switch (command.name) {
      case 'help':
        io.stdout(`${helpFor(command.topic)}\n`);
        return ExitCode.Pass;
      case 'version':
        io.stdout(`${VERSION}\n`);
        return ExitCode.Pass;
      case 'policy-validate': {
        // The files named on the command line are the caller's; what they `extend` stays beside them or in the workspace.
        const paths = WorkspacePaths.within([
          io.cwd,
          ...ciWorkspaces(io.env ?? process.env),
          ...command.files.map((file) => path.dirname(path.resolve(io.cwd, file))),
        ]);
        const { validatePolicyFiles } = await import('../policy/load.js');
        const results = await validatePolicyFiles(command.files, { paths });
        for (const { file, ok, errors } of results) {
          io.stdout(ok ? `ok      ${file}\n` : errors.map((error) => `invalid ${error.message}\n`).join(''));
        }
        return results.every((result) => result.ok) ? ExitCode.Pass : ExitCode.Configuration;
      }
      case 'policy-export': {
        const { runPolicyExport } = await import('./policy-export.js');
        await runPolicyExport(command, { ...io, roots: [io.cwd, ...ciWorkspaces(io.env ?? process.env)] });
        return ExitCode.Pass;
      }
      case 'trivy-install': {
        const logger = new ConsoleLogger({
          verbose: command.verbose,
          write: (line) => io.stderr(`${line}\n`),
          redactor,
        });
        const { version, dir, sha256, trustOnFirstUse } = command;
        const { installTrivy } = await import('../scan/install/install-trivy.js');
        const trivy = await installTrivy({
          version,
          dir,
          sha256,
          trustOnFirstUse,
          cwd: io.cwd,
          env: process.env,
          logger,
        });
        io.stdout(`${trivy.path}\n`);
        return ExitCode.Pass;
      }
      case 'compose-inspect': {
        const { loadComposeProject } = await import('../compose/loader/load.js');
        const { formatInspection, inspectCompose } = await import('../compose/inspect-model.js');
        const { workspaceRelative } = await import('../pipeline/pipeline.js');
        const project = await loadComposeProject({
          files: command.options.files,
          cwd: io.cwd,
          envFiles: command.options.envFiles,
          ...(command.options.profiles.length > 0 ? { profiles: command.options.profiles } : {}),
          ...(command.options.projectDirectory ? { projectDirectory: command.options.projectDirectory } : {}),
          environment: interpolationEnvironment(process.env),
          displayPath: (file) => workspaceRelative(io.cwd, file),
          // The -f files and the project directory are the caller's; what they include or extend stays inside.
          paths: WorkspacePaths.within([
            io.cwd,
            ...ciWorkspaces(io.env ?? process.env),
            ...command.options.files.map((file) => path.dirname(path.resolve(io.cwd, file))),
            ...(command.options.projectDirectory ? [path.resolve(io.cwd, command.options.projectDirectory)] : []),
          ]),
        });
        const inspection = inspectCompose(project);
        io.stdout(
          command.options.json ? `${JSON.stringify(inspection, null, 2)}\n` : `${formatInspection(inspection)}\n`,
        );
        return ExitCode.Pass;
      }
      case 'k8s-inspect': {
        const { loadManifests } = await import('../k8s/load-manifests.js');
        const { formatManifestInspection, inspectManifests } = await import('../k8s/inspect.js');
        const { readCappedStdin } = await import('../k8s/stdin.js');
        const { workspaceRelative } = await import('../pipeline/pipeline.js');
        const manifests = await loadManifests(command.paths, {
          cwd: io.cwd,
          displayPath: (file) => workspaceRelative(io.cwd, file),
          readStdin: io.stdin ?? (() => readCappedStdin()),
          // The paths named are the caller's; nothing in a manifest names further files.
          paths: WorkspacePaths.within([
            io.cwd,
            ...ciWorkspaces(io.env ?? process.env),
            ...command.paths.filter((each) => each !== '-').map((each) => path.dirname(path.resolve(io.cwd, each))),
          ]),
        });
        const inspection = inspectManifests(manifests);
        io.stdout(
          command.json ? `${JSON.stringify(inspection, null, 2)}\n` : `${formatManifestInspection(inspection)}\n`,
        );
        return ExitCode.Pass;
      }
      case 'check': {
        for (const value of secretValues({ ...process.env, ...io.env }, new Set(command.options.secretEnv))) {
          redactor.add(value);
        }
        const logger = new ConsoleLogger({
          verbose: command.verbose,
          write: (line) => io.stderr(`${line}\n`),
          redactor,
        });
        const { resolveRunConfig } = await import('../config/resolve.js');
        const { runPipeline } = await import('../pipeline/pipeline.js');
        const { gitLabReportLinks } = await import('../gitlab/report-links.js');
        const offlineEnv = offlineFromEnv(io.env ?? process.env);
        const config = resolveRunConfig(
          { ...command.options, offline: command.options.offline || offlineEnv },
          {
            cwd: io.cwd,
            workspaceRoots: ciWorkspaces(io.env ?? process.env),
            environment: process.env,
            optionName: cliOptionName,
          },
        );
        const { result, reports, category } = await runPipeline(config, {
          logger,
          redactor,
          scan: await cliScanEnvironment(process.env),
          ...(io.stdin ? { readStdin: io.stdin } : {}),
          // With --gitlab the CLI knows it runs in a GitLab job: summary.md links files and the job too.
          ...(command.gitlab ? { reportLinks: gitLabReportLinks(io.env ?? process.env) } : {}),
        });
        // A publisher that fails for good (a hostile or broken API) is exit 3, but after the summary is shown.
        let publishFailure: { error: unknown } | undefined;
        if (command.gitlab) {
          try {
            const { publishToGitLab } = await import('../gitlab/publish-gitlab.js');
            await publishToGitLab({ result, category }, config.outDir, {
              env: io.env ?? process.env,
              logger,
              redactor,
              toolVersion: VERSION,
            });
          } catch (error) {
            publishFailure = { error };
          }
        }
        const { toTerminalSummary } = await import('../report/terminal.js');
        io.stdout(
          command.json ? await readFile(reports.json, 'utf8') : `${toTerminalSummary(result, reports, io.cwd)}\n`,
        );
        if (publishFailure) throw publishFailure.error;
        return result.verdict === 'pass' ? ExitCode.Pass : ExitCode.GateFailed;
      }
      case 'offline-bundle': {
        const logger = new ConsoleLogger({
          verbose: command.verbose,
          write: (line) => io.stderr(`${line}\n`),
          redactor,
        });
        const { runOfflineBundle } = await import('../offline/bundle-command.js');
        await runOfflineBundle(command, { cwd: io.cwd, env: process.env, logger, stdout: io.stdout });
        return ExitCode.Pass;
      }
      case 'rescan-plan': {
        const { runRescanPlan } = await import('../rescan/plan-command.js');
        return await runRescanPlan(command.args, await rescanContext(io, command.args.verbose, redactor));
      }
      case 'rescan-run': {
        const { runRescanRun } = await import('../rescan/run-command.js');
        // IMAGEGATE_OFFLINE (an air-gapped runner sets it once) applies to rescan run as to check.
        const offline = command.args.offline || offlineFromEnv(io.env ?? process.env);
        return await runRescanRun(
          offline ? { ...command.args, offline: true } : command.args,
          await rescanContext(io, command.args.verbose, redactor),
        );
      }
      case 'rescan-merge': {
        const { runRescanMerge } = await import('../rescan/merge-command.js');
        return await runRescanMerge(command.args, await rescanContext(io, command.args.verbose, redactor));
      }
    }
  } catch (error) {
    io.stderr(`imagegate: ${describeError(error)}\n`);
    return exitCodeFor(error);
  }
}

/** The CLI keeps Trivy and its DB under ~/.cache/imagegate; IMAGEGATE_TRIVY_DOWNLOAD_URL names a release mirror. */
async function cliScanEnvironment(env: Record<string, string | undefined>): Promise<ScanEnvironment> {
  const { defaultTrivyInstallDir } = await import('../scan/install/directory-store.js');
  const { defaultCliTrivyCacheDir } = await import('../scan/runner/trivy-db.js');
  const mirror = env.IMAGEGATE_TRIVY_DOWNLOAD_URL?.trim();
  return {
    trivyInstallCache: { kind: 'directory', dir: defaultTrivyInstallDir(env) },
    // Trivy inherits the real process environment (as before io.env existed); io.env only names CI variables.
    processEnv: process.env,
    defaultCacheDir: defaultCliTrivyCacheDir(env),
    ...(mirror ? { trivyDownloadBaseUrl: mirror } : {}),
  };
}

/** IMAGEGATE_OFFLINE=true (an air-gapped runner sets it once; the GitLab component's `offline` input sets it). */
function offlineFromEnv(env: Record<string, string | undefined>): boolean {
  const value = (env.IMAGEGATE_OFFLINE ?? '').trim().toLowerCase();
  if (value === '' || value === 'false' || value === '0') return false;
  if (value === 'true' || value === '1') return true;
  throw new ConfigurationError(`IMAGEGATE_OFFLINE: expected true or false, got '${value.slice(0, 20)}'`);
}

/** The CI checkouts the CLI trusts beside its working directory (GitHub Actions, GitLab CI). */
function ciWorkspaces(env: Record<string, string | undefined>): string[] {
  return [env.GITHUB_WORKSPACE, env.CI_PROJECT_DIR].filter((dir): dir is string => !!dir?.trim());
}

async function rescanContext(io: CliIo, verbose: boolean, redactor: Redactor): Promise<RescanContext> {
  const env = io.env ?? process.env;
  return {
    cwd: io.cwd,
    env,
    logger: new ConsoleLogger({ verbose, write: (line) => io.stderr(`${line}\n`), redactor }),
    stdout: io.stdout,
    scan: await cliScanEnvironment(env),
    redactor,
  };
}

/** `io` with everything written to stdout and stderr redacted. */
function redactingIo(io: CliIo, redactor: Redactor): CliIo {
  return {
    ...io,
    stdout: (text) => io.stdout(redactor.redact(text)),
    stderr: (text) => io.stderr(redactor.redact(text)),
  };
}

function helpFor(topic: string | undefined): string {
  if (topic === 'check') return CHECK_HELP;
  if (topic === 'policy') return POLICY_HELP;
  if (topic === 'compose') return COMPOSE_HELP;
  if (topic === 'trivy') return TRIVY_HELP;
  if (topic === 'rescan') return RESCAN_HELP;
  if (topic === 'k8s') return K8S_HELP;
  if (topic === 'offline') return OFFLINE_HELP;
  return MAIN_HELP;
}
