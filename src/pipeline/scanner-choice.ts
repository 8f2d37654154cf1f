import type { ImageRules } from '../policy/types.js';
import type { ScanOptions, TrivyScanner } from '../scan/scan-options.js';

/**
 * Which Trivy scanners run, decided once the policy is known: `vuln` by default, plus the scanners the policy's
 * rules need (`secrets.forbid: true` → `secret`, a `licenses.forbid` list → `license`). A scanner list the user
 * gave (`--scanners`, the `scanners` input) is the last word; a policy rule it leaves without its scanner, or that
 * a skipped scan cannot feed, is a warning, never silence: a policy that says "no secrets" while nothing looks
 * for them would pass every image.
 */

/** One scanner that ran and why: `default`, `policy: secrets.forbid`, `--scanners`. */
export interface ScannerReason {
  name: TrivyScanner;
  reason: string;
}

export interface ScannerChoice {
  /** The scan to run: `scan` with the chosen scanners. */
  scan: ScanOptions;
  /** For a Trivy run: each scanner and why it runs, in Trivy's order. */
  scanners?: ScannerReason[];
  /** Policy rules that cannot run, as the summary and stderr say it. */
  warnings: string[];
}

/** The policy rules that need a scanner beyond `vuln`: scanner, policy key, what goes unchecked without it. */
interface PolicyNeed {
  scanner: TrivyScanner;
  key: string;
  unchecked: string;
}

const ORDER: readonly TrivyScanner[] = ['vuln', 'secret', 'license'];

/** What the image's rules (defaults with its `images[]` overrides) need. */
export function policyNeeds(rules: ImageRules): PolicyNeed[] {
  const needs: PolicyNeed[] = [];
  if (rules.secrets.forbid === true) {
    needs.push({ scanner: 'secret', key: 'secrets.forbid', unchecked: 'no file in the image is checked for secrets' });
  }
  if ((rules.licenses.forbid ?? []).length > 0) {
    needs.push({
      scanner: 'license',
      key: 'licenses.forbid',
      unchecked: 'no package license is checked against it',
    });
  }
  return needs;
}

export function chooseScanners(scan: ScanOptions, rules: ImageRules): ScannerChoice {
  const needs = policyNeeds(rules);
  if (scan.kind === 'skip') {
    return {
      scan,
      warnings: needs.map(
        (need) =>
          `the policy sets ${need.key}, but the scan is skipped: ${need.unchecked} (drop the skip to run Trivy's ${need.scanner} scanner)`,
      ),
    };
  }
  // A report the user brought records no scanner list: what it holds is what was scanned.
  if (scan.kind === 'report') return { scan, warnings: [] };
  if (scan.scannersOption !== undefined) {
    const option = scan.scannersOption;
    const missing = needs.filter((need) => !scan.scanners.includes(need.scanner));
    return {
      scan,
      scanners: ORDER.filter((name) => scan.scanners.includes(name)).map((name) => ({ name, reason: option })),
      warnings: missing.map(
        (need) =>
          `the policy sets ${need.key}, but ${option} ${scan.scanners.join(',')} leaves Trivy's ${need.scanner} scanner off: ` +
          `${need.unchecked} (add ${need.scanner} to ${option}, or leave it unset to follow the policy)`,
      ),
    };
  }
  const reasons = new Map<TrivyScanner, string>(scan.scanners.map((name) => [name, 'default']));
  for (const need of needs) {
    const before = reasons.get(need.scanner);
    reasons.set(
      need.scanner,
      before === undefined || before === 'default' ? `policy: ${need.key}` : `${before}, ${need.key}`,
    );
  }
  const scanners = ORDER.filter((name) => reasons.has(name));
  return {
    scan: { ...scan, scanners },
    scanners: scanners.map((name) => ({ name, reason: reasons.get(name) ?? 'default' })),
    warnings: [],
  };
}

/** `vuln (default), secret (policy: secrets.forbid)`: how the summary and the log say it. */
export function describeScanners(scanners: readonly ScannerReason[]): string {
  return scanners.map((scanner) => `${scanner.name} (${scanner.reason})`).join(', ');
}
