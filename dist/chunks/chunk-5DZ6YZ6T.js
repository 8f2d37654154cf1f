import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  ConfigurationError
} from "./chunk-BRI3MEVE.js";

// src/signature/policy-file.ts
import { open } from "node:fs/promises";
var MAX_KEY_BYTES = 64 * 1024;
var MAX_ROOT_BYTES = 4 * 1024 * 1024;
async function readPolicyFile(file, written, source, what, maxBytes, request) {
  if (request.baseFiles) {
    const display2 = request.baseFiles.display(file);
    const read = await request.baseFiles.read(file);
    if ("problem" in read) throw new ConfigurationError(`${what} ${display2} cannot be read: ${read.problem}`, source);
    return { text: read.text, display: display2 };
  }
  const display = request.displayPath(file) || written;
  const real = await request.paths.regularFile(file, { what, display, referencedAt: source });
  const handle = await open(real, "r");
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) {
      throw new ConfigurationError(`${what} ${display} is ${size} bytes; imagegate reads at most ${maxBytes}`, source);
    }
    const buffer = Buffer.alloc(size + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > size) throw new ConfigurationError(`${what} ${display} changed while it was read`, source);
    return { text: buffer.toString("utf8", 0, bytesRead), display };
  } finally {
    await handle.close();
  }
}

// src/attest/vsa-statement.ts
import { createHash } from "node:crypto";
var IN_TOTO_STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
var VSA_PREDICATE_TYPE = "https://slsa.dev/verification_summary/v1";
var IMAGEGATE_VERIFIER_ID = "https://github.com/imagegate/imagegate";
var SHA256_DIGEST = /^sha256:[0-9a-f]{64}$/;
function sha256Hex(bytes) {
  return createHash("sha256").update(bytes).digest("hex");
}
function policyDigest(files) {
  if (files.length === 1) return sha256Hex(files[0].bytes);
  const listing = files.map((file) => `${sha256Hex(file.bytes)}  ${file.path}
`).join("");
  return sha256Hex(Buffer.from(listing, "utf8"));
}
function buildVsaStatement(input) {
  if (!SHA256_DIGEST.test(input.digest)) {
    throw new Error(`the attestation needs the image's sha256 digest, got ${JSON.stringify(input.digest)}`);
  }
  const hex = input.digest.slice("sha256:".length);
  const passed = input.verdict === "pass";
  return {
    _type: IN_TOTO_STATEMENT_TYPE,
    subject: [{ name: input.repository, digest: { sha256: hex } }],
    predicateType: VSA_PREDICATE_TYPE,
    predicate: {
      verifier: { id: IMAGEGATE_VERIFIER_ID, version: { imagegate: input.toolVersion } },
      timeVerified: input.timeVerified,
      resourceUri: `${input.repository}@${input.digest}`,
      policy: { uri: input.policyUri, digest: { sha256: policyDigest(input.policyFiles) } },
      inputAttestations: [...input.inputAttestations ?? []],
      verificationResult: passed ? "PASSED" : "FAILED",
      // A failed verification vouches for no level; a passed one for what the provenance checks established, and
      // without them for Build L0 (no provenance claim), which is all a policy gate alone can say.
      verifiedLevels: passed ? [...input.verifiedLevels ?? ["SLSA_BUILD_LEVEL_0"]] : [],
      slsaVersion: "1.0",
      imagegate: {
        counts: input.counts,
        policyFiles: input.policyFiles.map((file) => ({ path: file.path, sha256: sha256Hex(file.bytes) }))
      }
    }
  };
}

export {
  MAX_KEY_BYTES,
  MAX_ROOT_BYTES,
  readPolicyFile,
  VSA_PREDICATE_TYPE,
  IMAGEGATE_VERIFIER_ID,
  policyDigest,
  buildVsaStatement
};
//# sourceMappingURL=chunk-5DZ6YZ6T.js.map
