import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  CHECK_HELP,
  COMPOSE_HELP,
  K8S_HELP,
  MAIN_HELP,
  OFFLINE_HELP,
  POLICY_HELP,
  RESCAN_HELP,
  TRIVY_HELP,
  cliOptionName,
  parseCliArgs
} from "./chunk-6TL3JDAC.js";
import {
  ConsoleLogger
} from "./chunk-PVWXTPTW.js";
import {
  redactorFor
} from "./chunk-TYJR6YN4.js";
import "./chunk-SAYJQMG6.js";
import {
  VERSION
} from "./chunk-DRWF5HZX.js";
import {
  interpolationEnvironment,
  secretValues
} from "./chunk-O5XMQXHR.js";
import {
  WorkspacePaths
} from "./chunk-5AN7IYVK.js";
import {
  ConfigurationError,
  ExitCode,
  describeError,
  exitCodeFor
} from "./chunk-BRI3MEVE.js";
import "./chunk-GVHAVQQT.js";

// src/cli/run-cli.ts
import { readFile } from "node:fs/promises";
import path from "node:path";
var processIo = {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text)
};
async function runCli(argv, given = processIo) {
  const redactor = redactorFor({ ...process.env, ...given.env });
  const io = redactingIo(given, redactor);
  try {
    const command = parseCliArgs(argv);
    switch (command.name) {
      case "help":
        io.stdout(`${helpFor(command.topic)}
`);
        return ExitCode.Pass;
      case "version":
        io.stdout(`${VERSION}
`);
        return ExitCode.Pass;
      case "policy-validate": {
        const paths = WorkspacePaths.within([
          io.cwd,
          ...ciWorkspaces(io.env ?? process.env),
          ...command.files.map((file) => path.dirname(path.resolve(io.cwd, file)))
        ]);
        const { validatePolicyFiles } = await import("./load-DMXCDUEG.js");
        const results = await validatePolicyFiles(command.files, { paths });
        for (const { file, ok, errors } of results) {
          io.stdout(ok ? `ok      ${file}
` : errors.map((error) => `invalid ${error.message}
`).join(""));
        }
        return results.every((result) => result.ok) ? ExitCode.Pass : ExitCode.Configuration;
      }
      case "policy-export": {
        const { runPolicyExport } = await import("./policy-export-G53QI6MF.js");
        await runPolicyExport(command, { ...io, roots: [io.cwd, ...ciWorkspaces(io.env ?? process.env)] });
        return ExitCode.Pass;
      }
      case "trivy-install": {
        const logger = new ConsoleLogger({
          verbose: command.verbose,
          write: (line) => io.stderr(`${line}
`),
          redactor
        });
        const { version, dir, sha256, trustOnFirstUse } = command;
        const { installTrivy } = await import("./install-trivy-24PRKDE5.js");
        const trivy = await installTrivy({
          version,
          dir,
          sha256,
          trustOnFirstUse,
          cwd: io.cwd,
          env: process.env,
          logger
        });
        io.stdout(`${trivy.path}
`);
        return ExitCode.Pass;
      }
      case "compose-inspect": {
        const { loadComposeProject } = await import("./load-OGLCICDN.js");
        const { formatInspection, inspectCompose } = await import("./inspect-model-MEY4FRR2.js");
        const { workspaceRelative } = await import("./pipeline-AH6N5YSY.js");
        const project = await loadComposeProject({
          files: command.options.files,
          cwd: io.cwd,
          envFiles: command.options.envFiles,
          ...command.options.profiles.length > 0 ? { profiles: command.options.profiles } : {},
          ...command.options.projectDirectory ? { projectDirectory: command.options.projectDirectory } : {},
          environment: interpolationEnvironment(process.env),
          displayPath: (file) => workspaceRelative(io.cwd, file),
          // The -f files and the project directory are the caller's; what they include or extend stays inside.
          paths: WorkspacePaths.within([
            io.cwd,
            ...ciWorkspaces(io.env ?? process.env),
            ...command.options.files.map((file) => path.dirname(path.resolve(io.cwd, file))),
            ...command.options.projectDirectory ? [path.resolve(io.cwd, command.options.projectDirectory)] : []
          ])
        });
        const inspection = inspectCompose(project);
        io.stdout(
          command.options.json ? `${JSON.stringify(inspection, null, 2)}
` : `${formatInspection(inspection)}
`
        );
        return ExitCode.Pass;
      }
      case "k8s-inspect": {
        const { loadManifests } = await import("./load-manifests-WC2LDKYZ.js");
        const { formatManifestInspection, inspectManifests } = await import("./inspect-AOMCOVUL.js");
        const { readCappedStdin } = await import("./stdin-C6TI67YY.js");
        const { workspaceRelative } = await import("./pipeline-AH6N5YSY.js");
        const manifests = await loadManifests(command.paths, {
          cwd: io.cwd,
          displayPath: (file) => workspaceRelative(io.cwd, file),
          readStdin: io.stdin ?? (() => readCappedStdin()),
          // The paths named are the caller's; nothing in a manifest names further files.
          paths: WorkspacePaths.within([
            io.cwd,
            ...ciWorkspaces(io.env ?? process.env),
            ...command.paths.filter((each) => each !== "-").map((each) => path.dirname(path.resolve(io.cwd, each)))
          ])
        });
        const inspection = inspectManifests(manifests);
        io.stdout(
          command.json ? `${JSON.stringify(inspection, null, 2)}
` : `${formatManifestInspection(inspection)}
`
        );
        return ExitCode.Pass;
      }
      case "check": {
        for (const value of secretValues({ ...process.env, ...io.env }, new Set(command.options.secretEnv))) {
          redactor.add(value);
        }
        const logger = new ConsoleLogger({
          verbose: command.verbose,
          write: (line) => io.stderr(`${line}
`),
          redactor
        });
        const { resolveRunConfig } = await import("./resolve-GNYVXNS7.js");
        const { runPipeline } = await import("./pipeline-AH6N5YSY.js");
        const { gitLabReportLinks } = await import("./report-links-LA5U3WMY.js");
        const offlineEnv = offlineFromEnv(io.env ?? process.env);
        const config = resolveRunConfig(
          { ...command.options, offline: command.options.offline || offlineEnv },
          {
            cwd: io.cwd,
            workspaceRoots: ciWorkspaces(io.env ?? process.env),
            environment: process.env,
            optionName: cliOptionName
          }
        );
        const { result, reports, category } = await runPipeline(config, {
          logger,
          redactor,
          scan: await cliScanEnvironment(process.env),
          ...io.stdin ? { readStdin: io.stdin } : {},
          // With --gitlab the CLI knows it runs in a GitLab job: summary.md links files and the job too.
          ...command.gitlab ? { reportLinks: gitLabReportLinks(io.env ?? process.env) } : {}
        });
        let publishFailure;
        if (command.gitlab) {
          try {
            const { publishToGitLab } = await import("./publish-gitlab-AZ2XZSCQ.js");
            await publishToGitLab({ result, category }, config.outDir, {
              env: io.env ?? process.env,
              logger,
              redactor,
              toolVersion: VERSION
            });
          } catch (error) {
            publishFailure = { error };
          }
        }
        const { toTerminalSummary } = await import("./terminal-7RYIJ2Z4.js");
        io.stdout(
          command.json ? await readFile(reports.json, "utf8") : `${toTerminalSummary(result, reports, io.cwd)}
`
        );
        if (publishFailure) throw publishFailure.error;
        return result.verdict === "pass" ? ExitCode.Pass : ExitCode.GateFailed;
      }
      case "offline-bundle": {
        const logger = new ConsoleLogger({
          verbose: command.verbose,
          write: (line) => io.stderr(`${line}
`),
          redactor
        });
        const { runOfflineBundle } = await import("./bundle-command-F6CS3UIP.js");
        await runOfflineBundle(command, { cwd: io.cwd, env: process.env, logger, stdout: io.stdout });
        return ExitCode.Pass;
      }
      case "rescan-plan": {
        const { runRescanPlan } = await import("./plan-command-RJZUOIYK.js");
        return await runRescanPlan(command.args, await rescanContext(io, command.args.verbose, redactor));
      }
      case "rescan-run": {
        const { runRescanRun } = await import("./run-command-UXGRWI32.js");
        const offline = command.args.offline || offlineFromEnv(io.env ?? process.env);
        return await runRescanRun(
          offline ? { ...command.args, offline: true } : command.args,
          await rescanContext(io, command.args.verbose, redactor)
        );
      }
      case "rescan-merge": {
        const { runRescanMerge } = await import("./merge-command-A6OL7L6G.js");
        return await runRescanMerge(command.args, await rescanContext(io, command.args.verbose, redactor));
      }
    }
  } catch (error) {
    io.stderr(`imagegate: ${describeError(error)}
`);
    return exitCodeFor(error);
  }
}
async function cliScanEnvironment(env) {
  const { defaultTrivyInstallDir } = await import("./directory-store-ORPVGP56.js");
  const { defaultCliTrivyCacheDir } = await import("./trivy-db-USWMCPP5.js");
  const mirror = env.IMAGEGATE_TRIVY_DOWNLOAD_URL?.trim();
  return {
    trivyInstallCache: { kind: "directory", dir: defaultTrivyInstallDir(env) },
    // Trivy inherits the real process environment (as before io.env existed); io.env only names CI variables.
    processEnv: process.env,
    defaultCacheDir: defaultCliTrivyCacheDir(env),
    ...mirror ? { trivyDownloadBaseUrl: mirror } : {}
  };
}
function offlineFromEnv(env) {
  const value = (env.IMAGEGATE_OFFLINE ?? "").trim().toLowerCase();
  if (value === "" || value === "false" || value === "0") return false;
  if (value === "true" || value === "1") return true;
  throw new ConfigurationError(`IMAGEGATE_OFFLINE: expected true or false, got '${value.slice(0, 20)}'`);
}
function ciWorkspaces(env) {
  return [env.GITHUB_WORKSPACE, env.CI_PROJECT_DIR].filter((dir) => !!dir?.trim());
}
async function rescanContext(io, verbose, redactor) {
  const env = io.env ?? process.env;
  return {
    cwd: io.cwd,
    env,
    logger: new ConsoleLogger({ verbose, write: (line) => io.stderr(`${line}
`), redactor }),
    stdout: io.stdout,
    scan: await cliScanEnvironment(env),
    redactor
  };
}
function redactingIo(io, redactor) {
  return {
    ...io,
    stdout: (text) => io.stdout(redactor.redact(text)),
    stderr: (text) => io.stderr(redactor.redact(text))
  };
}
function helpFor(topic) {
  if (topic === "check") return CHECK_HELP;
  if (topic === "policy") return POLICY_HELP;
  if (topic === "compose") return COMPOSE_HELP;
  if (topic === "trivy") return TRIVY_HELP;
  if (topic === "rescan") return RESCAN_HELP;
  if (topic === "k8s") return K8S_HELP;
  if (topic === "offline") return OFFLINE_HELP;
  return MAIN_HELP;
}
export {
  runCli
};
//# sourceMappingURL=run-cli-DNJ3D5YU.js.map
