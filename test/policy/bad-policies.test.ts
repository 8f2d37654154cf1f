import { loadPolicy, MAX_POLICY_FILE_BYTES } from '../../src/policy/load.js';
import { PolicyError } from '../../src/policy/problems.js';
import { ConfigurationError, ExitCode } from '../../src/util/errors.js';
import { makePolicyDir, type PolicyDir } from './temp-policies.js';

/**
 * Bad policy files, each with the exact messages imagegate must print: file:line:column, then what was
 * expected. The first message is also the thrown error's own position and headline.
 */
interface BadCase {
  /** Files to write; the first one is loaded. */
  files: Record<string, string>;
  expected: string[];
}

const cases: Record<string, BadCase> = {
  'malformed YAML (unclosed flow sequence)': {
    files: { 'malformed.yml': 'version: 1\ndefaults: [\n' },
    expected: [
      'malformed.yml:3:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ],
  },
  'malformed YAML (unclosed quote)': {
    files: { 'quote.yml': 'version: 1\ngate:\n  failOn: "high\n' },
    expected: ['quote.yml:4:1: YAML syntax error: Missing closing "quote'],
  },
  'malformed JSON (missing comma)': {
    files: { 'comma.json': '{\n  "version": 1\n  "gate": {"failOn": "high"}\n}\n' },
    expected: ["comma.json:3:3: JSON syntax error: Expected ',' or '}' after property value"],
  },
  'tab indentation': {
    files: { 'tabs.yml': 'version: 1\ndefaults:\n\tuser:\n\t\tforbidRoot: true\n' },
    expected: [
      'tabs.yml:3:1: tabs are not allowed for indentation in YAML; indent with spaces',
      'tabs.yml:4:1: tabs are not allowed for indentation in YAML; indent with spaces',
    ],
  },
  'duplicate top-level key': {
    files: { 'dup.yml': 'version: 1\ngate: { failOn: high }\ngate: { failOn: low }\n' },
    expected: ['dup.yml:3:1: duplicate key `gate`; a key may appear once in a map'],
  },
  'duplicate nested key': {
    files: { 'dup-nested.yml': 'version: 1\ndefaults:\n  size:\n    max: 1GB\n    max: 2GB\n' },
    expected: ['dup-nested.yml:5:5: duplicate key `max`; a key may appear once in a map'],
  },
  'empty file': {
    files: { 'empty.yml': '' },
    expected: ['empty.yml:1:1: the policy file is empty; expected a map that starts with `version: 1`'],
  },
  'only comments': {
    files: { 'comments.yml': '# policy to come\n\n' },
    expected: ['comments.yml:1:1: the policy file is empty; expected a map that starts with `version: 1`'],
  },
  'list at top level': {
    files: { 'list.yml': '- version: 1\n- gate: {}\n' },
    expected: [
      'list.yml:1:1: expected a map at the top level (version, extends, defaults, images, gate, allow, compose, rescan, rules), found a list',
    ],
  },
  'text at top level': {
    files: { 'text.yml': 'strict\n' },
    expected: [
      'text.yml:1:1: expected a map at the top level (version, extends, defaults, images, gate, allow, compose, rescan, rules), found a single string',
    ],
  },
  'missing version': {
    files: { 'no-version.yml': '# team policy\ngate:\n  failOn: high\n' },
    expected: ['no-version.yml:2:1: missing required key `version`; add `version: 1`'],
  },
  'unsupported version': {
    files: { 'v2.yml': 'version: 2\n' },
    expected: ['v2.yml:1:10: unsupported policy version 2; this imagegate reads `version: 1`'],
  },
  'version as a string': {
    files: { 'v-string.yml': "version: '1'\n" },
    expected: [
      'v-string.yml:1:10: `version`: expected the number 1, found the string "1"; write `version: 1` without quotes',
    ],
  },
  'unknown top-level key with did-you-mean': {
    files: { 'typo-top.yml': 'version: 1\ndefualts:\n  size: { max: 1GB }\n' },
    expected: [
      'typo-top.yml:2:1: unknown key `defualts` at the top level; did you mean `defaults`? (allowed: $schema, version, extends, defaults, images, gate, allow, compose, rescan, rules, signatures, kubernetes, scan)',
    ],
  },
  'unknown keys named like Object.prototype members get no hint from the prototype': {
    files: { 'proto-keys.yml': 'version: 1\ntoString: 1\nconstructor: 2\n' },
    expected: [
      'proto-keys.yml:2:1: unknown key `toString` at the top level (allowed: $schema, version, extends, defaults, images, gate, allow, compose, rescan, rules, signatures, kubernetes, scan)',
      'proto-keys.yml:3:1: unknown key `constructor` at the top level (allowed: $schema, version, extends, defaults, images, gate, allow, compose, rescan, rules, signatures, kubernetes, scan)',
    ],
  },
  'unknown nested key with did-you-mean': {
    files: { 'typo-nested.yml': 'version: 1\ndefaults:\n  layers:\n    max: 10\n    maxLayerSise: 100MB\n' },
    expected: [
      'typo-nested.yml:5:5: unknown key `maxLayerSise` in `defaults.layers`; did you mean `maxLayerSize`? (allowed: max, maxLayerSize, maxWasted, minEfficiency)',
    ],
  },
  'unknown key in an images entry': {
    files: { 'typo-image.yml': 'version: 1\nimages:\n  - match: "ghcr.io/acme/*"\n    sise: { max: 1GB }\n' },
    expected: [
      'typo-image.yml:4:5: unknown key `sise` in `images[0]`; did you mean `size`? (allowed: match, size, layers, base, user, vulnerabilities, secrets, licenses, hygiene, fs, accounts, config, dockerfile, provenance)',
    ],
  },
  'rules at the top level instead of under defaults': {
    files: { 'misplaced.yml': 'version: 1\nsize:\n  max: 300MB\n' },
    expected: [
      'misplaced.yml:2:1: unknown key `size` at the top level; rules for images go under `defaults:` or in an `images:` entry (allowed: $schema, version, extends, defaults, images, gate, allow, compose, rescan, rules, signatures, kubernetes, scan)',
    ],
  },
  'sections of later releases are unknown keys today': {
    files: { 'future.yml': 'version: 1\nnotify:\n  slack: daily\n' },
    expected: [
      'future.yml:2:1: unknown key `notify` at the top level (allowed: $schema, version, extends, defaults, images, gate, allow, compose, rescan, rules, signatures, kubernetes, scan)',
    ],
  },
  'vulnerability rules at the top level instead of under defaults': {
    files: { 'vuln-top.yml': 'version: 1\nvulnerabilities:\n  failOn: high\n' },
    expected: [
      'vuln-top.yml:2:1: unknown key `vulnerabilities` at the top level; rules for images go under `defaults:` or in an `images:` entry; accepted findings under `allow:` (allowed: $schema, version, extends, defaults, images, gate, allow, compose, rescan, rules, signatures, kubernetes, scan)',
    ],
  },
  'size with a plural unit and a space': {
    files: { 'size-plural.yml': 'version: 1\ndefaults:\n  size:\n    max: 300 MBs\n' },
    expected: [
      'size-plural.yml:4:10: `defaults.size.max`: expected a size such as 300MB, 1.5GiB, 512KiB or a whole number of bytes, found the string "300 MBs"',
    ],
  },
  'negative size': {
    files: { 'size-negative.yml': 'version: 1\ndefaults:\n  size:\n    max: -1MB\n' },
    expected: [
      'size-negative.yml:4:10: `defaults.size.max`: expected a size such as 300MB, 1.5GiB, 512KiB or a whole number of bytes, found the string "-1MB"',
    ],
  },
  'size in exponent notation': {
    files: { 'size-exponent.yml': 'version: 1\ndefaults:\n  layers:\n    maxLayerSize: 1e3\n' },
    expected: [
      'size-exponent.yml:4:19: `defaults.layers.maxLayerSize`: expected a size such as 300MB, 1.5GiB, 512KiB or a whole number of bytes, found 1e3 (a number in exponent notation)',
    ],
  },
  'fractional byte count': {
    files: { 'size-fraction.yml': 'version: 1\nimages:\n  - match: alpine\n    size: { maxCompressed: 1.5 }\n' },
    expected: [
      'size-fraction.yml:4:28: `images[0].size.maxCompressed`: expected a size such as 300MB, 1.5GiB, 512KiB or a whole number of bytes, found the number 1.5',
    ],
  },
  'empty size': {
    files: { 'size-empty.yml': 'version: 1\ndefaults:\n  size:\n    max:\n' },
    expected: [
      'size-empty.yml:4:5: `defaults.size.max`: expected a size such as 300MB, 1.5GiB, 512KiB or a whole number of bytes, found an empty value',
    ],
  },
  'bad gate severity': {
    files: { 'failon.yml': 'version: 1\ngate:\n  failOn: severe\n' },
    expected: [
      'failon.yml:3:11: `gate.failOn`: expected one of: critical, high, medium, low, info, never, found the string "severe"',
    ],
  },
  'bad rule severity': {
    files: { 'rule-severity.yml': 'version: 1\nrules:\n  size/max: disabled\n' },
    expected: [
      'rule-severity.yml:3:13: `rules["size/max"]`: expected one of: critical, high, medium, low, info, off, found the string "disabled"',
    ],
  },
  'unknown rule id with did-you-mean': {
    files: { 'rule-id.yml': 'version: 1\nrules:\n  size.max: low\n' },
    expected: [
      'rule-id.yml:3:3: unknown key `size.max` in `rules`; did you mean `size/max`? (allowed: size/max, size/max-compressed, layers/max, layers/max-layer-size, layers/max-wasted, layers/min-efficiency, hygiene/package-cache, hygiene/toolchain, hygiene/no-dockerignore, base/not-allowed, base/digest-required, base/forbidden-tag, base/unverifiable, base/stale, base/too-old, user/root, license/forbidden, compose/writable-bind-mount, compose/engine-socket, compose/sensitive-host-path, compose/ineffective-mode, compose/writable-volumes-from, compose/writable-rootfs, compose/privileged, compose/host-namespace, compose/dangerous-capability, compose/unconfined-profile, compose/shared-propagation, compose/secret-variable, compose/no-new-privileges, compose/memory-limit, compose/pids-limit, compose/privileged-port, compose/image-runs-as-root, compose/image-volume-anonymous, allow/expired, allow/unused, fs/setuid, fs/setgid, fs/world-writable, fs/sudo, fs/sshd, user/empty-password, user/duplicate-root, user/duplicate-id, user/unknown, user/accounts-unchecked, config/secret, config/expose-ssh, dockerfile/add-instead-of-copy, dockerfile/pipe-to-shell, dockerfile/update-alone, dockerfile/upgrade, dockerfile/no-healthcheck, vex/unused, provenance/missing, provenance/untrusted-builder, provenance/untrusted-source, provenance/unpinned-base, provenance/invalid-signature, signature/missing, signature/invalid, signature/untrusted-signer, k8s/engine-socket, k8s/sensitive-host-path, k8s/writable-host-path, k8s/host-path-create, k8s/host-path-subpath, k8s/writable-mount, k8s/writable-rootfs, k8s/storage-limit, k8s/privileged, k8s/privilege-escalation, k8s/host-namespace, k8s/dangerous-capability, k8s/unconfined-profile, k8s/service-account-token, k8s/host-path-volume, k8s/volume-type, k8s/host-port, k8s/run-as-root, k8s/image-runs-as-root, k8s/image-volume-unmounted, k8s/unsafe-sysctl, scan/db-too-old)',
    ],
  },
  'unknown rule id without a close match': {
    files: { 'rule-unknown.yml': 'version: 1\nrules:\n  vulnerabilities/critical: high\n' },
    expected: [
      'rule-unknown.yml:3:3: unknown key `vulnerabilities/critical` in `rules` (allowed: size/max, size/max-compressed, layers/max, layers/max-layer-size, layers/max-wasted, layers/min-efficiency, hygiene/package-cache, hygiene/toolchain, hygiene/no-dockerignore, base/not-allowed, base/digest-required, base/forbidden-tag, base/unverifiable, base/stale, base/too-old, user/root, license/forbidden, compose/writable-bind-mount, compose/engine-socket, compose/sensitive-host-path, compose/ineffective-mode, compose/writable-volumes-from, compose/writable-rootfs, compose/privileged, compose/host-namespace, compose/dangerous-capability, compose/unconfined-profile, compose/shared-propagation, compose/secret-variable, compose/no-new-privileges, compose/memory-limit, compose/pids-limit, compose/privileged-port, compose/image-runs-as-root, compose/image-volume-anonymous, allow/expired, allow/unused, fs/setuid, fs/setgid, fs/world-writable, fs/sudo, fs/sshd, user/empty-password, user/duplicate-root, user/duplicate-id, user/unknown, user/accounts-unchecked, config/secret, config/expose-ssh, dockerfile/add-instead-of-copy, dockerfile/pipe-to-shell, dockerfile/update-alone, dockerfile/upgrade, dockerfile/no-healthcheck, vex/unused, provenance/missing, provenance/untrusted-builder, provenance/untrusted-source, provenance/unpinned-base, provenance/invalid-signature, signature/missing, signature/invalid, signature/untrusted-signer, k8s/engine-socket, k8s/sensitive-host-path, k8s/writable-host-path, k8s/host-path-create, k8s/host-path-subpath, k8s/writable-mount, k8s/writable-rootfs, k8s/storage-limit, k8s/privileged, k8s/privilege-escalation, k8s/host-namespace, k8s/dangerous-capability, k8s/unconfined-profile, k8s/service-account-token, k8s/host-path-volume, k8s/volume-type, k8s/host-port, k8s/run-as-root, k8s/image-runs-as-root, k8s/image-volume-unmounted, k8s/unsafe-sysctl, scan/db-too-old)',
    ],
  },
  'yes is not a boolean in YAML 1.2': {
    files: { 'yes.yml': 'version: 1\ndefaults:\n  user:\n    forbidRoot: yes\n' },
    expected: [
      'yes.yml:4:17: `defaults.user.forbidRoot`: expected true or false, found the string "yes" (YAML 1.2 reads yes as a string)',
    ],
  },
  'layer count below one': {
    files: { 'layers-zero.yml': 'version: 1\ndefaults:\n  layers: { max: 0 }\n' },
    expected: ['layers-zero.yml:3:18: `defaults.layers.max`: expected an integer of at least 1, found the number 0'],
  },
  'layer count as text': {
    files: { 'layers-text.yml': 'version: 1\ndefaults:\n  layers: { max: ten }\n' },
    expected: ['layers-text.yml:3:18: `defaults.layers.max`: expected an integer, found the string "ten"'],
  },
  'forbidTags as a string': {
    files: { 'tags-string.yml': 'version: 1\ndefaults:\n  base:\n    forbidTags: latest\n' },
    expected: ['tags-string.yml:4:17: `defaults.base.forbidTags`: expected a list, found the string "latest"'],
  },
  'bad base scope': {
    files: { 'scope.yml': 'version: 1\ndefaults:\n  base:\n    scope: final\n' },
    expected: [
      'scope.yml:4:12: `defaults.base.scope`: expected one of: final-stage, all-stages, found the string "final"',
    ],
  },
  'images entry without match': {
    files: { 'no-match.yml': 'version: 1\nimages:\n  - size: { max: 1GB }\n' },
    expected: [
      'no-match.yml:3:5: `images[0]`: missing required key `match`; the glob of the images this entry applies to, such as ghcr.io/acme/*',
    ],
  },
  'upper-case image pattern': {
    files: { 'pattern-case.yml': 'version: 1\nimages:\n  - match: "ghcr.io/Acme/*"\n' },
    expected: [
      "pattern-case.yml:3:12: `images[0].match`: the image pattern 'ghcr.io/Acme/*' can never match: repository names are lower-case",
    ],
  },
  'image pattern with a space': {
    files: {
      'pattern-space.yml': 'version: 1\ndefaults:\n  base:\n    allow:\n      - alpine:3.20\n      - "alpine 3"\n',
    },
    expected: [
      'pattern-space.yml:6:9: `defaults.base.allow[1]`: expected an image glob such as docker.io/library/alpine:3.* or ghcr.io/acme/** (no spaces), found the string "alpine 3"',
    ],
  },
  'allow entry without a reason': {
    files: {
      'allow-reason.yml':
        'version: 1\nallow:\n  vulnerabilities:\n    - id: CVE-2024-3094\n      expires: 2027-01-31\n',
    },
    expected: [
      'allow-reason.yml:4:7: `allow.vulnerabilities[0]`: missing required key `reason`; say why the finding is accepted',
    ],
  },
  'allow entry without an expiry': {
    files: {
      'allow-expires.yml':
        'version: 1\nallow:\n  vulnerabilities:\n    - { id: CVE-2024-3094, reason: not reachable }\n',
    },
    expected: [
      'allow-expires.yml:4:7: `allow.vulnerabilities[0]`: missing required key `expires`; the last day (YYYY-MM-DD) the entry applies, so that it is reviewed',
    ],
  },
  'allow entry with a blank reason': {
    files: {
      'allow-blank.yml':
        'version: 1\nallow:\n  secrets:\n    - id: private-key\n      reason: "  "\n      expires: 2027-01-31\n',
    },
    expected: [
      'allow-blank.yml:5:15: `allow.secrets[0].reason`: expected a reason that is not blank, found the string "  "',
    ],
  },
  'allow expiry on a day that does not exist': {
    files: {
      'allow-date.yml':
        'version: 1\nallow:\n  vulnerabilities:\n    - id: CVE-2024-3094\n      reason: not reachable\n      expires: 2027-02-30\n',
    },
    expected: [
      'allow-date.yml:6:16: `allow.vulnerabilities[0].expires`: 2027-02-30 is not a date: February 2027 has 28 days',
    ],
  },
  'allow expiry in month 13': {
    files: {
      'allow-month.yml':
        'version: 1\nallow:\n  licenses:\n    - { id: AGPL-3.0-only, reason: cleared by legal, expires: 2027-13-01 }\n',
    },
    expected: [
      'allow-month.yml:4:63: `allow.licenses[0].expires`: 2027-13-01 is not a date: there is no month 13; write YYYY-MM-DD',
    ],
  },
  'allow expiry in another date format': {
    files: {
      'allow-format.yml':
        'version: 1\nallow:\n  vulnerabilities:\n    - id: CVE-2024-3094\n      reason: not reachable\n      expires: 31.01.2027\n',
    },
    expected: [
      'allow-format.yml:6:16: `allow.vulnerabilities[0].expires`: expected a date written YYYY-MM-DD, such as 2027-01-31, found the string "31.01.2027"',
    ],
  },
  'unknown key in an allow entry with did-you-mean': {
    files: {
      'allow-key.yml': [
        'version: 1',
        'allow:',
        '  vulnerabilities:',
        '    - id: CVE-2024-3094',
        '      package: [xz-libs]',
        '      reason: not reachable',
        '      expires: 2027-01-31',
        '',
      ].join('\n'),
    },
    expected: [
      'allow-key.yml:5:7: unknown key `package` in `allow.vulnerabilities[0]`; did you mean `packages`? (allowed: id, packages, images, paths, purls, reason, expires)',
    ],
  },
  'purls on a secret entry': {
    files: {
      'allow-secret-purl.yml':
        'version: 1\nallow:\n  secrets:\n    - { id: private-key, purls: ["pkg:npm/*"], reason: test key, expires: 2027-01-31 }\n',
    },
    expected: [
      'allow-secret-purl.yml:4:26: unknown key `purls` in `allow.secrets[0]` (allowed: id, images, paths, reason, expires)',
    ],
  },
  'misspelt allow section': {
    files: {
      'allow-section.yml':
        'version: 1\nallow:\n  vulnerabilites:\n    - { id: CVE-2024-3094, reason: x, expires: 2027-01-31 }\n',
    },
    expected: [
      'allow-section.yml:3:3: unknown key `vulnerabilites` in `allow`; did you mean `vulnerabilities`? (allowed: vulnerabilities, secrets, licenses, mounts, findings)',
    ],
  },
  'allow entry written as a bare id': {
    files: { 'allow-bare.yml': 'version: 1\nallow:\n  vulnerabilities:\n    - CVE-2024-3094\n' },
    expected: ['allow-bare.yml:4:7: `allow.vulnerabilities[0]`: expected a map, found the string "CVE-2024-3094"'],
  },
  'allow id with spaces': {
    files: {
      'allow-id.yml':
        'version: 1\nallow:\n  vulnerabilities:\n    - { id: CVE 2024 3094, reason: x, expires: 2027-01-31 }\n',
    },
    expected: [
      'allow-id.yml:4:13: `allow.vulnerabilities[0].id`: expected an id without spaces, such as CVE-2024-3094, found the string "CVE 2024 3094"',
    ],
  },
  'allow image pattern that can never match': {
    files: {
      'allow-image.yml': [
        'version: 1',
        'allow:',
        '  vulnerabilities:',
        '    - id: CVE-2024-3094',
        '      images: [ghcr.io/acme/api, ghcr.io/Acme/web]',
        '      reason: not reachable',
        '      expires: 2027-01-31',
        '',
      ].join('\n'),
    },
    expected: [
      "allow-image.yml:5:34: `allow.vulnerabilities[0].images[1]`: the image pattern 'ghcr.io/Acme/web' can never match: repository names are lower-case",
    ],
  },
  'unknown vulnerability status': {
    files: {
      'status.yml': 'version: 1\ndefaults:\n  vulnerabilities:\n    ignoreStatuses: [will_not_fix, wont_fix]\n',
    },
    expected: [
      'status.yml:4:36: `defaults.vulnerabilities.ignoreStatuses[1]`: expected one of: fixed, affected, under_investigation, will_not_fix, fix_deferred, end_of_life, not_affected, unknown, found the string "wont_fix"',
    ],
  },
  'bad vulnerability severity': {
    files: {
      'vuln-severity.yml':
        'version: 1\ndefaults:\n  vulnerabilities:\n    minSeverity: severe\n    unknownSeverity: unknown\n',
    },
    expected: [
      'vuln-severity.yml:4:18: `defaults.vulnerabilities.minSeverity`: expected one of: critical, high, medium, low, info, found the string "severe"',
      'vuln-severity.yml:5:22: `defaults.vulnerabilities.unknownSeverity`: expected one of: critical, high, medium, low, info, found the string "unknown"',
    ],
  },
  'bad family gate threshold in an images entry': {
    files: {
      'vuln-failon.yml': 'version: 1\nimages:\n  - match: ghcr.io/acme/*\n    vulnerabilities: { failOn: hgh }\n',
    },
    expected: [
      'vuln-failon.yml:4:32: `images[0].vulnerabilities.failOn`: expected one of: critical, high, medium, low, info, never, found the string "hgh"',
    ],
  },
  'ignoreUnfixed written as yes': {
    files: { 'unfixed.yml': 'version: 1\ndefaults:\n  vulnerabilities: { ignoreUnfixed: yes }\n' },
    expected: [
      'unfixed.yml:3:37: `defaults.vulnerabilities.ignoreUnfixed`: expected true or false, found the string "yes" (YAML 1.2 reads yes as a string)',
    ],
  },
  'forbidden licenses as a string': {
    files: { 'licenses.yml': 'version: 1\ndefaults:\n  licenses:\n    forbid: AGPL-3.0-only\n' },
    expected: ['licenses.yml:4:13: `defaults.licenses.forbid`: expected a list, found the string "AGPL-3.0-only"'],
  },
  'unknown key in the secrets section': {
    files: { 'secrets.yml': 'version: 1\ndefaults:\n  secrets: { forbidden: true }\n' },
    expected: [
      'secrets.yml:3:14: unknown key `forbidden` in `defaults.secrets`; did you mean `forbid`? (allowed: forbid, failOn)',
    ],
  },
  'extends cycle': {
    files: {
      'cycle-a.yml': 'version: 1\nextends: [cycle-b.yml]\n',
      'cycle-b.yml': 'version: 1\nextends:\n  - cycle-a.yml\n',
    },
    expected: ['cycle-b.yml:3:5: `extends` forms a cycle: cycle-a.yml → cycle-b.yml → cycle-a.yml'],
  },
  'a file that extends itself': {
    files: { 'self.yml': 'version: 1\nextends: self.yml\n' },
    expected: ['self.yml:2:10: `extends` forms a cycle: self.yml → self.yml'],
  },
  'missing extended file': {
    files: {
      'extends-missing.yml': 'version: 1\nextends:\n  - ./base.yml\n  - ./org/missing.yml\n',
      'base.yml': 'version: 1\n',
    },
    expected: ['extends-missing.yml:4:5: cannot read the extended policy org/missing.yml: no such file'],
  },
  'extends a URL': {
    files: { 'extends-url.yml': 'version: 1\nextends: [https://example.com/policy.yml]\n' },
    expected: ['extends-url.yml:2:11: `extends` takes paths of local files; "https://example.com/policy.yml" is a URL'],
  },
  'extends entry that is not a path': {
    files: { 'extends-number.yml': 'version: 1\nextends: [3]\n' },
    expected: ['extends-number.yml:2:11: `extends[0]`: expected a string, found the number 3'],
  },
  'alias bomb': {
    files: {
      'bomb.yml': [
        'version: 1',
        'defaults:',
        '  base:',
        '    forbidTags: &a [x, x, x, x, x, x, x, x, x, x]',
        'images:',
        '  - match: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
        '  - match: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
        '  - match: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
        '  - match: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]',
        '  - match: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]',
        '',
      ].join('\n'),
    },
    expected: [
      'bomb.yml:6:16: YAML aliases expand too often (more than 100 expansions, as in a "billion laughs" document); write the values out instead of nesting aliases',
    ],
  },
  'several documents': {
    files: { 'docs.yml': 'version: 1\n---\nversion: 1\n' },
    expected: ['docs.yml:2:1: a policy file holds one YAML document; remove the second `---` and what follows'],
  },
  'YAML tags': {
    files: { 'tag.yml': 'version: 1\ngate:\n  failOn: !env FAIL_ON\n' },
    expected: ['tag.yml:3:11: unknown YAML tag `!env`; policy files use plain YAML values, without tags'],
  },
  'YAML merge key': {
    files: {
      'merge.yml': 'version: 1\ndefaults:\n  size: &budget { max: 1GB }\nimages:\n  - match: alpine\n    <<: *budget\n',
    },
    expected: [
      'merge.yml:6:5: unknown key `<<` in `images[0]`; YAML merge keys (`<<`) are not supported; repeat the keys or use `extends` (allowed: match, size, layers, base, user, vulnerabilities, secrets, licenses, hygiene, fs, accounts, config, dockerfile, provenance)',
    ],
  },
  'JSON policy with a bad value': {
    files: { 'policy.json': '{\n  "version": 1,\n  "defaults": { "size": { "max": "3 MBs" } }\n}\n' },
    expected: [
      'policy.json:3:34: `defaults.size.max`: expected a size such as 300MB, 1.5GiB, 512KiB or a whole number of bytes, found the string "3 MBs"',
    ],
  },
  'JSON number in exponent notation': {
    files: { 'exp.json': '{"version": 1, "defaults": {"size": {"max": 1e9}}}\n' },
    expected: [
      'exp.json:1:45: `defaults.size.max`: expected a size such as 300MB, 1.5GiB, 512KiB or a whole number of bytes, found 1e9 (a number in exponent notation)',
    ],
  },
  'every problem of a file, in file order': {
    files: {
      'many.yml': [
        'version: 1',
        'defaults:',
        '  size: { max: 3 MBs, maxx: 1GB }',
        '  user: { forbidRoot: 1 }',
        'gate: { failOn: urgent }',
        'rules: { layer/max: low }',
        '',
      ].join('\n'),
    },
    expected: [
      'many.yml:3:16: `defaults.size.max`: expected a size such as 300MB, 1.5GiB, 512KiB or a whole number of bytes, found the string "3 MBs"',
      'many.yml:3:23: unknown key `maxx` in `defaults.size`; did you mean `max`? (allowed: max, maxCompressed)',
      'many.yml:4:23: `defaults.user.forbidRoot`: expected true or false, found the number 1',
      'many.yml:5:17: `gate.failOn`: expected one of: critical, high, medium, low, info, never, found the string "urgent"',
      'many.yml:6:10: unknown key `layer/max` in `rules`; did you mean `layers/max`? (allowed: size/max, size/max-compressed, layers/max, layers/max-layer-size, layers/max-wasted, layers/min-efficiency, hygiene/package-cache, hygiene/toolchain, hygiene/no-dockerignore, base/not-allowed, base/digest-required, base/forbidden-tag, base/unverifiable, base/stale, base/too-old, user/root, license/forbidden, compose/writable-bind-mount, compose/engine-socket, compose/sensitive-host-path, compose/ineffective-mode, compose/writable-volumes-from, compose/writable-rootfs, compose/privileged, compose/host-namespace, compose/dangerous-capability, compose/unconfined-profile, compose/shared-propagation, compose/secret-variable, compose/no-new-privileges, compose/memory-limit, compose/pids-limit, compose/privileged-port, compose/image-runs-as-root, compose/image-volume-anonymous, allow/expired, allow/unused, fs/setuid, fs/setgid, fs/world-writable, fs/sudo, fs/sshd, user/empty-password, user/duplicate-root, user/duplicate-id, user/unknown, user/accounts-unchecked, config/secret, config/expose-ssh, dockerfile/add-instead-of-copy, dockerfile/pipe-to-shell, dockerfile/update-alone, dockerfile/upgrade, dockerfile/no-healthcheck, vex/unused, provenance/missing, provenance/untrusted-builder, provenance/untrusted-source, provenance/unpinned-base, provenance/invalid-signature, signature/missing, signature/invalid, signature/untrusted-signer, k8s/engine-socket, k8s/sensitive-host-path, k8s/writable-host-path, k8s/host-path-create, k8s/host-path-subpath, k8s/writable-mount, k8s/writable-rootfs, k8s/storage-limit, k8s/privileged, k8s/privilege-escalation, k8s/host-namespace, k8s/dangerous-capability, k8s/unconfined-profile, k8s/service-account-token, k8s/host-path-volume, k8s/volume-type, k8s/host-port, k8s/run-as-root, k8s/image-runs-as-root, k8s/image-volume-unmounted, k8s/unsafe-sysctl, scan/db-too-old)',
    ],
  },
};

let dir: PolicyDir;
beforeAll(async () => {
  dir = await makePolicyDir();
});
afterAll(async () => {
  await dir.remove();
});

async function loadError(name: string): Promise<PolicyError> {
  try {
    await loadPolicy(dir.file(name), { displayPath: dir.display });
  } catch (error) {
    if (error instanceof PolicyError) return error;
    throw error;
  }
  throw new Error(`${name} loaded without error`);
}

describe('bad policy files', () => {
  it('has at least 20 cases', () => {
    expect(Object.keys(cases).length).toBeGreaterThanOrEqual(20);
  });

  it.each(Object.entries(cases))('%s', async (_title, { files, expected }) => {
    await dir.write(files);
    const error = await loadError(Object.keys(files)[0] ?? '');
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.exitCode).toBe(ExitCode.Configuration);
    console.log(
      JSON.stringify(
        error.errors.map((each) => each.message),
        null,
        2,
      ),
    );
    expect(error.errors.map((each) => each.message)).toEqual(expected);
    const [path, line, column] = (expected[0] ?? '').split(':');
    expect(error.position).toEqual({ path, line: Number(line), column: Number(column) });
    expect(error.message).toBe(expected.join('\n'));
  });
});

describe('bad policy files: limits', () => {
  it('refuses a file over 1 MiB before parsing it', async () => {
    await dir.write({ 'huge.yml': `version: 1\n${'#'.repeat(MAX_POLICY_FILE_BYTES)}\n` });
    const error = await loadError('huge.yml');
    expect(error.message).toBe(
      `huge.yml: cannot read the policy file: it is ${MAX_POLICY_FILE_BYTES + 12} bytes; a policy file may have at most 1048576 (1 MiB)`,
    );
    expect(error.position).toEqual({ path: 'huge.yml' });
  });

  it('names a directory given as a policy file', async () => {
    await dir.write({ 'a-directory/x.yml': 'version: 1\n' });
    const error = await loadError('a-directory');
    expect(error.message).toBe(
      'a-directory: cannot read the policy file: it is a directory, expected a YAML or JSON file',
    );
  });

  it('names a missing policy file', async () => {
    const error = await loadError('nowhere.yml');
    expect(error.message).toBe('nowhere.yml: cannot read the policy file: no such file');
  });

  it('stops an extends chain deeper than 10 files, naming the chain', async () => {
    const files: Record<string, string> = {};
    for (let index = 1; index <= 11; index++) {
      files[`deep/f${index}.yml`] = index === 11 ? 'version: 1\n' : `version: 1\nextends: [f${index + 1}.yml]\n`;
    }
    await dir.write(files);
    const error = await loadError('deep/f1.yml');
    const chain = Array.from({ length: 11 }, (_, index) => `deep/f${index + 1}.yml`).join(' → ');
    expect(error.message).toBe(`deep/f10.yml:2:11: \`extends\` goes deeper than 10 files: ${chain}`);
  });

  it('rejects an alias bomb quickly instead of expanding it', async () => {
    const levels = ['version: 1', 'x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let level = 1; level <= 9; level++) {
      levels.push(
        `x${level}: &a${level} [${Array(10)
          .fill(`*a${level - 1}`)
          .join(', ')}]`,
      );
    }
    await dir.write({ 'laughs.yml': `${levels.join('\n')}\n` });
    const started = performance.now();
    const error = await loadError('laughs.yml');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error.message).toMatch(/^laughs\.yml:3:10: YAML aliases expand too often/);
  });

  it('lists every problem in the thrown message, the first one leading', async () => {
    await dir.write({ 'two.yml': 'version: 1\ngate: { failOn: hi }\nrules: { user/rot: off }\n' });
    const error = await loadError('two.yml');
    expect(error.message).toBe(
      [
        'two.yml:2:17: `gate.failOn`: expected one of: critical, high, medium, low, info, never, found the string "hi"',
        'two.yml:3:10: unknown key `user/rot` in `rules`; did you mean `user/root`? (allowed: size/max, size/max-compressed, layers/max, layers/max-layer-size, layers/max-wasted, layers/min-efficiency, hygiene/package-cache, hygiene/toolchain, hygiene/no-dockerignore, base/not-allowed, base/digest-required, base/forbidden-tag, base/unverifiable, base/stale, base/too-old, user/root, license/forbidden, compose/writable-bind-mount, compose/engine-socket, compose/sensitive-host-path, compose/ineffective-mode, compose/writable-volumes-from, compose/writable-rootfs, compose/privileged, compose/host-namespace, compose/dangerous-capability, compose/unconfined-profile, compose/shared-propagation, compose/secret-variable, compose/no-new-privileges, compose/memory-limit, compose/pids-limit, compose/privileged-port, compose/image-runs-as-root, compose/image-volume-anonymous, allow/expired, allow/unused, fs/setuid, fs/setgid, fs/world-writable, fs/sudo, fs/sshd, user/empty-password, user/duplicate-root, user/duplicate-id, user/unknown, user/accounts-unchecked, config/secret, config/expose-ssh, dockerfile/add-instead-of-copy, dockerfile/pipe-to-shell, dockerfile/update-alone, dockerfile/upgrade, dockerfile/no-healthcheck, vex/unused, provenance/missing, provenance/untrusted-builder, provenance/untrusted-source, provenance/unpinned-base, provenance/invalid-signature, signature/missing, signature/invalid, signature/untrusted-signer, k8s/engine-socket, k8s/sensitive-host-path, k8s/writable-host-path, k8s/host-path-create, k8s/host-path-subpath, k8s/writable-mount, k8s/writable-rootfs, k8s/storage-limit, k8s/privileged, k8s/privilege-escalation, k8s/host-namespace, k8s/dangerous-capability, k8s/unconfined-profile, k8s/service-account-token, k8s/host-path-volume, k8s/volume-type, k8s/host-port, k8s/run-as-root, k8s/image-runs-as-root, k8s/image-volume-unmounted, k8s/unsafe-sysctl, scan/db-too-old)',
      ].join('\n'),
    );
    expect(error.errors).toHaveLength(2);
    expect(error.errors[1]?.position).toEqual({ path: 'two.yml', line: 3, column: 10 });
  });
});
