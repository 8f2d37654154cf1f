import { fingerprintOf, type Finding } from '../model/findings.js';
import { DEFAULT_UNKNOWN_SEVERITY } from '../policy/types.js';
import type { SecretFacts } from '../scan/types.js';
import type { CheckContext } from './context.js';
import { scanLocator } from './scan-location.js';
import { md, type Message } from '../util/markdown-message.js';
import { fromScannerSeverity } from './vulnerabilities.js';

/** The ruleId prefix of secret findings: `secret/aws-access-key-id`. */
export const SECRET_RULE_PREFIX = 'secret/';

/**
 * `secrets.forbid` (on unless set to false): every secret the scan found is a finding `secret/<Trivy rule id>` at
 * Trivy's severity, on the instruction that added the file. Messages name the file and line, never the secret,
 * and nothing of Trivy's match (redacted or not) leaves this function except through the fingerprint hash.
 */
export function checkSecrets(context: CheckContext): Finding[] {
  const scan = context.scan;
  if (!scan || scan.secrets.length === 0 || context.rules.secrets.forbid === false) return [];
  const unknownSeverity = context.rules.vulnerabilities.unknownSeverity ?? DEFAULT_UNKNOWN_SEVERITY;
  const locate = scanLocator(context);
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const secret of scan.secrets) {
    const key = `${secret.ruleId}\u0000${secret.target}\u0000${secret.startLine ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const ruleId = `${SECRET_RULE_PREFIX}${secret.ruleId}`;
    const message = secretMessage(secret);
    findings.push({
      ruleId,
      severity: fromScannerSeverity(secret.severity, unknownSeverity),
      message: message.text,
      messageMarkdown: message.markdown,
      location: locate(secret.layerDiffId),
      // The redacted match survives the secret moving to another line of the file; the line is the fallback.
      fingerprint: fingerprintOf(ruleId, context.imageRepository, secret.target, secret.match ?? secret.startLine),
      properties: {
        secretRuleId: secret.ruleId,
        category: secret.category,
        title: secret.title,
        target: secret.target,
        startLine: secret.startLine ?? null,
        scannerSeverity: secret.severity,
        layerDiffId: secret.layerDiffId ?? null,
      },
    });
  }
  return findings;
}

function secretMessage(secret: SecretFacts): Message {
  const line = secret.startLine !== undefined ? md` line ${secret.startLine}` : md``;
  return md`Secret in the image: ${secret.title} (${secret.ruleId}) in ${secret.target}${line}. Remove it from the image and rotate it; pass build secrets with \`RUN --mount=type=secret\` so they never land in a layer.`;
}
