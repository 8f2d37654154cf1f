import path from 'node:path';
import type { CheckContext, SeverityLookup } from '../checks/context.js';
import { runImageChecks } from '../checks/run-checks.js';
import type { RunConfig } from '../config/run-config.js';
import type { Finding } from '../model/findings.js';
import { acquireImage } from './acquire-image.js';
import { hideConfigSecrets } from './config-secrets-stage.js';
import type { ImageFacts } from '../image/facts.js';
import { parseImageReference, type ImageReference } from '../model/image-reference.js';
import { rulesForImage } from '../policy/image-match.js';
import type { Policy } from '../policy/types.js';
import { compareWithBaseline, type Baseline, type BaselineFinding } from '../baseline/baseline.js';
import { ruleFamily } from '../report/scan-findings.js';
import type { BaselineImageSummary, RuleFamily, RunResult } from '../report/run-result.js';
import { runScanStage, type ScanEnvironment } from './scan-stage.js';
import type { Logger } from '../util/logger.js';

/**
 * A baseline made from an image (`--baseline-image`, e.g. the main branch's build) instead of an earlier report:
 * the image is read like the one under test, scanned when Trivy scans that one, and checked under the same policy
 * as if it were that image (its rules, allowlist and repository, so fingerprints match). Only the families an
 * image alone decides are compared: base-image findings need the Dockerfile the baseline was built from, compose
 * findings the files of its commit, and allowlist findings say nothing about the image.
 */

export type BaselineImageInput = NonNullable<RunConfig['baselineImage']>;

export interface ImageBaselineRequest {
  config: RunConfig;
  input: BaselineImageInput;
  policy: Policy;
  /** The image under test: its reference selects the rules and allowlist entries, its repository the fingerprints. */
  reference: ImageReference | undefined;
  imageRepository: string;
  severityFor: SeverityLookup;
  now: Date;
  displayPath: (file: string) => string;
}

export interface ImageBaseline {
  baseline: Baseline;
  image: BaselineImageSummary;
  /** The rule families compared: findings of other families are not in the baseline and must be left out. */
  families: RuleFamily[];
}

const IMAGE_FAMILIES: RuleFamily[] = ['size', 'layers', 'user'];
const SCAN_FAMILIES: RuleFamily[] = ['vuln', 'secret', 'license'];

export async function readImageBaseline(
  request: ImageBaselineRequest,
  scanEnvironment: ScanEnvironment,
  context: { logger: Logger },
): Promise<ImageBaseline> {
  const { config, logger } = { ...request, logger: context.logger };
  const name = describeInput(request.input);
  return logger.group(`baseline image ${name}`, async () => {
    const read = await acquireImage(config, request.input, logger);
    // As for the image under test: its config's secrets are `***` from here on, and masked in every output.
    const acquired = { ...read, facts: hideConfigSecrets(read.facts, request.policy, logger) };
    // Scanned only when imagegate runs Trivy: a report the user brings describes the image under test alone.
    const scanned = config.scan.kind === 'trivy';
    const report = scanned
      ? await runScanStage(
          {
            scan: config.scan,
            image: acquired.scanInput,
            ...(config.platform ? { platform: config.platform } : {}),
            outDir: path.join(config.outDir, 'baseline'),
            displayPath: request.displayPath,
          },
          // The DB is fresh from the image's own scan and already saved: no second restore or save.
          { ...scanEnvironment, dbCache: undefined },
          { logger },
        )
      : undefined;
    const families = scanned ? [...IMAGE_FAMILIES, ...SCAN_FAMILIES] : IMAGE_FAMILIES;
    const facts = acquired.facts;
    const imageName = facts.reference ? tryNormalize(facts.reference) : facts.id;
    const checkContext: CheckContext = {
      image: facts,
      ...(request.reference ? { reference: request.reference } : {}),
      imageName,
      imageRepository: request.imageRepository,
      rules: rulesForImage(request.policy, request.reference),
      layerOrigins: facts.layers.map(() => undefined),
      imageLocation: { kind: 'image', image: imageName },
      ...(report ? { scan: report.scan } : {}),
      ...(config.scan.kind === 'trivy' ? { scanners: config.scan.scanners } : {}),
      allow: request.policy.allow,
      now: request.now,
    };
    const findings = runImageChecks(checkContext, request.severityFor).filter((finding) =>
      (families as string[]).includes(ruleFamily(finding.ruleId)),
    );
    logger.info(`baseline image ${name}: ${findings.filter((f) => !f.suppressedBy).length} active findings`);
    return {
      baseline: {
        file: name,
        toolVersion: null,
        startedAt: null,
        image: imageName,
        findings: findings.map(baselineFinding),
      },
      image: summarize(facts, name),
      families,
    };
  });
}

/** Keeps only the findings a baseline of `families` can speak for. */
export function comparableFindings(findings: readonly Finding[], families: readonly RuleFamily[]): Finding[] {
  return findings.filter((finding) => (families as readonly string[]).includes(ruleFamily(finding.ruleId)));
}

export function summarize(facts: ImageFacts, name: string): BaselineImageSummary {
  return {
    name: facts.reference ?? name,
    size: facts.size,
    ...(facts.compressedSize !== undefined ? { compressedSize: facts.compressedSize } : {}),
    layers: facts.layers.map((layer) => {
      const entry = layer.historyIndex === undefined ? undefined : facts.history[layer.historyIndex];
      return { diffId: layer.diffId, size: layer.size, ...(entry ? { createdBy: entry.createdBy } : {}) };
    }),
  };
}

function baselineFinding(finding: Finding): BaselineFinding {
  const { location } = finding;
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    fingerprint: finding.fingerprint,
    suppressed: finding.suppressedBy !== undefined,
    location:
      location.kind === 'source'
        ? { path: location.path, line: location.line, column: location.column ?? null }
        : { image: location.image, layer: location.layer ?? null },
    properties: finding.properties ?? {},
  };
}

function describeInput(input: BaselineImageInput): string {
  return 'reference' in input ? input.reference : input.path;
}

function tryNormalize(reference: string): string {
  try {
    return parseImageReference(reference).normalized;
  } catch {
    return reference;
  }
}

/**
 * The run's `baseline` and `baselineImage`: against the report (whose recorded image gives the deltas), or against
 * the baseline image with only its families compared.
 */
export function baselineFields(
  findings: readonly Finding[],
  report: { baseline: Baseline; file: string } | undefined,
  image: ImageBaseline | undefined,
): Pick<RunResult, 'baseline' | 'baselineImage'> {
  if (image) {
    return {
      baseline: {
        ...compareWithBaseline(comparableFindings(findings, image.families), image.baseline),
        file: image.baseline.file,
        families: image.families,
      },
      baselineImage: image.image,
    };
  }
  if (!report) return {};
  return {
    baseline: { ...compareWithBaseline(findings, report.baseline), file: report.file },
    ...(report.baseline.imageSummary ? { baselineImage: report.baseline.imageSummary } : {}),
  };
}
