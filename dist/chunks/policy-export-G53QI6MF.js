import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  IMAGEGATE_VERIFIER_ID,
  MAX_KEY_BYTES,
  MAX_ROOT_BYTES,
  VSA_PREDICATE_TYPE,
  policyDigest,
  readPolicyFile
} from "./chunk-5DZ6YZ6T.js";
import {
  isObject
} from "./chunk-LUOCSN52.js";
import {
  writeFileAtomic
} from "./chunk-7GNNRPV6.js";
import {
  loadPolicy,
  parseImagePattern
} from "./chunk-EJWCARX5.js";
import "./chunk-YHFRDE34.js";
import "./chunk-2SIDVBE2.js";
import "./chunk-LUOQMPLI.js";
import {
  require_dist
} from "./chunk-GO6V4V27.js";
import {
  excerpt
} from "./chunk-G7D7EWW2.js";
import "./chunk-RHYLLRJI.js";
import {
  POLICY_FILE_NAMES
} from "./chunk-F3JXNG4H.js";
import "./chunk-H2J6QPBD.js";
import "./chunk-525AQQA4.js";
import "./chunk-O5XMQXHR.js";
import "./chunk-UESGDJOT.js";
import "./chunk-BEXNPQ7L.js";
import "./chunk-OOOZQBDA.js";
import {
  WorkspacePaths
} from "./chunk-5AN7IYVK.js";
import "./chunk-WKVO4CF4.js";
import "./chunk-ST7SR4PU.js";
import "./chunk-FRITBTAO.js";
import {
  ConfigurationError
} from "./chunk-BRI3MEVE.js";
import {
  __toESM
} from "./chunk-GVHAVQQT.js";

// src/cli/policy-export.ts
var import_yaml = __toESM(require_dist(), 1);
import { X509Certificate, createPublicKey } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";

// src/policy/kyverno-patterns.ts
var MAX_KYVERNO_PATTERNS = 64;
function kyvernoImagePatterns(pattern) {
  const parsed = parseImagePattern(pattern);
  const forms = [];
  for (const name of expand(parsed.name, pattern)) {
    const base = wildcard(name);
    if (parsed.tag === void 0 && parsed.digest === void 0) {
      forms.push(base, `${base}:*`, `${base}@*`);
      continue;
    }
    for (const tag of parsed.tag === void 0 ? [void 0] : expand(parsed.tag, pattern)) {
      for (const digest of parsed.digest === void 0 ? [void 0] : expand(parsed.digest, pattern)) {
        const withTag = tag === void 0 ? base : `${base}:${wildcard(tag)}`;
        if (digest === void 0) forms.push(withTag, `${withTag}@*`);
        else
          forms.push(`${withTag}@${wildcard(digest)}`, ...tag === void 0 ? [`${base}:*@${wildcard(digest)}`] : []);
      }
    }
  }
  const unique = [...new Set(forms.map(escapeKyvernoVariables))];
  if (unique.length > MAX_KYVERNO_PATTERNS) {
    throw new ConfigurationError(
      `the image pattern ${excerpt(pattern)} expands into ${unique.length} Kyverno patterns (at most ${MAX_KYVERNO_PATTERNS})`
    );
  }
  return unique;
}
function wildcard(glob) {
  let out = "";
  for (let i = 0; i < glob.length; i += 1) {
    const char = glob[i];
    if (char === "[") {
      const end = glob.indexOf("]", i + 2);
      if (end !== -1) {
        out += "?";
        i = end;
        continue;
      }
    }
    if (char === "*" && out.endsWith("*")) continue;
    out += char;
  }
  return out;
}
function expand(glob, pattern) {
  let done = [];
  let todo = [glob];
  while (todo.length > 0) {
    const next = [];
    for (const text of todo) {
      const group = braceGroup(text);
      if (!group) {
        done.push(text);
        continue;
      }
      for (const alternative of text.slice(group.open + 1, group.close).split(",")) {
        next.push(text.slice(0, group.open) + alternative + text.slice(group.close + 1));
      }
    }
    if (done.length + next.length > MAX_KYVERNO_PATTERNS) {
      throw new ConfigurationError(
        `the image pattern ${excerpt(pattern)} expands into more than ${MAX_KYVERNO_PATTERNS} Kyverno patterns`
      );
    }
    todo = next;
  }
  done = [...new Set(done)];
  return done;
}
function braceGroup(text) {
  let open = -1;
  let comma = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (char === "{") {
      open = i;
      comma = false;
    } else if (char === "," && open !== -1) {
      comma = true;
    } else if (char === "}" && open !== -1) {
      if (comma) return { open, close: i };
      open = -1;
    }
  }
  return void 0;
}
function escapeKyvernoVariables(text) {
  return text.replaceAll("{{", "\\{{");
}

// src/policy/kyverno-export.ts
var POD_MATCH = { any: [{ resources: { kinds: ["Pod"] } }] };
function kyvernoClusterPolicy(input) {
  const rules = [];
  if (input.allow.length > 0) rules.push(allowedImagesRule(input.allow));
  (input.signatures?.bases ?? []).forEach((base, index) => {
    const entries = attestorEntries(base.signers, input);
    if (entries.length === 0) return;
    rules.push({
      name: `imagegate-signed-bases-${index + 1}`,
      match: POD_MATCH,
      verifyImages: [
        {
          imageReferences: imageReferences([base.match]),
          attestors: [{ count: 1, entries }],
          mutateDigest: false,
          verifyDigest: false,
          required: true
        }
      ]
    });
  });
  if (input.images.length > 0) rules.push(verifiedImageRule(input));
  return {
    apiVersion: "kyverno.io/v1",
    kind: "ClusterPolicy",
    metadata: {
      name: input.name,
      annotations: {
        "policies.kyverno.io/title": "imagegate: allowed bases, signers and verification summary",
        "policies.kyverno.io/description": "Generated by `imagegate policy export --kyverno` from " + escapeKyvernoVariables(input.policyFiles.join(", ") || "the built-in default policy") + ". Edit the policy file and export again rather than this.",
        "imagegate.dev/policy-digest": `sha256:${input.policyDigest}`
      }
    },
    spec: {
      validationFailureAction: "Enforce",
      background: false,
      webhookTimeoutSeconds: 30,
      failurePolicy: "Fail",
      rules
    }
  };
}
function allowedImagesRule(allow) {
  const alternatives = imageReferences(allow).join(" | ");
  const list = [{ image: alternatives }];
  return {
    name: "imagegate-allowed-images",
    match: POD_MATCH,
    validate: {
      message: "imagegate: this image matches none of the allowed images (base.allow of the imagegate policy).",
      pattern: {
        spec: { "=(initContainers)": list, "=(ephemeralContainers)": list, containers: list }
      }
    }
  };
}
function verifiedImageRule(input) {
  const attestors = [{ count: 1, entries: attestorEntries(input.signatures?.image?.signers ?? [], input) }];
  const conditions = [
    {
      all: [
        { key: "{{ verificationResult }}", operator: "Equals", value: "PASSED" },
        { key: "{{ policy.digest.sha256 }}", operator: "Equals", value: input.policyDigest },
        { key: "{{ verifier.id }}", operator: "Equals", value: IMAGEGATE_VERIFIER_ID }
      ]
    }
  ];
  return {
    name: "imagegate-verified-image",
    match: POD_MATCH,
    verifyImages: [
      {
        imageReferences: imageReferences(input.images),
        ...input.signatures?.image?.required ? { attestors } : {},
        attestations: [{ type: VSA_PREDICATE_TYPE, attestors, conditions }],
        mutateDigest: true,
        verifyDigest: true,
        required: true
      }
    ]
  };
}
function imageReferences(patterns) {
  const out = [];
  for (const pattern of patterns) {
    for (const form of kyvernoImagePatterns(pattern)) {
      out.push(form);
      if (form.startsWith("docker.io/library/")) out.push(form.slice("docker.io/library/".length));
      else if (form.startsWith("docker.io/")) out.push(form.slice("docker.io/".length));
    }
  }
  return [...new Set(out)];
}
function attestorEntries(signers, input) {
  return signers.map((signer) => {
    if (signer.kind === "key") {
      const pem = input.keys.get(signer.file);
      if (pem === void 0) throw new Error(`kyverno export: the key ${signer.written} was not read`);
      return { keys: { publicKeys: pem, rekor: { ignoreTlog: true }, ctlog: { ignoreSCT: true } } };
    }
    const keyless = { issuer: escapeKyvernoVariables(signer.issuer) };
    if (signer.subject !== void 0) keyless.subject = escapeKyvernoVariables(signer.subject);
    if (signer.subjectRegExp !== void 0) keyless.subjectRegExp = escapeKyvernoVariables(signer.subjectRegExp);
    if (input.trust) {
      keyless.roots = input.trust.fulcioRoots;
      if (input.trust.rekor) keyless.rekor = input.trust.rekor;
      if (input.trust.ctlogPubkey) keyless.ctlog = { pubkey: input.trust.ctlogPubkey };
    }
    return { keyless };
  });
}

// src/cli/policy-export.ts
async function runPolicyExport(command, io) {
  const file = command.file ? path.resolve(io.cwd, command.file) : POLICY_FILE_NAMES.map((name) => path.join(io.cwd, name)).find((candidate) => existsSync(candidate));
  if (!file) {
    throw new ConfigurationError(
      `policy export: no policy file given and none of ${POLICY_FILE_NAMES.join(", ")} here`
    );
  }
  const paths = WorkspacePaths.within([...io.roots, path.dirname(file)]);
  const display = (absolute) => path.relative(io.cwd, absolute) || absolute;
  const policy = await loadPolicy(file, { paths, displayPath: display });
  const signatures = policy.signatures;
  if (command.images.length > 0 && !signatures?.image?.signers.length) {
    throw new ConfigurationError(
      `policy export --image needs signatures.image.signers in ${display(file)}: the key or identity that signs imagegate's verification summary (--attest-key) is who the cluster must trust`
    );
  }
  const files = { paths, displayPath: () => "" };
  const keys = /* @__PURE__ */ new Map();
  const signers = [...signatures?.image?.signers ?? [], ...(signatures?.bases ?? []).flatMap((b) => b.signers)];
  for (const signer of signers) {
    if (signer.kind !== "key" || keys.has(signer.file)) continue;
    const { text: pem } = await readPolicyFile(
      signer.file,
      signer.written,
      signer.source,
      "the signer key",
      MAX_KEY_BYTES,
      files
    );
    try {
      keys.set(signer.file, createPublicKey(pem).export({ type: "spki", format: "pem" }).toString());
    } catch {
      throw new ConfigurationError(`the signer key ${signer.written} is not a PEM public key`, signer.source);
    }
  }
  const root = signatures?.trustedRoot;
  const trust = root ? kyvernoTrust(
    (await readPolicyFile(root.file, root.written, root.source, "the trusted root", MAX_ROOT_BYTES, files)).text,
    root.written
  ) : void 0;
  const policyFiles = await Promise.all(
    policy.files.map(async (shown) => ({ path: shown, bytes: await readFile(path.resolve(io.cwd, shown)) }))
  );
  const digest = policyDigest(policyFiles);
  const document = kyvernoClusterPolicy({
    name: command.policyName,
    allow: policy.defaults.base?.allow ?? [],
    ...signatures ? { signatures } : {},
    keys,
    ...trust ? { trust } : {},
    images: command.images,
    policyDigest: digest,
    policyFiles: policy.files
  });
  const text = `# Generated by imagegate policy export --kyverno; policy digest sha256:${digest}
${(0, import_yaml.stringify)(document, { lineWidth: 0 })}`;
  if (command.out) {
    const out = path.resolve(io.cwd, command.out);
    await writeFileAtomic(out, text, "the Kyverno policy");
    io.stderr(`imagegate: wrote the Kyverno ClusterPolicy ${command.policyName} to ${display(out)}
`);
  } else {
    io.stdout(text);
  }
}
function kyvernoTrust(text, written) {
  const fail = (what) => new ConfigurationError(`the trusted root ${written}: ${what}`);
  let root;
  try {
    root = JSON.parse(text);
  } catch {
    throw fail("is not JSON");
  }
  if (!isObject(root)) throw fail("is not a JSON object");
  const certificates = [];
  for (const authority of Array.isArray(root.certificateAuthorities) ? root.certificateAuthorities : []) {
    const chain = isObject(authority) && isObject(authority.certChain) ? authority.certChain.certificates : void 0;
    for (const certificate of Array.isArray(chain) ? chain : []) {
      if (!isObject(certificate) || typeof certificate.rawBytes !== "string") continue;
      try {
        certificates.push(new X509Certificate(Buffer.from(certificate.rawBytes, "base64")).toString());
      } catch {
        throw fail("holds a certificate authority certificate that is not DER X.509");
      }
    }
  }
  if (certificates.length === 0) throw fail("names no certificate authority (certificateAuthorities[].certChain)");
  const log = (list) => {
    const first = Array.isArray(list) ? list.find(isObject) : void 0;
    const raw = isObject(first) && isObject(first.publicKey) ? first.publicKey.rawBytes : void 0;
    if (!isObject(first) || typeof raw !== "string") return void 0;
    try {
      const key = createPublicKey({ key: Buffer.from(raw, "base64"), format: "der", type: "spki" });
      return {
        ...typeof first.baseUrl === "string" ? { url: first.baseUrl } : {},
        pubkey: key.export({ type: "spki", format: "pem" }).toString()
      };
    } catch {
      throw fail("holds a log key that is not a DER public key");
    }
  };
  const rekor = log(root.tlogs);
  const ctlog = log(root.ctlogs);
  return {
    fulcioRoots: certificates.join(""),
    ...rekor?.url ? { rekor: { url: rekor.url, pubkey: rekor.pubkey } } : {},
    ...ctlog ? { ctlogPubkey: ctlog.pubkey } : {}
  };
}
export {
  kyvernoTrust,
  runPolicyExport
};
//# sourceMappingURL=policy-export-G53QI6MF.js.map
