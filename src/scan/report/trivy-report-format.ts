import { isJsonObject } from './trivy-report-json.js';

/**
 * Names the JSON document a user passed instead of a Trivy JSON report, so the error can say what they gave and
 * what to run instead. Trivy writes most of these formats itself (`--format sarif|cyclonedx|spdx-json|template|
 * github`), which is the usual mix-up.
 */

export const EXPECTED_REPORT = 'a Trivy JSON report (`trivy image --format json --output FILE`)';

/** What the document looks like when it is not a Trivy JSON report; undefined when it is unrecognizable. */
export function recognizeOtherFormat(value: unknown): string | undefined {
  if (Array.isArray(value)) return recognizeArray(value);
  if (!isJsonObject(value)) return undefined;
  const schema = typeof value.$schema === 'string' ? value.$schema.toLowerCase() : '';
  if (schema.includes('sarif') || (Array.isArray(value.runs) && typeof value.version === 'string')) {
    return 'a SARIF log (`--format sarif`)';
  }
  if (value.bomFormat === 'CycloneDX' || schema.includes('cyclonedx')) return 'a CycloneDX SBOM (`--format cyclonedx`)';
  if (typeof value.spdxVersion === 'string') return 'an SPDX document (`--format spdx-json`)';
  if (Array.isArray(value.Findings)) return 'an AWS Security Finding Format document (ASFF)';
  if (isJsonObject(value.detector) && isJsonObject(value.manifests)) {
    return 'a GitHub dependency snapshot (`--format github`)';
  }
  if (isJsonObject(value.scan) && Array.isArray(value.vulnerabilities)) {
    return 'a GitLab security report (Trivy `--format template` with gitlab.tpl)';
  }
  if (typeof value.verdict === 'string' && Array.isArray(value.findings)) {
    return "imagegate's own result (imagegate.json; that is what --baseline-report takes)";
  }
  if (typeof value.Target === 'string' && ('Vulnerabilities' in value || 'Class' in value)) {
    return 'a single Trivy result, not a whole report';
  }
  return undefined;
}

function recognizeArray(value: unknown[]): string | undefined {
  const first: unknown = value[0];
  if (value.length === 0) return 'an empty JSON array';
  if (!isJsonObject(first)) return 'a JSON array';
  if (typeof first.Target === 'string') {
    return 'a Trivy report from before v0.20 (a bare array of results without SchemaVersion)';
  }
  if (typeof first.check_name === 'string' && typeof first.fingerprint === 'string') {
    return 'a GitLab Code Quality report';
  }
  return 'a JSON array';
}
