import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  ConfigurationError
} from "./chunk-BRI3MEVE.js";

// src/config/strict-parse.ts
import { parseArgs } from "node:util";
function strictParse(args, options, command) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (error) {
    const message = error.message.replace(/\. To specify a positional argument.*$/s, "");
    throw new ConfigurationError(`${command}: ${message} (see imagegate help ${command.split(" ")[0]})`);
  }
}

// src/rescan/rescan-args.ts
var RESCAN_HELP = `Usage:
  imagegate rescan plan --registry URL [--repository NAME]... [--tags RULE]... [--ledger FILE] [--shards N]
                        [--policy FILE] --out-dir DIR
  imagegate rescan run (--plan FILE --shard K/N | --reference REF) [--ledger FILE] [--policy FILE] --out-dir DIR
  imagegate rescan merge --ledger FILE --results DIR... --out FILE [--plan FILE] [--sarif-dir DIR]

Re-scans images already in a registry: plan lists what to scan (each digest once; digests the ledger has seen with
the current Trivy DB are skipped) and writes DIR/plan.json, DIR/github-matrix.json and DIR/gitlab-child-pipeline.yml;
run scans one shard of the plan straight from the registry (no Docker daemon); merge folds the shards' results into
the next ledger.

plan:
  --registry URL           the registry (https://host[:port], or host[:port])
  --repository NAME        repository to re-scan, repeatable (default: the policy's rescan.repositories, else the
                           registry's catalog where it allows listing)
  --tags RULE              which tags, repeatable (default: the policy's rescan.tags, else every tag):
                           semver:<range>   tags that are semantic versions in range (e.g. semver:>=2.0.0)
                           latest:<N>[/major|/minor]  the newest N versions (per major or minor line)
                           regex:<re>       tags matching the regular expression (anchored)
                           <tag>            that exact tag
  --ledger FILE            the ledger of earlier runs (absent file: nothing scanned yet)
  --shards N               split the scans over N jobs (default: one job per scan, at most 200)
  --policy FILE            policy with a rescan section
  --out-dir DIR            where plan.json, github-matrix.json and gitlab-child-pipeline.yml go
  --concurrency N          registry requests in flight, fixed (default: 8, growing to 32 while the
                           registry answers without 429/503, halving when it does)
  --trivy-db-updated-at T  the current Trivy DB's UpdatedAt (default: read from --trivy-cache-dir)
  --trivy-cache-dir DIR    Trivy's cache dir to read the current DB's metadata from
  --gitlab-image REF       job image of the generated GitLab child pipeline
  --insecure-registry H    reach registry H over plain http (localhost and 127.0.0.0/8 always are)

run:
  --plan FILE --shard K/N  scan the K-th of N shards of the plan (scans[i] with i mod N = K-1;
                           without --shard: the whole plan)
  --reference REF          or scan one digest-pinned reference
  --ledger FILE            report findings new since this ledger
  --fail-on WHAT           new (default): exit 1 when a failing finding is new since the ledger; any; never
  --policy FILE, --out-dir DIR, --platform P, --scanners S, --trivy-version V, --trivy-timeout D,
  --trivy-cache-dir DIR, --trivy-db-repository R, --trivy-java-db-repository R, --insecure-registry H,
  --trivy-sha256 HEX, --trivy-trust-on-first-use, --offline, --offline-bundle DIR
                           as for imagegate check (a bundle is verified and copied once for the shard)

merge:
  --ledger FILE            the previous ledger (absent file: empty)
  --results DIR            a shard's out dir (or a dir holding several), repeatable
  --out FILE               the next ledger
  --plan FILE              the plan, to report shards that never wrote a result
  --sarif-dir DIR          write DIR/<repository>.sarif: one run per category with every current digest's results
  --sarif-store DIR        the latest SARIF of each digest, to carry with the ledger
                           (default: <dir of --out>/sarif-store)

Credentials: IMAGEGATE_REGISTRY_USERNAME / IMAGEGATE_REGISTRY_PASSWORD, else Docker's config; never as flags.`;
var COMMON = {
  verbose: { type: "boolean", short: "v" },
  help: { type: "boolean", short: "h" }
};
function parseRescanArgs(args) {
  const [sub, ...rest] = args;
  if (sub === void 0 || sub === "-h" || sub === "--help") return { name: "help", topic: "rescan" };
  if (sub === "plan") return parsePlan(rest);
  if (sub === "run") return parseRun(rest);
  if (sub === "merge") return parseMerge(rest);
  throw new ConfigurationError(`unknown rescan command '${sub}'; expected rescan plan, rescan run or rescan merge`);
}
function parsePlan(args) {
  const options = {
    ...COMMON,
    registry: { type: "string" },
    repository: { type: "string", multiple: true },
    tags: { type: "string", multiple: true },
    ledger: { type: "string" },
    shards: { type: "string" },
    "out-dir": { type: "string" },
    policy: { type: "string" },
    "insecure-registry": { type: "string", multiple: true },
    concurrency: { type: "string" },
    "trivy-db-updated-at": { type: "string" },
    "trivy-cache-dir": { type: "string" },
    "gitlab-image": { type: "string" }
  };
  const { values, positionals } = strictParse(args, options, "rescan plan");
  refusePositionals(positionals, "rescan plan");
  if (values.help) return { name: "help", topic: "rescan" };
  const registry = required(values.registry, "--registry", "rescan plan");
  const shards = optionalCount(values.shards, "--shards");
  const concurrency = optionalCount(values.concurrency, "--concurrency");
  return {
    name: "rescan-plan",
    args: {
      registry,
      repositories: values.repository ?? [],
      tagRules: values.tags ?? [],
      outDir: required(values["out-dir"], "--out-dir", "rescan plan"),
      insecureRegistries: values["insecure-registry"] ?? [],
      verbose: values.verbose ?? false,
      ...values.ledger !== void 0 ? { ledger: values.ledger } : {},
      ...shards !== void 0 ? { shards } : {},
      ...concurrency !== void 0 ? { concurrency } : {},
      ...values.policy !== void 0 ? { policy: values.policy } : {},
      ...values["trivy-db-updated-at"] !== void 0 ? { trivyDbUpdatedAt: values["trivy-db-updated-at"] } : {},
      ...values["trivy-cache-dir"] !== void 0 ? { trivyCacheDir: values["trivy-cache-dir"] } : {},
      ...values["gitlab-image"] !== void 0 ? { gitlabImage: values["gitlab-image"] } : {}
    }
  };
}
function parseRun(args) {
  const options = {
    ...COMMON,
    plan: { type: "string" },
    shard: { type: "string" },
    reference: { type: "string" },
    policy: { type: "string" },
    "out-dir": { type: "string" },
    ledger: { type: "string" },
    "fail-on": { type: "string" },
    "insecure-registry": { type: "string", multiple: true },
    platform: { type: "string" },
    scanners: { type: "string" },
    "trivy-version": { type: "string" },
    "trivy-timeout": { type: "string" },
    "trivy-cache-dir": { type: "string" },
    "trivy-db-repository": { type: "string", multiple: true },
    "trivy-java-db-repository": { type: "string", multiple: true },
    "trivy-sha256": { type: "string" },
    "trivy-trust-on-first-use": { type: "boolean" },
    offline: { type: "boolean" },
    "offline-bundle": { type: "string" }
  };
  const { values, positionals } = strictParse(args, options, "rescan run");
  refusePositionals(positionals, "rescan run");
  if (values.help) return { name: "help", topic: "rescan" };
  if (values.reference !== void 0 && (values.plan !== void 0 || values.shard !== void 0)) {
    throw new ConfigurationError("rescan run takes either --plan FILE --shard K/N or --reference REF, not both");
  }
  if (values.reference === void 0 && values.plan === void 0) {
    throw new ConfigurationError("rescan run needs --plan FILE (with --shard K/N) or --reference REF");
  }
  const failOn = values["fail-on"] ?? "new";
  if (failOn !== "new" && failOn !== "any" && failOn !== "never") {
    throw new ConfigurationError(`--fail-on: expected new, any or never, got '${failOn}'`);
  }
  const shard = values.plan !== void 0 ? parseShard(values.shard ?? "1/1") : void 0;
  return {
    name: "rescan-run",
    args: {
      outDir: required(values["out-dir"], "--out-dir", "rescan run"),
      failOn,
      insecureRegistries: values["insecure-registry"] ?? [],
      verbose: values.verbose ?? false,
      ...values.plan !== void 0 ? { plan: values.plan } : {},
      ...shard ? { shard } : {},
      ...values.reference !== void 0 ? { reference: values.reference } : {},
      ...values.policy !== void 0 ? { policy: values.policy } : {},
      ...values.ledger !== void 0 ? { ledger: values.ledger } : {},
      ...values.platform !== void 0 ? { platform: values.platform } : {},
      ...values.scanners !== void 0 ? { scanners: values.scanners } : {},
      ...values["trivy-version"] !== void 0 ? { trivyVersion: values["trivy-version"] } : {},
      ...values["trivy-timeout"] !== void 0 ? { trivyTimeout: values["trivy-timeout"] } : {},
      ...values["trivy-cache-dir"] !== void 0 ? { trivyCacheDir: values["trivy-cache-dir"] } : {},
      ...values["trivy-db-repository"] ? { trivyDbRepositories: values["trivy-db-repository"] } : {},
      ...values["trivy-java-db-repository"] ? { trivyJavaDbRepositories: values["trivy-java-db-repository"] } : {},
      ...values["trivy-sha256"] !== void 0 ? { trivySha256: values["trivy-sha256"] } : {},
      ...values["trivy-trust-on-first-use"] ? { trivyTrustOnFirstUse: true } : {},
      ...values.offline ? { offline: true } : {},
      ...values["offline-bundle"] !== void 0 ? { offlineBundle: values["offline-bundle"] } : {}
    }
  };
}
function parseMerge(args) {
  const options = {
    ...COMMON,
    ledger: { type: "string" },
    results: { type: "string", multiple: true },
    out: { type: "string" },
    plan: { type: "string" },
    "sarif-dir": { type: "string" },
    "sarif-store": { type: "string" }
  };
  const { values, positionals } = strictParse(args, options, "rescan merge");
  refusePositionals(positionals, "rescan merge");
  if (values.help) return { name: "help", topic: "rescan" };
  const results = values.results ?? [];
  if (results.length === 0) throw new ConfigurationError("rescan merge needs at least one --results DIR");
  return {
    name: "rescan-merge",
    args: {
      ledger: required(values.ledger, "--ledger", "rescan merge"),
      results,
      out: required(values.out, "--out", "rescan merge"),
      verbose: values.verbose ?? false,
      ...values.plan !== void 0 ? { plan: values.plan } : {},
      ...values["sarif-dir"] !== void 0 ? { sarifDir: values["sarif-dir"] } : {},
      ...values["sarif-store"] !== void 0 ? { sarifStore: values["sarif-store"] } : {}
    }
  };
}
function parseShard(text) {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index < 1 || index > count) {
    throw new ConfigurationError(`--shard: expected K/N with 1 ≤ K ≤ N (e.g. 2/8), got '${text}'`);
  }
  return { index, count };
}
function optionalCount(text, flag) {
  if (text === void 0) return void 0;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < 1) {
    throw new ConfigurationError(`${flag}: expected a whole number ≥ 1, got '${text}'`);
  }
  return value;
}
function required(value, flag, command) {
  if (value === void 0 || value === "") throw new ConfigurationError(`${command} needs ${flag}`);
  return value;
}
function refusePositionals(positionals, command) {
  if (positionals.length > 0) {
    throw new ConfigurationError(
      `${command} takes no positional arguments (got '${positionals[0]}'); see imagegate help rescan`
    );
  }
}

// src/cli/cli-args.ts
var OFFLINE_HELP = `Usage: imagegate offline bundle --out DIR [--trivy-version V] [--trivy-cache-dir DIR] [-v]

Collects what an air-gapped \`imagegate check --offline-bundle DIR\` needs into DIR (which must be new or empty):
the pinned, checksum-verified Trivy (from the install cache, installed when missing), its vulnerability DB (Trivy
downloads it unless today's is cached), the Java DB (likewise; a failed download is a warning), the CISA KEV and EPSS feeds (today's cached copy or
a download; one that cannot be had is left out with a warning) and imagegate-bundle.json, which lists every file
with its SHA-256 and size, the Trivy version, the DB's UpdatedAt and the feeds' dates. Copy DIR across as it is.
  --out DIR              where to write the bundle
  --trivy-version V      the Trivy to bundle (default: the pinned version)
  --trivy-cache-dir DIR  the DB cache to collect from (default ~/.cache/imagegate/trivy-db, where check keeps it)
  --trivy-sha256 HEX     SHA-256 of the release archive or binary, for a version imagegate does not pin
  --kev-url URL          a KEV mirror, repeatable; --epss-url URL likewise
  --trivy-db-repository R  a vulnerability DB repository, repeatable; --trivy-java-db-repository R likewise
IMAGEGATE_TRIVY_DOWNLOAD_URL names a release mirror (https, or http on localhost).`;
var COMPOSE_HELP = `Usage: imagegate compose inspect [-f FILE]... [--env-file F]... [--profile P]... [--project-directory DIR] [--json]

Prints every service's mounts as imagegate sees them — after interpolation, merge keys, override files, extends and
include — with type, resolved source, target, read-only or not, and the file:line where each was decided.
Without -f: compose.yaml (or compose.yml, docker-compose.yml, docker-compose.yaml) and its override file, as
docker compose finds them. Without --profile: every service.`;
var K8S_HELP = `Usage: imagegate k8s inspect PATH... [--json]

Prints every workload of Kubernetes manifests as imagegate reads them: containers (init and ephemeral too), their
effective security context (the container's settings over the pod's) and their mounts with volume type, source,
mountPath, subPath and the effective readOnly with why, each with its file:line:column. PATH is a file, a
directory (its *.yaml and *.yml files, recursively) or - for standard input (helm template … | imagegate k8s
inspect -); helm's "# Source:" comments name the chart template beside each rendered object.`;
var CHECK_HELP = `Usage: imagegate check [options]

Builds or reads an image, checks it against a policy, writes reports and exits with the verdict.

Image (exactly one):
  --context DIR          build DIR with docker (Dockerfile: DIR/Dockerfile unless --dockerfile)
  --image REF            an image in the local Docker daemon (see --pull to read it from its registry)
  --archive FILE         a \`docker save\` archive (legacy or OCI layout) or an OCI image tar
  --oci-layout DIR       an OCI image layout directory (or a tar of one)
  --trivy-report FILE    with no image option: take the image facts from this Trivy JSON report too

Registry (for --image):
  --pull POLICY          never: never docker pull; the daemon's copy if it has one, else read the image
                         straight from its registry (no daemon needed); missing: docker pull when absent;
                         always: docker pull first. Default: the daemon only
  --insecure-registry H  reach registry H (host or host:port) over plain http, repeatable
                         (localhost and 127.0.0.0/8 always are)
                         Credentials: IMAGEGATE_REGISTRY_USERNAME/IMAGEGATE_REGISTRY_PASSWORD, else
                         Docker's config (auths, credHelpers, credsStore); never as flags

Build and locations:
  --dockerfile FILE      Dockerfile to build, or to point findings at when the image was built elsewhere
  --build-arg K=V        build argument (repeatable); also resolves FROM \${ARG} lines
  --target STAGE         stage to build; also the stage findings are located in
  --platform OS/ARCH     platform to build, or to pick from a multi-platform archive or layout
                         (all, or OS/ARCH,OS/ARCH: gate every or each listed platform of an index)
  --tag REF              tag for the built image (default imagegate-local/<context dir>:latest)

Policy and gate:
  --policy FILE          policy file (default: .imagegate.yml|.yaml|.json in the working directory,
                         else the built-in default policy)
  --fail-on LEVEL        override gate.failOn: critical, high, medium, low, info or never
  --policy-ref REF       read the policy (and what it extends) at git commit REF, e.g. the pull request's
                         base, without checking it out; the working tree's policy is only compared (Policy
                         changes). Falls back to the working tree's policy when REF has none
  --evaluate-head-policy with --policy-ref: also evaluate the working tree's policy and report its verdict

Vulnerability scan (Trivy):
  --trivy-report FILE    use this Trivy JSON report instead of running Trivy
  --skip-scan            do not scan for vulnerabilities
  --scanners LIST        comma-separated: vuln, secret, license (default vuln, plus secret and license
                         when the policy sets secrets.forbid / licenses.forbid)
  --trivy-version V      Trivy version (default: a supported trivy on PATH, else the pinned, verified 0.72.0)
  --trivy-timeout D      Trivy's --timeout, e.g. 10m
  --trivy-db-repository R   vulnerability DB repository, repeatable, in order of preference
                         (default mirror.gcr.io, public.ecr.aws, ghcr.io)
  --trivy-java-db-repository R   Java DB repository, repeatable
  --trivy-cache-dir DIR  Trivy's cache (DB) directory (default ~/.cache/imagegate/trivy-db)
  --trivy-sha256 HEX     SHA-256 of the Trivy release archive or of the trivy binary to run; needed for a
                         version imagegate does not pin (a trivy on PATH must then match it too)
  --trivy-trust-on-first-use   run an unpinned Trivy vouched for only by its server's checksums file
                         (the summary says so)
  --no-scan-cache        run Trivy even when its results for this image, Trivy version and DB are cached
                         (the scan cache, kept in the --trivy-cache-dir)
  --baseline-report FILE a previous imagegate.json: report findings new and fixed since then
  --baseline-image REF   an image in the local Docker daemon to compare with instead (read, and scanned when
                         Trivy runs, like the image under test)

Compose files (checked for writable, socket and sensitive mounts and more):
  --compose FILE         a compose file, repeatable: together one project, like docker compose -f a -f b
                         (default: the policy's compose.files, else compose.yaml & co in the working directory)
  --compose-env-file F   env file for interpolation, repeatable (default: the project's .env)
  --compose-profile P    check only services enabled by this profile, repeatable (default: every service)
  --skip-compose         do not check compose files
  --k8s PATH             Kubernetes manifests to check, repeatable: a file, a directory (*.yaml, *.yml,
                         recursively) or - for standard input (helm template … | imagegate check --k8s -);
                         with no image source, the manifests (and compose files) alone are gated

Reports:
  --out-dir DIR          where imagegate.json, imagegate.sarif and summary.md go (default imagegate-out;
                         refused when it or a parent in the workspace is a symlink, or inside .git)
  --category ID          SARIF automationDetails category (default imagegate/image/<repository>)
  --json                 print imagegate.json to stdout instead of the text summary
  --gitlab               also write gl-container-scanning-report.json, gl-code-quality-report.json and
                         imagegate-junit.xml, and in a merge request pipeline with IMAGEGATE_GITLAB_TOKEN set,
                         keep one MR note per image current
  -v, --verbose          log every command imagegate runs
  --sbom FORMAT          also write an SBOM: cyclonedx (imagegate.cdx.json, CycloneDX 1.6) and/or spdx
                         (imagegate.spdx.json, SPDX 2.3), repeatable or comma-separated; Trivy then lists
                         every package (--list-all-pkgs) in its one scan

Secrets:
  --secret-env NAME      a variable that holds a secret, repeatable: compose files cannot interpolate it, and
                         its value becomes *** in every report, comment and log line (CI tokens, IMAGEGATE_*,
                         INPUT_* and *_TOKEN, *_PASSWORD, *_SECRET, *_KEY variables are covered already)

Workspace:
  --allow-path DIR       also read files under DIR, repeatable. Every file the repository names (compose include,
                         extends, env_file, .env, policy extends, Dockerfile, reports) must resolve, through
                         symlinks, to a regular file in the workspace (GITHUB_WORKSPACE, CI_PROJECT_DIR and the
                         working directory) or under an --allow-path DIR

VEX:
  --vex FILE             a VEX document (OpenVEX 0.2.x or CycloneDX VEX, JSON), repeatable: its not_affected and
                         fixed statements about this image or its packages suppress the matching vulnerabilities
                         (besides the policy's vulnerabilities.vex)
  --vex-out FILE         write the allowlist entries that suppressed a vulnerability in this run as one OpenVEX
                         document about this image's digest

Attestation:
  --attest               write imagegate.vsa.dsse.json: the verdict as an in-toto statement about the image's
                         digest (SLSA Verification Summary, with the policy's sha256), signed as a DSSE envelope
                         (with --attest-key or --attest-keyless)
  --attest-key SOURCE    the signing key (PEM, ECDSA P-256 or Ed25519): env:NAME reads it from variable NAME,
                         file:PATH (or PATH) from a file; never the key itself. An encrypted key's passphrase is
                         read from IMAGEGATE_ATTEST_KEY_PASSWORD
  --attest-push          also attach the signed summary to the image in its registry as an OCI 1.1 referrer
                         (needs push access there; registries without the referrers API get the sha256-<hex>
                         tag index updated)
  --attest-keyless       sign it keylessly instead: the runner's OIDC token (GitHub Actions id-token: write) gets a
                         Fulcio certificate, Rekor logs the signature; writes imagegate.vsa.sigstore.json too
  --fulcio-url URL       Fulcio for --attest-keyless (default IMAGEGATE_FULCIO_URL, else https://fulcio.sigstore.dev)
  --rekor-url URL        Rekor for --attest-keyless (default IMAGEGATE_REKOR_URL, else https://rekor.sigstore.dev)

Exploit priority (read when the policy sets vulnerabilities.failOnKev, epss or requireFeeds, or a file is given):
  --kev-file FILE        the CISA KEV catalogue (known_exploited_vulnerabilities.json) to use instead of downloading
  --epss-file FILE       FIRST's EPSS scores (epss_scores-YYYY-MM-DD.csv.gz, or the CSV) instead of downloading
  --kev-url URL          a KEV catalogue mirror, repeatable, in order of preference (default CISA, then
                         cisagov/kev-data on GitHub)
  --epss-url URL         an EPSS scores mirror, repeatable (default FIRST's epss_scores-current.csv.gz)

Offline and air-gapped runs:
  --offline              no network for Trivy, its DB, the feeds or the installers (also IMAGEGATE_OFFLINE=true):
                         the cached DB is used whatever its age (the policy's scan.maxDbAge can limit it); a missing
                         Trivy or DB is exit 3 naming it
  --offline-bundle DIR   use what \`imagegate offline bundle --out DIR\` collected (verified first); implies --offline

Exit codes: 0 gate passed, 1 gate failed, 2 configuration error, 3 tool or environment error.`;
var POLICY_HELP = `Usage: imagegate policy validate FILE...
       imagegate policy export --kyverno [FILE] [--out FILE] [--image PATTERN]... [--name NAME]

validate: checks policy files against policies/policy.schema.json, following \`extends\`. Prints every error with
file:line:column. Exit code 0 when all are valid, 2 otherwise.

export --kyverno: writes the policy (FILE, default .imagegate.yml) as a Kyverno ClusterPolicy: base.allow as a
validate rule, signatures.bases as verifyImages rules, and with --image the images imagegate attests must carry
its signed verification summary that PASSED under this policy's digest (signed by signatures.image's signers).
  --out FILE             write it there (default: stdout)
  --image PATTERN        an image glob imagegate attests (repeatable), e.g. ghcr.io/acme/api*
  --name NAME            the ClusterPolicy's name (default imagegate)`;
var TRIVY_HELP = `Usage: imagegate trivy install [--version V] [--dir DIR] [-v]

Downloads Trivy, verifies the release tarball's SHA-256 against the release's checksums file (and, for the
pinned version, against imagegate's own pin) and installs it as DIR/<version>/<os>-<arch>/trivy; prints that
path. An install already there that still verifies against the pin (or --sha256) is kept. A trivy on PATH is
not used. A version imagegate does not pin needs --sha256 or --trust-on-first-use.
  --version V            exact Trivy version (default: the pinned version imagegate verifies itself)
  --dir DIR              install root (default ~/.cache/imagegate/trivy, where imagegate check looks)
  --sha256 HEX           SHA-256 of the release archive (as its checksums file lists it) or of the trivy binary
  --trust-on-first-use   accept an unpinned version on its own server's checksums file alone
IMAGEGATE_TRIVY_DOWNLOAD_URL names a release mirror (https, or http on localhost).`;
var MAIN_HELP = `Usage: imagegate <command> [options]

Container-image policy gate: size, layers, base image and user checked against a whitelist policy,
reported as SARIF, JSON and Markdown.

Commands:
  check                  build or read an image and gate it against the policy
  policy validate FILE…  validate policy files
  policy export --kyverno  write the allowed-base and signer rules as a Kyverno ClusterPolicy
  compose inspect        print the mounts of compose files as imagegate sees them
  trivy install          install the pinned, checksum-verified Trivy ahead of time
  k8s inspect PATH…      print the workloads, mounts and security contexts of Kubernetes manifests
  offline bundle --out DIR  collect Trivy, its DB and the feeds for an air-gapped check (--offline-bundle DIR)
  rescan plan|run|merge  scheduled re-scans of images already in a registry, fanned out over CI jobs
  help [command]         show help for a command

Options:
  -h, --help             show help
  -V, --version          print the version

Run \`imagegate help check\` for the check options.`;
var CHECK_OPTIONS = {
  context: { type: "string" },
  dockerfile: { type: "string" },
  image: { type: "string" },
  archive: { type: "string" },
  "oci-layout": { type: "string" },
  policy: { type: "string" },
  "out-dir": { type: "string" },
  "build-arg": { type: "string", multiple: true },
  target: { type: "string" },
  platform: { type: "string" },
  tag: { type: "string" },
  "fail-on": { type: "string" },
  category: { type: "string" },
  "trivy-report": { type: "string" },
  "skip-scan": { type: "boolean" },
  scanners: { type: "string" },
  "trivy-version": { type: "string" },
  "trivy-timeout": { type: "string" },
  "trivy-db-repository": { type: "string", multiple: true },
  "trivy-java-db-repository": { type: "string", multiple: true },
  "trivy-cache-dir": { type: "string" },
  "baseline-image": { type: "string" },
  "baseline-report": { type: "string" },
  compose: { type: "string", multiple: true },
  "compose-env-file": { type: "string", multiple: true },
  "compose-profile": { type: "string", multiple: true },
  "skip-compose": { type: "boolean" },
  pull: { type: "string" },
  "insecure-registry": { type: "string", multiple: true },
  "trivy-sha256": { type: "string" },
  "trivy-trust-on-first-use": { type: "boolean" },
  "policy-ref": { type: "string" },
  "evaluate-head-policy": { type: "boolean" },
  "allow-path": { type: "string", multiple: true },
  json: { type: "boolean" },
  gitlab: { type: "boolean" },
  verbose: { type: "boolean", short: "v" },
  help: { type: "boolean", short: "h" },
  "secret-env": { type: "string", multiple: true },
  sbom: { type: "string", multiple: true },
  vex: { type: "string", multiple: true },
  "vex-out": { type: "string" },
  attest: { type: "boolean" },
  "attest-key": { type: "string" },
  "attest-push": { type: "boolean" },
  "attest-keyless": { type: "boolean" },
  "fulcio-url": { type: "string" },
  "rekor-url": { type: "string" },
  k8s: { type: "string", multiple: true },
  "no-scan-cache": { type: "boolean" },
  "kev-file": { type: "string" },
  "epss-file": { type: "string" },
  "kev-url": { type: "string", multiple: true },
  "epss-url": { type: "string", multiple: true },
  offline: { type: "boolean" },
  "offline-bundle": { type: "string" }
};
function parseCliArgs(argv) {
  const [first, ...rest] = argv;
  if (first === void 0 || first === "-h" || first === "--help") return { name: "help" };
  if (first === "-V" || first === "--version") return { name: "version" };
  if (first === "help") return rest[0] ? { name: "help", topic: rest[0] } : { name: "help" };
  if (first === "check") return parseCheck(rest);
  if (first === "policy") return parsePolicy(rest);
  if (first === "compose") return parseCompose(rest);
  if (first === "trivy") return parseTrivy(rest);
  if (first === "rescan") return parseRescanArgs(rest);
  if (first === "k8s") return parseK8s(rest);
  if (first === "offline") return parseOffline(rest);
  throw new ConfigurationError(
    `unknown command '${first}'; expected check, policy validate, compose inspect, trivy install, rescan plan|run|merge, offline bundle or help (see --help)`
  );
}
function parseCheck(args) {
  const { values, positionals } = strictParse(args, CHECK_OPTIONS, "check");
  if (values.help) return { name: "help", topic: "check" };
  if (positionals.length > 0) {
    throw new ConfigurationError(
      `check takes no positional arguments (got '${positionals[0]}'); did you mean --context?`
    );
  }
  return {
    name: "check",
    verbose: values.verbose ?? false,
    json: values.json ?? false,
    gitlab: values.gitlab ?? false,
    options: {
      context: values.context,
      dockerfile: values.dockerfile,
      image: values.image,
      archive: values.archive,
      ociLayout: values["oci-layout"],
      policy: values.policy,
      outDir: values["out-dir"],
      buildArgs: values["build-arg"] ?? [],
      target: values.target,
      platform: values.platform,
      tag: values.tag,
      failOn: values["fail-on"],
      category: values.category,
      trivyReport: values["trivy-report"],
      skipScan: values["skip-scan"] ?? false,
      scanners: values.scanners,
      trivyVersion: values["trivy-version"],
      trivyTimeout: values["trivy-timeout"],
      trivyDbRepositories: values["trivy-db-repository"],
      trivyJavaDbRepositories: values["trivy-java-db-repository"],
      trivyCacheDir: values["trivy-cache-dir"],
      baselineReport: values["baseline-report"],
      baselineImage: values["baseline-image"],
      compose: values.compose ?? [],
      composeEnvFiles: values["compose-env-file"] ?? [],
      composeProfiles: values["compose-profile"] ?? [],
      skipCompose: values["skip-compose"] ?? false,
      pull: values.pull,
      insecureRegistries: values["insecure-registry"] ?? [],
      trivySha256: values["trivy-sha256"],
      trivyTrustOnFirstUse: values["trivy-trust-on-first-use"] ?? false,
      secretEnv: values["secret-env"] ?? [],
      policyRef: values["policy-ref"],
      evaluateHeadPolicy: values["evaluate-head-policy"] ?? false,
      allowPaths: values["allow-path"] ?? [],
      sbom: values.sbom ?? [],
      vex: values.vex ?? [],
      vexOut: values["vex-out"],
      attest: values.attest ?? false,
      attestKey: values["attest-key"],
      attestPush: values["attest-push"] ?? false,
      attestKeyless: values["attest-keyless"] ?? false,
      fulcioUrl: values["fulcio-url"],
      rekorUrl: values["rekor-url"],
      k8s: values.k8s ?? [],
      noScanCache: values["no-scan-cache"] ?? false,
      kevFile: values["kev-file"],
      epssFile: values["epss-file"],
      kevUrls: values["kev-url"] ?? [],
      epssUrls: values["epss-url"] ?? [],
      offline: values.offline ?? false,
      offlineBundle: values["offline-bundle"]
    }
  };
}
function parsePolicy(args) {
  const [sub, ...rest] = args;
  if (sub === void 0 || sub === "-h" || sub === "--help") return { name: "help", topic: "policy" };
  if (sub === "export") return parsePolicyExport(rest);
  if (sub !== "validate")
    throw new ConfigurationError(
      `unknown policy command '${sub}'; expected: policy validate FILE… or policy export --kyverno`
    );
  const options = { verbose: { type: "boolean", short: "v" }, help: { type: "boolean", short: "h" } };
  const { values, positionals } = strictParse(rest, options, "policy validate");
  if (values.help) return { name: "help", topic: "policy" };
  if (positionals.length === 0) throw new ConfigurationError("policy validate needs at least one FILE");
  return { name: "policy-validate", files: positionals, verbose: values.verbose ?? false };
}
function parsePolicyExport(args) {
  const options = {
    kyverno: { type: "boolean" },
    out: { type: "string" },
    image: { type: "string", multiple: true },
    name: { type: "string" },
    help: { type: "boolean", short: "h" }
  };
  const { values, positionals } = strictParse(args, options, "policy export");
  if (values.help) return { name: "help", topic: "policy" };
  if (!values.kyverno) throw new ConfigurationError("policy export needs a format: --kyverno");
  if (positionals.length > 1) throw new ConfigurationError("policy export takes one policy FILE");
  const policyName = values.name ?? "imagegate";
  if (policyName.length > 253 || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(policyName)) {
    throw new ConfigurationError(
      "policy export --name must be a Kubernetes name (lower-case letters, digits, - and .)"
    );
  }
  return {
    name: "policy-export",
    format: "kyverno",
    ...positionals[0] ? { file: positionals[0] } : {},
    ...values.out ? { out: values.out } : {},
    images: values.image ?? [],
    policyName
  };
}
function parseTrivy(args) {
  const [sub, ...rest] = args;
  if (sub === void 0 || sub === "-h" || sub === "--help") return { name: "help", topic: "trivy" };
  if (sub !== "install") throw new ConfigurationError(`unknown trivy command '${sub}'; expected: trivy install`);
  const options = {
    version: { type: "string" },
    dir: { type: "string" },
    sha256: { type: "string" },
    "trust-on-first-use": { type: "boolean" },
    verbose: { type: "boolean", short: "v" },
    help: { type: "boolean", short: "h" }
  };
  const { values, positionals } = strictParse(rest, options, "trivy install");
  if (values.help) return { name: "help", topic: "trivy" };
  if (positionals.length > 0) {
    throw new ConfigurationError(`trivy install takes no positional arguments (got '${positionals[0]}')`);
  }
  return {
    name: "trivy-install",
    ...values.version !== void 0 ? { version: values.version } : {},
    ...values.dir !== void 0 ? { dir: values.dir } : {},
    ...values.sha256 !== void 0 ? { sha256: values.sha256 } : {},
    ...values["trust-on-first-use"] ? { trustOnFirstUse: true } : {},
    verbose: values.verbose ?? false
  };
}
function parseOffline(args) {
  const [sub, ...rest] = args;
  if (sub === void 0 || sub === "-h" || sub === "--help") return { name: "help", topic: "offline" };
  if (sub !== "bundle") throw new ConfigurationError(`unknown offline command '${sub}'; expected: offline bundle`);
  const options = {
    out: { type: "string" },
    "trivy-version": { type: "string" },
    "trivy-cache-dir": { type: "string" },
    "trivy-sha256": { type: "string" },
    "kev-url": { type: "string", multiple: true },
    "epss-url": { type: "string", multiple: true },
    verbose: { type: "boolean", short: "v" },
    help: { type: "boolean", short: "h" },
    "trivy-db-repository": { type: "string", multiple: true },
    "trivy-java-db-repository": { type: "string", multiple: true }
  };
  const { values, positionals } = strictParse(rest, options, "offline bundle");
  if (values.help) return { name: "help", topic: "offline" };
  if (positionals.length > 0) {
    throw new ConfigurationError(`offline bundle takes no positional arguments (got '${positionals[0]}')`);
  }
  if (!values.out?.trim()) throw new ConfigurationError("offline bundle needs --out DIR");
  return {
    name: "offline-bundle",
    out: values.out,
    ...values["trivy-version"] ? { trivyVersion: values["trivy-version"] } : {},
    ...values["trivy-cache-dir"] ? { trivyCacheDir: values["trivy-cache-dir"] } : {},
    ...values["trivy-sha256"] ? { trivySha256: values["trivy-sha256"] } : {},
    kevUrls: values["kev-url"] ?? [],
    epssUrls: values["epss-url"] ?? [],
    verbose: values.verbose ?? false,
    ...values["trivy-db-repository"] ? { trivyDbRepositories: values["trivy-db-repository"] } : {},
    ...values["trivy-java-db-repository"] ? { trivyJavaDbRepositories: values["trivy-java-db-repository"] } : {}
  };
}
function parseCompose(args) {
  const [sub, ...rest] = args;
  if (sub === void 0 || sub === "-h" || sub === "--help") return { name: "help", topic: "compose" };
  if (sub !== "inspect") throw new ConfigurationError(`unknown compose command '${sub}'; expected: compose inspect`);
  const options = {
    file: { type: "string", short: "f", multiple: true },
    "env-file": { type: "string", multiple: true },
    profile: { type: "string", multiple: true },
    "project-directory": { type: "string" },
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" }
  };
  const { values, positionals } = strictParse(rest, options, "compose inspect");
  if (values.help) return { name: "help", topic: "compose" };
  if (positionals.length > 0) {
    throw new ConfigurationError(
      `compose inspect takes files with -f (got '${positionals[0]}'); see imagegate help compose`
    );
  }
  return {
    name: "compose-inspect",
    options: {
      files: values.file ?? [],
      envFiles: values["env-file"] ?? [],
      profiles: values.profile ?? [],
      ...values["project-directory"] ? { projectDirectory: values["project-directory"] } : {},
      json: values.json ?? false
    }
  };
}
function parseK8s(args) {
  const [sub, ...rest] = args;
  if (sub === void 0 || sub === "-h" || sub === "--help") return { name: "help", topic: "k8s" };
  if (sub !== "inspect") throw new ConfigurationError(`unknown k8s command '${sub}'; expected: k8s inspect`);
  const options = { json: { type: "boolean" }, help: { type: "boolean", short: "h" } };
  const { values, positionals } = strictParse(rest, options, "k8s inspect");
  if (values.help) return { name: "help", topic: "k8s" };
  if (positionals.length === 0) {
    throw new ConfigurationError(
      "k8s inspect needs manifest files or directories, or - for standard input; see imagegate help k8s"
    );
  }
  return { name: "k8s-inspect", paths: positionals, json: values.json ?? false };
}
function cliOptionName(option) {
  const names = {
    context: "--context",
    dockerfile: "--dockerfile",
    image: "--image",
    archive: "--archive",
    ociLayout: "--oci-layout",
    policy: "--policy",
    outDir: "--out-dir",
    buildArgs: "--build-arg",
    target: "--target",
    platform: "--platform",
    tag: "--tag",
    failOn: "--fail-on",
    category: "--category",
    trivyReport: "--trivy-report",
    skipScan: "--skip-scan",
    trivyVersion: "--trivy-version",
    scanners: "--scanners",
    trivyTimeout: "--trivy-timeout",
    trivyDbRepositories: "--trivy-db-repository",
    trivyJavaDbRepositories: "--trivy-java-db-repository",
    trivyCacheDir: "--trivy-cache-dir",
    baselineReport: "--baseline-report",
    baselineImage: "--baseline-image",
    compose: "--compose",
    composeEnvFiles: "--compose-env-file",
    composeProfiles: "--compose-profile",
    skipCompose: "--skip-compose",
    pull: "--pull",
    insecureRegistries: "--insecure-registry",
    trivySha256: "--trivy-sha256",
    trivyTrustOnFirstUse: "--trivy-trust-on-first-use",
    secretEnv: "--secret-env",
    policyRef: "--policy-ref",
    evaluateHeadPolicy: "--evaluate-head-policy",
    allowPaths: "--allow-path",
    sbom: "--sbom",
    vex: "--vex",
    vexOut: "--vex-out",
    attest: "--attest",
    attestKey: "--attest-key",
    attestPush: "--attest-push",
    attestKeyless: "--attest-keyless",
    fulcioUrl: "--fulcio-url",
    rekorUrl: "--rekor-url",
    k8s: "--k8s",
    noScanCache: "--no-scan-cache",
    kevFile: "--kev-file",
    epssFile: "--epss-file",
    kevUrls: "--kev-url",
    epssUrls: "--epss-url",
    offline: "--offline",
    offlineBundle: "--offline-bundle"
  };
  return names[option];
}

export {
  RESCAN_HELP,
  OFFLINE_HELP,
  COMPOSE_HELP,
  K8S_HELP,
  CHECK_HELP,
  POLICY_HELP,
  TRIVY_HELP,
  MAIN_HELP,
  parseCliArgs,
  cliOptionName
};
//# sourceMappingURL=chunk-6TL3JDAC.js.map
