import path from 'node:path';
import { baselineFields, readImageBaseline } from './image-baseline.js';
import { readBuildContextFacts } from '../dockerfile/dockerignore.js';
import type { CheckContext } from '../checks/context.js';
import { runComposeChecks } from '../checks/compose-run.js';
import { composeCheckOptions } from '../checks/compose.js';
import { runImageChecks } from '../checks/run-checks.js';
import { loadComposeProjects } from './compose-stage.js';
import { composeHealthchecks } from '../compose/runtime-healthchecks.js';
import type { RunConfig } from '../config/run-config.js';
import { layerLocations, layerOrigins } from '../dockerfile/history-map.js';
import { finalStage, readDockerfile } from '../dockerfile/parse.js';
import type { Dockerfile, Stage } from '../dockerfile/types.js';
import { checkFromArgsForBuild } from '../dockerfile/unset-from-args.js';
import { bySeverity, countBySeverity, type Location, type Severity } from '../model/findings.js';
import { decideVerdict, familyFailOnFor } from '../policy/gate.js';
import { acquireImage, type AcquiredImage } from './acquire-image.js';
import { startEarlyHasher } from '../image/source/early-hasher.js';
import { parseAttachedVex, readImageVexStage } from './image-vex-stage.js';
import { inputAttestations } from '../attest/input-attestations.js';
import { prepareProvenanceFiles, readProvenanceStage } from './provenance-stage.js';
import { provenanceSummary } from '../provenance/provenance-summary.js';
import { hideConfigSecrets, maskDockerfileSecrets, redactToolOutput } from './config-secrets-stage.js';
import type { ImageFacts } from '../image/facts.js';
import { parseImageReference, type ImageReference } from '../model/image-reference.js';
import { rulesForImage, severityFor } from '../policy/image-match.js';
import { budgetUsage } from '../checks/budgets.js';
import { loadDecidingPolicy } from '../policy/deciding-policy.js';
import { POLICY_FILE_NAMES } from '../config/resolve.js';
import type { Policy } from '../policy/types.js';
import { loadBaseline } from '../baseline/baseline.js';
import { writeReports } from '../report/write-reports.js';
import { RULE_DOCS_LINKS } from '../report/rule-docs.js';
import type { ReportLinks } from '../report/links.js';
import type { PipelineOutcome, RunResult } from '../report/run-result.js';
import type { ScanEnvironment } from './scan-stage.js';
import { scanImage } from './image-scan.js';
import { runFeedsStage } from './feeds-stage.js';
import { runBaseFreshnessStage } from './base-freshness-stage.js';
import { scanNewerBase } from './newer-base-scan.js';
import { runPlatforms } from './multi-platform.js';
import { platformRequest } from './platform-request.js';
import { composeSummary, kubernetesSummary, policyFields } from './result-parts.js';
import { runComposeOnly } from './compose-only.js';
import { k8sCheckOptions, loadK8sManifests } from './k8s-stage.js';
import { imageUnderTest } from '../checks/k8s-image-join.js';
import { chooseScanners, describeScanners } from './scanner-choice.js';
import type { ParsedTrivyReport } from '../scan/report/trivy-report.js';
import { ConfigurationError } from '../util/errors.js';
import { checkOutDir } from '../util/out-dir.js';
import { WorkspacePaths } from '../util/workspace-paths.js';
import { readVexFiles } from '../vex/read-vex-files.js';
import { writeVexOut } from '../vex/write-vex-out.js';
import { attestRun, prepareAttestKey, prepareKeyless, type AttestSigning } from './attest-stage.js';
import { prepareSignaturePolicy, runSignatureStage } from './signature-stage.js';
import { summarizeSignatures } from '../signature/signature-summary.js';
import type { Logger } from '../util/logger.js';
import type { Redactor } from '../util/redact.js';
import { interpolationEnvironment, isWithheldVariable } from '../util/secret-env.js';
import { VERSION } from '../version.js';
import { VULNERABLE_ONLY_NOTE } from '../report/sbom/sbom-format.js';
import type { BundledTrivy } from '../offline/use-bundle.js';

export interface PipelineContext {
  logger: Logger;
  /** The run's Redactor (the entry point builds it, the logger adds to it): every report file goes through it. */
  redactor: Redactor;
  /** Where Trivy and its DB live, and how the DB is cached: the entry point decides. */
  scan: ScanEnvironment;
  /** Clock injection keeps report timestamps and allowlist expiry testable. */
  now?: () => Date;
  /** Where summary.md links (the CI's repository and run, when the entry point knows them); default: rule docs only. */
  reportLinks?: ReportLinks;
  /** Standard input as text, for `--k8s -`; default: process.stdin, capped. */
  readStdin?: () => Promise<string>;
  /** The image, already read: one platform of a `--platform all` run (src/pipeline/multi-platform.ts). */
  acquired?: AcquiredImage;
  /** The offline bundle, already verified: `--platform all` checks it once for every platform (multi-platform.ts). */
  trivyBundle?: BundledTrivy;
}

export type { PipelineOutcome };

/**
 * One run, platform-agnostic: policy, Dockerfile and baseline first (cheap, and a mistake there should not cost a
 * build), then the image and its scan, then pure checks, the verdict, and the report files — written before any
 * publisher uploads.
 */
export async function runPipeline(config: RunConfig, context: PipelineContext): Promise<PipelineOutcome> {
  // `--platform all` (or a list): this pipeline once per platform, joined (src/pipeline/multi-platform.ts).
  const platforms = context.acquired ? undefined : platformRequest(config.platform);
  if (platforms) return runPlatforms(config, platforms, context, runPipeline);
  // What the run made for itself only (an offline bundle's private copy) is removed however it ends.
  const cleanups: Array<() => Promise<void>> = [];
  try {
    return await gateOne(config, context, cleanups);
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  }
}

async function gateOne(
  config: RunConfig,
  context: PipelineContext,
  cleanups: Array<() => Promise<void>>,
): Promise<PipelineOutcome> {
  const { logger } = context;
  const now = context.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const displayPath = (file: string) => workspaceRelative(config.workspace, file);
  // Every file the repository names is read through this: see src/util/workspace-paths.ts.
  const paths = WorkspacePaths.within(config.allowedRoots ?? [config.workspace]);
  checkOutDir(config.outDir, config.workspace, 'the out dir');
  // A large local archive: its hashing threads boot while the policy loads and the archive is indexed. Closed once
  // the image is read (the cleanup covers a run that fails before).
  const hasher = context.acquired ? undefined : await startEarlyHasher(config.image);
  if (hasher) {
    logger.debug(`started ${hasher.parallelism} hashing threads early for the image's layers`);
    cleanups.push(() => hasher.close());
  }
  if ((config.attestKey || config.attestKeyless) && config.image.kind === 'none') {
    throw new ConfigurationError('--attest needs an image to attest: compose files alone have no digest');
  }
  const attestSigning: AttestSigning | undefined = config.attestKey
    ? {
        kind: 'key',
        key: await prepareAttestKey(config.attestKey, { cwd: config.workspace, env: config.environment }),
      }
    : config.attestKeyless
      ? prepareKeyless(config.attestKeyless, { env: config.environment, logger, redactor: context.redactor })
      : undefined;

  const decided = await loadDecidingPolicy({
    workspace: config.workspace,
    ...(config.policyFile ? { policyFile: config.policyFile } : {}),
    discover: POLICY_FILE_NAMES.map((name) => path.join(config.workspace, name)),
    ...(config.policyRef ? { policyRef: config.policyRef } : {}),
    displayPath,
    logger,
    paths,
  });
  const policy = decided.policy;
  const dockerfile = config.dockerfile
    ? await readDockerfile(config.dockerfile, {
        displayPath: displayPath(config.dockerfile),
        buildArgs: config.buildArgs,
      })
    : undefined;
  const stage = dockerfile ? finalStage(dockerfile, config.target) : undefined;
  if (dockerfile && stage && config.image.kind === 'build') checkFromArgsForBuild(dockerfile, stage);
  // The build echoes the Dockerfile's instructions: the secrets they hold are masked before it starts.
  if (dockerfile) maskDockerfileSecrets(dockerfile, config.buildArgs, policy, logger);
  // The compose files are the repository's: they interpolate without the run's credentials (src/util/secret-env.ts).
  const secretNames = new Set(config.secretEnv ?? []);
  const composeProjects = await loadComposeProjects(config.compose, policy.compose, {
    workspace: config.workspace,
    environment: interpolationEnvironment(config.environment, secretNames),
    withheld: (name) => isWithheldVariable(name, secretNames),
    displayPath,
    logger,
    paths,
  });
  const k8s = await loadK8sManifests(config.k8s ?? [], policy.kubernetes, {
    workspace: config.workspace,
    displayPath,
    logger,
    paths,
    ...(context.readStdin ? { readStdin: context.readStdin } : {}),
  });
  const workloads = k8s?.workloads ?? [];
  const baseline = config.baselineReport
    ? await loadBaseline(config.baselineReport, displayPath(config.baselineReport))
    : undefined;

  const policyFiles = { paths, ...(decided.baseFiles ? { baseFiles: decided.baseFiles } : {}), displayPath };
  const signaturePolicy = await prepareSignaturePolicy(policy, policyFiles);
  const provenanceFiles = await prepareProvenanceFiles(policy, policyFiles);

  if (config.image.kind === 'none') {
    return runComposeOnly(
      { config, policy, decided, composeProjects, workloads, k8s, baseline, startedAt, now, displayPath },
      context,
    );
  }

  // Before the build: docker reads the ignore file too, and a refused one must stop the run first.
  const buildContext =
    config.image.kind === 'build'
      ? await readBuildContextFacts(config.image.context, config.dockerfile, displayPath, paths)
      : undefined;
  const read =
    config.image.kind === 'trivy-report'
      ? undefined
      : (context.acquired ?? (await acquireImage(config, config.image, logger, hasher).finally(() => hasher?.close())));
  // How the stages that talk to registries (VEX, provenance, signatures, base freshness) reach them.
  const access = {
    environment: config.environment,
    ...(config.insecureRegistries ? { insecureRegistries: config.insecureRegistries } : {}),
  };
  // Secrets in the config and history are replaced before anything (the scan, a report, a log line) can show them.
  const acquired = read ? { ...read, facts: hideConfigSecrets(read.facts, policy, logger) } : undefined;
  // The scanners follow the policy that applies to this image (src/pipeline/scanner-choice.ts).
  const acquiredReference = acquired?.facts.reference ? parseImageReference(acquired.facts.reference) : undefined;
  const scannerChoice = chooseScanners(config.scan, rulesForImage(policy, acquiredReference));
  const imageVex = await readImageVexStage(
    acquired,
    rulesForImage(policy, acquiredReference).vulnerabilities,
    access,
    logger,
  );
  // Issue 15 item 4: only when the policy's provenance: asks anything (item 8: otherwise no attestation is read).
  const provenance = await readProvenanceStage(
    acquired,
    rulesForImage(policy, acquiredReference).provenance,
    { ...access, ...(config.platform ? { platform: config.platform } : {}) },
    logger,
    provenanceFiles,
  );
  const signatures = await runSignatureStage({
    loaded: signaturePolicy,
    acquired,
    dockerfile,
    access,
    logger,
  });
  for (const warning of scannerChoice.warnings) logger.warning(warning);
  if (scannerChoice.scanners) logger.info(`Trivy scanners: ${describeScanners(scannerChoice.scanners)}`);
  const scan = scannerChoice.scan;
  const { report, trivyBundle } = await scanImage({
    config,
    scan,
    acquired,
    environment: context.scan,
    redactor: context.redactor,
    displayPath,
    logger,
    ...(context.trivyBundle ? { handedBundle: context.trivyBundle } : {}),
    cleanups,
  });
  for (const warning of report?.warnings ?? []) logger.warning(warning);
  if (report && scannerChoice.scanners) report.scan.scanners = scannerChoice.scanners;
  const image = acquired
    ? imageFor(acquired, report, config, logger)
    : hideConfigSecrets(imageFor(acquired, report, config, logger), policy, logger);

  const reference = image.reference ? parseImageReference(image.reference) : undefined;
  const layerInstructions =
    dockerfile && stage ? layerLocations(dockerfile, stage, image) : image.layers.map(() => undefined);
  const imageName = reference?.normalized ?? image.id;
  const imageRules = rulesForImage(policy, reference);
  const vex = await readVexFiles({
    policyFiles: imageRules.vulnerabilities.vex ?? [],
    cliFiles: config.vex ?? [],
    paths,
    ...(decided.baseFiles ? { baseFiles: decided.baseFiles } : {}),
    displayPath,
  }).then((files) => [...files, ...parseAttachedVex(imageVex ?? [], logger)]);
  const feeds = await runFeedsStage({
    ...(config.feeds ? { feeds: config.feeds } : {}),
    rules: imageRules.vulnerabilities,
    ...(config.policyRef && config.evaluateHeadPolicy && decided.head
      ? { alsoFor: rulesForImage(decided.head, reference).vulnerabilities }
      : {}),
    scanned: report !== undefined,
    cacheDir:
      trivyBundle?.cacheDir ?? (scan.kind === 'trivy' ? scan.cacheDir : undefined) ?? context.scan.defaultCacheDir,
    now: now(),
    logger,
    ...(context.scan.feedsCache && !config.offline ? { cache: context.scan.feedsCache } : {}),
    ...(config.offline ? { offline: true } : {}),
  });
  if (report && feeds) report.scan.feeds = feeds.records;
  const freshness = await runBaseFreshnessStage({
    rules: imageRules.base,
    ...(dockerfile ? { dockerfile } : {}),
    ...(stage ? { stage } : {}),
    image,
    imageLocation: imageWideLocation(dockerfile, stage, imageName),
    ...(provenance?.documents ? { provenance: provenance.documents } : {}),
    ...(acquired?.facts.source === 'registry' && acquired.facts.reference
      ? { imageRegistryReference: acquired.facts.reference }
      : {}),
    access,
    logger,
    ...(config.offline ? { offline: true } : {}),
    ...(report && scan.kind === 'trivy' && !config.offline
      ? {
          imageScan: report.scan,
          scanNewer: (newer: string) =>
            scanNewerBase(newer, {
              config,
              scan,
              ...(trivyBundle ? { trivyBundle } : {}),
              environment: context.scan,
              displayPath,
              logger,
              ...(acquired?.facts.source === 'registry' && acquired.facts.reference
                ? { imageRegistryReference: acquired.facts.reference }
                : {}),
            }),
        }
      : {}),
  });
  const checkContext: CheckContext = {
    image,
    ...(reference ? { reference } : {}),
    imageName,
    imageRepository: repositoryKey(reference, dockerfile),
    rules: imageRules,
    ...(dockerfile ? { dockerfile } : {}),
    ...(stage ? { stage } : {}),
    layerOrigins: layerInstructions,
    ...(vex.length > 0 ? { vex } : {}),
    ...(buildContext ? { buildContext } : {}),
    imageLocation: imageWideLocation(dockerfile, stage, imageName),
    ...(report ? { scan: report.scan } : {}),
    ...(scan.kind === 'trivy' ? { scanners: scan.scanners } : {}),
    ...(imageVex ? { imageVex } : {}),
    ...(provenance?.documents ? { provenance: provenance.documents } : {}),
    ...(provenance?.unread ? { provenanceUnread: provenance.unread } : {}),
    ...(signatures ? { signatures } : {}),
    ...(feeds ? { feeds } : {}),
    ...(freshness.bases.length > 0 ? { baseFreshness: freshness.bases } : {}),
    allow: policy.allow,
    now: now(),
    runtimeHealthchecks: composeHealthchecks(composeProjects, {
      ...(config.dockerfile ? { dockerfile: config.dockerfile } : {}),
      ...(dockerfile && stage
        ? { stage: { ...(stage.name ? { name: stage.name } : {}), isLast: stage === dockerfile.stages.at(-1) } }
        : {}),
      ...(reference ? { reference } : {}),
    }),
  };
  const severityLookup = (ruleId: string, fallback: Severity) => severityFor(policy, ruleId, fallback);
  const evaluate = (under: Policy, context: CheckContext) =>
    [
      ...runImageChecks(under.scan ? { ...context, scanPolicy: under.scan } : context, (ruleId, fallback) =>
        severityFor(under, ruleId, fallback),
      ),
      ...runComposeChecks(composeProjects, {
        options: composeCheckOptions(under.compose),
        allow: under.allow.mounts ?? [],
        now: context.now,
        severityFor: (ruleId, fallback) => severityFor(under, ruleId, fallback),
        kubernetes: { workloads, options: k8sCheckOptions(under.kubernetes) },
        image: imageUnderTest(image, reference),
      }),
    ].sort(bySeverity);
  const findings = evaluate(policy, checkContext);
  const imageBaseline = config.baselineImage
    ? await readImageBaseline(
        {
          config: { ...config, scan },
          input: config.baselineImage,
          policy,
          reference,
          imageRepository: checkContext.imageRepository,
          severityFor: severityLookup,
          now: checkContext.now,
          displayPath,
        },
        context.scan,
        { logger },
      )
    : undefined;
  if (imageBaseline && config.scan.kind === 'trivy') {
    await redactToolOutput(path.join(config.outDir, 'baseline', 'trivy.json'), context.redactor);
  }
  const failOn = config.failOn ?? policy.gate.failOn;
  // `--fail-on` is the run's last word: it replaces the policy's per-family thresholds too.
  const familyFailOn = config.failOn ? {} : familyFailOnFor(checkContext.rules);
  // A brought report made without --list-all-pkgs still gives an SBOM, of the packages its vulnerabilities name.
  const runWarnings = [...scannerChoice.warnings];
  if (provenance?.unread) runWarnings.push(`provenance: not checked: ${provenance.unread}`);
  runWarnings.push(...freshness.warnings);
  if (config.sbom?.length && report && !report.scan.packages) {
    runWarnings.push(`SBOM: ${VULNERABLE_ONLY_NOTE}`);
    logger.warning(`SBOM: ${VULNERABLE_ONLY_NOTE}`);
  }
  const result: RunResult = {
    startedAt,
    finishedAt: now().toISOString(),
    verdict: decideVerdict(findings, failOn, familyFailOn),
    failOn,
    familyFailOn,
    image,
    layerInstructions,
    ...(dockerfile && stage
      ? { layerFromBase: layerOrigins(dockerfile, stage, image).map((origin) => origin.kind === 'base') }
      : {}),
    ...(dockerfile ? { dockerfile: dockerfile.path } : {}),
    policyFiles: policy.files,
    findings,
    counts: countBySeverity(findings),
    suppressedCount: findings.filter((finding) => finding.suppressedBy).length,
    ...(report ? { scan: report.scan } : {}),
    ...(composeProjects.length > 0 ? { compose: composeSummary(composeProjects) } : {}),
    ...(k8s ? { kubernetes: kubernetesSummary(k8s) } : {}),
    ...policyFields(decided, config, (head) => {
      const headRules = rulesForImage(head, reference);
      const headFindings = evaluate(head, { ...checkContext, rules: headRules, allow: head.allow });
      const headFailOn = config.failOn ?? head.gate.failOn;
      const headFamily = config.failOn ? {} : familyFailOnFor(headRules);
      return {
        verdict: decideVerdict(headFindings, headFailOn, headFamily),
        failOn: headFailOn,
        counts: countBySeverity(headFindings.filter((finding) => !finding.suppressedBy)),
      };
    }),
    // A budget whose rule the policy turned off (`rules: {size/max: off}`) is not enforced: no line for it.
    budgets: budgetUsage(image, checkContext.rules).filter((budget) => policy.severities[budget.ruleId] !== 'off'),
    ...(runWarnings.length > 0 ? { warnings: runWarnings } : {}),
    ...(provenance ? { provenance: provenanceSummary(provenance) } : {}),
    ...(signatures ? { signatures: summarizeSignatures(signatures) } : {}),
    ...baselineFields(
      findings,
      baseline && config.baselineReport ? { baseline, file: displayPath(config.baselineReport) } : undefined,
      imageBaseline,
    ),
  };
  const category = config.category ?? defaultCategory(checkContext.imageRepository);
  const reports = await writeReports(result, config.outDir, {
    redactor: context.redactor,
    ...(config.sbom?.length ? { sbom: config.sbom } : {}),
    toolVersion: VERSION,
    category,
    ...(config.sarifAnchor !== undefined ? { unlocated: { anchorUri: config.sarifAnchor } } : {}),
    // Unless the entry point knows the CI's repository and run, summary.md links rule ids to their docs only.
    markdown: { links: context.reportLinks ?? RULE_DOCS_LINKS },
  });
  const vexFile = config.vexOut
    ? await writeVexOut(
        config.vexOut,
        { findings, image, reference, timestamp: startedAt, toolVersion: VERSION },
        context,
      )
    : undefined;
  // Last: the signed verdict goes beside the reports, which a failure here must not cost.
  const attestationFile = attestSigning
    ? await attestRun({
        signing: attestSigning,
        inputAttestations: inputAttestations(signatures, provenance?.documents),
        result,
        reference,
        decided,
        workspace: config.workspace,
        outDir: config.outDir,
        env: config.environment,
        logger,
        redactor: context.redactor,
        ...(config.attestPush ? { push: access } : {}),
      })
    : undefined;
  return {
    result,
    reports,
    category,
    ...(vexFile ? { vexFile } : {}),
    ...(attestationFile ? { attestationFile } : {}),
  };
}

/** The image's facts: read from the image when there is one, else from the report's Metadata. */
function imageFor(
  acquired: AcquiredImage | undefined,
  report: ParsedTrivyReport | undefined,
  config: RunConfig,
  logger: Logger,
): ImageFacts {
  if (acquired) {
    if (report?.image && !sameLayers(acquired.facts, report.image)) {
      logger.warning(
        `the Trivy report describes image ${report.image.id || report.scan.artifactName}, not ${acquired.facts.id}: ` +
          'vulnerabilities in layers this image does not have are located at the Dockerfile, not a layer',
      );
    }
    return acquired.facts;
  }
  if (report?.image) return report.image;
  const file = config.scan.kind === 'report' ? config.scan.file : 'the Trivy report';
  throw new ConfigurationError(
    'the Trivy report has no image metadata (Metadata.ImageConfig): it is not a container-image scan; give the image too (--image, --archive, --oci-layout or --context)',
    { path: file },
  );
}

function sameLayers(a: ImageFacts, b: ImageFacts): boolean {
  return a.layers.map((layer) => layer.diffId).join() === b.layers.map((layer) => layer.diffId).join();
}

/** Image-wide findings (size, layer count, user without USER) point at the final stage's FROM line. */
function imageWideLocation(dockerfile: Dockerfile | undefined, stage: Stage | undefined, imageName: string): Location {
  if (dockerfile && stage) {
    return { kind: 'source', path: dockerfile.path, line: stage.from.line, column: stage.from.column };
  }
  return { kind: 'image', image: imageName };
}

/** What identifies "this image" across builds: its repository, else the Dockerfile that makes it. */
function repositoryKey(reference: ImageReference | undefined, dockerfile: Dockerfile | undefined): string {
  if (reference) return `${reference.registry}/${reference.repository}`;
  return dockerfile ? `dockerfile:${dockerfile.path}` : 'untagged';
}

export function defaultCategory(repository: string): string {
  return `imagegate/image/${repository.replace(/[^A-Za-z0-9._/-]+/g, '-')}`;
}

/** Repository-relative path with `/` separators; paths outside the workspace stay absolute. */
export function workspaceRelative(workspace: string, file: string): string {
  const relative = path.relative(workspace, path.resolve(workspace, file));
  if (relative.startsWith('..') || path.isAbsolute(relative))
    return path.resolve(workspace, file).split(path.sep).join('/');
  return relative.split(path.sep).join('/');
}
