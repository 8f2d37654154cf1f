import path from 'node:path';
import { buildImage } from './build/docker-build.js';
import type { CheckContext } from './checks/context.js';
import { runImageChecks } from './checks/run-checks.js';
import type { RunConfig } from './config/run-config.js';
import { layerOrigins } from './dockerfile/history-map.js';
import { finalStage, readDockerfile } from './dockerfile/parse.js';
import type { Dockerfile, Stage } from './dockerfile/types.js';
import { countBySeverity, type Location, type SourceLocation } from './findings.js';
import { decideVerdict, familyFailOnFor } from './gate.js';
import type { ImageFacts } from './image/facts.js';
import { readImage } from './image/read-image.js';
import { parseImageReference, type ImageReference } from './image/reference.js';
import { rulesForImage, severityFor } from './policy/image-match.js';
import { defaultPolicy, loadPolicy } from './policy/load.js';
import type { Policy } from './policy/types.js';
import { writeReports, type ReportPaths } from './report/write-reports.js';
import type { RunResult } from './run-result.js';
import type { Logger } from './util/logger.js';
import { VERSION } from './version.js';

export interface PipelineContext {
  logger: Logger;
  /** Clock injection keeps report timestamps testable. */
  now?: () => Date;
}

export interface PipelineOutcome {
  result: RunResult;
  reports: ReportPaths;
  /** SARIF category used for this image (publishers upload under it). */
  category: string;
}

/**
 * One run, platform-agnostic: policy and Dockerfile first (cheap, and a mistake there should not cost a build),
 * then the image, then pure checks, the verdict, and the report files — written before any publisher uploads.
 */
export async function runPipeline(config: RunConfig, context: PipelineContext): Promise<PipelineOutcome> {
  const { logger } = context;
  const now = context.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const displayPath = (file: string) => workspaceRelative(config.workspace, file);

  const policy = await loadPolicyFor(config, displayPath);
  const dockerfile = config.dockerfile
    ? await readDockerfile(config.dockerfile, {
        displayPath: displayPath(config.dockerfile),
        buildArgs: config.buildArgs,
      })
    : undefined;
  const stage = dockerfile ? finalStage(dockerfile, config.target) : undefined;

  const image = await acquireImage(config, logger);
  const reference = image.reference ? parseImageReference(image.reference) : undefined;
  const layerInstructions =
    dockerfile && stage ? locateLayers(dockerfile, stage, image) : image.layers.map(() => undefined);
  const imageName = reference?.normalized ?? image.id;
  const checkContext: CheckContext = {
    image,
    ...(reference ? { reference } : {}),
    imageName,
    imageRepository: repositoryKey(reference, dockerfile),
    rules: rulesForImage(policy, reference),
    ...(dockerfile ? { dockerfile } : {}),
    ...(stage ? { stage } : {}),
    layerOrigins: layerInstructions,
    imageLocation: imageWideLocation(dockerfile, stage, imageName),
    allow: policy.allow,
    now: now(),
  };
  const findings = runImageChecks(checkContext, (ruleId, fallback) => severityFor(policy, ruleId, fallback));
  const failOn = config.failOn ?? policy.gate.failOn;
  // `--fail-on` is the run's last word: it replaces the policy's per-family thresholds too.
  const familyFailOn = config.failOn ? {} : familyFailOnFor(checkContext.rules);
  const result: RunResult = {
    startedAt,
    finishedAt: now().toISOString(),
    verdict: decideVerdict(findings, failOn, familyFailOn),
    failOn,
    familyFailOn,
    image,
    layerInstructions,
    ...(dockerfile ? { dockerfile: dockerfile.path } : {}),
    policyFiles: policy.files,
    findings,
    counts: countBySeverity(findings),
    suppressedCount: findings.filter((finding) => finding.suppressedBy).length,
  };
  const category = config.category ?? defaultCategory(checkContext.imageRepository);
  const reports = await writeReports(result, config.outDir, { toolVersion: VERSION, category });
  return { result, reports, category };
}

async function loadPolicyFor(config: RunConfig, displayPath: (file: string) => string): Promise<Policy> {
  return config.policyFile ? loadPolicy(config.policyFile, { displayPath }) : defaultPolicy();
}

async function acquireImage(config: RunConfig, logger: Logger): Promise<ImageFacts> {
  const input = config.image;
  if (input.kind !== 'build')
    return readImage(input, { logger, ...(config.platform ? { platform: config.platform } : {}) });
  if (!config.dockerfile) throw new Error('a build needs a Dockerfile; the entry point must resolve one');
  const built = await buildImage(
    {
      context: input.context,
      dockerfile: config.dockerfile,
      buildArgs: config.buildArgs,
      tag: input.tag,
      ...(config.target ? { target: config.target } : {}),
      ...(config.platform ? { platform: config.platform } : {}),
    },
    { logger },
  );
  logger.info(`built ${built.tag} (${built.imageId}) with ${built.builder}`);
  return readImage({ kind: 'daemon', reference: built.tag }, { logger });
}

function locateLayers(dockerfile: Dockerfile, stage: Stage, image: ImageFacts): Array<SourceLocation | undefined> {
  return layerOrigins(dockerfile, stage, image).map((origin) => {
    if (origin.kind === 'instruction') {
      return {
        kind: 'source',
        path: dockerfile.path,
        line: origin.instruction.line,
        column: origin.instruction.column,
      };
    }
    if (origin.kind === 'base')
      return { kind: 'source', path: dockerfile.path, line: origin.from.line, column: origin.from.column };
    return undefined;
  });
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
