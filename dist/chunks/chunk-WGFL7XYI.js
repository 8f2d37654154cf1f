import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  BUNDLE_MANIFEST,
  NO_FOLLOW_READ,
  buildTrivyArgs,
  buildTrivyDbDownloadArgs,
  carriesRegistryCredentials,
  loadFeeds,
  readBundleManifest,
  scannerList,
  trivyEnv,
  withoutRegistryCredentials
} from "./chunk-JUGU53RN.js";
import {
  DIGEST,
  LayerAnalyzer,
  PASSWORD_VARIABLE,
  RegistryClient,
  USERNAME_VARIABLE,
  analyzeFileRegion,
  checkImageConfigType,
  missingEntry,
  parseJson,
  readDocument,
  readJson,
  readRegion,
  walkTarFile
} from "./chunk-W2VDYOEE.js";
import {
  findJsonSyntaxError,
  parseJsonInput
} from "./chunk-DWMO3FQH.js";
import {
  redact
} from "./chunk-PVWXTPTW.js";
import {
  IMAGEGATE_VERIFIER_ID,
  MAX_KEY_BYTES,
  MAX_ROOT_BYTES,
  VSA_PREDICATE_TYPE,
  buildVsaStatement,
  readPolicyFile
} from "./chunk-5DZ6YZ6T.js";
import {
  isObject,
  linkHistory,
  parseImageConfig,
  platformOf,
  runConfigFacts
} from "./chunk-LUOCSN52.js";
import {
  locateTrivy,
  sha256File
} from "./chunk-JCWX3QS3.js";
import {
  TarParser,
  tarError
} from "./chunk-442YUYJO.js";
import {
  PROPAGATIONS,
  serviceMounts,
  volumesFromEntries
} from "./chunk-OD3V56NM.js";
import {
  writeJson
} from "./chunk-34FQDPIX.js";
import {
  loadManifests,
  readWorkloads
} from "./chunk-AUXTYMAK.js";
import {
  readCappedStdin
} from "./chunk-MXKXKKXY.js";
import {
  require_dist,
  require_dist2,
  require_dist3,
  require_v2
} from "./chunk-QS3BL4VH.js";
import {
  SARIF_FILE_NAME,
  SARIF_SCHEMA_URI,
  SUMMARY_FILE_NAME,
  toMarkdownSummary,
  toSarif
} from "./chunk-VN2WC5C3.js";
import {
  blockingFindings,
  byRelevance,
  isVulnerabilityFinding,
  ruleFamily
} from "./chunk-3NASWGJX.js";
import {
  RULE_DOCS_LINKS
} from "./chunk-WF3FNKQG.js";
import {
  describeAge
} from "./chunk-ON4C7FYR.js";
import {
  NO_IMAGE,
  decideVerdict,
  familyFailOnFor,
  nounFor,
  plural
} from "./chunk-ALVOWIAA.js";
import {
  codeSpan,
  escapeInline
} from "./chunk-SAYJQMG6.js";
import {
  FEEDS_DIR
} from "./chunk-3ZN2VMKL.js";
import {
  AtomicFileSet,
  writeFileAtomic,
  writeJsonAtomic
} from "./chunk-7GNNRPV6.js";
import {
  VERSION
} from "./chunk-DRWF5HZX.js";
import {
  openGitPolicySource
} from "./chunk-HA35GMAF.js";
import {
  exec,
  execa,
  tail
} from "./chunk-IESNBTYB.js";
import {
  ALLOW_KINDS,
  DEFAULT_UNKNOWN_SEVERITY,
  compileGlob,
  compileImagePattern,
  compileSubjectRegExp,
  defaultPolicy,
  describeSigner,
  formatGraceDuration,
  identityMatches,
  loadPolicy,
  matchImagePattern,
  mergeImageRules,
  parsePublicKey,
  parseTagRules,
  require_picomatch,
  rulesForImage,
  selectTags,
  severityFor,
  tagVersion
} from "./chunk-EJWCARX5.js";
import {
  RULES,
  ruleById
} from "./chunk-YHFRDE34.js";
import {
  formatBytes
} from "./chunk-2SIDVBE2.js";
import {
  DEFAULT_COMPOSE_FILES,
  loadComposeProject
} from "./chunk-UEOALV3R.js";
import {
  isMapNode,
  isSequenceNode,
  mapGet,
  stringValue
} from "./chunk-TFUQI7BM.js";
import {
  didYouMean,
  require_mod
} from "./chunk-LUOQMPLI.js";
import {
  ENTRY_NAME_MAX,
  excerpt,
  excerptValue
} from "./chunk-G7D7EWW2.js";
import {
  appendAll
} from "./chunk-RHYLLRJI.js";
import {
  POLICY_FILE_NAMES,
  checkOutDir,
  loadAttestKey
} from "./chunk-F3JXNG4H.js";
import {
  isLoopback,
  registryEndpoint
} from "./chunk-525AQQA4.js";
import {
  interpolationEnvironment,
  isWithheldVariable
} from "./chunk-O5XMQXHR.js";
import {
  IN_TOTO_PAYLOAD_TYPE,
  githubOidcProvider,
  signEnvelope
} from "./chunk-UESGDJOT.js";
import {
  describeVerification
} from "./chunk-BEXNPQ7L.js";
import {
  SEVERITIES,
  atLeast,
  bySeverity,
  countBySeverity,
  fingerprintOf,
  severityRank
} from "./chunk-OOOZQBDA.js";
import {
  WorkspacePaths,
  isInside
} from "./chunk-5AN7IYVK.js";
import {
  CYCLONEDX_FILE_NAME,
  SPDX_FILE_NAME,
  VULNERABLE_ONLY_NOTE
} from "./chunk-WKVO4CF4.js";
import {
  parseImageReference
} from "./chunk-ST7SR4PU.js";
import {
  require_semver
} from "./chunk-FRITBTAO.js";
import {
  recordChangedTrivyDbs,
  verifyTrivyDbs
} from "./chunk-CJYB6J4O.js";
import {
  TRIVY_DATABASES,
  readTrivyDbState,
  resolveDbOptions
} from "./chunk-QAPMAWII.js";
import {
  ConfigurationError,
  ToolError,
  describeError
} from "./chunk-BRI3MEVE.js";
import {
  __commonJS,
  __require,
  __toESM
} from "./chunk-GVHAVQQT.js";

// node_modules/@sigstore/verify/dist/bundle/dsse.js
var require_dsse = __commonJS({
  "node_modules/@sigstore/verify/dist/bundle/dsse.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.DSSESignatureContent = void 0;
    var core_1 = require_dist3();
    var DSSESignatureContent = class {
      env;
      constructor(env) {
        this.env = env;
      }
      compareDigest(digest) {
        return core_1.crypto.bufferEqual(digest, core_1.crypto.digest("sha256", this.env.payload));
      }
      compareSignature(signature) {
        return core_1.crypto.bufferEqual(signature, this.signature);
      }
      verifySignature(key) {
        return core_1.crypto.verify(this.preAuthEncoding, key, this.signature);
      }
      get signature() {
        return this.env.signatures.length > 0 ? this.env.signatures[0].sig : Buffer.from("");
      }
      // DSSE Pre-Authentication Encoding
      get preAuthEncoding() {
        return core_1.dsse.preAuthEncoding(this.env.payloadType, this.env.payload);
      }
    };
    exports.DSSESignatureContent = DSSESignatureContent;
  }
});

// node_modules/@sigstore/verify/dist/bundle/message.js
var require_message = __commonJS({
  "node_modules/@sigstore/verify/dist/bundle/message.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.MessageSignatureContent = void 0;
    var core_1 = require_dist3();
    var protobuf_specs_1 = require_dist();
    var HASH_ALGORITHM_MAP = {
      [protobuf_specs_1.HashAlgorithm.HASH_ALGORITHM_UNSPECIFIED]: "sha256",
      [protobuf_specs_1.HashAlgorithm.SHA2_256]: "sha256",
      [protobuf_specs_1.HashAlgorithm.SHA2_384]: "sha384",
      [protobuf_specs_1.HashAlgorithm.SHA2_512]: "sha512",
      [protobuf_specs_1.HashAlgorithm.SHA3_256]: "sha3-256",
      [protobuf_specs_1.HashAlgorithm.SHA3_384]: "sha3-384"
    };
    var MessageSignatureContent = class {
      signature;
      messageDigest;
      artifact;
      hashAlgorithm;
      constructor(messageSignature, artifact) {
        this.signature = messageSignature.signature;
        this.messageDigest = messageSignature.messageDigest.digest;
        this.artifact = artifact;
        this.hashAlgorithm = HASH_ALGORITHM_MAP[messageSignature.messageDigest.algorithm] ?? /* istanbul ignore next */
        "sha256";
      }
      compareSignature(signature) {
        return core_1.crypto.bufferEqual(signature, this.signature);
      }
      compareDigest(digest) {
        return core_1.crypto.bufferEqual(digest, this.messageDigest);
      }
      verifySignature(key) {
        return core_1.crypto.verify(this.artifact, key, this.signature, this.hashAlgorithm);
      }
    };
    exports.MessageSignatureContent = MessageSignatureContent;
  }
});

// node_modules/@sigstore/verify/dist/bundle/index.js
var require_bundle = __commonJS({
  "node_modules/@sigstore/verify/dist/bundle/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.toSignedEntity = toSignedEntity3;
    exports.signatureContent = signatureContent;
    var core_1 = require_dist3();
    var dsse_1 = require_dsse();
    var message_1 = require_message();
    function toSignedEntity3(bundle, artifact) {
      const { tlogEntries, timestampVerificationData } = bundle.verificationMaterial;
      const timestamps = [];
      for (const entry of tlogEntries) {
        if (entry.integratedTime && entry.integratedTime !== "0") {
          timestamps.push({
            $case: "transparency-log",
            tlogEntry: entry
          });
        }
      }
      for (const ts of timestampVerificationData?.rfc3161Timestamps ?? []) {
        timestamps.push({
          $case: "timestamp-authority",
          timestamp: core_1.RFC3161Timestamp.parse(Buffer.from(ts.signedTimestamp))
        });
      }
      return {
        signature: signatureContent(bundle, artifact),
        key: key(bundle),
        tlogEntries,
        timestamps
      };
    }
    function signatureContent(bundle, artifact) {
      switch (bundle.content.$case) {
        case "dsseEnvelope":
          return new dsse_1.DSSESignatureContent(bundle.content.dsseEnvelope);
        case "messageSignature":
          return new message_1.MessageSignatureContent(bundle.content.messageSignature, artifact);
      }
    }
    function key(bundle) {
      switch (bundle.verificationMaterial.content.$case) {
        case "publicKey":
          return {
            $case: "public-key",
            hint: bundle.verificationMaterial.content.publicKey.hint
          };
        case "x509CertificateChain":
          return {
            $case: "certificate",
            certificate: core_1.X509Certificate.parse(Buffer.from(bundle.verificationMaterial.content.x509CertificateChain.certificates[0].rawBytes))
          };
        case "certificate":
          return {
            $case: "certificate",
            certificate: core_1.X509Certificate.parse(Buffer.from(bundle.verificationMaterial.content.certificate.rawBytes))
          };
      }
    }
  }
});

// node_modules/@sigstore/verify/dist/error.js
var require_error = __commonJS({
  "node_modules/@sigstore/verify/dist/error.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.PolicyError = exports.VerificationError = void 0;
    var BaseError = class extends Error {
      code;
      cause;
      /* eslint-disable-line @typescript-eslint/no-explicit-any */
      constructor({ code: code2, message, cause }) {
        super(message);
        this.code = code2;
        this.cause = cause;
        this.name = this.constructor.name;
      }
    };
    var VerificationError = class extends BaseError {
    };
    exports.VerificationError = VerificationError;
    var PolicyError = class extends BaseError {
    };
    exports.PolicyError = PolicyError;
  }
});

// node_modules/@sigstore/verify/dist/trust/filter.js
var require_filter = __commonJS({
  "node_modules/@sigstore/verify/dist/trust/filter.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.filterCertAuthorities = filterCertAuthorities;
    exports.filterTLogAuthorities = filterTLogAuthorities;
    function filterCertAuthorities(certAuthorities, timestamp) {
      return certAuthorities.filter((ca) => {
        return ca.validFor.start <= timestamp && ca.validFor.end >= timestamp;
      });
    }
    function filterTLogAuthorities(tlogAuthorities, criteria) {
      return tlogAuthorities.filter((tlog) => {
        if (criteria.logID && !tlog.logID.equals(criteria.logID)) {
          return false;
        }
        return tlog.validFor.start <= criteria.targetDate && criteria.targetDate <= tlog.validFor.end;
      });
    }
  }
});

// node_modules/@sigstore/verify/dist/trust/index.js
var require_trust = __commonJS({
  "node_modules/@sigstore/verify/dist/trust/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.filterTLogAuthorities = exports.filterCertAuthorities = void 0;
    exports.toTrustMaterial = toTrustMaterial5;
    var core_1 = require_dist3();
    var protobuf_specs_1 = require_dist();
    var error_1 = require_error();
    var BEGINNING_OF_TIME = /* @__PURE__ */ new Date(0);
    var END_OF_TIME = /* @__PURE__ */ new Date(864e13);
    var filter_1 = require_filter();
    Object.defineProperty(exports, "filterCertAuthorities", { enumerable: true, get: function() {
      return filter_1.filterCertAuthorities;
    } });
    Object.defineProperty(exports, "filterTLogAuthorities", { enumerable: true, get: function() {
      return filter_1.filterTLogAuthorities;
    } });
    function toTrustMaterial5(root, keys) {
      const keyFinder = typeof keys === "function" ? keys : keyLocator(keys);
      return {
        certificateAuthorities: root.certificateAuthorities.map(createCertAuthority),
        timestampAuthorities: root.timestampAuthorities.map(createCertAuthority),
        tlogs: root.tlogs.map(createTLogAuthority),
        ctlogs: root.ctlogs.map(createTLogAuthority),
        publicKey: keyFinder
      };
    }
    function createTLogAuthority(tlogInstance) {
      const keyDetails = tlogInstance.publicKey.keyDetails;
      const keyType = keyDetails === protobuf_specs_1.PublicKeyDetails.PKCS1_RSA_PKCS1V5 || keyDetails === protobuf_specs_1.PublicKeyDetails.PKIX_RSA_PKCS1V5 || keyDetails === protobuf_specs_1.PublicKeyDetails.PKIX_RSA_PKCS1V15_2048_SHA256 || keyDetails === protobuf_specs_1.PublicKeyDetails.PKIX_RSA_PKCS1V15_3072_SHA256 || keyDetails === protobuf_specs_1.PublicKeyDetails.PKIX_RSA_PKCS1V15_4096_SHA256 ? "pkcs1" : "spki";
      return {
        baseURL: tlogInstance.baseUrl,
        logID: tlogInstance.checkpointKeyId ? tlogInstance.checkpointKeyId.keyId : tlogInstance.logId.keyId,
        publicKey: core_1.crypto.createPublicKey(tlogInstance.publicKey.rawBytes, keyType),
        validFor: {
          start: tlogInstance.publicKey.validFor?.start || BEGINNING_OF_TIME,
          end: tlogInstance.publicKey.validFor?.end || END_OF_TIME
        }
      };
    }
    function createCertAuthority(ca) {
      return {
        certChain: ca.certChain.certificates.map((cert) => {
          return core_1.X509Certificate.parse(Buffer.from(cert.rawBytes));
        }),
        validFor: {
          start: ca.validFor?.start || BEGINNING_OF_TIME,
          end: ca.validFor?.end || END_OF_TIME
        }
      };
    }
    function keyLocator(keys) {
      return (hint) => {
        const key = (keys || {})[hint];
        if (!key) {
          throw new error_1.VerificationError({
            code: "PUBLIC_KEY_ERROR",
            message: `key not found: ${hint}`
          });
        }
        return {
          publicKey: core_1.crypto.createPublicKey(key.rawBytes),
          validFor: (date) => {
            return (key.validFor?.start || BEGINNING_OF_TIME) <= date && (key.validFor?.end || END_OF_TIME) >= date;
          }
        };
      };
    }
  }
});

// node_modules/@sigstore/verify/dist/key/certificate.js
var require_certificate = __commonJS({
  "node_modules/@sigstore/verify/dist/key/certificate.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.CertificateChainVerifier = void 0;
    exports.verifyCertificateChain = verifyCertificateChain;
    var error_1 = require_error();
    var trust_1 = require_trust();
    function verifyCertificateChain(timestamp, leaf, certificateAuthorities) {
      const cas = (0, trust_1.filterCertAuthorities)(certificateAuthorities, timestamp);
      let error;
      for (const ca of cas) {
        try {
          const verifier = new CertificateChainVerifier({
            trustedCerts: ca.certChain,
            untrustedCert: leaf,
            timestamp
          });
          return verifier.verify();
        } catch (err) {
          error = err;
        }
      }
      throw new error_1.VerificationError({
        code: "CERTIFICATE_ERROR",
        message: "Failed to verify certificate chain",
        cause: error
      });
    }
    var CertificateChainVerifier = class {
      untrustedCert;
      trustedCerts;
      localCerts;
      timestamp;
      constructor(opts) {
        this.untrustedCert = opts.untrustedCert;
        this.trustedCerts = opts.trustedCerts;
        this.localCerts = dedupeCertificates([
          ...opts.trustedCerts,
          opts.untrustedCert
        ]);
        this.timestamp = opts.timestamp;
      }
      verify() {
        const certificatePath = this.sort();
        this.checkPath(certificatePath);
        const validForDate = certificatePath.every((cert) => cert.validForDate(this.timestamp));
        if (!validForDate) {
          throw new error_1.VerificationError({
            code: "CERTIFICATE_ERROR",
            message: "certificate is not valid or expired at the specified date"
          });
        }
        return certificatePath;
      }
      sort() {
        const leafCert = this.untrustedCert;
        let paths = this.buildPaths(leafCert);
        paths = paths.filter((path28) => path28.some((cert) => this.trustedCerts.includes(cert)));
        if (paths.length === 0) {
          throw new error_1.VerificationError({
            code: "CERTIFICATE_ERROR",
            message: "no trusted certificate path found"
          });
        }
        const path27 = paths.reduce((prev, curr) => prev.length < curr.length ? prev : curr);
        return [leafCert, ...path27].slice(0, -1);
      }
      // Recursively build all possible paths from the leaf to the root
      buildPaths(certificate) {
        const paths = [];
        const issuers = this.findIssuer(certificate);
        if (issuers.length === 0) {
          throw new error_1.VerificationError({
            code: "CERTIFICATE_ERROR",
            message: "no valid certificate path found"
          });
        }
        for (let i = 0; i < issuers.length; i++) {
          const issuer = issuers[i];
          if (issuer.equals(certificate)) {
            paths.push([certificate]);
            continue;
          }
          const subPaths = this.buildPaths(issuer);
          for (let j = 0; j < subPaths.length; j++) {
            paths.push([issuer, ...subPaths[j]]);
          }
        }
        return paths;
      }
      // Return all possible issuers for the given certificate
      findIssuer(certificate) {
        let issuers = [];
        let keyIdentifier;
        if (certificate.subject.equals(certificate.issuer)) {
          if (certificate.verify()) {
            return [certificate];
          }
        }
        if (certificate.extAuthorityKeyID) {
          keyIdentifier = certificate.extAuthorityKeyID.keyIdentifier;
        }
        this.localCerts.forEach((possibleIssuer) => {
          if (keyIdentifier) {
            if (possibleIssuer.extSubjectKeyID) {
              if (possibleIssuer.extSubjectKeyID.keyIdentifier.equals(keyIdentifier)) {
                issuers.push(possibleIssuer);
              }
              return;
            }
          }
          if (possibleIssuer.subject.equals(certificate.issuer)) {
            issuers.push(possibleIssuer);
          }
        });
        issuers = issuers.filter((issuer) => {
          try {
            return certificate.verify(issuer);
          } catch (ex) {
            return false;
          }
        });
        return issuers;
      }
      checkPath(path27) {
        if (path27.length < 1) {
          throw new error_1.VerificationError({
            code: "CERTIFICATE_ERROR",
            message: "certificate chain must contain at least one certificate"
          });
        }
        const validCAs = path27.slice(1).every((cert) => cert.isCA);
        if (!validCAs) {
          throw new error_1.VerificationError({
            code: "CERTIFICATE_ERROR",
            message: "intermediate certificate is not a CA"
          });
        }
        for (let i = path27.length - 2; i >= 0; i--) {
          if (!path27[i].issuer.equals(path27[i + 1].subject)) {
            throw new error_1.VerificationError({
              code: "CERTIFICATE_ERROR",
              message: "incorrect certificate name chaining"
            });
          }
        }
        for (let i = 0; i < path27.length; i++) {
          const cert = path27[i];
          if (cert.extBasicConstraints?.isCA) {
            const pathLength = cert.extBasicConstraints.pathLenConstraint;
            if (pathLength !== void 0 && pathLength < i - 1) {
              throw new error_1.VerificationError({
                code: "CERTIFICATE_ERROR",
                message: "path length constraint exceeded"
              });
            }
          }
        }
      }
    };
    exports.CertificateChainVerifier = CertificateChainVerifier;
    function dedupeCertificates(certs) {
      for (let i = 0; i < certs.length; i++) {
        for (let j = i + 1; j < certs.length; j++) {
          if (certs[i].equals(certs[j])) {
            certs.splice(j, 1);
            j--;
          }
        }
      }
      return certs;
    }
  }
});

// node_modules/@sigstore/verify/dist/key/sct.js
var require_sct = __commonJS({
  "node_modules/@sigstore/verify/dist/key/sct.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.verifySCTs = verifySCTs;
    var core_1 = require_dist3();
    var error_1 = require_error();
    var trust_1 = require_trust();
    function verifySCTs(cert, issuer, ctlogs) {
      let extSCT;
      const clone = cert.clone();
      for (let i = 0; i < clone.extensions.length; i++) {
        const ext = clone.extensions[i];
        if (ext.subs[0].toOID() === core_1.EXTENSION_OID_SCT) {
          extSCT = new core_1.X509SCTExtension(ext);
          clone.extensions.splice(i, 1);
          break;
        }
      }
      if (!extSCT) {
        return [];
      }
      if (extSCT.signedCertificateTimestamps.length === 0) {
        return [];
      }
      const preCert = new core_1.ByteStream();
      const issuerId = core_1.crypto.digest("sha256", issuer.publicKey);
      preCert.appendView(issuerId);
      const tbs = clone.tbsCertificate.toDER();
      preCert.appendUint24(tbs.length);
      preCert.appendView(tbs);
      return extSCT.signedCertificateTimestamps.map((sct) => {
        const validCTLogs = (0, trust_1.filterTLogAuthorities)(ctlogs, {
          logID: sct.logID,
          targetDate: sct.datetime
        });
        const verified = validCTLogs.some((log) => sct.verify(preCert.buffer, log.publicKey));
        if (!verified) {
          throw new error_1.VerificationError({
            code: "CERTIFICATE_ERROR",
            message: "SCT verification failed"
          });
        }
        return sct.logID;
      });
    }
  }
});

// node_modules/@sigstore/verify/dist/key/index.js
var require_key = __commonJS({
  "node_modules/@sigstore/verify/dist/key/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.verifyPublicKey = verifyPublicKey;
    exports.verifyCertificate = verifyCertificate;
    var core_1 = require_dist3();
    var error_1 = require_error();
    var certificate_1 = require_certificate();
    var sct_1 = require_sct();
    var OID_FULCIO_ISSUER_V1 = "1.3.6.1.4.1.57264.1.1";
    var OID_FULCIO_ISSUER_V2 = "1.3.6.1.4.1.57264.1.8";
    function verifyPublicKey(hint, timestamps, trustMaterial) {
      const key = trustMaterial.publicKey(hint);
      timestamps.forEach((timestamp) => {
        if (!key.validFor(timestamp)) {
          throw new error_1.VerificationError({
            code: "PUBLIC_KEY_ERROR",
            message: `Public key is not valid for timestamp: ${timestamp.toISOString()}`
          });
        }
      });
      return { key: key.publicKey };
    }
    function verifyCertificate(leaf, timestamps, trustMaterial) {
      let path27 = [];
      timestamps.forEach((timestamp) => {
        path27 = (0, certificate_1.verifyCertificateChain)(timestamp, leaf, trustMaterial.certificateAuthorities);
      });
      return {
        scts: (0, sct_1.verifySCTs)(path27[0], path27[1], trustMaterial.ctlogs),
        signer: getSigner(path27[0])
      };
    }
    function getSigner(cert) {
      let issuer;
      const issuerExtension = cert.extension(OID_FULCIO_ISSUER_V2);
      if (issuerExtension) {
        issuer = issuerExtension.valueObj.subs?.[0]?.value.toString("ascii");
      } else {
        issuer = cert.extension(OID_FULCIO_ISSUER_V1)?.value.toString("ascii");
      }
      const oids = cert.extensions.map((ext) => {
        const oid = ext.subs[0].toOID();
        return {
          oid: { id: oid.split(".").map(Number) },
          value: ext.subs[ext.subs.length - 1].value
        };
      });
      const identity = {
        extensions: { issuer },
        subjectAlternativeName: cert.subjectAltName,
        oids
      };
      return {
        key: core_1.crypto.createPublicKey(cert.publicKey),
        identity
      };
    }
  }
});

// node_modules/@sigstore/verify/dist/policy.js
var require_policy = __commonJS({
  "node_modules/@sigstore/verify/dist/policy.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.verifySubjectAlternativeName = verifySubjectAlternativeName;
    exports.verifyExtensions = verifyExtensions;
    exports.verifyOIDs = verifyOIDs;
    var error_1 = require_error();
    function verifySubjectAlternativeName(policyIdentity, signerIdentity) {
      if (signerIdentity === void 0 || !signerIdentity.match(policyIdentity)) {
        throw new error_1.PolicyError({
          code: "UNTRUSTED_SIGNER_ERROR",
          message: `certificate identity error - expected ${policyIdentity}, got ${signerIdentity}`
        });
      }
    }
    function verifyExtensions(policyExtensions, signerExtensions = {}) {
      let key;
      for (key in policyExtensions) {
        if (signerExtensions[key] !== policyExtensions[key]) {
          throw new error_1.PolicyError({
            code: "UNTRUSTED_SIGNER_ERROR",
            message: `invalid certificate extension - expected ${key}=${policyExtensions[key]}, got ${key}=${signerExtensions[key]}`
          });
        }
      }
    }
    function verifyOIDs(policyOIDs, signerOIDs = []) {
      for (const policyOID of policyOIDs) {
        const match = signerOIDs.find((signerOID) => oidEquals(policyOID.oid?.id, signerOID.oid?.id) && policyOID.value.equals(signerOID.value));
        if (!match) {
          const oid = policyOID.oid?.id.join(".") ?? "<unknown>";
          throw new error_1.PolicyError({
            code: "UNTRUSTED_SIGNER_ERROR",
            message: `invalid certificate extension - missing OID ${oid}`
          });
        }
      }
    }
    function oidEquals(a, b) {
      if (a === void 0 || b === void 0) {
        return false;
      }
      return a.length === b.length && a.every((v, i) => v === b[i]);
    }
  }
});

// node_modules/@sigstore/verify/dist/timestamp/tsa.js
var require_tsa = __commonJS({
  "node_modules/@sigstore/verify/dist/timestamp/tsa.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.verifyRFC3161Timestamp = verifyRFC3161Timestamp;
    var core_1 = require_dist3();
    var error_1 = require_error();
    var certificate_1 = require_certificate();
    var trust_1 = require_trust();
    function verifyRFC3161Timestamp(timestamp, data, timestampAuthorities) {
      const signingTime = timestamp.signingTime;
      timestampAuthorities = (0, trust_1.filterCertAuthorities)(timestampAuthorities, signingTime);
      timestampAuthorities = filterCAsBySerialAndIssuer(timestampAuthorities, {
        serialNumber: timestamp.signerSerialNumber,
        issuer: timestamp.signerIssuer
      });
      const verified = timestampAuthorities.some((ca) => {
        try {
          verifyTimestampForCA(timestamp, data, ca);
          return true;
        } catch (e) {
          return false;
        }
      });
      if (!verified) {
        throw new error_1.VerificationError({
          code: "TIMESTAMP_ERROR",
          message: "timestamp could not be verified"
        });
      }
    }
    function verifyTimestampForCA(timestamp, data, ca) {
      const [leaf, ...cas] = ca.certChain;
      const signingKey = core_1.crypto.createPublicKey(leaf.publicKey);
      const signingTime = timestamp.signingTime;
      try {
        new certificate_1.CertificateChainVerifier({
          untrustedCert: leaf,
          trustedCerts: cas,
          timestamp: signingTime
        }).verify();
      } catch (e) {
        throw new error_1.VerificationError({
          code: "TIMESTAMP_ERROR",
          message: "invalid certificate chain"
        });
      }
      timestamp.verify(data, signingKey);
    }
    function filterCAsBySerialAndIssuer(timestampAuthorities, criteria) {
      return timestampAuthorities.filter((ca) => ca.certChain.length > 0 && core_1.crypto.bufferEqual(ca.certChain[0].serialNumber, criteria.serialNumber) && core_1.crypto.bufferEqual(ca.certChain[0].issuer, criteria.issuer));
    }
  }
});

// node_modules/@sigstore/verify/dist/timestamp/index.js
var require_timestamp = __commonJS({
  "node_modules/@sigstore/verify/dist/timestamp/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.getTSATimestamp = getTSATimestamp;
    exports.getTLogTimestamp = getTLogTimestamp;
    var tsa_1 = require_tsa();
    function getTSATimestamp(timestamp, data, timestampAuthorities) {
      (0, tsa_1.verifyRFC3161Timestamp)(timestamp, data, timestampAuthorities);
      return {
        type: "timestamp-authority",
        logID: timestamp.signerSerialNumber,
        timestamp: timestamp.signingTime
      };
    }
    function getTLogTimestamp(entry) {
      if (!entry.inclusionPromise) {
        return void 0;
      }
      return {
        type: "transparency-log",
        logID: entry.logId.keyId,
        timestamp: new Date(Number(entry.integratedTime) * 1e3)
      };
    }
  }
});

// node_modules/@sigstore/verify/dist/tlog/dsse.js
var require_dsse2 = __commonJS({
  "node_modules/@sigstore/verify/dist/tlog/dsse.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.DSSE_API_VERSION_V1 = void 0;
    exports.verifyDSSETLogBody = verifyDSSETLogBody;
    exports.verifyDSSETLogBodyV2 = verifyDSSETLogBodyV2;
    var error_1 = require_error();
    exports.DSSE_API_VERSION_V1 = "0.0.1";
    function verifyDSSETLogBody(tlogEntry, content) {
      switch (tlogEntry.apiVersion) {
        case exports.DSSE_API_VERSION_V1:
          return verifyDSSE001TLogBody(tlogEntry, content);
        default:
          throw new error_1.VerificationError({
            code: "TLOG_BODY_ERROR",
            message: `unsupported dsse version: ${tlogEntry.apiVersion}`
          });
      }
    }
    function verifyDSSETLogBodyV2(tlogEntry, content) {
      const spec = tlogEntry.spec?.spec;
      if (!spec) {
        throw new error_1.VerificationError({
          code: "TLOG_BODY_ERROR",
          message: `missing dsse spec`
        });
      }
      switch (spec.$case) {
        case "dsseV002":
          return verifyDSSE002TLogBody(spec.dsseV002, content);
        default:
          throw new error_1.VerificationError({
            code: "TLOG_BODY_ERROR",
            message: `unsupported version: ${spec.$case}`
          });
      }
    }
    function verifyDSSE001TLogBody(tlogEntry, content) {
      if (tlogEntry.spec.signatures?.length !== 1) {
        throw new error_1.VerificationError({
          code: "TLOG_BODY_ERROR",
          message: "signature count mismatch"
        });
      }
      const tlogSig = tlogEntry.spec.signatures[0].signature;
      if (!content.compareSignature(Buffer.from(tlogSig, "base64")))
        throw new error_1.VerificationError({
          code: "TLOG_BODY_ERROR",
          message: "tlog entry signature mismatch"
        });
      const tlogHash = tlogEntry.spec.payloadHash?.value || "";
      if (!content.compareDigest(Buffer.from(tlogHash, "hex"))) {
        throw new error_1.VerificationError({
          code: "TLOG_BODY_ERROR",
          message: "DSSE payload hash mismatch"
        });
      }
    }
    function verifyDSSE002TLogBody(spec, content) {
      if (spec.signatures?.length !== 1) {
        throw new error_1.VerificationError({
          code: "TLOG_BODY_ERROR",
          message: "signature count mismatch"
        });
      }
      const tlogSig = spec.signatures[0].content;
      if (!content.compareSignature(tlogSig))
        throw new error_1.VerificationError({
          code: "TLOG_BODY_ERROR",
          message: "tlog entry signature mismatch"
        });
      const tlogHash = spec.payloadHash?.digest || Buffer.from("");
      if (!content.compareDigest(tlogHash)) {
        throw new error_1.VerificationError({
          code: "TLOG_BODY_ERROR",
          message: "DSSE payload hash mismatch"
        });
      }
    }
  }
});

// node_modules/@sigstore/verify/dist/tlog/hashedrekord.js
var require_hashedrekord = __commonJS({
  "node_modules/@sigstore/verify/dist/tlog/hashedrekord.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.HASHEDREKORD_API_VERSION_V1 = void 0;
    exports.verifyHashedRekordTLogBody = verifyHashedRekordTLogBody;
    exports.verifyHashedRekordTLogBodyV2 = verifyHashedRekordTLogBodyV2;
    var error_1 = require_error();
    exports.HASHEDREKORD_API_VERSION_V1 = "0.0.1";
    function verifyHashedRekordTLogBody(tlogEntry, content) {
      switch (tlogEntry.apiVersion) {
        case exports.HASHEDREKORD_API_VERSION_V1:
          return verifyHashedrekord001TLogBody(tlogEntry, content);
        default:
          throw new error_1.VerificationError({
            code: "TLOG_BODY_ERROR",
            message: `unsupported hashedrekord version: ${tlogEntry.apiVersion}`
          });
      }
    }
    function verifyHashedRekordTLogBodyV2(tlogEntry, content) {
      const spec = tlogEntry.spec?.spec;
      if (!spec) {
        throw new error_1.VerificationError({
          code: "TLOG_BODY_ERROR",
          message: `missing dsse spec`
        });
      }
      switch (spec.$case) {
        case "hashedRekordV002":
          return verifyHashedrekord002TLogBody(spec.hashedRekordV002, content);
        default:
          throw new error_1.VerificationError({
            code: "TLOG_BODY_ERROR",
            message: `unsupported version: ${spec.$case}`
          });
      }
    }
    function verifyHashedrekord001TLogBody(tlogEntry, content) {
      const tlogSig = tlogEntry.spec.signature.content || "";
      if (!content.compareSignature(Buffer.from(tlogSig, "base64"))) {
        throw new error_1.VerificationError({
          code: "TLOG_BODY_ERROR",
          message: "signature mismatch"
        });
      }
      const tlogDigest = tlogEntry.spec.data.hash?.value || "";
      if (!content.compareDigest(Buffer.from(tlogDigest, "hex"))) {
        throw new error_1.VerificationError({
          code: "TLOG_BODY_ERROR",
          message: "digest mismatch"
        });
      }
    }
    function verifyHashedrekord002TLogBody(spec, content) {
      const tlogSig = spec.signature?.content || Buffer.from("");
      if (!content.compareSignature(tlogSig)) {
        throw new error_1.VerificationError({
          code: "TLOG_BODY_ERROR",
          message: "signature mismatch"
        });
      }
      const tlogHash = spec.data?.digest || Buffer.from("");
      if (!content.compareDigest(tlogHash)) {
        throw new error_1.VerificationError({
          code: "TLOG_BODY_ERROR",
          message: "digest mismatch"
        });
      }
    }
  }
});

// node_modules/@sigstore/verify/dist/tlog/intoto.js
var require_intoto = __commonJS({
  "node_modules/@sigstore/verify/dist/tlog/intoto.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.verifyIntotoTLogBody = verifyIntotoTLogBody;
    var error_1 = require_error();
    function verifyIntotoTLogBody(tlogEntry, content) {
      switch (tlogEntry.apiVersion) {
        case "0.0.2":
          return verifyIntoto002TLogBody(tlogEntry, content);
        default:
          throw new error_1.VerificationError({
            code: "TLOG_BODY_ERROR",
            message: `unsupported intoto version: ${tlogEntry.apiVersion}`
          });
      }
    }
    function verifyIntoto002TLogBody(tlogEntry, content) {
      if (tlogEntry.spec.content.envelope.signatures?.length !== 1) {
        throw new error_1.VerificationError({
          code: "TLOG_BODY_ERROR",
          message: "signature count mismatch"
        });
      }
      const tlogSig = base64Decode(tlogEntry.spec.content.envelope.signatures[0].sig);
      if (!content.compareSignature(Buffer.from(tlogSig, "base64"))) {
        throw new error_1.VerificationError({
          code: "TLOG_BODY_ERROR",
          message: "tlog entry signature mismatch"
        });
      }
      const tlogHash = tlogEntry.spec.content.payloadHash?.value || "";
      if (!content.compareDigest(Buffer.from(tlogHash, "hex"))) {
        throw new error_1.VerificationError({
          code: "TLOG_BODY_ERROR",
          message: "DSSE payload hash mismatch"
        });
      }
    }
    function base64Decode(str) {
      return Buffer.from(str, "base64").toString("utf-8");
    }
  }
});

// node_modules/@sigstore/verify/dist/tlog/checkpoint.js
var require_checkpoint = __commonJS({
  "node_modules/@sigstore/verify/dist/tlog/checkpoint.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.LogCheckpoint = void 0;
    exports.verifyCheckpoint = verifyCheckpoint;
    var core_1 = require_dist3();
    var error_1 = require_error();
    var CHECKPOINT_SEPARATOR = "\n\n";
    var SIGNATURE_REGEX = /\u2014 (\S+) (\S+)\n/g;
    function verifyCheckpoint(entry, tlogs) {
      const inclusionProof = entry.inclusionProof;
      const signedNote = SignedNote.fromString(inclusionProof.checkpoint.envelope);
      const checkpoint = LogCheckpoint.fromString(signedNote.note);
      if (!verifySignedNote(signedNote, tlogs)) {
        throw new error_1.VerificationError({
          code: "TLOG_INCLUSION_PROOF_ERROR",
          message: "invalid checkpoint signature"
        });
      }
      return checkpoint;
    }
    function verifySignedNote(signedNote, tlogs) {
      const data = Buffer.from(signedNote.note, "utf-8");
      return signedNote.signatures.some((signature) => {
        const tlog = tlogs.find(
          (tlog2) => core_1.crypto.bufferEqual(tlog2.logID.subarray(0, 4), signature.keyHint) && tlog2.baseURL.match(signature.name)
          // Match the name to the base URL of the tlog
        );
        if (!tlog) {
          return false;
        }
        return core_1.crypto.verify(data, tlog.publicKey, signature.signature);
      });
    }
    var SignedNote = class _SignedNote {
      note;
      signatures;
      constructor(note, signatures) {
        this.note = note;
        this.signatures = signatures;
      }
      // Deserialize a SignedNote from a string
      static fromString(envelope) {
        if (!envelope.includes(CHECKPOINT_SEPARATOR)) {
          throw new error_1.VerificationError({
            code: "TLOG_INCLUSION_PROOF_ERROR",
            message: "missing checkpoint separator"
          });
        }
        const split = envelope.indexOf(CHECKPOINT_SEPARATOR);
        const header = envelope.slice(0, split + 1);
        const data = envelope.slice(split + CHECKPOINT_SEPARATOR.length);
        const matches = data.matchAll(SIGNATURE_REGEX);
        const signatures = Array.from(matches, (match) => {
          const [, name, signature] = match;
          const sigBytes = Buffer.from(signature, "base64");
          if (sigBytes.length < 5) {
            throw new error_1.VerificationError({
              code: "TLOG_INCLUSION_PROOF_ERROR",
              message: "malformed checkpoint signature"
            });
          }
          return {
            name,
            keyHint: sigBytes.subarray(0, 4),
            signature: sigBytes.subarray(4)
          };
        });
        if (signatures.length === 0) {
          throw new error_1.VerificationError({
            code: "TLOG_INCLUSION_PROOF_ERROR",
            message: "no signatures found in checkpoint"
          });
        }
        return new _SignedNote(header, signatures);
      }
    };
    var LogCheckpoint = class _LogCheckpoint {
      origin;
      logSize;
      logHash;
      rest;
      constructor(origin, logSize, logHash, rest) {
        this.origin = origin;
        this.logSize = logSize;
        this.logHash = logHash;
        this.rest = rest;
      }
      static fromString(note) {
        const lines = note.trimEnd().split("\n");
        if (lines.length < 3) {
          throw new error_1.VerificationError({
            code: "TLOG_INCLUSION_PROOF_ERROR",
            message: "too few lines in checkpoint header"
          });
        }
        const origin = lines[0];
        const logSize = BigInt(lines[1]);
        const rootHash = Buffer.from(lines[2], "base64");
        const rest = lines.slice(3);
        return new _LogCheckpoint(origin, logSize, rootHash, rest);
      }
    };
    exports.LogCheckpoint = LogCheckpoint;
  }
});

// node_modules/@sigstore/verify/dist/tlog/merkle.js
var require_merkle = __commonJS({
  "node_modules/@sigstore/verify/dist/tlog/merkle.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.verifyMerkleInclusion = verifyMerkleInclusion;
    var core_1 = require_dist3();
    var error_1 = require_error();
    var RFC6962_LEAF_HASH_PREFIX = Buffer.from([0]);
    var RFC6962_NODE_HASH_PREFIX = Buffer.from([1]);
    function verifyMerkleInclusion(entry, checkpoint) {
      const inclusionProof = entry.inclusionProof;
      const logIndex = BigInt(inclusionProof.logIndex);
      const treeSize = BigInt(checkpoint.logSize);
      if (logIndex < 0n || logIndex >= treeSize) {
        throw new error_1.VerificationError({
          code: "TLOG_INCLUSION_PROOF_ERROR",
          message: `invalid index: ${logIndex}`
        });
      }
      const { inner, border } = decompInclProof(logIndex, treeSize);
      if (inclusionProof.hashes.length !== inner + border) {
        throw new error_1.VerificationError({
          code: "TLOG_INCLUSION_PROOF_ERROR",
          message: "invalid hash count"
        });
      }
      const innerHashes = inclusionProof.hashes.slice(0, inner);
      const borderHashes = inclusionProof.hashes.slice(inner);
      const leafHash = hashLeaf(entry.canonicalizedBody);
      const calculatedHash = chainBorderRight(chainInner(leafHash, innerHashes, logIndex), borderHashes);
      if (!core_1.crypto.bufferEqual(calculatedHash, checkpoint.logHash)) {
        throw new error_1.VerificationError({
          code: "TLOG_INCLUSION_PROOF_ERROR",
          message: "calculated root hash does not match inclusion proof"
        });
      }
    }
    function decompInclProof(index, size) {
      const inner = innerProofSize(index, size);
      const border = onesCount(index >> BigInt(inner));
      return { inner, border };
    }
    function chainInner(seed, hashes, index) {
      return hashes.reduce((acc, h, i) => {
        if (index >> BigInt(i) & BigInt(1)) {
          return hashChildren(h, acc);
        } else {
          return hashChildren(acc, h);
        }
      }, seed);
    }
    function chainBorderRight(seed, hashes) {
      return hashes.reduce((acc, h) => hashChildren(h, acc), seed);
    }
    function innerProofSize(index, size) {
      return bitLength(index ^ size - BigInt(1));
    }
    function onesCount(num) {
      return num.toString(2).split("1").length - 1;
    }
    function bitLength(n) {
      if (n === 0n) {
        return 0;
      }
      return n.toString(2).length;
    }
    function hashChildren(left, right) {
      return core_1.crypto.digest("sha256", RFC6962_NODE_HASH_PREFIX, left, right);
    }
    function hashLeaf(leaf) {
      return core_1.crypto.digest("sha256", RFC6962_LEAF_HASH_PREFIX, leaf);
    }
  }
});

// node_modules/@sigstore/verify/dist/tlog/set.js
var require_set = __commonJS({
  "node_modules/@sigstore/verify/dist/tlog/set.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.verifyTLogSET = verifyTLogSET;
    var core_1 = require_dist3();
    var error_1 = require_error();
    var trust_1 = require_trust();
    function verifyTLogSET(entry, tlogs) {
      const validTLogs = (0, trust_1.filterTLogAuthorities)(tlogs, {
        logID: entry.logId.keyId,
        targetDate: new Date(Number(entry.integratedTime) * 1e3)
      });
      const verified = validTLogs.some((tlog) => {
        const payload = toVerificationPayload(entry);
        const data = Buffer.from(core_1.json.canonicalize(payload), "utf8");
        const signature = entry.inclusionPromise.signedEntryTimestamp;
        return core_1.crypto.verify(data, tlog.publicKey, signature);
      });
      if (!verified) {
        throw new error_1.VerificationError({
          code: "TLOG_INCLUSION_PROMISE_ERROR",
          message: "inclusion promise could not be verified"
        });
      }
    }
    function toVerificationPayload(entry) {
      const { integratedTime, logIndex, logId, canonicalizedBody } = entry;
      return {
        body: canonicalizedBody.toString("base64"),
        integratedTime: Number(integratedTime),
        logIndex: Number(logIndex),
        logID: logId.keyId.toString("hex")
      };
    }
  }
});

// node_modules/@sigstore/verify/dist/tlog/index.js
var require_tlog = __commonJS({
  "node_modules/@sigstore/verify/dist/tlog/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.verifyTLogBody = verifyTLogBody;
    exports.verifyTLogInclusion = verifyTLogInclusion;
    var v2_1 = require_v2();
    var error_1 = require_error();
    var dsse_1 = require_dsse2();
    var hashedrekord_1 = require_hashedrekord();
    var intoto_1 = require_intoto();
    var checkpoint_1 = require_checkpoint();
    var merkle_1 = require_merkle();
    var set_1 = require_set();
    function verifyTLogBody(entry, sigContent) {
      const { kind, version } = entry.kindVersion;
      const body = JSON.parse(entry.canonicalizedBody.toString("utf8"));
      if (kind !== body.kind || version !== body.apiVersion) {
        throw new error_1.VerificationError({
          code: "TLOG_BODY_ERROR",
          message: `kind/version mismatch - expected: ${kind}/${version}, received: ${body.kind}/${body.apiVersion}`
        });
      }
      switch (kind) {
        case "dsse":
          if (version == dsse_1.DSSE_API_VERSION_V1) {
            return (0, dsse_1.verifyDSSETLogBody)(body, sigContent);
          } else {
            const entryRekorV2 = v2_1.Entry.fromJSON(body);
            return (0, dsse_1.verifyDSSETLogBodyV2)(entryRekorV2, sigContent);
          }
        case "intoto":
          return (0, intoto_1.verifyIntotoTLogBody)(body, sigContent);
        case "hashedrekord":
          if (version == hashedrekord_1.HASHEDREKORD_API_VERSION_V1) {
            return (0, hashedrekord_1.verifyHashedRekordTLogBody)(body, sigContent);
          } else {
            const entryRekorV2 = v2_1.Entry.fromJSON(body);
            return (0, hashedrekord_1.verifyHashedRekordTLogBodyV2)(entryRekorV2, sigContent);
          }
        /* istanbul ignore next */
        default:
          throw new error_1.VerificationError({
            code: "TLOG_BODY_ERROR",
            message: `unsupported kind: ${kind}`
          });
      }
    }
    function verifyTLogInclusion(entry, tlogAuthorities) {
      let inclusionVerified = false;
      if (isTLogEntryWithInclusionPromise(entry)) {
        (0, set_1.verifyTLogSET)(entry, tlogAuthorities);
        inclusionVerified = true;
      }
      if (isTLogEntryWithInclusionProof(entry)) {
        const checkpoint = (0, checkpoint_1.verifyCheckpoint)(entry, tlogAuthorities);
        (0, merkle_1.verifyMerkleInclusion)(entry, checkpoint);
        inclusionVerified = true;
      }
      if (!inclusionVerified) {
        throw new error_1.VerificationError({
          code: "TLOG_MISSING_INCLUSION_ERROR",
          message: "inclusion could not be verified"
        });
      }
      return;
    }
    function isTLogEntryWithInclusionPromise(entry) {
      return entry.inclusionPromise !== void 0;
    }
    function isTLogEntryWithInclusionProof(entry) {
      return entry.inclusionProof !== void 0;
    }
  }
});

// node_modules/@sigstore/verify/dist/verifier.js
var require_verifier = __commonJS({
  "node_modules/@sigstore/verify/dist/verifier.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Verifier = void 0;
    var util_1 = __require("util");
    var error_1 = require_error();
    var key_1 = require_key();
    var policy_1 = require_policy();
    var timestamp_1 = require_timestamp();
    var tlog_1 = require_tlog();
    var Verifier2 = class {
      trustMaterial;
      options;
      constructor(trustMaterial, options = {}) {
        this.trustMaterial = trustMaterial;
        this.options = {
          ctlogThreshold: options.ctlogThreshold ?? 1,
          tlogThreshold: options.tlogThreshold ?? 1,
          timestampThreshold: options.timestampThreshold ?? options.tsaThreshold ?? 1,
          tsaThreshold: 0
        };
      }
      verify(entity, policy) {
        const timestamps = this.verifyTimestamps(entity);
        const signer = this.verifySigningKey(entity, timestamps);
        this.verifyTLogs(entity);
        this.verifySignature(entity, signer);
        if (policy) {
          this.verifyPolicy(policy, signer.identity || {});
        }
        return signer;
      }
      // Checks that all of the timestamps in the entity are valid and returns them
      verifyTimestamps(entity) {
        const timestamps = [];
        for (const timestamp of entity.timestamps) {
          switch (timestamp.$case) {
            case "timestamp-authority":
              timestamps.push((0, timestamp_1.getTSATimestamp)(timestamp.timestamp, entity.signature.signature, this.trustMaterial.timestampAuthorities));
              break;
            case "transparency-log": {
              const result = (0, timestamp_1.getTLogTimestamp)(timestamp.tlogEntry);
              if (result) {
                timestamps.push(result);
              }
              break;
            }
          }
        }
        if (containsDupes(timestamps)) {
          throw new error_1.VerificationError({
            code: "TIMESTAMP_ERROR",
            message: "duplicate timestamp"
          });
        }
        if (timestamps.length < this.options.timestampThreshold) {
          throw new error_1.VerificationError({
            code: "TIMESTAMP_ERROR",
            message: `expected ${this.options.timestampThreshold} timestamps, got ${timestamps.length}`
          });
        }
        return timestamps.map((t) => t.timestamp);
      }
      // Checks that the signing key is valid for all of the the supplied timestamps
      // and returns the signer.
      verifySigningKey({ key }, timestamps) {
        switch (key.$case) {
          case "public-key": {
            return (0, key_1.verifyPublicKey)(key.hint, timestamps, this.trustMaterial);
          }
          case "certificate": {
            const result = (0, key_1.verifyCertificate)(key.certificate, timestamps, this.trustMaterial);
            if (containsDupes(result.scts)) {
              throw new error_1.VerificationError({
                code: "CERTIFICATE_ERROR",
                message: "duplicate SCT"
              });
            }
            if (result.scts.length < this.options.ctlogThreshold) {
              throw new error_1.VerificationError({
                code: "CERTIFICATE_ERROR",
                message: `expected ${this.options.ctlogThreshold} SCTs, got ${result.scts.length}`
              });
            }
            return result.signer;
          }
        }
      }
      // Checks that the tlog entries are valid for the supplied content
      verifyTLogs({ signature: content, tlogEntries }) {
        let tlogCount = 0;
        tlogEntries.forEach((entry) => {
          tlogCount++;
          (0, tlog_1.verifyTLogInclusion)(entry, this.trustMaterial.tlogs);
          (0, tlog_1.verifyTLogBody)(entry, content);
        });
        if (tlogCount < this.options.tlogThreshold) {
          throw new error_1.VerificationError({
            code: "TLOG_ERROR",
            message: `expected ${this.options.tlogThreshold} tlog entries, got ${tlogCount}`
          });
        }
      }
      // Checks that the signature is valid for the supplied content
      verifySignature(entity, signer) {
        if (!entity.signature.verifySignature(signer.key)) {
          throw new error_1.VerificationError({
            code: "SIGNATURE_ERROR",
            message: "signature verification failed"
          });
        }
      }
      verifyPolicy(policy, identity) {
        if (policy.subjectAlternativeName) {
          (0, policy_1.verifySubjectAlternativeName)(policy.subjectAlternativeName, identity.subjectAlternativeName);
        }
        if (policy.extensions) {
          (0, policy_1.verifyExtensions)(policy.extensions, identity.extensions);
        }
        if (policy.oids) {
          (0, policy_1.verifyOIDs)(policy.oids, identity.oids);
        }
      }
    };
    exports.Verifier = Verifier2;
    function containsDupes(arr) {
      for (let i = 0; i < arr.length; i++) {
        for (let j = i + 1; j < arr.length; j++) {
          if ((0, util_1.isDeepStrictEqual)(arr[i], arr[j])) {
            return true;
          }
        }
      }
      return false;
    }
  }
});

// node_modules/@sigstore/verify/dist/index.js
var require_dist4 = __commonJS({
  "node_modules/@sigstore/verify/dist/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Verifier = exports.toTrustMaterial = exports.VerificationError = exports.PolicyError = exports.toSignedEntity = void 0;
    var bundle_1 = require_bundle();
    Object.defineProperty(exports, "toSignedEntity", { enumerable: true, get: function() {
      return bundle_1.toSignedEntity;
    } });
    var error_1 = require_error();
    Object.defineProperty(exports, "PolicyError", { enumerable: true, get: function() {
      return error_1.PolicyError;
    } });
    Object.defineProperty(exports, "VerificationError", { enumerable: true, get: function() {
      return error_1.VerificationError;
    } });
    var trust_1 = require_trust();
    Object.defineProperty(exports, "toTrustMaterial", { enumerable: true, get: function() {
      return trust_1.toTrustMaterial;
    } });
    var verifier_1 = require_verifier();
    Object.defineProperty(exports, "Verifier", { enumerable: true, get: function() {
      return verifier_1.Verifier;
    } });
  }
});

// src/pipeline/pipeline.ts
import path26 from "node:path";

// src/pipeline/image-baseline.ts
import path8 from "node:path";

// src/checks/make-finding.ts
function makeFinding(ruleId, context, details) {
  return {
    ruleId,
    severity: ruleById(ruleId).defaultSeverity,
    ...typeof details.message === "string" ? { message: details.message } : { message: details.message.text, messageMarkdown: details.message.markdown },
    location: details.location,
    fingerprint: fingerprintOf(ruleId, context.imageRepository, details.key),
    ...details.properties ? { properties: details.properties } : {}
  };
}

// src/util/markdown-message.ts
var MAX_VALUE_LENGTH = 200;
function code(value) {
  return { kind: "code", value: String(value) };
}
function isMessage(value) {
  return typeof value === "object" && "markdown" in value;
}
function isCode(value) {
  return typeof value === "object" && "kind" in value && value.kind === "code";
}
function md(strings3, ...values) {
  let text2 = "";
  let markdown = "";
  strings3.forEach((literal, index) => {
    text2 += literal;
    markdown += literal.replace(/\|/g, "\\|");
    if (index >= values.length) return;
    const value = values[index];
    if (isMessage(value)) {
      text2 += value.text;
      markdown += value.markdown;
    } else if (isCode(value)) {
      text2 += `\`${value.value}\``;
      markdown += codeSpan(value.value, { inTable: true, maxLength: MAX_VALUE_LENGTH });
    } else {
      text2 += String(value);
      markdown += escapeInline(String(value), { maxLength: MAX_VALUE_LENGTH });
    }
  });
  return { text: text2, markdown };
}
function joinMessages(parts, separator) {
  return {
    text: parts.map((part) => part.text).join(separator),
    markdown: parts.map((part) => part.markdown).join(separator.replace(/\|/g, "\\|"))
  };
}

// src/checks/allow-entries.ts
function utcDay(instant) {
  return instant.toISOString().slice(0, 10);
}
function isExpired(expires, now) {
  return expires < utcDay(now);
}
function suppressFindings(findings, candidatesFor, matches) {
  const matchCounts = /* @__PURE__ */ new Map();
  const result = findings.map((finding2) => {
    const candidates = candidatesFor(finding2);
    if (!candidates) return finding2;
    let suppression;
    for (const candidate of candidates) {
      if (!matches(candidate, finding2)) continue;
      matchCounts.set(candidate, (matchCounts.get(candidate) ?? 0) + 1);
      if (!candidate.expired && !suppression && !finding2.suppressedBy) {
        const { reason, expires, source } = candidate;
        suppression = { reason, expires, source };
      }
    }
    return suppression ? { ...finding2, suppressedBy: suppression } : finding2;
  });
  return { findings: result, matchCounts };
}
function entryFindings(candidates, matchCounts, context, scope, reportUnused) {
  const own = [];
  for (const candidate of candidates) {
    const count = matchCounts.get(candidate) ?? 0;
    if (candidate.expired) own.push(expiredFinding(candidate, count, context, scope));
    else if (count === 0 && reportUnused(candidate)) own.push(unusedFinding(candidate, context, scope));
  }
  return own;
}
function expiredFinding(candidate, matches, context, scope) {
  const counting = matches === 0 ? md`It matches no finding ${scope.findingsOf}; remove it.` : md`It matches ${matches === 1 ? "1 finding" : `${matches} findings`}, which count again: fix ${matches === 1 ? "it" : "them"}, or review the reason and set a new date.`;
  return makeFinding("allow/expired", context, {
    message: md`Allowlist entry for ${candidate.label} expired on ${candidate.expires} (reason: ${candidate.reason}) and no longer suppresses. ${counting}`,
    location: candidate.source,
    key: candidate.identity,
    properties: { ...entryProperties(candidate), matches }
  });
}
function unusedFinding(candidate, context, scope) {
  return makeFinding("allow/unused", context, {
    message: md`Allowlist entry for ${candidate.label} (expires ${candidate.expires}) matched no finding ${scope.unusedIn}; remove it if the ${scope.subject(candidate)} is gone.`,
    location: candidate.source,
    key: candidate.identity,
    properties: entryProperties(candidate)
  });
}
function entryProperties(candidate) {
  return { allowKind: candidate.kind, allowId: candidate.id, expires: candidate.expires, reason: candidate.reason };
}

// src/checks/allowlist.ts
var SCANNER_OF = {
  vulnerabilities: "vuln",
  secrets: "secret",
  licenses: "license"
};
function applyAllowlist(findings, context) {
  const now = context.now;
  const entries = ALLOW_KINDS.flatMap((kind) => context.allow[kind]).filter((entry) => appliesToImage(entry, context)).map((entry) => compileEntry(entry, now));
  if (entries.length === 0) return { findings: [...findings], entryFindings: [] };
  const byId = /* @__PURE__ */ new Map();
  for (const compiled of entries) {
    const key = `${compiled.entry.kind}\0${compiled.entry.id}`;
    byId.set(key, [...byId.get(key) ?? [], compiled]);
  }
  let subjectFinding2;
  let subject2;
  const suppressed = suppressFindings(
    findings,
    (finding2) => {
      const key = entryKeyOf(finding2);
      return key === void 0 ? void 0 : byId.get(key);
    },
    (compiled, finding2) => {
      if (subjectFinding2 !== finding2) {
        subjectFinding2 = finding2;
        subject2 = subjectOf(finding2);
      }
      return subject2 !== void 0 && compiled.matches(subject2);
    }
  );
  const own = entryFindings(
    entries,
    suppressed.matchCounts,
    context,
    SCAN_SCOPE,
    (compiled) => kindWasScanned(compiled.entry.kind, context)
  );
  return { findings: suppressed.findings, entryFindings: own };
}
var SCAN_SCOPE = {
  findingsOf: "of this scan",
  unusedIn: "of this image's scan",
  subject: (candidate) => describeKind(candidate.kind)
};
function appliesToImage(entry, context) {
  if (!entry.images) return true;
  const { reference } = context;
  if (!reference) return false;
  return entry.images.some((pattern) => compileImagePattern(pattern, entry.source)(reference));
}
function compileEntry(entry, now) {
  const packages = entry.packages?.map((glob) => compileGlob(glob, {}, entry.source));
  const paths = entry.paths?.map((glob) => compileGlob(withoutLeadingSlash(glob), {}, entry.source));
  const purls = entry.purls?.map((glob) => compileGlob(glob, {}, entry.source));
  return {
    entry,
    label: entry.id,
    reason: entry.reason,
    expires: entry.expires,
    source: entry.source,
    identity: entryKey(entry),
    kind: entry.kind,
    id: entry.id,
    expired: isExpired(entry.expires, now),
    matches: (subject2) => anyMatch(packages, subject2.packageName === void 0 ? [] : [subject2.packageName]) && anyMatch(paths, subject2.paths.map(withoutLeadingSlash)) && anyMatch(purls, subject2.purl === void 0 ? [] : [subject2.purl])
  };
}
function anyMatch(tests, values) {
  return tests === void 0 || values.some((value) => tests.some((test) => test(value)));
}
function entryKeyOf(finding2) {
  if (finding2.ruleId.startsWith("vuln/")) return `vulnerabilities\0${finding2.ruleId.slice("vuln/".length)}`;
  if (finding2.ruleId.startsWith("secret/")) return `secrets\0${finding2.ruleId.slice("secret/".length)}`;
  const license2 = finding2.properties?.license;
  return finding2.ruleId === "license/forbidden" && typeof license2 === "string" ? `licenses\0${license2}` : void 0;
}
function subjectOf(finding2) {
  const properties = finding2.properties ?? {};
  const text2 = (key) => {
    const value = properties[key];
    return typeof value === "string" && value !== "" ? value : void 0;
  };
  const paths = (...keys) => keys.flatMap((key) => text2(key) ?? []);
  const slash = finding2.ruleId.indexOf("/");
  const family = finding2.ruleId.slice(0, slash);
  const rest = finding2.ruleId.slice(slash + 1);
  if (family === "vuln") {
    return {
      kind: "vulnerabilities",
      id: rest,
      ...optional("packageName", text2("pkgName")),
      paths: paths("pkgPath", "target"),
      ...optional("purl", text2("purl"))
    };
  }
  if (family === "secret") return { kind: "secrets", id: rest, paths: paths("target") };
  if (finding2.ruleId === "license/forbidden") {
    const license2 = text2("license");
    if (!license2) return void 0;
    return {
      kind: "licenses",
      id: license2,
      ...optional("packageName", text2("pkgName")),
      paths: paths("filePath", "target")
    };
  }
  return void 0;
}
function optional(key, value) {
  return value === void 0 ? {} : { [key]: value };
}
function kindWasScanned(kind, context) {
  if (!context.scan) return false;
  return context.scanners ? context.scanners.includes(SCANNER_OF[kind]) : kind === "vulnerabilities";
}
function describeKind(kind) {
  if (kind === "vulnerabilities") return "vulnerability";
  return kind === "secrets" ? "secret" : "license";
}
function entryKey(entry) {
  const { kind, id, packages, images, paths, purls } = entry;
  return JSON.stringify([kind, id, packages ?? null, images ?? null, paths ?? null, purls ?? null]);
}
function withoutLeadingSlash(path27) {
  return path27.replace(/^\/+/, "");
}

// src/checks/finding-allowlist.ts
var FINDINGS_SCOPE = {
  findingsOf: "of this image's checks",
  unusedIn: "of this image's checks",
  subject: () => "finding"
};
var SCAN_FAMILIES = ["vuln/", "secret/", "license/"];
function applyFindingAllowlist(findings, context) {
  const entries = (context.allow.findings ?? []).filter((entry) => appliesToImage(entry, context)).map((entry) => compileEntry2(entry, context.now));
  if (entries.length === 0) return { findings: [...findings], entryFindings: [] };
  const suppressed = suppressFindings(
    findings,
    (finding2) => subjectOf2(finding2) === void 0 ? void 0 : entries,
    (candidate, finding2) => {
      const subject2 = subjectOf2(finding2);
      return subject2 !== void 0 && candidate.rule(finding2.ruleId) && candidate.subject(subject2);
    }
  );
  const own = entryFindings(entries, suppressed.matchCounts, context, FINDINGS_SCOPE, () => true);
  return { findings: suppressed.findings, entryFindings: own };
}
function subjectOf2(finding2) {
  if (SCAN_FAMILIES.some((family) => finding2.ruleId.startsWith(family))) return void 0;
  if (finding2.ruleId.startsWith("allow/")) return void 0;
  const subject2 = finding2.properties?.subject;
  return typeof subject2 === "string" && subject2 !== "" ? withoutLeadingSlash2(subject2) : void 0;
}
function compileEntry2(entry, now) {
  const label = `${entry.rule} on ${entry.subject}`;
  return {
    entry,
    label,
    reason: entry.reason,
    expires: entry.expires,
    source: entry.source,
    identity: JSON.stringify(["findings", entry.rule, entry.subject, entry.images ?? null]),
    kind: "findings",
    id: label,
    expired: isExpired(entry.expires, now),
    rule: compileGlob(entry.rule, {}, entry.source),
    subject: compileGlob(withoutLeadingSlash2(entry.subject), {}, entry.source)
  };
}
function withoutLeadingSlash2(value) {
  return value.replace(/^\/+/, "");
}

// src/dockerfile/parse.ts
var import_fastest_levenshtein = __toESM(require_mod(), 1);
import { readFile, stat } from "node:fs/promises";

// src/dockerfile/keywords.ts
var KEYWORDS = [
  "ADD",
  "ARG",
  "CMD",
  "COPY",
  "ENTRYPOINT",
  "ENV",
  "EXPOSE",
  "FROM",
  "HEALTHCHECK",
  "LABEL",
  "MAINTAINER",
  "ONBUILD",
  "RUN",
  "SHELL",
  "STOPSIGNAL",
  "USER",
  "VOLUME",
  "WORKDIR"
];
var KEYWORD_SET = new Set(KEYWORDS);

// src/dockerfile/words.ts
var BLANK = /\s/;
function splitWords(text2, escapeChar) {
  const words = [];
  let index = 0;
  while (index < text2.length) {
    while (index < text2.length && BLANK.test(text2[index])) index++;
    if (index >= text2.length) break;
    const start = index;
    let value = "";
    let quote;
    while (index < text2.length) {
      const ch = text2[index];
      if (quote) {
        if (ch === quote) quote = void 0;
        else if (ch === escapeChar && quote === '"' && index + 1 < text2.length) value += text2[++index];
        else value += ch;
      } else if (BLANK.test(ch)) {
        break;
      } else if (ch === '"' || ch === "'") {
        quote = ch;
      } else if (ch === escapeChar && index + 1 < text2.length) {
        value += text2[++index];
      } else {
        value += ch;
      }
      index++;
    }
    words.push({ value, raw: text2.slice(start, index), start, end: index });
  }
  return words;
}
function splitBlanks(text2) {
  const words = [];
  for (const match of text2.matchAll(/\S+/g)) {
    words.push({ value: match[0], raw: match[0], start: match.index, end: match.index + match[0].length });
  }
  return words;
}
function extractFlags(args) {
  const flags = [];
  let index = 0;
  for (; ; ) {
    while (index < args.length && BLANK.test(args[index])) index++;
    if (!args.startsWith("--", index)) return { flags, bodyOffset: index };
    let word = "";
    let quote;
    while (index < args.length) {
      const ch = args[index];
      if (quote) {
        if (ch === quote) quote = void 0;
        else if (ch === "\\" && index + 1 < args.length) word += args[++index];
        else word += ch;
      } else if (BLANK.test(ch)) {
        break;
      } else if (ch === '"' || ch === "'") {
        quote = ch;
      } else if (ch === "\\" && index + 1 < args.length) {
        word += args[++index];
      } else {
        word += ch;
      }
      index++;
    }
    if (word === "--") {
      while (index < args.length && BLANK.test(args[index])) index++;
      return { flags, bodyOffset: index };
    }
    const equals = word.indexOf("=");
    flags.push(equals < 0 ? { name: word.slice(2) } : { name: word.slice(2, equals), value: word.slice(equals + 1) });
  }
}
var HEREDOC_WORD = /^(\d*)<<(-?)([^<]*)$/;
function findHeredocs(line, escapeChar) {
  const markers = [];
  for (const word of splitWords(line, escapeChar)) {
    const match = HEREDOC_WORD.exec(word.raw);
    const rest = match?.[3];
    if (!match || !rest) continue;
    const inner = splitWords(rest, escapeChar);
    if (inner.length !== 1) continue;
    const name = inner[0].value;
    if (name === "") continue;
    markers.push({ name, chomp: match[2] === "-", expand: !/["']/.test(rest), offset: word.start });
  }
  return markers;
}
var EXEC_FORM_KEYWORDS = /* @__PURE__ */ new Set(["RUN", "CMD", "ENTRYPOINT", "SHELL", "COPY", "ADD", "VOLUME"]);
function parseExecForm(body) {
  const text2 = body.trim();
  if (!text2.startsWith("[") || !text2.endsWith("]")) return void 0;
  try {
    const value = JSON.parse(text2);
    if (Array.isArray(value) && value.every((item) => typeof item === "string")) return value;
  } catch {
  }
  return void 0;
}

// src/dockerfile/lines.ts
var DIRECTIVE = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/;
var KNOWN_DIRECTIVES = /* @__PURE__ */ new Set(["syntax", "escape", "check"]);
var HEREDOC_KEYWORDS = /* @__PURE__ */ new Set(["run", "copy", "add"]);
function heredocKeyword(text2) {
  const words = /^\s*(\S+)(?:\s+(\S+))?/.exec(text2);
  const first = words?.[1]?.toLowerCase() ?? "";
  const keyword = first === "onbuild" ? words?.[2]?.toLowerCase() ?? "" : first;
  return HEREDOC_KEYWORDS.has(keyword);
}
function positionAt(line, offset) {
  let segment = line.segments[0];
  for (const candidate of line.segments) {
    if (candidate.offset <= offset) segment = candidate;
    else break;
  }
  return { line: segment.line, column: segment.column + (offset - segment.offset) };
}
function scanDockerfile(source, path27) {
  const rawLines = source.replace(/^\uFEFF/, "").split("\n");
  if (rawLines.length > 1 && rawLines.at(-1) === "") rawLines.pop();
  const lines = rawLines.map((line) => line.endsWith("\r") ? line.slice(0, -1) : line);
  const { directives, escapeChar } = readDirectives(lines, path27);
  const trimContinuation = (text2) => trimContinuationCharacter(text2, escapeChar);
  const result = [];
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index];
    const indent = leadingBlanks(raw);
    const content = raw.slice(indent);
    if (content === "" || content.startsWith("#")) continue;
    const first = trimContinuation(content);
    let text2 = first.text;
    let continues = first.continues;
    const segments = [{ offset: 0, line: index + 1, column: indent + 1 }];
    const startLine = index + 1;
    while (continues && index + 1 < lines.length) {
      index++;
      const next = lines[index];
      const trimmed = next.slice(leadingBlanks(next));
      if (trimmed === "" || trimmed.startsWith("#")) continue;
      const part = trimContinuation(next);
      segments.push({ offset: text2.length, line: index + 1, column: 1 });
      text2 += part.text;
      continues = part.continues;
    }
    if (text2.trim() === "") continue;
    const logical = {
      text: text2,
      segments,
      line: startLine,
      column: indent + 1,
      endLine: index + 1,
      heredocs: []
    };
    if (heredocKeyword(text2) && text2.includes("<<")) {
      for (const marker of findHeredocs(text2, escapeChar)) {
        const body = readHeredoc(lines, index + 1, marker);
        if (!body) {
          throw new ConfigurationError(
            `unterminated heredoc <<${excerpt(marker.name).slice(1, -1)}: expected a line ${excerpt(marker.name)} before the end of the file`,
            { path: path27, ...positionAt(logical, marker.offset) }
          );
        }
        logical.heredocs.push({ ...marker, content: body.content });
        index = body.terminatorIndex;
      }
      logical.endLine = index + 1;
    }
    result.push(logical);
  }
  return { escapeChar, directives, lines: result };
}
function trimContinuationCharacter(text2, escapeChar) {
  let end = text2.length;
  while (end > 0 && (text2[end - 1] === " " || text2[end - 1] === "	")) end--;
  const escapeAt = end - 1;
  if (escapeAt < 0 || text2[escapeAt] !== escapeChar) return { text: text2, continues: false };
  if (escapeAt > 0 && text2[escapeAt - 1] === escapeChar) return { text: text2, continues: false };
  return { text: text2.slice(0, escapeAt), continues: true };
}
function readDirectives(lines, path27) {
  const directives = {};
  let escapeChar = "\\";
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index];
    const indent = leadingBlanks(raw);
    const match = DIRECTIVE.exec(raw.slice(indent));
    if (!match) break;
    const key = match[1].toLowerCase();
    const value = match[2];
    if (!KNOWN_DIRECTIVES.has(key)) break;
    const position = { path: path27, line: index + 1, column: indent + 1 };
    if (key in directives) throw new ConfigurationError(`only one "${key}" parser directive can be used`, position);
    if (key === "escape") {
      if (value !== "\\" && value !== "`") {
        throw new ConfigurationError(
          `invalid escape directive ${excerpt(value)}: expected \\ or \` (backslash or backtick)`,
          {
            ...position,
            column: indent + 1 + raw.slice(indent).lastIndexOf(value)
          }
        );
      }
      escapeChar = value;
    }
    directives[key] = value;
  }
  return { directives, escapeChar };
}
function readHeredoc(lines, from, marker) {
  let content = "";
  for (let index = from; index < lines.length; index++) {
    const line = lines[index];
    const candidate = marker.chomp ? line.replace(/^\t+/, "") : line;
    if (candidate === marker.name) return { content, terminatorIndex: index };
    content += `${line}
`;
  }
  return void 0;
}
function leadingBlanks(text2) {
  let index = 0;
  while (index < text2.length && (text2[index] === " " || text2[index] === "	")) index++;
  return index;
}

// src/dockerfile/substitute.ts
var NAME_START = /[A-Za-z_]/;
var NAME_CHAR = /[A-Za-z0-9_]/;
function expandWord(text2, escapeChar, scope) {
  const expander = new Expander(text2, escapeChar, scope);
  const value = expander.expand(false);
  return { value, unresolved: [...expander.unresolved] };
}
var Expander = class {
  constructor(text2, escapeChar, scope) {
    this.text = text2;
    this.escapeChar = escapeChar;
    this.scope = scope;
  }
  text;
  escapeChar;
  scope;
  unresolved = /* @__PURE__ */ new Set();
  pos = 0;
  /** Expands up to the end, or (inside `${…}`) up to the unquoted closing brace, which it consumes. */
  expand(insideBraces) {
    let out = "";
    const text2 = this.text;
    while (this.pos < text2.length) {
      const ch = text2[this.pos];
      if (insideBraces && ch === "}") {
        this.pos++;
        return out;
      }
      if (ch === this.escapeChar) {
        this.pos++;
        out += this.pos < text2.length ? text2[this.pos++] : ch;
      } else if (ch === "'") {
        const end = text2.indexOf("'", this.pos + 1);
        const stop = end < 0 ? text2.length : end;
        out += text2.slice(this.pos + 1, stop);
        this.pos = stop + 1;
      } else if (ch === '"') {
        out += this.doubleQuoted();
      } else if (ch === "$") {
        out += this.dollar();
      } else {
        out += ch;
        this.pos++;
      }
    }
    return out;
  }
  doubleQuoted() {
    let out = "";
    const text2 = this.text;
    this.pos++;
    while (this.pos < text2.length && text2[this.pos] !== '"') {
      const ch = text2[this.pos];
      const next = text2[this.pos + 1];
      if (ch === this.escapeChar && (next === '"' || next === "$" || next === this.escapeChar)) {
        out += next;
        this.pos += 2;
      } else if (ch === "$") {
        out += this.dollar();
      } else {
        out += ch;
        this.pos++;
      }
    }
    this.pos++;
    return out;
  }
  dollar() {
    const text2 = this.text;
    const start = this.pos;
    this.pos++;
    if (text2[this.pos] === "{") {
      this.pos++;
      const name2 = this.readName();
      if (!name2) {
        this.pos = start + 1;
        return "$";
      }
      if (text2[this.pos] === "}") {
        this.pos++;
        return this.reference(name2, text2.slice(start, this.pos));
      }
      return this.modified(name2, start);
    }
    const name = this.readName();
    if (!name) return "$";
    return this.reference(name, text2.slice(start, this.pos));
  }
  readName() {
    const text2 = this.text;
    if (!NAME_START.test(text2[this.pos] ?? "")) return "";
    const start = this.pos;
    while (this.pos < text2.length && NAME_CHAR.test(text2[this.pos])) this.pos++;
    return text2.slice(start, this.pos);
  }
  reference(name, raw) {
    const variable = this.scope(name);
    if (variable?.kind === "value") {
      for (const inner of variable.unresolved) this.unresolved.add(inner);
      return variable.value;
    }
    this.unresolved.add(name);
    return raw;
  }
  /** `${NAME<op>word}`; `pos` is just after the name. */
  modified(name, start) {
    const text2 = this.text;
    const colon = text2[this.pos] === ":";
    const op = text2[this.pos + (colon ? 1 : 0)] ?? "";
    if (!["-", "+", "?"].includes(op)) {
      this.expandWordLazily();
      this.unresolved.add(name);
      return text2.slice(start, this.pos);
    }
    this.pos += colon ? 2 : 1;
    const variable = this.scope(name);
    const wordExpansion = this.expandWordLazily();
    const raw = text2.slice(start, this.pos);
    if (variable?.kind === "builder") {
      this.unresolved.add(name);
      return raw;
    }
    const isSet = variable !== void 0 && (!colon || variable.value !== "");
    const useValue = (value) => {
      for (const inner of value.unresolved) this.unresolved.add(inner);
      return value.value;
    };
    if (op === "-") return isSet && variable ? useValue(variable) : wordExpansion.use();
    if (op === "+") return isSet ? wordExpansion.use() : "";
    if (isSet && variable) return useValue(variable);
    this.unresolved.add(name);
    return raw;
  }
  /** Expands the word of `${NAME:-word}` but only keeps what it reports if the caller uses it. */
  expandWordLazily() {
    const saved = new Set(this.unresolved);
    const value = this.expand(true);
    const fromWord = [...this.unresolved].filter((name) => !saved.has(name));
    this.unresolved = saved;
    return {
      use: () => {
        for (const name of fromWord) this.unresolved.add(name);
        return value;
      }
    };
  }
};

// src/dockerfile/stages.ts
function finalStage(dockerfile, target) {
  const last = dockerfile.stages.at(-1);
  if (!last) throw new ConfigurationError("the Dockerfile has no stages", { path: dockerfile.path });
  if (target === void 0 || target === "") return last;
  const byName = dockerfile.stages.find((stage) => stage.name === target.toLowerCase());
  if (byName) return byName;
  if (/^\d+$/.test(target)) {
    const byIndex = dockerfile.stages[Number(target)];
    if (byIndex) return byIndex;
  }
  const names = dockerfile.stages.map((stage) => stage.name ?? String(stage.index));
  throw new ConfigurationError(
    `build target "${target}" is not a stage of this Dockerfile: expected one of ${names.join(", ")}`,
    { path: dockerfile.path }
  );
}
function externalBase(dockerfile, stage) {
  return stageChain(dockerfile, stage)[0]?.from ?? stage.from;
}
function stageChain(dockerfile, stage) {
  const chain = [stage];
  let current = stage;
  while (current.from.stageRef !== void 0 && chain.length <= dockerfile.stages.length) {
    const parent = dockerfile.stages[current.from.stageRef];
    if (!parent) break;
    chain.unshift(parent);
    current = parent;
  }
  return chain;
}
function stagesBuiltFor(dockerfile, target) {
  const byName = /* @__PURE__ */ new Map();
  for (const stage of dockerfile.stages) if (stage.name) byName.set(stage.name, stage);
  const resolve = (reference) => byName.get(reference.toLowerCase()) ?? (/^\d+$/.test(reference) ? dockerfile.stages[Number(reference)] : void 0);
  const reached = /* @__PURE__ */ new Set([target.index]);
  const queue = [target];
  while (queue.length > 0) {
    const stage = queue.pop();
    const references = [];
    if (stage.from.stageRef !== void 0) references.push(String(stage.from.stageRef));
    for (const instruction of stage.instructions) {
      for (const flag2 of instruction.flagList) {
        if (flag2.name === "from" && flag2.value) references.push(flag2.value);
        if (flag2.name === "mount" && flag2.value) {
          const from = flag2.value.split(",").find((part) => part.trim().startsWith("from="));
          if (from) references.push(from.trim().slice("from=".length));
        }
      }
    }
    for (const reference of references) {
      const next = resolve(reference);
      if (next && !reached.has(next.index)) {
        reached.add(next.index);
        queue.push(next);
      }
    }
  }
  return dockerfile.stages.filter((stage) => reached.has(stage.index));
}
function initialShells(dockerfile) {
  const atStart = [];
  const atEnd = [];
  for (const stage of dockerfile.stages) {
    const inherited2 = stage.from.stageRef === void 0 ? void 0 : atEnd[stage.from.stageRef];
    const start = inherited2 ?? ["/bin/sh", "-c"];
    atStart[stage.index] = start;
    let shell = start;
    for (const instruction of stage.instructions) {
      if (instruction.keyword === "SHELL" && instruction.execForm) shell = instruction.execForm;
    }
    atEnd[stage.index] = shell;
  }
  return atStart;
}

// src/dockerfile/parse.ts
var MAX_DOCKERFILE_BYTES = 4 * 1024 * 1024;
var PLATFORM_ARGS = /* @__PURE__ */ new Set([
  "BUILDPLATFORM",
  "BUILDOS",
  "BUILDARCH",
  "BUILDVARIANT",
  "TARGETPLATFORM",
  "TARGETOS",
  "TARGETARCH",
  "TARGETVARIANT",
  "TARGETSTAGE"
]);
var STAGE_NAME = /^[a-z][a-z0-9_.-]*$/;
var FROM_SYNTAX = '"FROM [--platform=<platform>] <image> [AS <name>]"';
async function readDockerfile(file, options) {
  const position = { path: options.displayPath };
  let text2;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new ConfigurationError("cannot read the Dockerfile: not a regular file", position);
    if (info.size > MAX_DOCKERFILE_BYTES) {
      throw new ConfigurationError(
        `the Dockerfile is ${info.size} bytes; expected at most ${MAX_DOCKERFILE_BYTES} bytes (4 MiB)`,
        position
      );
    }
    text2 = await readFile(file, "utf8");
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    const code2 = error.code;
    const reason = code2 === "ENOENT" || code2 === "ENOTDIR" ? "no such file" : code2 === "EACCES" ? "permission denied" : error.message;
    throw new ConfigurationError(`cannot read the Dockerfile: ${reason}`, position, { cause: error });
  }
  if (text2.includes("\0"))
    throw new ConfigurationError("the Dockerfile is not a text file (it contains NUL bytes)", position);
  return parseDockerfile(text2, { path: options.displayPath, buildArgs: options.buildArgs ?? {} });
}
function parseDockerfile(text2, options) {
  const { path: path27 } = options;
  const buildArgs = options.buildArgs ?? {};
  const scanned = scanDockerfile(text2, path27);
  const escapeChar = scanned.escapeChar;
  const values = /* @__PURE__ */ new Map();
  for (const name of PLATFORM_ARGS) {
    values.set(name, Object.hasOwn(buildArgs, name) ? known(buildArgs[name]) : { kind: "builder" });
  }
  const scope = (name) => values.get(name);
  const instructions = [];
  const globalArgs = [];
  const stages = [];
  const stageByName = /* @__PURE__ */ new Map();
  for (const line of scanned.lines) {
    const parsed = toInstruction(line, path27);
    const { instruction } = parsed;
    const current = stages.at(-1);
    if (instruction.keyword === "FROM") {
      const stage = toStage(parsed, stages.length, { path: path27, escapeChar, scope, stageByName });
      stages.push(stage);
      if (stage.name) stageByName.set(stage.name, stage);
      instruction.stageIndex = stage.index;
    } else if (!current) {
      if (instruction.keyword !== "ARG") {
        throw new ConfigurationError(
          `${instruction.keyword} before the first FROM: expected FROM (only ARG may come before it)`,
          { path: path27, line: instruction.line, column: instruction.column }
        );
      }
      for (const word of splitWords(instruction.body, escapeChar)) {
        const declaration = declareGlobalArg(word.raw, { ...parsed, offset: parsed.bodyOffset + word.start });
        globalArgs.push(declaration);
      }
    } else {
      instruction.stageIndex = current.index;
      current.instructions.push(instruction);
    }
    instructions.push(instruction);
  }
  if (stages.length === 0) {
    const last = instructions.at(-1);
    throw new ConfigurationError(
      instructions.length === 0 ? "the Dockerfile has no instructions: expected at least one FROM" : 'the Dockerfile has no FROM instruction: expected "FROM <image>" after the global ARGs',
      { path: path27, line: last ? last.endLine : 1, column: 1 }
    );
  }
  return { path: path27, escapeChar, directives: scanned.directives, globalArgs, stages, instructions };
  function declareGlobalArg(raw, where) {
    const equals = raw.indexOf("=");
    const name = unquote(equals < 0 ? raw : raw.slice(0, equals));
    const defaultValue = equals < 0 ? void 0 : raw.slice(equals + 1);
    if (Object.hasOwn(buildArgs, name)) {
      values.set(name, known(buildArgs[name]));
    } else if (defaultValue !== void 0) {
      const expansion = expandWord(defaultValue, escapeChar, scope);
      values.set(name, { kind: "value", value: expansion.value, unresolved: expansion.unresolved });
    }
    const current = values.get(name);
    const position = positionAt(where.line, where.offset);
    return {
      name,
      ...defaultValue !== void 0 ? { defaultValue } : {},
      ...current?.kind === "value" ? { value: current.value } : {},
      line: position.line,
      column: position.column
    };
  }
}
function toInstruction(line, path27) {
  const text2 = line.text;
  const keywordStart = text2.length - text2.trimStart().length;
  const keywordMatch = /^\S+/.exec(text2.slice(keywordStart));
  const written = keywordMatch[0];
  const keyword = written.toUpperCase();
  const start = positionAt(line, keywordStart);
  if (!KEYWORD_SET.has(keyword)) {
    const suggestion = (0, import_fastest_levenshtein.closest)(keyword, [...KEYWORDS]);
    const near = (0, import_fastest_levenshtein.distance)(keyword, suggestion) <= Math.max(1, Math.floor(keyword.length / 3));
    throw new ConfigurationError(
      `unknown instruction ${excerpt(written)}${near ? ` (did you mean ${suggestion}?)` : ""}: expected one of ${KEYWORDS.join(", ")}`,
      { path: path27, ...start }
    );
  }
  const afterKeyword = keywordStart + written.length;
  const argsStart = afterKeyword + (text2.length - afterKeyword - text2.slice(afterKeyword).trimStart().length);
  const args = text2.slice(argsStart).trimEnd();
  const { flags: flagList, bodyOffset } = extractFlags(args);
  const body = args.slice(bodyOffset);
  const flags = {};
  for (const flag2 of flagList) flags[flag2.name] = flag2.value ?? "";
  const execForm = EXEC_FORM_KEYWORDS.has(keyword) ? parseExecForm(body) : void 0;
  const instruction = {
    keyword,
    args,
    flags,
    flagList,
    body,
    heredocs: line.heredocs.map((heredoc) => heredoc.content),
    ...execForm ? { execForm } : {},
    line: start.line,
    column: start.column,
    endLine: line.endLine
  };
  return { instruction, line, bodyOffset: argsStart + bodyOffset };
}
function toStage(parsed, index, context) {
  const { instruction, line, bodyOffset } = parsed;
  const { path: path27, escapeChar, scope, stageByName } = context;
  const at3 = (offset) => ({ path: path27, ...positionAt(line, bodyOffset + offset) });
  const words = splitBlanks(instruction.body);
  const [imageWord, asWord, nameWord, extra] = words;
  if (!imageWord) {
    throw new ConfigurationError(`FROM without an image: expected ${FROM_SYNTAX}`, {
      path: path27,
      line: instruction.line,
      column: instruction.column
    });
  }
  if (asWord && asWord.value.toLowerCase() !== "as") {
    throw new ConfigurationError(
      `unexpected ${excerpt(asWord.value)} after the image: expected ${FROM_SYNTAX}`,
      at3(asWord.start)
    );
  }
  if (asWord && !nameWord) {
    throw new ConfigurationError(`"AS" without a stage name: expected ${FROM_SYNTAX}`, at3(asWord.start));
  }
  if (extra) {
    throw new ConfigurationError(
      `unexpected ${excerpt(extra.value)} after the stage name: expected ${FROM_SYNTAX}`,
      at3(extra.start)
    );
  }
  let name;
  if (nameWord) {
    name = nameWord.value.toLowerCase();
    if (!STAGE_NAME.test(name)) {
      throw new ConfigurationError(
        `invalid stage name ${excerpt(nameWord.value)}: expected a letter followed by letters, digits, "-", "_" or "."`,
        at3(nameWord.start)
      );
    }
    const previous = stageByName.get(name);
    if (previous) {
      throw new ConfigurationError(
        `duplicate stage name ${excerpt(name)}: already used by the stage on line ${previous.from.line}`,
        at3(nameWord.start)
      );
    }
  }
  const expansion = expandWord(imageWord.value, escapeChar, scope);
  if (expansion.value.trim() === "") {
    throw new ConfigurationError(
      `the image ${excerpt(imageWord.value)} is empty after ARG substitution: expected an image name`,
      at3(imageWord.start)
    );
  }
  const platformFlag = instruction.flags.platform;
  const platform = platformFlag === void 0 ? void 0 : expandWord(platformFlag, escapeChar, scope);
  const referenced = expansion.unresolved.length === 0 ? stageByName.get(expansion.value.toLowerCase()) : void 0;
  const from = {
    rawImage: imageWord.value,
    image: expansion.value,
    ...referenced ? { stageRef: referenced.index } : {},
    isScratch: expansion.value === "scratch",
    unresolved: expansion.unresolved,
    ...platform ? { platform: platform.value } : {},
    line: instruction.line,
    column: instruction.column
  };
  return { index, ...name ? { name } : {}, from, instructions: [] };
}
function known(value) {
  return { kind: "value", value, unresolved: [] };
}
function unquote(text2) {
  return text2.replace(/^(["'])(.*)\1$/, "$2");
}

// src/checks/base.ts
var BASE_NAME_LABEL = "org.opencontainers.image.base.name";
var BASE_DIGEST_LABEL = "org.opencontainers.image.base.digest";
function checkBase(context) {
  const rules = context.rules.base;
  if (!hasBaseRules(rules)) return [];
  const { dockerfile, stage } = context;
  if (dockerfile && stage) {
    const froms = rules.scope === "all-stages" ? dockerfile.stages.filter((s) => s.from.stageRef === void 0).map((s) => s.from) : [externalBase(dockerfile, stage)];
    return froms.flatMap((from) => checkFrom(from, dockerfile.path, rules, context));
  }
  const labelled = Object.hasOwn(context.image.config.labels, BASE_NAME_LABEL) ? context.image.config.labels[BASE_NAME_LABEL] : void 0;
  if (labelled) {
    let reference;
    try {
      reference = parseImageReference(labelled);
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
      return [invalidLabelFinding(labelled, rules, context)];
    }
    return checkReference(reference, labelled, context.imageLocation, rules, context);
  }
  return [
    makeFinding("base/unverifiable", context, {
      message: md`The policy restricts base images, but no Dockerfile was given and the image has no ${BASE_NAME_LABEL} label, so its base is unknown.`,
      location: context.imageLocation
    })
  ];
}
function invalidLabelFinding(value, rules, context) {
  const step = context.image.history.findIndex((entry) => entry.createdBy.includes(BASE_NAME_LABEL));
  const origin = step >= 0 ? `set by history step ${step + 1} of the image config` : "in the image config, inherited from a base image or set by the build tool (no history step records it)";
  return makeFinding(rules.allow !== void 0 ? "base/not-allowed" : "base/unverifiable", context, {
    message: md`The ${BASE_NAME_LABEL} label (${origin}) is ${excerpt(value)}, which is not an image reference, so the base image is unknown and the base rules cannot check it.`,
    location: context.imageLocation,
    key: `label:${BASE_NAME_LABEL}`,
    properties: { label: BASE_NAME_LABEL }
  });
}
function hasBaseRules(rules) {
  return rules.allow !== void 0 || rules.requireDigest === true || (rules.forbidTags?.length ?? 0) > 0;
}
function checkFrom(from, path27, rules, context) {
  if (from.isScratch) return [];
  const location = { kind: "source", path: path27, line: from.line, column: from.column };
  if (from.unresolved.length > 0) {
    const names = from.unresolved.map((name) => `$${name}`).join(", ");
    const ruleId = rules.allow !== void 0 ? "base/not-allowed" : "base/unverifiable";
    return [
      makeFinding(ruleId, context, {
        message: md`FROM ${from.rawImage} cannot be checked: ${names} has no default and no --build-arg value.`,
        location,
        key: from.rawImage
      })
    ];
  }
  const reference = parseImageReference(from.image, { path: path27, line: from.line, column: from.column });
  return checkReference(reference, from.image, location, rules, context);
}
function checkReference(reference, written, location, rules, context) {
  const findings = [];
  const key = `${reference.registry}/${reference.repository}`;
  if (rules.allow !== void 0 && !rules.allow.some((pattern) => matchImagePattern(pattern, reference))) {
    const allowed = rules.allow.length > 0 ? rules.allow.join(", ") : "(nothing: the allowlist is empty)";
    findings.push(
      makeFinding("base/not-allowed", context, {
        message: md`Base image ${reference.normalized} is not on the allowlist (base.allow: ${allowed}).`,
        location,
        key,
        properties: { base: reference.normalized }
      })
    );
  }
  if (rules.requireDigest && !reference.digest) {
    findings.push(
      makeFinding("base/digest-required", context, {
        message: md`Base image ${written} is not pinned by digest (base.requireDigest); use ${`${written}@sha256:<digest>`}.`,
        location,
        key,
        properties: { base: reference.normalized }
      })
    );
  }
  const forbidden = forbiddenTag(reference, rules.forbidTags ?? []);
  if (forbidden) {
    findings.push(
      makeFinding("base/forbidden-tag", context, {
        message: reference.tag ? md`Base image ${written} uses the tag '${reference.tag}', which base.forbidTags forbids (matched '${forbidden}').` : md`Base image ${written} has no tag, so Docker uses 'latest', which base.forbidTags forbids (matched '${forbidden}').`,
        location,
        key,
        properties: { base: reference.normalized }
      })
    );
  }
  return findings;
}
function forbiddenTag(reference, patterns) {
  if (reference.digest && !reference.tag) return void 0;
  const tags = reference.tag ? [reference.tag] : ["<none>", "latest"];
  return patterns.find((pattern) => {
    const isMatch = compileGlob(pattern);
    return tags.some((tag) => pattern === "<none>" ? tag === "<none>" : isMatch(tag));
  });
}

// src/model/base-freshness.ts
var BUILT_ON_SOURCES = {
  pinned: "the FROM's pinned digest",
  provenance: "the image's SLSA provenance",
  label: "the image's org.opencontainers.image.base.digest label"
};

// src/checks/base-freshness.ts
var DAY_MS = 864e5;
function checkBaseFreshness(context) {
  const rules = context.rules.base;
  const findings = [];
  for (const base of context.baseFreshness ?? []) {
    const properties = {
      base: base.reference,
      ...base.newerTags.length > 0 ? { newerTags: base.newerTags.join(", ") } : {}
    };
    if (rules.requireCurrent && base.moved && base.builtOn && base.current) {
      findings.push(
        makeFinding("base/stale", context, {
          message: md`Base ${code(base.reference)} has moved on: the image was built on ${base.builtOn.digest} (${BUILT_ON_SOURCES[base.builtOn.source]}), and the tag ${code(base.tag)} now points at ${base.current.digest}.${fixesText(base)}${newerText(base)}`,
          location: base.location,
          key: base.repository,
          properties: { ...properties, builtOn: base.builtOn.digest, current: base.current.digest }
        })
      );
    }
    const maxAge = rules.maxAge;
    if (maxAge !== void 0 && base.created && base.builtOn) {
      const created = Date.parse(base.created);
      const age = context.now.getTime() - created;
      if (Number.isFinite(created) && age > maxAge) {
        findings.push(
          makeFinding("base/too-old", context, {
            message: md`Base ${code(base.reference)} (${base.builtOn.digest}) was created on ${base.created.slice(0, 10)}, ${Math.floor(age / DAY_MS)} days ago; base.maxAge allows ${formatGraceDuration(maxAge)}.${newerText(base)}`,
            location: base.location,
            key: base.repository,
            properties: { ...properties, builtOn: base.builtOn.digest, created: base.created }
          })
        );
      }
    }
  }
  return findings;
}
function fixesText(base) {
  if (!base.fixes) return md``;
  return md` The newer base fixes ${base.fixes.fixed} of the ${base.fixes.inBase} vulnerabilities in the image's base layers.`;
}
function newerText(base) {
  if (base.newerTags.length === 0) return md``;
  return md` Newer tags of the same base: ${base.newerTags.join(", ")}.`;
}
function countFixedByNewerBase(image, baseDiffIds, newer) {
  const layers = new Set(baseDiffIds);
  const key = (v) => `${v.id}\0${v.pkgName}`;
  const inBase = new Set(
    image.vulnerabilities.filter((v) => v.layerDiffId !== void 0 && layers.has(v.layerDiffId)).map(key)
  );
  const stillThere = new Set(newer.vulnerabilities.map(key));
  let fixed = 0;
  for (const entry of inBase) if (!stillThere.has(entry)) fixed += 1;
  return { fixed, inBase: inBase.size };
}

// src/dockerfile/created-by.ts
var BUILDKIT_MARKER = /\s*# buildkit$/;
var NOP = /^[^#]*#\(nop\)\s*/;
var CLASSIC_COPY = /^(?:--chown=\S*?)?(?:file|dir|multi):[0-9a-f]+ in (.*)$/s;
var DEFAULT_SHELLS = ["/bin/sh -c", "cmd /S /C"];
var GENERIC_SHELL = /^\/(?:usr\/)?bin\/[a-z]*sh\s+(?:-(?!c\s)\S+\s+(?:[^-\s]\S*\s+)?)*-c\s+/;
function parseCreatedBy(createdBy, shells = []) {
  let text2 = createdBy.trim();
  if (text2 === "") return { certainty: "none", builder: "other", text: "" };
  const buildkit = BUILDKIT_MARKER.test(text2);
  if (buildkit) text2 = text2.replace(BUILDKIT_MARKER, "");
  const nop = NOP.exec(text2);
  if (nop) {
    const [word2, rest2] = splitFirst(text2.slice(nop[0].length).trim());
    const keyword = word2.toUpperCase();
    if (!KEYWORD_SET.has(keyword)) return { certainty: "inferred", builder: "classic", text: rest2 };
    const copy = keyword === "COPY" || keyword === "ADD" ? CLASSIC_COPY.exec(rest2) : null;
    return {
      keyword,
      certainty: "written",
      builder: "classic",
      text: rest2,
      ...copy ? { destination: copy[1].trim() } : {}
    };
  }
  const [word, rest] = splitFirst(text2);
  const builder = buildkit ? "buildkit" : "other";
  if (KEYWORD_SET.has(word)) {
    if (word === "RUN") return { keyword: word, certainty: "written", builder, text: commandOf(rest, shells) };
    if (word === "COPY" || word === "ADD") {
      return { keyword: word, certainty: "written", builder, text: rest.replace(/^(?:--\S+\s+)*/, "") };
    }
    return { keyword: word, certainty: "written", builder, text: rest };
  }
  const command = commandOf(text2, shells);
  return { keyword: "RUN", certainty: "inferred", builder: command === text2 ? "other" : "classic", text: command };
}
function commandOf(run, shells) {
  let text2 = run;
  const args = /^\|(\d+)\s+/.exec(text2);
  if (args) {
    text2 = text2.slice(args[0].length);
    for (let count = Number(args[1]); count > 0; count--) {
      const pair = /^[A-Za-z_][A-Za-z0-9_]*=\S*(?:\s+|$)/.exec(text2);
      if (!pair) break;
      text2 = text2.slice(pair[0].length);
    }
  }
  const candidates = [...shells, ...DEFAULT_SHELLS].sort((a, b) => b.length - a.length);
  for (const shell of candidates) {
    if (shell && text2.startsWith(`${shell} `)) return text2.slice(shell.length + 1);
  }
  const generic = GENERIC_SHELL.exec(text2);
  return generic ? text2.slice(generic[0].length) : text2;
}
function splitFirst(text2) {
  const match = /^(\S+)\s*([\s\S]*)$/.exec(text2);
  return match ? [match[1], match[2]] : ["", ""];
}

// src/dockerfile/onbuild.ts
var NOT_TRIGGERS = /* @__PURE__ */ new Set(["ONBUILD", "FROM", "MAINTAINER"]);
function onbuildTrigger(onbuild) {
  if (onbuild.keyword !== "ONBUILD") return void 0;
  const match = /^(\S+)\s*([\s\S]*)$/.exec(onbuild.body);
  if (!match) return void 0;
  const keyword = match[1].toUpperCase();
  if (!KEYWORD_SET.has(keyword) || NOT_TRIGGERS.has(keyword)) return void 0;
  const args = match[2].trimEnd();
  const { flags: flagList, bodyOffset } = extractFlags(args);
  const body = args.slice(bodyOffset);
  const flags = {};
  for (const flag2 of flagList) flags[flag2.name] = flag2.value ?? "";
  const execForm = EXEC_FORM_KEYWORDS.has(keyword) ? parseExecForm(body) : void 0;
  return {
    keyword,
    args,
    flags,
    flagList,
    body,
    heredocs: onbuild.heredocs,
    ...execForm ? { execForm } : {},
    line: onbuild.line,
    column: onbuild.column,
    endLine: onbuild.endLine,
    ...onbuild.stageIndex !== void 0 ? { stageIndex: onbuild.stageIndex } : {},
    onbuild: true
  };
}

// src/dockerfile/history-map.ts
var WRITTEN_KEYWORD = 4;
var INFERRED_RUN = 2;
var INFERRED_OTHER_LAYER = 0.25;
var NO_KEYWORD = 0.5;
var METADATA_ENTRY_FOR_LAYER = -1;
var TEXT_WEIGHT = 3;
var SKIP_ENTRY = -2;
var SKIP_REQUIRED = -2;
var SKIP_OPTIONAL = -0.25;
var UNKNOWN = { kind: "unknown" };
function mapHistory(dockerfile, stage, history) {
  const chain = stageChain(dockerfile, stage);
  const root = chain[0].from;
  const shells = chain.flatMap(
    (member) => member.instructions.filter((i2) => i2.keyword === "SHELL" && i2.execForm).map((i2) => i2.execForm.join(" "))
  );
  const expected = expectedEntries(chain, dockerfile.escapeChar);
  const entries = history.map((entry) => ({ entry, parsed: parseCreatedBy(entry.createdBy, shells) }));
  const entryTokens = entries.map(({ parsed }) => tokens(parsed.text));
  const basePrefixCost = root.isScratch ? SKIP_ENTRY : 0;
  const n = entries.length;
  const m = expected.length;
  const width = m + 1;
  const score = new Float64Array((n + 1) * width);
  const move = new Uint8Array((n + 1) * width);
  const skipCost = (j2) => expected[j2].optional ? SKIP_OPTIONAL : SKIP_REQUIRED;
  for (let i2 = 1; i2 <= n; i2++) {
    score[i2 * width] = score[(i2 - 1) * width] + basePrefixCost;
    move[i2 * width] = 2;
  }
  for (let j2 = 1; j2 <= m; j2++) {
    score[j2] = score[j2 - 1] + skipCost(j2 - 1);
    move[j2] = 3;
  }
  for (let i2 = 1; i2 <= n; i2++) {
    const { entry, parsed } = entries[i2 - 1];
    for (let j2 = 1; j2 <= m; j2++) {
      const here = i2 * width + j2;
      let best = score[here - width] + SKIP_ENTRY;
      let bestMove = 2;
      const skipExpected = score[here - 1] + skipCost(j2 - 1);
      if (skipExpected > best) {
        best = skipExpected;
        bestMove = 3;
      }
      const match = matchScore(entry, parsed, entryTokens[i2 - 1], expected[j2 - 1]);
      if (match !== void 0 && score[here - width - 1] + match >= best) {
        best = score[here - width - 1] + match;
        bestMove = 1;
      }
      score[here] = best;
      move[here] = bestMove;
    }
  }
  const origins = new Array(n).fill(UNKNOWN);
  let i = n;
  let j = m;
  while (i > 0) {
    const step = move[i * width + j];
    if (step === 1) {
      origins[i - 1] = { kind: "instruction", instruction: expected[j - 1].target };
      i--;
      j--;
    } else if (step === 2) {
      if (j === 0 && !root.isScratch) origins[i - 1] = { kind: "base", from: root };
      i--;
    } else {
      j--;
    }
  }
  return origins;
}
function layerOrigins(dockerfile, stage, facts) {
  const origins = mapHistory(dockerfile, stage, facts.history);
  return facts.layers.map(
    (layer) => layer.historyIndex === void 0 ? UNKNOWN : origins[layer.historyIndex] ?? UNKNOWN
  );
}
function layerLocations(dockerfile, stage, facts) {
  return layerOrigins(dockerfile, stage, facts).map((origin) => {
    const at3 = origin.kind === "instruction" ? origin.instruction : origin.kind === "base" ? origin.from : void 0;
    return at3 ? { kind: "source", path: dockerfile.path, line: at3.line, column: at3.column } : void 0;
  });
}
function expectedEntries(chain, escapeChar) {
  const result = [];
  chain.forEach((stage, position) => {
    const parent = position > 0 ? chain[position - 1] : void 0;
    for (const onbuild of parent?.instructions ?? []) {
      const trigger = onbuildTrigger(onbuild);
      if (trigger) result.push(expectation(onbuild, trigger, escapeChar));
    }
    for (const instruction of stage.instructions) result.push(expectation(instruction, instruction, escapeChar));
  });
  return result;
}
function expectation(target, shape, escapeChar) {
  const { keyword, body, execForm, heredocs } = shape;
  const words = execForm ?? splitWords(body, escapeChar).map((word) => word.value);
  const copy = keyword === "COPY" || keyword === "ADD";
  return {
    target,
    keyword,
    tokens: tokens([execForm ? execForm.join(" ") : body, ...heredocs].join("\n")),
    ...copy && words.length > 0 ? { destination: words.at(-1) } : {},
    layer: keyword === "RUN" || copy ? "yes" : keyword === "WORKDIR" ? "maybe" : "no",
    // BuildKit records nothing for ONBUILD itself, the classic builder an empty entry.
    optional: keyword === "ONBUILD"
  };
}
function matchScore(entry, parsed, entryTokens, expected) {
  if (!entry.emptyLayer && expected.layer === "no") return void 0;
  let score;
  if (parsed.certainty === "written") {
    if (parsed.keyword !== expected.keyword) return void 0;
    score = WRITTEN_KEYWORD;
  } else if (parsed.certainty === "inferred") {
    if (expected.keyword === "RUN") score = INFERRED_RUN;
    else if (expected.layer !== "no") score = INFERRED_OTHER_LAYER;
    else return void 0;
  } else {
    score = NO_KEYWORD;
  }
  if (entry.emptyLayer && expected.layer === "yes") score += METADATA_ENTRY_FOR_LAYER;
  return score + TEXT_WEIGHT * similarity(parsed, entryTokens, expected);
}
function similarity(parsed, entryTokens, expected) {
  if (parsed.destination !== void 0 && expected.destination !== void 0) {
    if (trimSlash(parsed.destination) === trimSlash(expected.destination)) return 1;
    return dice(tokens(parsed.destination), tokens(expected.destination));
  }
  return dice(entryTokens, expected.tokens);
}
function tokens(text2) {
  return new Set(text2.split(/[^A-Za-z0-9_]+/).filter((token) => token !== ""));
}
function dice(a, b) {
  if (a.size === 0 && b.size === 0) return 1;
  if (a.size === 0 || b.size === 0) return 0;
  let common = 0;
  for (const token of a) if (b.has(token)) common++;
  return 2 * common / (a.size + b.size);
}
function trimSlash(path27) {
  return path27.length > 1 ? path27.replace(/\/+$/, "") : path27;
}

// src/image/config-secret-patterns.ts
var SECRET_KIND_LABEL = {
  "aws-access-key-id": "an AWS access key id",
  "github-token": "a GitHub token",
  "gitlab-token": "a GitLab token",
  "slack-token": "a Slack token",
  "google-api-key": "a Google API key",
  "stripe-key": "a Stripe live key",
  "npm-token": "an npm token",
  "pypi-token": "a PyPI token",
  "private-key": "a PEM private key",
  "url-credentials": "a password in a URL",
  "authorization-header": "an Authorization header",
  "password-option": "a password option",
  "curl-user": "curl credentials (-u user:password)",
  "mysql-password": "a MySQL password (-p…)",
  "secret-name": "a value under a secret-looking name"
};
var TOKEN_FORMATS = [
  { kind: "aws-access-key-id", pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/g },
  { kind: "github-token", pattern: /(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g },
  { kind: "github-token", pattern: /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}(?![A-Za-z0-9_])/g },
  { kind: "gitlab-token", pattern: /(?<![A-Za-z0-9_-])glpat-[A-Za-z0-9_-]{20,100}(?![A-Za-z0-9_-])/g },
  { kind: "slack-token", pattern: /(?<![A-Za-z0-9])xox[abprs]-[A-Za-z0-9]{10,48}(?:-[A-Za-z0-9]{1,64}){1,4}/g },
  { kind: "google-api-key", pattern: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g },
  { kind: "stripe-key", pattern: /(?<![A-Za-z0-9_])[sr]k_live_[0-9A-Za-z]{24,99}(?![A-Za-z0-9_])/g },
  { kind: "npm-token", pattern: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g },
  { kind: "pypi-token", pattern: /(?<![A-Za-z0-9_-])pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,1000}(?![A-Za-z0-9_-])/g }
];
var PRIVATE_KEY_BEGIN = /-----BEGIN (?:[A-Z0-9]{1,12} ){0,2}PRIVATE KEY-----/g;
var PRIVATE_KEY_END = /-----END (?:[A-Z0-9]{1,12} ){0,2}PRIVATE KEY-----/g;
var URL_CREDENTIALS = /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,19}:\/\/[^\s:/@'"]{1,256}:([^\s/@'"]{1,256})@/g;
var AUTHORIZATION = /Authorization:[ \t]{0,8}(?:Bearer|Basic|token)[ \t]{1,8}([A-Za-z0-9._~+/=-]{1,4096})/gi;
function findTokens(text2) {
  const found = [];
  for (const { kind, pattern } of TOKEN_FORMATS) {
    for (const match of text2.matchAll(pattern)) found.push({ kind, value: match[0] });
  }
  found.push(...findPrivateKeys(text2));
  return found;
}
function findPrivateKeys(text2) {
  const found = [];
  let covered = 0;
  for (const begin of text2.matchAll(PRIVATE_KEY_BEGIN)) {
    if (begin.index < covered) continue;
    const bodyStart = begin.index + begin[0].length;
    PRIVATE_KEY_END.lastIndex = bodyStart;
    const end = PRIVATE_KEY_END.exec(text2);
    const stop = end ? end.index + end[0].length : text2.length;
    if ((end ? end.index : text2.length) - bodyStart > 16) {
      found.push({ kind: "private-key", value: text2.slice(begin.index, stop) });
    }
    covered = stop;
    if (!end) break;
  }
  return found;
}
function findInCommand(command) {
  const found = [...findTokens(command), ...findUrlCredentials(command)];
  for (const match of command.matchAll(AUTHORIZATION)) {
    const value = match[1];
    if (!isReference(value)) found.push({ kind: "authorization-header", value });
  }
  found.push(...findInWords(command));
  return found;
}
function findUrlCredentials(text2) {
  const found = [];
  for (const match of text2.matchAll(URL_CREDENTIALS)) {
    const value = match[1];
    if (!isReference(value) && !isPlaceholder(value)) found.push({ kind: "url-credentials", value });
  }
  return found;
}
var PASSWORD_OPTIONS = /* @__PURE__ */ new Set([
  "--password",
  "--passwd",
  "--pass",
  "--db-password",
  "--admin-password",
  "--token",
  "--auth-token",
  "--access-token",
  "--api-key",
  "--apikey",
  "--client-secret",
  "--secret-key"
]);
var MYSQL_TOOLS = /* @__PURE__ */ new Set([
  "mysql",
  "mysqladmin",
  "mysqldump",
  "mysqlimport",
  "mysqlshow",
  "mariadb",
  "mariadb-dump",
  "mariadb-admin"
]);
var LAUNCHERS = /* @__PURE__ */ new Set([
  "RUN",
  "sh",
  "bash",
  "ash",
  "dash",
  "zsh",
  "busybox",
  "cmd",
  "/S",
  "/C"
]);
var SEPARATORS = /* @__PURE__ */ new Set(["&&", "||", ";", "|", "&"]);
function findInWords(command) {
  return command.split(/(?<!\\)\n/).flatMap(findInLine);
}
function findInLine(command) {
  const found = [];
  let program = "";
  let expectValueFor;
  for (const raw of command.split(/\s+/)) {
    if (raw === "") continue;
    if (SEPARATORS.has(raw)) {
      program = "";
      expectValueFor = void 0;
      continue;
    }
    const word = unquote2(raw.replace(/[;&|]+$/, ""));
    const endsCommand = /[;&|]$/.test(raw);
    if (expectValueFor) {
      const kind = expectValueFor;
      expectValueFor = void 0;
      const value = kind === "curl-user" ? curlPassword(word) : word;
      if (value !== void 0 && isCredentialValue(value)) found.push({ kind, value });
      if (endsCommand) program = "";
      continue;
    }
    if (program === "") {
      const name = word.slice(word.lastIndexOf("/") + 1);
      if (!LAUNCHERS.has(name) && !/^-[a-z]*c$/.test(name) && !endsCommand) program = name;
      continue;
    }
    const equals = word.indexOf("=");
    const option = equals > 0 ? word.slice(0, equals) : word;
    if (PASSWORD_OPTIONS.has(option.toLowerCase())) {
      if (equals > 0) {
        const value = unquote2(word.slice(equals + 1));
        if (isCredentialValue(value)) found.push({ kind: "password-option", value });
      } else {
        expectValueFor = "password-option";
      }
    } else if (program === "curl" && (word === "-u" || word === "--user")) {
      expectValueFor = "curl-user";
    } else if (program === "curl" && (word.startsWith("-u") || word.startsWith("--user=")) && word.length > 2) {
      const value = curlPassword(word.startsWith("-u") ? word.slice(2) : word.slice("--user=".length));
      if (value !== void 0 && isCredentialValue(value)) found.push({ kind: "curl-user", value });
    } else if (MYSQL_TOOLS.has(program) && word.startsWith("-p") && word.length > 2 && !word.startsWith("-p=")) {
      const value = unquote2(word.slice(2));
      if (isCredentialValue(value)) found.push({ kind: "mysql-password", value });
    }
    if (program === "sudo" || program === "env" || program === "exec" || program === "command") {
      if (!word.startsWith("-") && !word.includes("=")) program = word.slice(word.lastIndexOf("/") + 1);
    }
    if (endsCommand) program = "";
  }
  return found;
}
function curlPassword(argument) {
  const colon = argument.indexOf(":");
  if (colon <= 0) return void 0;
  const password = argument.slice(colon + 1);
  return password === "" ? void 0 : password;
}
function unquote2(word) {
  return word.replace(/^["']+/, "").replace(/["']+$/, "");
}
function isReference(value) {
  return /^(?:\$|`|%[A-Za-z_])/.test(value) || /^\{\{.*\}\}$/.test(value);
}
var PLACEHOLDERS = /* @__PURE__ */ new Set([
  "changeme",
  "change_me",
  "change-me",
  "changeit",
  "password",
  "passwd",
  "secret",
  "token",
  "example",
  "placeholder",
  "dummy",
  "none",
  "null",
  "nil",
  "undefined",
  "true",
  "false",
  "yes",
  "no",
  "on",
  "off",
  "enabled",
  "disabled",
  "test",
  "default",
  "empty",
  "todo",
  "tbd",
  "redacted",
  "secretpassword",
  "mysecretpassword",
  "your-password",
  "your_password",
  "yourpassword"
]);
function isPlaceholder(value) {
  const lower = value.toLowerCase();
  if (PLACEHOLDERS.has(lower)) return true;
  if (value.length > 0 && value.split("").every((char) => char === value[0])) return true;
  if (/^[<[{].*[>\]}]$/.test(value)) return true;
  return /^(?:your|my)[-_ ]?(?:password|passwd|secret|token|api[-_]?key|key)/i.test(value) || /^[A-Z0-9_]+_HERE$/.test(value);
}
function isCredentialValue(value) {
  return value !== "" && !value.startsWith("-") && !isReference(value) && !isPlaceholder(value);
}

// src/image/config-secret-names.ts
var SECRET_WORDS = /* @__PURE__ */ new Set([
  "PASSWORD",
  "PASSWD",
  "PASS",
  "PASSPHRASE",
  "SECRET",
  "TOKEN",
  "APIKEY",
  "CREDENTIAL",
  "CREDENTIALS"
]);
var KEY_QUALIFIERS = /* @__PURE__ */ new Set([
  "API",
  "ACCESS",
  "SECRET",
  "PRIVATE",
  "AUTH",
  "ENCRYPTION",
  "MASTER",
  "SIGNING",
  "SESSION",
  "LICENSE"
]);
var SECRET_TAILS = /* @__PURE__ */ new Set(["BASE", "VALUE", "STRING"]);
function nameParts(name) {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").split(/[^A-Za-z0-9]+/).filter((part) => part !== "").map((part) => part.toUpperCase());
}
function isSecretName(name) {
  const parts = nameParts(name);
  let end = parts.length;
  while (end > 1 && SECRET_TAILS.has(parts[end - 1])) end -= 1;
  const last = parts[end - 1];
  if (last === void 0) return false;
  if (SECRET_WORDS.has(last)) return true;
  return last === "KEY" && end >= 2 && KEY_QUALIFIERS.has(parts[end - 2]);
}
function isSecretValue(name, value) {
  const trimmed = value.trim();
  if (trimmed.length < 4 || isReference(trimmed) || isPlaceholder(trimmed) || isPath(trimmed)) return false;
  if (/^\d{1,6}$/.test(trimmed)) return false;
  const lower = trimmed.toLowerCase();
  return !nameParts(name).some((part) => part.toLowerCase() === lower);
}
function isPath(value) {
  return /^(?:\/|\.\.?\/|~\/|file:\/\/)/.test(value) && !/\s/.test(value);
}

// src/image/config-secrets.ts
function findConfigSecrets(image, options = {}) {
  return detect(image, options).found;
}
function detect(image, options) {
  const extra = (options.names ?? []).map((glob) => ({ glob, match: compileGlob(glob, { nocase: true }) }));
  const found = [];
  const seen = /* @__PURE__ */ new Set();
  const inText = /* @__PURE__ */ new Map();
  let where = "";
  const add = (secret2) => {
    const values = inText.get(where) ?? /* @__PURE__ */ new Set();
    values.add(secret2.value);
    inText.set(where, values);
    if (seen.has(secret2.value)) return;
    seen.add(secret2.value);
    found.push(secret2);
  };
  const parsed = image.history.map((entry) => parseCreatedBy(entry.createdBy));
  const lastSet = { ENV: /* @__PURE__ */ new Map(), LABEL: /* @__PURE__ */ new Map() };
  parsed.forEach((entry, index) => {
    if (entry.keyword === "ENV" || entry.keyword === "LABEL") {
      for (const [name] of pairs(entry.text, true)) lastSet[entry.keyword].set(name, index);
    }
  });
  image.config.env.forEach((variable, envIndex) => {
    where = `env:${envIndex}`;
    const equals = variable.indexOf("=");
    if (equals <= 0) return;
    const name = variable.slice(0, equals);
    for (const match of namedValue(name, variable.slice(equals + 1), extra)) {
      add({ source: "env", name, subject: name, ...match, ...at(lastSet.ENV.get(name)) });
    }
  });
  for (const [name, value] of Object.entries(image.config.labels)) {
    where = `label:${name}`;
    for (const match of namedValue(name, value, extra)) {
      add({ source: "label", name, subject: name, ...match, ...at(lastSet.LABEL.get(name)) });
    }
  }
  const argNames = /* @__PURE__ */ new Set();
  parsed.forEach((entry) => {
    if (entry.keyword === "ARG") for (const [name] of pairs(entry.text, true)) argNames.add(name);
  });
  const commands = [];
  image.history.forEach((entry, index) => {
    where = `history:${index}`;
    const createdBy = entry.createdBy;
    const { keyword, text: text2 } = parsed[index];
    if (keyword === "ARG") {
      for (const [name, value] of pairs(text2)) {
        for (const match of namedValue(name, value, extra))
          add({ source: "arg", name, subject: name, ...match, historyIndex: index });
      }
      return;
    }
    if (keyword === "ENV" || keyword === "LABEL") {
      const source = keyword === "ENV" ? "env" : "label";
      for (const [name, value] of pairs(text2)) {
        for (const match of namedValue(name, value, extra))
          add({ source, name, subject: name, ...match, historyIndex: index });
      }
      return;
    }
    const buildArgs = runBuildArgs(createdBy, argNames);
    for (const [name, value] of buildArgs.pairs) {
      for (const match of namedValue(name, value, extra))
        add({ source: "arg", name, subject: name, ...match, historyIndex: index });
    }
    commands.push({ index, text: buildArgs.rest });
  });
  for (const command of commands) {
    const index = command.index;
    where = `history:${index}`;
    for (const match of findInCommand(command.text)) {
      add({
        source: "history",
        subject: `history:${index + 1}`,
        kind: match.kind,
        prefix: prefixOf(match),
        value: match.value,
        historyIndex: index
      });
    }
  }
  return { found, inText };
}
var SCRUB_BUDGET = 5e7;
function redactConfigSecrets(image, options = {}) {
  const { found, inText } = detect(image, options);
  const configSecrets = found.map(({ value: _value, ...fact }) => fact);
  if (found.length === 0) return { image: { ...image, configSecrets }, values: [] };
  const values = found.map((secret2) => secret2.value);
  const texts = [
    ...image.config.env,
    ...Object.values(image.config.labels),
    ...image.history.map((entry) => entry.createdBy)
  ];
  const total = texts.reduce((sum, text2) => sum + text2.length, 0);
  const everywhere = total * values.length <= SCRUB_BUDGET;
  const scrub = (text2, id) => {
    const own = everywhere ? values : [...inText.get(id) ?? []];
    if (own.length === 0) return text2;
    if (text2.length * own.length > SCRUB_BUDGET)
      return `*** (withheld: ${own.length} secrets in ${text2.length} characters)`;
    let result = text2;
    for (const value of [...own].sort((a, b) => b.length - a.length)) {
      if (result.includes(value)) result = result.split(value).join("***");
    }
    return result;
  };
  return {
    image: {
      ...image,
      config: {
        ...image.config,
        env: image.config.env.map((text2, index) => scrub(text2, `env:${index}`)),
        labels: Object.fromEntries(
          Object.entries(image.config.labels).map(([name, value]) => [name, scrub(value, `label:${name}`)])
        ),
        entrypoint: everywhere ? image.config.entrypoint?.map((text2) => scrub(text2, "")) ?? null : image.config.entrypoint,
        cmd: everywhere ? image.config.cmd?.map((text2) => scrub(text2, "")) ?? null : image.config.cmd
      },
      history: image.history.map((entry, index) => ({
        ...entry,
        createdBy: scrub(entry.createdBy, `history:${index}`)
      })),
      configSecrets
    },
    values
  };
}
function prefixOf(match) {
  const fixed = FORMAT_PREFIX[match.kind];
  if (fixed) return match.value.slice(0, Math.min(4, fixed));
  return match.value.slice(0, Math.min(4, Math.floor(match.value.length / 4)));
}
var FORMAT_PREFIX = {
  "aws-access-key-id": 4,
  "github-token": 4,
  "gitlab-token": 4,
  "slack-token": 4,
  "google-api-key": 4,
  "stripe-key": 4,
  "npm-token": 4,
  "pypi-token": 4,
  "private-key": 4
};
function namedValue(name, value, extra) {
  const evidence = [...findTokens(value), ...findUrlCredentials(value)];
  if (evidence.length > 0)
    return evidence.map((match) => ({ kind: match.kind, prefix: prefixOf(match), value: match.value }));
  if (!isSecretValue(name, value)) return [];
  const secret2 = { kind: "secret-name", value: value.trim() };
  if (isSecretName(name)) return [{ kind: secret2.kind, prefix: prefixOf(secret2), value: secret2.value }];
  const pattern = extra.find(({ match }) => match(name));
  return pattern ? [{ kind: secret2.kind, prefix: prefixOf(secret2), value: secret2.value, namePattern: pattern.glob }] : [];
}
function at(historyIndex) {
  return historyIndex === void 0 ? {} : { historyIndex };
}
function pairs(text2, withEmpty = false) {
  const result = [];
  for (const match of text2.matchAll(/(?:^|\s)"?([A-Za-z_][A-Za-z0-9_.-]{0,255})"?=("[^"]*"|'[^']*'|\S*)/g)) {
    const raw = match[2];
    const value = /^(["']).*\1$/s.test(raw) ? raw.slice(1, -1) : raw;
    if (value !== "" || withEmpty) result.push([match[1], value]);
  }
  if (withEmpty && result.length === 0) {
    const old = /^([A-Za-z_][A-Za-z0-9_.-]{0,255})(?:\s|$)/.exec(text2);
    if (old) result.push([old[1], ""]);
  }
  return result;
}
function runBuildArgs(createdBy, argNames) {
  const head = /^(?:RUN\s+)?\|(\d{1,4})\s+/.exec(createdBy);
  if (!head) return { pairs: [], rest: createdBy };
  const count = Number(head[1]);
  const text2 = createdBy;
  let position = head[0].length;
  let exhausted = false;
  const name = /([A-Za-z_][A-Za-z0-9_]{0,255})=/y;
  const nextName = / ([A-Za-z_][A-Za-z0-9_]{0,255})=/g;
  const shell = / \/(?:usr\/)?bin\/[a-z]{0,10}sh -c | cmd \/S \/C /g;
  const space = /\s/g;
  const result = [];
  for (let index = 0; index < count; index += 1) {
    name.lastIndex = position;
    const declared = name.exec(text2);
    if (!declared) break;
    const start = position + declared[0].length;
    let end = -1;
    if (index < count - 1 && !exhausted) {
      nextName.lastIndex = start;
      for (let next = nextName.exec(text2); next; next = nextName.exec(text2)) {
        if (argNames.size === 0 || argNames.has(next[1])) {
          end = next.index;
          break;
        }
      }
      exhausted = end === -1;
    } else if (index === count - 1) {
      shell.lastIndex = start;
      end = shell.exec(text2)?.index ?? -1;
    }
    if (end === -1) {
      space.lastIndex = start;
      end = space.exec(text2)?.index ?? text2.length;
    }
    const value = text2.slice(start, end);
    if (value !== "") result.push([declared[1], value]);
    position = end;
    while (position < text2.length && /\s/.test(text2[position])) position += 1;
  }
  return { pairs: result, rest: text2.slice(position) };
}

// src/checks/config.ts
function checkConfig(context) {
  return [...checkSecrets(context), ...checkExposeSsh(context)];
}
var SOURCE_LABEL = {
  env: "ENV",
  label: "LABEL",
  arg: "build arg",
  history: "history step"
};
function checkSecrets(context) {
  const rule = context.rules.config?.secrets;
  if (!rule) return [];
  const secrets = context.image.configSecrets ?? findConfigSecrets(context.image, { names: rule.names });
  const names = new Set(rule.names);
  const origins = historyOrigins(context);
  return secrets.filter((secret2) => secret2.namePattern === void 0 || names.has(secret2.namePattern)).map((secret2) => {
    const { location, where } = secretLocation(context, secret2, origins);
    const shown2 = secret2.prefix === "" ? "" : `${secret2.prefix}…`;
    const what = SECRET_KIND_LABEL[secret2.kind];
    const message = secret2.source === "history" ? md`History step ${secret2.subject.slice("history:".length)} of the image (${where}) holds ${what}${shown2 ? md` starting ${code(shown2)}` : ""}: anyone who pulls the image reads it with \`docker history --no-trunc\`. Rotate it and pass it with \`RUN --mount=type=secret\` instead.` : md`${SOURCE_LABEL[secret2.source]} ${code(secret2.subject)} (${where}) holds ${what}${shown2 ? md` starting ${code(shown2)}` : ""}: anyone who pulls the image reads it with \`docker inspect\` or \`docker history\`. Rotate it and pass it at build time with \`RUN --mount=type=secret\`, at run time through the environment or a secrets mount.`;
    return makeFinding("config/secret", context, {
      message,
      location,
      // Not the history index: a new base image shifts it. The prefix tells two values of one name apart.
      key: JSON.stringify([secret2.source, secret2.subject, secret2.kind, secret2.prefix]),
      properties: {
        subject: secret2.subject,
        source: secret2.source,
        kind: secret2.kind,
        prefix: secret2.prefix,
        ...secret2.historyIndex !== void 0 ? { historyStep: secret2.historyIndex + 1 } : {}
      }
    });
  });
}
var SSH_PORT = /^22(?:\/(?:tcp|udp|sctp))?$/i;
function checkExposeSsh(context) {
  if (!context.rules.config?.exposeSsh) return [];
  const ports = context.image.config.exposedPorts.filter((port) => SSH_PORT.test(port));
  if (ports.length === 0) return [];
  const origins = historyOrigins(context);
  return ports.map((port) => {
    const location = exposeLocation(context, port, origins);
    return makeFinding("config/expose-ssh", context, {
      message: md`The image exposes port ${code(port)}, the SSH port: an SSH server in a container is a second way in, with its own keys and patches. Use \`docker exec\` for a shell, and remove the SSH server and the EXPOSE.`,
      location,
      key: port.toLowerCase(),
      properties: { subject: port, port }
    });
  });
}
function historyOrigins(context) {
  const { dockerfile, stage } = context;
  return dockerfile && stage ? mapHistory(dockerfile, stage, context.image.history) : void 0;
}
function secretLocation(context, secret2, origins) {
  const { dockerfile, stage } = context;
  if (dockerfile && stage && secret2.source === "arg" && secret2.name !== void 0) {
    const declaration = argDeclaration(context, secret2.name);
    if (declaration) return { location: sourceAt(context, declaration), where: `ARG at line ${declaration.line}` };
  }
  if (secret2.historyIndex !== void 0) {
    const origin = origins?.[secret2.historyIndex];
    if (origin?.kind === "instruction") {
      return {
        location: sourceAt(context, origin.instruction),
        where: `${origin.instruction.keyword} at line ${origin.instruction.line}`
      };
    }
    if (origin?.kind === "base") {
      return { location: sourceAt(context, origin.from), where: `from the base image of line ${origin.from.line}` };
    }
    const entry = context.image.history[secret2.historyIndex];
    const layer = entry?.layerIndex === void 0 ? void 0 : context.image.layers[entry.layerIndex];
    return {
      location: { kind: "image", image: context.imageName, ...layer ? { layer: layer.diffId } : {} },
      where: entry?.layerIndex !== void 0 ? `layer #${entry.layerIndex + 1}` : secret2.source === "history" ? "a metadata entry" : `history step ${secret2.historyIndex + 1}`
    };
  }
  return { location: context.imageLocation, where: "image config" };
}
function argDeclaration(context, name) {
  const { dockerfile, stage } = context;
  if (!dockerfile || !stage) return void 0;
  const chain = stageChain(dockerfile, stage);
  for (const member of [...chain].reverse()) {
    const found = [...member.instructions].reverse().find((instruction) => declaresArg(instruction, name));
    if (found) return found;
  }
  return dockerfile.globalArgs.find((arg) => arg.name === name);
}
function declaresArg(instruction, name) {
  if (instruction.keyword !== "ARG") return false;
  return instruction.body.split(/\s+/).some((word) => word === name || word.startsWith(`${name}=`));
}
function exposeLocation(context, port, origins) {
  const { dockerfile, stage } = context;
  const number = 22;
  if (dockerfile && stage) {
    const exposes = stageChain(dockerfile, stage).flatMap((member) => member.instructions).filter(
      (instruction) => instruction.keyword === "EXPOSE" && exposesPort(instruction, dockerfile.escapeChar, number, port)
    );
    const last = exposes[exposes.length - 1];
    if (last) return sourceAt(context, last);
  }
  const index = lastExposeEntry(context);
  const origin = index === void 0 ? void 0 : origins?.[index];
  if (origin?.kind === "base") return sourceAt(context, origin.from);
  if (origin?.kind === "instruction") return sourceAt(context, origin.instruction);
  return context.imageLocation;
}
function exposesPort(instruction, escapeChar, number, port) {
  const protocol = port.includes("/") ? port.slice(port.indexOf("/") + 1).toLowerCase() : "tcp";
  return splitWords(instruction.body, escapeChar).some(({ value }) => {
    const match = /^(\d{1,5})(?:-(\d{1,5}))?(?:\/([a-z]+))?$/i.exec(value);
    if (!match) return false;
    const low = Number(match[1]);
    const high = match[2] === void 0 ? low : Number(match[2]);
    const wordProtocol = (match[3] ?? "tcp").toLowerCase();
    return low <= number && number <= high && wordProtocol === protocol;
  });
}
var EXPOSE_ENTRY = /(?:^|\s)EXPOSE\s/;
var PORT_22 = /(?:^|[\s[])22(?:\/|[\s:\]]|$)/;
function lastExposeEntry(context) {
  const history = context.image.history;
  for (let index = history.length - 1; index >= 0; index -= 1) {
    const text2 = history[index].createdBy;
    if (EXPOSE_ENTRY.test(text2) && PORT_22.test(text2)) return index;
  }
  return void 0;
}
function sourceAt(context, at3) {
  const path27 = context.dockerfile?.path ?? "";
  return { kind: "source", path: path27, line: at3.line, ...at3.column !== void 0 ? { column: at3.column } : {} };
}

// src/dockerfile/shell-commands.ts
var BLANKS = /* @__PURE__ */ new Set([" ", "	", "\r", "\v", "\f"]);
function shellPipelines(script) {
  const pipelines = [];
  let pipeline = [];
  let words = [];
  let value = "";
  let raw = "";
  let inWord = false;
  let skipNext = false;
  let hereString = false;
  const heredocs = [];
  const endWord = () => {
    if (!inWord) return;
    if (skipNext) skipNext = false;
    else if (hereString) {
      hereString = false;
      words.push({ value, raw: `<<<${raw}` });
    } else if (/^<<-?/.test(raw)) queueHeredoc(raw);
    else words.push({ value, raw });
    value = "";
    raw = "";
    inWord = false;
  };
  const queueHeredoc = (marker) => {
    const chomp = marker.startsWith("<<-");
    const name = marker.slice(chomp ? 3 : 2).replace(/["'\\]/g, "");
    if (name !== "") heredocs.push({ name, chomp });
    else skipNext = true;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) pipeline.push({ words });
    words = [];
  };
  const endPipeline = () => {
    endCommand();
    if (pipeline.length > 0) pipelines.push(pipeline);
    pipeline = [];
  };
  let index = 0;
  const length = script.length;
  while (index < length) {
    const ch = script[index];
    const next = script[index + 1];
    if (ch === "\\") {
      if (next === "\n") {
        index += 2;
        continue;
      }
      inWord = true;
      raw += ch + (next ?? "");
      value += next ?? "";
      index += 2;
      continue;
    }
    if (ch === "\n") {
      endPipeline();
      index++;
      while (heredocs.length > 0 && index < length) {
        const doc = heredocs.shift();
        while (index < length) {
          let end = script.indexOf("\n", index);
          if (end < 0) end = length;
          const line = script.slice(index, end);
          index = end + 1;
          if ((doc.chomp ? line.replace(/^\t+/, "") : line) === doc.name) break;
        }
      }
      continue;
    }
    if (BLANKS.has(ch)) {
      endWord();
      index++;
      continue;
    }
    if (ch === "#" && !inWord) {
      while (index < length && script[index] !== "\n") index++;
      continue;
    }
    if (ch === "'") {
      const close = script.indexOf("'", index + 1);
      const end = close < 0 ? length : close;
      inWord = true;
      value += script.slice(index + 1, end);
      raw += script.slice(index, end + 1);
      index = end + 1;
      continue;
    }
    if (ch === '"') {
      inWord = true;
      raw += ch;
      index++;
      while (index < length && script[index] !== '"') {
        const inner = script[index];
        if (inner === "\\" && index + 1 < length) {
          const escaped = script[index + 1];
          raw += inner + escaped;
          if (escaped !== "\n") value += '"\\$`'.includes(escaped) ? escaped : inner + escaped;
          index += 2;
        } else if (inner === "$" && script[index + 1] === "(") {
          const end = balancedEnd(script, index + 1);
          value += script.slice(index, end);
          raw += script.slice(index, end);
          index = end;
        } else {
          value += inner;
          raw += inner;
          index++;
        }
      }
      raw += '"';
      index++;
      continue;
    }
    if (ch === "`") {
      const end = backtickEnd(script, index);
      inWord = true;
      value += script.slice(index, end);
      raw += script.slice(index, end);
      index = end;
      continue;
    }
    if ((ch === "$" || (ch === "<" || ch === ">") && !inWord) && next === "(") {
      const end = balancedEnd(script, index + 1);
      inWord = true;
      value += script.slice(index, end);
      raw += script.slice(index, end);
      index = end;
      continue;
    }
    if (ch === "|") {
      if (next === "|") {
        endPipeline();
        index += 2;
      } else {
        endCommand();
        index += next === "&" ? 2 : 1;
      }
      continue;
    }
    if (ch === "&") {
      if (next === ">") {
        endWord();
        skipNext = true;
        index += script[index + 2] === ">" ? 3 : 2;
      } else {
        endPipeline();
        index += next === "&" ? 2 : 1;
      }
      continue;
    }
    if (ch === ";") {
      endPipeline();
      index += next === ";" ? 2 : 1;
      continue;
    }
    if (ch === "(" || ch === ")") {
      endWord();
      index++;
      continue;
    }
    if (ch === "<" && next === "<") {
      endWordUnlessDigits();
      if (script[index + 2] === "<") {
        hereString = true;
        index += 3;
        continue;
      }
      inWord = true;
      raw = script[index + 2] === "-" ? "<<-" : "<<";
      index += raw.length;
      while (index < length && script[index] !== " " && script[index] !== "	" && script[index] !== "\n") {
        raw += script[index];
        index++;
      }
      if (raw === "<<" || raw === "<<-") {
        while (index < length && (script[index] === " " || script[index] === "	")) index++;
        while (index < length && !BLANKS.has(script[index]) && script[index] !== "\n") {
          raw += script[index];
          index++;
        }
      }
      endWord();
      continue;
    }
    if (ch === "<" || ch === ">") {
      endWordUnlessDigits();
      index++;
      if (index < length && ">&|".includes(script[index])) index++;
      if (script[index - 1] === "&") {
        while (index < length && /[0-9-]/.test(script[index])) index++;
        continue;
      }
      skipNext = true;
      continue;
    }
    inWord = true;
    value += ch;
    raw += ch;
    index++;
  }
  endPipeline();
  return pipelines;
  function endWordUnlessDigits() {
    if (inWord && /^\d+$/.test(raw)) {
      value = "";
      raw = "";
      inWord = false;
      return;
    }
    endWord();
  }
}
function balancedEnd(text2, open7) {
  let depth = 0;
  let index = open7;
  while (index < text2.length) {
    const ch = text2[index];
    if (ch === "\\") {
      index += 2;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const close = text2.indexOf(ch, index + 1);
      index = close < 0 ? text2.length : close + 1;
      continue;
    }
    if (ch === "(") depth++;
    else if (ch === ")") {
      depth--;
      if (depth === 0) return index + 1;
    }
    index++;
  }
  return text2.length;
}
function backtickEnd(text2, open7) {
  let index = open7 + 1;
  while (index < text2.length && text2[index] !== "`") index += text2[index] === "\\" ? 2 : 1;
  return Math.min(index + 1, text2.length);
}
function commandBaseName(word) {
  const slash = word.lastIndexOf("/");
  return slash < 0 ? word : word.slice(slash + 1);
}
var ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*\+?=/;
var PREFIX_WORDS = /* @__PURE__ */ new Set(["!", "{", "}", "then", "do", "else", "elif", "if", "while", "until", "time", "command"]);
var SUDO_VALUE_OPTIONS = /* @__PURE__ */ new Set(["-u", "-g", "-U", "-C", "-D", "-h", "-p", "-r", "-t", "-T"]);
function programIndex(words) {
  let index = 0;
  while (index < words.length) {
    const word = words[index].value;
    if (ASSIGNMENT.test(word) || PREFIX_WORDS.has(word) || word === "nohup") {
      index++;
      continue;
    }
    const name = commandBaseName(word);
    if (name === "sudo" || name === "doas") {
      index++;
      while (index < words.length && words[index].value.startsWith("-")) {
        const option = words[index].value;
        index += SUDO_VALUE_OPTIONS.has(option) ? 2 : 1;
      }
      continue;
    }
    if (name === "env") {
      index++;
      while (index < words.length) {
        const option = words[index].value;
        if (option === "-u" || option === "-C" || option === "-S") index += 2;
        else if (option.startsWith("-") || ASSIGNMENT.test(option)) index++;
        else break;
      }
      continue;
    }
    if (name === "exec") {
      index++;
      while (index < words.length && words[index].value.startsWith("-")) {
        index += words[index].value === "-a" ? 2 : 1;
      }
      continue;
    }
    return index;
  }
  return index;
}

// src/dockerfile/package-commands.ts
var MANAGERS = /* @__PURE__ */ new Map([
  ["apt-get", "apt"],
  ["apt", "apt"],
  ["aptitude", "apt"],
  ["apk", "apk"],
  ["yum", "rpm"],
  ["dnf", "rpm"],
  ["microdnf", "rpm"],
  ["tdnf", "rpm"],
  ["zypper", "zypper"]
]);
var VALUE_OPTIONS = {
  apt: /* @__PURE__ */ new Set(["-o", "-t", "-c", "--option", "--target-release", "--config-file"]),
  apk: /* @__PURE__ */ new Set(["-X", "--repository", "-p", "--root", "--arch", "--cache-dir", "--keys-dir"]),
  rpm: /* @__PURE__ */ new Set(["-c", "--config", "--installroot", "--releasever", "-x", "--exclude", "--repo", "--setopt"]),
  zypper: /* @__PURE__ */ new Set(["-r", "--repo", "--root", "-R", "--reposd-dir", "-D", "--cache-dir"])
};
var VERBS = {
  apt: {
    update: "update",
    install: "install",
    reinstall: "install",
    "build-dep": "install",
    source: "install",
    download: "install",
    satisfy: "install",
    upgrade: "upgrade",
    "dist-upgrade": "dist-upgrade",
    "full-upgrade": "dist-upgrade"
  },
  apk: { update: "update", add: "install", fix: "install", upgrade: "upgrade" },
  rpm: {
    makecache: "update",
    "check-update": "update",
    install: "install",
    reinstall: "install",
    localinstall: "install",
    groupinstall: "install",
    builddep: "install",
    "builddep-install": "install",
    update: "upgrade",
    upgrade: "upgrade",
    "upgrade-minimal": "upgrade",
    "update-minimal": "upgrade",
    "distro-sync": "dist-upgrade",
    distrosync: "dist-upgrade"
  },
  zypper: {
    refresh: "update",
    ref: "update",
    install: "install",
    in: "install",
    "source-install": "install",
    si: "install",
    update: "upgrade",
    up: "upgrade",
    patch: "upgrade",
    "dist-upgrade": "dist-upgrade",
    dup: "dist-upgrade"
  }
};
function packageCommands(command) {
  const found = [];
  const words = command.words.map((word) => word.value);
  for (let index = 0; index < words.length; index++) {
    const manager = commandBaseName(words[index]);
    const family = MANAGERS.get(manager);
    if (!family) continue;
    let at3 = index + 1;
    while (at3 < words.length && words[at3].startsWith("-")) {
      at3 += VALUE_OPTIONS[family].has(words[at3]) ? 2 : 1;
    }
    const verb = words[at3];
    const action = verb === void 0 ? void 0 : VERBS[family][verb];
    if (!verb || !action) continue;
    found.push({ manager, verb, action: targeted(family, action, words.slice(at3 + 1)) ? "install" : action });
    index = at3;
  }
  return found;
}
function targeted(family, action, rest) {
  if (action !== "upgrade" || family === "apt") return false;
  return rest.some((word) => !word.startsWith("-"));
}

// src/dockerfile/run-scripts.ts
var SHELLS = /* @__PURE__ */ new Set(["sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", "yash"]);
var NESTED_SCRIPT_DEPTH = 2;
function runPipelines(instruction, defaultShell = ["/bin/sh", "-c"]) {
  if (instruction.keyword !== "RUN") return [];
  const pipelines = [];
  const posix = SHELLS.has(commandBaseName(defaultShell[0] ?? ""));
  if (instruction.execForm) {
    const script = shellScriptOf(instruction.execForm);
    if (script !== void 0) collect(script, 0, pipelines);
    else pipelines.push([{ words: instruction.execForm.map((value) => ({ value, raw: value })) }]);
    return pipelines;
  }
  if (!posix) return pipelines;
  const body = shellPipelines(instruction.body);
  appendNested(body, 0, pipelines);
  if (instruction.heredocs.length > 0 && heredocsRunByShell(body)) {
    for (const heredoc of instruction.heredocs) collect(heredoc, 1, pipelines);
  }
  return pipelines;
}
function collect(script, depth, into) {
  appendNested(shellPipelines(script), depth, into);
}
function appendNested(pipelines, depth, into) {
  for (const pipeline of pipelines) {
    into.push(pipeline);
    if (depth >= NESTED_SCRIPT_DEPTH) continue;
    for (const command of pipeline) {
      const script = shellScriptOf(command.words.map((word) => word.value));
      if (script !== void 0) collect(script, depth + 1, into);
    }
  }
}
function shellScriptOf(argv) {
  const words = argv.map((value) => ({ value, raw: value }));
  const start = programIndex(words);
  const program = argv[start];
  if (program === void 0 || !SHELLS.has(commandBaseName(program))) return void 0;
  for (let index = start + 1; index < argv.length; index++) {
    const option = argv[index];
    if (option === "--" || !option.startsWith("-")) return void 0;
    if (!option.startsWith("--") && option.includes("c")) return argv[index + 1];
  }
  return void 0;
}
function heredocsRunByShell(body) {
  if (body.length === 0) return true;
  const first = body[0]?.[0];
  if (!first) return true;
  const start = programIndex(first.words);
  const program = first.words[start];
  return program === void 0 || SHELLS.has(commandBaseName(program.value));
}

// src/checks/dockerfile-healthcheck.ts
function checkNoHealthcheck(context) {
  if (context.image.config.healthcheck && context.image.config.healthcheck.length > 0) return [];
  const { dockerfile, stage } = context;
  if (dockerfile && stage) {
    const written = stageChain(dockerfile, stage).flatMap((chained) => chained.instructions).some((instruction) => instruction.keyword === "HEALTHCHECK");
    if (written) return [];
  }
  if ((context.runtimeHealthchecks ?? []).length > 0) return [];
  const location = dockerfile && stage ? { kind: "source", path: dockerfile.path, line: stage.from.line, column: stage.from.column } : context.imageLocation;
  const subject2 = location.kind === "source" ? `${location.path}:${location.line}` : context.imageName;
  const message = dockerfile && stage ? md`The image has no HEALTHCHECK: the stage ${code(stage.name ?? `#${stage.index}`)} that produces it sets none, nor do the stages and base image it is built on, and no compose service that runs it sets ${code("healthcheck.test")}. The engine cannot tell a hung container from a working one. Add ${code("HEALTHCHECK CMD …")} to the final stage, or a compose healthcheck; ${code("HEALTHCHECK NONE")} records that the image has none on purpose.` : md`The image ${code(context.imageName)} has no healthcheck in its config, and no compose service that runs it sets ${code("healthcheck.test")}. Add ${code("HEALTHCHECK CMD …")} to its Dockerfile, or a compose healthcheck.`;
  return [
    makeFinding("dockerfile/no-healthcheck", context, {
      message,
      location,
      key: "no-healthcheck",
      properties: { subject: subject2 }
    })
  ];
}

// src/checks/dockerfile-rules.ts
function checkDockerfile(context) {
  const rules = context.rules.dockerfile ?? {};
  const { dockerfile, stage } = context;
  const findings = [];
  if (dockerfile && stage && (rules.addInsteadOfCopy || rules.pipeToShell || rules.updateAlone || rules.upgrade)) {
    const shells = initialShells(dockerfile);
    for (const built of stagesBuiltFor(dockerfile, stage)) {
      let shell = shells[built.index] ?? ["/bin/sh", "-c"];
      const triggers = [];
      for (const instruction of built.instructions) {
        if (instruction.keyword === "SHELL" && instruction.execForm) shell = instruction.execForm;
        const trigger = onbuildTrigger(instruction);
        if (trigger) triggers.push(trigger);
        else findings.push(...checkInstruction(context, dockerfile, instruction, shell));
      }
      for (const trigger of triggers) findings.push(...checkInstruction(context, dockerfile, trigger, shell));
    }
  }
  if (rules.noHealthcheck) findings.push(...checkNoHealthcheck(context));
  return findings;
}
function checkInstruction(context, dockerfile, instruction, shell) {
  const rules = context.rules.dockerfile ?? {};
  const findings = [];
  if (rules.addInsteadOfCopy && instruction.keyword === "ADD") {
    findings.push(...addInsteadOfCopy(context, dockerfile, instruction));
  }
  if (instruction.keyword !== "RUN" || !(rules.pipeToShell || rules.updateAlone || rules.upgrade)) return findings;
  const pipelines = runPipelines(instruction, shell);
  if (rules.pipeToShell) findings.push(...pipeToShell(context, dockerfile, instruction, pipelines));
  if (rules.updateAlone) findings.push(...updateAlone(context, dockerfile, instruction, pipelines));
  if (rules.upgrade) {
    findings.push(...upgrade(context, dockerfile, instruction, pipelines, rules.upgrade === "dist-upgrade"));
  }
  return findings;
}
function at2(ruleId, context, dockerfile, instruction, details) {
  const subject2 = `${dockerfile.path}:${instruction.line}`;
  const trigger = instruction.onbuild === true;
  const finding2 = makeFinding(ruleId, context, {
    message: trigger ? md`${code(`ONBUILD ${instruction.keyword}`)} is a trigger that runs in every build FROM this image: ${details.message}` : details.message,
    location: { kind: "source", path: dockerfile.path, line: instruction.line, column: instruction.column },
    key: trigger ? `onbuild:${details.key}` : details.key,
    properties: { subject: subject2, ...details.properties, ...trigger ? { onbuild: true } : {} }
  });
  return details.severity ? { ...finding2, severity: details.severity } : finding2;
}
var ARCHIVE_SUFFIXES = [
  ".tar",
  ".tar.gz",
  ".tgz",
  ".tar.bz2",
  ".tbz",
  ".tbz2",
  ".tar.xz",
  ".txz",
  ".tar.zst",
  ".tar.zstd",
  ".tzst",
  ".tar.lz",
  ".tar.lzma",
  ".tlz",
  ".tar.z",
  ".taz"
];
var URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
var FULL_COMMIT = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;
function addInsteadOfCopy(context, dockerfile, instruction) {
  const words = instruction.execForm ?? splitWords(instruction.body, dockerfile.escapeChar).map((word) => word.value);
  const sources = words.slice(0, -1).filter((word) => !word.startsWith("<<"));
  const checksum = "checksum" in instruction.flags;
  const unpack = instruction.flags.unpack;
  const remote = [];
  const git = [];
  const local = [];
  for (const source of sources) {
    if (isGitSource(source)) {
      if (!checksum && !FULL_COMMIT.test(gitRef(source))) git.push(source);
    } else if (URL_SCHEME.test(source)) {
      if (!checksum) remote.push(source);
    } else if (source.includes("$")) {
    } else if (unpack === "false" || !isArchiveName(source)) {
      local.push(source);
    }
  }
  const findings = [];
  if (remote.length > 0 || git.length > 0) {
    const shown2 = [...remote, ...git].map(displayedUrl);
    const first = shown2[0];
    const message = remote.length > 0 ? md`${code(`ADD ${first}`)} downloads a file at build time without ${code("--checksum")}: whatever the server returns that day goes into the image, unverified. Add ${code("--checksum=sha256:…")} (BuildKit), or download with a pinned checksum in a RUN.` : md`${code(`ADD ${first}`)} adds a git repository at a branch or tag, which can move: pin it to a full commit (${code("#<40-hex commit>")}) or add ${code("--checksum=<commit>")}.`;
    findings.push(
      at2("dockerfile/add-instead-of-copy", context, dockerfile, instruction, {
        message,
        key: `remote:${shown2.join(" ")}`,
        severity: "medium",
        properties: { kind: remote.length > 0 ? "url-without-checksum" : "git-unpinned", source: first }
      })
    );
  }
  if (local.length > 0) {
    const first = local[0];
    findings.push(
      at2("dockerfile/add-instead-of-copy", context, dockerfile, instruction, {
        message: md`${code(`ADD ${first}`)} adds a local ${local.length > 1 ? "set of files" : "file or directory"} that is not a tar archive: use COPY, which does only that. ADD also unpacks archives and fetches URLs, so a renamed file can change what it does.`,
        key: `local:${local.join(" ")}`,
        properties: { kind: "local", source: first }
      })
    );
  }
  return findings;
}
function displayedUrl(source) {
  const scheme = source.indexOf("://");
  let text2 = source;
  if (scheme >= 0) {
    const hostStart = scheme + 3;
    const pathStart = text2.indexOf("/", hostStart);
    const authority = text2.slice(hostStart, pathStart < 0 ? text2.length : pathStart);
    const at3 = authority.lastIndexOf("@");
    if (at3 >= 0) text2 = `${text2.slice(0, hostStart)}***@${text2.slice(hostStart + at3 + 1)}`;
  }
  const query = text2.indexOf("?");
  if (query >= 0) {
    const fragment = text2.indexOf("#", query);
    text2 = `${text2.slice(0, query)}?…${fragment >= 0 ? text2.slice(fragment) : ""}`;
  }
  return text2;
}
function isArchiveName(source) {
  const name = source.toLowerCase();
  return ARCHIVE_SUFFIXES.some((suffix) => name.endsWith(suffix));
}
function isGitSource(source) {
  const lower = source.toLowerCase();
  if (lower.startsWith("git@") || lower.startsWith("git://") || lower.startsWith("ssh://")) return true;
  if (!URL_SCHEME.test(source)) return false;
  const beforeFragment = lower.split("#")[0];
  return beforeFragment.endsWith(".git") || beforeFragment.endsWith(".git/");
}
function gitRef(source) {
  const hash = source.indexOf("#");
  if (hash < 0) return "";
  return source.slice(hash + 1).split(":")[0].trim();
}
var DOWNLOADERS = /* @__PURE__ */ new Set(["curl", "wget"]);
var INTERPRETERS = /* @__PURE__ */ new Set(["perl", "ruby", "node", "nodejs", "php"]);
var CODE_OPTIONS = /* @__PURE__ */ new Set(["-c", "-e", "-E", "-m", "-r", "-p", "--eval", "--print", "--command"]);
function pipeToShell(context, dockerfile, instruction, pipelines) {
  for (const pipeline of pipelines) {
    const hit = pipedDownload(pipeline) ?? substitutedDownload(pipeline);
    if (!hit) continue;
    return [
      at2("dockerfile/pipe-to-shell", context, dockerfile, instruction, {
        message: md`RUN ${hit.how}: ${code(hit.downloader)} fetches code and ${code(hit.runner)} runs it as it arrives, unverified; a compromised or changed server changes the image, and ${code("set -o pipefail")} does not help (the shell runs whatever arrived before a failure). Download to a file, check its checksum or signature, then run it.`,
        key: `${hit.downloader}|${hit.runner}`,
        properties: { downloader: hit.downloader, runner: hit.runner }
      })
    ];
  }
  return [];
}
function pipedDownload(pipeline) {
  let downloader;
  for (const command of pipeline) {
    const program = programOf(command);
    if (!program) continue;
    if (downloader === void 0) {
      if (isDownloader(command, program.index)) downloader = program.name;
      continue;
    }
    if (runsStdin(command, program.index, program.name)) {
      return { downloader, runner: program.name, how: "pipes a download into a shell" };
    }
  }
  return void 0;
}
function substitutedDownload(pipeline) {
  for (const command of pipeline) {
    const program = programOf(command);
    if (!program) continue;
    const runner = program.name;
    if (!SHELLS.has(runner) && !isInterpreter(runner) && runner !== "eval" && runner !== "source" && runner !== ".") {
      continue;
    }
    for (const word of command.words.slice(program.index + 1)) {
      const downloader = substitutionDownloader(word.raw);
      if (downloader) return { downloader, runner, how: "runs a download through command substitution" };
    }
  }
  return void 0;
}
function substitutionDownloader(raw) {
  for (let index = 0; index < raw.length; index++) {
    const ch = raw[index];
    let start;
    if ((ch === "$" || ch === "<") && raw[index + 1] === "(") start = index + 2;
    else if (ch === "`") start = index + 1;
    else continue;
    while (raw[start] === " " || raw[start] === "	") start++;
    for (const name of DOWNLOADERS) {
      const end = start + name.length;
      if (raw.startsWith(name, start) && (end === raw.length || " 	)`".includes(raw[end]))) return name;
    }
  }
  return void 0;
}
function programOf(command) {
  const index = programIndex(command.words);
  const word = command.words[index];
  if (!word) return void 0;
  const name = commandBaseName(word.value);
  if (name === "busybox" && command.words[index + 1]) {
    return { index: index + 1, name: commandBaseName(command.words[index + 1].value) };
  }
  return { index, name };
}
function isDownloader(command, index) {
  return DOWNLOADERS.has(commandBaseName(command.words[index].value));
}
function isInterpreter(name) {
  return INTERPRETERS.has(name) || /^python(?:\d+(?:\.\d+)?)?$/.test(name);
}
function runsStdin(command, index, name) {
  const shell = SHELLS.has(name);
  if (!shell && !isInterpreter(name)) return false;
  const args = command.words.slice(index + 1).map((word) => word.value);
  for (const arg of args) {
    if (arg === "-" || arg === "--") return true;
    if (!arg.startsWith("-")) return false;
    if (shell) {
      if (arg === "-s" || arg.startsWith("--")) continue;
      if (arg.slice(1).includes("c")) return false;
    } else if (CODE_OPTIONS.has(arg) || arg.length > 2 && CODE_OPTIONS.has(arg.slice(0, 2))) {
      return false;
    }
  }
  return true;
}
function updateAlone(context, dockerfile, instruction, pipelines) {
  const commands = pipelines.flat();
  const actions = commands.flatMap(packageCommands);
  const update = actions.find((action) => action.action === "update");
  if (!update || actions.some((action) => action.action !== "update")) return [];
  if (commands.some(mayInstall)) return [];
  const words = `${update.manager} ${update.verb}`;
  return [
    at2("dockerfile/update-alone", context, dockerfile, instruction, {
      message: md`${code(words)} runs in a RUN that installs nothing: the build cache keeps this layer, so a later RUN that installs gets package lists as old as the cache, and a changed install line does not refresh them. Update and install in one RUN (${code(`${update.manager} ${update.verb} && ${installHint(update)}`)}).`,
      key: words,
      properties: { command: words }
    })
  ];
}
function installHint(update) {
  if (update.manager === "apk") return "apk add …";
  if (update.manager === "zypper") return "zypper install …";
  return `${update.manager} install -y …`;
}
function mayInstall(command) {
  const program = programOf(command);
  if (!program) return false;
  const word = command.words[program.index].value;
  if (program.name.includes("install") || program.name.endsWith(".sh") || word.startsWith("./")) return true;
  if (SHELLS.has(program.name)) {
    const args = command.words.slice(program.index + 1).map((item) => item.value);
    return args.some((arg) => !arg.startsWith("-"));
  }
  return program.name === "make" || program.name === "xargs";
}
function upgrade(context, dockerfile, instruction, pipelines, releaseOnly) {
  const found = pipelines.flat().flatMap(packageCommands).find((action) => action.action === "dist-upgrade" || !releaseOnly && action.action === "upgrade");
  if (!found) return [];
  const words = `${found.manager} ${found.verb}`;
  const message = found.action === "dist-upgrade" ? md`${code(words)} moves the image to whatever release the package sources offer at build time: packages and their dependencies change under the base image's feet, and the base image's tag no longer says what the image runs. Use a base image of the release you want, and install or upgrade the packages you need by name.` : md`${code(words)} upgrades every package of the base image at build time: the result depends on the day of the build, and the layer holds a second copy of each upgraded file. Prefer a freshly rebuilt base image (a newer tag or digest); to pick up one fix, upgrade that package by name.`;
  return [
    at2("dockerfile/upgrade", context, dockerfile, instruction, {
      message,
      key: words,
      properties: { command: words, action: found.action }
    })
  ];
}

// src/checks/layer-origin.ts
function layerLocation(context, index) {
  const origin = context.layerOrigins[index];
  if (origin) return origin;
  const layer = context.image.layers[index];
  return { kind: "image", image: context.imageName, ...layer ? { layer: layer.diffId } : {} };
}
function layerLabel(context, index) {
  const origin = context.layerOrigins[index];
  if (origin) return `layer ${index + 1} (${origin.path}:${origin.line})`;
  const layer = context.image.layers[index];
  const entry = layer?.historyIndex === void 0 ? void 0 : context.image.history[layer.historyIndex];
  const createdBy = entry ? shortCreatedBy(entry.createdBy) : "";
  return createdBy ? `layer ${index + 1} (${createdBy})` : `layer ${index + 1}`;
}
function shortCreatedBy(createdBy, max = 80) {
  const text2 = createdBy.replace(/^\/bin\/sh -c #\(nop\)\s*/, "").replace(/^\/bin\/sh -c\s+/, "RUN ").replace(/\s+#\s*buildkit\s*$/, "").replace(/\s+/g, " ").trim();
  return text2.length > max ? `${text2.slice(0, max - 1)}…` : text2;
}

// src/checks/hygiene.ts
function checkHygiene(context) {
  return [...checkPackageCaches(context), ...checkToolchains(context), ...checkDockerignore(context)];
}
var CACHE_ADVICE = {
  "apt-lists": {
    what: "APT package lists",
    fix: md`remove them in the RUN that runs apt-get update (\`&& rm -rf /var/lib/apt/lists/*\`)`
  },
  "apt-cache": {
    what: "APT package cache",
    fix: md`run \`apt-get clean\` in the RUN that installs the packages, or use a cache mount`
  },
  "apk-cache": {
    what: "apk package cache",
    fix: md`install with \`apk add --no-cache\``
  },
  "dnf-cache": {
    what: "dnf package cache",
    fix: md`run \`dnf clean all\` in the RUN that installs the packages`
  },
  "yum-cache": {
    what: "yum package cache",
    fix: md`run \`yum clean all\` in the RUN that installs the packages`
  },
  "pip-cache": {
    what: "pip cache",
    fix: md`install with \`pip install --no-cache-dir\`, or use \`RUN --mount=type=cache,target=/root/.cache/pip\``
  },
  "npm-cache": {
    what: "npm cache",
    fix: md`run \`npm cache clean --force\` in the same RUN, or use a cache mount for ~/.npm`
  },
  "yarn-cache": {
    what: "Yarn cache",
    fix: md`run \`yarn cache clean\` in the same RUN, or use a cache mount`
  },
  "go-build-cache": {
    what: "Go build cache",
    fix: md`build in a builder stage and copy the binary, or use \`RUN --mount=type=cache,target=/root/.cache/go-build\``
  },
  "go-module-cache": {
    what: "Go module cache",
    fix: md`build in a builder stage and copy only the binary`
  },
  "user-cache": {
    what: "user cache (~/.cache)",
    fix: md`remove it in the RUN that fills it, or use a cache mount`
  }
};
var TOOL_NAMES = {
  gcc: "the GNU C compiler (gcc)",
  "g++": "the GNU C++ compiler (g++)",
  clang: "the Clang compiler",
  make: "make",
  cmake: "CMake",
  go: "the Go toolchain",
  rustc: "the Rust compiler (rustc)",
  cargo: "Cargo",
  javac: "the Java compiler (javac, a JDK)"
};
function checkPackageCaches(context) {
  const rule = context.rules.hygiene.packageCaches;
  const caches = context.image.contents?.leftovers.packageCaches;
  if (!rule || !caches) return [];
  return caches.filter((cache) => cache.bytes >= rule.minBytes).map((cache) => {
    const advice = CACHE_ADVICE[cache.kind];
    const writer = cache.layer >= 0 ? md`, most of it written by ${layerLabel(context, cache.layer)}` : md``;
    return makeFinding("hygiene/package-cache", context, {
      message: md`${capitalize(advice.what)} left in the image: ${cache.path} holds ${formatBytes(cache.bytes)} in ${plural(cache.files, "file")}${writer}. Not needed at run time: ${advice.fix}.`,
      location: cache.layer >= 0 ? layerLocation(context, cache.layer) : context.imageLocation,
      key: `${cache.kind}:${cache.path}`,
      properties: { kind: cache.kind, path: cache.path, bytes: cache.bytes, files: cache.files, subject: cache.path }
    });
  });
}
function checkToolchains(context) {
  const rule = context.rules.hygiene.toolchains;
  const tools = context.image.contents?.leftovers.toolchains;
  if (!rule || !tools) return [];
  const allowed = new Set(rule.allow);
  return tools.filter((tool) => !allowed.has(tool.tool)).map(
    (tool) => makeFinding("hygiene/toolchain", context, {
      message: md`${capitalize(TOOL_NAMES[tool.tool] ?? tool.tool)} is in the final image: ${tool.path}${tool.bytes > 0 ? md`, ${formatBytes(tool.bytes)} with its files` : md``}, from ${layerLabel(context, tool.layer)}. Build in a builder stage and copy only the artifacts into the final stage.`,
      location: tool.layer >= 0 ? layerLocation(context, tool.layer) : context.imageLocation,
      key: tool.tool,
      properties: { tool: tool.tool, path: tool.path, bytes: tool.bytes, subject: tool.path }
    })
  );
}
function checkDockerignore(context) {
  const { dockerfile, buildContext } = context;
  if (!context.rules.hygiene.dockerignore || !dockerfile || !buildContext || buildContext.dockerignore) return [];
  return wholeContextCopies(dockerfile).map(
    (instruction) => makeFinding("hygiene/no-dockerignore", context, {
      message: md`${code(`${instruction.keyword} ${oneLine(instruction.args)}`)} copies the whole build context (${buildContext.path}) and there is no .dockerignore: .git, local .env files and keys, node_modules and build output all go into the image, and any change to any file invalidates the layer cache. Add a .dockerignore beside the context, or copy only what the image needs.`,
      location: { kind: "source", path: dockerfile.path, line: instruction.line, column: instruction.column },
      key: `${instruction.keyword} ${oneLine(instruction.body)}`,
      properties: { context: buildContext.path }
    })
  );
}
function wholeContextCopies(dockerfile) {
  return dockerfile.instructions.filter((instruction) => {
    if (instruction.keyword !== "COPY" && instruction.keyword !== "ADD") return false;
    if ("from" in instruction.flags) return false;
    const words = instruction.execForm ?? splitWords(instruction.body, dockerfile.escapeChar).map((word) => word.value);
    return words.slice(0, -1).some((source) => {
      const trimmed = source.replace(/\/+$/, "").replace(/^(?:\.\/|\/)+/, "");
      return trimmed === "" || trimmed === "." || trimmed === "*";
    });
  });
}
function oneLine(text2) {
  const line = text2.replace(/\s+/g, " ").trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}
function capitalize(text2) {
  return text2.charAt(0).toUpperCase() + text2.slice(1);
}

// src/checks/layers.ts
function checkLayers(context) {
  const { image, rules } = context;
  const findings = [];
  const maxLayers = rules.layers.max;
  if (maxLayers !== void 0 && image.layers.length > maxLayers) {
    findings.push(
      makeFinding("layers/max", context, {
        message: md`Image has ${plural(image.layers.length, "layer")}, more than the ${maxLayers} allowed (layers.max).`,
        location: context.imageLocation,
        properties: { actual: image.layers.length, limit: maxLayers }
      })
    );
  }
  const maxLayerSize = rules.layers.maxLayerSize;
  if (maxLayerSize) {
    image.layers.forEach((layer, index) => {
      if (layer.size <= maxLayerSize.bytes) return;
      const origin = context.layerOrigins[index];
      const createdBy = layer.historyIndex === void 0 ? "" : image.history[layer.historyIndex]?.createdBy ?? "";
      const location = origin ?? { kind: "image", image: context.imageName, layer: layer.diffId };
      findings.push(
        makeFinding("layers/max-layer-size", context, {
          message: md`Layer ${index + 1} is ${formatBytes(layer.size)}, over the ${formatBytes(maxLayerSize.bytes)} budget (layers.maxLayerSize)${createdBy ? md`; made by: ${abbreviate(createdBy)}` : md``}.`,
          location,
          // The instruction text identifies the layer across rebuilds; diffIds change with every content change.
          key: createdBy ? normalizeCreatedBy(createdBy) : `layer-${index}`,
          properties: {
            layer: index + 1,
            diffId: layer.diffId,
            actualBytes: layer.size,
            limitBytes: maxLayerSize.bytes
          }
        })
      );
    });
  }
  return [...findings, ...checkWaste(context)];
}
function checkWaste(context) {
  const { rules } = context;
  const contents = context.image.contents;
  if (!contents) return [];
  const findings = [];
  const worst = contents.wastedByLayer[0];
  const largest = contents.topWasted[0];
  const most = worst ? md` Most of it, ${formatBytes(worst.bytes)} in ${plural(worst.files, "file")}, was written by ${layerLabel(context, worst.layer)} and ${worst.removedBy === worst.layer ? md`overwritten in the same layer` : md`removed by ${layerLabel(context, worst.removedBy)}`}${largest ? md`; the largest wasted file is ${largest.path} (${formatBytes(largest.bytes)})` : md``}.` : md``;
  const efficiency = percent(contents.efficiency);
  const maxWasted = rules.layers.maxWasted;
  if (maxWasted && contents.wastedBytes > maxWasted.bytes) {
    findings.push(
      makeFinding("layers/max-wasted", context, {
        message: md`Layers waste ${formatBytes(contents.wastedBytes)} (${percent(contents.wastedBytes / contents.totalBytes)} of ${formatBytes(contents.totalBytes)}), over the ${formatBytes(maxWasted.bytes)} budget (layers.maxWasted).${most}`,
        location: worst ? layerLocation(context, worst.layer) : context.imageLocation,
        properties: {
          wastedBytes: contents.wastedBytes,
          limitBytes: maxWasted.bytes,
          limit: maxWasted.text,
          efficiency: contents.efficiency,
          ...worst ? { writtenByLayer: worst.layer + 1, removedByLayer: worst.removedBy + 1 } : {}
        }
      })
    );
  }
  const minEfficiency = rules.layers.minEfficiency;
  if (minEfficiency !== void 0 && contents.efficiency < minEfficiency) {
    findings.push(
      makeFinding("layers/min-efficiency", context, {
        message: md`Layer efficiency is ${efficiency}: ${formatBytes(contents.finalBytes)} of the ${formatBytes(contents.totalBytes)} in the layers reach the final filesystem, below the minimum of ${percent(minEfficiency)} (layers.minEfficiency); ${formatBytes(contents.wastedBytes)} are wasted.${most}`,
        location: context.imageLocation,
        properties: {
          efficiency: contents.efficiency,
          minimum: minEfficiency,
          finalBytes: contents.finalBytes,
          totalBytes: contents.totalBytes,
          wastedBytes: contents.wastedBytes
        }
      })
    );
  }
  return findings;
}
function percent(fraction) {
  const value = Math.floor(fraction * 1e3) / 10;
  return `${value.toFixed(1)}%`;
}
function abbreviate(text2, max = 120) {
  const oneLine2 = text2.replace(/\s+/g, " ").trim();
  return oneLine2.length > max ? `${oneLine2.slice(0, max - 1)}…` : oneLine2;
}
function normalizeCreatedBy(text2) {
  return text2.replace(/\s+#\s*buildkit\s*$/, "").replace(/\s+/g, " ").trim();
}

// src/checks/scan-location.ts
function scanLocator(context) {
  const indexByDiffId = /* @__PURE__ */ new Map();
  context.image.layers.forEach((layer, index) => {
    if (!indexByDiffId.has(layer.diffId)) indexByDiffId.set(layer.diffId, index);
  });
  const dockerfileTop = context.dockerfile ? { kind: "source", path: context.dockerfile.path, line: 1 } : void 0;
  return (layerDiffId) => {
    const index = layerDiffId === void 0 ? void 0 : indexByDiffId.get(layerDiffId);
    const origin = index === void 0 ? void 0 : context.layerOrigins[index];
    if (origin) return origin;
    if (dockerfileTop) return dockerfileTop;
    return { kind: "image", image: context.imageName, ...layerDiffId ? { layer: layerDiffId } : {} };
  };
}

// src/checks/licenses.ts
function checkLicenses(context) {
  const scan = context.scan;
  const forbid = context.rules.licenses.forbid ?? [];
  if (!scan || scan.licenses.length === 0 || forbid.length === 0) return [];
  const patterns = forbid.map((pattern) => ({ pattern, matches: compileGlob(pattern, { nocase: true }) }));
  const locate = scanLocator(context);
  const seen = /* @__PURE__ */ new Set();
  const findings = [];
  for (const license2 of scan.licenses) {
    const forbidden = patterns.find(({ matches }) => matches(license2.name));
    if (!forbidden) continue;
    const place = license2.filePath || license2.target;
    const key = `${license2.name}\0${license2.pkgName ?? ""}\0${place}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(
      makeFinding("license/forbidden", context, {
        message: licenseMessage(license2, forbidden.pattern),
        location: locate(license2.layerDiffId),
        key,
        properties: {
          license: license2.name,
          pkgName: license2.pkgName ?? null,
          filePath: license2.filePath || null,
          target: license2.target,
          category: license2.category,
          matched: forbidden.pattern,
          layerDiffId: license2.layerDiffId ?? null
        }
      })
    );
  }
  return findings;
}
function licenseMessage(license2, pattern) {
  const matched = pattern === license2.name ? md`` : md` (matched '${pattern}')`;
  const subject2 = license2.pkgName ? md`Package ${license2.pkgName}${license2.filePath ? md` (${license2.filePath})` : md``} is licensed` : md`${license2.filePath || license2.target} is licensed`;
  return md`${subject2} under ${license2.name}, which licenses.forbid forbids${matched}.`;
}

// src/checks/exploit-priority.ts
function exploitPriority(vulnerability2, severity, rules, feeds, now) {
  const id = vulnerability2.id.toUpperCase();
  const kev = feeds?.kev?.entries.get(id);
  const epss = feeds?.epss?.scores.get(id);
  const published = publishedAt(vulnerability2.advisory.publishedDate);
  const graceMs = rules.gracePeriod?.[severity];
  const graceEnds = published && graceMs !== void 0 && graceMs > 0 ? new Date(published.getTime() + graceMs) : void 0;
  const properties = {
    kev: feeds?.kev ? kev !== void 0 : null,
    kevDateAdded: kev?.dateAdded ?? null,
    epssScore: epss?.score ?? null,
    epssPercentile: epss?.percentile ?? null,
    publishedDate: published ? published.toISOString() : null,
    // A KEV entry gets no grace, so none is shown for it.
    graceEnds: !kev && graceEnds && graceEnds > now ? graceEnds.toISOString() : null
  };
  if (kev) {
    if (!rules.failOnKev) return { properties };
    const added = kev.dateAdded ? ` (added ${kev.dateAdded})` : "";
    return {
      properties,
      gate: { decision: "fail", reason: `listed in CISA KEV${added}: fails whatever its severity` }
    };
  }
  if (graceEnds && graceEnds > now && published) {
    const reason = `published ${day(published)}, in its grace period until ${day(graceEnds)}`;
    return { properties, gate: { decision: "exempt", reason, until: graceEnds.toISOString() } };
  }
  const bounds = rules.epss;
  if (bounds && epss) {
    if (bounds.failAtScore !== void 0 && epss.score >= bounds.failAtScore) {
      const reason = `EPSS ${epss.score} is at or above ${bounds.failAtScore}: fails whatever its severity`;
      return { properties, gate: { decision: "fail", reason } };
    }
    if (bounds.minScore !== void 0 && epss.score < bounds.minScore) {
      return { properties, gate: { decision: "exempt", reason: `EPSS ${epss.score} is below ${bounds.minScore}` } };
    }
    if (bounds.minPercentile !== void 0 && epss.percentile < bounds.minPercentile) {
      const reason = `EPSS percentile ${epss.percentile} is below ${bounds.minPercentile}`;
      return { properties, gate: { decision: "exempt", reason } };
    }
  }
  return { properties };
}
function publishedAt(text2) {
  if (text2 === void 0) return void 0;
  const date = new Date(text2);
  return Number.isNaN(date.getTime()) ? void 0 : date;
}
function day(date) {
  return date.toISOString().slice(0, 10);
}

// src/checks/vulnerabilities.ts
var VULNERABILITY_RULE_PREFIX = "vuln/";
function checkVulnerabilities(context) {
  const scan = context.scan;
  if (!scan || scan.vulnerabilities.length === 0) return [];
  const rules = context.rules.vulnerabilities;
  const unknownSeverity = rules.unknownSeverity ?? DEFAULT_UNKNOWN_SEVERITY;
  const keep = vulnerabilityFilter(rules);
  const locate = scanLocator(context);
  const seen = /* @__PURE__ */ new Set();
  const findings = [];
  for (const vulnerability2 of scan.vulnerabilities) {
    const severity = fromScannerSeverity(vulnerability2.severity, unknownSeverity);
    if (!keep(vulnerability2, severity)) continue;
    const key = `${vulnerability2.id}\0${vulnerability2.pkgName}\0${vulnerability2.installedVersion}\0${vulnerability2.pkgPath ?? vulnerability2.target}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const finding2 = vulnerabilityFinding(vulnerability2, severity, locate(vulnerability2.layerDiffId), context);
    const priority = exploitPriority(vulnerability2, severity, rules, context.feeds, context.now);
    if (context.feeds || rules.gracePeriod) Object.assign(finding2.properties ?? {}, priority.properties);
    if (priority.gate) {
      finding2.gate = priority.gate;
      Object.assign(finding2.properties ?? {}, { gate: priority.gate.decision, gateReason: priority.gate.reason });
    }
    findings.push(finding2);
  }
  return findings;
}
function fromScannerSeverity(severity, unknown) {
  switch (severity) {
    case "CRITICAL":
      return "critical";
    case "HIGH":
      return "high";
    case "MEDIUM":
      return "medium";
    case "LOW":
      return "low";
    default:
      return unknown;
  }
}
function vulnerabilityFilter(rules) {
  const { minSeverity, ignoreUnfixed } = rules;
  const ignoredStatuses = new Set(rules.ignoreStatuses ?? []);
  return (vulnerability2, severity) => {
    if (minSeverity !== void 0 && !atLeast(severity, minSeverity)) return false;
    if (ignoreUnfixed && !vulnerability2.fixedVersion) return false;
    return !ignoredStatuses.has(vulnerability2.status);
  };
}
function vulnerabilityFinding(vulnerability2, severity, location, context) {
  const ruleId = `${VULNERABILITY_RULE_PREFIX}${vulnerability2.id}`;
  const message = vulnerabilityMessage(vulnerability2);
  return {
    ruleId,
    severity,
    message: message.text,
    messageMarkdown: message.markdown,
    location,
    // Not the installed version: upgrading to a still-vulnerable version is the same open problem.
    fingerprint: fingerprintOf(ruleId, context.imageRepository, vulnerability2.pkgName, packagePlace(vulnerability2)),
    properties: {
      vulnerabilityId: vulnerability2.id,
      pkgName: vulnerability2.pkgName,
      pkgPath: vulnerability2.pkgPath ?? null,
      installedVersion: vulnerability2.installedVersion,
      fixedVersion: vulnerability2.fixedVersion ?? null,
      status: vulnerability2.status,
      scannerSeverity: vulnerability2.severity,
      cvssScore: highestCvssScore(vulnerability2.advisory.cvss),
      target: vulnerability2.target,
      layerDiffId: vulnerability2.layerDiffId ?? null,
      purl: vulnerability2.purl ?? null,
      primaryUrl: vulnerability2.advisory.primaryUrl ?? null,
      title: vulnerability2.advisory.title ?? null
    }
  };
}
function packagePlace(vulnerability2) {
  if (vulnerability2.pkgPath) return vulnerability2.pkgPath;
  return vulnerability2.resultClass === "os-pkgs" ? "" : vulnerability2.target;
}
function highestCvssScore(scores) {
  let highest = null;
  for (const score of scores) {
    for (const value of [score.v3Score, score.v40Score]) {
      if (value !== void 0 && Number.isFinite(value) && (highest === null || value > highest)) highest = value;
    }
  }
  return highest;
}
function vulnerabilityMessage(vulnerability2) {
  const where = vulnerability2.pkgPath ? md` (${vulnerability2.pkgPath})` : md``;
  const { title: advisoryTitle } = vulnerability2.advisory;
  const title = advisoryTitle ? md`: ${abbreviate2(advisoryTitle)}` : md``;
  const message = md`${vulnerability2.id} in ${vulnerability2.pkgName} ${vulnerability2.installedVersion}${where}, ${fixText(vulnerability2)}${title}`;
  return /[.!?…]$/.test(message.text) ? message : md`${message}.`;
}
function fixText(vulnerability2) {
  if (vulnerability2.fixedVersion) return `fixed in ${vulnerability2.fixedVersion}`;
  switch (vulnerability2.status) {
    case "will_not_fix":
      return "no fix: the vendor will not fix it";
    case "fix_deferred":
      return "no fix yet: the vendor deferred it";
    case "end_of_life":
      return "no fix: the distribution version is end of life";
    case "under_investigation":
      return "no fix yet (under investigation)";
    case "not_affected":
      return "the vendor says it is not affected";
    default:
      return "no fix yet";
  }
}
function abbreviate2(text2, max = 160) {
  const oneLine2 = text2.replace(/\s+/g, " ").trim();
  return oneLine2.length > max ? `${oneLine2.slice(0, max - 1)}…` : oneLine2;
}

// src/checks/secrets.ts
var SECRET_RULE_PREFIX = "secret/";
function checkSecrets2(context) {
  const scan = context.scan;
  if (!scan || scan.secrets.length === 0 || context.rules.secrets.forbid === false) return [];
  const unknownSeverity = context.rules.vulnerabilities.unknownSeverity ?? DEFAULT_UNKNOWN_SEVERITY;
  const locate = scanLocator(context);
  const seen = /* @__PURE__ */ new Set();
  const findings = [];
  for (const secret2 of scan.secrets) {
    const key = `${secret2.ruleId}\0${secret2.target}\0${secret2.startLine ?? ""}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const ruleId = `${SECRET_RULE_PREFIX}${secret2.ruleId}`;
    const message = secretMessage(secret2);
    findings.push({
      ruleId,
      severity: fromScannerSeverity(secret2.severity, unknownSeverity),
      message: message.text,
      messageMarkdown: message.markdown,
      location: locate(secret2.layerDiffId),
      // The redacted match survives the secret moving to another line of the file; the line is the fallback.
      fingerprint: fingerprintOf(ruleId, context.imageRepository, secret2.target, secret2.match ?? secret2.startLine),
      properties: {
        secretRuleId: secret2.ruleId,
        category: secret2.category,
        title: secret2.title,
        target: secret2.target,
        startLine: secret2.startLine ?? null,
        scannerSeverity: secret2.severity,
        layerDiffId: secret2.layerDiffId ?? null
      }
    });
  }
  return findings;
}
function secretMessage(secret2) {
  const line = secret2.startLine !== void 0 ? md` line ${secret2.startLine}` : md``;
  return md`Secret in the image: ${secret2.title} (${secret2.ruleId}) in ${secret2.target}${line}. Remove it from the image and rotate it; pass build secrets with \`RUN --mount=type=secret\` so they never land in a layer.`;
}

// src/checks/size.ts
function checkSize(context) {
  const { image, rules } = context;
  const findings = [];
  const max = rules.size.max;
  if (max && image.size > max.bytes) {
    findings.push(
      makeFinding("size/max", context, {
        message: md`Image is ${formatBytes(image.size)}, over its ${formatBytes(max.bytes)} budget (size.max) by ${formatBytes(image.size - max.bytes)}.${largestLayerHint(context)}`,
        location: context.imageLocation,
        properties: { actualBytes: image.size, limitBytes: max.bytes, limit: max.text }
      })
    );
  }
  const maxCompressed = rules.size.maxCompressed;
  if (maxCompressed && image.compressedSize !== void 0 && image.compressedSize > maxCompressed.bytes) {
    findings.push(
      makeFinding("size/max-compressed", context, {
        message: md`Compressed image is ${formatBytes(image.compressedSize)}, over its ${formatBytes(maxCompressed.bytes)} budget (size.maxCompressed) by ${formatBytes(image.compressedSize - maxCompressed.bytes)}.`,
        location: context.imageLocation,
        properties: { actualBytes: image.compressedSize, limitBytes: maxCompressed.bytes, limit: maxCompressed.text }
      })
    );
  }
  return findings;
}
function largestLayerHint(context) {
  const { layers } = context.image;
  if (layers.length === 0) return md``;
  let largest = 0;
  layers.forEach((layer, index) => {
    if (layer.size > (layers[largest]?.size ?? 0)) largest = index;
  });
  const origin = context.layerOrigins[largest];
  const where = origin ? md` (${`${origin.path}:${origin.line}`})` : md``;
  return md` The largest layer is layer ${largest + 1}${where} with ${formatBytes(layers[largest]?.size ?? 0)}.`;
}

// src/checks/user-resolution.ts
function resolveUser(user, accounts) {
  const colon = user.indexOf(":");
  const name = (colon < 0 ? user : user.slice(0, colon)).trim();
  const group = colon < 0 ? "" : user.slice(colon + 1).trim();
  const unknownGroup = groupUnknown(group, accounts);
  const withGroup = (resolved) => resolved.unknown || !unknownGroup ? resolved : { ...resolved, unknown: unknownGroup };
  if (name === "") return withGroup({ root: true, uid: 0, via: "no-user" });
  if (isNumeric(name)) {
    const uid = Number(name);
    return withGroup({ root: uid === 0, uid, via: "number" });
  }
  const passwd = accounts?.passwd;
  if (passwd?.state === "read") {
    const account = passwd.entries.find((entry) => entry.name === name);
    if (account) return withGroup({ root: account.uid === 0, uid: account.uid, via: "passwd" });
    return { root: false, via: "passwd", unknown: { name, file: "/etc/passwd", fileState: "read" } };
  }
  if (passwd?.state === "absent" && name !== "root") {
    return { root: false, via: "passwd", unknown: { name, file: "/etc/passwd", fileState: "absent" } };
  }
  return withGroup(name === "root" ? { root: true, uid: 0, via: "name" } : { root: false, via: "name" });
}
function groupUnknown(group, accounts) {
  if (group === "" || isNumeric(group) || !accounts) return void 0;
  const file = accounts.group;
  if (file.state === "read") {
    return file.entries.some((entry) => entry.name === group) ? void 0 : { name: group, file: "/etc/group", fileState: "read" };
  }
  if (file.state === "absent" && group !== "root") return { name: group, file: "/etc/group", fileState: "absent" };
  return void 0;
}
function isNumeric(text2) {
  return /^[0-9]{1,10}$/.test(text2);
}

// src/checks/user.ts
function checkUser(context) {
  const user = context.image.config.user.trim();
  const accounts = context.image.contents?.filesystem?.accounts;
  const resolved = accounts ? resolveUser(user, accounts) : { root: isRootUser(user), via: "name" };
  const findings = [];
  if (!context.rules.user.forbidRoot && !(resolved.unknown && context.rules.accounts?.unknownUser !== false)) {
    return findings;
  }
  const userLine = context.dockerfile && context.stage ? lastUserInstruction(context.dockerfile, context.stage) : void 0;
  const location = userLine && context.dockerfile ? { kind: "source", path: context.dockerfile.path, line: userLine.line, column: userLine.column } : context.imageLocation;
  if (context.rules.user.forbidRoot && resolved.root) {
    const message = user === "" ? md`Image runs as root: its config sets no USER (user.forbidRoot). Add \`USER <uid>\` to the final stage.` : resolved.via === "passwd" && !isRootUser(user) ? md`Image runs as root: USER is ${code(user)}, which the image's /etc/passwd maps to UID 0 (user.forbidRoot). Use an account with its own non-zero uid.` : md`Image runs as root: USER is '${user}' (user.forbidRoot). Use a non-root uid.`;
    const subject2 = user.split(":")[0]?.trim() || "root";
    findings.push(makeFinding("user/root", context, { message, location, properties: { user, subject: subject2 } }));
  }
  const unknown = resolved.unknown;
  if (unknown && context.rules.accounts?.unknownUser !== false) {
    const kind = unknown.file === "/etc/group" ? "group" : "user";
    const why = unknown.fileState === "absent" ? md`the image has no ${unknown.file}` : md`the image's ${unknown.file} does not define it`;
    findings.push(
      makeFinding("user/unknown", context, {
        message: md`USER ${code(user)} names the ${kind} ${code(unknown.name)}, but ${why}: the container cannot start ("unable to find ${kind}"). Create it in the image, or use a numeric uid:gid (accounts.unknownUser).`,
        location,
        key: `${kind}:${unknown.name}`,
        properties: { subject: unknown.name, user, file: unknown.file }
      })
    );
  }
  return findings;
}
function isRootUser(user) {
  const name = user.split(":")[0]?.trim() ?? "";
  return name === "" || name === "root" || /^0+$/.test(name);
}
function lastUserInstruction(dockerfile, stage) {
  const seen = /* @__PURE__ */ new Set();
  let current = stage;
  while (current && !seen.has(current.index)) {
    seen.add(current.index);
    const users = current.instructions.filter((instruction) => instruction.keyword === "USER");
    const last = users[users.length - 1];
    if (last) return last;
    current = current.from.stageRef === void 0 ? void 0 : dockerfile.stages[current.from.stageRef];
  }
  return void 0;
}

// src/checks/fs-expected.ts
var EXPECTED_SETUID = [
  "/{bin,usr/bin}/{passwd,su,mount,umount,chsh,chfn,gpasswd,newgrp,ping,ping6,fusermount,fusermount3}",
  "/{bin,usr/bin}/{newuidmap,newgidmap}",
  "/{sbin,usr/sbin}/{unix_chkpwd,pam_timestamp_check,userhelper}",
  "/usr/lib/openssh/ssh-keysign",
  "/usr/libexec/openssh/ssh-keysign",
  "/usr/lib/dbus-1.0/dbus-daemon-launch-helper",
  "/usr/libexec/dbus-1/dbus-daemon-launch-helper",
  "/bin/bbsuid"
];
var EXPECTED_SETGID = [
  "/{bin,usr/bin}/{chage,expiry,wall,write,bsd-write,crontab,ssh-agent,dotlockfile}",
  "/{bin,usr/bin}/{mail-lock,mail-unlock,mail-touchlock}",
  "/{sbin,usr/sbin}/{unix_chkpwd,pam_extrausers_chkpwd}",
  "/usr/libexec/utempter/utempter",
  "/usr/lib/*/utempter/utempter"
];

// src/checks/filesystem.ts
function checkFilesystem(context) {
  const facts = context.image.contents?.filesystem;
  if (!facts) return [];
  const rules = context.rules.fs ?? {};
  const findings = [];
  if (rules.setuid !== false) {
    findings.push(...specialBit(context, "fs/setuid", facts.setuid, facts.setuidCount, rules.setuid, EXPECTED_SETUID));
  }
  if (rules.setgid !== false) {
    findings.push(...specialBit(context, "fs/setgid", facts.setgid, facts.setgidCount, rules.setgid, EXPECTED_SETGID));
  }
  if (rules.worldWritable !== false)
    findings.push(...worldWritable(context, facts.worldWritable, facts.worldWritableCount));
  for (const program of facts.programs) {
    const ruleId = program.program === "sudo" ? "fs/sudo" : "fs/sshd";
    if ((program.program === "sudo" ? rules.sudo : rules.sshd) === false) continue;
    const label = layerLabel(context, program.layer);
    const message = program.program === "sudo" ? md`sudo is in the image: ${code(program.path)}, written by ${label}. Do the privileged steps at build time, before USER, and do not install sudo (fs.sudo).` : md`An SSH server (sshd) is in the image: ${code(program.path)}, written by ${label}. Use docker exec or kubectl exec instead, and remove the SSH server (fs.sshd).`;
    findings.push(
      makeFinding(ruleId, context, {
        message,
        location: layerLocation(context, program.layer),
        key: program.path,
        properties: { subject: program.path, path: program.path, layer: program.layer }
      })
    );
  }
  return findings;
}
function specialBit(context, ruleId, files, count, rules, expected) {
  if (files.length === 0) return [];
  const globs = [...rules?.allowDefaults === false ? [] : expected, ...rules?.allow ?? []];
  const matchers = globs.map((glob) => compileGlob(glob));
  const bit = ruleId === "fs/setuid" ? "setuid" : "setgid";
  const key = ruleId === "fs/setuid" ? "fs.setuid" : "fs.setgid";
  const unexpected = files.filter((file) => !matchers.some((matches) => matches(file.path)));
  return unexpected.map((file, index) => {
    const more = index === unexpected.length - 1 && count > files.length ? count - files.length : 0;
    const owner = file.uid === 0 ? "root" : `uid ${file.uid}`;
    const tail3 = more > 0 ? md` (${more} more ${bit} files are not listed: imagegate lists the first ${files.length}.)` : md``;
    return makeFinding(ruleId, context, {
      message: md`${code(file.path)} is ${bit} (mode ${code(octal(file.mode))}, owner ${owner}, group ${file.gid}), set by ${layerLabel(context, file.layer)}. Remove the bit or the file, or list the path under ${key}.allow if the image needs it.${tail3}`,
      location: layerLocation(context, file.layer),
      key: file.path,
      properties: modeProperties(file)
    });
  });
}
function worldWritable(context, files, count) {
  return files.map((file, index) => {
    const more = index === files.length - 1 && count > files.length ? count - files.length : 0;
    const what = file.type === "directory" ? md`Directory ${code(file.path)} is world-writable without the sticky bit` : md`File ${code(file.path)} is world-writable`;
    const tail3 = more > 0 ? md` (${more} more world-writable paths are not listed.)` : md``;
    const fix = file.type === "directory" ? md`mode ${code("755")}, or add the sticky bit (${code("1777")})` : md`mode ${code("644")}`;
    return makeFinding("fs/world-writable", context, {
      message: md`${what} (mode ${code(octal(file.mode))}, owner uid ${file.uid}), set by ${layerLabel(context, file.layer)}: any user in the container can change it. Give it to the user that needs it with ${fix} (fs.worldWritable).${tail3}`,
      location: layerLocation(context, file.layer),
      key: file.path,
      properties: modeProperties(file)
    });
  });
}
function modeProperties(file) {
  return {
    subject: file.path,
    path: file.path,
    type: file.type,
    mode: octal(file.mode),
    uid: file.uid,
    gid: file.gid,
    layer: file.layer
  };
}
function octal(mode) {
  return mode.toString(8).padStart(4, "0");
}

// src/policy/signer-rule-label.ts
function describeSignerRule(rule) {
  if (rule.kind === "key") return `key ${rule.written}`;
  return `${rule.subject ?? `/${rule.subjectRegExp ?? ""}/`} from ${rule.issuer}`;
}

// src/provenance/base-materials.ts
var IMAGE_PURL = /^pkg:(docker|oci)\//;
function baseMaterials(materials) {
  return materials.filter((material) => IMAGE_PURL.test(material.uri)).map((material) => {
    const digest = material.digests.find((value) => value.startsWith("sha256:"));
    const reference = purlReference(material.uri);
    return { uri: material.uri, ...reference ? { reference } : {}, ...digest ? { digest } : {} };
  });
}
function purlReference(uri) {
  const body = uri.replace(IMAGE_PURL, "").split(/[?#]/, 1)[0] ?? "";
  const at3 = body.lastIndexOf("@");
  let name = body;
  let version;
  if (at3 > 0) {
    name = body.slice(0, at3);
    version = body.slice(at3 + 1);
  }
  let text2;
  try {
    name = decodeURIComponent(name);
    version = version === void 0 ? void 0 : decodeURIComponent(version);
  } catch {
    return void 0;
  }
  if (version === void 0 || version === "") text2 = name;
  else text2 = /^[a-z0-9]+:/.test(version) ? `${name}@${version}` : `${name}:${version}`;
  try {
    return parseImageReference(text2);
  } catch (error) {
    if (error instanceof ConfigurationError) return void 0;
    throw error;
  }
}

// src/checks/provenance.ts
function checkProvenance(context) {
  const rules = context.rules.provenance;
  if (!rules || !asksAnything(rules)) return [];
  const documents = context.provenance ?? [];
  if (documents.length === 0) {
    if (!rules.required) return [];
    const why = context.provenance === void 0 ? context.provenanceUnread ?? "the image was not read from a registry or an OCI layout, which is where attestations are kept" : "neither a BuildKit attestation manifest in its index nor an OCI referrer holds a v0.2 or v1 predicate";
    return [
      makeFinding("provenance/missing", context, {
        message: md`The policy requires SLSA provenance (provenance.required), and the image has none: ${why}.`,
        location: context.imageLocation
      })
    ];
  }
  const signed = rules.signers !== void 0;
  const believed = signed ? documents.filter((document) => document.signature?.status === "verified") : documents;
  const unverified = signed ? documents.filter((document) => document.signature?.status !== "verified").map((document) => signatureFinding(document, rules, context)) : [];
  return [
    ...unverified,
    ...believed.flatMap((document) => [
      ...checkBuilder(document, rules, context),
      ...checkSource(document, rules, context),
      ...rules.basesPinned ? checkBases(document, context) : []
    ])
  ];
}
function signatureFinding(document, rules, context) {
  const allowed = (rules.signers ?? []).map(describeSignerRule).join("; ") || "(none)";
  const signature = document.signature ?? { status: "unsigned", reason: "it was not verified" };
  const origin = shown(document.origin);
  const message = signature.status === "unsigned" ? md`The provenance (${origin}) is not signed: ${shown(signature.reason)}; provenance.signers requires a signature by ${allowed}.` : signature.status === "invalid" ? md`The provenance (${origin}) has a signature that does not verify: ${shown(signature.reason)}.` : signature.status === "untrusted-signer" ? md`The provenance (${origin}) is signed by ${shown(signature.signer)}, whom provenance.signers (${allowed}) does not name: ${shown(signature.reason)}.` : md`The provenance (${origin}) is verified.`;
  return makeFinding("provenance/invalid-signature", context, {
    message,
    location: context.imageLocation,
    key: `signature:${document.origin}`,
    properties: { signature: signature.status }
  });
}
var shown = (text2) => excerpt(text2, 200);
function asksAnything(rules) {
  return rules.required === true || rules.builderIds !== void 0 || rules.sources !== void 0 || !!rules.basesPinned || rules.signers !== void 0;
}
function checkBuilder(document, rules, context) {
  if (rules.builderIds === void 0) return [];
  const id = document.builderId;
  if (id !== "" && rules.builderIds.some((glob) => compileGlob(glob)(id))) return [];
  const allowed = rules.builderIds.length > 0 ? rules.builderIds.join(", ") : "(none)";
  return [
    makeFinding("provenance/untrusted-builder", context, {
      message: id === "" ? md`The provenance (${shown(document.origin)}) names no builder id; provenance.builderIds allows ${allowed}.` : md`The provenance (${shown(document.origin)}) names the builder ${shown(id)}, which provenance.builderIds (${allowed}) does not allow.`,
      location: context.imageLocation,
      key: `builder:${id}`,
      properties: { builderId: id }
    })
  ];
}
function checkSource(document, rules, context) {
  if (rules.sources === void 0) return [];
  const source = document.source;
  const allowed = rules.sources.map((entry) => entry.repository + (entry.refs ? ` (${entry.refs.join(", ")})` : ""));
  const allowedText = allowed.length > 0 ? allowed.join(", ") : "(none)";
  if (source) {
    const ok = rules.sources.some(
      (entry) => compileGlob(entry.repository)(source.repository) && (entry.refs === void 0 || source.ref !== void 0 && entry.refs.some((ref) => compileGlob(ref)(source.ref)))
    );
    if (ok) return [];
  }
  const named = source ? `${source.repository}${source.ref ? `@${source.ref}` : ""}` : "";
  return [
    makeFinding("provenance/untrusted-source", context, {
      message: source ? md`The provenance (${shown(document.origin)}) says the image was built from ${shown(named)}, which provenance.sources (${allowedText}) does not allow.` : md`The provenance (${shown(document.origin)}) names no source repository; provenance.sources allows ${allowedText}.`,
      location: context.imageLocation,
      key: `source:${named}`,
      properties: { source: named }
    })
  ];
}
function checkBases(document, context) {
  const allow = context.rules.base.allow;
  return baseMaterials(document.materials).flatMap((base) => {
    const problems = [];
    if (!base.digest) problems.push("records no sha256 digest");
    if (!base.reference) problems.push("names no valid image reference");
    else if (allow !== void 0 && !allow.some((pattern) => matchImagePattern(pattern, base.reference)))
      problems.push(`is not allowed by base.allow (${allow.length > 0 ? allow.join(", ") : "empty"})`);
    if (problems.length === 0) return [];
    return [
      makeFinding("provenance/unpinned-base", context, {
        message: md`Base ${shown(base.uri)} in the provenance (${shown(document.origin)}) ${problems.join(" and ")}.`,
        location: fromLocation(base, context) ?? context.imageLocation,
        key: `base:${base.reference?.name ?? base.uri}`,
        properties: { base: base.reference?.normalized ?? base.uri }
      })
    ];
  });
}
function fromLocation(base, context) {
  const { dockerfile } = context;
  if (!dockerfile || !base.reference) return void 0;
  const from = dockerfile.stages.map((stage) => stage.from).find((candidate) => {
    if (candidate.isScratch || candidate.stageRef !== void 0 || candidate.unresolved.length > 0) return false;
    try {
      return parseImageReference(candidate.image).name === base.reference.name;
    } catch {
      return false;
    }
  });
  return from ? { kind: "source", path: dockerfile.path, line: from.line, column: from.column } : void 0;
}

// src/checks/signatures.ts
function checkSignatures(context) {
  const facts = context.signatures;
  if (!facts) return [];
  const findings = [];
  const image = facts.image;
  if (image && !("unavailable" in image)) {
    const finding2 = subjectFinding(image, context, {
      what: md`The image ${code(image.reference)}`,
      location: context.imageLocation,
      requiredIfNone: image.required,
      key: "image"
    });
    if (finding2) findings.push(finding2);
  }
  for (const base of facts.bases) {
    const finding2 = subjectFinding(base, context, {
      what: md`Base ${code(base.reference)} (signatures.bases ${code(base.match)})`,
      location: base.from,
      requiredIfNone: true,
      key: `base:${base.reference}`
    });
    if (finding2) findings.push(finding2);
  }
  return findings;
}
function subjectFinding(subject2, context, options) {
  const { signatures } = subject2;
  if (signatures.some((signature) => signature.outcome.status === "verified")) return void 0;
  const allowed = subject2.signers.length > 0 ? subject2.signers.join(" or ") : "(none)";
  const at3 = subject2.digest ? md`${subject2.digest}` : md`its digest (unresolved)`;
  const notes = subject2.notes.length > 0 ? md` Not readable: ${joinMessages(
    subject2.notes.map((note) => md`${note}`),
    "; "
  )}.` : md``;
  const properties = { subject: subject2.reference, ...subject2.digest ? { digest: subject2.digest } : {} };
  if (signatures.length === 0) {
    if (!options.requiredIfNone) return void 0;
    return makeFinding("signature/missing", context, {
      message: md`${options.what} must be signed by one of ${allowed}, and no signature was found on ${at3} (neither a cosign .sig tag nor a Sigstore bundle referrer).${notes}`,
      location: options.location,
      key: options.key,
      properties
    });
  }
  const ruleId = signatures.some((signature) => signature.outcome.status === "invalid") ? "signature/invalid" : "signature/untrusted-signer";
  const list = joinMessages(
    signatures.map(
      ({ source, outcome }, index) => outcome.status === "invalid" ? md`(${index + 1}) ${source}: invalid, ${outcome.reason}` : md`(${index + 1}) ${source}: ${outcome.status === "untrusted-signer" ? outcome.reason : "verified"}`
    ),
    "; "
  );
  const count = signatures.length === 1 ? "1 signature" : `${signatures.length} signatures`;
  return makeFinding(ruleId, context, {
    message: md`${options.what} must be signed by one of ${allowed}; ${count} found on ${at3}, none verifies by an allowed signer: ${list}.${notes}`,
    location: options.location,
    key: options.key,
    properties
  });
}

// src/image/accounts/account-files.ts
var MAX_FIELD = 256;
function parsePasswd(bytes) {
  return parseLines(bytes, (fields, line) => {
    if (fields.length < 7) return void 0;
    const name = accountName(fields[0]);
    const uid = parseId(fields[2]);
    const gid = parseId(fields[3]);
    const shell = fields[6];
    if (name === void 0 || uid === void 0 || gid === void 0 || !printable(shell)) return void 0;
    return { name, uid, gid, shell, password: passwordState(fields[1], true), line };
  });
}
function parseShadow(bytes) {
  return parseLines(bytes, (fields, line) => {
    if (fields.length < 2) return void 0;
    const name = accountName(fields[0]);
    if (name === void 0) return void 0;
    return { name, password: passwordState(fields[1], false), line };
  });
}
function parseGroup(bytes) {
  return parseLines(bytes, (fields, line) => {
    if (fields.length < 3) return void 0;
    const name = accountName(fields[0]);
    const gid = parseId(fields[2]);
    if (name === void 0 || gid === void 0) return void 0;
    return { name, gid, line };
  });
}
var NO_LOGIN_SHELLS = /* @__PURE__ */ new Set([
  "/sbin/nologin",
  "/usr/sbin/nologin",
  "/bin/false",
  "/usr/bin/false",
  "/bin/sync",
  "/usr/bin/sync",
  "/sbin/shutdown",
  "/sbin/halt"
]);
function hasLoginShell(account) {
  return !NO_LOGIN_SHELLS.has(account.shell.trim());
}
function parseLines(bytes, parse) {
  const lines = bytes.toString("latin1").split("\n");
  const entries = [];
  let invalidLines = 0;
  lines.forEach((raw, index) => {
    const text2 = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (text2.trim() === "" || text2.startsWith("#") || text2.startsWith("+") || text2.startsWith("-")) return;
    const entry = parse(text2.split(":"), index + 1);
    if (entry === void 0) invalidLines += 1;
    else entries.push(entry);
  });
  return { entries, invalidLines };
}
function passwordState(field, inPasswd) {
  if (field === "") return "empty";
  if (inPasswd && field === "x") return "shadowed";
  if (field.startsWith("!") || field.startsWith("*")) return "locked";
  return "set";
}
function parseId(field) {
  if (field.length === 0 || field.length > 10) return void 0;
  for (let i = 0; i < field.length; i += 1) {
    const code2 = field.charCodeAt(i);
    if (code2 < 48 || code2 > 57) return void 0;
  }
  const value = Number(field);
  return value <= 4294967295 ? value : void 0;
}
function accountName(field) {
  if (field.length === 0 || field.length > MAX_FIELD || !printable(field)) return void 0;
  for (let i = 0; i < field.length; i += 1) if (field.charCodeAt(i) === 32) return void 0;
  return field;
}
function printable(field) {
  if (field.length > MAX_FIELD) return false;
  for (let i = 0; i < field.length; i += 1) {
    const code2 = field.charCodeAt(i);
    if (code2 < 32 || code2 > 126) return false;
  }
  return true;
}

// src/image/layers/captured-files.ts
var CAPTURED_PATHS = /* @__PURE__ */ new Set(["etc/passwd", "etc/shadow", "etc/group"]);
var MAX_CAPTURED_BYTES = 1024 * 1024;
function captureBody(size, body) {
  if (size > MAX_CAPTURED_BYTES) return void 0;
  const bytes = Buffer.alloc(size);
  let filled = 0;
  return {
    data(chunk) {
      const take = Math.min(chunk.length, size - filled);
      chunk.copy(bytes, filled, 0, take);
      filled += take;
    },
    end() {
      body.bytes = filled === size ? bytes : bytes.subarray(0, filled);
    }
  };
}

// src/checks/accounts.ts
function checkAccounts(context) {
  const accounts = context.image.contents?.filesystem?.accounts;
  if (!accounts) return [];
  const rules = context.rules.accounts ?? {};
  const { passwd, shadow, group } = accounts;
  const findings = [];
  for (const file of [passwd, shadow, group]) {
    const problem = unchecked(file);
    if (problem) {
      findings.push(
        makeFinding("user/accounts-unchecked", context, {
          message: md`${code(file.path)} ${problem}, so the account rules did not check all of it.`,
          location: file.layer >= 0 ? layerLocation(context, file.layer) : context.imageLocation,
          key: file.path,
          properties: { subject: file.path, state: file.state, invalidLines: file.invalidLines }
        })
      );
    }
  }
  if (rules.emptyPassword !== false) findings.push(...emptyPasswords(context, passwd, shadow));
  if (rules.duplicateRoot !== false) {
    for (const account of passwd.entries.filter((entry) => entry.uid === 0 && entry.name !== "root")) {
      findings.push(
        makeFinding("user/duplicate-root", context, {
          message: md`Account ${code(account.name)} has UID 0 in /etc/passwd (line ${account.line}): it is root under another name. Give it its own UID or remove it (accounts.duplicateRoot). /etc/passwd was written by ${layerLabel(context, passwd.layer)}.`,
          location: layerLocation(context, passwd.layer),
          key: account.name,
          properties: { subject: account.name, uid: 0, line: account.line }
        })
      );
    }
  }
  if (rules.duplicateId !== false) {
    findings.push(
      ...duplicates(context, passwd, "UID", (entry) => entry.uid === 0 ? void 0 : entry.uid),
      ...duplicates(context, group, "GID", (entry) => entry.gid)
    );
  }
  return findings;
}
function unchecked(file) {
  if (file.state === "too-large")
    return `is ${file.size ?? 0} bytes, more than the ${MAX_CAPTURED_BYTES} imagegate reads`;
  if (file.state === "unreadable")
    return "is not a plain file imagegate could read (a symlink, a directory or a hardlink)";
  if (file.invalidLines > 0) {
    return `has ${plural(file.invalidLines, "line")} that ${nounFor(file.invalidLines, "is not an account entry", "are not account entries")}`;
  }
  return void 0;
}
function emptyPasswords(context, passwd, shadow) {
  const shadowed = new Map(shadow.entries.map((entry) => [entry.name, entry]));
  const findings = [];
  for (const account of passwd.entries) {
    if (!hasLoginShell(account)) continue;
    let file = passwd;
    let state = account.password;
    if (state === "shadowed") {
      const entry = shadowed.get(account.name);
      if (shadow.state !== "read" || !entry) continue;
      state = entry.password;
      file = shadow;
    }
    if (state !== "empty") continue;
    const shell = account.shell === "" ? "/bin/sh" : account.shell;
    findings.push(
      makeFinding("user/empty-password", context, {
        message: md`Account ${code(account.name)} (UID ${account.uid}, shell ${code(shell)}) has an empty password in ${file.path}, written by ${layerLabel(context, file.layer)}: anyone can log in as it. Lock it (${code(`passwd -l ${account.name}`)}) or give it a nologin shell (accounts.emptyPassword).`,
        location: file.layer >= 0 ? layerLocation(context, file.layer) : context.imageLocation,
        key: account.name,
        properties: { subject: account.name, uid: account.uid, file: file.path }
      })
    );
  }
  return findings;
}
function duplicates(context, file, kind, idOf) {
  const first = /* @__PURE__ */ new Map();
  const findings = [];
  for (const entry of file.entries) {
    const id = idOf(entry);
    if (id === void 0) continue;
    const earlier = first.get(id);
    if (!earlier) {
      first.set(id, entry);
      continue;
    }
    const what = kind === "UID" ? "Account" : "Group";
    findings.push(
      makeFinding("user/duplicate-id", context, {
        message: md`${what} ${code(entry.name)} has ${kind} ${id} in ${file.path} (line ${entry.line}), like ${code(earlier.name)} (line ${earlier.line}): files and processes of one are the other's. Give each its own ${kind} (accounts.duplicateId).`,
        location: layerLocation(context, file.layer),
        key: `${kind}:${entry.name}:${id}`,
        properties: { subject: entry.name, [kind.toLowerCase()]: id, duplicateOf: earlier.name, file: file.path }
      })
    );
  }
  return findings;
}

// src/checks/db-age.ts
function checkDbAge(context) {
  const limit2 = context.scanPolicy?.maxDbAge;
  const db = context.scan?.db;
  if (!limit2 || !db || db.ageSeconds * 1e3 <= limit2.ms) return [];
  const how = db.offline ? " (offline run: the cached DB was used whatever its age)" : "";
  return [
    makeFinding("scan/db-too-old", context, {
      message: md`The Trivy vulnerability DB is ${describeAge(db.ageSeconds)} old (updated ${db.updatedAt})${how}, more than the ${limit2.text} scan.maxDbAge allows: vulnerabilities published since are missing.`,
      location: limit2.source,
      key: "db",
      properties: {
        dbUpdatedAt: db.updatedAt,
        dbAgeSeconds: db.ageSeconds,
        maxDbAge: limit2.text,
        offline: db.offline
      }
    })
  ];
}

// src/vex/json-fields.ts
var MAX_VEX_ITEMS = 1e4;
var MAX_VEX_STRING = 4096;
function isMap(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
var Fields = class {
  constructor(input) {
    this.input = input;
  }
  input;
  map(value, at3) {
    if (!isMap(value)) this.input.fail(at3, `expected an object, found ${describe(value)}`);
    return value;
  }
  list(value, at3, options = {}) {
    if (!Array.isArray(value)) this.input.fail(at3, `expected an array, found ${describe(value)}`);
    if (options.nonEmpty && value.length === 0) this.input.fail(at3, "expected at least one item, found none");
    if (value.length > MAX_VEX_ITEMS) this.input.fail(at3, `has ${value.length} items, more than ${MAX_VEX_ITEMS}`);
    return value;
  }
  optionalList(value, at3) {
    return value === void 0 ? [] : this.list(value, at3);
  }
  text(value, at3) {
    if (typeof value !== "string" || value.trim() === "") {
      this.input.fail(at3, `expected a non-empty string, found ${describe(value)}`);
    }
    if (value.length > MAX_VEX_STRING) {
      this.input.fail(at3, `is ${value.length} characters long, more than ${MAX_VEX_STRING}`);
    }
    return value;
  }
  optionalText(value, at3) {
    return value === void 0 ? void 0 : this.text(value, at3);
  }
  /** An RFC 3339 date-time; kept as written, compared as an instant. */
  timestamp(value, at3) {
    if (value === void 0) return void 0;
    const text2 = this.text(value, at3);
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/i.test(text2) || !instantOf(text2)) {
      this.input.fail(at3, `expected an RFC 3339 date-time such as 2026-12-07T10:00:00Z, found ${describe(text2)}`);
    }
    return text2;
  }
};
function instantOf(timestamp) {
  if (timestamp === void 0) return void 0;
  const trimmed = timestamp.replace(/(\.\d{3})\d+/, "$1");
  const value = Date.parse(trimmed);
  return Number.isNaN(value) ? void 0 : value;
}
function describe(value) {
  if (value === void 0) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "object") return "an object";
  return String(value);
}

// src/vex/purl.ts
function parsePurl(text2) {
  if (!text2.startsWith("pkg:") || text2.length > 4096) return void 0;
  let rest = text2.slice(4).replace(/^\/+/, "");
  const hash = rest.indexOf("#");
  if (hash >= 0) rest = rest.slice(0, hash);
  const qualifiers = /* @__PURE__ */ new Map();
  const question = rest.indexOf("?");
  if (question >= 0) {
    for (const pair of rest.slice(question + 1).split("&")) {
      const equals = pair.indexOf("=");
      if (equals <= 0) continue;
      qualifiers.set(decode(pair.slice(0, equals)).toLowerCase(), decode(pair.slice(equals + 1)));
    }
    rest = rest.slice(0, question);
  }
  const slash = rest.indexOf("/");
  if (slash <= 0) return void 0;
  const type = rest.slice(0, slash).toLowerCase();
  let path27 = rest.slice(slash + 1);
  let version;
  const at3 = path27.lastIndexOf("@");
  if (at3 >= 0) {
    version = decode(path27.slice(at3 + 1));
    path27 = path27.slice(0, at3);
  }
  const segments = path27.split("/").filter((segment) => segment !== "").map(decode);
  const name = segments.at(-1);
  if (!name) return void 0;
  return { type, path: segments.join("/"), name, ...version ? { version } : {}, qualifiers };
}
function purlCovers(statement3, finding2) {
  if (statement3.type !== finding2.type || statement3.path !== finding2.path) return false;
  if (statement3.version !== void 0 && statement3.version !== finding2.version) return false;
  for (const [key, value] of statement3.qualifiers) if (finding2.qualifiers.get(key) !== value) return false;
  return true;
}
function decode(text2) {
  try {
    return decodeURIComponent(text2);
  } catch {
    return text2;
  }
}

// src/vex/product-match.ts
function compileProduct(product, image) {
  const purls = [product.id, ...product.purls].map(parsePurl).filter((purl) => purl !== void 0);
  const subcomponents = product.subcomponents.map(parsePurl).filter((purl) => purl !== void 0);
  const imagePurls = purls.filter((purl) => purl.type === "oci");
  if (imagePurls.length > 0) {
    if (!imagePurls.some((purl) => namesImage(purl, image))) return () => false;
    if (product.subcomponents.length === 0) return () => true;
    return (findingPurl) => findingPurl !== void 0 && subcomponents.some((sub) => purlCovers(sub, findingPurl));
  }
  if (purls.length === 0) return () => false;
  return (findingPurl) => findingPurl !== void 0 && purls.some((purl) => purlCovers(purl, findingPurl));
}
function namesImage(purl, image) {
  const repositoryUrl = purl.qualifiers.get("repository_url");
  const tag = purl.qualifiers.get("tag");
  if (purl.version !== void 0) {
    if (!image.digests.includes(purl.version.toLowerCase())) return false;
    if (repositoryUrl === void 0 && tag === void 0) return true;
  }
  return image.references.some(
    (reference) => lastSegment(reference.repository) === purl.name.toLowerCase() && (repositoryUrl === void 0 || sameRepository(repositoryUrl, reference)) && (tag === void 0 || reference.tag === tag)
  );
}
function sameRepository(url, reference) {
  const written = url.toLowerCase().replace(/^[a-z]+:\/\//, "").replace(/\/+$/, "");
  const registry = reference.registry === "docker.io" ? ["docker.io", "index.docker.io", "registry-1.docker.io"] : [reference.registry];
  const repositories = reference.registry === "docker.io" && reference.repository.startsWith("library/") ? [reference.repository, reference.repository.slice("library/".length)] : [reference.repository];
  return registry.some((host) => repositories.some((repository) => written === `${host}/${repository}`));
}
function lastSegment(repository) {
  return repository.slice(repository.lastIndexOf("/") + 1).toLowerCase();
}

// src/vex/apply-vex.ts
var SUPPRESSING = /* @__PURE__ */ new Set(["not_affected", "fixed"]);
function applyVex(findings, documents, context) {
  const byId = /* @__PURE__ */ new Map();
  const all = [];
  let order = 0;
  for (const document of documents) {
    for (const statement3 of document.statements) {
      const compiled = {
        statement: statement3,
        document,
        order: order++,
        instant: instantOf(statement3.timestamp) ?? Number.NEGATIVE_INFINITY,
        products: statement3.products.map((product) => compileProduct(product, context.image))
      };
      all.push(compiled);
      for (const id of new Set(statement3.vulnerabilityIds.map(normalizeId))) {
        byId.set(id, [...byId.get(id) ?? [], compiled]);
      }
    }
  }
  if (all.length === 0) return { findings: [...findings], statementFindings: [] };
  const used = /* @__PURE__ */ new Set();
  const result = findings.map((finding2) => {
    const id = finding2.properties?.vulnerabilityId;
    if (!finding2.ruleId.startsWith("vuln/") || typeof id !== "string") return finding2;
    const candidates = byId.get(normalizeId(id));
    if (!candidates) return finding2;
    const purlText = finding2.properties?.purl;
    const purl = typeof purlText === "string" ? parsePurl(purlText) : void 0;
    let winner;
    for (const candidate of candidates) {
      if (!candidate.products.some((test) => test(purl))) continue;
      used.add(candidate);
      if (!winner || candidate.instant > winner.instant || candidate.instant === winner.instant && candidate.order > winner.order) {
        winner = candidate;
      }
    }
    if (!winner || finding2.suppressedBy || !SUPPRESSING.has(winner.statement.status)) return finding2;
    return { ...finding2, suppressedBy: suppressionOf(winner) };
  });
  const statementFindings = context.vulnerabilityScanRan ? all.filter((compiled) => !used.has(compiled)).map((compiled) => unusedFinding2(compiled, context)) : [];
  return { findings: result, statementFindings };
}
function suppressionOf({ statement: statement3, document }) {
  const reason = statement3.impactStatement ?? statement3.justification ?? statement3.statusNotes ?? `VEX status ${statement3.writtenStatus}`;
  return {
    by: "vex",
    reason,
    source: statement3.source,
    status: statement3.status,
    ...document.author ? { author: document.author } : {},
    ...statement3.timestamp ? { timestamp: statement3.timestamp } : {},
    ...statement3.justification ? { justification: statement3.justification } : {}
  };
}
function unusedFinding2({ statement: statement3, document }, context) {
  const [name = ""] = statement3.vulnerabilityIds;
  return makeFinding("vex/unused", context, {
    message: md`VEX statement (${statement3.writtenStatus}) about ${name} in ${document.path} matched no vulnerability finding of this image's scan; remove it if the vulnerability is gone, or correct its product.`,
    location: statement3.source,
    key: JSON.stringify([document.id ?? document.path, name, statement3.products.map((product) => product.id)]),
    properties: {
      vulnerabilityId: name,
      status: statement3.status,
      document: document.path,
      products: statement3.products.map((product) => product.id).join(", ").slice(0, 1e3)
    }
  });
}
function normalizeId(id) {
  return id.trim().toUpperCase();
}

// src/vex/image-identity.ts
function imageIdentity(image, reference) {
  const digests = /* @__PURE__ */ new Set();
  const references = [];
  const addReference = (parsed) => {
    if (!references.some(
      (known2) => known2.registry === parsed.registry && known2.repository === parsed.repository && known2.tag === parsed.tag
    )) {
      references.push({
        registry: parsed.registry,
        repository: parsed.repository,
        ...parsed.tag ? { tag: parsed.tag } : {}
      });
    }
    if (parsed.digest) digests.add(parsed.digest);
  };
  if (image.digest) digests.add(image.digest);
  if (image.id.startsWith("sha256:")) digests.add(image.id);
  if (reference) addReference(reference);
  for (const text2 of [...image.repoTags, ...image.repoDigests]) {
    try {
      addReference(parseImageReference(text2));
    } catch {
    }
  }
  return { digests: [...digests], references };
}

// src/checks/run-checks.ts
var CHECKS = [
  checkSize,
  checkLayers,
  checkHygiene,
  checkBase,
  checkBaseFreshness,
  checkUser,
  checkVulnerabilities,
  checkSecrets2,
  checkLicenses,
  checkFilesystem,
  checkAccounts,
  checkConfig,
  checkDockerfile,
  checkProvenance,
  checkSignatures,
  checkDbAge
];
function runImageChecks(context, severityFor2) {
  const findings = withPolicySeverities(
    CHECKS.flatMap((check) => check(context)),
    severityFor2
  );
  const allowed = applyAllowlist(findings, context);
  const vex = applyVex(allowed.findings, context.vex ?? [], {
    image: imageIdentity(context.image, context.reference),
    imageRepository: context.imageRepository,
    vulnerabilityScanRan: context.scan !== void 0 && (context.scanners?.includes("vuln") ?? true)
  });
  const accepted = applyFindingAllowlist(vex.findings, context);
  const entryFindings2 = [...allowed.entryFindings, ...vex.statementFindings, ...accepted.entryFindings];
  return [...accepted.findings, ...withPolicySeverities(entryFindings2, severityFor2)].sort(bySeverity);
}
function withPolicySeverities(findings, severityFor2) {
  const result = [];
  for (const finding2 of findings) {
    const severity = severityFor2(finding2.ruleId, finding2.severity);
    if (severity === "off") continue;
    result.push(severity === finding2.severity ? finding2 : { ...finding2, severity });
  }
  return result;
}

// src/image/source/docker-build.ts
import { mkdtemp, readFile as readFile2, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
var BUILD_TIMEOUT_MS = 60 * 60 * 1e3;
var BUILDX_MISSING = /buildx component is missing|BuildKit is enabled but the buildx/i;
async function buildImage(request, context) {
  const { logger } = context;
  const scratch = await mkdtemp(path.join(tmpdir(), "imagegate-build-"));
  const iidFile = path.join(scratch, "iid");
  try {
    return await logger.group(`docker build ${request.context}`, async () => {
      const common = buildArguments(request, iidFile);
      if (await hasBuildx(logger)) {
        await runBuild(["buildx", "build", "--load", ...common], {}, logger);
        return { imageId: await readImageId(iidFile), tag: request.tag, builder: "buildx" };
      }
      try {
        await runBuild(["build", ...common], { DOCKER_BUILDKIT: "1" }, logger);
        return { imageId: await readImageId(iidFile), tag: request.tag, builder: "buildkit" };
      } catch (error) {
        if (!(error instanceof ToolError) || !BUILDX_MISSING.test(error.stderrTail)) throw error;
        logger.warning(
          "this docker client needs the buildx plugin for BuildKit and does not have it; building with the classic builder"
        );
        await runBuild(
          ["build", ...common.filter((arg) => arg !== "--progress=plain")],
          { DOCKER_BUILDKIT: "0" },
          logger
        );
        return { imageId: await readImageId(iidFile), tag: request.tag, builder: "classic" };
      }
    });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
function buildArguments(request, iidFile) {
  const args = ["--progress=plain", "--iidfile", iidFile, "--file", request.dockerfile, "--tag", request.tag];
  for (const [key, value] of Object.entries(request.buildArgs)) args.push("--build-arg", `${key}=${value}`);
  if (request.target) args.push("--target", request.target);
  if (request.platform) args.push("--platform", request.platform);
  args.push("--", request.context);
  return args;
}
async function hasBuildx(logger) {
  try {
    await exec("docker", ["buildx", "version"], { logger, timeoutMs: 3e4 });
    return true;
  } catch {
    return false;
  }
}
async function runBuild(args, env, logger) {
  await exec("docker", args, { logger, env, timeoutMs: BUILD_TIMEOUT_MS, onLine: (line) => logger.info(line) });
}
async function readImageId(iidFile) {
  const id = (await readFile2(iidFile, "utf8").catch(() => "")).trim();
  if (!/^sha256:[a-f0-9]{64}$/.test(id)) {
    throw new ToolError("docker build finished without writing an image ID", { command: "docker build --iidfile" });
  }
  return id;
}

// src/util/exec-stream.ts
async function execStream(file, args, options, consume) {
  const command = [file, ...args].join(" ");
  options.logger.debug(`exec: ${command}`);
  const timeoutMs = options.timeoutMs ?? 60 * 60 * 1e3;
  const subprocess = execa(file, [...args], {
    cwd: options.cwd,
    env: options.env,
    timeout: timeoutMs,
    reject: false,
    buffer: { stdout: false, stderr: true },
    maxBuffer: { stderr: 1024 * 1024 },
    stdin: "ignore"
  });
  let consumed;
  try {
    consumed = { ok: true, value: await consume(subprocess.stdout) };
  } catch (error) {
    consumed = { ok: false, error };
    subprocess.kill();
  }
  subprocess.stdout.resume();
  const result = await subprocess;
  const stderr = String(result.stderr ?? "");
  const killedByUs = !consumed.ok && result.isTerminated;
  if (result.failed && !killedByUs) {
    const notFound = result.cause?.code === "ENOENT";
    const why = result.timedOut ? `timed out after ${Math.round(timeoutMs / 1e3)} s` : notFound ? "was not found on PATH" : `exited with code ${result.exitCode ?? -1}`;
    throw new ToolError(`${file} ${why} (command: ${command})`, {
      command,
      ...result.exitCode !== void 0 ? { exitCode: result.exitCode } : {},
      stderrTail: tail(stderr)
    });
  }
  if (!consumed.ok) throw consumed.error;
  return consumed.value;
}

// src/image/source/archive-paths.ts
import path2 from "node:path";
function entryLocation(container, name, isDirectory) {
  return isDirectory ? path2.join(container, name) : `${container}!/${name}`;
}
function normalizeEntryName(raw, archive, offset) {
  const problem = unsafeName(raw);
  if (problem) {
    throw new ConfigurationError(
      `archive entry ${excerpt(raw, ENTRY_NAME_MAX)} (header at byte ${offset}) ${problem}; the archive is corrupt or hostile and is not read`,
      { path: archive }
    );
  }
  return canonical(raw);
}
function resolvePointer(pointer, from, archive, what) {
  if (typeof pointer !== "string" || pointer === "") {
    throw new ConfigurationError(`${what} is empty; expected a path inside the archive`, { path: archive });
  }
  if (pointer.startsWith("/") || /^[A-Za-z]:[\\/]/.test(pointer) || pointer.includes("\\")) {
    throw new ConfigurationError(
      `${what} ${excerpt(pointer, ENTRY_NAME_MAX)} is an absolute path; expected a path inside the archive`,
      { path: archive }
    );
  }
  const joined = path2.posix.normalize(path2.posix.join(path2.posix.dirname(from), pointer));
  if (joined === ".." || joined.startsWith("../")) {
    throw new ConfigurationError(`${what} ${excerpt(pointer, ENTRY_NAME_MAX)} points outside the archive`, {
      path: archive
    });
  }
  return canonical(joined);
}
var SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;
function blobPath(digest, archive, what) {
  if (typeof digest !== "string" || !SHA256_DIGEST.test(digest)) {
    throw new ConfigurationError(
      `${what} has digest ${excerptValue(digest)}; expected sha256:<64 lowercase hex digits>`,
      { path: archive }
    );
  }
  return `blobs/sha256/${digest.slice("sha256:".length)}`;
}
function digestOfBlobPath(name) {
  const match = /^blobs\/sha256\/([a-f0-9]{64})$/.exec(name);
  return match ? `sha256:${match[1]}` : void 0;
}
function unsafeName(raw) {
  if (raw.startsWith("/") || /^[A-Za-z]:[\\/]/.test(raw)) return "is an absolute path";
  if (raw.split(/[\\/]/).includes("..")) return "has a '..' segment";
  if (raw.includes("\0")) return "contains a NUL byte";
  return void 0;
}
function canonical(name) {
  return name.split("/").filter((segment) => segment !== "" && segment !== ".").join("/");
}

// src/image/source/image-select.ts
var DEFAULT_PLATFORM = "linux/amd64";
function matchesSelector(selector, candidate) {
  const wanted = selector.trim();
  const hex = /^(?:sha256:)?([a-f0-9]{12,64})$/.exec(wanted)?.[1];
  if (hex && candidate.digests.some((digest) => digest.startsWith(`sha256:${hex}`))) return true;
  const familiarWanted = familiar(wanted);
  return candidate.names.some((name) => name === wanted || familiar(name) === familiarWanted);
}
function familiar(name) {
  let text2 = name;
  for (const prefix of ["docker.io/library/", "index.docker.io/library/", "docker.io/", "index.docker.io/"]) {
    if (text2.startsWith(prefix)) {
      text2 = text2.slice(prefix.length);
      break;
    }
  }
  const lastSlash = text2.lastIndexOf("/");
  const hasTag = text2.indexOf(":", lastSlash + 1) !== -1 || text2.includes("@");
  return hasTag ? text2 : `${text2}:latest`;
}
function parsePlatform(text2) {
  const parts = text2.split("/");
  const [os, architecture, variant] = parts;
  if (parts.length < 2 || parts.length > 3 || !os || !architecture || parts.some((part) => !/^[a-z0-9_.-]+$/.test(part))) {
    throw new ConfigurationError(`platform ${JSON.stringify(text2)} is not os/architecture[/variant], e.g. linux/amd64`);
  }
  return { os, architecture, ...variant ? { variant } : {} };
}
function platformText(platform) {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join("/");
}
function platformMatches(candidate, wanted) {
  if (candidate.os !== wanted.os || candidate.architecture !== wanted.architecture) return false;
  return wanted.variant === void 0 || candidate.variant === wanted.variant;
}

// src/image/layers/layer-facts.ts
import { createHash } from "node:crypto";

// src/image/layers/layer-paths.ts
var WHITEOUT = ".wh.";
var OPAQUE = ".wh..wh..opq";
var AUFS_META = ".wh..wh.";
var MAX_LAYER_PATH_DEPTH = 1024;
function parseLayerName(raw, label, offset) {
  const path27 = canonicalLayerPath(raw, label, offset);
  if (path27 === "") return { kind: "skip" };
  const slash = path27.lastIndexOf("/");
  if (!path27.startsWith(WHITEOUT, slash + 1)) return { kind: "path", path: path27 };
  const base = path27.slice(slash + 1);
  const dir = slash < 0 ? "" : path27.slice(0, slash);
  if (base === OPAQUE) return { kind: "opaque", path: dir };
  if (base.startsWith(AUFS_META)) return { kind: "skip" };
  const target = base.slice(WHITEOUT.length);
  if (target === "" || target === "." || target === "..") {
    throw tarError(label, `whiteout ${excerpt(raw, ENTRY_NAME_MAX)} (header at byte ${offset}) names no file`);
  }
  return { kind: "whiteout", path: dir === "" ? target : `${dir}/${target}` };
}
function canonicalLayerPath(raw, label, offset) {
  let depth = plainDepth(raw);
  let path27;
  if (depth > 0) path27 = raw.charCodeAt(raw.length - 1) === SLASH ? raw.slice(0, -1) : raw;
  else {
    path27 = canonicalPath(raw, label, offset);
    depth = 1;
    for (let slash = path27.indexOf("/"); slash !== -1; slash = path27.indexOf("/", slash + 1)) depth += 1;
  }
  if (depth > MAX_LAYER_PATH_DEPTH) {
    throw tarError(
      label,
      `entry ${excerpt(raw)} of ${raw.length} characters (header at byte ${offset}) is nested ${depth} levels deep; imagegate reads layer paths at most ${MAX_LAYER_PATH_DEPTH} levels deep (no real image comes close)`
    );
  }
  return path27;
}
var SLASH = 47;
var DOT = 46;
function plainDepth(raw) {
  const length = raw.length;
  if (length === 0) return 0;
  let depth = 1;
  let start = 0;
  for (let i = 0; i <= length; i += 1) {
    if (i < length && raw.charCodeAt(i) !== SLASH) continue;
    const segment = i - start;
    if (segment === 0) {
      if (i < length) return 0;
    } else if (raw.charCodeAt(start) === DOT && (segment === 1 || segment === 2 && raw.charCodeAt(start + 1) === DOT)) {
      return 0;
    }
    if (i < length - 1) depth += 1;
    start = i + 1;
  }
  return depth;
}
function canonicalPath(raw, label, offset) {
  const parts = [];
  for (const segment of raw.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      if (parts.length === 0) {
        throw tarError(
          label,
          `entry ${excerpt(raw, ENTRY_NAME_MAX)} (header at byte ${offset}) leaves the filesystem root; the engine refuses such a layer`
        );
      }
      parts.pop();
      continue;
    }
    parts.push(segment);
  }
  return parts.join("/");
}

// src/image/layers/path-table.ts
var PathTable = class {
  ids = /* @__PURE__ */ new Map();
  paths = [""];
  parents = new Int32Array(1024);
  firstChildren = new Int32Array(1024).fill(-1);
  nextSiblings = new Int32Array(1024).fill(-1);
  /** The path interned last and the parent of the path added last, with their ids (see intern). */
  recent = "";
  recentId = 0;
  recentParent = "";
  recentParentId = 0;
  constructor() {
    this.ids.set("", 0);
    this.parents[0] = -1;
  }
  /** Number of ids handed out (root included). */
  get size() {
    return this.paths.length;
  }
  /** The id of a canonical path (`usr/bin/env`, no leading or trailing `/`), creating it and its parents. */
  intern(path27) {
    const known2 = this.ids.get(path27);
    if (known2 !== void 0) {
      this.recent = path27;
      this.recentId = known2;
      return known2;
    }
    const slash = path27.lastIndexOf("/");
    let id;
    if (slash > 0 && slash === this.recent.length && path27.startsWith(this.recent)) {
      id = this.add(path27, this.recentId);
    } else if (slash > 0 && slash === this.recentParent.length && path27.startsWith(this.recentParent)) {
      id = this.add(path27, this.recentParentId);
    } else id = this.internWithAncestors(path27);
    this.recent = path27;
    this.recentId = id;
    return id;
  }
  internWithAncestors(path27) {
    const missing = [path27];
    let parent = 0;
    for (let slash = path27.lastIndexOf("/"); slash > 0; slash = path27.lastIndexOf("/", slash - 1)) {
      const ancestor = path27.slice(0, slash);
      const id = this.ids.get(ancestor);
      if (id !== void 0) {
        parent = id;
        break;
      }
      missing.push(ancestor);
    }
    for (let index = missing.length - 1; index >= 0; index -= 1) parent = this.add(missing[index], parent);
    return parent;
  }
  add(path27, parent) {
    const id = this.paths.length;
    this.recentParent = this.paths[parent];
    this.recentParentId = parent;
    if (id === this.parents.length) this.grow();
    this.paths.push(path27);
    this.ids.set(path27, id);
    this.parents[id] = parent;
    this.nextSiblings[id] = this.firstChildren[parent];
    this.firstChildren[parent] = id;
    return id;
  }
  /** The id of a path that was interned, or undefined. */
  lookup(path27) {
    return this.ids.get(path27);
  }
  path(id) {
    return this.paths[id];
  }
  /** -1 for the root. */
  parent(id) {
    return this.parents[id];
  }
  /** First child id, or -1; children come newest-interned first. */
  firstChild(id) {
    return this.firstChildren[id];
  }
  nextSibling(id) {
    return this.nextSiblings[id];
  }
  /** Last path component. */
  name(id) {
    const path27 = this.paths[id];
    return path27.slice(path27.lastIndexOf("/") + 1);
  }
  grow() {
    const capacity = this.parents.length * 2;
    this.parents = resize(this.parents, capacity, 0);
    this.firstChildren = resize(this.firstChildren, capacity, -1);
    this.nextSiblings = resize(this.nextSiblings, capacity, -1);
  }
};
function resize(array, capacity, fill) {
  const grown = new Int32Array(capacity);
  grown.set(array);
  if (fill !== 0) grown.fill(fill, array.length);
  return grown;
}

// src/image/layers/layer-tree.ts
var ENTRY_TYPES = [
  "file",
  "directory",
  "symlink",
  "hardlink",
  "char",
  "block",
  "fifo",
  "other",
  "whiteout",
  "opaque"
];
var KIND_FILE = 0;
var KIND_DIRECTORY = 1;
var KIND_SYMLINK = 2;
var KIND_HARDLINK = 3;
var KIND_WHITEOUT = 8;
var KIND_OPAQUE = 9;
var KIND_BY_TAR_TYPE = {
  file: 0,
  directory: 1,
  symlink: 2,
  hardlink: 3,
  char: 4,
  block: 5,
  fifo: 6,
  other: 7
};
var INITIAL_ROWS = 256;
var LayerRecording = class {
  count = 0;
  pathIds = new Int32Array(INITIAL_ROWS);
  kinds = new Uint8Array(INITIAL_ROWS);
  sizes = new Float64Array(INITIAL_ROWS);
  modes = new Uint16Array(INITIAL_ROWS);
  uids = new Uint32Array(INITIAL_ROWS);
  gids = new Uint32Array(INITIAL_ROWS);
  mtimes = new Float64Array(INITIAL_ROWS);
  /** Symlinks: id in the collector's text table; hardlinks: path id; -1 otherwise. */
  links = new Int32Array(INITIAL_ROWS);
  /** Bytes of regular-file bodies (whiteout markers with a body included, as the layer's size counts them). */
  fileBytes = 0;
  /** By row: the bodies of the CAPTURED_PATHS files this layer wrote (rarely more than three entries). */
  captured;
  add(pathId, kind, size, entry, link) {
    if (this.count === this.pathIds.length) this.grow();
    const row2 = this.count;
    this.pathIds[row2] = pathId;
    this.kinds[row2] = kind;
    this.sizes[row2] = size;
    this.modes[row2] = entry.mode & 4095;
    this.uids[row2] = entry.uid >>> 0;
    this.gids[row2] = entry.gid >>> 0;
    this.mtimes[row2] = entry.mtime;
    this.links[row2] = link;
    this.count += 1;
  }
  grow() {
    const capacity = this.pathIds.length * 2;
    const grown = (array) => {
      const next = new array.constructor(capacity);
      next.set(array);
      return next;
    };
    this.pathIds = grown(this.pathIds);
    this.kinds = grown(this.kinds);
    this.sizes = grown(this.sizes);
    this.modes = grown(this.modes);
    this.uids = grown(this.uids);
    this.gids = grown(this.gids);
    this.mtimes = grown(this.mtimes);
    this.links = grown(this.links);
  }
};
var LayerTreeCollector = class {
  paths = new PathTable();
  textIds = /* @__PURE__ */ new Map();
  texts = [];
  recordings = /* @__PURE__ */ new Map();
  /** A visitor that records the entries of blob `name` (a fresh recording if the name is read again). */
  visitorFor(name, label) {
    const recording = new LayerRecording();
    this.recordings.set(name, recording);
    return (entry) => this.record(recording, entry, label);
  }
  has(name) {
    return this.recordings.has(name);
  }
  /** The trees of the image's layers, bottom first (a blob listed twice appears twice). */
  trees(names) {
    const layers = names.map((name) => {
      const recording = this.recordings.get(name);
      if (!recording) throw new Error(`layer ${name} was not recorded`);
      return recording;
    });
    return new LayerTrees(this.paths, layers, this.texts);
  }
  record(recording, entry, label) {
    const name = parseLayerName(entry.name, label, entry.headerOffset);
    if (name.kind === "skip") return void 0;
    const size = entry.type === "file" ? entry.size : 0;
    recording.fileBytes += size;
    const pathId = this.paths.intern(name.path);
    if (name.kind !== "path") {
      recording.add(pathId, name.kind === "whiteout" ? KIND_WHITEOUT : KIND_OPAQUE, size, entry, -1);
      return void 0;
    }
    const kind = KIND_BY_TAR_TYPE[entry.type];
    let link = -1;
    if (entry.type === "symlink") link = this.text(entry.linkname);
    else if (entry.type === "hardlink") {
      const target = parseLayerName(entry.linkname, label, entry.headerOffset);
      link = target.kind === "path" ? this.paths.intern(target.path) : -1;
    }
    let sink;
    if (entry.type === "file" && CAPTURED_PATHS.has(name.path)) {
      const body = { size };
      (recording.captured ??= /* @__PURE__ */ new Map()).set(recording.count, body);
      sink = captureBody(size, body);
    }
    recording.add(pathId, kind, size, entry, link);
    return sink;
  }
  text(value) {
    let id = this.textIds.get(value);
    if (id === void 0) {
      id = this.texts.length;
      this.texts.push(value);
      this.textIds.set(value, id);
    }
    return id;
  }
};
var LayerTrees = class {
  constructor(paths, layers, texts) {
    this.paths = paths;
    this.layers = layers;
    this.texts = texts;
  }
  paths;
  layers;
  texts;
  get count() {
    return this.layers.length;
  }
  /** Row `row` of layer `layer`, as an object (for tests, tools and reports; the analysis reads the columns). */
  entry(layer, row2) {
    const recording = this.layers[layer];
    const kind = recording.kinds[row2];
    const link = recording.links[row2];
    const type = ENTRY_TYPES[kind];
    return {
      path: this.paths.path(recording.pathIds[row2]),
      type,
      size: recording.sizes[row2],
      mode: recording.modes[row2],
      uid: recording.uids[row2],
      gid: recording.gids[row2],
      mtime: recording.mtimes[row2],
      ...link >= 0 ? { linkTarget: kind === KIND_HARDLINK ? this.paths.path(link) : this.texts[link] } : {}
    };
  }
  /** Every entry of one layer, in tar order. */
  *entries(layer) {
    const recording = this.layers[layer];
    for (let row2 = 0; row2 < recording.count; row2 += 1) yield this.entry(layer, row2);
  }
  /** Symlink target text by id. */
  text(id) {
    return this.texts[id];
  }
  /** The captured body of row `row` of layer `layer` (see captured-files.ts), if that entry's body was captured. */
  captured(layer, row2) {
    return this.layers[layer]?.captured?.get(row2);
  }
};

// src/image/layers/overlay-replay.ts
var NODE_ABSENT = 0;
var NODE_DIRECTORY = 1;
var NODE_FILE = 2;
var NODE_SYMLINK = 3;
var NODE_OTHER = 4;
var HOW_REPLACED = 1;
var HOW_METADATA = 2;
var HOW_DELETED = 3;
var OverlayReplay = class {
  constructor(trees) {
    this.trees = trees;
    const nodes = trees.paths.size;
    this.state = new Uint8Array(nodes);
    this.copyOf = new Int32Array(nodes).fill(-1);
    this.nodeLayer = new Int32Array(nodes).fill(-1);
    this.nodeRow = new Int32Array(nodes).fill(-1);
    this.state[0] = NODE_DIRECTORY;
    let copies = 0;
    for (const layer of trees.layers) {
      for (let row2 = 0; row2 < layer.count; row2 += 1) {
        const kind = layer.kinds[row2];
        if (kind === KIND_FILE || (kind === KIND_WHITEOUT || kind === KIND_OPAQUE) && layer.sizes[row2] > 0)
          copies += 1;
      }
    }
    this.copyLayer = new Int32Array(copies);
    this.copyRow = new Int32Array(copies);
    this.copyPath = new Int32Array(copies);
    this.copyBytes = new Float64Array(copies);
    this.copyNames = new Int32Array(copies);
    this.copyRemovedBy = new Int32Array(copies).fill(-1);
    this.copyHow = new Uint8Array(copies);
    trees.layers.forEach((recording, index) => this.apply(recording, index));
  }
  trees;
  /** Per path id: NODE_* in the final filesystem. */
  state;
  /** Per path id: the copy a file node holds, -1 otherwise. */
  copyOf;
  /** Per path id: the layer that last wrote the node (-1 for an implicit directory nobody wrote). */
  nodeLayer;
  /** Per path id: the row of that entry in its layer's recording (its mode and owner), -1 with nodeLayer -1. */
  nodeRow;
  /** Per copy (regular file entries in layer order): layer, row in its recording, path id, bytes. */
  copyLayer;
  copyRow;
  copyPath;
  copyBytes;
  /** Live names of each copy (hardlinks add names); 0 once it is gone. */
  copyNames;
  /** The layer that removed the copy, -1 while it is live. */
  copyRemovedBy;
  /** HOW_* */
  copyHow;
  copyCount = 0;
  stack = [];
  /** Whether copy `copy` is in the final filesystem. */
  isLive(copy) {
    return this.copyRemovedBy[copy] === -1;
  }
  apply(recording, layer) {
    for (let row2 = 0; row2 < recording.count; row2 += 1) {
      const kind = recording.kinds[row2];
      const path27 = recording.pathIds[row2];
      if (kind === KIND_WHITEOUT) this.removeSubtree(path27, layer, HOW_DELETED);
      else if (kind === KIND_OPAQUE && this.state[path27] === NODE_DIRECTORY) this.removeChildren(path27, layer);
    }
    for (let row2 = 0; row2 < recording.count; row2 += 1) {
      const kind = recording.kinds[row2];
      const path27 = recording.pathIds[row2];
      if (kind === KIND_WHITEOUT || kind === KIND_OPAQUE) {
        if (recording.sizes[row2] > 0)
          this.release(this.newCopy(layer, row2, path27, recording), layer, HOW_DELETED);
        continue;
      }
      this.ensureDirectory(this.trees.paths.parent(path27), layer);
      if (kind === KIND_DIRECTORY) this.putDirectory(path27, layer);
      else if (kind === KIND_FILE) this.putFile(path27, layer, row2, recording);
      else if (kind === KIND_HARDLINK) this.putHardlink(path27, layer, recording.links[row2]);
      else this.putNode(path27, layer, kind === KIND_SYMLINK ? NODE_SYMLINK : NODE_OTHER);
      this.nodeRow[path27] = row2;
    }
  }
  putDirectory(path27, layer) {
    if (this.state[path27] !== NODE_DIRECTORY) {
      this.removeSubtree(path27, layer, HOW_REPLACED);
      this.state[path27] = NODE_DIRECTORY;
    }
    this.nodeLayer[path27] = layer;
  }
  putFile(path27, layer, row2, recording) {
    const copy = this.newCopy(layer, row2, path27, recording);
    const old = this.state[path27] === NODE_FILE ? this.copyOf[path27] : -1;
    if (old >= 0) {
      const previous = this.trees.layers[this.copyLayer[old]];
      const previousRow = this.copyRow[old];
      const sameContentLikely = previous.sizes[previousRow] === recording.sizes[row2] && previous.mtimes[previousRow] === recording.mtimes[row2];
      this.release(old, layer, sameContentLikely ? HOW_METADATA : HOW_REPLACED);
    } else {
      this.removeSubtree(path27, layer, HOW_DELETED);
    }
    this.state[path27] = NODE_FILE;
    this.copyOf[path27] = copy;
    this.nodeLayer[path27] = layer;
  }
  putHardlink(path27, layer, target) {
    if (target < 0 || target === path27 || this.state[target] !== NODE_FILE) {
      this.putNode(path27, layer, NODE_OTHER);
      return;
    }
    const copy = this.copyOf[target];
    this.copyNames[copy] += 1;
    this.removeSubtree(path27, layer, HOW_REPLACED);
    this.state[path27] = NODE_FILE;
    this.copyOf[path27] = copy;
    this.nodeLayer[path27] = layer;
  }
  putNode(path27, layer, state) {
    this.removeSubtree(path27, layer, this.state[path27] === NODE_DIRECTORY ? HOW_DELETED : HOW_REPLACED);
    this.state[path27] = state;
    this.nodeLayer[path27] = layer;
  }
  /** Makes `path` and its parents directories, replacing whatever non-directory stands in the way. */
  ensureDirectory(path27, layer) {
    let node = path27;
    while (node > 0 && this.state[node] !== NODE_DIRECTORY) {
      if (this.state[node] !== NODE_ABSENT) this.removeSubtree(node, layer, HOW_REPLACED);
      this.state[node] = NODE_DIRECTORY;
      node = this.trees.paths.parent(node);
    }
  }
  newCopy(layer, row2, path27, recording) {
    const copy = this.copyCount;
    this.copyCount += 1;
    this.copyLayer[copy] = layer;
    this.copyRow[copy] = row2;
    this.copyPath[copy] = path27;
    this.copyBytes[copy] = recording.sizes[row2];
    this.copyNames[copy] = 1;
    return copy;
  }
  release(copy, layer, how) {
    const names = this.copyNames[copy] - 1;
    this.copyNames[copy] = names;
    if (names > 0) return;
    this.copyRemovedBy[copy] = layer;
    this.copyHow[copy] = how;
  }
  /** Removes a node and, for a directory, everything below it; a file's copy loses that name (with `how`). */
  removeSubtree(root, layer, how) {
    if (this.state[root] === NODE_ABSENT) return;
    const stack = this.stack;
    stack.push(root);
    while (stack.length > 0) {
      const node = stack.pop();
      const state = this.state[node];
      if (state === NODE_FILE) {
        this.release(this.copyOf[node], layer, node === root ? how : HOW_DELETED);
        this.copyOf[node] = -1;
      } else if (state === NODE_DIRECTORY) {
        this.pushLiveChildren(node);
      }
      this.state[node] = NODE_ABSENT;
      this.nodeLayer[node] = -1;
      this.nodeRow[node] = -1;
    }
  }
  removeChildren(directory, layer) {
    const paths = this.trees.paths;
    for (let child = paths.firstChild(directory); child !== -1; child = paths.nextSibling(child)) {
      this.removeSubtree(child, layer, HOW_DELETED);
    }
  }
  pushLiveChildren(directory) {
    const paths = this.trees.paths;
    for (let child = paths.firstChild(directory); child !== -1; child = paths.nextSibling(child)) {
      if (this.state[child] !== NODE_ABSENT) this.stack.push(child);
    }
  }
};

// src/image/layers/build-leftovers.ts
var CACHES = [
  { kind: "apt-lists", patterns: ["var/lib/apt/lists"] },
  { kind: "apt-cache", patterns: ["var/cache/apt"] },
  { kind: "apk-cache", patterns: ["var/cache/apk", "etc/apk/cache"] },
  { kind: "dnf-cache", patterns: ["var/cache/dnf"] },
  { kind: "yum-cache", patterns: ["var/cache/yum"] },
  { kind: "pip-cache", patterns: ["root/.cache/pip", "home/*/.cache/pip"] },
  { kind: "npm-cache", patterns: ["root/.npm", "home/*/.npm"] },
  {
    kind: "yarn-cache",
    patterns: [
      "usr/local/share/.cache/yarn",
      "root/.cache/yarn",
      "home/*/.cache/yarn",
      "root/.yarn/berry/cache",
      "home/*/.yarn/berry/cache"
    ]
  },
  { kind: "go-build-cache", patterns: ["root/.cache/go-build", "home/*/.cache/go-build"] },
  { kind: "go-module-cache", patterns: ["go/pkg/mod", "root/go/pkg/mod", "home/*/go/pkg/mod"] },
  // Whatever else is in a home's ~/.cache (the directories above are counted as themselves, not again here).
  { kind: "user-cache", patterns: ["root/.cache", "home/*/.cache"] }
];
var BIN_DIRECTORIES = [
  "bin",
  "usr/bin",
  "usr/local/bin",
  "usr/local/go/bin",
  "usr/lib/go-*/bin",
  "usr/local/cargo/bin",
  "root/.cargo/bin",
  "home/*/.cargo/bin",
  "usr/lib/jvm/*/bin",
  "opt/java/openjdk/bin",
  "usr/local/openjdk-*/bin"
];
var TRIPLET = String.raw`(?:[a-z0-9_]+-(?:[a-z0-9_]+-)?linux-gnu[a-z]*-)?`;
var TOOLS = [
  {
    tool: "gcc",
    name: new RegExp(String.raw`^${TRIPLET}gcc(?:-\d+(?:\.\d+)*)?$`),
    homes: ["usr/lib/gcc", "usr/libexec/gcc"]
  },
  { tool: "g++", name: new RegExp(String.raw`^${TRIPLET}g\+\+(?:-\d+(?:\.\d+)*)?$`), homes: ["usr/include/c++"] },
  { tool: "clang", name: /^clang(?:-\d+)?$/, homes: ["usr/lib/llvm-*", "usr/lib/clang"] },
  { tool: "make", name: /^g?make$/, homes: [] },
  { tool: "cmake", name: /^cmake$/, homes: ["usr/share/cmake", "usr/share/cmake-*"] },
  { tool: "go", name: /^go$/, homes: ["usr/local/go", "usr/lib/go-*"] },
  { tool: "rustc", name: /^rustc$/, homes: ["usr/local/rustup", "root/.rustup", "home/*/.rustup"] },
  { tool: "cargo", name: /^cargo$/, homes: ["usr/local/cargo", "root/.cargo", "home/*/.cargo"] },
  { tool: "javac", name: /^javac$/, homes: ["$HOME"] }
];
function findBuildLeftovers(replay) {
  return { packageCaches: packageCaches(replay), toolchains: toolchains(replay) };
}
function packageCaches(replay) {
  const found = [];
  const claimed = /* @__PURE__ */ new Set();
  for (const { kind, patterns } of CACHES) {
    for (const pattern of patterns) {
      for (const directory of expand(replay, pattern, NODE_DIRECTORY)) {
        if (claimed.has(directory)) continue;
        claimed.add(directory);
        const usage = subtreeUsage(replay, directory, claimed);
        if (usage.bytes === 0) continue;
        found.push({
          kind,
          path: `/${replay.trees.paths.path(directory)}`,
          bytes: usage.bytes,
          files: usage.files,
          layer: usage.layer
        });
      }
    }
  }
  return found.sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path));
}
function toolchains(replay) {
  const paths = replay.trees.paths;
  const programs = /* @__PURE__ */ new Map();
  for (const pattern of BIN_DIRECTORIES) {
    for (const directory of expand(replay, pattern, NODE_DIRECTORY)) {
      for (let child = paths.firstChild(directory); child !== -1; child = paths.nextSibling(child)) {
        const state = replay.state[child];
        if (state !== NODE_FILE && state !== NODE_SYMLINK) continue;
        const tool = TOOLS.find((candidate) => candidate.name.test(paths.name(child)));
        if (tool) programs.set(tool.tool, [...programs.get(tool.tool) ?? [], child]);
      }
    }
  }
  const found = [];
  for (const tool of TOOLS) {
    const candidates = programs.get(tool.tool);
    if (!candidates) continue;
    const ranked = [...candidates].sort(
      (a, b) => Number(replay.state[b] === NODE_FILE) - Number(replay.state[a] === NODE_FILE) || paths.path(a).localeCompare(paths.path(b))
    );
    const program = ranked[0];
    const counted = /* @__PURE__ */ new Set();
    let bytes = 0;
    for (const candidate of candidates) bytes += fileBytes(replay, candidate, counted);
    const home = paths.parent(paths.parent(program));
    for (const pattern of tool.homes) {
      const roots = pattern === "$HOME" ? home > 0 ? [home] : [] : expand(replay, pattern, NODE_DIRECTORY);
      for (const root of roots) bytes += subtreeUsage(replay, root, /* @__PURE__ */ new Set(), counted).bytes;
    }
    found.push({ tool: tool.tool, path: `/${paths.path(program)}`, bytes, layer: replay.nodeLayer[program] });
  }
  return found;
}
function expand(replay, pattern, state) {
  const paths = replay.trees.paths;
  let nodes = [0];
  for (const component of pattern.split("/")) {
    const next = [];
    const star = component.indexOf("*");
    for (const node of nodes) {
      if (star < 0) {
        const path27 = node === 0 ? component : `${paths.path(node)}/${component}`;
        const id = paths.lookup(path27);
        if (id !== void 0 && replay.state[id] !== NODE_ABSENT) next.push(id);
        continue;
      }
      const prefix = component.slice(0, star);
      for (let child = paths.firstChild(node); child !== -1; child = paths.nextSibling(child)) {
        if (replay.state[child] !== NODE_ABSENT && paths.name(child).startsWith(prefix)) next.push(child);
      }
    }
    nodes = next.filter((node) => replay.state[node] === NODE_DIRECTORY);
  }
  return nodes.filter((node) => replay.state[node] === state).sort((a, b) => a - b);
}
function subtreeUsage(replay, root, skip, counted = /* @__PURE__ */ new Set()) {
  const paths = replay.trees.paths;
  const perLayer = /* @__PURE__ */ new Map();
  let bytes = 0;
  let files = 0;
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (replay.state[node] === NODE_DIRECTORY) {
      for (let child = paths.firstChild(node); child !== -1; child = paths.nextSibling(child)) {
        if (replay.state[child] !== NODE_ABSENT && !skip.has(child)) stack.push(child);
      }
      continue;
    }
    const added = fileBytes(replay, node, counted);
    if (replay.state[node] !== NODE_FILE) continue;
    files += 1;
    bytes += added;
    const layer2 = replay.copyLayer[replay.copyOf[node]];
    perLayer.set(layer2, (perLayer.get(layer2) ?? 0) + added);
  }
  let layer = -1;
  let most = -1;
  for (const [candidate, layerBytes] of perLayer) {
    if (layerBytes > most || layerBytes === most && candidate < layer) {
      layer = candidate;
      most = layerBytes;
    }
  }
  return { bytes, files, layer };
}
function fileBytes(replay, node, counted) {
  if (replay.state[node] !== NODE_FILE) return 0;
  const copy = replay.copyOf[node];
  if (counted.has(copy)) return 0;
  counted.add(copy);
  return replay.copyBytes[copy];
}

// src/image/layers/filesystem-facts.ts
var MAX_LISTED = 500;
var S_ISUID = 2048;
var S_ISGID = 1024;
var S_ISVTX = 512;
var S_IWOTH = 2;
var RUNTIME_MOUNTS = ["proc", "sys", "dev"];
var PROGRAM_DIRECTORIES = ["usr/bin", "usr/sbin", "bin", "sbin", "usr/local/bin", "usr/local/sbin"];
var PROGRAMS = ["sudo", "sshd"];
function findFilesystemFacts(replay) {
  const { trees } = replay;
  const paths = trees.paths;
  const runtimeMounts = new Set(
    RUNTIME_MOUNTS.map((name) => paths.lookup(name)).filter((id) => id !== void 0)
  );
  const facts = {
    setuid: [],
    setuidCount: 0,
    setgid: [],
    setgidCount: 0,
    worldWritable: [],
    worldWritableCount: 0,
    programs: [],
    accounts: readAccounts(replay)
  };
  const { state, nodeLayer, nodeRow } = replay;
  const setuid = [];
  const setgid = [];
  const worldWritable2 = [];
  for (let id = 1; id < paths.size; id += 1) {
    const layer = nodeLayer[id];
    if (layer < 0) continue;
    const recording = trees.layers[layer];
    const row2 = nodeRow[id];
    const mode = recording.modes[row2];
    if ((mode & (S_ISUID | S_ISGID | S_IWOTH)) === 0) continue;
    const node = state[id];
    const kind = recording.kinds[row2];
    const isFile2 = node === NODE_FILE && (kind === KIND_FILE || kind === KIND_HARDLINK);
    const isDirectory = node === NODE_DIRECTORY && kind === KIND_DIRECTORY;
    if (!isFile2 && !isDirectory) continue;
    if (isFile2 && mode & S_ISUID) setuid.push(id);
    if (isFile2 && mode & S_ISGID) setgid.push(id);
    if (mode & S_IWOTH && (isFile2 || !(mode & S_ISVTX)) && !underRuntimeMount(replay, id, runtimeMounts)) {
      worldWritable2.push(id);
    }
  }
  facts.setuid = listed(replay, setuid);
  facts.setuidCount = setuid.length;
  facts.setgid = listed(replay, setgid);
  facts.setgidCount = setgid.length;
  facts.worldWritable = listed(replay, worldWritable2);
  facts.worldWritableCount = worldWritable2.length;
  facts.programs = findPrograms(replay);
  return facts;
}
function listed(replay, ids) {
  const { trees, nodeLayer, nodeRow, state } = replay;
  const paths = trees.paths;
  ids.sort((a, b) => {
    const left = paths.path(a);
    const right = paths.path(b);
    return left < right ? -1 : left > right ? 1 : 0;
  });
  return ids.slice(0, MAX_LISTED).map((id) => {
    const layer = nodeLayer[id];
    const recording = trees.layers[layer];
    const row2 = nodeRow[id];
    return {
      path: `/${paths.path(id)}`,
      type: state[id] === NODE_DIRECTORY ? "directory" : "file",
      mode: recording.modes[row2],
      uid: recording.uids[row2],
      gid: recording.gids[row2],
      layer
    };
  });
}
function underRuntimeMount(replay, id, mounts) {
  if (mounts.size === 0) return false;
  const paths = replay.trees.paths;
  for (let node = id; node > 0; node = paths.parent(node)) if (mounts.has(node)) return true;
  return false;
}
function findPrograms(replay) {
  const paths = replay.trees.paths;
  const found = [];
  for (const program of PROGRAMS) {
    for (const directory of PROGRAM_DIRECTORIES) {
      const id = paths.lookup(`${directory}/${program}`);
      if (id === void 0 || replay.state[id] !== NODE_FILE) continue;
      const copy = replay.copyOf[id];
      if (copy >= 0 && paths.name(replay.copyPath[copy]) !== program) continue;
      found.push({ program, path: `/${directory}/${program}`, layer: replay.nodeLayer[id] });
    }
  }
  return found;
}
function readAccounts(replay) {
  return {
    passwd: readAccountFile(replay, "etc/passwd", parsePasswd),
    shadow: readAccountFile(replay, "etc/shadow", parseShadow),
    group: readAccountFile(replay, "etc/group", parseGroup)
  };
}
function readAccountFile(replay, path27, parse) {
  const empty = { path: `/${path27}`, entries: [], invalidLines: 0 };
  const id = replay.trees.paths.lookup(path27);
  const node = id === void 0 ? NODE_ABSENT : replay.state[id];
  if (id === void 0 || node === NODE_ABSENT) return { ...empty, state: "absent", layer: -1 };
  const layer = replay.nodeLayer[id];
  const copy = replay.copyOf[id];
  if (node !== NODE_FILE || copy < 0) return { ...empty, state: "unreadable", layer };
  const body = replay.trees.captured(replay.copyLayer[copy], replay.copyRow[copy]);
  const size = replay.copyBytes[copy];
  if (!body) return { ...empty, state: "unreadable", layer, size };
  if (!body.bytes) return { ...empty, state: "too-large", layer, size };
  return { ...parse(body.bytes), path: `/${path27}`, state: "read", layer, size };
}

// src/image/layers/contents.ts
var DEFAULT_MAX_WASTED_FILES = 50;
function analyzeContents(trees, options = {}) {
  const replay = new OverlayReplay(trees);
  const layers = trees.layers.map((recording) => {
    let whiteouts = 0;
    let opaqueDirectories = 0;
    for (let row2 = 0; row2 < recording.count; row2 += 1) {
      if (recording.kinds[row2] === KIND_WHITEOUT) whiteouts += 1;
      else if (recording.kinds[row2] === KIND_OPAQUE) opaqueDirectories += 1;
    }
    return {
      entries: recording.count,
      files: 0,
      bytes: 0,
      whiteouts,
      opaqueDirectories,
      wastedBytes: 0,
      wastedFiles: 0,
      removedBytes: 0,
      removedFiles: 0
    };
  });
  const pairs2 = /* @__PURE__ */ new Map();
  const wasted = [];
  let totalBytes = 0;
  let finalBytes = 0;
  let finalFiles = 0;
  for (let copy = 0; copy < replay.copyCount; copy += 1) {
    const bytes = replay.copyBytes[copy];
    const writer = layers[replay.copyLayer[copy]];
    writer.files += 1;
    writer.bytes += bytes;
    totalBytes += bytes;
    if (replay.isLive(copy)) {
      finalBytes += bytes;
      finalFiles += 1;
      continue;
    }
    wasted.push(copy);
    const removedBy = replay.copyRemovedBy[copy];
    const remover = layers[removedBy];
    writer.wastedBytes += bytes;
    writer.wastedFiles += 1;
    remover.removedBytes += bytes;
    remover.removedFiles += 1;
    const key = replay.copyLayer[copy] * 65536 + removedBy;
    const pair = pairs2.get(key) ?? { layer: replay.copyLayer[copy], removedBy, bytes: 0, files: 0 };
    pair.bytes += bytes;
    pair.files += 1;
    pairs2.set(key, pair);
  }
  const limit2 = options.maxWastedFiles ?? DEFAULT_MAX_WASTED_FILES;
  const top = wasted.sort((a, b) => replay.copyBytes[b] - replay.copyBytes[a] || a - b).slice(0, limit2).map((copy) => wastedFile(replay, copy));
  options.inspect?.(trees, replay);
  return {
    totalBytes,
    finalBytes,
    wastedBytes: totalBytes - finalBytes,
    efficiency: totalBytes === 0 ? 1 : finalBytes / totalBytes,
    finalFiles,
    wastedFiles: wasted.length,
    layers,
    topWasted: top,
    wastedByLayer: [...pairs2.values()].sort(
      (a, b) => b.bytes - a.bytes || a.layer - b.layer || a.removedBy - b.removedBy
    ),
    leftovers: findBuildLeftovers(replay),
    filesystem: findFilesystemFacts(replay)
  };
}
function wastedFile(replay, copy) {
  const how = replay.copyHow[copy];
  const kind = how === HOW_DELETED ? "deleted" : how === HOW_METADATA ? "metadata" : "replaced";
  return {
    path: `/${replay.trees.paths.path(replay.copyPath[copy])}`,
    bytes: replay.copyBytes[copy],
    layer: replay.copyLayer[copy],
    removedBy: replay.copyRemovedBy[copy],
    how: kind
  };
}

// src/image/layers/region-hasher.ts
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
var HASH_WORKERS_FROM_BYTES = 64 * 1024 * 1024;
var STREAM_CHUNK = 1024 * 1024;
var STREAM_BUFFERS = 4;
var WRITTEN = 0;
var STOP = 1;
var FAILED = 2;
var LENGTHS = 3;
var BUSY = LENGTHS + STREAM_BUFFERS;
var CONTROL_CELLS = BUSY + STREAM_BUFFERS;
var WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
const CHUNK = ${STREAM_CHUNK};
const SLOTS = ${STREAM_BUFFERS};
const state = new Int32Array(workerData.control);
// Views made once: the slots of the buffer shared with the main thread.
const slots = [];
for (let i = 0; i < SLOTS; i += 1) slots.push(Buffer.from(workerData.shared, i * CHUNK, CHUNK));
// Plain hashing reads into a buffer of its own: the walk may still hold a slot of the last streamed job.
let own;
const short = (position) => new Error('the file ends at byte ' + position + ', inside the layer');
const streamed = (fd, hash, position, end) => {
  for (let seq = Atomics.load(state, ${WRITTEN}); position < end; seq += 1) {
    const slot = seq % SLOTS;
    for (;;) {
      if (Atomics.load(state, ${STOP}) !== 0) throw new Error('cancelled');
      if (Atomics.load(state, ${BUSY} + slot) === 0) break;
      // Bounded: a cancel that sets STOP between the checks above and this wait is still seen within 100 ms.
      Atomics.wait(state, ${BUSY} + slot, 1, 100);
    }
    const view = slots[slot];
    const read = readSync(fd, view, 0, Math.min(CHUNK, end - position), position);
    if (read === 0) throw short(position);
    hash.update(read === CHUNK ? view : view.subarray(0, read));
    position += read;
    Atomics.store(state, ${LENGTHS} + slot, read);
    Atomics.store(state, ${BUSY} + slot, 1);
    Atomics.store(state, ${WRITTEN}, seq + 1);
    Atomics.notify(state, ${WRITTEN});
  }
};
const plain = (fd, hash, position, end) => {
  own ??= Buffer.allocUnsafe(CHUNK * SLOTS);
  while (position < end) {
    const read = readSync(fd, own, 0, Math.min(own.length, end - position), position);
    if (read === 0) throw short(position);
    hash.update(read === own.length ? own : own.subarray(0, read));
    position += read;
  }
};
parentPort.on('message', ({ id, file, offset, length, stream }) => {
  let fd;
  try {
    fd = openSync(file, 'r');
    const hash = createHash('sha256');
    (stream ? streamed : plain)(fd, hash, offset, offset + length);
    closeSync(fd);
    fd = undefined;
    parentPort.postMessage({ id, digest: 'sha256:' + hash.digest('hex') });
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    if (stream) {
      Atomics.store(state, ${FAILED}, 1);
      Atomics.notify(state, ${WRITTEN});
    }
    parentPort.postMessage({ id, error: String(error && error.message ? error.message : error) });
  }
});
`;
var waitAsync = Atomics.waitAsync.bind(Atomics);
function createRegionHasher(workers = Math.min(4, Math.max(1, availableParallelism()))) {
  const idle = [];
  const all = [];
  const queue = [];
  const running = /* @__PURE__ */ new Map();
  let nextId = 0;
  let closed = false;
  const dispatch = () => {
    while (idle.length > 0 && queue.length > 0) {
      const pool = idle.pop();
      const job = queue.shift();
      running.set(job.id, { job, pool });
      const stream = job.onStart !== void 0;
      if (stream) {
        Atomics.store(pool.state, STOP, 0);
        Atomics.store(pool.state, FAILED, 0);
        job.onStart?.(pool, Atomics.load(pool.state, WRITTEN));
      }
      pool.worker.postMessage({
        id: job.id,
        file: job.file,
        offset: job.region.offset,
        length: job.region.length,
        stream
      });
    }
  };
  for (let i = 0; i < workers; i += 1) {
    const shared = new SharedArrayBuffer(STREAM_BUFFERS * STREAM_CHUNK);
    const control = new SharedArrayBuffer(CONTROL_CELLS * Int32Array.BYTES_PER_ELEMENT);
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { shared, control } });
    const pool = {
      worker,
      state: new Int32Array(control),
      slots: Array.from(
        { length: STREAM_BUFFERS },
        (_, slot) => Buffer.from(shared, slot * STREAM_CHUNK, STREAM_CHUNK)
      )
    };
    worker.on("message", (message) => {
      const entry = running.get(message.id);
      if (!entry) return;
      running.delete(message.id);
      entry.job.onEnd?.(Atomics.load(pool.state, WRITTEN));
      idle.push(pool);
      if (message.digest !== void 0) entry.job.resolve(message.digest);
      else entry.job.reject(new Error(`hashing ${entry.job.file}: ${message.error ?? "failed"}`));
      dispatch();
    });
    worker.on("error", (error) => {
      for (const [id, entry] of running) {
        if (entry.pool !== pool) continue;
        running.delete(id);
        entry.job.reject(error);
      }
    });
    idle.push(pool);
    all.push(pool);
  }
  const submit = (job) => {
    if (closed) return Promise.reject(new Error("the region hasher is closed"));
    return new Promise((resolve, reject) => {
      queue.push({ ...job, resolve, reject });
      dispatch();
    });
  };
  return {
    parallelism: workers,
    hash(file, region) {
      return submit({ id: nextId++, file, region });
    },
    stream(file, region) {
      const id = nextId++;
      const chunks = new SharedChunks(region.length, () => {
        const queued = queue.findIndex((job) => job.id === id);
        if (queued >= 0) queue.splice(queued, 1)[0]?.reject(new Error("cancelled"));
        const entry = running.get(id);
        if (entry) {
          Atomics.store(entry.pool.state, STOP, 1);
          for (let slot = 0; slot < STREAM_BUFFERS; slot += 1) Atomics.notify(entry.pool.state, BUSY + slot);
        }
      });
      const digest = submit({
        id,
        file,
        region,
        onStart: (pool, first) => chunks.begin(pool, first),
        onEnd: (written) => chunks.ended(written)
      });
      chunks.watch(digest);
      return { chunks, digest };
    },
    async close() {
      closed = true;
      const jobs = [...queue.splice(0), ...[...running.values()].map((entry) => entry.job)];
      running.clear();
      for (const job of jobs) job.reject(new Error("the region hasher was closed"));
      await Promise.all(all.map((pool) => pool.worker.terminate()));
    }
  };
}
var SharedChunks = class {
  constructor(length, cancel) {
    this.length = length;
    this.cancel = cancel;
    this.startedSignal = new Promise((resolve) => this.onStarted = resolve);
  }
  length;
  cancel;
  pool;
  /** Sequence number of the next chunk to hand out. */
  next = 0;
  holding = false;
  received = 0;
  digest = Promise.resolve("");
  settled = false;
  settledSignal = Promise.resolve();
  startedSignal;
  onStarted;
  /** WRITTEN when the job ended (undefined while the worker may still write for it). */
  endedAt;
  left = false;
  /** The job's digest: its end, and the walk's failure when it fails. */
  watch(digest) {
    this.digest = digest;
    const settle = () => {
      this.settled = true;
    };
    this.settledSignal = digest.then(settle, settle);
  }
  /** A worker took the job; its first chunk is chunk `first` of that worker. */
  begin(pool, first) {
    this.pool = pool;
    this.next = first;
    this.onStarted?.();
  }
  /** The worker stopped writing for this walk, `written` chunks in all. */
  ended(written) {
    this.endedAt = written;
    if (this.left) this.giveBackUnread();
  }
  [Symbol.asyncIterator]() {
    return {
      next: () => this.take(),
      return: async () => {
        this.left = true;
        if (this.endedAt === void 0) this.cancel();
        this.giveBack();
        if (this.endedAt !== void 0) this.giveBackUnread();
        return { done: true, value: void 0 };
      }
    };
  }
  async take() {
    this.giveBack();
    if (this.received >= this.length) {
      await this.digest;
      return { done: true, value: void 0 };
    }
    if (!this.pool) await Promise.race([this.startedSignal, this.settledSignal]);
    if (!this.pool) {
      await this.digest;
      throw new Error("the region hasher ended the read before it started");
    }
    const state = this.pool.state;
    for (; ; ) {
      const written = Atomics.load(state, WRITTEN);
      if (written > this.next) break;
      if (Atomics.load(state, FAILED) !== 0 || this.settled) {
        await this.digest;
        throw new Error("the region hasher ended the read early");
      }
      const wait = waitAsync(state, WRITTEN, written);
      if (wait.async) await Promise.race([wait.value, this.settledSignal]);
    }
    const slot = this.next % STREAM_BUFFERS;
    const length = Atomics.load(state, LENGTHS + slot);
    this.next += 1;
    this.holding = true;
    this.received += length;
    const view = this.pool.slots[slot];
    return { done: false, value: length === STREAM_CHUNK ? view : view.subarray(0, length) };
  }
  giveBack() {
    if (!this.holding || !this.pool) return;
    this.holding = false;
    release(this.pool.state, this.next - 1);
  }
  /** Gives back the chunks written for this walk that it never took (it left early). */
  giveBackUnread() {
    const end = this.endedAt;
    if (!this.pool || end === void 0) return;
    for (; this.next < end; this.next += 1) release(this.pool.state, this.next);
  }
};
function release(state, seq) {
  const cell = BUSY + seq % STREAM_BUFFERS;
  Atomics.store(state, cell, 0);
  Atomics.notify(state, cell);
}

// src/image/layers/layer-facts.ts
async function readLayers(store, pointers, context) {
  const collector = context.contents ? store.recorded ?? new LayerTreeCollector() : void 0;
  const { stats: seen, digests } = await analyzeUnique(store, pointers, context, collector);
  const contents = collector && context.contents ? summarize(store, pointers, collector, context) : void 0;
  await digests;
  const layers = pointers.map((pointer) => {
    const stats = seen.get(pointer.name);
    verifyLayer(store, pointer, stats);
    const compressed = stats.compression !== "none";
    return {
      diffId: pointer.diffId,
      ...pointer.blobDigest ? { digest: pointer.blobDigest } : {},
      size: stats.regularBytes,
      ...compressed ? { compressedSize: stats.blobSize } : {},
      ...pointer.mediaType ? { mediaType: pointer.mediaType } : {}
    };
  });
  return contents ? { layers, contents } : { layers };
}
function summarize(store, pointers, collector, context) {
  const started = Date.now();
  const contents = analyzeContents(collector.trees(pointers.map((pointer) => pointer.name)), context.contents);
  context.logger.debug(
    `${store.path}: ${contents.finalFiles} files in the final filesystem, ${contents.wastedFiles} wasted copies (${contents.wastedBytes} bytes), efficiency ${(contents.efficiency * 100).toFixed(1)}%, ${Date.now() - started} ms`
  );
  return contents;
}
async function analyzeUnique(store, pointers, context, collector) {
  const names = [];
  for (const pointer of pointers) {
    if (names.includes(pointer.name)) continue;
    if (!await store.has(pointer.name)) {
      throw new ConfigurationError(`${pointer.what} names layer ${pointer.name}, which is not in the archive`, {
        path: store.path
      });
    }
    names.push(pointer.name);
  }
  let hasher;
  let lent;
  if (context.verifyDigests && store.localFiles) {
    if (context.hasher) lent = context.hasher;
    else {
      let bytes = 0;
      for (const name of names) bytes += await store.size(name) ?? 0;
      if (bytes >= HASH_WORKERS_FROM_BYTES) hasher = createRegionHasher();
    }
  }
  const workers = hasher ?? lent;
  const results = /* @__PURE__ */ new Map();
  const failures = /* @__PURE__ */ new Map();
  let digests = Promise.resolve();
  try {
    const analyze = async (index) => {
      const name = names[index];
      const started = Date.now();
      const label = { path: store.path, what: `layer ${name}` };
      const visitor = collector && !collector.has(name) ? collector.visitorFor(name, label) : void 0;
      try {
        const stats = await store.analyzeLayer(name, {
          hash: context.verifyDigests,
          limits: context.limits,
          ...visitor ? { visitor } : {},
          ...workers ? { hasher: workers } : {}
        });
        context.logger.debug(
          `${store.locate(name)}: ${stats.blobSize} bytes (${stats.compression}), ${stats.entries} entries, ${stats.regularBytes} bytes of files, ${Date.now() - started} ms`
        );
        results.set(name, stats);
      } catch (error) {
        failures.set(index, error);
      }
    };
    await runLimited(names.length, workers ? workers.parallelism + 1 : 1, analyze, () => failures.size > 0);
    if (failures.size > 0) throw failures.get(Math.min(...failures.keys()));
    const pool = hasher;
    hasher = void 0;
    digests = settleDigests(names, results, context.logger, store).finally(() => pool?.close());
    digests.catch(() => void 0);
  } finally {
    await hasher?.close();
  }
  return { stats: results, digests };
}
async function settleDigests(names, results, logger, store) {
  for (const name of names) {
    const stats = results.get(name);
    if (!stats.pendingDigest) continue;
    const digest = await stats.pendingDigest;
    const { pendingDigest: _settled, ...rest } = stats;
    results.set(name, {
      ...rest,
      blobDigest: digest,
      ...stats.compression === "none" ? { diffId: digest } : {}
    });
    logger.debug(`${store.locate(name)}: sha256 ${digest}`);
  }
}
async function runLimited(count, limit2, task, stop) {
  let next = 0;
  const lane = async () => {
    while (next < count && !stop()) {
      const index = next;
      next += 1;
      await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit2, count) }, lane));
}
function verifyLayer(store, pointer, stats) {
  const fail = (message) => {
    throw new ConfigurationError(`layer ${pointer.name} (${pointer.what}): ${message}`, { path: store.path });
  };
  if (pointer.blobSize !== void 0 && pointer.blobSize !== stats.blobSize) {
    fail(`the manifest says the blob has ${pointer.blobSize} bytes but it has ${stats.blobSize}`);
  }
  if (pointer.blobDigest && stats.blobDigest && pointer.blobDigest !== stats.blobDigest) {
    fail(`blob digest mismatch: expected ${pointer.blobDigest}, the blob hashes to ${stats.blobDigest}`);
  }
  if (stats.diffId && pointer.diffId !== stats.diffId) {
    fail(
      `diffId mismatch: the config's rootfs.diff_ids says ${pointer.diffId}, the layer tar hashes to ${stats.diffId}`
    );
  }
}
function sha256Digest(bytes) {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}
function verifyDigest(store, name, bytes, expected, what) {
  const actual = sha256Digest(bytes);
  if (actual !== expected) {
    throw new ConfigurationError(
      `${what} ${name}: digest mismatch: expected ${expected}, the content hashes to ${actual}`,
      {
        path: store.path
      }
    );
  }
  return actual;
}
function assembleFacts(image, logger, where) {
  const { config, layers } = image;
  const history = config.history.map((entry) => ({ ...entry }));
  linkHistory(history, layers, logger, where);
  const size = layers.reduce((sum, layer) => sum + layer.size, 0);
  const allCompressed = layers.length > 0 && layers.every((layer) => layer.compressedSize !== void 0);
  return {
    source: image.source,
    ...image.reference !== void 0 ? { reference: image.reference } : {},
    id: image.id,
    ...image.digest !== void 0 ? { digest: image.digest } : {},
    ...image.ociRefName !== void 0 ? { ociRefName: image.ociRefName } : {},
    repoTags: image.repoTags,
    repoDigests: image.repoDigests,
    platform: config.platform,
    ...config.created !== void 0 ? { created: config.created } : {},
    size,
    ...allCompressed ? { compressedSize: layers.reduce((sum, layer) => sum + (layer.compressedSize ?? 0), 0) } : {},
    config: config.config,
    layers,
    history,
    ...image.contents ? { contents: image.contents } : {}
  };
}

// src/image/source/oci-select.ts
var INDEX_TYPES = /* @__PURE__ */ new Set([
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json"
]);
function isIndexMediaType(mediaType, body) {
  if (mediaType !== void 0) return INDEX_TYPES.has(mediaType);
  return isObject(body) && Array.isArray(body.manifests);
}
function parseDescriptor(value, what, location) {
  if (!isObject(value)) throw new ConfigurationError(`${what} is missing or not an object`, { path: location });
  const { mediaType, digest, size, platform, annotations } = value;
  if (typeof digest !== "string") throw new ConfigurationError(`${what} has no digest`, { path: location });
  if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) {
    throw new ConfigurationError(`${what} has size ${excerptValue(size)}; expected a byte count`, { path: location });
  }
  return {
    ...typeof mediaType === "string" ? { mediaType } : {},
    digest,
    size,
    ...isObject(platform) ? { platform: platformOf(platform.os, platform.architecture, platform.variant) } : {},
    annotations: isObject(annotations) ? Object.fromEntries(
      Object.entries(annotations).filter((pair) => typeof pair[1] === "string")
    ) : {}
  };
}
function parseDescriptorList(document, key, location, what) {
  const list = isObject(document) ? document[key] : void 0;
  if (!Array.isArray(list))
    throw new ConfigurationError(`${what}: ${key} is missing or not a list`, { path: location });
  return list.map((item, i) => parseDescriptor(item, `${what} ${key}[${i}]`, location));
}
async function chooseManifest(top, options, readBlob, archive) {
  return choosePlatform(await platformCandidates(top, options, readBlob, archive), options, archive);
}
async function indexPlatforms(top, options, readBlob, archive) {
  const candidates = await platformCandidates(top, options, readBlob, archive);
  const platforms = [];
  const seen = /* @__PURE__ */ new Set();
  for (const { descriptor } of candidates) {
    const platform = descriptor.platform;
    const key = platform ? `${platformText(platform)} ${descriptor.digest}` : "";
    if (platform && !seen.has(key)) {
      seen.add(key);
      platforms.push(platform);
    }
  }
  return platforms;
}
async function platformCandidates(top, options, readBlob, archive) {
  let candidates = top.filter((descriptor) => !isAttestation(descriptor));
  if (candidates.length === 0) throw new ConfigurationError("index.json lists only attestations", { path: archive });
  if (options.image !== void 0) {
    const selector = options.image;
    const matching = candidates.filter((d) => matchesSelector(selector, { names: namesOf(d), digests: [d.digest] }));
    if (matching.length === 0) {
      throw new ConfigurationError(
        `no image ${JSON.stringify(selector)} in the layout; it holds: ${describeAll(candidates)}`,
        { path: archive }
      );
    }
    candidates = matching;
  } else {
    const first = candidates[0];
    const firstKey = namesOf(first).join(" ");
    const group = candidates.filter((d) => d.digest === first.digest || namesOf(d).join(" ") === firstKey);
    if (group.length < candidates.length) {
      const images = new Set(candidates.map((d) => d.digest)).size;
      options.logger.debug(
        `${archive} holds ${images} images (${describeAll(candidates)}); reading the first, ${describeAll([first])} (choose another by name)`
      );
      candidates = group;
    }
  }
  const expanded = [];
  for (const descriptor of candidates) {
    const mayBeIndex = descriptor.mediaType === void 0 || isIndexMediaType(descriptor.mediaType);
    const nested = mayBeIndex ? await readBlob(descriptor, `index ${descriptor.digest}`) : void 0;
    if (nested === void 0 || !isIndexMediaType(descriptor.mediaType, nested)) {
      expanded.push({ descriptor, annotations: descriptor.annotations });
      continue;
    }
    const children = parseDescriptorList(nested, "manifests", archive, `index ${descriptor.digest}`);
    for (const child of children) {
      if (isAttestation(child)) continue;
      expanded.push({ descriptor: child, annotations: { ...descriptor.annotations, ...child.annotations } });
    }
  }
  return expanded;
}
function choosePlatform(candidates, options, archive) {
  if (candidates.length === 0) throw new ConfigurationError("the image index lists no manifests", { path: archive });
  const wanted = parsePlatform(options.platform ?? DEFAULT_PLATFORM);
  if (candidates.length === 1) {
    const only = candidates[0];
    const platform = only.descriptor.platform;
    if (options.platform !== void 0 && platform && !platformMatches(platform, wanted)) {
      throw new ConfigurationError(
        `the image is for ${platformText(platform)}, not the requested ${options.platform}`,
        { path: archive }
      );
    }
    return only;
  }
  const withPlatform = candidates.filter((c) => c.descriptor.platform !== void 0);
  if (withPlatform.length === 0) {
    options.logger.debug(`${archive}: ${candidates.length} manifests without platforms; reading the first`);
    return candidates[0];
  }
  const matching = withPlatform.filter((c) => platformMatches(c.descriptor.platform, wanted));
  if (matching.length === 0) {
    const available = withPlatform.map((c) => platformText(c.descriptor.platform)).join(", ");
    throw new ConfigurationError(`no manifest for platform ${platformText(wanted)}; the index has ${available}`, {
      path: archive
    });
  }
  const chosen = matching[0];
  options.logger.debug(
    `${archive}: chose ${platformText(chosen.descriptor.platform)} (${chosen.descriptor.digest}) among ${withPlatform.length} platforms`
  );
  return chosen;
}
function isAttestation(descriptor) {
  if (descriptor.annotations["vnd.docker.reference.type"] === "attestation-manifest") return true;
  return descriptor.platform?.os === "unknown" && descriptor.platform.architecture === "unknown";
}
function namesOf(descriptor) {
  const names = [];
  const containerd = descriptor.annotations["io.containerd.image.name"];
  const ref = descriptor.annotations["org.opencontainers.image.ref.name"];
  if (containerd) names.push(containerd);
  if (ref) names.push(ref);
  return names;
}
function describeAll(descriptors2) {
  return descriptors2.map((d) => namesOf(d)[0] ?? d.digest).join("; ");
}

// src/image/source/open-store.ts
import { createReadStream } from "node:fs";
import { stat as stat3 } from "node:fs/promises";
import zlib from "node:zlib";

// src/image/source/directory-store.ts
import { open, realpath, stat as stat2 } from "node:fs/promises";
import path3 from "node:path";
var DirectoryStore = class {
  constructor(path27) {
    this.path = path27;
  }
  path;
  localFiles = true;
  /** The layout directory's own real path, resolved on first use. */
  root;
  locate(name) {
    return entryLocation(this.path, name, true);
  }
  async has(name) {
    return await this.size(name) !== void 0;
  }
  async size(name) {
    return (await this.resolve(name))?.size;
  }
  async readBytes(name, maxBytes, what) {
    const size = await this.require(name, what);
    if (size > maxBytes) {
      throw new ConfigurationError(`${what} is ${size} bytes; imagegate reads at most ${maxBytes} bytes of it`, {
        path: this.locate(name)
      });
    }
    const file = await open(await this.realPath(name), "r");
    try {
      const buffer = Buffer.alloc(size);
      const { bytesRead } = await file.read(buffer, 0, size, 0);
      if (bytesRead !== size) {
        throw new ConfigurationError(`${what} changed while it was read`, { path: this.locate(name) });
      }
      return buffer;
    } finally {
      await file.close();
    }
  }
  async analyzeLayer(name, options) {
    const size = await this.require(name, "layer");
    const real = await this.realPath(name);
    const file = await open(real, "r");
    try {
      const label = { path: this.locate(name), what: "layer" };
      return await analyzeFileRegion(file, { offset: 0, length: size }, label, options, real);
    } finally {
      await file.close();
    }
  }
  async close() {
  }
  async require(name, what) {
    const size = await this.size(name);
    if (size === void 0) throw missingEntry(this, name, what);
    return size;
  }
  /**
   * The entry's real path and size; undefined when it does not exist. Throws when it resolves outside the layout
   * or is not a regular file.
   */
  async resolve(name) {
    let real;
    try {
      this.root ??= await realpath(this.path);
      real = await realpath(this.fullPath(name));
    } catch {
      return void 0;
    }
    if (!isInside(this.root, real)) {
      throw new ConfigurationError(
        `${name} resolves through a symlink to ${real}, outside the OCI layout directory; imagegate reads only files inside the layout`,
        { path: this.locate(name) }
      );
    }
    const info = await stat2(real).catch(() => void 0);
    if (info === void 0 || info.isDirectory()) return void 0;
    if (!info.isFile()) {
      throw new ConfigurationError(`${name} is not a regular file (a FIFO, socket or device); it is not read`, {
        path: this.locate(name)
      });
    }
    return { real, size: info.size };
  }
  async realPath(name) {
    const resolved = await this.resolve(name);
    if (!resolved) throw missingEntry(this, name, name);
    return resolved.real;
  }
  fullPath(name) {
    return path3.join(this.path, ...name.split("/"));
  }
};

// src/image/source/gzip-file.ts
import { open as open2 } from "node:fs/promises";
async function isGzipFile(location) {
  const file = await open2(location, "r");
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await file.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 31 && head[1] === 139;
  } finally {
    await file.close();
  }
}

// src/image/read-options.ts
var DEFAULT_READ_LIMITS = {
  maxJsonBytes: 8 * 1024 * 1024,
  maxInflatedLayerBytes: 64 * 1024 ** 3,
  maxArchiveEntries: 1e6,
  maxTarMetaBytes: 1024 * 1024,
  maxStreamedDocumentBytes: 64 * 1024 * 1024
};
function resolveReadLimits(limits) {
  return { ...DEFAULT_READ_LIMITS, ...limits };
}
function contentOptions(options) {
  if (options.contents === void 0 || options.contents === false) return void 0;
  return options.contents === true ? {} : options.contents;
}

// src/image/source/streamed-archive.ts
var SNIFF_BYTES = 512;
var MAX_LINK_HOPS = 16;
async function readStreamedArchive(source, archive, options) {
  const entries = /* @__PURE__ */ new Map();
  const outcomes = /* @__PURE__ */ new Map();
  let pending = [];
  const budget2 = { documentBytes: 0 };
  const parser = new TarParser(
    { path: archive },
    (entry) => {
      const name = normalizeEntryName(entry.name, archive, entry.headerOffset);
      if (name === "") return void 0;
      entries.set(name, {
        type: entry.type,
        size: entry.size,
        linkname: entry.linkname,
        headerOffset: entry.headerOffset
      });
      if (entry.type !== "file") return void 0;
      return new SniffingSink(name, entry, archive, options, budget2, outcomes, (work) => pending.push(work));
    },
    { maxMetaBytes: options.limits.maxTarMetaBytes }
  );
  for await (const chunk of source) {
    parser.write(chunk);
    if (pending.length > 0) {
      const waiting = pending;
      pending = [];
      await Promise.all(waiting);
    }
  }
  parser.end();
  await Promise.all(pending);
  return new StreamedStore(archive, entries, outcomes, options.hash, options.collector);
}
var SniffingSink = class {
  constructor(name, entry, archive, options, budget2, outcomes, wait) {
    this.name = name;
    this.entry = entry;
    this.archive = archive;
    this.options = options;
    this.budget = budget2;
    this.outcomes = outcomes;
    this.wait = wait;
  }
  name;
  entry;
  archive;
  options;
  budget;
  outcomes;
  wait;
  head = [];
  headBytes = 0;
  mode = "sniff";
  analyzer;
  data(chunk) {
    if (this.mode === "sniff" || this.mode === "document") {
      this.head.push(Buffer.from(chunk));
      this.headBytes += chunk.length;
      if (this.mode === "sniff" && this.headBytes >= SNIFF_BYTES) this.decide();
      return;
    }
    if (this.mode === "layer") this.toLayer(chunk);
  }
  end() {
    if (this.mode === "sniff") this.decide();
    if (this.mode === "document") {
      this.outcomes.set(this.name, { kind: "document", bytes: Buffer.concat(this.head, this.headBytes) });
      this.head = [];
    } else if (this.mode === "layer" && this.analyzer) {
      const analyzer = this.analyzer;
      this.wait(
        analyzer.end().then(
          (stats) => void this.outcomes.set(this.name, { kind: "layer", stats }),
          (error) => this.failed(error)
        )
      );
    }
  }
  decide() {
    const head = Buffer.concat(this.head, this.headBytes);
    const first = head.find((byte) => byte !== 32 && byte !== 10 && byte !== 13 && byte !== 9);
    const looksJson = first === 123 || first === 91;
    const compressed = head[0] === 31 && head[1] === 139 || head.length >= 4 && head.readUInt32BE(0) === 682962941;
    if (looksJson || !compressed && this.entry.size < SNIFF_BYTES) {
      if (this.entry.size > this.options.limits.maxJsonBytes) {
        this.failed(new ConfigurationError(`${this.name} is ${this.entry.size} bytes, more than imagegate reads`));
        return;
      }
      this.budget.documentBytes += this.entry.size;
      if (this.budget.documentBytes > this.options.limits.maxStreamedDocumentBytes) {
        throw new ConfigurationError(
          `the archive holds more than ${this.options.limits.maxStreamedDocumentBytes} bytes of small documents (at entry ${this.name}); an image archive has a few`,
          { path: this.archive }
        );
      }
      this.mode = "document";
      return;
    }
    this.mode = "layer";
    this.head = [];
    const label = { path: this.archive, what: `layer ${this.name}` };
    const visitor = this.options.collector?.visitorFor(this.name, label) ?? this.options.visitorFor?.(this.name);
    this.analyzer = new LayerAnalyzer(label, {
      hash: this.options.hash,
      limits: this.options.limits,
      ...visitor ? { visitor } : {}
    });
    this.toLayer(head);
  }
  toLayer(chunk) {
    try {
      const work = this.analyzer?.write(chunk);
      if (work) this.wait(work);
    } catch (error) {
      this.failed(error);
    }
  }
  failed(error) {
    if (!(error instanceof ConfigurationError)) throw error;
    this.mode = "failed";
    this.analyzer?.destroy();
    this.outcomes.set(this.name, { kind: "failed", error });
  }
};
var StreamedStore = class {
  constructor(path27, entries, outcomes, hashed, recorded) {
    this.path = path27;
    this.entries = entries;
    this.outcomes = outcomes;
    this.hashed = hashed;
    this.recorded = recorded;
  }
  path;
  entries;
  outcomes;
  hashed;
  recorded;
  locate(name) {
    return `${this.path}!/${name}`;
  }
  async has(name) {
    return this.resolve(name)?.entry.type === "file";
  }
  async size(name) {
    const found = this.resolve(name);
    return found?.entry.type === "file" ? found.entry.size : void 0;
  }
  async readBytes(name, maxBytes, what) {
    const { outcome, entry } = this.require(name, what);
    if (entry.size > maxBytes || outcome?.kind !== "document") {
      if (outcome?.kind === "failed" && entry.size <= maxBytes) throw outcome.error;
      throw new ConfigurationError(
        entry.size > maxBytes ? `${what} ${name} is ${entry.size} bytes; imagegate reads at most ${maxBytes} bytes of it` : `${what} ${name} is not a JSON document`,
        { path: this.path }
      );
    }
    return outcome.bytes;
  }
  async analyzeLayer(name, options) {
    const { outcome } = this.require(name, "layer");
    if (options.hash && !this.hashed) throw new Error("streamed archive was read without hashing");
    if (outcome?.kind === "layer") return outcome.stats;
    if (outcome?.kind === "failed") throw outcome.error;
    throw new ConfigurationError(`layer ${name} is not a tar archive (it holds JSON)`, { path: this.path });
  }
  async close() {
  }
  require(name, what) {
    const found = this.resolve(name);
    if (!found) throw missingEntry(this, name, what);
    if (found.entry.type !== "file") {
      throw new ConfigurationError(`${what} ${name} is a ${found.entry.type}, not a regular file`, { path: this.path });
    }
    return { entry: found.entry, outcome: this.outcomes.get(found.name) };
  }
  resolve(name) {
    let current = name;
    for (let hop = 0; hop <= MAX_LINK_HOPS; hop += 1) {
      const entry = this.entries.get(current);
      if (!entry) return void 0;
      if (entry.type !== "symlink" && entry.type !== "hardlink") return { name: current, entry };
      const what = `link ${current} (header at byte ${entry.headerOffset})`;
      current = resolvePointer(entry.linkname, entry.type === "symlink" ? current : "", this.path, what);
    }
    throw new ConfigurationError(`${name}: more than ${MAX_LINK_HOPS} links in a row`, { path: this.path });
  }
};

// src/image/source/tar-archive-store.ts
import { open as open3 } from "node:fs/promises";
var MAX_LINK_HOPS2 = 16;
var TarArchiveStore = class _TarArchiveStore {
  constructor(path27, file, entries) {
    this.path = path27;
    this.file = file;
    this.entries = entries;
  }
  path;
  file;
  entries;
  localFiles = true;
  /** Opens and indexes `archivePath`; throws a ConfigurationError for anything that is not a sound tar. */
  static async open(archivePath, limits, logger) {
    const file = await open3(archivePath, "r");
    try {
      const { size } = await file.stat();
      const entries = /* @__PURE__ */ new Map();
      let count = 0;
      await walkTarFile(
        file,
        { offset: 0, length: size },
        { path: archivePath },
        (entry) => {
          count += 1;
          if (count > limits.maxArchiveEntries) {
            throw new ConfigurationError(
              `the archive has more than ${limits.maxArchiveEntries} entries; an image archive has a few per layer`,
              { path: archivePath }
            );
          }
          const name = normalizeEntryName(entry.name, archivePath, entry.headerOffset);
          if (name === "") return void 0;
          if (entries.has(name)) logger.debug(`${archivePath}: entry ${name} appears twice; the later one is used`);
          entries.set(name, {
            type: entry.type,
            offset: entry.dataOffset,
            size: entry.size,
            linkname: entry.linkname,
            headerOffset: entry.headerOffset
          });
          return void 0;
        },
        { chunkSize: 64 * 1024 }
      );
      if (entries.size === 0) throw new ConfigurationError("the archive is empty", { path: archivePath });
      logger.debug(`${archivePath}: indexed ${entries.size} entries`);
      return new _TarArchiveStore(archivePath, file, entries);
    } catch (error) {
      await file.close();
      throw error;
    }
  }
  locate(name) {
    return entryLocation(this.path, name, false);
  }
  async has(name) {
    return this.find(name)?.type === "file";
  }
  async size(name) {
    const entry = this.find(name);
    return entry?.type === "file" ? entry.size : void 0;
  }
  /** Every entry name (regular files only), for format detection and messages. */
  names() {
    return [...this.entries.entries()].filter(([, entry]) => entry.type === "file").map(([name]) => name);
  }
  async readBytes(name, maxBytes, what) {
    const entry = this.require(name, what);
    if (entry.size > maxBytes) {
      throw new ConfigurationError(
        `${what} ${name} is ${entry.size} bytes; imagegate reads at most ${maxBytes} bytes of it`,
        { path: this.path }
      );
    }
    const buffer = Buffer.alloc(entry.size);
    const { bytesRead } = await this.file.read(buffer, 0, entry.size, entry.offset);
    if (bytesRead !== entry.size) throw new ConfigurationError(`${what} ${name} is truncated`, { path: this.path });
    return buffer;
  }
  analyzeLayer(name, options) {
    const entry = this.require(name, "layer");
    return analyzeFileRegion(
      this.file,
      { offset: entry.offset, length: entry.size },
      { path: this.path, what: `layer ${name}` },
      options,
      this.path
    );
  }
  /** The raw bytes of an entry, streamed (e.g. to copy a layer into another archive). */
  entryStream(name) {
    const entry = this.require(name, "entry");
    return readRegion(this.file, { offset: entry.offset, length: entry.size });
  }
  async close() {
    await this.file.close();
  }
  require(name, what) {
    const entry = this.find(name);
    if (!entry) throw missingEntry(this, name, what);
    if (entry.type !== "file") {
      throw new ConfigurationError(`${what} ${name} is a ${entry.type}, not a regular file`, { path: this.path });
    }
    return entry;
  }
  /** The entry a name leads to, following symlinks and hardlinks inside the archive (docker save links layers). */
  find(name) {
    let current = name;
    for (let hop = 0; hop <= MAX_LINK_HOPS2; hop += 1) {
      const entry = this.entries.get(current);
      if (!entry || entry.type !== "symlink" && entry.type !== "hardlink") return entry;
      const what = `link ${current} (header at byte ${entry.headerOffset})`;
      current = entry.type === "symlink" ? resolvePointer(entry.linkname, current, this.path, what) : resolvePointer(entry.linkname, "", this.path, what);
    }
    throw new ConfigurationError(`${name}: more than ${MAX_LINK_HOPS2} links in a row`, { path: this.path });
  }
};

// src/image/source/open-store.ts
async function openImageStore(location, options) {
  const info = await stat3(location).catch((error) => {
    throw new ConfigurationError(
      error.code === "ENOENT" ? "no such file or directory" : `cannot read it: ${error.message}`,
      { path: location }
    );
  });
  if (info.isDirectory()) return new DirectoryStore(location);
  if (!info.isFile()) throw new ConfigurationError("expected an image archive file or a directory", { path: location });
  if (await isGzipFile(location)) {
    options.logger.debug(`${location}: gzip-compressed archive, reading it as a stream`);
    return readStreamedArchive(gunzipped(location, options.limits.maxInflatedLayerBytes), location, {
      hash: options.verifyDigests,
      limits: options.limits,
      ...options.contents ? { collector: new LayerTreeCollector() } : {}
    });
  }
  return TarArchiveStore.open(location, options.limits, options.logger);
}
async function withImageStore(location, options, read) {
  const store = await openImageStore(location, {
    logger: options.logger,
    limits: resolveReadLimits(options.limits),
    verifyDigests: options.verifyDigests ?? true,
    contents: contentOptions(options) !== void 0
  });
  try {
    return await read(store);
  } finally {
    await store.close();
  }
}
async function* gunzipped(location, cap) {
  const gunzip = zlib.createGunzip({ chunkSize: 256 * 1024 });
  const input = createReadStream(location, { highWaterMark: 1024 * 1024 });
  input.on("error", (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  let total = 0;
  try {
    for await (const chunk of gunzip) {
      total += chunk.length;
      if (total > cap) {
        throw new ConfigurationError(`decompresses to more than ${cap} bytes: refusing a possible compression bomb`, {
          path: location
        });
      }
      yield chunk;
    }
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    const err = error;
    const truncated = err.code === "Z_BUF_ERROR" || /unexpected end/i.test(err.message);
    throw new ConfigurationError(
      truncated ? "the gzip stream is truncated" : `the gzip data is corrupt: ${err.message}`,
      {
        path: location
      }
    );
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}

// src/image/source/oci-layout.ts
async function readOciLayout(layoutPath, options) {
  return withImageStore(layoutPath, options, (store) => readOciFromStore(store, options, "oci-layout"));
}
async function listOciLayoutPlatforms(layoutPath, options) {
  return withImageStore(layoutPath, options, async (store) => {
    if (await store.has("manifest.json")) return [];
    const limits = resolveReadLimits(options.limits);
    await checkLayoutFile(store, limits);
    const { value: index } = await readJson(store, "index.json", limits, "index.json");
    const top = parseDescriptorList(index, "manifests", store.locate("index.json"), "index.json");
    const readBlob = (descriptor, what) => readBlobJson(store, descriptor, what, limits, options.verifyDigests ?? true);
    return top.length === 0 ? [] : indexPlatforms(top, options, readBlob, store.path);
  });
}
async function readOciFromStore(store, options, source) {
  const limits = resolveReadLimits(options.limits);
  const verifyDigests = options.verifyDigests ?? true;
  const { logger } = options;
  await checkLayoutFile(store, limits);
  const { value: index } = await readJson(store, "index.json", limits, "index.json");
  const top = parseDescriptorList(index, "manifests", store.locate("index.json"), "index.json");
  if (top.length === 0)
    throw new ConfigurationError("index.json lists no images", { path: store.locate("index.json") });
  const readBlob = (descriptor, what) => readBlobJson(store, descriptor, what, limits, verifyDigests);
  const chosen = await chooseManifest(top, options, readBlob, store.path);
  const manifestWhat = `manifest ${chosen.descriptor.digest}`;
  const manifest = await readBlob(chosen.descriptor, manifestWhat);
  const { config: configDescriptor, layers: layerDescriptors } = parseManifestBody(manifest, store, chosen.descriptor);
  const configName = blobPath(configDescriptor.digest, store.path, `${manifestWhat} config`);
  const configJson = await readBlob(configDescriptor, "image config");
  const config = parseImageConfig(configJson, store.locate(configName));
  if (options.platform !== void 0 && !platformMatches(config.platform, parsePlatform(options.platform))) {
    throw new ConfigurationError(
      `the image is for ${platformText(config.platform)}, not the requested ${options.platform}`,
      { path: store.path }
    );
  }
  if (layerDescriptors.length !== config.diffIds.length) {
    throw new ConfigurationError(
      `${manifestWhat} lists ${layerDescriptors.length} layers but its config's rootfs.diff_ids has ${config.diffIds.length}`,
      { path: store.path }
    );
  }
  const pointers = layerDescriptors.map((descriptor, i) => ({
    name: blobPath(descriptor.digest, store.path, `${manifestWhat} layers[${i}]`),
    diffId: config.diffIds[i] ?? "",
    blobDigest: descriptor.digest,
    blobSize: descriptor.size,
    ...descriptor.mediaType ? { mediaType: descriptor.mediaType } : {},
    what: `${manifestWhat} layers[${i}]`
  }));
  const contents = contentOptions(options);
  const { layers, contents: contentFacts } = await readLayers(store, pointers, {
    logger,
    limits,
    verifyDigests,
    ...contents ? { contents } : {},
    ...options.hasher ? { hasher: options.hasher } : {}
  });
  const containerdName = chosen.annotations["io.containerd.image.name"];
  const refName = chosen.annotations["org.opencontainers.image.ref.name"];
  const reference = containerdName ?? (refName && /[/:@]/.test(refName) ? refName : void 0);
  return assembleFacts(
    {
      source,
      ...reference !== void 0 ? { reference } : {},
      id: configDescriptor.digest,
      digest: chosen.descriptor.digest,
      repoTags: reference !== void 0 ? [reference] : [],
      repoDigests: [],
      ...refName !== void 0 ? { ociRefName: refName } : {},
      config,
      layers,
      ...contentFacts ? { contents: contentFacts } : {}
    },
    logger,
    store.path
  );
}
async function findOciManifestForConfig(store, configDigest, limits, logger) {
  if (!await store.has("index.json")) return void 0;
  const skip = (error, what) => {
    if (!(error instanceof ConfigurationError)) throw error;
    logger.debug(`${store.path}: ${what} not used: ${error.message}`);
  };
  let queue;
  try {
    const { value } = await readJson(store, "index.json", limits, "index.json");
    queue = parseDescriptorList(value, "manifests", store.locate("index.json"), "index.json");
  } catch (error) {
    skip(error, "index.json");
    return void 0;
  }
  for (let read = 0; read < queue.length && read < 64; read += 1) {
    const descriptor = queue[read];
    try {
      const body = await readBlobJson(store, descriptor, `manifest ${descriptor.digest}`, limits, true);
      if (isIndexMediaType(descriptor.mediaType, body)) {
        appendAll(queue, parseDescriptorList(body, "manifests", store.path, `index ${descriptor.digest}`));
        continue;
      }
      const manifest = parseManifestBody(body, store, descriptor);
      if (manifest.config.digest === configDigest) return { digest: descriptor.digest, layers: manifest.layers };
    } catch (error) {
      skip(error, `manifest ${descriptor.digest}`);
    }
  }
  return void 0;
}
async function checkLayoutFile(store, limits) {
  if (!await store.has("oci-layout")) {
    throw new ConfigurationError("not an OCI image layout: the oci-layout file is missing", { path: store.path });
  }
  const { value } = await readJson(store, "oci-layout", limits, "oci-layout");
  const version = value?.imageLayoutVersion;
  if (typeof version !== "string") {
    throw new ConfigurationError('oci-layout has no imageLayoutVersion; expected {"imageLayoutVersion": "1.0.0"}', {
      path: store.locate("oci-layout")
    });
  }
}
async function readBlobJson(store, descriptor, what, limits, verify) {
  const name = blobPath(descriptor.digest, store.path, what);
  const { value, bytes } = await readJson(store, name, limits, what);
  if (bytes.length !== descriptor.size) {
    throw new ConfigurationError(
      `${what}: the descriptor says ${descriptor.size} bytes, the blob has ${bytes.length}`,
      {
        path: store.path
      }
    );
  }
  if (verify) verifyDigest(store, name, bytes, descriptor.digest, what);
  return value;
}
function parseManifestBody(body, store, descriptor) {
  const location = store.locate(blobPath(descriptor.digest, store.path, "manifest"));
  const what = `manifest ${descriptor.digest}`;
  if (isIndexMediaType(descriptor.mediaType, body)) {
    throw new ConfigurationError(`${what} is an image index nested more than one level deep`, { path: location });
  }
  const manifest = typeof body === "object" && body !== null ? body : {};
  return {
    config: parseDescriptor(manifest.config, `${what} config`, location),
    layers: parseDescriptorList(manifest, "layers", location, what)
  };
}

// src/image/source/docker-archive.ts
async function readDockerArchive(archivePath, options) {
  return withImageStore(archivePath, options, (store) => readImageFromStore(store, options));
}
async function readImageFromStore(store, options) {
  if (await store.has("manifest.json")) return readDockerSaveFromStore(store, options);
  if (await store.has("index.json")) return readOciFromStore(store, options, "oci-layout");
  throw new ConfigurationError(
    "not an image archive: it has neither manifest.json (docker save) nor index.json (OCI image layout)",
    { path: store.path }
  );
}
async function readDockerSaveFromStore(store, options) {
  const limits = resolveReadLimits(options.limits);
  const verifyDigests = options.verifyDigests ?? true;
  const { logger } = options;
  const { value } = await readJson(store, "manifest.json", limits, "manifest.json");
  const entries = parseManifest(value, store.locate("manifest.json"));
  const chosen = chooseImage(entries, store, options);
  const where = `manifest.json[${chosen.index}]`;
  const configName = resolvePointer(chosen.config, "manifest.json", store.path, `${where}.Config`);
  const { value: configJson, bytes: configBytes } = await readJson(store, configName, limits, "image config");
  const id = sha256Digest(configBytes);
  const named = configDigestFromName(configName);
  if (verifyDigests && named && named !== id) {
    throw new ConfigurationError(`image config ${configName} is named ${named} but its content hashes to ${id}`, {
      path: store.path
    });
  }
  const config = parseImageConfig(configJson, store.locate(configName));
  if (chosen.layers.length !== config.diffIds.length) {
    throw new ConfigurationError(
      `${where}.Layers lists ${chosen.layers.length} layers but the config's rootfs.diff_ids has ${config.diffIds.length}`,
      { path: store.path }
    );
  }
  const oci = await findOciManifestForConfig(store, id, limits, logger);
  const pointers = chosen.layers.map((layer, i) => {
    const name = resolvePointer(layer, "manifest.json", store.path, `${where}.Layers[${i}]`);
    const blobDigest = digestOfBlobPath(name);
    const descriptor = oci?.layers[i];
    return {
      name,
      diffId: config.diffIds[i] ?? "",
      ...blobDigest ? { blobDigest } : {},
      ...descriptor && descriptor.digest === blobDigest ? { blobSize: descriptor.size } : {},
      ...descriptor?.mediaType ? { mediaType: descriptor.mediaType } : {},
      what: `${where}.Layers[${i}]`
    };
  });
  const contents = contentOptions(options);
  const { layers, contents: contentFacts } = await readLayers(store, pointers, {
    logger,
    limits,
    verifyDigests,
    ...contents ? { contents } : {},
    ...options.hasher ? { hasher: options.hasher } : {}
  });
  return assembleFacts(
    {
      source: "docker-archive",
      ...chosen.repoTags[0] !== void 0 ? { reference: chosen.repoTags[0] } : {},
      id,
      ...oci ? { digest: oci.digest } : {},
      repoTags: chosen.repoTags,
      repoDigests: [],
      config,
      layers,
      ...contentFacts ? { contents: contentFacts } : {}
    },
    logger,
    store.path
  );
}
function parseManifest(value, location) {
  const fail = (message) => {
    throw new ConfigurationError(`manifest.json: ${message}`, { path: location });
  };
  if (!Array.isArray(value)) return fail("expected a JSON array of images");
  if (value.length === 0) return fail("lists no images");
  return value.map((item, index) => {
    if (!isObject(item)) return fail(`[${index}] is not an object`);
    if (typeof item.Config !== "string") return fail(`[${index}].Config is missing; expected the config's path`);
    if (!Array.isArray(item.Layers) || item.Layers.some((layer) => typeof layer !== "string")) {
      return fail(`[${index}].Layers is missing or not a list of paths`);
    }
    const tags = item.RepoTags ?? [];
    if (!Array.isArray(tags) || tags.some((tag) => typeof tag !== "string")) {
      return fail(`[${index}].RepoTags is not a list of names`);
    }
    return { config: item.Config, repoTags: tags, layers: item.Layers, index };
  });
}
function chooseImage(entries, store, options) {
  const describe3 = (entry) => entry.repoTags.length > 0 ? entry.repoTags.join(", ") : configDigestFromName(entry.config) ?? entry.config;
  if (options.image !== void 0) {
    const selector = options.image;
    const found = entries.find((entry) => {
      const digest = configDigestFromName(entry.config);
      return matchesSelector(selector, { names: entry.repoTags, digests: digest ? [digest] : [] });
    });
    if (!found) {
      throw new ConfigurationError(
        `no image ${JSON.stringify(selector)} in the archive; it holds: ${entries.map(describe3).join("; ")}`,
        { path: store.path }
      );
    }
    return found;
  }
  const first = entries[0];
  if (entries.length > 1) {
    options.logger.debug(
      `${store.path} holds ${entries.length} images (${entries.map(describe3).join("; ")}); reading the first, ${describe3(first)} (choose another by tag or id)`
    );
  }
  return first;
}
function configDigestFromName(name) {
  const legacy = /^(?:.*\/)?([a-f0-9]{64})\.json$/.exec(name);
  return legacy ? `sha256:${legacy[1]}` : digestOfBlobPath(name);
}

// src/image/source/daemon.ts
var NOT_FOUND = /no such image|no such object|reference does not exist/i;
var ImageNotInDaemonError = class extends ConfigurationError {
};
async function readFromDaemon(reference, options) {
  const { logger } = options;
  const docker = options.docker ?? "docker";
  if (reference.trim() === "" || reference.startsWith("-")) {
    throw new ConfigurationError(`${JSON.stringify(reference)} is not an image reference`);
  }
  const inspected = await inspect(docker, reference, logger);
  const saved = await readSaved(docker, inspected.id, reference, resolveReadLimits(options.limits), logger, options);
  if (saved.layers.map((layer) => layer.diffId).join() !== inspected.diffIds.join()) {
    throw new ToolError(`docker save ${reference} returned different layers than docker image inspect`, {
      command: `${docker} save ${inspected.id}`
    });
  }
  if (saved.size !== inspected.size) {
    logger.debug(`${reference}: layer tars hold ${saved.size} bytes of files; the engine reports ${inspected.size}`);
  }
  const digest = inspected.repoDigests[0]?.split("@")[1];
  return {
    source: "daemon",
    reference,
    id: inspected.id,
    ...digest ? { digest } : {},
    repoTags: inspected.repoTags,
    repoDigests: inspected.repoDigests,
    platform: inspected.platform,
    ...inspected.created ? { created: inspected.created } : {},
    size: saved.size,
    config: inspected.config,
    layers: saved.layers.map((layer) => ({
      diffId: layer.diffId,
      size: layer.size,
      ...layer.historyIndex !== void 0 ? { historyIndex: layer.historyIndex } : {}
    })),
    history: saved.history,
    ...saved.contents ? { contents: saved.contents } : {}
  };
}
async function inspect(docker, reference, logger) {
  let stdout;
  try {
    ({ stdout } = await exec(docker, ["image", "inspect", "--", reference], { logger, timeoutMs: 12e4 }));
  } catch (error) {
    if (error instanceof ToolError && NOT_FOUND.test(error.stderrTail)) {
      throw new ImageNotInDaemonError(
        `image ${JSON.stringify(reference)} is not in the Docker daemon (build it, pull it, or pass an archive)`,
        void 0,
        { cause: error }
      );
    }
    throw error;
  }
  const parsed = parseOutput(stdout, `docker image inspect ${reference}`);
  const image = Array.isArray(parsed) ? parsed[0] : void 0;
  if (!isObject(image) || typeof image.Id !== "string") {
    throw new ToolError(`docker image inspect ${reference} printed no image`, { command: `docker image inspect` });
  }
  const rootfs = isObject(image.RootFS) ? image.RootFS : {};
  const diffIds = Array.isArray(rootfs.Layers) ? rootfs.Layers.filter((l) => typeof l === "string") : [];
  return {
    id: image.Id,
    repoTags: strings(image.RepoTags),
    repoDigests: strings(image.RepoDigests),
    created: typeof image.Created === "string" ? image.Created : void 0,
    platform: platformOf(image.Os, image.Architecture, image.Variant),
    config: runConfigFacts(image.Config),
    diffIds,
    size: typeof image.Size === "number" ? image.Size : 0
  };
}
async function readSaved(docker, id, reference, limits, logger, options) {
  const label = `docker save ${reference}`;
  const contents = contentOptions(options);
  try {
    return await execStream(docker, ["save", id], { logger }, async (stdout) => {
      const store = await readStreamedArchive(stdout, label, {
        hash: false,
        limits,
        ...contents ? { collector: new LayerTreeCollector() } : {}
      });
      return readDockerSaveFromStore(store, {
        logger,
        limits,
        image: id,
        verifyDigests: false,
        ...contents ? { contents } : {}
      });
    });
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    throw new ToolError(`docker save ${reference} produced an archive imagegate cannot read: ${error.message}`, {
      command: `${docker} save ${id}`
    });
  }
}
function parseOutput(text2, command) {
  try {
    return JSON.parse(text2);
  } catch {
    throw new ToolError(`${command} printed something that is not JSON`, { command, stderrTail: text2.slice(0, 2e3) });
  }
}
function strings(value) {
  return Array.isArray(value) ? value.filter((item) => typeof item === "string") : [];
}

// src/image/source/registry/registry-store.ts
var RegistryBlobStore = class {
  /** `path` is how messages name the image (its reference); `blobs` are those its manifest lists. */
  constructor(path27, client, repository, blobs) {
    this.path = path27;
    this.client = client;
    this.repository = repository;
    for (const blob of blobs) this.blobs.set(blobPath(blob.digest, path27, "blob"), blob);
  }
  path;
  client;
  repository;
  blobs = /* @__PURE__ */ new Map();
  locate(name) {
    const digest = digestOfBlobPath(name);
    return digest ? `${this.client.registry}/${this.repository}@${digest}` : `${this.path}!/${name}`;
  }
  async has(name) {
    return this.blobs.has(name);
  }
  async size(name) {
    return this.blobs.get(name)?.size;
  }
  async readBytes(name, maxBytes, what) {
    const blob = this.require(name, what);
    if (blob.size > maxBytes) {
      throw new ConfigurationError(`${what} is ${blob.size} bytes; imagegate reads at most ${maxBytes} bytes of it`, {
        path: this.locate(name)
      });
    }
    return this.client.readBlob(this.repository, blob, what);
  }
  /** The blob as it arrives from the registry (size and digest checked at its end). */
  openBlob(name, what = "layer") {
    return this.client.blobStream(this.repository, this.require(name, what), what);
  }
  async analyzeLayer(name, options) {
    const analyzer = new LayerAnalyzer({ path: this.locate(name), what: "layer" }, { ...options, hashBlob: false });
    const stream = this.openBlob(name);
    try {
      for await (const chunk of stream) {
        const wait = analyzer.write(chunk);
        if (wait) await wait;
      }
      const stats = await analyzer.end();
      return options.hash ? { ...stats, blobDigest: this.require(name, "layer").digest } : stats;
    } finally {
      analyzer.destroy();
      await stream.return(void 0);
    }
  }
  async close() {
  }
  require(name, what) {
    const blob = this.blobs.get(name);
    if (!blob) throw missingEntry(this, name, what);
    return blob;
  }
};

// src/image/source/registry/read-registry.ts
async function readFromRegistry(reference, options) {
  return withClient(reference, options, async (client, ref) => {
    const limits = resolveReadLimits(options.limits);
    const verifyDigests = options.verifyDigests ?? true;
    const resolved = options.resolved ?? await resolveWith(client, ref, options);
    const store = new RegistryBlobStore(ref.original, client, ref.repository, resolved.layers);
    const manifestWhat = `manifest ${resolved.manifest.digest}`;
    const pointers = resolved.layers.map((descriptor, i) => ({
      name: blobPath(descriptor.digest, ref.original, `${manifestWhat} layers[${i}]`),
      diffId: resolved.config.diffIds[i] ?? "",
      blobDigest: descriptor.digest,
      blobSize: descriptor.size,
      ...descriptor.mediaType ? { mediaType: descriptor.mediaType } : {},
      what: `${manifestWhat} layers[${i}]`
    }));
    const contents = contentOptions(options);
    const { layers, contents: contentFacts } = await readLayers(store, pointers, {
      logger: options.logger,
      limits,
      verifyDigests,
      ...contents ? { contents } : {}
    });
    const familiarName = familiarRepository(ref);
    return assembleFacts(
      {
        source: "registry",
        reference: ref.original,
        id: resolved.configDigest,
        digest: resolved.digest,
        repoTags: ref.tag !== void 0 ? [`${familiarName}:${ref.tag}`] : [],
        repoDigests: [`${familiarName}@${resolved.digest}`],
        config: resolved.config,
        layers,
        ...contentFacts ? { contents: contentFacts } : {}
      },
      options.logger,
      ref.original
    );
  });
}
async function listRegistryPlatforms(reference, options) {
  return withClient(reference, options, async (client, ref) => {
    const root = await client.getManifest(ref.repository, ref.digest ?? ref.tag ?? "latest");
    if (root.kind !== "index") return [];
    const rootDescriptor = {
      ...root.mediaType ? { mediaType: root.mediaType } : {},
      digest: root.digest,
      size: root.size,
      annotations: {}
    };
    const readIndex = async (descriptor) => descriptor.digest === root.digest ? root.body : (await client.getManifest(ref.repository, descriptor.digest)).body;
    return indexPlatforms([rootDescriptor], options, readIndex, ref.original);
  });
}
async function resolveRegistryImage(reference, options) {
  return withClient(reference, options, (client, ref) => resolveWith(client, ref, options));
}
async function withClient(reference, options, work) {
  const ref = parseImageReference(reference);
  if (options.client && options.client.registry !== ref.registry) {
    throw new Error(`a client for ${options.client.registry} cannot read ${ref.normalized}`);
  }
  const limits = resolveReadLimits(options.limits);
  const client = options.client ?? await RegistryClient.open(ref.registry, {
    ...options.access,
    logger: options.logger,
    maxDocumentBytes: limits.maxJsonBytes
  });
  try {
    return await work(client, ref);
  } finally {
    if (!options.client) client.close();
  }
}
async function resolveWith(client, ref, options) {
  const { logger } = options;
  const subject2 = ref.original;
  const root = await client.getManifest(ref.repository, ref.digest ?? ref.tag ?? "latest");
  const fetched = /* @__PURE__ */ new Map([[root.digest, root]]);
  const readManifest = async (descriptor) => {
    const known2 = fetched.get(descriptor.digest);
    if (known2) return known2;
    const manifest2 = await client.getManifest(ref.repository, descriptor.digest);
    if (manifest2.size !== descriptor.size) {
      throw new ConfigurationError(
        `${subject2}: the index says manifest ${descriptor.digest} has ${descriptor.size} bytes, it has ${manifest2.size}`
      );
    }
    fetched.set(descriptor.digest, manifest2);
    return manifest2;
  };
  const rootDescriptor = {
    ...root.mediaType ? { mediaType: root.mediaType } : {},
    digest: root.digest,
    size: root.size,
    annotations: {}
  };
  const chosen = root.kind === "index" ? await chooseManifest([rootDescriptor], options, async (d) => (await readManifest(d)).body, subject2) : { descriptor: rootDescriptor, annotations: {} };
  const manifest = await readManifest(chosen.descriptor);
  if (manifest.kind === "index") {
    throw new ConfigurationError(`${subject2}: manifest ${manifest.digest} is an index nested more than one level deep`);
  }
  const manifestWhat = `manifest ${manifest.digest}`;
  const configDescriptor = parseDescriptor(
    manifest.body.config,
    `${manifestWhat} config`,
    subject2
  );
  checkImageConfigType(configDescriptor.mediaType, subject2);
  const layers = parseDescriptorList(manifest.body, "layers", subject2, manifestWhat);
  blobPath(configDescriptor.digest, subject2, `${manifestWhat} config`);
  const configBytes = await client.readBlob(ref.repository, configDescriptor, "image config");
  const configLocation = `${client.registry}/${ref.repository}@${configDescriptor.digest}`;
  const config = parseImageConfig(parseJson(configBytes, configLocation, "image config"), configLocation);
  if (options.platform !== void 0 && !platformMatches(config.platform, parsePlatform(options.platform))) {
    throw new ConfigurationError(
      `${subject2}: the image is for ${platformText(config.platform)}, not the requested ${options.platform}`
    );
  }
  if (layers.length !== config.diffIds.length) {
    throw new ConfigurationError(
      `${subject2}: ${manifestWhat} lists ${layers.length} layers but its config's rootfs.diff_ids has ${config.diffIds.length}`
    );
  }
  logger.debug(
    `${subject2}: ${root.digest}${manifest.digest !== root.digest ? ` → ${manifest.digest}` : ""}, ${platformText(config.platform)}, ${layers.length} layers`
  );
  return {
    reference: ref,
    digest: root.digest,
    manifest: {
      digest: manifest.digest,
      ...manifest.mediaType ? { mediaType: manifest.mediaType } : {},
      size: manifest.size
    },
    configDigest: configDescriptor.digest,
    config,
    layers,
    compressedSize: layers.reduce((sum, layer) => sum + layer.size, 0)
  };
}
function familiarRepository(ref) {
  const suffix = (ref.tag !== void 0 ? `:${ref.tag}` : "") + (ref.digest !== void 0 ? `@${ref.digest}` : "");
  return ref.familiar.slice(0, ref.familiar.length - suffix.length);
}

// src/image/source/registry/pull-policy.ts
var DAEMON_UNREACHABLE = /Cannot connect to the Docker daemon|Is the docker daemon running|error during connect/i;
var PULL_USER_ERROR = /not found|manifest unknown|repository does not exist|pull access denied|unauthorized|denied|no matching manifest/i;
async function readWithPullPolicy(reference, pull, context) {
  const { logger } = context;
  const daemonOptions = {
    logger,
    ...context.docker ? { docker: context.docker } : {},
    ...context.limits ? { limits: context.limits } : {},
    ...context.contents !== void 0 ? { contents: context.contents } : {}
  };
  if (pull === "always") {
    await dockerPull(reference, context);
    return readFromDaemon(reference, daemonOptions);
  }
  try {
    return await readFromDaemon(reference, daemonOptions);
  } catch (error) {
    const absent = error instanceof ImageNotInDaemonError;
    if (pull === "missing" && absent) {
      await dockerPull(reference, context);
      return readFromDaemon(reference, daemonOptions);
    }
    if (pull !== "never" || !(absent || daemonUnreachable(error))) throw error;
    const registry = parseImageReference(reference).registry;
    logger.info(
      `${reference} is ${absent ? "not in the Docker daemon" : "not readable from a Docker daemon (none is reachable)"}; reading it from registry ${registry} (--pull=never)`
    );
    return readFromRegistry(reference, {
      logger,
      access: context.registry,
      ...context.platform ? { platform: context.platform } : {},
      ...context.limits ? { limits: context.limits } : {},
      ...context.verifyDigests !== void 0 ? { verifyDigests: context.verifyDigests } : {},
      ...context.contents !== void 0 ? { contents: context.contents } : {}
    });
  }
}
function daemonUnreachable(error) {
  if (!(error instanceof ToolError)) return false;
  return /was not found on PATH/.test(error.message) || DAEMON_UNREACHABLE.test(`${error.message}
${error.stderrTail}`);
}
async function dockerPull(reference, context) {
  const docker = context.docker ?? "docker";
  const platform = context.platform ? ["--platform", context.platform] : [];
  try {
    await exec(docker, ["pull", "--quiet", ...platform, "--", reference], {
      logger: context.logger,
      timeoutMs: 30 * 60 * 1e3
    });
  } catch (error) {
    if (error instanceof ToolError && error.toolExitCode !== void 0 && PULL_USER_ERROR.test(error.stderrTail)) {
      throw new ConfigurationError(`docker pull ${reference} failed:
${error.stderrTail.trim()}`, void 0, {
        cause: error
      });
    }
    throw error;
  }
}

// src/image/read-image.ts
async function readImage(input, context) {
  switch (input.kind) {
    case "daemon":
      if (input.pull === void 0) return readFromDaemon(input.reference, context);
      return readWithPullPolicy(input.reference, input.pull, { ...context, registry: registryAccess(context) });
    case "registry":
      return readFromRegistry(input.reference, { ...context, access: registryAccess(context) });
    case "archive":
      return readDockerArchive(input.path, context);
    case "oci-layout":
      return readOciLayout(input.path, context);
  }
}
function registryAccess(context) {
  return context.registry ?? { environment: {} };
}

// src/pipeline/acquire-image.ts
async function acquireImage(config, input, logger, hasher) {
  const platform = config.platform ? { platform: config.platform } : {};
  if (input.kind !== "build") {
    const registry = { environment: config.environment, insecureRegistries: config.insecureRegistries ?? [] };
    const facts = await readImage(input, {
      logger,
      ...platform,
      registry,
      contents: true,
      ...hasher ? { hasher } : {}
    });
    return { facts, scanInput: facts.source === "registry" ? registryScanInput(facts) : input };
  }
  if (!config.dockerfile) throw new Error("a build needs a Dockerfile; the entry point must resolve one");
  const built = await buildImage(
    {
      context: input.context,
      dockerfile: config.dockerfile,
      buildArgs: config.buildArgs,
      tag: input.tag,
      ...config.target ? { target: config.target } : {},
      ...platform
    },
    { logger }
  );
  logger.info(`built ${built.tag} (${built.imageId}) with ${built.builder}`);
  const scanInput = { kind: "daemon", reference: built.tag };
  return { facts: await readImage(scanInput, { logger, contents: true }), scanInput };
}
function registryScanInput(facts) {
  const reference = parseImageReference(facts.reference ?? "");
  return { kind: "registry", reference: facts.digest ? `${reference.name}@${facts.digest}` : reference.original };
}

// src/pipeline/config-secrets-stage.ts
import { readFile as readFile3 } from "node:fs/promises";
function hideConfigSecrets(image, policy, logger) {
  const { image: hidden, values } = redactConfigSecrets(image, { names: secretNameGlobs(policy) });
  for (const value of values) logger.mask(value);
  return hidden;
}
function maskDockerfileSecrets(dockerfile, buildArgs, policy, logger) {
  const history = dockerfile.instructions.map((instruction) => ({
    createdBy: [`${instruction.keyword} ${instruction.args}`, ...instruction.heredocs].join("\n"),
    emptyLayer: instruction.keyword !== "RUN"
  }));
  const args = Object.entries(buildArgs);
  if (args.length > 0) {
    const pairs2 = args.map(([name, value]) => `${name}=${value}`).join(" ");
    history.push({ createdBy: `RUN |${args.length} ${pairs2} /bin/sh -c true`, emptyLayer: false });
  }
  const facts = {
    source: "daemon",
    id: "",
    repoTags: [],
    repoDigests: [],
    platform: { os: "unknown", architecture: "unknown" },
    size: 0,
    config: { user: "", env: [], entrypoint: null, cmd: null, workingDir: "", labels: {}, exposedPorts: [] },
    layers: [],
    history
  };
  for (const secret2 of findConfigSecrets(facts, { names: secretNameGlobs(policy) })) logger.mask(secret2.value);
}
function secretNameGlobs(policy) {
  const names = /* @__PURE__ */ new Set();
  for (const rules of [policy.defaults, ...policy.images.map((override) => override.rules)]) {
    const secrets = rules.config?.secrets;
    if (secrets) for (const name of secrets.names) names.add(name);
  }
  return [...names];
}
async function redactToolOutput(file, redactor) {
  const text2 = await readFile3(file, "utf8").catch(() => void 0);
  if (text2 === void 0) return;
  if (redactor.redact(text2) !== text2) await writeFileAtomic(file, text2, "the Trivy report", redactor);
}

// src/report/result-json.ts
var RESULT_SCHEMA_VERSION = 1;
var RESULT_FILE_NAME = "imagegate.json";
function toResultDocument(result, options) {
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    tool: { name: "imagegate", version: options.toolVersion },
    startedAt: result.startedAt,
    finishedAt: result.finishedAt,
    verdict: result.verdict,
    failOn: result.failOn,
    familyFailOn: { ...result.familyFailOn },
    image: result.composeOnly ? null : imageSection(result.image, result.layerInstructions),
    dockerfile: result.dockerfile ?? null,
    policy: {
      files: [...result.policyFiles],
      source: result.policySource ? {
        origin: result.policySource.origin,
        ref: result.policySource.ref ?? null,
        commit: result.policySource.commit ?? null,
        path: result.policySource.path ?? null,
        note: result.policySource.note ?? null
      } : null,
      changes: result.policyChanges ? result.policyChanges.map((change) => ({ ...change })) : null,
      head: result.headPolicy ? { ...result.headPolicy, counts: { ...result.headPolicy.counts } } : null
    },
    findings: [...result.findings].sort(bySeverity).map(findingEntry),
    counts: { ...result.counts },
    suppressedCount: result.suppressedCount,
    scan: result.scan ? scanSection(result.scan) : null,
    baseline: result.baseline ? baselineSection(result.baseline) : null,
    compose: result.compose ? { projects: result.compose.projects.map((project) => ({ ...project, files: [...project.files] })) } : null,
    kubernetes: result.kubernetes ? { ...result.kubernetes, files: [...result.kubernetes.files] } : null,
    budgets: (result.budgets ?? []).map(({ layer, layersOver, ...budget2 }) => ({
      ...budget2,
      layer: layer ?? null,
      layersOver: layersOver ?? null
    })),
    signatures: result.signatures ? { trustRoot: result.signatures.trustRoot, rows: result.signatures.rows.map((row2) => ({ ...row2 })) } : null,
    provenance: result.provenance ? provenanceSection(result.provenance) : null,
    platforms: result.platforms ? result.platforms.map(platformEntry) : null,
    notChecked: [...result.warnings ?? []]
  };
}
function platformEntry(platform) {
  return {
    platform: platform.platform,
    imageId: platform.imageId,
    digest: platform.digest ?? null,
    size: platform.size,
    compressedSize: platform.compressedSize ?? null,
    layers: platform.layers,
    counts: { ...platform.counts },
    vulnerabilities: { ...platform.vulnerabilities },
    verdict: platform.verdict,
    reportDir: platform.reportDir
  };
}
function provenanceSection(provenance) {
  return {
    unread: provenance.unread ?? null,
    documents: provenance.documents.map((document) => ({
      origin: document.origin,
      predicateType: document.predicateType,
      buildType: document.buildType ?? null,
      builderId: document.builderId,
      source: document.source ? {
        repository: document.source.repository,
        ref: document.source.ref ?? null,
        digest: document.source.digest ?? null
      } : null,
      bases: document.bases.map((base) => ({
        uri: base.uri,
        image: base.image ?? null,
        digest: base.digest ?? null,
        pinned: base.pinned
      })),
      signature: document.signature ? {
        status: document.signature.status,
        signer: "signer" in document.signature ? document.signature.signer : null,
        reason: "reason" in document.signature ? document.signature.reason : null
      } : null
    }))
  };
}
function scanSection(scan) {
  return {
    scanner: { name: scan.scanner.name, version: scan.scanner.version ?? null },
    binary: scan.binary ? { ...scan.binary } : null,
    feeds: (scan.feeds ?? []).map((record) => ({
      feed: record.feed,
      origin: record.origin,
      source: record.source,
      sha256: record.sha256,
      bytes: record.bytes,
      downloadedAt: record.downloadedAt ?? null,
      version: record.version ?? null,
      entries: record.entries
    })),
    dbUpdatedAt: scan.dbUpdatedAt ?? null,
    db: scan.db ? {
      updatedAt: scan.db.updatedAt,
      downloadedAt: scan.db.downloadedAt ?? null,
      ageSeconds: scan.db.ageSeconds,
      offline: scan.db.offline
    } : null,
    cached: scan.cached ? { savedAt: scan.cached.savedAt, ageSeconds: scan.cached.ageSeconds } : null,
    artifact: { name: scan.artifactName, type: scan.artifactType ?? null },
    found: {
      vulnerabilities: scan.vulnerabilities.length,
      secrets: scan.secrets.length,
      licenses: scan.licenses.length
    }
  };
}
function baselineSection(baseline) {
  const fingerprints = (findings) => [
    ...new Set(findings.map((finding2) => finding2.fingerprint))
  ];
  return {
    file: baseline.file,
    new: { count: baseline.new.length, fingerprints: fingerprints(baseline.new) },
    fixed: { count: baseline.fixed.length, fingerprints: fingerprints(baseline.fixed) },
    unchanged: baseline.unchanged
  };
}
function imageSection(image, instructions) {
  return {
    reference: image.reference ?? null,
    id: image.id,
    digest: image.digest ?? null,
    source: image.source,
    platform: {
      os: image.platform.os,
      architecture: image.platform.architecture,
      variant: image.platform.variant ?? null
    },
    created: image.created ?? null,
    size: image.size,
    compressedSize: image.compressedSize ?? null,
    layerCount: image.layers.length,
    user: image.config.user,
    labels: { ...image.config.labels },
    repoTags: [...image.repoTags],
    repoDigests: [...image.repoDigests],
    layers: image.layers.map((layer, index) => layerEntry(layer, index, image.history, instructions[index])),
    history: image.history.map(historyEntry),
    contents: image.contents ? contentsSection(image.contents, instructions) : null
  };
}
function contentsSection(contents, instructions) {
  const at3 = (layer) => {
    const instruction = instructions[layer];
    return instruction ? sourceLocation(instruction) : null;
  };
  const { filesystem: _filesystem, ...summary } = contents;
  return {
    ...summary,
    layers: contents.layers.map((layer, index) => ({ index, ...layer })),
    topWasted: contents.topWasted.map((wasted) => ({
      ...wasted,
      instruction: at3(wasted.layer),
      removedByInstruction: at3(wasted.removedBy)
    }))
  };
}
function layerEntry(layer, index, history, instruction) {
  const made = layer.historyIndex === void 0 ? void 0 : history[layer.historyIndex];
  return {
    index,
    diffId: layer.diffId,
    digest: layer.digest ?? null,
    size: layer.size,
    compressedSize: layer.compressedSize ?? null,
    mediaType: layer.mediaType ?? null,
    historyIndex: layer.historyIndex ?? null,
    createdBy: made?.createdBy ?? null,
    created: made?.created ?? null,
    instruction: instruction ? sourceLocation(instruction) : null
  };
}
function historyEntry(entry, index) {
  return {
    index,
    createdBy: entry.createdBy,
    created: entry.created ?? null,
    comment: entry.comment ?? null,
    emptyLayer: entry.emptyLayer,
    layerIndex: entry.layerIndex ?? null
  };
}
function sourceLocation(location) {
  return { path: location.path, line: location.line, column: location.column ?? null };
}
function findingEntry(finding2) {
  const { location, suppressedBy } = finding2;
  return {
    ruleId: finding2.ruleId,
    severity: finding2.severity,
    message: finding2.message,
    location: location.kind === "source" ? sourceLocation(location) : { image: location.image, layer: location.layer ?? null },
    fingerprint: finding2.fingerprint,
    suppressed: suppressedBy !== void 0,
    suppression: suppressedBy ? {
      by: suppressedBy.by ?? "allowlist",
      author: suppressedBy.author ?? null,
      timestamp: suppressedBy.timestamp ?? null,
      status: suppressedBy.status ?? null,
      justification: suppressedBy.justification ?? null,
      reason: suppressedBy.reason,
      expires: suppressedBy.expires ?? null,
      source: suppressedBy.source ? sourceLocation(suppressedBy.source) : null
    } : null,
    properties: { ...finding2.properties },
    ...finding2.platforms ? { platforms: [...finding2.platforms] } : {}
  };
}

// src/baseline/baseline.ts
var MAX_BASELINE_BYTES = 256 * 1024 * 1024;
var EXPECTED = "expected imagegate.json from an earlier imagegate run";
async function loadBaseline(file, displayPath) {
  const fail = (message) => {
    throw new ConfigurationError(message, { path: displayPath });
  };
  return readDocument(file, "baseline-report", EXPECTED, (input) => parseBaseline(input.value, displayPath, fail), {
    what: "the baseline report",
    display: displayPath,
    maxBytes: MAX_BASELINE_BYTES
  });
}
function parseBaseline(document, file, fail) {
  if (!isObject2(document)) return fail(`the baseline report is not a JSON object; ${EXPECTED}`);
  if ("SchemaVersion" in document && "ArtifactName" in document) {
    return fail(`this is a Trivy report, not an imagegate result; ${EXPECTED} (--trivy-report takes Trivy's)`);
  }
  if (!isObject2(document.tool) || document.tool.name !== "imagegate" || !("schemaVersion" in document)) {
    return fail(`the baseline report has no schemaVersion and tool.name "imagegate"; ${EXPECTED}`);
  }
  if (document.schemaVersion !== RESULT_SCHEMA_VERSION) {
    return fail(
      `the baseline report has schemaVersion ${excerptValue(document.schemaVersion)}; this imagegate reads schemaVersion ${RESULT_SCHEMA_VERSION}`
    );
  }
  if (!Array.isArray(document.findings)) return fail("findings: expected an array of findings");
  const findings = document.findings.map((entry, index) => baselineFinding(entry, `findings[${index}]`, fail));
  const image = isObject2(document.image) ? document.image : {};
  const name = typeof image.reference === "string" ? image.reference : typeof image.id === "string" ? image.id : null;
  const imageSummary = name !== null ? baselineImageSummary(image, name) : void 0;
  return {
    file,
    toolVersion: typeof document.tool.version === "string" ? document.tool.version : null,
    startedAt: typeof document.startedAt === "string" ? document.startedAt : null,
    image: name,
    findings,
    ...imageSummary ? { imageSummary } : {}
  };
}
function baselineImageSummary(image, name) {
  if (typeof image.size !== "number" || !Array.isArray(image.layers)) return void 0;
  const layers = image.layers.filter(isObject2).map((layer) => ({
    diffId: typeof layer.diffId === "string" ? layer.diffId : "",
    size: typeof layer.size === "number" ? layer.size : 0,
    ...typeof layer.createdBy === "string" ? { createdBy: layer.createdBy } : {}
  }));
  return {
    name,
    size: image.size,
    ...typeof image.compressedSize === "number" ? { compressedSize: image.compressedSize } : {},
    layers
  };
}
function baselineFinding(entry, where, fail) {
  if (!isObject2(entry)) return fail(`${where}: expected a finding object`);
  const text2 = (key) => {
    const value = entry[key];
    return typeof value === "string" && value !== "" ? value : fail(`${where}.${key}: expected a non-empty string`);
  };
  const severity = entry.severity;
  if (typeof severity !== "string" || !SEVERITIES.includes(severity)) {
    return fail(`${where}.severity: expected one of ${SEVERITIES.join(", ")}`);
  }
  const fingerprint = text2("fingerprint");
  if (!/^[0-9a-f]{32}$/.test(fingerprint)) return fail(`${where}.fingerprint: expected 32 lowercase hex digits`);
  if (typeof entry.suppressed !== "boolean") return fail(`${where}.suppressed: expected true or false`);
  return {
    ruleId: text2("ruleId"),
    severity,
    message: typeof entry.message === "string" ? entry.message : "",
    fingerprint,
    suppressed: entry.suppressed,
    location: baselineLocation(entry.location),
    properties: scalarProperties(entry.properties)
  };
}
function baselineLocation(value) {
  if (!isObject2(value)) return null;
  if (typeof value.path === "string" && Number.isInteger(value.line)) {
    return {
      path: value.path,
      line: value.line,
      column: Number.isInteger(value.column) ? value.column : null
    };
  }
  if (typeof value.image === "string") {
    return { image: value.image, layer: typeof value.layer === "string" ? value.layer : null };
  }
  return null;
}
function scalarProperties(value) {
  const out = {};
  if (!isObject2(value)) return out;
  for (const [key, item] of Object.entries(value)) {
    if (item === null || ["string", "number", "boolean"].includes(typeof item))
      out[key] = item;
  }
  return out;
}
function compareWithBaseline(findings, baseline) {
  const before = /* @__PURE__ */ new Map();
  for (const finding2 of baseline.findings) {
    if (!finding2.suppressed && !before.has(finding2.fingerprint)) before.set(finding2.fingerprint, finding2);
  }
  const active = findings.filter((finding2) => !finding2.suppressedBy);
  const now = new Set(active.map((finding2) => finding2.fingerprint));
  const added = active.filter((finding2) => !before.has(finding2.fingerprint)).sort(byRelevance);
  const fixed = [...before.values()].filter((finding2) => !now.has(finding2.fingerprint)).sort(bySeverity);
  return { new: added, fixed, unchanged: active.length - added.length };
}
function isObject2(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// src/pipeline/scan-stage.ts
import { mkdir as mkdir3 } from "node:fs/promises";
import path7 from "node:path";

// src/scan/runner/db-age.ts
import path4 from "node:path";
async function readDbAge(cacheDir, now, offline) {
  const state = await readTrivyDbState(cacheDir, "db");
  const updatedAt = state.metadata?.updatedAt;
  if (!state.hasDatabase || !updatedAt) return void 0;
  return {
    updatedAt: updatedAt.toISOString(),
    ...state.metadata?.downloadedAt ? { downloadedAt: state.metadata.downloadedAt.toISOString() } : {},
    ageSeconds: Math.max(0, Math.floor((now.getTime() - updatedAt.getTime()) / 1e3)),
    offline
  };
}
async function requireOfflineDb(cacheDir) {
  const state = await readTrivyDbState(cacheDir, "db");
  if (state.hasDatabase && state.metadata) return;
  const layout = TRIVY_DATABASES.db;
  const missing = state.hasDatabase ? path4.join(cacheDir, layout.dir, "metadata.json") : path4.join(cacheDir, layout.dir, layout.file);
  throw new ToolError(
    `offline: no Trivy vulnerability DB to scan with (${missing} is missing). Bring one: run \`imagegate offline bundle --out DIR\` where there is network and pass \`--offline-bundle DIR\` here, or fill \`--trivy-cache-dir\` with \`trivy image --download-db-only --cache-dir DIR\` before the offline run`,
    { command: "imagegate check --offline" }
  );
}

// src/scan/report/trivy-report.ts
import { constants as bufferConstants } from "node:buffer";
import { readSync } from "node:fs";
import { open as open4, readFile as readFile4, stat as stat4 } from "node:fs/promises";

// src/image/from-trivy-report.ts
var DIGEST2 = /^sha256:[a-f0-9]{64}$/;
var ARCHIVE_PATH = /\.(?:tar|tgz|tar\.gz|tar\.zst|tar\.xz|tar\.bz2|oci)$/i;
var GO_ZERO_TIME = "0001-01-01T00:00:00Z";
function imageFactsFromTrivyReport(report, options) {
  const { where, logger } = options;
  const fail = (path27, message) => {
    const position = options.locate?.(path27);
    throw new ConfigurationError(`${formatPath(path27)} ${message}`, {
      path: where,
      ...position
    });
  };
  const artifactType = report.ArtifactType;
  if (artifactType !== void 0 && artifactType !== "container_image") return void 0;
  const metadata = isObject(report.Metadata) ? report.Metadata : {};
  if (!isObject(metadata.ImageConfig)) {
    if (artifactType === "container_image") {
      logger.warning(
        `${where}: the report has no Metadata.ImageConfig, so the image's config, history and layers are unknown; the image rules need the image itself (--image, --archive, …)`
      );
    }
    return void 0;
  }
  const imageConfig = metadata.ImageConfig;
  const rootfs = isObject(imageConfig.rootfs) ? imageConfig.rootfs : {};
  const reportLayers = layerEntries(metadata.Layers, fail);
  const diffIds = Array.isArray(rootfs.diff_ids) && rootfs.diff_ids.length > 0 ? rootfs.diff_ids : Array.isArray(metadata.DiffIDs) ? metadata.DiffIDs : reportLayers.map((layer) => layer.diffId);
  let parsed;
  try {
    parsed = parseImageConfig({ ...imageConfig, rootfs: { ...rootfs, diff_ids: diffIds } }, "Metadata.ImageConfig");
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    throw new ConfigurationError(error.message, { path: where, ...options.locate?.(["Metadata", "ImageConfig"]) });
  }
  const reportSize = metadata.Size;
  if (reportSize !== void 0 && reportSize !== null && (typeof reportSize !== "number" || reportSize < 0)) {
    fail(["Metadata", "Size"], `is ${excerptValue(reportSize)}; expected a size in bytes`);
  }
  const layers = layersWithSizes(parsed.diffIds, reportLayers, reportSize, where, logger);
  linkHistory(parsed.history, layers, logger, where);
  const repoTags = strings2(metadata.RepoTags);
  const repoDigests = strings2(metadata.RepoDigests);
  const reference = chooseReference(report.ArtifactName, repoTags, repoDigests);
  const digest = repoDigests[0]?.split("@")[1];
  const imageId = metadata.ImageID;
  if (imageId !== void 0 && typeof imageId !== "string") {
    fail(["Metadata", "ImageID"], `is ${excerptValue(imageId)}; expected the image's config digest`);
  }
  return {
    source: "trivy-report",
    ...reference !== void 0 ? { reference } : {},
    id: typeof imageId === "string" ? imageId : "",
    ...digest ? { digest } : {},
    repoTags,
    repoDigests,
    platform: parsed.platform,
    ...parsed.created !== void 0 && parsed.created !== GO_ZERO_TIME ? { created: parsed.created } : {},
    size: typeof reportSize === "number" ? reportSize : layers.reduce((sum, layer) => sum + layer.size, 0),
    config: parsed.config,
    layers,
    history: parsed.history
  };
}
function layerEntries(value, fail) {
  if (value === void 0 || value === null) return [];
  if (!Array.isArray(value)) return fail(["Metadata", "Layers"], "is not an array; expected [{Size, Digest, DiffID}]");
  return value.map((entry, index) => {
    const at3 = ["Metadata", "Layers", index];
    if (!isObject(entry)) return fail(at3, "is not an object; expected {Size, Digest, DiffID}");
    const { DiffID: diffId, Size: size, Digest: digest } = entry;
    if (typeof diffId !== "string" || !DIGEST2.test(diffId)) {
      return fail([...at3, "DiffID"], `is ${excerptValue(diffId)}; expected sha256:<64 hex digits>`);
    }
    if (size !== void 0 && (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0)) {
      return fail([...at3, "Size"], `is ${excerptValue(size)}; expected a size in bytes`);
    }
    return {
      diffId,
      ...typeof size === "number" ? { size } : {},
      // Trivy writes an empty Digest when it scanned an image whose blobs it never saw (the daemon, a tar).
      ...typeof digest === "string" && DIGEST2.test(digest) ? { digest } : {}
    };
  });
}
function layersWithSizes(diffIds, reportLayers, imageSize, where, logger) {
  const byDiffId = /* @__PURE__ */ new Map();
  for (const layer of reportLayers) {
    const queue = byDiffId.get(layer.diffId);
    if (queue) queue.push(layer);
    else byDiffId.set(layer.diffId, [layer]);
  }
  let unknownSizes = 0;
  const layers = diffIds.map((diffId) => {
    const known2 = byDiffId.get(diffId)?.shift();
    let size = known2?.size;
    if (size === void 0 && diffIds.length === 1 && typeof imageSize === "number") size = imageSize;
    if (size === void 0) unknownSizes += 1;
    return { diffId, size: size ?? 0, ...known2?.digest ? { digest: known2.digest } : {} };
  });
  if (unknownSizes > 0) {
    logger.warning(
      `${where}: the report gives no size for ${unknownSizes} of ${diffIds.length} layers (Metadata.Layers is written by Trivy 0.62 and later); they count as 0 bytes in layer rules`
    );
  }
  return layers;
}
function chooseReference(artifactName, repoTags, repoDigests) {
  const parsedName = typeof artifactName === "string" ? tryParse(artifactName) : void 0;
  if (parsedName && typeof artifactName === "string") {
    const known2 = [...repoTags, ...repoDigests].some((name) => tryParse(name)?.name === parsedName.name);
    if (known2 || !ARCHIVE_PATH.test(artifactName)) return artifactName;
  }
  return [...repoTags, ...repoDigests].find((name) => tryParse(name) !== void 0);
}
function tryParse(text2) {
  try {
    return parseImageReference(text2);
  } catch {
    return void 0;
  }
}
function formatPath(path27) {
  return path27.map((segment, i) => typeof segment === "number" ? `[${segment}]` : i === 0 ? segment : `.${segment}`).join("");
}
function strings2(value) {
  return Array.isArray(value) ? value.filter((item) => typeof item === "string") : [];
}

// src/scan/report/trivy-report-json.ts
function isJsonObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function failAtFor(text2, displayPath) {
  return (path27, message) => {
    const position = locateJsonPath(text2, path27);
    throw new ConfigurationError(`${formatJsonPath(path27)} ${message}`, { path: displayPath, ...position });
  };
}
function formatJsonPath(path27) {
  let text2 = "";
  for (const segment of path27) {
    if (typeof segment === "number") text2 += `[${segment}]`;
    else text2 += text2 === "" ? segment : `.${segment}`;
  }
  return text2 === "" ? "the document" : text2;
}
var FieldReader = class {
  constructor(fail) {
    this.fail = fail;
  }
  fail;
  /** A string, or undefined when absent, null or empty (Trivy omits empty fields, but not every writer does). */
  string(record, key, at3) {
    const value = record[key];
    if (typeof value === "string") return value === "" ? void 0 : value;
    if (value === void 0 || value === null) return void 0;
    return this.fail([...at3, key], `is ${describeJson(value)}; expected a string`);
  }
  requiredString(record, key, at3, what) {
    const value = this.string(record, key, at3);
    if (value === void 0) {
      return this.fail(at3, `has no ${key}; expected ${what}`);
    }
    return value;
  }
  number(record, key, at3) {
    const value = record[key];
    if (typeof value === "number") return value;
    if (value === void 0 || value === null) return void 0;
    return this.fail([...at3, key], `is ${describeJson(value)}; expected a number`);
  }
  boolean(record, key, at3) {
    const value = record[key];
    if (typeof value === "boolean") return value;
    if (value === void 0 || value === null) return void 0;
    return this.fail([...at3, key], `is ${describeJson(value)}; expected true or false`);
  }
  object(record, key, at3) {
    const value = record[key];
    if (isJsonObject(value)) return value;
    if (value === void 0 || value === null) return void 0;
    return this.fail([...at3, key], `is ${describeJson(value)}; expected an object`);
  }
  array(record, key, at3) {
    const value = record[key];
    if (Array.isArray(value)) return value;
    if (value === void 0 || value === null) return void 0;
    return this.fail([...at3, key], `is ${describeJson(value)}; expected an array`);
  }
  /** An array of strings; the parsed array itself is returned, not a copy (large reports repeat these a lot). */
  strings(record, key, at3) {
    const value = this.array(record, key, at3);
    if (value === void 0) return [];
    for (let index = 0; index < value.length; index += 1) {
      if (typeof value[index] !== "string") {
        this.fail([...at3, key, index], `is ${describeJson(value[index])}; expected a string`);
      }
    }
    return value;
  }
  /** Element `index` of an array as an object. */
  element(array, index, at3) {
    const value = array[index];
    if (isJsonObject(value)) return value;
    return this.fail([...at3, index], `is ${describeJson(value)}; expected an object`);
  }
};
function describeJson(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") {
    return excerpt(value);
  }
  return String(value);
}
function locateJsonPath(text2, path27) {
  const walker = new PathWalker(text2);
  const offset = walker.find(path27);
  return offset === void 0 ? void 0 : lineColumn(text2, offset);
}
var PathWalker = class {
  constructor(text2) {
    this.text = text2;
  }
  text;
  i = 0;
  find(path27) {
    this.space();
    for (const segment of path27) {
      const found = typeof segment === "number" ? this.enterIndex(segment) : this.enterKey(segment);
      if (!found) return void 0;
    }
    return this.i;
  }
  enterIndex(index) {
    if (this.text[this.i] !== "[") return false;
    this.i += 1;
    this.space();
    if (this.text[this.i] === "]") return false;
    for (let current = 0; ; current += 1) {
      this.space();
      if (current === index) return true;
      this.skipValue();
      this.space();
      if (this.text[this.i] !== ",") return false;
      this.i += 1;
    }
  }
  enterKey(key) {
    if (this.text[this.i] !== "{") return false;
    this.i += 1;
    this.space();
    if (this.text[this.i] === "}") return false;
    for (; ; ) {
      this.space();
      const keyStart = this.i;
      this.skipString();
      const name = JSON.parse(this.text.slice(keyStart, this.i));
      this.space();
      this.i += 1;
      this.space();
      if (name === key) return true;
      this.skipValue();
      this.space();
      if (this.text[this.i] !== ",") return false;
      this.i += 1;
    }
  }
  skipValue() {
    const c = this.text[this.i];
    if (c === '"') return this.skipString();
    if (c === "{" || c === "[") return this.skipContainer();
    while (this.i < this.text.length && !",]} 	\r\n".includes(this.text[this.i])) this.i += 1;
  }
  skipContainer() {
    let depth = 0;
    while (this.i < this.text.length) {
      const c = this.text[this.i];
      if (c === '"') {
        this.skipString();
        continue;
      }
      this.i += 1;
      if (c === "{" || c === "[") depth += 1;
      else if (c === "}" || c === "]") {
        depth -= 1;
        if (depth === 0) return;
      }
    }
  }
  skipString() {
    this.i += 1;
    while (this.i < this.text.length) {
      const c = this.text.charCodeAt(this.i);
      this.i += c === 92 ? 2 : 1;
      if (c === 34) return;
    }
  }
  space() {
    while (this.i < this.text.length && " 	\r\n".includes(this.text[this.i])) this.i += 1;
  }
};
function lineColumn(text2, offset) {
  let line = 1;
  let lineStart = 0;
  let newline = text2.indexOf("\n");
  while (newline !== -1 && newline < offset) {
    line += 1;
    lineStart = newline + 1;
    newline = text2.indexOf("\n", lineStart);
  }
  return { line, column: offset - lineStart + 1 };
}

// src/scan/report/trivy-report-format.ts
var EXPECTED_REPORT = "a Trivy JSON report (`trivy image --format json --output FILE`)";
function recognizeOtherFormat(value) {
  if (Array.isArray(value)) return recognizeArray(value);
  if (!isJsonObject(value)) return void 0;
  const schema = typeof value.$schema === "string" ? value.$schema.toLowerCase() : "";
  if (schema.includes("sarif") || Array.isArray(value.runs) && typeof value.version === "string") {
    return "a SARIF log (`--format sarif`)";
  }
  if (value.bomFormat === "CycloneDX" || schema.includes("cyclonedx")) return "a CycloneDX SBOM (`--format cyclonedx`)";
  if (typeof value.spdxVersion === "string") return "an SPDX document (`--format spdx-json`)";
  if (Array.isArray(value.Findings)) return "an AWS Security Finding Format document (ASFF)";
  if (isJsonObject(value.detector) && isJsonObject(value.manifests)) {
    return "a GitHub dependency snapshot (`--format github`)";
  }
  if (isJsonObject(value.scan) && Array.isArray(value.vulnerabilities)) {
    return "a GitLab security report (Trivy `--format template` with gitlab.tpl)";
  }
  if (typeof value.verdict === "string" && Array.isArray(value.findings)) {
    return "imagegate's own result (imagegate.json; that is what --baseline-report takes)";
  }
  if (typeof value.Target === "string" && ("Vulnerabilities" in value || "Class" in value)) {
    return "a single Trivy result, not a whole report";
  }
  return void 0;
}
function recognizeArray(value) {
  const first = value[0];
  if (value.length === 0) return "an empty JSON array";
  if (!isJsonObject(first)) return "a JSON array";
  if (typeof first.Target === "string") {
    return "a Trivy report from before v0.20 (a bare array of results without SchemaVersion)";
  }
  if (typeof first.check_name === "string" && typeof first.fingerprint === "string") {
    return "a GitLab Code Quality report";
  }
  return "a JSON array";
}

// src/scan/report/json-reader.ts
var NotReadableAsBytes = class extends Error {
  constructor(message, offset) {
    super(`${message} at byte ${offset}`);
    this.offset = offset;
  }
  offset;
};
var QUOTE = 34;
var BACKSLASH = 92;
var COMMA = 44;
var COLON = 58;
var OPEN_BRACE = 123;
var CLOSE_BRACE = 125;
var OPEN_BRACKET = 91;
var CLOSE_BRACKET = 93;
var SKIP_WHOLE_BYTES = 4 * 1024 * 1024;
var CHUNK_BYTES = 1024 * 1024;
function isSpace(byte) {
  return byte === 32 || byte === 10 || byte === 13 || byte === 9;
}
var ByteReader = class {
  window;
  /** Bytes of `window` that hold the document; the rest is room for the next chunk. */
  filled;
  exhausted;
  /** The cursor, in `window`. */
  i = 0;
  /** Document offset of window[0], for messages. */
  released = 0;
  /** Set while a visitor owes the reader the value under the cursor. */
  owed = false;
  source;
  constructor(input) {
    if (Buffer.isBuffer(input)) {
      this.window = input;
      this.filled = input.length;
      this.exhausted = true;
    } else {
      this.source = input;
      this.window = Buffer.allocUnsafe(CHUNK_BYTES);
      this.filled = 0;
      this.exhausted = false;
    }
    this.space();
    if (this.peek() === void 0) this.problem("no value");
  }
  kind() {
    const c = this.peek();
    if (c === OPEN_BRACE) return "object";
    if (c === OPEN_BRACKET) return "array";
    if (c === QUOTE) return "string";
    if (c === 45 || c !== void 0 && c >= 48 && c <= 57) return "number";
    return "literal";
  }
  value() {
    this.owed = false;
    const start = this.i;
    const end = this.valueEnd(start);
    this.i = end;
    return this.parse(start, end);
  }
  skip() {
    this.owed = false;
    const start = this.i;
    const kind = this.kind();
    if (kind !== "object" && kind !== "array") {
      this.value();
      return;
    }
    const end = this.containerEnd(start, SKIP_WHOLE_BYTES);
    if (end >= 0) {
      this.parse(start, end);
      this.i = end;
    } else if (kind === "object") {
      this.object(() => this.skip());
    } else {
      this.array(() => this.skip());
    }
  }
  object(visit) {
    this.owed = false;
    if (this.peek() !== OPEN_BRACE) this.problem("expected an object");
    this.i += 1;
    this.space();
    if (this.peek() === CLOSE_BRACE) {
      this.i += 1;
      return;
    }
    const keys = /* @__PURE__ */ new Set();
    for (; ; ) {
      if (this.peek() !== QUOTE) this.problem("expected a key");
      const keyStart = this.i;
      this.i = this.stringEnd(keyStart);
      const key = this.parse(keyStart, this.i);
      if (keys.has(key)) this.problem(`repeated key ${JSON.stringify(key)}`);
      keys.add(key);
      this.space();
      if (this.peek() !== COLON) this.problem("expected ':'");
      this.i += 1;
      this.space();
      this.visitValue(() => visit(key));
      this.space();
      const c = this.peek();
      this.i += 1;
      if (c === CLOSE_BRACE) return;
      if (c !== COMMA) this.problem("expected ',' or '}'");
      this.space();
    }
  }
  array(visit) {
    this.owed = false;
    if (this.peek() !== OPEN_BRACKET) this.problem("expected an array");
    this.i += 1;
    this.space();
    if (this.peek() === CLOSE_BRACKET) {
      this.i += 1;
      return;
    }
    for (let index = 0; ; index += 1) {
      this.visitValue(() => visit(index));
      this.space();
      const c = this.peek();
      this.i += 1;
      if (c === CLOSE_BRACKET) return;
      if (c !== COMMA) this.problem("expected ',' or ']'");
      this.space();
    }
  }
  /** After the root value: nothing but whitespace may follow. */
  end() {
    this.space();
    if (this.peek() !== void 0) this.problem("text after the document");
  }
  visitValue(visit) {
    this.release();
    if (this.peek() === void 0) this.problem("expected a value");
    this.owed = true;
    visit();
    if (this.owed) throw new Error("JSON reader: a visitor did not read its value");
  }
  /** Decodes and parses one value from its own slice, so the result shares no memory with a larger string. */
  parse(start, end) {
    try {
      return JSON.parse(this.window.toString("utf8", start, end));
    } catch {
      return this.problem("not a valid JSON value", start);
    }
  }
  /** Where the value starting at `start` ends: found by structure only; parsing the slice checks the rest. */
  valueEnd(start) {
    const c = this.window[start];
    if (c === QUOTE) return this.stringEnd(start);
    if (c === OPEN_BRACE || c === OPEN_BRACKET) return this.containerEnd(start, Infinity);
    let end = start;
    for (; ; ) {
      if (end >= this.filled && !this.more()) break;
      const byte = this.window[end];
      if (byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET || isSpace(byte)) break;
      end += 1;
    }
    if (end === start) this.problem("expected a value");
    return end;
  }
  /** The end of the object or array at `start`, or -1 when it is longer than `max` bytes. */
  containerEnd(start, max) {
    let depth = 0;
    let j = start;
    let window = this.window;
    let filled = this.filled;
    for (; ; ) {
      if (j - start > max) return -1;
      if (j >= filled) {
        if (!this.more()) return this.problem("unterminated object or array", start);
        window = this.window;
        filled = this.filled;
      }
      const c = window[j];
      if (c === QUOTE) {
        j = this.stringEnd(j);
        window = this.window;
        filled = this.filled;
        continue;
      }
      j += 1;
      if (c === OPEN_BRACE || c === OPEN_BRACKET) depth += 1;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth -= 1;
        if (depth === 0) return j;
      }
    }
  }
  /** The offset after the closing quote of the string at `start`; string bodies are skipped with indexOf. */
  stringEnd(start) {
    let from = start + 1;
    for (; ; ) {
      const quote = this.window.indexOf(QUOTE, from);
      if (quote < 0 || quote >= this.filled) {
        from = this.filled;
        if (!this.more()) return this.problem("unterminated string", start);
        continue;
      }
      let backslash = quote - 1;
      while (this.window[backslash] === BACKSLASH) backslash -= 1;
      if ((quote - 1 - backslash) % 2 === 0) return quote + 1;
      from = quote + 1;
    }
  }
  space() {
    for (; ; ) {
      while (this.i < this.filled && isSpace(this.window[this.i])) this.i += 1;
      if (this.i < this.filled || !this.more()) return;
    }
  }
  /** The byte at the cursor; undefined at the end of the document. */
  peek() {
    return this.i < this.filled || this.more() ? this.window[this.i] : void 0;
  }
  /** Reads the next chunk, growing the window when it is full; false at the end of the document. */
  more() {
    if (this.exhausted || !this.source) return false;
    if (this.filled === this.window.length) {
      const larger = Buffer.allocUnsafe(this.window.length * 2);
      this.window.copy(larger, 0, 0, this.filled);
      this.window = larger;
    }
    const read = this.source(this.window, this.filled, this.window.length - this.filled);
    if (read === 0) this.exhausted = true;
    this.filled += read;
    return read > 0;
  }
  /** Lets go of the bytes before the cursor (called where no earlier offset is in use), and of a grown window. */
  release() {
    if (!this.source || this.i < CHUNK_BYTES / 2) return;
    const rest = this.filled - this.i;
    const target = this.window.length > CHUNK_BYTES && rest <= CHUNK_BYTES / 2 ? Buffer.allocUnsafe(CHUNK_BYTES) : this.window;
    this.window.copy(target, 0, this.i, this.filled);
    this.window = target;
    this.released += this.i;
    this.filled = rest;
    this.i = 0;
  }
  problem(message, at3 = this.i) {
    throw new NotReadableAsBytes(message, this.released + at3);
  }
};
var TreeReader = class {
  constructor(current) {
    this.current = current;
  }
  current;
  kind() {
    const value = this.current;
    if (Array.isArray(value)) return "array";
    if (typeof value === "object" && value !== null) return "object";
    if (typeof value === "string") return "string";
    if (typeof value === "number") return "number";
    return "literal";
  }
  value() {
    return this.current;
  }
  skip() {
  }
  object(visit) {
    const record = this.current;
    for (const key of Object.keys(record)) {
      this.current = record[key];
      visit(key);
    }
    this.current = record;
  }
  array(visit) {
    const list = this.current;
    for (let index = 0; index < list.length; index += 1) {
      this.current = list[index];
      visit(index);
    }
    this.current = list;
  }
};

// src/scan/report/trivy-report-packages.ts
function packageOf(record, at3, fields, layerOf) {
  const facts = {
    name: fields.requiredString(record, "Name", at3, "the package name"),
    version: fields.string(record, "Version", at3) ?? "",
    licenses: fields.strings(record, "Licenses", at3),
    target: "",
    pkgType: ""
  };
  const pkgId = fields.string(record, "ID", at3);
  if (pkgId !== void 0) facts.pkgId = pkgId;
  const pkgPath = fields.string(record, "FilePath", at3) ?? fields.string(record, "PkgPath", at3);
  if (pkgPath !== void 0) facts.pkgPath = pkgPath;
  const identifier = fields.object(record, "Identifier", at3);
  const purl = identifier ? fields.string(identifier, "PURL", [...at3, "Identifier"]) : void 0;
  if (purl !== void 0) facts.purl = purl;
  const digest = fields.string(record, "Digest", at3);
  if (digest !== void 0) facts.digest = digest;
  const layerDiffId = layerOf(record, at3);
  if (layerDiffId !== void 0) facts.layerDiffId = layerDiffId;
  return facts;
}

// src/scan/report/trivy-report-results.ts
var SEVERITIES2 = new Map(
  ["CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN"].map((severity) => [severity, severity])
);
var STATUSES = new Map(
  [
    "fixed",
    "affected",
    "under_investigation",
    "will_not_fix",
    "fix_deferred",
    "end_of_life",
    "not_affected",
    "unknown"
  ].map((status) => [status, status])
);
function scanSeverityOf(text2) {
  if (text2 === void 0) return "UNKNOWN";
  return SEVERITIES2.get(text2) ?? SEVERITIES2.get(text2.toUpperCase()) ?? "UNKNOWN";
}
function vulnerabilityStatusOf(text2, fixedVersion) {
  if (text2 === void 0) return fixedVersion !== void 0 ? "fixed" : "affected";
  return STATUSES.get(text2) ?? STATUSES.get(text2.toLowerCase()) ?? "unknown";
}
function mapResults(reader, fields, at3 = ["Results"]) {
  const mapped = { vulnerabilities: [], secrets: [], licenses: [] };
  const shared = { advisories: /* @__PURE__ */ new Map(), layers: /* @__PURE__ */ new Map() };
  reader.array((r) => {
    const resultAt = [...at3, r];
    if (reader.kind() !== "object") fields.fail(resultAt, `is ${describeJson(reader.value())}; expected an object`);
    mapResult(reader, resultAt, fields, mapped, shared);
  });
  return mapped;
}
var RESULT_FIELDS = /* @__PURE__ */ new Set(["Target", "Class", "Type"]);
var RECORD_LISTS = /* @__PURE__ */ new Set(["Vulnerabilities", "Secrets", "Licenses", "Packages"]);
function mapResult(reader, at3, fields, mapped, shared) {
  const header = {};
  const context = { target: "", resultClass: "", pkgType: "" };
  const first = {
    vulnerabilities: mapped.vulnerabilities.length,
    secrets: mapped.secrets.length,
    licenses: mapped.licenses.length,
    packages: mapped.packages?.length ?? 0
  };
  reader.object((key) => {
    if (RECORD_LISTS.has(key) && reader.kind() === "array") {
      const listAt = [...at3, key];
      reader.array((index) => {
        const recordAt = [...listAt, index];
        const value = reader.value();
        if (!isJsonObject(value)) return fields.fail(recordAt, `is ${describeJson(value)}; expected an object`);
        if (key === "Packages") {
          mapped.packages ??= [];
          mapped.packages.push(packageOf(value, recordAt, fields, (r, rAt) => layerDiffIdOf(r, rAt, fields, shared)));
        } else if (key === "Vulnerabilities")
          mapped.vulnerabilities.push(vulnerability(value, recordAt, fields, context, shared));
        else if (key === "Secrets") mapped.secrets.push(secret(value, recordAt, fields, context.target, shared));
        else mapped.licenses.push(license(value, recordAt, fields, context.target, shared));
      });
    } else if (RESULT_FIELDS.has(key) || RECORD_LISTS.has(key)) {
      header[key] = reader.value();
    } else {
      reader.skip();
    }
  });
  for (const key of RECORD_LISTS) fields.array(header, key, at3);
  context.target = fields.string(header, "Target", at3) ?? "";
  context.resultClass = fields.string(header, "Class", at3) ?? "";
  context.pkgType = fields.string(header, "Type", at3) ?? "";
  for (let v = first.vulnerabilities; v < mapped.vulnerabilities.length; v += 1) {
    Object.assign(mapped.vulnerabilities[v], context);
  }
  for (let s = first.secrets; s < mapped.secrets.length; s += 1)
    mapped.secrets[s].target = context.target;
  for (let l = first.licenses; l < mapped.licenses.length; l += 1)
    mapped.licenses[l].target = context.target;
  for (let p = first.packages; p < (mapped.packages?.length ?? 0); p += 1) {
    const facts = mapped.packages?.[p];
    facts.target = context.target;
    facts.pkgType = context.pkgType;
  }
}
function vulnerability(record, at3, fields, context, shared) {
  const id = fields.requiredString(record, "VulnerabilityID", at3, "the vulnerability id (CVE-…, GHSA-…)");
  const fixedVersion = fields.string(record, "FixedVersion", at3);
  const facts = {
    id,
    pkgName: fields.requiredString(record, "PkgName", at3, "the name of the affected package"),
    installedVersion: fields.string(record, "InstalledVersion", at3) ?? "",
    status: vulnerabilityStatusOf(fields.string(record, "Status", at3), fixedVersion),
    severity: scanSeverityOf(fields.string(record, "Severity", at3)),
    advisory: advisoryOf(id, record, at3, fields, shared.advisories),
    target: context.target,
    resultClass: context.resultClass,
    pkgType: context.pkgType
  };
  if (fixedVersion !== void 0) facts.fixedVersion = fixedVersion;
  const pkgId = fields.string(record, "PkgID", at3);
  if (pkgId !== void 0) facts.pkgId = pkgId;
  const pkgPath = fields.string(record, "PkgPath", at3);
  if (pkgPath !== void 0) facts.pkgPath = pkgPath;
  const identifier = fields.object(record, "PkgIdentifier", at3);
  const purl = identifier ? fields.string(identifier, "PURL", [...at3, "PkgIdentifier"]) : void 0;
  if (purl !== void 0) facts.purl = purl;
  const layerDiffId = layerDiffIdOf(record, at3, fields, shared);
  if (layerDiffId !== void 0) facts.layerDiffId = layerDiffId;
  return facts;
}
function advisoryOf(id, record, at3, fields, advisories) {
  const title = fields.string(record, "Title", at3);
  const description = fields.string(record, "Description", at3);
  const primaryUrl = fields.string(record, "PrimaryURL", at3);
  const publishedDate = fields.string(record, "PublishedDate", at3);
  const references = fields.strings(record, "References", at3);
  const cweIds = fields.strings(record, "CweIDs", at3);
  const cvss = cvssScores(record, at3, fields);
  const known2 = advisories.get(id);
  if (known2) {
    if (known2.title === void 0 && title !== void 0) known2.title = title;
    if (known2.description === void 0 && description !== void 0) known2.description = description;
    if (known2.primaryUrl === void 0 && primaryUrl !== void 0) known2.primaryUrl = primaryUrl;
    if (known2.publishedDate === void 0 && publishedDate !== void 0) known2.publishedDate = publishedDate;
    if (known2.references.length === 0) known2.references = references;
    if (known2.cweIds.length === 0) known2.cweIds = cweIds;
    if (known2.cvss.length === 0) known2.cvss = cvss;
    return known2;
  }
  const advisory = { references, cweIds, cvss };
  if (title !== void 0) advisory.title = title;
  if (description !== void 0) advisory.description = description;
  if (primaryUrl !== void 0) advisory.primaryUrl = primaryUrl;
  if (publishedDate !== void 0) advisory.publishedDate = publishedDate;
  advisories.set(id, advisory);
  return advisory;
}
function cvssScores(record, at3, fields) {
  const cvss = fields.object(record, "CVSS", at3);
  if (!cvss) return [];
  const scores = [];
  for (const source of Object.keys(cvss)) {
    const sourceAt2 = [...at3, "CVSS"];
    const entry = fields.object(cvss, source, sourceAt2);
    if (!entry) continue;
    const entryAt = [...sourceAt2, source];
    const v3Score = fields.number(entry, "V3Score", entryAt);
    const v3Vector = fields.string(entry, "V3Vector", entryAt);
    const v40Score = fields.number(entry, "V40Score", entryAt);
    const v40Vector = fields.string(entry, "V40Vector", entryAt);
    const v2Score = fields.number(entry, "V2Score", entryAt);
    scores.push({
      source,
      ...v3Score !== void 0 ? { v3Score } : {},
      ...v3Vector !== void 0 ? { v3Vector } : {},
      ...v40Score !== void 0 ? { v40Score } : {},
      ...v40Vector !== void 0 ? { v40Vector } : {},
      ...v2Score !== void 0 ? { v2Score } : {}
    });
  }
  return scores;
}
function secret(record, at3, fields, target, shared) {
  const ruleId = fields.requiredString(record, "RuleID", at3, "the id of the secret rule that matched");
  const startLine = fields.number(record, "StartLine", at3);
  const layerDiffId = layerDiffIdOf(record, at3, fields, shared);
  const match = fields.string(record, "Match", at3);
  return {
    ruleId,
    category: fields.string(record, "Category", at3) ?? "",
    severity: scanSeverityOf(fields.string(record, "Severity", at3)),
    title: fields.string(record, "Title", at3) ?? ruleId,
    target,
    ...startLine !== void 0 ? { startLine } : {},
    ...layerDiffId !== void 0 ? { layerDiffId } : {},
    ...match !== void 0 ? { match } : {}
  };
}
function license(record, at3, fields, target, shared) {
  const pkgName = fields.string(record, "PkgName", at3);
  const filePath = fields.string(record, "FilePath", at3);
  const layerDiffId = layerDiffIdOf(record, at3, fields, shared);
  return {
    name: fields.requiredString(record, "Name", at3, "the license name"),
    ...pkgName !== void 0 ? { pkgName } : {},
    ...filePath !== void 0 ? { filePath } : {},
    severity: scanSeverityOf(fields.string(record, "Severity", at3)),
    category: fields.string(record, "Category", at3) ?? "",
    ...layerDiffId !== void 0 ? { layerDiffId } : {},
    target
  };
}
function layerDiffIdOf(record, at3, fields, shared) {
  const layer = fields.object(record, "Layer", at3);
  const diffId = layer ? fields.string(layer, "DiffID", [...at3, "Layer"]) : void 0;
  if (diffId === void 0) return void 0;
  const known2 = shared.layers.get(diffId);
  if (known2 !== void 0) return known2;
  shared.layers.set(diffId, diffId);
  return diffId;
}

// src/scan/report/trivy-report.ts
var SUPPORTED_SCHEMA_VERSION = 2;
var JSON_START = /^\s*(?:[{["\-\d]|true\b|false\b|null\b)/;
var MAX_REPORT_BYTES = bufferConstants.MAX_STRING_LENGTH;
async function readTrivyReport(file, displayPath, options = {}) {
  const maxBytes = Math.min(options.maxBytes ?? MAX_REPORT_BYTES, MAX_REPORT_BYTES);
  let size;
  let regular;
  try {
    const info = await stat4(file);
    if (info.isDirectory())
      throw new ConfigurationError(`is a directory; expected ${EXPECTED_REPORT}`, { path: displayPath });
    size = info.size;
    regular = info.isFile();
  } catch (error) {
    throw readError(error, displayPath);
  }
  if (size > maxBytes) {
    throw new ConfigurationError(
      `is ${formatBytes(size)}; imagegate reads Trivy reports up to ${formatBytes(maxBytes)}`,
      { path: displayPath }
    );
  }
  if (!regular) return parseTrivyReport(await readWhole(file, displayPath), displayPath);
  let handle;
  try {
    handle = await open4(file, "r");
  } catch (error) {
    throw readError(error, displayPath);
  }
  try {
    return await readOpenReport(handle, file, displayPath);
  } finally {
    await handle.close();
  }
}
async function readOpenReport(handle, file, displayPath) {
  let position = 0;
  const source = (into, offset, length) => {
    try {
      const read = readSync(handle.fd, into, offset, length, position);
      position += read;
      return read;
    } catch (error) {
      throw readError(error, displayPath);
    }
  };
  const head = Buffer.alloc(3);
  const headLength = source(head, 0, 3);
  if (head[0] === 255 && head[1] === 254 || head[0] === 254 && head[1] === 255) {
    return parseTrivyReport(await readWhole(file, displayPath), displayPath);
  }
  position = headLength === 3 && head[0] === 239 && head[1] === 187 && head[2] === 191 ? 3 : 0;
  try {
    return readReportFromBytes(source, displayPath);
  } catch (error) {
    if (!(error instanceof NotReadableAsBytes || error instanceof ConfigurationError)) throw error;
  }
  return readReportFromText(utf8Body(await readWhole(file, displayPath)).toString("utf8"), displayPath);
}
function parseTrivyReport(input, displayPath) {
  const body = utf8Body(typeof input === "string" ? Buffer.from(input, "utf8") : input);
  try {
    return readReportFromBytes(body, displayPath);
  } catch (error) {
    if (!(error instanceof NotReadableAsBytes || error instanceof ConfigurationError)) throw error;
  }
  return readReportFromText(body.toString("utf8"), displayPath);
}
function readReportFromBytes(body, displayPath) {
  const reader = new ByteReader(body);
  if (reader.kind() !== "object") throw new NotReadableAsBytes("not an object", 0);
  const fields = new FieldReader((path27, message) => {
    throw new ConfigurationError(`${formatJsonPath(path27)} ${message}`, { path: displayPath });
  });
  const report = {};
  let results;
  reader.object((key) => {
    if (key === "Results" && reader.kind() === "array") {
      results = mapResults(reader, fields);
      report.Results = [];
    } else {
      Object.defineProperty(report, key, {
        value: reader.value(),
        enumerable: true,
        writable: true,
        configurable: true
      });
    }
  });
  reader.end();
  return assemble(report, results, fields, displayPath);
}
function readReportFromText(text2, displayPath) {
  if (/^\s*$/.test(text2)) throw new ConfigurationError(`is empty; expected ${EXPECTED_REPORT}`, { path: displayPath });
  const document = parseJson2(text2, displayPath);
  return assemble(
    document,
    void 0,
    new FieldReader(failAtFor(text2, displayPath)),
    displayPath,
    (path27) => locateJsonPath(text2, path27)
  );
}
function assemble(document, results, fields, displayPath, locate) {
  const report = trivyReportObject(document, displayPath, fields.fail);
  const trivy = fields.object(report, "Trivy", []);
  const version = trivy ? fields.string(trivy, "Version", ["Trivy"]) : void 0;
  const createdAt = fields.string(report, "CreatedAt", []);
  const artifactType = fields.string(report, "ArtifactType", []);
  const metadata = fields.object(report, "Metadata", []);
  const os = metadata ? operatingSystem(metadata, fields) : void 0;
  const parsedResults = results ? void 0 : fields.array(report, "Results", []);
  const mapped = results ?? (parsedResults ? mapResults(new TreeReader(parsedResults), fields) : { vulnerabilities: [], secrets: [], licenses: [] });
  const scan = {
    scanner: { name: "trivy", ...version !== void 0 ? { version } : {} },
    artifactName: fields.string(report, "ArtifactName", []) ?? "",
    ...artifactType !== void 0 ? { artifactType } : {},
    ...createdAt !== void 0 ? { createdAt } : {},
    ...os !== void 0 ? { os } : {},
    vulnerabilities: mapped.vulnerabilities,
    secrets: mapped.secrets,
    licenses: mapped.licenses,
    ...mapped.packages ? { packages: mapped.packages } : {}
  };
  const warnings = [];
  const image = imageFactsFromTrivyReport(report, {
    where: displayPath,
    logger: warningCollector(warnings),
    ...locate ? { locate } : {}
  });
  return { scan, ...image ? { image } : {}, schemaVersion: SUPPORTED_SCHEMA_VERSION, warnings };
}
function parseJson2(text2, displayPath) {
  try {
    return JSON.parse(text2);
  } catch (error) {
    if (!JSON_START.test(text2)) {
      throw new ConfigurationError(
        // Nothing of a file that is not JSON is quoted: it may be any file a symlink or a wrong flag names.
        `is not JSON; expected ${EXPECTED_REPORT}; Trivy's default table output cannot be read`,
        { path: displayPath, line: 1, column: 1 },
        { cause: error }
      );
    }
    const problem = findJsonSyntaxError(text2);
    throw new ConfigurationError(
      `is not valid JSON (${problem?.message ?? error.message}); expected ${EXPECTED_REPORT}`,
      { path: displayPath, ...problem ? { line: problem.line, column: problem.column } : {} },
      { cause: error }
    );
  }
}
function trivyReportObject(document, displayPath, fail) {
  const notTrivy = (what) => {
    throw new ConfigurationError(`is ${what}; expected ${EXPECTED_REPORT}`, {
      path: displayPath
    });
  };
  const other = recognizeOtherFormat(document);
  if (other !== void 0) return notTrivy(other);
  if (!isJsonObject(document)) return notTrivy(`the JSON value ${describeJson(document)}`);
  if (!("SchemaVersion" in document)) {
    return notTrivy(
      Object.keys(document).length === 0 ? "an empty JSON object" : "a JSON object without SchemaVersion"
    );
  }
  const schemaVersion = document.SchemaVersion;
  if (typeof schemaVersion !== "number") {
    return fail(
      ["SchemaVersion"],
      `is ${describeJson(schemaVersion)}; expected the number ${SUPPORTED_SCHEMA_VERSION}`
    );
  }
  if (schemaVersion !== SUPPORTED_SCHEMA_VERSION) {
    return fail(
      ["SchemaVersion"],
      `is ${schemaVersion}; imagegate reads SchemaVersion ${SUPPORTED_SCHEMA_VERSION} (Trivy 0.20 and later)`
    );
  }
  if (!("ArtifactName" in document) && !("ArtifactType" in document) && !("Results" in document)) {
    return notTrivy("a JSON object with SchemaVersion but no ArtifactName, ArtifactType or Results");
  }
  return document;
}
function operatingSystem(metadata, fields) {
  const os = fields.object(metadata, "OS", ["Metadata"]);
  if (!os) return void 0;
  const at3 = ["Metadata", "OS"];
  return {
    family: fields.string(os, "Family", at3) ?? "",
    name: fields.string(os, "Name", at3) ?? "",
    eosl: fields.boolean(os, "EOSL", at3) ?? false
  };
}
function utf8Body(bytes) {
  let utf8 = bytes;
  if (bytes[0] === 255 && bytes[1] === 254) utf8 = Buffer.from(bytes.toString("utf16le", 2), "utf8");
  else if (bytes[0] === 254 && bytes[1] === 255) {
    const even = bytes.subarray(2, bytes.length - bytes.length % 2);
    utf8 = Buffer.from(Buffer.from(even).swap16().toString("utf16le"), "utf8");
  }
  return utf8[0] === 239 && utf8[1] === 187 && utf8[2] === 191 ? utf8.subarray(3) : utf8;
}
async function readWhole(file, displayPath) {
  try {
    return await readFile4(file);
  } catch (error) {
    throw readError(error, displayPath);
  }
}
function readError(error, displayPath) {
  if (error instanceof ConfigurationError) return error;
  const code2 = error.code;
  const reason = code2 === "ENOENT" ? "no such file" : code2 === "EACCES" || code2 === "EPERM" ? "permission denied" : code2 === "EISDIR" ? "is a directory" : error.message;
  return new ConfigurationError(`cannot read the Trivy report: ${reason}`, { path: displayPath }, { cause: error });
}
function warningCollector(warnings) {
  return {
    debug: () => void 0,
    info: () => void 0,
    warning: (message) => warnings.push(message),
    error: (message) => warnings.push(message),
    group: (_title, fn) => fn(),
    mask: () => void 0
  };
}

// src/scan/runner/trivy-runner.ts
import { mkdir, mkdtemp as mkdtemp2, open as open5, rm as rm2, symlink } from "node:fs/promises";
import { tmpdir as tmpdir2 } from "node:os";
import path5 from "node:path";

// src/scan/runner/trivy-run-errors.ts
var RATE_LIMITED = /TOOMANYREQUESTS|too many requests|status(?: code)?:? 429|\b429\b.*rate/i;
var JAVA_DB = /\[javadb\]|java db|trivy-java-db/i;
var VULN_DB = /\[vulndb\]|vulnerability db|trivy-db\b/i;
var OWN_DEADLINE = /context deadline exceeded/i;
var JAVA_DB_FIRST_RUN = /--skip-java-db-update'? cannot be specified on the first run/;
var TAIL_LINES = 20;
function trivyFailureError(failure) {
  const details = {
    command: failure.command,
    stderrTail: tailLines(failure.stderr, TAIL_LINES),
    ...failure.exitCode !== void 0 ? { exitCode: failure.exitCode } : {}
  };
  const suffix = `(command: ${failure.command})`;
  if (failure.killedAfterMs !== void 0) {
    const seconds = Math.round(failure.killedAfterMs / 1e3);
    return new ToolError(
      `Trivy did not finish within its timeout (${failure.timeout}) and was stopped after ${seconds} s. A first run downloads the DB and large images take long: raise the timeout (CLI --trivy-timeout, Action trivy-timeout) ${suffix}`,
      details
    );
  }
  const rateLimit = rateLimitedDatabase(failure.stderr);
  if (rateLimit) {
    const java = rateLimit === "javaDb";
    const tried = java ? failure.db.javaRepositories : failure.db.repositories;
    return new ToolError(
      `Trivy could not download its ${java ? "Java DB" : "vulnerability DB"}: the registries answered TOOMANYREQUESTS (rate limit). Repositories tried, in order: ${tried.join(", ")}. Put a mirror you control first (CLI --trivy-${java ? "java-" : ""}db-repository, repeatable; Action trivy-${java ? "java-" : ""}db-repositories, one per line) or keep the Trivy cache dir between runs (Action cache-trivy-db; CLI --trivy-cache-dir): a DB downloaded today is not downloaded again ${suffix}`,
      details
    );
  }
  if (failure.db.offline && JAVA_DB_FIRST_RUN.test(failure.stderr)) {
    return new ToolError(
      "offline: the image holds Java archives and there is no Trivy Java DB in the cache dir to scan them with. Bring one: run a scan of such an image once where there is network (Trivy caches the Java DB), then `imagegate offline bundle --out DIR` there and `--offline-bundle DIR` here " + suffix,
      details
    );
  }
  if (OWN_DEADLINE.test(failure.stderr)) {
    return new ToolError(
      `Trivy stopped at its timeout (${failure.timeout}): raise it (CLI --trivy-timeout, Action trivy-timeout) ${suffix}`,
      details
    );
  }
  const code2 = failure.exitCode === void 0 ? "failed" : `exited with code ${failure.exitCode}`;
  return new ToolError(`Trivy ${code2} ${suffix}`, details);
}
function rateLimitedDatabase(stderr) {
  const lines = stderr.split("\n");
  const limited = lines.filter((line) => RATE_LIMITED.test(line));
  if (limited.length === 0) return void 0;
  const evidence = limited.some((line) => JAVA_DB.test(line) || VULN_DB.test(line)) ? limited : lines.filter((line) => /\bFATAL\b/.test(line));
  if (evidence.some((line) => JAVA_DB.test(line))) return "javaDb";
  if (evidence.some((line) => VULN_DB.test(line))) return "db";
  return void 0;
}
function tailLines(text2, count) {
  return text2.trimEnd().split("\n").slice(-count).join("\n");
}

// src/scan/runner/trivy-process.ts
var KEPT_LINES = 400;
async function runTrivyProcess(request, logger) {
  const { secrets } = request;
  const command = [request.binary, ...request.args].join(" ");
  const lines = [];
  const started = Date.now();
  try {
    const result = await exec(request.binary, request.args, {
      logger,
      cwd: request.cwd,
      env: request.env,
      timeoutMs: request.killAfterMs,
      onLine: (line) => {
        logger.info(line);
        lines.push(line);
        if (lines.length > KEPT_LINES) lines.shift();
      }
    });
    return { stderr: redact(result.stderr, secrets) };
  } catch (error) {
    if (!(error instanceof ToolError)) throw error;
    const elapsed = Date.now() - started;
    const output = redact(lines.length > 0 ? lines.join("\n") : error.stderrTail, secrets);
    const killed = error.toolExitCode === void 0 && elapsed >= request.killAfterMs;
    if (error.toolExitCode === void 0 && !killed) {
      const reason = redact(error.message.split("\n")[0] ?? "trivy failed", secrets);
      throw new ToolError(reason, { command, stderrTail: output }, { cause: error });
    }
    throw trivyFailureError({
      command,
      stderr: output,
      ...error.toolExitCode !== void 0 ? { exitCode: error.toolExitCode } : {},
      ...killed ? { killedAfterMs: elapsed } : {},
      timeout: request.timeout,
      db: request.db
    });
  }
}

// src/scan/runner/trivy-db-prefetch.ts
async function prefetchDbsWithoutCredentials(request, logger) {
  const { db } = request;
  if (db.offline || db.skipUpdate && db.skipJavaUpdate) return void 0;
  if (!scannerList(request.scanners).includes("vuln")) return void 0;
  if (!carriesRegistryCredentials(request.scanEnv, request.env)) return void 0;
  logger.info(
    "Trivy DB: this scan carries registry credentials, which Trivy would also send to the DB registries: " + (db.skipUpdate ? "today's DB is cached, and the scan runs with --skip-db-update --skip-java-db-update" : "the DB is downloaded first without them (trivy image --download-db-only), then the scan runs with --skip-db-update --skip-java-db-update")
  );
  if (!db.skipUpdate) await downloadWithoutCredentials(request, "db", logger);
  let javaDbMissing = false;
  if (!db.skipJavaUpdate) {
    const javaDb = await readTrivyDbState(request.cacheDir, "javaDb");
    if (!javaDb.hasDatabase || !javaDb.metadata) {
      javaDbMissing = true;
      logger.debug("Trivy Java DB: none cached; downloaded without credentials only if the image holds JARs");
    } else {
      try {
        await downloadWithoutCredentials(request, "javaDb", logger);
      } catch (error) {
        if (!(error instanceof ToolError)) throw error;
        logger.warning(
          `Trivy Java DB: refreshing it without registry credentials failed, the cached one is used: ${error.message}`
        );
      }
    }
  }
  return { db: { ...db, skipUpdate: true, skipJavaUpdate: true }, javaDbMissing };
}
async function fetchJavaDb(request, logger) {
  logger.info(
    "Trivy Java DB: the error above is expected (the image holds JARs and no Java DB was cached): downloading it without registry credentials, then scanning again"
  );
  await downloadWithoutCredentials(request, "javaDb", logger);
}
function javaDbMissingError(error) {
  return error instanceof ToolError && JAVA_DB_FIRST_RUN.test(`${error.stderrTail ?? ""}
${error.message}`);
}
var REFUSED = /\b(?:UNAUTHORIZED|DENIED|401 Unauthorized)\b/;
async function downloadWithoutCredentials(request, database, logger) {
  const { env } = trivyEnv(request.env, {
    ...request.extraEnv ? { extraEnv: request.extraEnv } : {},
    dropInheritedCredentials: true
  });
  const args = buildTrivyDbDownloadArgs({
    database,
    cacheDir: request.cacheDir,
    db: request.db,
    ...request.timeout !== void 0 ? { timeout: request.timeout } : {}
  });
  try {
    await runTrivyProcess(
      { binary: request.binary, args, env: withoutRegistryCredentials(env), db: request.db, ...request.process },
      logger
    );
  } catch (error) {
    if (error instanceof ToolError && REFUSED.test(`${error.stderrTail}
${error.message}`)) {
      throw new ToolError(
        `${error.message}
The DB registry refused an anonymous download: imagegate downloads the DBs without TRIVY_USERNAME/TRIVY_PASSWORD/TRIVY_REGISTRY_TOKEN (Trivy would send them to every registry). Log in to a private DB mirror with \`docker login <mirror host>\` (Docker config credentials go to their own host only).`,
        { command: error.command, ...error.toolExitCode !== void 0 ? { exitCode: error.toolExitCode } : {} },
        { cause: error }
      );
    }
    throw error;
  }
  await recordChangedTrivyDbs(request.cacheDir);
}

// src/scan/runner/trivy-run-timeout.ts
var TRIVY_DEFAULT_TIMEOUT = "5m";
var UNIT_MS = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1e3,
  m: 6e4,
  h: 36e5
};
var PART_SOURCE = String.raw`(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)`;
function parseTrivyTimeout(text2) {
  const source = text2.trim();
  let total = 0;
  let consumed = 0;
  const part = new RegExp(PART_SOURCE, "y");
  for (let match = part.exec(source); match !== null; match = part.exec(source)) {
    total += Number(match[1]) * (UNIT_MS[match[2] ?? ""] ?? Number.NaN);
    consumed = part.lastIndex;
  }
  if (source.length === 0 || consumed !== source.length || !(total >= 1)) {
    throw new ConfigurationError(
      `trivy-timeout '${text2}': expected a positive Go duration such as 10m, 1h30m or 90s (Trivy's --timeout)`
    );
  }
  return Math.round(total);
}
function killGraceMs(timeoutMs) {
  return Math.min(6e4, Math.max(2e3, Math.round(timeoutMs * 0.1)));
}

// src/scan/runner/trivy-runner.ts
async function runTrivyScan(request, context) {
  const { logger } = context;
  const timeout = request.timeout ?? TRIVY_DEFAULT_TIMEOUT;
  const timeoutMs = parseTrivyTimeout(timeout);
  const killAfterMs = timeoutMs + killGraceMs(timeoutMs);
  const secrets = request.credentials?.password ? [request.credentials.password] : [];
  for (const secret2 of secrets) logger.mask(secret2);
  const { env, dropped } = trivyEnv(request.env, request);
  if (dropped.length > 0) {
    logger.info(`ignoring inherited Trivy settings (imagegate decides these): ${dropped.join(", ")}`);
  }
  logDbPlan(request.db, logger);
  const outputFile = path5.resolve(request.outputFile);
  const cacheDir = path5.resolve(request.cacheDir);
  await rm2(outputFile, { force: true });
  await mkdir(path5.dirname(outputFile), { recursive: true });
  await mkdir(cacheDir, { recursive: true });
  const workDir = await mkdtemp2(path5.join(tmpdir2(), "imagegate-trivy-"));
  try {
    const input = await inputPath(request.target, workDir);
    const processOptions = { cwd: workDir, timeout, killAfterMs, secrets };
    const dbRequest = {
      binary: request.binary,
      cacheDir,
      db: request.db,
      scanners: request.scanners,
      ...request.timeout !== void 0 ? { timeout: request.timeout } : {},
      scanEnv: env,
      env: request.env,
      ...request.extraEnv ? { extraEnv: request.extraEnv } : {},
      process: processOptions
    };
    const prefetch = await prefetchDbsWithoutCredentials(dbRequest, logger);
    const args = buildTrivyArgs({
      target: request.target,
      ...input !== void 0 ? { input } : {},
      outputFile,
      cacheDir,
      scanners: request.scanners,
      ...request.timeout !== void 0 ? { timeout: request.timeout } : {},
      ...request.platform !== void 0 ? { platform: request.platform } : {},
      db: prefetch?.db ?? request.db,
      ...request.listAllPackages ? { listAllPackages: true } : {}
    });
    const command = [request.binary, ...args].join(" ");
    const scan = () => runTrivyProcess({ binary: request.binary, args, env, db: prefetch?.db ?? request.db, ...processOptions }, logger);
    let stderr;
    try {
      ({ stderr } = await scan());
    } catch (error) {
      if (!prefetch?.javaDbMissing || !javaDbMissingError(error)) throw error;
      await fetchJavaDb(dbRequest, logger);
      ({ stderr } = await scan());
    }
    await checkReportFile(outputFile, command, stderr);
    return { reportFile: outputFile, stderr };
  } finally {
    await rm2(workDir, { recursive: true, force: true });
  }
}
function logDbPlan(db, logger) {
  if (db.offline) {
    logger.info("Trivy DB: offline, the cached DB and Java DB are used whatever their age (--offline-scan)");
    return;
  }
  logger.info(
    db.skipUpdate ? "Trivy DB: downloaded today, no update (--skip-db-update)" : `Trivy DB: update if needed from ${db.repositories.join(", ")}`
  );
  logger.debug(
    db.skipJavaUpdate ? "Trivy Java DB: downloaded today, no update (--skip-java-db-update)" : `Trivy Java DB: if needed, from ${db.javaRepositories.join(", ")}`
  );
}
async function inputPath(target, workDir) {
  if (target.kind === "image") {
    if (target.reference.startsWith("-")) {
      throw new ConfigurationError(`'${target.reference}' is not an image reference (it starts with '-')`);
    }
    return void 0;
  }
  const absolute = path5.resolve(target.path);
  if (!/[:@]/.test(absolute)) return absolute;
  const alias = path5.join(workDir, absolute.endsWith(".tar") ? "input.tar" : "input");
  await symlink(absolute, alias);
  return alias;
}
async function checkReportFile(file, command, stderr) {
  const handle = await open5(file, "r").catch(() => void 0);
  const fail = (what) => new ToolError(`Trivy exited 0 but ${what} (command: ${command})`, {
    command,
    exitCode: 0,
    stderrTail: tail2(stderr)
  });
  if (!handle) throw fail(`wrote no report at ${file}`);
  try {
    const { size } = await handle.stat();
    if (size === 0) throw fail(`wrote an empty report at ${file}`);
    const edge = Math.min(size, 512);
    const head = Buffer.alloc(edge);
    const end = Buffer.alloc(edge);
    await handle.read(head, 0, edge, 0);
    await handle.read(end, 0, edge, size - edge);
    const first = head.toString("utf8").replace(/^\uFEFF/, "").trimStart();
    const last = end.toString("utf8").trimEnd();
    if (!first.startsWith("{") || !last.endsWith("}")) {
      throw fail(
        `wrote something that is not a JSON report at ${file} (it starts with ${JSON.stringify(first.slice(0, 40))})`
      );
    }
  } finally {
    await handle.close();
  }
}
function tail2(text2) {
  return text2.trimEnd().split("\n").slice(-20).join("\n");
}

// src/scan/runner/scan-cache.ts
import { createHash as createHash2 } from "node:crypto";
import { copyFile, mkdir as mkdir2, readdir, readFile as readFile5, rm as rm3, stat as stat5 } from "node:fs/promises";
import path6 from "node:path";
var SCAN_CACHE_DIR = "imagegate-scans";
var MAX_CACHED_REPORT_BYTES = 64 * 1024 * 1024;
var MAX_INDEX_BYTES = 64 * 1024;
var MAX_ENTRIES = 32;
var FORMAT = "imagegate-scan-cache/v1";
async function scanCacheKey(cacheDir, identity) {
  const db = await readTrivyDbState(cacheDir, "db");
  const updatedAt = db.hasDatabase ? db.metadata?.updatedAt : void 0;
  if (!updatedAt) return void 0;
  const java = await readTrivyDbState(cacheDir, "javaDb");
  const javaUpdatedAt = java.hasDatabase ? java.metadata?.updatedAt : void 0;
  return {
    ...identity,
    scanners: [...identity.scanners].sort(),
    dbUpdatedAt: updatedAt.toISOString(),
    ...javaUpdatedAt ? { javaDbUpdatedAt: javaUpdatedAt.toISOString() } : {}
  };
}
function scanCacheEntryFiles(cacheDir, key) {
  const name = entryName(key);
  const dir = path6.join(cacheDir, SCAN_CACHE_DIR);
  return { name, files: [path6.join(dir, `${name}.json`), path6.join(dir, `${name}.trivy.json`)] };
}
function entryName(key) {
  return createHash2("sha256").update(canonicalKey(key)).digest("hex").slice(0, 32);
}
function canonicalKey(key) {
  return JSON.stringify([
    key.imageId,
    key.diffIds,
    key.trivyVersion,
    key.dbUpdatedAt,
    key.javaDbUpdatedAt ?? null,
    key.scanners,
    key.platform ?? null,
    key.listAllPackages
  ]);
}
async function readCachedScan(cacheDir, key, outputFile, context) {
  const dir = path6.join(cacheDir, SCAN_CACHE_DIR);
  const name = entryName(key);
  const indexPath = path6.join(dir, `${name}.json`);
  const reportPath = path6.join(dir, `${name}.trivy.json`);
  const indexInfo = await stat5(indexPath).catch(() => void 0);
  if (!indexInfo) return void 0;
  const ignore = (why) => {
    context.logger.warning(`scan cache: ignoring the cached scan ${name} (${why}); running Trivy`);
    return void 0;
  };
  try {
    if (!indexInfo.isFile() || indexInfo.size > MAX_INDEX_BYTES) return ignore("its index is not a small file");
    const index = parseIndex(await readFile5(indexPath, "utf8"));
    if (!index) return ignore("its index is not valid JSON of the expected shape");
    if (canonicalKey(index.key) !== canonicalKey(key)) return ignore("it was saved for another image or DB");
    const reportInfo = await stat5(reportPath).catch(() => void 0);
    if (!reportInfo?.isFile()) return ignore("its report is missing");
    if (reportInfo.size > MAX_CACHED_REPORT_BYTES) return ignore(`its report is over ${MAX_CACHED_REPORT_BYTES} bytes`);
    if (reportInfo.size !== index.reportBytes) return ignore("its report is not the size its index records");
    await mkdir2(path6.dirname(outputFile), { recursive: true });
    await copyFile(reportPath, outputFile);
    if (await sha256File(outputFile) !== index.reportSha256) {
      await rm3(outputFile, { force: true });
      return ignore("its report does not match the SHA-256 its index records");
    }
    let report;
    try {
      report = await readTrivyReport(outputFile, `scan cache ${name}`, { maxBytes: MAX_CACHED_REPORT_BYTES });
    } catch (error) {
      await rm3(outputFile, { force: true });
      return ignore(
        `it is not a Trivy report imagegate reads: ${error instanceof Error ? error.message : "unreadable"}`
      );
    }
    const layers = report.image?.layers.map((layer) => layer.diffId);
    if (layers && layers.join() !== key.diffIds.join()) {
      await rm3(outputFile, { force: true });
      return ignore("its report describes another image");
    }
    const savedAt = new Date(index.savedAt);
    const ageSeconds = Math.max(0, Math.round((context.now.getTime() - savedAt.getTime()) / 1e3));
    return { report, cached: { savedAt: savedAt.toISOString(), ageSeconds } };
  } catch (error) {
    return ignore(error instanceof Error ? error.message : "unreadable");
  }
}
async function saveCachedScan(cacheDir, key, reportFile, context) {
  try {
    const info = await stat5(reportFile);
    if (info.size > MAX_CACHED_REPORT_BYTES) {
      context.logger.info(`scan cache: Trivy's report is over ${MAX_CACHED_REPORT_BYTES} bytes; not cached`);
      return false;
    }
    const dir = path6.join(cacheDir, SCAN_CACHE_DIR);
    await mkdir2(dir, { recursive: true });
    const name = entryName(key);
    const report = await readFile5(reportFile);
    const index = {
      format: FORMAT,
      key,
      savedAt: context.now.toISOString(),
      reportSha256: createHash2("sha256").update(report).digest("hex"),
      reportBytes: report.length
    };
    await new AtomicFileSet({ what: "the scan cache", place: dir, placeKind: "directory" }).run(async (files) => {
      await files.stageBytes(path6.join(dir, `${name}.trivy.json`), report);
      await files.stage(path6.join(dir, `${name}.json`), (sink) => sink.writeFile(`${JSON.stringify(index)}
`, "utf8"));
    });
    await pruneEntries(dir);
    return true;
  } catch (error) {
    context.logger.warning(`scan cache: could not save the scan: ${error instanceof Error ? error.message : error}`);
    return false;
  }
}
async function pruneEntries(dir) {
  const names = (await readdir(dir)).filter((file) => /^[0-9a-f]{32}\.json$/.test(file));
  if (names.length <= MAX_ENTRIES) return;
  const dated = await Promise.all(
    names.map(async (file) => ({ file, mtime: (await stat5(path6.join(dir, file))).mtimeMs }))
  );
  dated.sort((a, b) => a.mtime - b.mtime);
  for (const { file } of dated.slice(0, dated.length - MAX_ENTRIES)) {
    const name = file.slice(0, -".json".length);
    await rm3(path6.join(dir, file), { force: true });
    await rm3(path6.join(dir, `${name}.trivy.json`), { force: true });
  }
}
function parseIndex(text2) {
  let value;
  try {
    value = JSON.parse(text2);
  } catch {
    return void 0;
  }
  if (typeof value !== "object" || value === null) return void 0;
  const index = value;
  const key = index.key;
  const strings3 = (list) => Array.isArray(list) && list.every((item) => typeof item === "string");
  if (index.format !== FORMAT || typeof index.savedAt !== "string" || Number.isNaN(Date.parse(index.savedAt)) || typeof index.reportSha256 !== "string" || !/^[0-9a-f]{64}$/.test(index.reportSha256) || typeof index.reportBytes !== "number" || typeof key !== "object" || key === null || typeof key.imageId !== "string" || !strings3(key.diffIds) || typeof key.trivyVersion !== "string" || typeof key.dbUpdatedAt !== "string" || !(key.javaDbUpdatedAt === void 0 || typeof key.javaDbUpdatedAt === "string") || !strings3(key.scanners) || !(key.platform === void 0 || typeof key.platform === "string") || typeof key.listAllPackages !== "boolean") {
    return void 0;
  }
  return index;
}

// src/pipeline/scan-stage.ts
async function runScanStage(request, environment, context) {
  const { scan } = request;
  if (scan.kind === "skip") {
    context.logger.warning("vulnerability scan skipped (--skip-scan): only the image policy is checked");
    return void 0;
  }
  if (scan.kind === "report") return readTrivyReport(scan.file, request.displayPath(scan.file));
  if (request.image.kind === "trivy-report")
    throw new Error("a Trivy run needs an image; the entry point must give one");
  const { logger } = context;
  const bundle = request.trivyBundle;
  const binary = await locateTrivy({
    logger,
    cache: bundle ? { kind: "directory", dir: bundle.installDir } : environment.trivyInstallCache,
    searchPath: bundle ? "" : environment.processEnv["PATH"] ?? "",
    ...bundle ? { version: bundle.version } : scan.version ? { version: scan.version } : {},
    ...environment.trivyDownloadBaseUrl ? { downloadBaseUrl: environment.trivyDownloadBaseUrl } : {},
    ...scan.sha256 ? { sha256: scan.sha256 } : {},
    ...scan.trustOnFirstUse ? { trustOnFirstUse: true } : {},
    ...request.offline ? { offline: true } : {}
  });
  const verified = describeVerification(binary.verification);
  if (binary.verification === "trust-on-first-use") {
    logger.warning(`running Trivy ${binary.version} at ${binary.path}: ${verified}`);
  } else {
    logger.info(`trivy ${binary.version} (${binary.source}): ${binary.path}; ${verified}`);
  }
  const cacheDir = bundle?.cacheDir ?? scan.cacheDir ?? environment.defaultCacheDir;
  await mkdir3(cacheDir, { recursive: true });
  await mkdir3(request.outDir, { recursive: true });
  const offline = request.offline === true;
  const restored = offline ? void 0 : await environment.dbCache?.restore(cacheDir);
  let scanned = false;
  try {
    await verifyTrivyDbs(cacheDir, { logger });
    const db = await resolveDbOptions({
      cacheDir,
      ...scan.dbRepositories ? { repositories: scan.dbRepositories } : {},
      ...scan.javaDbRepositories ? { javaRepositories: scan.javaDbRepositories } : {},
      now: /* @__PURE__ */ new Date(),
      ...offline ? { offline: true } : {}
    });
    if (offline) await requireOfflineDb(cacheDir);
    const outputFile = path7.join(request.outDir, "trivy.json");
    const identity = request.cacheIdentity && {
      ...request.cacheIdentity,
      trivyVersion: binary.version,
      scanners: scan.scanners,
      listAllPackages: request.listAllPackages ?? false,
      ...request.platform ? { platform: request.platform } : {}
    };
    const key = identity && !request.noScanCache ? await scanCacheKey(cacheDir, identity) : void 0;
    if (key && db.skipUpdate && (key.javaDbUpdatedAt === void 0 || db.skipJavaUpdate)) {
      if (!offline) await environment.scanCache?.restore(scanCacheEntryFiles(cacheDir, key));
      const hit = await readCachedScan(cacheDir, key, outputFile, { logger, now: /* @__PURE__ */ new Date() });
      if (hit) {
        logger.info(
          `scan cache: Trivy ${binary.version}'s results for ${describeTarget(request.image)} with the DB of ${key.dbUpdatedAt}, saved ${hit.cached.savedAt}; Trivy not run`
        );
        const { report: report2 } = hit;
        await request.redact?.(outputFile);
        report2.scan.binary = { path: binary.path, version: binary.version, verification: binary.verification };
        report2.scan.cached = hit.cached;
        await addDbAge(report2, cacheDir, offline);
        if (request.listAllPackages) report2.scan.packages ??= [];
        return report2;
      }
    }
    const scanRequest = {
      binary: binary.path,
      env: environment.processEnv,
      target: scanTarget(request.image),
      outputFile,
      scanners: scan.scanners,
      cacheDir,
      db,
      ...scan.timeout ? { timeout: scan.timeout } : {},
      ...request.platform ? { platform: request.platform } : {},
      ...request.listAllPackages ? { listAllPackages: true } : {},
      ...request.registry?.credentials ? { credentials: request.registry.credentials } : {},
      ...request.registry?.insecure ? { extraEnv: { TRIVY_INSECURE: "true" } } : {},
      ...request.registry?.dropInheritedCredentials ? { dropInheritedCredentials: true } : {}
    };
    await logger.group(`trivy image ${describeTarget(request.image)}`, () => runTrivyScan(scanRequest, { logger }));
    scanned = true;
    await recordChangedTrivyDbs(cacheDir);
    const report = await readTrivyReport(outputFile, request.displayPath(outputFile));
    await request.redact?.(outputFile);
    if (identity && !request.noScanCache) {
      const saveKey = await scanCacheKey(cacheDir, identity);
      if (saveKey && await saveCachedScan(cacheDir, saveKey, outputFile, { logger, now: /* @__PURE__ */ new Date() })) {
        if (!offline) await environment.scanCache?.save(scanCacheEntryFiles(cacheDir, saveKey));
      }
    }
    report.scan.binary = { path: binary.path, version: binary.version, verification: binary.verification };
    await addDbAge(report, cacheDir, offline);
    if (request.listAllPackages) report.scan.packages ??= [];
    return report;
  } finally {
    if (scanned) await restored?.save();
  }
}
async function addDbAge(report, cacheDir, offline) {
  const age = await readDbAge(cacheDir, /* @__PURE__ */ new Date(), offline);
  if (age) report.scan.db = age;
}
function scanTarget(image) {
  switch (image.kind) {
    case "daemon":
      return { kind: "image", reference: image.reference };
    case "registry":
      return { kind: "image", reference: image.reference, remoteOnly: true };
    case "archive":
      return { kind: "archive", path: image.path };
    case "oci-layout":
      return { kind: "oci-layout", path: image.path };
  }
}
function describeTarget(image) {
  if (image.kind === "daemon" || image.kind === "registry") return image.reference;
  return image.kind === "trivy-report" ? "report" : image.path;
}

// src/pipeline/image-baseline.ts
var IMAGE_FAMILIES = ["size", "layers", "user"];
var SCAN_FAMILIES2 = ["vuln", "secret", "license"];
async function readImageBaseline(request, scanEnvironment, context) {
  const { config, logger } = { ...request, logger: context.logger };
  const name = describeInput(request.input);
  return logger.group(`baseline image ${name}`, async () => {
    const read = await acquireImage(config, request.input, logger);
    const acquired = { ...read, facts: hideConfigSecrets(read.facts, request.policy, logger) };
    const scanned = config.scan.kind === "trivy";
    const report = scanned ? await runScanStage(
      {
        scan: config.scan,
        image: acquired.scanInput,
        ...config.platform ? { platform: config.platform } : {},
        outDir: path8.join(config.outDir, "baseline"),
        displayPath: request.displayPath
      },
      // The DB is fresh from the image's own scan and already saved: no second restore or save.
      { ...scanEnvironment, dbCache: void 0 },
      { logger }
    ) : void 0;
    const families = scanned ? [...IMAGE_FAMILIES, ...SCAN_FAMILIES2] : IMAGE_FAMILIES;
    const facts = acquired.facts;
    const imageName = facts.reference ? tryNormalize(facts.reference) : facts.id;
    const checkContext = {
      image: facts,
      ...request.reference ? { reference: request.reference } : {},
      imageName,
      imageRepository: request.imageRepository,
      rules: rulesForImage(request.policy, request.reference),
      layerOrigins: facts.layers.map(() => void 0),
      imageLocation: { kind: "image", image: imageName },
      ...report ? { scan: report.scan } : {},
      ...config.scan.kind === "trivy" ? { scanners: config.scan.scanners } : {},
      allow: request.policy.allow,
      now: request.now
    };
    const findings = runImageChecks(checkContext, request.severityFor).filter(
      (finding2) => families.includes(ruleFamily(finding2.ruleId))
    );
    logger.info(`baseline image ${name}: ${findings.filter((f) => !f.suppressedBy).length} active findings`);
    return {
      baseline: {
        file: name,
        toolVersion: null,
        startedAt: null,
        image: imageName,
        findings: findings.map(baselineFinding2)
      },
      image: summarize2(facts, name),
      families
    };
  });
}
function comparableFindings(findings, families) {
  return findings.filter((finding2) => families.includes(ruleFamily(finding2.ruleId)));
}
function summarize2(facts, name) {
  return {
    name: facts.reference ?? name,
    size: facts.size,
    ...facts.compressedSize !== void 0 ? { compressedSize: facts.compressedSize } : {},
    layers: facts.layers.map((layer) => {
      const entry = layer.historyIndex === void 0 ? void 0 : facts.history[layer.historyIndex];
      return { diffId: layer.diffId, size: layer.size, ...entry ? { createdBy: entry.createdBy } : {} };
    })
  };
}
function baselineFinding2(finding2) {
  const { location } = finding2;
  return {
    ruleId: finding2.ruleId,
    severity: finding2.severity,
    message: finding2.message,
    fingerprint: finding2.fingerprint,
    suppressed: finding2.suppressedBy !== void 0,
    location: location.kind === "source" ? { path: location.path, line: location.line, column: location.column ?? null } : { image: location.image, layer: location.layer ?? null },
    properties: finding2.properties ?? {}
  };
}
function describeInput(input) {
  return "reference" in input ? input.reference : input.path;
}
function tryNormalize(reference) {
  try {
    return parseImageReference(reference).normalized;
  } catch {
    return reference;
  }
}
function baselineFields(findings, report, image) {
  if (image) {
    return {
      baseline: {
        ...compareWithBaseline(comparableFindings(findings, image.families), image.baseline),
        file: image.baseline.file,
        families: image.families
      },
      baselineImage: image.image
    };
  }
  if (!report) return {};
  return {
    baseline: { ...compareWithBaseline(findings, report.baseline), file: report.file },
    ...report.baseline.imageSummary ? { baselineImage: report.baseline.imageSummary } : {}
  };
}

// src/dockerfile/dockerignore.ts
import { stat as stat6 } from "node:fs/promises";
import path9 from "node:path";
async function readBuildContextFacts(context, dockerfile, displayPath, paths = WorkspacePaths.unrestricted()) {
  const candidates = [...dockerfile ? [`${dockerfile}.dockerignore`] : [], path9.join(context, ".dockerignore")];
  for (const candidate of candidates) {
    const info = await stat6(candidate).catch(() => void 0);
    if (info === void 0 || info.isDirectory()) continue;
    await paths.regularFile(candidate, { what: "the ignore file", display: displayPath(candidate) });
    if (info.isFile()) return { path: displayPath(context), dockerignore: displayPath(candidate) };
  }
  return { path: displayPath(context) };
}

// src/checks/compose-finding.ts
import path10 from "node:path";
function composeFinding(ruleId, project, details) {
  const { mount } = details;
  const source = mount ? displaySource(mount, project) : void 0;
  return makeFinding(ruleId, findingScope(project), {
    message: details.message,
    location: sourceLocation2(details.position),
    key: JSON.stringify([details.service, ...details.key]),
    properties: {
      service: details.service,
      ...mount ? { target: mount.target, mountType: mount.type, readOnly: mount.readOnly } : {},
      ...source !== void 0 ? { source } : {},
      ...mount?.source !== void 0 && mount.type === "bind" ? { hostPath: mount.source } : {},
      ...details.properties
    }
  });
}
function findingScope(project) {
  return { imageRepository: `compose:${project.files[0] ?? project.name}` };
}
function sourceLocation2(position) {
  return { kind: "source", path: position.path, line: position.line, column: position.column };
}
function displaySource(mount, project) {
  if (mount.source === void 0) return void 0;
  if (mount.type !== "bind" || !path10.isAbsolute(mount.source)) return mount.source;
  const relative = path10.relative(project.projectDir, mount.source);
  if (relative === "") return ".";
  if (relative.startsWith("..") || path10.isAbsolute(relative)) return mount.source;
  return `./${relative.split(path10.sep).join("/")}`;
}
function describeSource(mount, project) {
  const shown2 = displaySource(mount, project) ?? "(anonymous)";
  const written = mount.writtenSource;
  return written !== void 0 && written !== shown2 ? `${written} (${shown2})` : shown2;
}

// src/checks/compose-hardening-rules.ts
function hardeningFindings(project, service, options) {
  return [
    ...options.requireNoNewPrivileges ? noNewPrivileges(project, service) : [],
    ...options.requireMemoryLimit ? memoryLimit(project, service) : [],
    ...options.requirePidsLimit ? pidsLimit(project, service) : [],
    ...options.forbidPrivilegedPorts ? privilegedPorts(project, service) : []
  ];
}
var GO_TRUE = /* @__PURE__ */ new Set(["1", "t", "T", "TRUE", "true", "True"]);
var GO_FALSE = /* @__PURE__ */ new Set(["0", "f", "F", "FALSE", "false", "False"]);
function noNewPrivileges(project, service) {
  let setting;
  for (const item of itemsAt(service, "security_opt")) {
    if (typeof item.value !== "string") continue;
    const text2 = item.value.trim();
    if (text2 === "no-new-privileges") {
      setting = { on: true, item };
      continue;
    }
    const match = /^no-new-privileges[=:](.*)$/.exec(text2);
    const value = match?.[1];
    if (value === void 0) continue;
    if (GO_TRUE.has(value)) setting = { on: true, item };
    else if (GO_FALSE.has(value)) setting = { on: false, item };
  }
  if (setting?.on) return [];
  const written = setting?.item;
  return [
    finding("compose/no-new-privileges", project, service, written?.position, {
      message: md`Service ${code(service.name)} ${written ? md`sets ${code(`security_opt: ${String(written.value)}`)}` : md`does not set \`no-new-privileges\``}: a setuid or setgid program (or file capabilities) can still raise its processes' privileges. Add \`security_opt: [no-new-privileges:true]\` (the policy asks for it: compose.requireNoNewPrivileges).`,
      key: ["security_opt", "no-new-privileges"]
    })
  ];
}
function memoryLimit(project, service) {
  const limit2 = firstLimit(service, "mem_limit", "memory", isUnlimitedMemory);
  if (limit2.set) return [];
  return [
    finding("compose/memory-limit", project, service, limit2.unlimited?.position, {
      message: md`Service ${code(service.name)} ${limit2.unlimited ? md`sets an unlimited memory limit (${code(limit2.label)})` : md`has no memory limit`}: one leak or one attacker can take the host's memory from every other container. Set \`mem_limit\` or \`deploy.resources.limits.memory\` (the policy asks for it: compose.requireMemoryLimit).`,
      key: ["mem_limit"]
    })
  ];
}
function pidsLimit(project, service) {
  const limit2 = firstLimit(service, "pids_limit", "pids", isUnlimitedPids);
  if (limit2.set) return [];
  return [
    finding("compose/pids-limit", project, service, limit2.unlimited?.position, {
      message: md`Service ${code(service.name)} ${limit2.unlimited ? md`sets an unlimited PIDs limit (${code(limit2.label)})` : md`has no PIDs limit`}: a fork bomb in it can exhaust the host's process table. Set \`pids_limit\` or \`deploy.resources.limits.pids\` (the policy asks for it: compose.requirePidsLimit).`,
      key: ["pids_limit"]
    })
  ];
}
var FIRST_UNPRIVILEGED_PORT = 1024;
function privilegedPorts(project, service) {
  return portEntries(service).flatMap(({ published, binding, node }) => {
    const port = firstPort(published);
    if (port === void 0 || port < 1 || port >= FIRST_UNPRIVILEGED_PORT) return [];
    return [
      composeFinding("compose/privileged-port", project, {
        service: service.name,
        message: md`Service ${code(service.name)} publishes host port ${port} (${code(published)}), a privileged port below 1024: binding it takes root or \`CAP_NET_BIND_SERVICE\` on the host. Publish a port of 1024 or above (\`8080:80\`) and put a load balancer or proxy in front if the service must answer on ${port} (the policy asks for it: compose.forbidPrivilegedPorts).`,
        position: node.position,
        // The whole binding (host IP, port, protocol): 53/tcp and 53/udp, or one port on two addresses, are two
        // problems with two fingerprints, and neither hides the other when both sit on one line.
        key: ["ports", binding],
        properties: { subject: service.name, port }
      })
    ];
  });
}
function portEntries(service) {
  const node = mapGet(service.body, "ports");
  if (node?.kind !== "sequence") return [];
  return node.items.flatMap((item) => {
    if (item.kind === "scalar") {
      if (typeof item.value !== "string") return [];
      const [withoutProtocol = "", protocol2 = "tcp"] = item.value.trim().split("/");
      const parts = withoutProtocol.split(":");
      if (parts.length < 2) return [];
      const host = parts[parts.length - 2] ?? "";
      const hostIp2 = parts.slice(0, -2).join(":");
      return host === "" ? [] : [{ published: host, binding: `${hostIp2}|${host}/${protocol2}`, node: item }];
    }
    const published = mapGet(item, "published");
    if (published?.kind !== "scalar" || typeof published.value !== "string" && typeof published.value !== "number") {
      return [];
    }
    const hostIp = mapGet(item, "host_ip");
    const protocol = mapGet(item, "protocol");
    const text2 = (node2, fallback) => node2?.kind === "scalar" && typeof node2.value === "string" ? node2.value : fallback;
    const port = String(published.value);
    return [{ published: port, binding: `${text2(hostIp, "")}|${port}/${text2(protocol, "tcp")}`, node: published }];
  });
}
function firstPort(published) {
  const match = /^(\d{1,5})(?:-\d{1,5})?$/.exec(published.trim());
  return match ? Number(match[1]) : void 0;
}
function firstLimit(service, serviceKey, deployKey, isUnlimited) {
  const candidates = [
    [serviceKey, mapGet(service.body, serviceKey)],
    [
      `deploy.resources.limits.${deployKey}`,
      mapGet(mapGet(mapGet(mapGet(service.body, "deploy"), "resources"), "limits"), deployKey)
    ]
  ];
  let unlimited;
  for (const [label, node] of candidates) {
    if (node?.kind !== "scalar" || node.value === null || node.value === "") continue;
    if (!isUnlimited(node.value)) return { set: true, label };
    unlimited ??= { node, label: `${label}: ${String(node.value)}` };
  }
  return unlimited ? { set: false, unlimited: unlimited.node, label: unlimited.label } : { set: false, label: "" };
}
function isUnlimitedMemory(value) {
  if (typeof value === "number") return value <= 0;
  return typeof value === "string" && /^0+(?:\.0+)?\s?(?:[kmgtp]i?)?b?$/i.test(value.trim());
}
function isUnlimitedPids(value) {
  const number = typeof value === "number" ? value : typeof value === "string" ? Number(value.trim()) : NaN;
  return Number.isFinite(number) && number <= 0;
}
function finding(ruleId, project, service, position, details) {
  return composeFinding(ruleId, project, {
    service: service.name,
    message: details.message,
    position: position ?? service.position,
    key: details.key,
    properties: { subject: service.name }
  });
}
function itemsAt(service, key) {
  const node = mapGet(service.body, key);
  if (node?.kind === "scalar") return node.value === null ? [] : [node];
  if (node?.kind !== "sequence") return [];
  return node.items.filter((item) => item.kind === "scalar");
}

// src/checks/compose-mount-rules.ts
import path12 from "node:path";

// src/checks/host-paths.ts
import path11 from "node:path";
var ENGINE_SOCKETS = [
  { pattern: "/var/run/docker.sock", engine: "Docker", viaParents: true },
  { pattern: "/run/docker.sock", engine: "Docker", viaParents: true },
  { pattern: "/run/user/*/docker.sock", engine: "Docker (rootless)", viaParents: true },
  { pattern: "/home/*/.docker/run/docker.sock", engine: "Docker Desktop", viaParents: false },
  { pattern: "/Users/*/.docker/run/docker.sock", engine: "Docker Desktop", viaParents: false },
  { pattern: "/run/containerd/containerd.sock", engine: "containerd", viaParents: true },
  { pattern: "/var/run/containerd/containerd.sock", engine: "containerd", viaParents: true },
  { pattern: "/run/k3s/containerd/containerd.sock", engine: "containerd (k3s)", viaParents: true },
  { pattern: "/run/podman/podman.sock", engine: "Podman", viaParents: true },
  { pattern: "/var/run/podman/podman.sock", engine: "Podman", viaParents: true },
  { pattern: "/run/user/*/podman/podman.sock", engine: "Podman (rootless)", viaParents: true },
  { pattern: "/run/crio/crio.sock", engine: "CRI-O", viaParents: true },
  { pattern: "/var/run/crio/crio.sock", engine: "CRI-O", viaParents: true },
  { pattern: "/run/cri-dockerd.sock", engine: "cri-dockerd", viaParents: true },
  { pattern: "/var/run/cri-dockerd.sock", engine: "cri-dockerd", viaParents: true },
  { pattern: "//./pipe/docker_engine", engine: "Docker (Windows named pipe)", viaParents: false },
  { pattern: "//./pipe/dockerdesktoplinuxengine", engine: "Docker Desktop (Windows named pipe)", viaParents: false }
];
var NOT_A_SOCKET_PARENT = /* @__PURE__ */ new Set(["/var"]);
var SENSITIVE_HOST_PATHS = [
  { pattern: "/etc", what: "the host's configuration: users, password hashes, sudoers, cron, TLS keys" },
  { pattern: "/root", what: "root's home: SSH keys and credentials" },
  { pattern: "/home/*/.*", what: "a user's dotfiles: SSH keys, cloud, registry and cluster credentials" },
  { pattern: "/Users/*/.*", what: "a user's dotfiles: SSH keys, cloud, registry and cluster credentials" },
  { pattern: "/boot", what: "the kernel and boot loader" },
  { pattern: "/proc", what: "the host's processes and kernel settings" },
  { pattern: "/sys", what: "the kernel's device and control interfaces" },
  { pattern: "/dev", what: "the host's devices" },
  { pattern: "/usr", what: "the host's programs and libraries" },
  { pattern: "/bin", what: "the host's programs" },
  { pattern: "/sbin", what: "the host's system programs" },
  { pattern: "/lib", what: "the host's libraries and kernel modules" },
  { pattern: "/lib32", what: "the host's libraries" },
  { pattern: "/lib64", what: "the host's libraries" },
  { pattern: "/libx32", what: "the host's libraries" },
  { pattern: "/var/lib/docker", what: "Docker's storage: every image, container and volume" },
  { pattern: "/var/lib/containerd", what: "containerd's storage: every image and container" },
  { pattern: "/var/lib/containers", what: "Podman's and CRI-O's storage: every image and container" },
  { pattern: "/var/lib/kubelet", what: "the kubelet's state: pod volumes and service-account tokens" },
  { pattern: "?:/windows", what: "the Windows system directory" },
  { pattern: "?:/programdata/docker", what: "Docker's storage on Windows" },
  { pattern: "?:/users/*/.*", what: "a user's dotfiles: SSH keys, cloud, registry and cluster credentials" }
];
var HARMLESS = ["/dev/null", "/dev/zero", "/dev/random", "/dev/urandom", "/dev/full"];
var HARMLESS_READ_ONLY = [
  "/etc/localtime",
  "/etc/timezone",
  "/usr/share/zoneinfo",
  "/etc/ssl/certs",
  "/etc/ca-certificates",
  "/etc/pki/ca-trust/extracted",
  "/usr/share/ca-certificates"
];
function engineSocketAt(hostPath) {
  const segments = segmentsOf(hostPath);
  for (const socket of ENGINE_SOCKETS) {
    const pattern = segmentsOf(socket.pattern);
    if (segments.length === pattern.length && matchesPrefix(pattern, segments, pattern.length)) {
      return { engine: socket.engine, socket: socket.pattern, viaParent: false };
    }
  }
  if (NOT_A_SOCKET_PARENT.has(normalizeHostPath(hostPath))) return void 0;
  for (const socket of ENGINE_SOCKETS) {
    const pattern = segmentsOf(socket.pattern);
    if (socket.viaParents && segments.length < pattern.length && matchesPrefix(pattern, segments, segments.length)) {
      return { engine: socket.engine, socket: socket.pattern, viaParent: true };
    }
  }
  return void 0;
}
function sensitivePathAt(hostPath, readOnly = false) {
  const segments = segmentsOf(hostPath);
  const harmless = readOnly ? [...HARMLESS, ...HARMLESS_READ_ONLY] : HARMLESS;
  if (harmless.some((entry) => {
    const pattern = segmentsOf(entry);
    return segments.length >= pattern.length && matchesPrefix(pattern, segments, pattern.length);
  })) {
    return void 0;
  }
  const isRoot = segments.length === 1 || segments.length === 2 && isDrive(segments[1]);
  if (isRoot) return { pattern: normalizeHostPath(hostPath), what: "the whole host filesystem", relation: "contains" };
  for (const entry of SENSITIVE_HOST_PATHS) {
    const pattern = segmentsOf(entry.pattern);
    if (segments.length >= pattern.length && matchesPrefix(pattern, segments, pattern.length)) {
      return {
        pattern: entry.pattern,
        what: entry.what,
        relation: segments.length === pattern.length ? "is" : "inside"
      };
    }
  }
  for (const entry of SENSITIVE_HOST_PATHS) {
    const pattern = segmentsOf(entry.pattern);
    if (segments.length < pattern.length && matchesPrefix(pattern, segments, segments.length)) {
      return { pattern: entry.pattern, what: entry.what, relation: "contains" };
    }
  }
  return void 0;
}
function isHarmlessDevice(hostPath) {
  return HARMLESS.includes(normalizeHostPath(hostPath));
}
function normalizeHostPath(hostPath) {
  const windows = /^[A-Za-z]:([\\/]|$)/.test(hostPath) || hostPath.startsWith("\\\\") || hostPath.startsWith("//");
  if (windows) {
    const slashed = hostPath.replace(/\\/g, "/").toLowerCase();
    const unc = slashed.startsWith("//");
    const body = path11.posix.normalize(unc ? slashed.slice(2) : slashed).replace(/\/+$/, "");
    return unc ? `//${body}` : body.endsWith(":") ? `${body}/` : body;
  }
  const normalized = path11.posix.normalize(hostPath);
  return normalized.length > 1 ? normalized.replace(/\/+$/, "") : normalized;
}
function segmentsOf(hostPath) {
  const normalized = normalizeHostPath(hostPath);
  if (normalized === "/") return [""];
  if (normalized.startsWith("//")) return ["", "", ...normalized.slice(2).split("/")];
  if (/^[a-z]:/.test(normalized) || normalized.startsWith("?:")) {
    return ["", ...normalized.split("/").filter((segment) => segment !== "")];
  }
  return normalized.split("/");
}
function isDrive(segment) {
  return /^[a-z]:$/.test(segment);
}
function matchesPrefix(pattern, segments, count) {
  for (let index = 0; index < count; index++) {
    const part = pattern[index];
    const segment = segments[index];
    const matches = /[*?]/.test(part) ? compileGlob(part)(segment) : part === segment;
    if (!matches) return false;
  }
  return true;
}
function describeSensitiveMatch(match) {
  return match.relation === "is" ? `which is ${match.what}` : match.relation === "inside" ? `inside ${match.pattern} (${match.what})` : match.pattern === "/" || /^[a-z]:\/?$/.test(match.pattern) ? match.what : `a directory that holds ${match.pattern} (${match.what})`;
}

// src/checks/compose-mount-rules.ts
var KNOWN_OPTIONS = ["ro", "rw", "nocopy", "z", "Z", ...PROPAGATIONS];
var CONSISTENCY_HINTS = /* @__PURE__ */ new Set(["cached", "delegated", "consistent"]);
var READ_ONLY_SPELLINGS = /* @__PURE__ */ new Set(["r", "ro", "readonly", "read-only", "read_only"]);
function mountFindings(project, service, mounts, volumesFrom) {
  const findings = [];
  for (const mount of mounts) {
    const socket = socketOf(mount);
    if (socket) {
      findings.push(engineSocketFinding(project, mount, socket));
      continue;
    }
    const sensitive = sensitiveFinding(project, mount);
    if (sensitive) findings.push(sensitive);
    if (mount.origin === "volumes_from") continue;
    const ineffective = ineffectiveModeFinding(project, mount);
    if (ineffective) findings.push(ineffective);
    const readOnlyIntended = ineffective !== void 0 && readOnlySpellings(mount).length > 0;
    const writable = readOnlyIntended ? void 0 : writableBindFinding(project, service, mount);
    if (writable) findings.push(writable);
    const shared = sharedPropagationFinding(project, mount);
    if (shared) findings.push(shared);
  }
  for (const entry of volumesFrom) {
    const finding2 = writableVolumesFromFinding(project, service, mounts, entry);
    if (finding2) findings.push(finding2);
  }
  return findings;
}
function socketOf(mount) {
  if (mount.origin === "use_api_socket") return { engine: "Docker", socket: mount.source ?? "", viaParent: false };
  if (mount.type !== "bind" && mount.type !== "npipe" || mount.source === void 0) return void 0;
  return engineSocketAt(mount.source);
}
function inherited(mount) {
  return mount.inheritedFrom ? md` (inherited through volumes_from from ${code(mount.inheritedFrom.service)})` : md``;
}
function engineSocketFinding(project, mount, socket) {
  const what = mount.origin === "use_api_socket" ? md`sets \`use_api_socket: true\`: compose hands it the engine's API socket (at ${mount.target}) and your registry credentials` : socket.viaParent ? md`mounts ${describeSource(mount, project)} at ${mount.target}${inherited(mount)}, a directory that holds the ${socket.engine} engine socket (${socket.socket})` : md`mounts the ${socket.engine} engine socket ${describeSource(mount, project)} at ${mount.target}${inherited(mount)}`;
  const readOnlyNote = mount.readOnly ? md` The mount is read-only, which does not help: a socket still takes requests.` : md``;
  return composeFinding("compose/engine-socket", project, {
    service: mount.service,
    message: md`Service ${code(mount.service)} ${what}. Whoever controls the container controls the engine, and through it the host (it can start a privileged container that mounts /).${readOnlyNote} Remove it, or put a socket proxy in between that allows only the API calls the service needs.`,
    position: mount.position,
    key: [mount.target, mount.origin === "use_api_socket" ? "use_api_socket" : mount.source],
    mount,
    properties: { engine: socket.engine, socket: socket.socket }
  });
}
function sensitiveFinding(project, mount) {
  if (mount.type !== "bind" || mount.source === void 0) return void 0;
  const written = mount.writtenSource ?? mount.source;
  if (written.startsWith(".") && !path12.posix.normalize(written.replace(/\\/g, "/")).startsWith("..")) return void 0;
  const match = sensitivePathAt(mount.source, mount.readOnly);
  if (!match) return void 0;
  const where = describeSensitiveMatch(match);
  const access = mount.readOnly ? "read-only: the container can read it" : "read-write: the container can read and change it";
  return composeFinding("compose/sensitive-host-path", project, {
    service: mount.service,
    message: md`Service ${code(mount.service)} mounts ${describeSource(mount, project)} at ${mount.target}${inherited(mount)}, ${where}, ${access}. Mount only the files the service needs, from the project, or pass them as compose \`configs\` or \`secrets\`.`,
    position: mount.position,
    key: [mount.target, mount.source],
    mount,
    properties: { sensitivePath: match.pattern }
  });
}
function readOnlySpellings(mount) {
  return mount.ignoredOptions.filter((option) => READ_ONLY_SPELLINGS.has(option.trim().toLowerCase()));
}
function ineffectiveModeFinding(project, mount) {
  if (mount.origin !== "short" || mount.ignoredOptions.length === 0) return void 0;
  const readOnly = mount.readOnly ? [] : readOnlySpellings(mount);
  const others = mount.ignoredOptions.filter(
    (option) => !READ_ONLY_SPELLINGS.has(option.trim().toLowerCase()) && !CONSISTENCY_HINTS.has(option)
  );
  if (readOnly.length === 0 && others.length === 0) return void 0;
  const spec = code(
    `${mount.writtenSource === void 0 ? "" : `${mount.writtenSource}:`}${mount.target}:${mount.mode ?? ""}`
  );
  const parts = [];
  if (readOnly.length > 0) {
    parts.push(
      md`compose does not know the mode ${quoteList(readOnly)} and ignores it without a warning, so ${mount.target} is mounted read-write. Modes are case-sensitive and exact: only \`ro\` makes a mount read-only. Write \`:ro\`.`
    );
  }
  if (others.length > 0) {
    const hints = others.flatMap((option) => {
      const suggestion = didYouMean(option.trim(), KNOWN_OPTIONS);
      return suggestion ? [md`${code(option)} → ${code(suggestion)}?`] : [];
    });
    const didYouMeanNote = hints.length > 0 ? md` (did you mean ${joinMessages(hints, ", ")})` : md``;
    parts.push(
      md`compose ignores the option${others.length === 1 ? "" : "s"} ${quoteList(others)} without a warning: ${others.length === 1 ? "it has" : "they have"} no effect on the mount. Compose knows ro, rw, nocopy, z, Z and the propagations (${PROPAGATIONS.join(", ")}), split on \`,\` with no spaces${didYouMeanNote}.`
    );
  }
  return composeFinding("compose/ineffective-mode", project, {
    service: mount.service,
    message: md`Service ${code(mount.service)} mounts ${spec}: ${joinMessages(parts, " ")}`,
    position: mount.modePosition,
    key: [mount.target, mount.type === "bind" ? mount.source : void 0],
    mount,
    properties: { ignoredOptions: mount.ignoredOptions.join(",") }
  });
}
function writableBindFinding(project, service, mount) {
  if (mount.type !== "bind" || mount.source !== void 0 && isHarmlessDevice(mount.source)) return void 0;
  const what = mount.namedVolume ? md`volume ${code(mount.namedVolume.name)}, a bind of ${describeSource(mount, project)} (its driver_opts),` : md`${describeSource(mount, project)}`;
  if (mount.readOnly) {
    if (mount.recursive !== "writable" || !mount.recursivePosition) return void 0;
    return composeFinding("compose/writable-bind-mount", project, {
      service: mount.service,
      message: md`Service ${code(mount.service)} mounts ${what} at ${mount.target} read-only, but \`bind.recursive: writable\` leaves every mount beneath it writable. Remove \`recursive: writable\` (the default makes submounts read-only too).`,
      position: mount.recursivePosition,
      key: [mount.target, mount.source, "recursive"],
      mount
    });
  }
  const fix = mount.origin === "short" ? md`Add \`:ro\` to the entry` : md`Set \`read_only: true\``;
  return composeFinding("compose/writable-bind-mount", project, {
    service: mount.service,
    message: md`Service ${code(mount.service)} bind-mounts ${what} at ${mount.target} read-write: the container can change, delete or plant files on the host. ${fix} if it only reads them, or use a named volume for data it writes.${overrideNote(service, mount.modePosition, mount.target)}`,
    position: mount.modePosition,
    key: [mount.target, mount.source],
    mount
  });
}
function overrideNote(service, position, target) {
  if (position.path === service.position.path) return md``;
  return md` The entry comes from ${position.path}, which mounts ${target} again: compose keys volumes by target, so a later file's entry replaces the earlier one whole, mode included.`;
}
function sharedPropagationFinding(project, mount) {
  if (mount.propagation !== "shared" && mount.propagation !== "rshared") return void 0;
  return composeFinding("compose/shared-propagation", project, {
    service: mount.service,
    message: md`Service ${code(mount.service)} mounts ${describeSource(mount, project)} at ${mount.target} with ${code(mount.propagation)} propagation: mounts made inside the container appear on the host beneath that path. Use the default (rprivate), or rslave to receive host mounts without sending any.`,
    position: mount.propagationPosition ?? mount.position,
    key: [mount.target, mount.source],
    mount,
    properties: { propagation: mount.propagation }
  });
}
function writableVolumesFromFinding(project, service, mounts, entry) {
  if (entry.readOnly) return void 0;
  const known2 = entry.kind === "service" && project.services.some((each) => each.name === entry.name);
  const writable = mounts.filter(
    (mount) => mount.origin === "volumes_from" && !mount.readOnly && samePosition(mount.position, entry.position)
  );
  if (known2 && writable.length === 0) return void 0;
  const source = entry.kind === "container" ? md`container ${code(entry.name)}` : md`service ${code(entry.name)}`;
  const modeNote = entry.mode !== void 0 && entry.mode !== "rw" ? md` (${code(entry.mode)} is not a mode: the engine knows ro and rw)` : md``;
  const what = known2 ? `so it can change ${writable.map((mount) => mount.target).join(", ")}` : entry.kind === "container" ? "whatever that container mounts (imagegate cannot see outside the project)" : "whatever that service mounts (it is not among the services checked)";
  const spelled = entry.kind === "container" ? `container:${entry.name}:ro` : `${entry.name}:ro`;
  return composeFinding("compose/writable-volumes-from", project, {
    service: service.name,
    message: md`Service ${code(service.name)} takes the mounts of ${source} read-write${modeNote}, ${what}. Add \`:ro\` (${code(spelled)}) if it only reads them, or mount the one volume it needs.`,
    position: entry.position,
    key: ["volumes_from", `${entry.kind}:${entry.name}`],
    properties: {
      volumesFrom: `${entry.kind}:${entry.name}`,
      writableTargets: writable.map((m) => m.target).join(",")
    }
  });
}
function samePosition(a, b) {
  return a.path === b.path && a.line === b.line && a.column === b.column;
}
function quoteList(items) {
  return joinMessages(
    items.map((item) => md`${code(item)}`),
    ", "
  );
}

// src/checks/compose-secret-variable.ts
function secretVariableFindings(project) {
  return (project.withheldVariables ?? []).map(
    ({ variable, position }) => makeFinding("compose/secret-variable", findingScope(project), {
      message: md`${`\${${variable}}`} is a credential imagegate withholds from compose files (a CI token, an imagegate secret or a --secret-env name); the file was checked with it unset`,
      location: sourceLocation2(position),
      key: JSON.stringify(["variable", variable, position.path]),
      properties: { variable }
    })
  );
}

// src/checks/capabilities.ts
var DANGEROUS_CAPABILITIES = /* @__PURE__ */ new Map([
  ["ALL", "every capability"],
  ["SYS_ADMIN", "mount, namespaces and most of what root can do"],
  ["SYS_MODULE", "loading kernel modules"],
  ["SYS_RAWIO", "raw access to devices and I/O ports"],
  ["DAC_READ_SEARCH", "opening any host file by handle"]
]);
function capabilityName(written) {
  return written.trim().toUpperCase().replace(/^CAP_/, "");
}

// src/checks/compose-service-rules.ts
var HOST_NAMESPACES = [
  ["network_mode", "the host's network stack: its interfaces and every service listening on localhost"],
  ["pid", "the host's processes, which it can see, signal and (with ptrace) inspect"],
  ["ipc", "the host's shared memory and semaphores"],
  ["userns_mode", "the host's user ids: user-namespace remapping is off"],
  ["uts", "the host's hostname, which it can change"],
  ["cgroup", "the host's cgroup tree"]
];
var UNCONFINED = [
  ["seccomp", "unconfined", "every system call is allowed"],
  ["apparmor", "unconfined", "no AppArmor profile confines it"],
  ["label", "disable", "SELinux separation is off"],
  ["systempaths", "unconfined", "the masked /proc and /sys paths are exposed"]
];
function serviceFindings(project, service, mounts, options) {
  return [
    ...privileged(project, service),
    ...hostNamespaces(project, service),
    ...capabilities(project, service),
    ...unconfinedProfiles(project, service),
    ...options.requireReadOnlyRootfs ? writableRootfs(project, service, mounts) : []
  ];
}
function privileged(project, service) {
  const node = scalarAt(service, "privileged");
  if (!node || !isTrue(node)) return [];
  return [
    composeFinding("compose/privileged", project, {
      service: service.name,
      message: md`Service ${code(service.name)} runs privileged: every capability, every host device, no seccomp or AppArmor profile: root in the container is root on the host. Grant only what it needs with \`cap_add\` and \`devices\`.`,
      position: node.position,
      key: ["privileged"]
    })
  ];
}
function hostNamespaces(project, service) {
  return HOST_NAMESPACES.flatMap(([key, what]) => {
    const node = scalarAt(service, key);
    if (!node || typeof node.value !== "string" || node.value.trim() !== "host") return [];
    return [
      composeFinding("compose/host-namespace", project, {
        service: service.name,
        message: md`Service ${code(service.name)} sets ${code(`${key}: host`)}: it shares ${what}. Remove it${key === "network_mode" ? md`, and publish the ports it serves with \`ports\`.` : md`.`}`,
        position: node.position,
        key: [key],
        properties: { setting: key }
      })
    ];
  });
}
function capabilities(project, service) {
  return itemsAt2(service, "cap_add").flatMap((item) => {
    if (typeof item.value !== "string") return [];
    const name = capabilityName(item.value);
    const what = DANGEROUS_CAPABILITIES.get(name);
    if (!what) return [];
    return [
      composeFinding("compose/dangerous-capability", project, {
        service: service.name,
        message: md`Service ${code(service.name)} adds the capability ${item.value} (${what}), enough to escape the container. Grant a narrower capability, or move the privileged work out of the container.`,
        position: item.position,
        key: ["cap_add", name],
        properties: { capability: name }
      })
    ];
  });
}
function unconfinedProfiles(project, service) {
  return itemsAt2(service, "security_opt").flatMap((item) => {
    if (typeof item.value !== "string") return [];
    const match = /^\s*([A-Za-z-]+)\s*[=:]\s*(.*?)\s*$/.exec(item.value);
    if (!match) return [];
    const option = match[1].toLowerCase();
    const value = match[2].toLowerCase();
    const rule = UNCONFINED.find(([name, off]) => name === option && off === value);
    if (!rule) return [];
    return [
      composeFinding("compose/unconfined-profile", project, {
        service: service.name,
        message: md`Service ${code(service.name)} sets ${code(`security_opt: ${item.value}`)}: ${rule[2]}. Use the default profile, or a custom one that allows only what the service needs.`,
        position: item.position,
        key: ["security_opt", option],
        properties: { securityOpt: item.value }
      })
    ];
  });
}
function writableRootfs(project, service, mounts) {
  const node = scalarAt(service, "read_only");
  if (node && isTrue(node)) return [];
  const tmpfs = mounts.filter((mount) => mount.type === "tmpfs").map((mount) => mount.target);
  const partner = tmpfs.length > 0 ? md`It already has a tmpfs at ${tmpfs.join(", ")}; give any other path it writes one too, or a volume.` : md`Give the paths it writes a tmpfs (\`tmpfs: [/tmp]\`) or a volume.`;
  return [
    composeFinding("compose/writable-rootfs", project, {
      service: service.name,
      message: md`Service ${code(service.name)} has a writable root filesystem${node ? md` (\`read_only: false\`)` : md``}; the policy asks for \`read_only: true\` (compose.requireReadOnlyRootfs), so nothing can replace its programs or drop tools into it. ${partner}`,
      position: node?.position ?? service.position,
      key: ["read_only"]
    })
  ];
}
function scalarAt(service, key) {
  const node = mapGet(service.body, key);
  return node?.kind === "scalar" && node.value !== null ? node : void 0;
}
function itemsAt2(service, key) {
  const node = mapGet(service.body, key);
  if (node?.kind === "scalar") return node.value === null ? [] : [node];
  if (node?.kind !== "sequence") return [];
  return node.items.filter((item) => item.kind === "scalar");
}
function isTrue(node) {
  if (typeof node.value === "boolean") return node.value;
  return typeof node.value === "string" && ["true", "yes", "on", "y"].includes(node.value.toLowerCase());
}

// src/checks/compose.ts
function composeCheckOptions(compose) {
  return {
    ...compose.requireReadOnlyRootfs ? { requireReadOnlyRootfs: true } : {},
    ...compose.requireNoNewPrivileges ? { requireNoNewPrivileges: true } : {},
    ...compose.requireMemoryLimit ? { requireMemoryLimit: true } : {},
    ...compose.requirePidsLimit ? { requirePidsLimit: true } : {},
    ...compose.forbidPrivilegedPorts ? { forbidPrivilegedPorts: true } : {}
  };
}
function checkComposeProject(project, options = {}) {
  return [
    ...project.services.flatMap((service) => {
      const mounts = serviceMounts(service, project);
      return [
        ...mountFindings(project, service, mounts, volumesFromEntries(service)),
        ...serviceFindings(project, service, mounts, options),
        ...hardeningFindings(project, service, options)
      ];
    }),
    ...secretVariableFindings(project)
  ];
}

// src/checks/compose-allowlist.ts
var ENTRY_SCOPE = { imageRepository: "compose" };
var MOUNT_SCOPE = {
  findingsOf: "in the compose files checked",
  unusedIn: "in the compose files checked",
  subject: () => "mount or setting"
};
function applyMountAllowlist(findings, entries, now) {
  if (entries.length === 0) return { findings: [...findings], entryFindings: [] };
  const compiled = entries.map((entry) => compileEntry3(entry, now));
  const suppressed = suppressFindings(
    findings,
    (finding2) => finding2.ruleId.startsWith("compose/") || finding2.ruleId.startsWith("k8s/") ? compiled : void 0,
    (candidate, finding2) => candidate.matches(finding2)
  );
  const own = entryFindings(compiled, suppressed.matchCounts, ENTRY_SCOPE, MOUNT_SCOPE, () => true);
  return { findings: suppressed.findings, entryFindings: own };
}
function compileEntry3(entry, now) {
  const glob = (pattern) => compileGlob(pattern, {}, entry.source);
  const service = glob(entry.service);
  const target = entry.target === void 0 ? void 0 : glob(entry.target);
  const source = entry.mountSource === void 0 ? void 0 : glob(withoutDotSlash(entry.mountSource));
  const label = describeEntry(entry);
  return {
    entry,
    label,
    reason: entry.reason,
    expires: entry.expires,
    source: entry.source,
    identity: JSON.stringify([
      "mounts",
      entry.service,
      entry.target ?? null,
      entry.mountSource ?? null,
      entry.rule ?? null
    ]),
    kind: "mounts",
    id: label,
    expired: isExpired(entry.expires, now),
    matches: (finding2) => {
      const properties = finding2.properties ?? {};
      const text2 = (key) => {
        const value = properties[key];
        return typeof value === "string" ? value : void 0;
      };
      if (entry.rule !== void 0 && finding2.ruleId !== entry.rule) return false;
      const serviceName = text2("service");
      if (serviceName === void 0 || !service(serviceName)) return false;
      if (target) {
        const mountTarget = text2("target");
        if (mountTarget === void 0 || !target(mountTarget)) return false;
      }
      if (source) {
        const candidates = [text2("source"), text2("hostPath")].flatMap(
          (value) => value === void 0 ? [] : [withoutDotSlash(value)]
        );
        if (!candidates.some((value) => source(value))) return false;
      }
      return true;
    }
  };
}
function describeEntry(entry) {
  const parts = [`service ${entry.service}`];
  if (entry.target !== void 0) parts.push(`at ${entry.target}`);
  if (entry.mountSource !== void 0) parts.push(`from ${entry.mountSource}`);
  return `${parts.join(" ")}${entry.rule ? ` (${entry.rule})` : ""}`;
}
function withoutDotSlash(value) {
  return value.startsWith("./") ? value.slice(2) : value;
}

// src/checks/k8s-finding.ts
function k8sFinding(ruleId, details) {
  const { workload, container, mount } = details;
  const objectId = `${workload.namespace ? `${workload.namespace}/` : ""}${workload.kind}/${workload.name}`;
  const source = mount ? mountSource(mount) : void 0;
  return makeFinding(ruleId, findingScope2(workload), {
    message: details.message,
    location: sourceLocation2(details.position),
    key: JSON.stringify([objectId, container?.name ?? null, ...details.key]),
    properties: {
      service: workload.name,
      workload: `${workload.kind}/${workload.name}`,
      ...workload.namespace ? { namespace: workload.namespace } : {},
      ...container ? { container: container.name } : {},
      ...workload.template ? { template: workload.template.template } : {},
      ...mount ? { target: mount.mountPath, mountType: mount.volume.type, volume: mount.volumeName, readOnly: mount.readOnly } : {},
      ...source !== void 0 ? { source } : {},
      ...mount?.volume.source.hostPath ? { hostPath: mount.volume.source.hostPath.path.value } : {},
      ...details.properties
    }
  });
}
function findingScope2(workload) {
  return { imageRepository: `k8s:${workload.position.path}` };
}
function mountSource(mount) {
  const source = mount.volume.source;
  return source.hostPath?.path.value ?? source.claimName ?? source.configMap ?? source.secret ?? source.csiDriver ?? (source.nfs ? `${source.nfs.server ?? ""}:${source.nfs.path ?? ""}` : void 0) ?? source.imageReference;
}
function subject(workload, container) {
  const object = md`${workload.kind} ${code(workload.name)}`;
  if (!container) return object;
  const role = container.role === "initContainer" ? "Init container" : container.role === "ephemeralContainer" ? "Ephemeral container" : "Container";
  return md`${role} ${code(container.name)} of ${object}`;
}

// src/checks/k8s-mount-rules.ts
var CREATE_TYPES = /* @__PURE__ */ new Set(["DirectoryOrCreate", "FileOrCreate"]);
function k8sMountFindings(workload, container, options) {
  const findings = [];
  for (const mount of container.mounts) {
    const hostPath = mount.volume.source.hostPath;
    if (hostPath) {
      const socket = engineSocketAt(hostPath.path.value);
      if (socket) {
        const what = socket.viaParent ? md`a directory that holds the ${socket.engine} engine socket (${socket.socket})` : md`the ${socket.engine} engine socket`;
        findings.push(
          k8sFinding("k8s/engine-socket", {
            workload,
            container,
            mount,
            message: md`${subject(workload, container)} mounts the hostPath ${code(hostPath.path.value)} at ${mount.mountPath}, ${what}. Whoever controls the container controls the node's container engine, and through it the node.${mount.readOnly ? md` The mount is read-only, which does not help: a socket still takes requests.` : md``} Remove the volume, or put a socket proxy in between that allows only the API calls it needs.`,
            position: hostPath.path.position,
            key: [mount.mountPath, hostPath.path.value],
            properties: { engine: socket.engine, socket: socket.socket }
          })
        );
        continue;
      }
      findings.push(...hostPathFindings(workload, container, mount));
    } else if (options.readOnlyVolumeTypes?.includes(mount.volume.type) && !mount.readOnly) {
      findings.push(
        k8sFinding("k8s/writable-mount", {
          workload,
          container,
          mount,
          message: md`${subject(workload, container)} mounts the ${mount.volume.type} volume ${code(mount.volumeName)}${sourceNote(mount)} at ${mount.mountPath} read-write; the policy wants ${mount.volume.type} volumes read-only (kubernetes.readOnlyVolumeTypes). Set \`readOnly: true\` on the volumeMount.`,
          position: mount.readOnlyPosition,
          key: [mount.mountPath, mount.volumeName]
        })
      );
    }
  }
  return findings;
}
function sourceNote(mount) {
  const source = mountSource(mount);
  return source === void 0 || source === "" ? md`` : md` (${code(source)})`;
}
function hostPathFindings(workload, container, mount) {
  const hostPath = mount.volume.source.hostPath;
  const path27 = hostPath.path.value;
  const findings = [];
  const sensitive = sensitivePathAt(path27, mount.readOnly);
  if (sensitive) {
    findings.push(
      k8sFinding("k8s/sensitive-host-path", {
        workload,
        container,
        mount,
        message: md`${subject(workload, container)} mounts the hostPath ${code(path27)} at ${mount.mountPath}, ${describeSensitiveMatch(sensitive)}, ${mount.readOnly ? "read-only: the container can read it" : "read-write: the container can read and change it"}. Use a configMap, a secret or a persistent volume instead.`,
        position: hostPath.path.position,
        key: [mount.mountPath, path27],
        properties: { sensitivePath: sensitive.pattern }
      })
    );
  }
  if (!mount.readOnly && !isHarmlessDevice(path27)) {
    findings.push(
      k8sFinding("k8s/writable-host-path", {
        workload,
        container,
        mount,
        message: md`${subject(workload, container)} mounts the hostPath ${code(path27)} at ${mount.mountPath} read-write (${mount.readOnlyReason === "mount-readOnly-false" ? "the volumeMount sets readOnly: false" : "readOnly is not set"}): it can change, delete or plant files on the node. Set \`readOnly: true\` on the volumeMount if it only reads them.`,
        position: mount.readOnlyPosition,
        key: [mount.mountPath, path27]
      })
    );
  }
  const type = hostPath.type;
  const system = sensitivePathAt(path27, false);
  if (type && CREATE_TYPES.has(type.value) && system && system.relation !== "contains") {
    findings.push(
      k8sFinding("k8s/host-path-create", {
        workload,
        container,
        mount,
        message: md`The hostPath volume ${code(mount.volumeName)} of ${subject(workload)} has type ${code(type.value)} on ${code(path27)} (${system.what}): the kubelet creates it as root on every node the pod runs on. Use ${code(type.value === "FileOrCreate" ? "File" : "Directory")} so a missing path fails the pod instead.`,
        position: type.position,
        key: [mount.volumeName, path27, "type"],
        properties: { hostPathType: type.value }
      })
    );
  }
  const sub = mount.subPath ?? mount.subPathExpr;
  if (sub !== void 0) {
    findings.push(
      k8sFinding("k8s/host-path-subpath", {
        workload,
        container,
        mount,
        message: md`${subject(workload, container)} mounts ${code(sub)} of the hostPath ${code(path27)} with ${mount.subPath !== void 0 ? "subPath" : "subPathExpr"} at ${mount.mountPath}: a container that can write the volume can make the sub-path a symbolic link the kubelet follows on the node (CVE-2021-25741). Mount the directory itself, read-only.`,
        position: mount.position,
        key: [mount.mountPath, path27, "subPath"]
      })
    );
  }
  return findings;
}

// src/checks/k8s-pod-rules.ts
var SAFE_SYSCTLS = /* @__PURE__ */ new Set([
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes"
]);
var SELINUX_TYPES = /* @__PURE__ */ new Set([
  "container_t",
  "container_init_t",
  "container_kvm_t",
  "container_engine_t"
]);
var HOST_NAMESPACES2 = [
  ["hostNetwork", "the node's network stack: its interfaces and every service listening on its localhost"],
  ["hostPID", "the node's processes, which it can see, signal and (with ptrace) inspect"],
  ["hostIPC", "the node's shared memory and semaphores"]
];
function k8sPodFindings(workload, options) {
  const findings = [];
  for (const [key, what] of HOST_NAMESPACES2) {
    const setting = workload.pod[key];
    if (setting?.value !== true) continue;
    findings.push(
      k8sFinding("k8s/host-namespace", {
        workload,
        message: md`${subject(workload)} sets ${code(`${key}: true`)}: its containers share ${what}. Remove it${key === "hostNetwork" ? md`, and expose the ports with a Service.` : md`.`}`,
        position: setting.position,
        key: [key],
        properties: { setting: key }
      })
    );
  }
  const token = workload.pod["automountServiceAccountToken"];
  if (token?.value !== false && !(token === void 0 && workload.serviceAccountAutomount?.value === false)) {
    findings.push(
      k8sFinding("k8s/service-account-token", {
        workload,
        message: md`${subject(workload)} ${token ? md`sets \`automountServiceAccountToken: true\`` : md`leaves \`automountServiceAccountToken\` unset (on)`}: every container gets a Kubernetes API token of its service account. Set \`automountServiceAccountToken: false\` unless it calls the API.`,
        position: token?.position ?? workload.podSpecPosition,
        key: ["automountServiceAccountToken"]
      })
    );
  }
  findings.push(...volumeFindings(workload, options));
  for (const setting of workload.sysctls) {
    if (SAFE_SYSCTLS.has(setting.value)) continue;
    findings.push(
      k8sFinding("k8s/unsafe-sysctl", {
        workload,
        message: md`${subject(workload)} sets the sysctl ${code(setting.value)}, which is not among the safe, namespaced ones: it can affect other pods or the node. Remove it, or set it on the node.`,
        position: setting.position,
        key: ["sysctl", setting.value],
        properties: { sysctl: setting.value }
      })
    );
  }
  if (options.requireStorageLimits) {
    for (const volume of workload.volumes) {
      if (volume.type !== "emptyDir" || volume.source.sizeLimit) continue;
      findings.push(
        k8sFinding("k8s/storage-limit", {
          workload,
          message: md`The emptyDir volume ${code(volume.name)} of ${subject(workload)} has no \`sizeLimit\`: what its containers write there can fill the node's disk. Set \`emptyDir.sizeLimit\` (the policy asks for storage limits: kubernetes.requireStorageLimits).`,
          position: volume.typePosition,
          key: ["emptyDir", volume.name],
          properties: { volume: volume.name }
        })
      );
    }
  }
  for (const container of workload.containers) findings.push(...containerFindings(workload, container, options));
  return findings;
}
function containerFindings(workload, container, options) {
  const findings = [];
  const context = container.securityContext;
  const at3 = (value) => value.position;
  const privileged2 = context["privileged"];
  if (privileged2?.value === true) {
    findings.push(
      k8sFinding("k8s/privileged", {
        workload,
        container,
        message: md`${subject(workload, container)} runs privileged: every capability, every node device, no seccomp or AppArmor profile: root in the container is root on the node. Grant only the capabilities it needs.`,
        position: at3(privileged2),
        key: ["privileged"]
      })
    );
  }
  const escalation = context["allowPrivilegeEscalation"];
  if (escalation?.value === true || options.requireNoPrivilegeEscalation && escalation?.value !== false) {
    findings.push(
      k8sFinding("k8s/privilege-escalation", {
        workload,
        container,
        message: md`${subject(workload, container)} ${escalation ? md`sets \`allowPrivilegeEscalation: true\`` : md`does not set \`allowPrivilegeEscalation: false\``}: a process can gain more privileges than its parent through setuid programs or file capabilities. Set \`allowPrivilegeEscalation: false\`.`,
        position: escalation?.position ?? container.position,
        key: ["allowPrivilegeEscalation"]
      })
    );
  }
  findings.push(...capabilityFindings(workload, container, options));
  findings.push(...unconfinedFindings(workload, container, options));
  for (const port of container.hostPorts) {
    findings.push(
      k8sFinding("k8s/host-port", {
        workload,
        container,
        message: md`${subject(workload, container)} binds port ${port.value} on the node (\`hostPort\`): outside the Service and NetworkPolicy model, and one such pod per node. Expose the port with a Service.`,
        position: port.position,
        key: ["hostPort", String(port.value)],
        properties: { hostPort: port.value }
      })
    );
  }
  const runAsUser = context["runAsUser"];
  const nonRoot = context["runAsNonRoot"];
  const rootUser = runAsUser?.value === 0;
  const nonRootUser = typeof runAsUser?.value === "number" && runAsUser.value > 0;
  if (options.requireRunAsNonRoot && (rootUser || nonRoot?.value !== true && !nonRootUser)) {
    findings.push(
      k8sFinding("k8s/run-as-root", {
        workload,
        container,
        message: rootUser ? md`${subject(workload, container)} ${runAsUser.from === "pod" ? "inherits from the pod" : "sets"} \`runAsUser: 0\`: it runs as root; the policy asks for non-root (kubernetes.requireRunAsNonRoot). Use a non-zero uid.` : md`${subject(workload, container)} sets neither \`runAsNonRoot: true\` nor a non-zero \`runAsUser\` (on itself or the pod): it runs as whatever user the image names, root included; the policy asks for non-root (kubernetes.requireRunAsNonRoot). Set \`runAsNonRoot: true\`.`,
        position: rootUser ? runAsUser.position : nonRoot?.position ?? container.position,
        key: ["runAsNonRoot"]
      })
    );
  }
  const hostProcess = context["windowsOptions"]?.value?.hostProcess;
  if (hostProcess === true) {
    findings.push(
      k8sFinding("k8s/privileged", {
        workload,
        container,
        message: md`${subject(workload, container)} sets \`windowsOptions.hostProcess: true\`: it runs as a process on the Windows node, with the node's privileges. Remove it.`,
        position: context["windowsOptions"].position,
        key: ["hostProcess"]
      })
    );
  }
  if (options.requireReadOnlyRootfs) {
    const readOnly = context["readOnlyRootFilesystem"];
    if (readOnly?.value !== true) {
      findings.push(
        k8sFinding("k8s/writable-rootfs", {
          workload,
          container,
          message: md`${subject(workload, container)} has a writable root filesystem${readOnly ? md` (\`readOnlyRootFilesystem: false\`)` : md``}; the policy asks for \`readOnlyRootFilesystem: true\` (kubernetes.requireReadOnlyRootfs). Give the paths it writes an emptyDir.`,
          position: readOnly?.position ?? container.position,
          key: ["readOnlyRootFilesystem"]
        })
      );
    }
  }
  if (options.requireStorageLimits && !container.ephemeralStorageLimit) {
    findings.push(
      k8sFinding("k8s/storage-limit", {
        workload,
        container,
        message: md`${subject(workload, container)} has no \`resources.limits.ephemeral-storage\`: its logs, writable layer and emptyDirs can fill the node's disk. Set the limit (kubernetes.requireStorageLimits).`,
        position: container.position,
        key: ["ephemeral-storage"]
      })
    );
  }
  return findings;
}
function volumeFindings(workload, options) {
  const findings = [];
  for (const volume of workload.volumes) {
    if (options.forbidHostPath && volume.type === "hostPath") {
      findings.push(
        k8sFinding("k8s/host-path-volume", {
          workload,
          message: md`${subject(workload)} has the hostPath volume ${code(volume.name)} (${code(volume.source.hostPath?.path.value ?? "")}); the policy forbids hostPath volumes (kubernetes.forbidHostPath). Use a configMap, a secret, a persistent volume or an emptyDir.`,
          position: volume.typePosition,
          key: ["hostPath", volume.name],
          properties: { volume: volume.name }
        })
      );
    }
    const type = volume.type === "volumeClaimTemplate" ? "persistentVolumeClaim" : volume.type;
    if (options.allowedVolumeTypes && !options.allowedVolumeTypes.includes(type)) {
      findings.push(
        k8sFinding("k8s/volume-type", {
          workload,
          message: md`The volume ${code(volume.name)} of ${subject(workload)} is of type ${code(volume.type)}, which kubernetes.allowedVolumeTypes does not list (${options.allowedVolumeTypes.join(", ")}).`,
          position: volume.typePosition,
          key: ["volume", volume.name, volume.type],
          properties: { volume: volume.name, volumeType: volume.type }
        })
      );
    }
  }
  return findings;
}
function capabilityFindings(workload, container, options) {
  const capabilities2 = container.securityContext["capabilities"];
  const added = capabilities2?.value?.add;
  const dropped = capabilities2?.value?.drop;
  const dropsAll = Array.isArray(dropped) && dropped.some((item) => typeof item === "string" && capabilityName(item) === "ALL");
  const dropFinding = options.requireDropAll && !dropsAll ? [
    k8sFinding("k8s/dangerous-capability", {
      workload,
      container,
      message: md`${subject(workload, container)} does not drop every capability (\`capabilities.drop: [ALL]\`); the policy asks for it (kubernetes.requireDropAll), so that it keeps only what it adds back.`,
      position: capabilities2?.position ?? container.position,
      key: ["capabilities.drop", "ALL"],
      properties: { capability: "drop ALL" }
    })
  ] : [];
  if (!capabilities2 || !Array.isArray(added)) return dropFinding;
  const allowed = options.allowedCapabilities?.map(capabilityName);
  return [
    ...dropFinding,
    ...added.flatMap((item) => {
      if (typeof item !== "string") return [];
      const name = capabilityName(item);
      const dangerous = DANGEROUS_CAPABILITIES.get(name);
      if (allowed ? allowed.includes(name) : !dangerous) return [];
      const why = allowed ? md`which kubernetes.allowedCapabilities does not list${dangerous ? md` (${dangerous})` : md``}` : md`(${dangerous ?? ""}), enough to escape the container`;
      return [
        k8sFinding("k8s/dangerous-capability", {
          workload,
          container,
          message: md`${subject(workload, container)} adds the capability ${code(item)}, ${why}. Grant a narrower capability.`,
          position: capabilities2.position,
          key: ["capabilities.add", name],
          properties: { capability: name }
        })
      ];
    })
  ];
}
function unconfinedFindings(workload, container, options) {
  const context = container.securityContext;
  const found = [];
  for (const key of ["seccompProfile", "appArmorProfile"]) {
    const profile = context[key];
    const type = profile?.value?.type;
    if (profile && type === "Unconfined") {
      found.push({
        setting: `${key}.type: Unconfined`,
        what: key === "seccompProfile" ? "every system call is allowed" : "no AppArmor profile confines it",
        position: profile.position,
        from: profile.from
      });
    }
  }
  if (container.appArmorAnnotation?.value === "unconfined") {
    found.push({
      setting: "AppArmor annotation unconfined",
      what: "no AppArmor profile confines it",
      position: container.appArmorAnnotation.position,
      from: "pod"
    });
  }
  const seLinux = context["seLinuxOptions"];
  const seLinuxValue = seLinux?.value ?? {};
  const seLinuxProblems = [
    ...typeof seLinuxValue.type === "string" && seLinuxValue.type !== "" && !SELINUX_TYPES.has(seLinuxValue.type) ? [`type ${seLinuxValue.type}`] : [],
    ...typeof seLinuxValue.user === "string" && seLinuxValue.user !== "" ? [`user ${seLinuxValue.user}`] : [],
    ...typeof seLinuxValue.role === "string" && seLinuxValue.role !== "" ? [`role ${seLinuxValue.role}`] : []
  ];
  if (seLinux && seLinuxProblems.length > 0) {
    found.push({
      setting: `seLinuxOptions ${seLinuxProblems.join(", ")}`,
      what: "a custom SELinux type, user or role can lift the container's separation (allowed types: container_t, container_init_t, container_kvm_t, container_engine_t; no user or role)",
      position: seLinux.position,
      from: seLinux.from
    });
  }
  const seccomp = context["seccompProfile"];
  const seccompType = seccomp?.value?.type;
  if (options.requireSeccompProfile && seccompType !== "RuntimeDefault" && seccompType !== "Localhost" && seccompType !== "Unconfined") {
    found.push({
      setting: "no seccompProfile",
      what: "no seccomp profile is set (the runtime may run it unconfined); the policy asks for RuntimeDefault or Localhost (kubernetes.requireSeccompProfile)",
      position: seccomp?.position ?? container.position,
      from: "container"
    });
  }
  const procMount = context["procMount"];
  if (procMount?.value === "Unmasked") {
    found.push({
      setting: "procMount: Unmasked",
      what: "the masked /proc paths are exposed",
      position: procMount.position,
      from: "container"
    });
  }
  return found.map(
    (each) => k8sFinding("k8s/unconfined-profile", {
      workload,
      container,
      message: md`${subject(workload, container)} ${each.from === "pod" ? "inherits from the pod" : "sets"} ${code(each.setting)}: ${each.what}. Use \`RuntimeDefault\` or a profile of your own.`,
      position: each.position,
      key: ["unconfined", each.setting],
      properties: { setting: each.setting }
    })
  );
}

// src/checks/k8s.ts
function checkWorkloads(workloads, options = {}) {
  return workloads.flatMap((workload) => [
    ...workload.containers.flatMap((container) => k8sMountFindings(workload, container, options)),
    ...k8sPodFindings(workload, options)
  ]);
}

// src/checks/k8s-image-join.ts
import path13 from "node:path";
function imageUnderTest(image, reference) {
  const userText = image.config.user.trim();
  const accounts = image.contents?.filesystem?.accounts;
  const user = accounts ? resolveUser(userText, accounts) : userText === "" ? { root: true, uid: 0, via: "no-user" } : { root: isRootUser(userText), via: "name" };
  const digests = [image.digest, ...image.repoDigests.map((each) => each.slice(each.indexOf("@") + 1))].filter(
    (each) => each !== void 0 && each.startsWith("sha256:")
  );
  return {
    ...reference ? { reference } : {},
    digests,
    user,
    userText,
    ...image.config.volumes ? { volumes: image.config.volumes } : {}
  };
}
function containerRunsImage(container, image) {
  return container.image !== void 0 && referenceRunsImage(container.image.value, image);
}
function referenceRunsImage(text2, image) {
  let written;
  try {
    written = parseImageReference(text2);
  } catch {
    return false;
  }
  if (written.digest) return image.digests.includes(written.digest);
  return image.reference !== void 0 && written.name === image.reference.name;
}
function imageJoinFindings(workloads, image) {
  const findings = [];
  for (const workload of workloads) {
    for (const container of workload.containers) {
      if (!containerRunsImage(container, image)) continue;
      findings.push(...volumeFindings2(workload, container, image));
      if (!image.user.root) continue;
      const context = container.securityContext;
      const runAsUser = context["runAsUser"]?.value;
      if (context["runAsNonRoot"]?.value === true || typeof runAsUser === "number" && runAsUser > 0) continue;
      const how = image.user.via === "no-user" ? md`sets no USER` : image.user.via === "passwd" ? md`sets USER ${code(image.userText)}, uid 0 in its /etc/passwd` : md`sets USER ${code(image.userText)}`;
      findings.push(
        k8sFinding("k8s/image-runs-as-root", {
          workload,
          container,
          message: md`${subject(workload, container)} runs the image under test (${code(container.image.value)}), which ${how}, and sets neither \`runAsNonRoot: true\` nor a non-zero \`runAsUser\` (nor does the pod): it runs as root. Set \`runAsNonRoot: true\` and a \`runAsUser\`, or give the image a non-root USER.`,
          position: container.image.position,
          key: ["image-user"],
          properties: { image: container.image.value }
        })
      );
    }
  }
  return findings;
}
function volumeFindings2(workload, container, image) {
  if (!image.volumes || container.securityContext["readOnlyRootFilesystem"]?.value === true) return [];
  return image.volumes.flatMap((volume) => {
    const target = path13.posix.normalize(volume);
    const covered = container.mounts.some((mount) => {
      const mountPath = path13.posix.normalize(mount.mountPath).replace(/\/+$/, "") || "/";
      return mountPath === target || mountPath === "/" || target.startsWith(`${mountPath}/`);
    });
    if (covered) return [];
    return [
      k8sFinding("k8s/image-volume-unmounted", {
        workload,
        container,
        message: md`${subject(workload, container)} runs the image under test, which declares \`VOLUME ${volume}\`, and mounts nothing there, with a writable root filesystem: Kubernetes ignores VOLUME, so what the image keeps at ${volume} goes to the container's writable layer, is lost on restart and counts against the node's ephemeral storage. Mount a persistent volume or an emptyDir (with a \`sizeLimit\`) at ${volume}.`,
        position: container.image.position,
        key: ["image-volume", target],
        properties: { target: volume, image: container.image.value }
      })
    ];
  });
}

// src/checks/compose-image-join.ts
import path14 from "node:path";
function composeImageJoinFindings(projects, image) {
  return projects.flatMap(
    (project) => project.services.flatMap((service) => {
      const imageNode = mapGet(service.body, "image");
      if (imageNode?.kind !== "scalar" || typeof imageNode.value !== "string") return [];
      if (!referenceRunsImage(imageNode.value, image)) return [];
      return [
        ...anonymousVolumeFindings(project, service, imageNode, image),
        ...rootUserFindings(project, service, imageNode, image)
      ];
    })
  );
}
function anonymousVolumeFindings(project, service, imageNode, image) {
  if (!image.volumes) return [];
  const targets2 = serviceMounts(service, project).map(
    (mount) => path14.posix.normalize(mount.target).replace(/\/+$/, "") || "/"
  );
  const readOnly = mapGet(service.body, "read_only");
  const readOnlyNote = readOnly?.kind === "scalar" && readOnly.value === true ? md` With \`read_only: true\` it is still writable.` : md``;
  return image.volumes.flatMap((volume) => {
    const target = path14.posix.normalize(volume);
    if (targets2.some((each) => each === target || each === "/" || target.startsWith(`${each}/`))) return [];
    return [
      composeFinding("compose/image-volume-anonymous", project, {
        service: service.name,
        message: md`Service ${code(service.name)} runs the image under test (${code(String(imageNode.value))}), which declares \`VOLUME ${volume}\`, and mounts nothing there: the engine creates an anonymous volume, which \`docker compose down -v\` deletes and backups do not see.${readOnlyNote} Mount a named volume or a tmpfs at ${volume}.`,
        position: imageNode.position,
        key: ["image-volume", target],
        properties: { target: volume, image: String(imageNode.value) }
      })
    ];
  });
}
function rootUserFindings(project, service, imageNode, image) {
  if (!image.user.root) return [];
  const userNode = mapGet(service.body, "user");
  const user = userNode?.kind === "scalar" && userNode.value !== null ? String(userNode.value).trim() : "";
  const name = user.split(":")[0] ?? "";
  if (name !== "" && name !== "root" && name !== "0") return [];
  const how = image.user.via === "no-user" ? md`sets no USER` : image.user.via === "passwd" ? md`sets USER ${code(image.userText)}, uid 0 in its /etc/passwd` : md`sets USER ${code(image.userText)}`;
  const setting = name === "" ? md`sets no \`user:\`` : md`sets ${code(`user: ${user}`)}`;
  return [
    composeFinding("compose/image-runs-as-root", project, {
      service: service.name,
      message: md`Service ${code(service.name)} runs the image under test (${code(String(imageNode.value))}), which ${how}, and ${setting}: it runs as root. Set \`user:\` to a non-root uid, or give the image a non-root USER.`,
      position: name === "" || !userNode ? imageNode.position : userNode.position,
      key: ["image-user"],
      properties: { image: String(imageNode.value) }
    })
  ];
}

// src/checks/compose-run.ts
function runComposeChecks(projects, context) {
  const seen = /* @__PURE__ */ new Set();
  const all = [
    ...projects.flatMap((project) => checkComposeProject(project, context.options)),
    ...context.kubernetes ? checkWorkloads(context.kubernetes.workloads, context.kubernetes.options) : [],
    ...context.image && context.kubernetes ? imageJoinFindings(context.kubernetes.workloads, context.image) : [],
    ...context.image ? composeImageJoinFindings(projects, context.image) : []
  ].filter((finding2) => {
    const location = finding2.location.kind === "source" ? `${finding2.location.path}:${finding2.location.line}` : "";
    const key = `${finding2.fingerprint}\0${location}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const findings = withPolicySeverities(all, context.severityFor);
  const allowed = applyMountAllowlist(findings, context.allow, context.now);
  return [...allowed.findings, ...withPolicySeverities(allowed.entryFindings, context.severityFor)].sort(bySeverity);
}

// src/pipeline/compose-stage.ts
var import_picomatch = __toESM(require_picomatch(), 1);
import { existsSync } from "node:fs";
import { readdir as readdir2 } from "node:fs/promises";
import path15 from "node:path";
var SKIPPED_DIRS = /* @__PURE__ */ new Set(["node_modules", ".git", "vendor", "imagegate-out"]);
var MAX_WALK_ENTRIES = 2e5;
async function loadComposeProjects(request, rules, context) {
  if (request.skip) return [];
  const profiles = request.profiles ?? rules.profiles;
  const paths = context.paths ?? WorkspacePaths.within([context.workspace]);
  const load = (files, cwd) => loadComposeProject({
    files,
    cwd,
    envFiles: request.envFiles,
    ...profiles ? { profiles } : {},
    environment: context.environment,
    displayPath: context.displayPath,
    ...context.withheld ? { withheld: context.withheld } : {},
    paths
  });
  const groups = [];
  if (request.files.length > 0) groups.push(request.files);
  for (const set of rules.files) appendAll(groups, await expandFileSet(set, context.displayPath, paths));
  if (groups.length === 0) {
    if (!DEFAULT_COMPOSE_FILES.some((name) => existsSync(path15.join(context.workspace, name)))) return [];
    context.logger.info(`compose: checking the project in ${context.displayPath(context.workspace) || "."}`);
    return [await load([], context.workspace)];
  }
  const projects = [];
  for (const files of groups) {
    const project = await load(files, context.workspace);
    for (const warning of project.warnings) {
      const where = warning.position ? `${warning.position.path}:${warning.position.line}:${warning.position.column}: ` : "";
      context.logger.warning(`compose: ${where}${warning.message}`);
    }
    projects.push(project);
  }
  return projects;
}
async function expandFileSet(set, displayPath, paths) {
  const matches = await Promise.all(set.patterns.map((pattern) => expandGlob(pattern, set.baseDir)));
  for (const [index, files] of matches.entries()) {
    for (const file of files) {
      await paths.regularFile(file, {
        what: `compose.files: '${set.patterns[index]}' matches`,
        display: displayPath(file),
        referencedAt: set.source
      });
    }
    if (files.length === 0) {
      throw new ConfigurationError(
        `compose.files: '${set.patterns[index]}' matches no file under ${displayPath(set.baseDir) || "."}`,
        set.source
      );
    }
  }
  return set.patterns.length === 1 ? (matches[0] ?? []).map((file) => [file]) : [matches.flat()];
}
async function expandGlob(pattern, baseDir) {
  const scanned = import_picomatch.default.scan(pattern);
  if (!scanned.isGlob) {
    const file = path15.resolve(baseDir, pattern);
    return existsSync(file) ? [file] : [];
  }
  const root = path15.resolve(baseDir, scanned.base);
  if (!existsSync(root)) return [];
  const isMatch = (0, import_picomatch.default)(scanned.glob, { dot: false });
  const found = [];
  let visited = 0;
  const walk = async (dir) => {
    for (const entry of await readdir2(dir, { withFileTypes: true })) {
      visited += 1;
      if (visited > MAX_WALK_ENTRIES) {
        throw new ConfigurationError(
          `compose.files: '${pattern}' searches more than ${MAX_WALK_ENTRIES} entries; narrow it`
        );
      }
      const absolute = path15.join(dir, entry.name);
      if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) await walk(absolute);
      else if (entry.isFile() && isMatch(path15.relative(root, absolute).split(path15.sep).join("/"))) found.push(absolute);
    }
  };
  await walk(root);
  return found.sort();
}

// src/compose/runtime-healthchecks.ts
import path16 from "node:path";
function composeHealthchecks(projects, image) {
  const found = [];
  for (const project of projects) {
    for (const service of project.services) {
      if (!runsImage(service, image)) continue;
      const entry = service.body.entries.get("healthcheck");
      if (!entry || !isMapNode(entry.value) || !hasTest(entry.value)) continue;
      const { path: file, line, column } = entry.keyPosition;
      found.push({ kind: "compose", name: service.name, location: { kind: "source", path: file, line, column } });
    }
  }
  return found;
}
function hasTest(healthcheck) {
  const disable = mapGet(healthcheck, "disable");
  if (disable?.kind === "scalar" && disable.value === true) return false;
  const test = mapGet(healthcheck, "test");
  if (!test) return false;
  if (test.kind === "scalar") return typeof test.value === "string" && test.value.trim() !== "";
  if (!isSequenceNode(test)) return false;
  const first = stringValue(test.items[0]);
  return first !== void 0 && first !== "NONE" && test.items.length > (first === "CMD" || first === "CMD-SHELL" ? 1 : 0);
}
function runsImage(service, image) {
  return buildsImage(service, image) || namesImage2(service, image);
}
function buildsImage(service, image) {
  if (!image.dockerfile) return false;
  const build = mapGet(service.body, "build");
  if (!build) return false;
  const contextNode = build.kind === "scalar" ? build : mapGet(build, "context");
  const context = stringValue(contextNode) ?? ".";
  const baseDir = contextNode?.baseDir ?? build.baseDir ?? service.workingDir;
  const contextDir = path16.resolve(baseDir, context);
  const dockerfileName = stringValue(mapGet(build, "dockerfile")) ?? "Dockerfile";
  if (path16.resolve(contextDir, dockerfileName) !== path16.resolve(image.dockerfile)) return false;
  const target = stringValue(mapGet(build, "target"));
  if (!image.stage) return target === void 0;
  return target === void 0 ? image.stage.isLast : target.toLowerCase() === image.stage.name;
}
function namesImage2(service, image) {
  const written = stringValue(mapGet(service.body, "image"));
  if (!written || !image.reference) return false;
  try {
    const reference = parseImageReference(written);
    if (reference.digest && image.reference.digest) return reference.digest === image.reference.digest;
    return reference.normalized === image.reference.normalized;
  } catch {
    return false;
  }
}

// src/dockerfile/unset-from-args.ts
function checkFromArgsForBuild(dockerfile, stage) {
  for (const { from } of stageChain(dockerfile, stage)) {
    for (const name of from.unresolved) {
      if (PLATFORM_ARGS.has(name)) continue;
      const declarations = dockerfile.globalArgs.filter((arg) => arg.name === name);
      const last = declarations.at(-1);
      if (last?.value !== void 0) continue;
      const why = last ? `ARG ${name} on line ${last.line} has no default and no --build-arg ${name}=… is given` : `no ARG ${name} is declared before the first FROM, so FROM cannot use it`;
      throw new ConfigurationError(
        `the image ${excerpt(from.rawImage)} uses \${${name}}, which has no value: ${why}; the build would get an empty image name`,
        { path: dockerfile.path, line: from.line, column: from.column }
      );
    }
  }
}

// src/image/source/early-hasher.ts
import { stat as stat7 } from "node:fs/promises";
async function startEarlyHasher(input) {
  if (input.kind !== "archive" && input.kind !== "oci-layout") return void 0;
  try {
    const info = await stat7(input.path);
    if (!info.isFile() || info.size < HASH_WORKERS_FROM_BYTES) return void 0;
    if (await isGzipFile(input.path)) return void 0;
  } catch {
    return void 0;
  }
  return createRegionHasher();
}

// src/image/source/registry/attachments.ts
var DEFAULT_LIMITS = { maxArtifacts: 64, maxDocuments: 16, maxBlobBytes: 1024 * 1024 };
var IN_TOTO_TYPES = /* @__PURE__ */ new Set(["application/vnd.in-toto+json", "application/vnd.dev.cosign.artifact.sbom.v1+json"]);
var DSSE_TYPE = "application/vnd.dsse.envelope.v1+json";
var PREDICATE_ANNOTATION = "in-toto.io/predicate-type";
var BUNDLE_PREDICATE_ANNOTATION = "dev.sigstore.bundle.predicateType";
var isBundleType = (type) => /^application\/vnd\.dev\.sigstore\.bundle(\.v0\.[0-9]+)?\+json\b/.test(type);
function registryArtifacts(client, repository, what = "VEX document") {
  return {
    name: `${client.registry}/${repository}`,
    async referrers(digest) {
      const index = await client.referrers(repository, digest);
      return index ?? (await client.findManifest(repository, tagFor(digest)))?.body;
    },
    findManifest: (reference) => client.findManifest(repository, reference),
    readBlob: (descriptor) => client.readBlob(repository, descriptor, what)
  };
}
async function findAttachments(kind, source, subjects, options) {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const finder = new AttachmentFinder(kind, source, options.logger, limits);
  for (const digest of new Set(subjects)) {
    if (!DIGEST.test(digest)) continue;
    await finder.guard(`referrers of ${digest}`, () => finder.fromReferrers(digest));
    await finder.guard(`attestations of ${digest}`, () => finder.fromCosignTag(digest));
  }
  if (options.rootIndex !== void 0) {
    await finder.guard("attestation manifests", () => finder.fromAttestationManifests(options.rootIndex, subjects));
  }
  return finder.documents;
}
var AttachmentFinder = class {
  constructor(kind, source, logger, limits) {
    this.kind = kind;
    this.source = source;
    this.logger = logger;
    this.limits = limits;
  }
  kind;
  source;
  logger;
  limits;
  documents = [];
  seen = /* @__PURE__ */ new Set();
  get full() {
    return this.documents.length >= this.limits.maxDocuments;
  }
  /** A failure reading one kind of attachment is a warning: the caller decides what a missing document means. */
  async guard(what, work) {
    try {
      await work();
    } catch (error) {
      this.logger.warning(
        `${this.kind.label} on the image: ${what} could not be read and are skipped: ${describeError(error)}`
      );
    }
  }
  async fromReferrers(digest) {
    const index = await this.source.referrers(digest);
    for (const entry of descriptors(index, "manifests").slice(0, this.limits.maxArtifacts)) {
      if (this.full) return;
      const type = entry.artifactType ?? entry.mediaType ?? "";
      const predicate = entry.annotations[PREDICATE_ANNOTATION] ?? entry.annotations[BUNDLE_PREDICATE_ANNOTATION];
      const raw = this.kind.rawMediaType !== void 0 && type === this.kind.rawMediaType;
      const statement3 = IN_TOTO_TYPES.has(type) || type === DSSE_TYPE || isBundleType(type);
      if (!raw && !this.kind.acceptsPredicate(predicate) && !(statement3 && predicate === void 0)) continue;
      await this.fromArtifact(entry.digest, "referrer artifact");
    }
  }
  async fromCosignTag(digest) {
    const manifest = await this.source.findManifest(`${tagFor(digest)}.att`);
    if (manifest) await this.fromManifest(manifest, "cosign attestation");
  }
  async fromAttestationManifests(index, subjects) {
    const entries = descriptors(index, "manifests").filter(
      (entry) => entry.annotations["vnd.docker.reference.type"] === "attestation-manifest" && subjects.includes(entry.annotations["vnd.docker.reference.digest"] ?? "")
    );
    for (const entry of entries.slice(0, this.limits.maxArtifacts)) {
      if (this.full) return;
      await this.fromArtifact(entry.digest, "attestation manifest");
    }
  }
  async fromArtifact(digest, kind) {
    if (!DIGEST.test(digest) || this.seen.has(digest)) return;
    this.seen.add(digest);
    const manifest = await this.source.findManifest(digest);
    if (manifest) await this.fromManifest(manifest, kind);
  }
  async fromManifest(manifest, kind) {
    const body = manifest.body;
    const artifactType = isObject(body) && typeof body.artifactType === "string" ? body.artifactType : void 0;
    const configType = isObject(body) && isObject(body.config) && typeof body.config.mediaType === "string" ? body.config.mediaType : void 0;
    const rawType = this.kind.rawMediaType;
    const manifestIsRaw = rawType !== void 0 && (artifactType === rawType || configType === rawType);
    const manifestPredicate = isObject(body) && isObject(body.annotations) && typeof body.annotations[BUNDLE_PREDICATE_ANNOTATION] === "string" ? body.annotations[BUNDLE_PREDICATE_ANNOTATION] : void 0;
    const layers = [...descriptors(body, "layers"), ...descriptors(body, "blobs")];
    for (const layer of layers.slice(0, this.limits.maxArtifacts)) {
      if (this.full) return;
      const source = `${this.source.name}@${manifest.digest} (${kind}, blob ${layer.digest})`;
      const predicate = layer.annotations[PREDICATE_ANNOTATION] ?? layer.annotations.predicateType ?? layer.annotations[BUNDLE_PREDICATE_ANNOTATION] ?? manifestPredicate;
      const wanted = predicate === void 0 || this.kind.acceptsPredicate(predicate);
      const type = layer.mediaType ?? "";
      if (rawType !== void 0 && (type === rawType || manifestIsRaw && type === "application/json")) {
        const text2 = await this.blobText(layer);
        if (text2 !== void 0) this.add({ source, digest: layer.digest, text: text2 });
      } else if (IN_TOTO_TYPES.has(type) && wanted) {
        const text2 = await this.blobText(layer);
        if (text2 !== void 0) this.addStatement({ source, digest: layer.digest }, text2);
      } else if (type === DSSE_TYPE && wanted) {
        const text2 = await this.blobText(layer);
        const payload = text2 === void 0 ? void 0 : dssePayload(text2);
        if (payload !== void 0) this.addStatement({ source, digest: layer.digest }, payload, { envelope: text2 });
      } else if (isBundleType(type) && wanted) {
        const text2 = await this.blobText(layer);
        const envelope = text2 === void 0 ? void 0 : bundleEnvelope(text2);
        const payload = envelope === void 0 ? void 0 : dssePayload(envelope);
        if (text2 !== void 0 && payload !== void 0)
          this.addStatement({ source, digest: layer.digest }, payload, { envelope, bundle: text2 });
      }
    }
  }
  async blobText(layer) {
    if (layer.size > this.limits.maxBlobBytes) {
      this.logger.warning(
        `${this.kind.label} on the image: blob ${layer.digest} is ${layer.size} bytes; imagegate reads at most ${this.limits.maxBlobBytes}`
      );
      return void 0;
    }
    const bytes = await this.source.readBlob(layer);
    return bytes.toString("utf8");
  }
  /** An in-toto statement: kept only when its predicateType is wanted; the kind says what of it is kept. */
  addStatement(where, statementText, signed = {}) {
    let statement3;
    try {
      statement3 = JSON.parse(statementText);
    } catch {
      this.logger.warning(`${this.kind.label} on the image: ${where.source} is not JSON; skipped`);
      return;
    }
    if (!isObject(statement3) || !this.kind.acceptsPredicate(statement3.predicateType)) return;
    const text2 = this.kind.keep(statement3);
    if (text2 !== void 0) this.add({ ...where, text: text2, ...signed });
  }
  add(document) {
    if (this.full) return;
    this.documents.push(document);
  }
};
function descriptors(document, key) {
  const list = isObject(document) ? document[key] : void 0;
  if (!Array.isArray(list)) return [];
  const out = [];
  for (const item of list) {
    if (!isObject(item) || typeof item.digest !== "string" || !DIGEST.test(item.digest)) continue;
    if (typeof item.size !== "number" || !Number.isSafeInteger(item.size) || item.size < 0) continue;
    const annotations = {};
    if (isObject(item.annotations)) {
      for (const [name, value] of Object.entries(item.annotations))
        if (typeof value === "string") annotations[name] = value;
    }
    out.push({
      digest: item.digest,
      size: item.size,
      annotations,
      ...typeof item.mediaType === "string" ? { mediaType: item.mediaType } : {},
      ...typeof item.artifactType === "string" ? { artifactType: item.artifactType } : {}
    });
  }
  return out;
}
function tagFor(digest) {
  return digest.replace(":", "-");
}
function bundleEnvelope(text2) {
  try {
    const bundle = JSON.parse(text2);
    return isObject(bundle) && isObject(bundle.dsseEnvelope) ? JSON.stringify(bundle.dsseEnvelope) : void 0;
  } catch {
    return void 0;
  }
}
function dssePayload(text2) {
  try {
    const envelope = JSON.parse(text2);
    if (!isObject(envelope) || typeof envelope.payload !== "string") return void 0;
    return Buffer.from(envelope.payload, "base64").toString("utf8");
  } catch {
    return void 0;
  }
}

// src/image/source/registry/image-vex.ts
var OPENVEX_MEDIA_TYPE = "application/vnd.openvex+json";
function isOpenVexPredicate(predicateType) {
  return typeof predicateType === "string" && /^https?:\/\/openvex\.dev\/ns(\/v[0-9][0-9.]*)?([#/?].*)?$/.test(predicateType);
}
var VEX_KIND = {
  label: "VEX",
  acceptsPredicate: isOpenVexPredicate,
  rawMediaType: OPENVEX_MEDIA_TYPE,
  keep: (statement3) => isObject(statement3.predicate) ? JSON.stringify(statement3.predicate) : void 0
};
async function findImageVex(source, subjects, options) {
  const documents = await findAttachments(VEX_KIND, source, subjects, options);
  return documents.map(({ source: from, text: text2 }) => ({ source: from, text: text2 }));
}

// src/image/source/registry/read-image-vex.ts
async function readImageVex(reference, options) {
  const ref = parseImageReference(reference);
  const pinned = options.digest ? `${ref.registry}/${ref.repository}@${options.digest}` : reference;
  const client = options.client ?? await RegistryClient.open(ref.registry, {
    ...options.access,
    logger: options.logger,
    maxDocumentBytes: resolveReadLimits(options.limits).maxJsonBytes
  });
  try {
    const resolved = await resolveRegistryImage(pinned, { ...options, client });
    const root = resolved.digest !== resolved.manifest.digest ? await client.getManifest(ref.repository, resolved.digest) : void 0;
    const documents = await findImageVex(
      registryArtifacts(client, ref.repository),
      [resolved.manifest.digest, resolved.digest],
      {
        logger: options.logger,
        ...root ? { rootIndex: root.body } : {},
        ...options.vexLimits ? { limits: options.vexLimits } : {}
      }
    );
    options.logger.info(
      `VEX on the image: ${documents.length} OpenVEX document${documents.length === 1 ? "" : "s"} attached to ${ref.original}`
    );
    return documents;
  } finally {
    if (!options.client) client.close();
  }
}

// src/image/source/oci-layout-vex.ts
import { stat as stat8 } from "node:fs/promises";
var MAX_INDEX_ENTRIES = 256;
var MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
var REF_NAME = "org.opencontainers.image.ref.name";
async function readOciLayoutVex(layout, subject2, options) {
  const info = await stat8(layout).catch(() => void 0);
  if (!info?.isDirectory()) {
    options.logger.info(
      `VEX on the image: ${layout} is not an OCI layout directory; attached VEX is read only from directories`
    );
    return [];
  }
  const store = new DirectoryStore(layout);
  try {
    const source = layoutArtifacts(store);
    return await findImageVex(source, [subject2], {
      logger: options.logger,
      ...options.limits ? { limits: options.limits } : {}
    });
  } finally {
    await store.close();
  }
}
function layoutArtifacts(store) {
  let entries;
  const indexEntries = async () => {
    if (!entries) {
      const bytes = await store.readBytes("index.json", MAX_MANIFEST_BYTES, "index.json");
      entries = descriptors(parseJson(bytes, store.locate("index.json"), "index.json"), "manifests");
    }
    return entries;
  };
  const readBlob = async (descriptor) => {
    const name = blobPath(descriptor.digest, store.path, `blob ${descriptor.digest}`);
    const bytes = await store.readBytes(name, descriptor.size, `blob ${descriptor.digest}`);
    if (bytes.length !== descriptor.size) {
      throw new ConfigurationError(
        `blob ${descriptor.digest} has ${bytes.length} bytes, its descriptor says ${descriptor.size}`,
        {
          path: store.path
        }
      );
    }
    verifyDigest(store, name, bytes, descriptor.digest, `blob ${descriptor.digest}`);
    return bytes;
  };
  const manifestByDigest = async (digest, size) => {
    const name = blobPath(digest, store.path, `manifest ${digest}`);
    const actual = size ?? await store.size(name);
    if (actual === void 0 || actual > MAX_MANIFEST_BYTES) return void 0;
    const bytes = await readBlob({ digest, size: actual });
    return { digest, body: parseJson(bytes, store.locate(name), `manifest ${digest}`) };
  };
  return {
    name: store.path,
    async referrers(digest) {
      const all = await indexEntries();
      const tagged = all.find((entry) => entry.annotations[REF_NAME] === tagFor(digest));
      if (tagged) return (await manifestByDigest(tagged.digest, tagged.size))?.body;
      const manifests = [];
      for (const entry of all.slice(0, MAX_INDEX_ENTRIES)) {
        if (entry.digest === digest || entry.size > MAX_MANIFEST_BYTES) continue;
        const manifest = await manifestByDigest(entry.digest, entry.size);
        const body = manifest?.body;
        if (body?.subject?.digest !== digest) continue;
        manifests.push({
          mediaType: entry.mediaType,
          digest: entry.digest,
          size: entry.size,
          ...typeof body.artifactType === "string" ? { artifactType: body.artifactType } : {},
          annotations: entry.annotations
        });
      }
      return { manifests };
    },
    async findManifest(reference) {
      if (reference.startsWith("sha256:")) return manifestByDigest(reference);
      const entry = (await indexEntries()).find((candidate) => candidate.annotations[REF_NAME] === reference);
      return entry ? manifestByDigest(entry.digest, entry.size) : void 0;
    },
    readBlob
  };
}

// src/vex/parse-cyclonedx.ts
var STATE_TO_STATUS = {
  resolved: "fixed",
  resolved_with_pedigree: "fixed",
  exploitable: "affected",
  in_triage: "under_investigation",
  false_positive: "not_affected",
  not_affected: "not_affected"
};
var JUSTIFICATIONS = /* @__PURE__ */ new Set([
  "code_not_present",
  "code_not_reachable",
  "requires_configuration",
  "requires_dependency",
  "requires_environment",
  "protected_by_compiler",
  "protected_at_runtime",
  "protected_at_perimeter",
  "protected_by_mitigating_control"
]);
function parseCycloneDxVex(fields, top) {
  const specVersion = fields.text(top.specVersion, ["specVersion"]);
  if (!/^1\.[4-6]$/.test(specVersion)) {
    fields.input.fail(
      ["specVersion"],
      `expected CycloneDX 1.4, 1.5 or 1.6, found ${JSON.stringify(specVersion.slice(0, 20))}`
    );
  }
  const metadata = top.metadata === void 0 ? {} : fields.map(top.metadata, ["metadata"]);
  const documentTime = fields.timestamp(metadata.timestamp, ["metadata", "timestamp"]);
  const purlByRef = componentPurls(fields, top, metadata);
  const drafts = fields.list(top.vulnerabilities, ["vulnerabilities"], { nonEmpty: true }).map((item, index) => statement(fields, item, ["vulnerabilities", index], documentTime, purlByRef));
  const serial = fields.optionalText(top.serialNumber, ["serialNumber"]);
  const author = authorOf(metadata);
  return {
    document: {
      format: "cyclonedx",
      ...serial ? { id: serial } : {},
      ...author ? { author } : {},
      ...documentTime ? { timestamp: documentTime } : {}
    },
    drafts
  };
}
function statement(fields, value, at3, documentTime, purlByRef) {
  const map = fields.map(value, at3);
  const id = fields.text(map.id, [...at3, "id"]);
  const aliases = fields.optionalList(map.references, [...at3, "references"]).map((reference, index) => {
    const item = fields.map(reference, [...at3, "references", index]);
    return fields.text(item.id, [...at3, "references", index, "id"]);
  });
  const analysis = fields.map(map.analysis, [...at3, "analysis"]);
  const writtenStatus = fields.text(analysis.state, [...at3, "analysis", "state"]);
  const status = STATE_TO_STATUS[writtenStatus];
  if (!Object.hasOwn(STATE_TO_STATUS, writtenStatus) || status === void 0) {
    fields.input.fail(
      [...at3, "analysis", "state"],
      `expected one of ${Object.keys(STATE_TO_STATUS).join(", ")}, found ${JSON.stringify(writtenStatus.slice(0, 40))}`
    );
  }
  const justification = fields.optionalText(analysis.justification, [...at3, "analysis", "justification"]);
  if (justification !== void 0 && !JUSTIFICATIONS.has(justification)) {
    fields.input.fail(
      [...at3, "analysis", "justification"],
      `expected one of ${[...JUSTIFICATIONS].join(", ")}, found ${JSON.stringify(justification.slice(0, 40))}`
    );
  }
  const detail = fields.optionalText(analysis.detail, [...at3, "analysis", "detail"]);
  if (status === "not_affected" && justification === void 0 && detail === void 0) {
    fields.input.fail([...at3, "analysis"], `a ${writtenStatus} analysis needs a justification or a detail`);
  }
  const timestamp = fields.timestamp(analysis.lastUpdated, [...at3, "analysis", "lastUpdated"]) ?? fields.timestamp(analysis.firstIssued, [...at3, "analysis", "firstIssued"]) ?? documentTime;
  const products = fields.list(map.affects, [...at3, "affects"], { nonEmpty: true }).map((item, index) => {
    const affect = fields.map(item, [...at3, "affects", index]);
    const ref = fields.text(affect.ref, [...at3, "affects", index, "ref"]);
    const purl = purlByRef.get(ref);
    return { id: ref, purls: purl ? [purl] : [], subcomponents: [] };
  });
  return {
    vulnerabilityIds: [id, ...aliases],
    products,
    status,
    writtenStatus,
    ...justification !== void 0 ? { justification } : {},
    ...detail !== void 0 ? { impactStatement: detail } : {},
    ...timestamp !== void 0 ? { timestamp } : {},
    at: at3
  };
}
function componentPurls(fields, top, metadata) {
  const byRef = /* @__PURE__ */ new Map();
  const add = (component) => {
    if (!isMap(component)) return;
    const ref = component["bom-ref"];
    const purl = component.purl;
    if (typeof ref === "string" && typeof purl === "string" && purl.length <= 4096) byRef.set(ref, purl);
  };
  add(metadata.component);
  for (const component of fields.optionalList(top.components, ["components"])) {
    add(component);
    if (isMap(component) && Array.isArray(component.components)) {
      for (const child of component.components.slice(0, 1e4)) add(child);
    }
  }
  return byRef;
}
function authorOf(metadata) {
  const authors = Array.isArray(metadata.authors) ? metadata.authors : [];
  const first = authors.find((author) => isMap(author) && typeof author.name === "string");
  if (isMap(first) && typeof first.name === "string") return first.name.slice(0, 200);
  const manufacturer = isMap(metadata.manufacturer) ? metadata.manufacturer : isMap(metadata.supplier) ? metadata.supplier : void 0;
  return typeof manufacturer?.name === "string" ? manufacturer.name.slice(0, 200) : void 0;
}

// src/vex/types.ts
var VEX_STATUSES = ["not_affected", "affected", "fixed", "under_investigation"];

// src/vex/parse-openvex.ts
var OPENVEX_JUSTIFICATIONS = [
  "component_not_present",
  "vulnerable_code_not_present",
  "vulnerable_code_not_in_execute_path",
  "vulnerable_code_cannot_be_controlled_by_adversary",
  "inline_mitigations_already_exist"
];
var STATUSES2 = new Set(VEX_STATUSES);
var JUSTIFICATIONS2 = new Set(OPENVEX_JUSTIFICATIONS);
function parseOpenVex(fields, top) {
  const context = fields.text(top["@context"], ["@context"]);
  if (!/^https:\/\/openvex\.dev\/ns\/v0\.2\.\d+$/.test(context)) {
    fields.input.fail(
      ["@context"],
      `expected an OpenVEX 0.2.x context (https://openvex.dev/ns/v0.2.0), found ${JSON.stringify(context.slice(0, 60))}`
    );
  }
  const id = fields.text(top["@id"], ["@id"]);
  const author = fields.text(top.author, ["author"]);
  const documentTime = fields.timestamp(top.timestamp, ["timestamp"]);
  const drafts = fields.list(top.statements, ["statements"], { nonEmpty: true }).map((item, index) => statement2(fields, item, ["statements", index], documentTime));
  return {
    document: { format: "openvex", id, author, ...documentTime ? { timestamp: documentTime } : {} },
    drafts
  };
}
function statement2(fields, value, at3, documentTime) {
  const map = fields.map(value, at3);
  const vulnerability2 = fields.map(map.vulnerability, [...at3, "vulnerability"]);
  const name = fields.text(vulnerability2.name, [...at3, "vulnerability", "name"]);
  const aliases = fields.optionalList(vulnerability2.aliases, [...at3, "vulnerability", "aliases"]).map((alias, index) => fields.text(alias, [...at3, "vulnerability", "aliases", index]));
  const writtenStatus = fields.text(map.status, [...at3, "status"]);
  if (!STATUSES2.has(writtenStatus)) {
    fields.input.fail(
      [...at3, "status"],
      `expected one of ${VEX_STATUSES.join(", ")}, found ${JSON.stringify(writtenStatus.slice(0, 40))}`
    );
  }
  const status = writtenStatus;
  const justification = fields.optionalText(map.justification, [...at3, "justification"]);
  if (justification !== void 0 && !JUSTIFICATIONS2.has(justification)) {
    fields.input.fail(
      [...at3, "justification"],
      `expected one of ${OPENVEX_JUSTIFICATIONS.join(", ")}, found ${JSON.stringify(justification.slice(0, 40))}`
    );
  }
  const impactStatement = fields.optionalText(map.impact_statement, [...at3, "impact_statement"]);
  if (status === "not_affected" && justification === void 0 && impactStatement === void 0) {
    fields.input.fail(at3, "a not_affected statement needs a justification or an impact_statement (OpenVEX spec)");
  }
  const statusNotes = fields.optionalText(map.status_notes, [...at3, "status_notes"]);
  const timestamp = fields.timestamp(map.timestamp, [...at3, "timestamp"]) ?? documentTime;
  const products = fields.list(map.products, [...at3, "products"], { nonEmpty: true }).map((product, index) => openVexProduct(fields, product, [...at3, "products", index]));
  return {
    vulnerabilityIds: [name, ...aliases],
    products,
    status,
    writtenStatus,
    ...justification !== void 0 ? { justification } : {},
    ...impactStatement !== void 0 ? { impactStatement } : {},
    ...statusNotes !== void 0 ? { statusNotes } : {},
    ...timestamp !== void 0 ? { timestamp } : {},
    at: at3
  };
}
function openVexProduct(fields, value, at3) {
  const map = fields.map(value, at3);
  const identifiers = map.identifiers === void 0 ? {} : fields.map(map.identifiers, [...at3, "identifiers"]);
  const purl = fields.optionalText(identifiers.purl, [...at3, "identifiers", "purl"]);
  const id = map["@id"] === void 0 && purl !== void 0 ? purl : fields.text(map["@id"], [...at3, "@id"]);
  const subcomponents = fields.optionalList(map.subcomponents, [...at3, "subcomponents"]).map((item, index) => {
    const sub = fields.map(item, [...at3, "subcomponents", index]);
    const subIdentifiers = sub.identifiers === void 0 ? {} : fields.map(sub.identifiers, [...at3, "subcomponents", index, "identifiers"]);
    const subPurl = fields.optionalText(subIdentifiers.purl, [...at3, "subcomponents", index, "identifiers", "purl"]);
    if (sub["@id"] === void 0 && subPurl !== void 0) return subPurl;
    return fields.text(sub["@id"], [...at3, "subcomponents", index, "@id"]);
  });
  return { id, purls: purl !== void 0 ? [purl] : [], subcomponents };
}

// src/vex/parse-vex-document.ts
var MAX_VEX_FILE_BYTES = 4 * 1024 * 1024;
var EXPECTED2 = "expected an OpenVEX 0.2.x or CycloneDX VEX (JSON) document";
function parseVexDocument(text2, source) {
  const input = parseJsonInput(text2, source.path, EXPECTED2, "the VEX document");
  const fields = new Fields(input);
  const top = fields.map(input.value, []);
  const parsed = top["@context"] !== void 0 ? parseOpenVex(fields, top) : top.bomFormat === "CycloneDX" ? parseCycloneDxVex(fields, top) : input.fail([], 'has neither an OpenVEX @context nor "bomFormat": "CycloneDX"');
  const positions = input.positionsOf(parsed.drafts.map((draft) => draft.at));
  const statements = parsed.drafts.map(({ at: _at, ...statement3 }, index) => {
    const { line = 1, column } = positions[index] ?? {};
    return {
      ...statement3,
      source: { kind: "source", path: source.path, line, ...column ? { column } : {} }
    };
  });
  return { ...parsed.document, path: source.path, statements };
}

// src/pipeline/image-vex-stage.ts
async function readImageVexStage(acquired, rules, access, logger) {
  if (!rules.vexFromImage) return void 0;
  if (acquired?.scanInput.kind === "oci-layout" && acquired.facts.digest) {
    return readOciLayoutVex(acquired.scanInput.path, acquired.facts.digest, { logger });
  }
  if (!acquired || acquired.facts.source !== "registry" || !acquired.facts.reference) {
    logger.info(
      "vulnerabilities.vexFromImage: the image was not read from a registry or an OCI layout, so there are no attached VEX documents to read"
    );
    return [];
  }
  return readImageVex(acquired.facts.reference, {
    logger,
    access: { environment: access.environment, insecureRegistries: access.insecureRegistries ?? [] },
    ...acquired.facts.digest ? { digest: acquired.facts.digest } : {}
  });
}
function parseAttachedVex(documents, logger) {
  const parsed = [];
  for (const document of documents) {
    try {
      parsed.push(parseVexDocument(document.text, { path: document.source }));
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
      logger.warning(`vulnerabilities.vexFromImage: ignored a VEX document attached to the image: ${error.message}`);
    }
  }
  return parsed;
}

// src/attest/input-attestations.ts
var SHA256 = /^sha256:([0-9a-f]{64})$/;
function inputAttestations(signatures, provenance) {
  const out = /* @__PURE__ */ new Map();
  const add = (name, digest) => {
    const hex = digest === void 0 ? void 0 : SHA256.exec(digest)?.[1];
    if (hex !== void 0 && !out.has(hex)) out.set(hex, { name, digest: { sha256: hex } });
  };
  const subjects = [
    ...signatures?.image && "signatures" in signatures.image ? [signatures.image] : [],
    ...signatures?.bases ?? []
  ];
  for (const subject2 of subjects) {
    for (const signature of subject2.signatures) {
      if (signature.outcome.status === "verified") add(signature.source, signature.digest);
    }
  }
  for (const document of provenance ?? []) {
    if (document.signature === void 0 || document.signature.status === "verified")
      add(document.origin, document.digest);
  }
  return [...out.values()];
}

// src/image/source/oci-layout-provenance.ts
import { stat as stat9 } from "node:fs/promises";

// src/provenance/parse-provenance.ts
var SLSA_PROVENANCE_V02 = "https://slsa.dev/provenance/v0.2";
var SLSA_PROVENANCE_V1 = "https://slsa.dev/provenance/v1";
var MAX_MATERIALS = 256;
var MAX_TEXT = 2048;
function isSlsaProvenance(predicateType) {
  return predicateType === SLSA_PROVENANCE_V02 || predicateType === SLSA_PROVENANCE_V1;
}
function parseProvenance(statement3, origin, enveloped = false) {
  if (!isObject(statement3) || !isSlsaProvenance(statement3.predicateType) || !isObject(statement3.predicate))
    return void 0;
  const predicateType = statement3.predicateType;
  const predicate = statement3.predicate;
  const facts = predicateType === SLSA_PROVENANCE_V1 ? fromV1(predicate) : fromV02(predicate);
  return { predicateType, origin, enveloped, ...facts };
}
function fromV1(predicate) {
  const definition = isObject(predicate.buildDefinition) ? predicate.buildDefinition : {};
  const run = isObject(predicate.runDetails) ? predicate.runDetails : {};
  const builder = isObject(run.builder) ? run.builder : {};
  const external = isObject(definition.externalParameters) ? definition.externalParameters : {};
  const materials = readMaterials(definition.resolvedDependencies);
  const source = v1Source(external, materials);
  const buildType = text(definition.buildType);
  return {
    builderId: text(builder.id) ?? "",
    materials,
    ...source ? { source } : {},
    ...buildType ? { buildType } : {}
  };
}
function fromV02(predicate) {
  const builder = isObject(predicate.builder) ? predicate.builder : {};
  const invocation = isObject(predicate.invocation) ? predicate.invocation : {};
  const config = isObject(invocation.configSource) ? invocation.configSource : {};
  const materials = readMaterials(predicate.materials);
  const source = sourceFrom(text(config.uri), config.digest);
  const buildType = text(predicate.buildType);
  return {
    builderId: text(builder.id) ?? "",
    materials,
    ...source ? { source } : {},
    ...buildType ? { buildType } : {}
  };
}
function v1Source(external, materials) {
  const workflow = isObject(external.workflow) ? external.workflow : void 0;
  if (workflow && text(workflow.repository)) {
    const source = sourceFrom(text(workflow.repository), void 0);
    const ref = text(workflow.ref);
    return source && ref ? { ...source, ref } : source;
  }
  const config = isObject(external.configSource) ? external.configSource : void 0;
  const uri = text(config?.uri) ?? text(external.source);
  if (uri) return sourceFrom(uri, config?.digest);
  const git = materials.find((material) => /^git\+/.test(material.uri));
  return git ? sourceFrom(git.uri, void 0, git.digests[0]) : void 0;
}
function sourceFrom(uri, digest, known2) {
  if (!uri) return void 0;
  let repository = uri.replace(/^git\+/, "");
  let ref;
  const hash = repository.indexOf("#");
  if (hash >= 0) {
    ref = repository.slice(hash + 1);
    repository = repository.slice(0, hash);
  }
  const at3 = repository.lastIndexOf("@");
  if (at3 > repository.indexOf("://") + 3 && repository.slice(at3 + 1).startsWith("refs/")) {
    ref = repository.slice(at3 + 1);
    repository = repository.slice(0, at3);
  }
  repository = repository.replace(/\.git$/, "");
  const digests = readDigests(digest);
  const first = known2 ?? digests[0];
  return { repository, ...ref ? { ref } : {}, ...first ? { digest: first } : {} };
}
function readMaterials(value) {
  if (!Array.isArray(value)) return [];
  const out = [];
  for (const item of value.slice(0, MAX_MATERIALS)) {
    if (!isObject(item)) continue;
    const uri = text(item.uri);
    if (uri) out.push({ uri, digests: readDigests(item.digest) });
  }
  return out;
}
function readDigests(value) {
  if (!isObject(value)) return [];
  return Object.entries(value).filter(
    ([algorithm, hex]) => typeof hex === "string" && /^[a-z0-9]{1,16}$/.test(algorithm) && /^[0-9a-f]{32,128}$/i.test(hex)
  ).map(([algorithm, hex]) => `${algorithm}:${hex.toLowerCase()}`);
}
function text(value) {
  return typeof value === "string" && value !== "" ? value.slice(0, MAX_TEXT) : void 0;
}

// src/signature/verify-bundle.ts
var import_bundle = __toESM(require_dist2(), 1);
var import_protobuf_specs = __toESM(require_dist(), 1);
var import_verify = __toESM(require_dist4(), 1);
import { createHash as createHash3 } from "node:crypto";

// src/signature/verify-key-signature.ts
import { verify as cryptoVerify } from "node:crypto";

// src/signature/simple-signing.ts
function parseSimpleSigning(payload) {
  let json;
  try {
    json = JSON.parse(payload.toString("utf8"));
  } catch {
    return { problem: "the payload is not JSON (expected a cosign simple-signing payload)" };
  }
  const critical = json?.critical;
  const image = critical?.image;
  const type = critical?.type;
  const digest = image?.["docker-manifest-digest"];
  if (type !== "cosign container image signature" && type !== "atomic container signature") {
    return { problem: "the payload is not a simple-signing payload (critical.type)" };
  }
  if (typeof digest !== "string" || !/^sha256:[0-9a-f]{64}$/.test(digest)) {
    return { problem: "the payload names no sha256 manifest digest (critical.image.docker-manifest-digest)" };
  }
  const reference = critical?.identity?.["docker-reference"];
  return { payload: { manifestDigest: digest, identity: typeof reference === "string" ? reference : void 0 } };
}

// src/signature/verify-key-signature.ts
function verifyKeySignature(payload, signatureBase64, expectedDigest, signers) {
  const parsed = parseSimpleSigning(payload);
  if ("problem" in parsed) return { status: "invalid", reason: parsed.problem };
  if (parsed.payload.manifestDigest !== expectedDigest) {
    return {
      status: "invalid",
      reason: `the payload signs ${parsed.payload.manifestDigest}, not this image's ${expectedDigest}`
    };
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signatureBase64.trim())) {
    return { status: "invalid", reason: "the signature annotation is not base64" };
  }
  const signature = Buffer.from(signatureBase64.trim(), "base64");
  const keys = signers.filter((signer) => signer.kind === "key");
  if (keys.length === 0) {
    return {
      status: "untrusted-signer",
      signer: "a public key",
      reason: "signed with a key, but the policy allows only keyless identities"
    };
  }
  const match = keys.find((signer) => verifies(signer.key, payload, signature));
  if (match) return { status: "verified", signer: describeSigner(match) };
  return {
    status: "untrusted-signer",
    signer: "an unknown key",
    reason: `the signature over this payload verifies with none of the allowed keys (${keys.map(describeSigner).join("; ")}): another key signed it, or the payload or signature changed after signing`
  };
}
function verifies(key, payload, signature) {
  const type = key.asymmetricKeyType;
  const algorithm = type === "ed25519" ? null : type === "ec" && key.asymmetricKeyDetails?.namedCurve === "secp384r1" ? "sha384" : "sha256";
  try {
    return cryptoVerify(algorithm, payload, key, signature);
  } catch {
    return false;
  }
}

// src/signature/verification-reasons.ts
var import_core = __toESM(require_dist3(), 1);
import { X509Certificate as NodeCertificate } from "node:crypto";
function explainFailure(error, bundle, trust) {
  const code2 = error.code ?? "ERROR";
  const message = error.message ?? String(error);
  const cause = error.cause?.message;
  const detail = `(${code2}: ${message}${cause && cause !== message ? `: ${cause}` : ""})`;
  const specific = bundle ? specificReason(code2, message, bundle, trust) : void 0;
  if (specific) return `${specific} ${detail}`;
  const what = {
    SIGNATURE_ERROR: "the signature does not match the signed content",
    CERTIFICATE_ERROR: `the certificate does not chain to a certificate authority of ${trust.name} valid at signing time`,
    PUBLIC_KEY_ERROR: "the public key is not valid at signing time",
    TLOG_ERROR: "no usable transparency-log entry",
    TLOG_INCLUSION_PROOF_ERROR: `the transparency-log inclusion proof does not verify against ${trust.name}`,
    TLOG_INCLUSION_PROMISE_ERROR: `the transparency-log signed entry timestamp does not verify against ${trust.name}`,
    TLOG_MISSING_INCLUSION_ERROR: "the transparency-log entry has neither inclusion proof nor signed entry timestamp",
    TLOG_BODY_ERROR: "the transparency-log entry records another signature, key or digest",
    TIMESTAMP_ERROR: "no trusted timestamp for the signature"
  };
  return `${what[code2] ?? "verification failed"} ${detail}`;
}
function specificReason(code2, message, bundle, trust) {
  const entry = bundle.verificationMaterial.tlogEntries[0];
  const logTime = entry ? new Date(Number(entry.integratedTime) * 1e3) : void 0;
  switch (code2) {
    case "CERTIFICATE_ERROR": {
      if (message.includes("SCTs")) {
        return `the certificate carries no signed certificate timestamp from a CT log of ${trust.name}`;
      }
      if (message === "SCT verification failed") {
        return `the certificate's signed certificate timestamp is not from a CT log of ${trust.name}`;
      }
      const leaf = leafCertificate(bundle);
      if (!leaf) return void 0;
      const from = leaf.notBefore;
      const to = leaf.notAfter;
      if (logTime && logTime > to) {
        return `the certificate expired at ${iso(to)}, before the log recorded the signature at ${iso(logTime)}`;
      }
      if (logTime && logTime < from) {
        return `the certificate was not yet valid (from ${iso(from)}) when the log recorded the signature at ${iso(logTime)}`;
      }
      const issuer = issuerName(leaf);
      return `the certificate, issued by ${issuer}, does not chain to a certificate authority of ${trust.name} valid at the log's time`;
    }
    case "TLOG_INCLUSION_PROMISE_ERROR":
    case "TLOG_INCLUSION_PROOF_ERROR": {
      const logId = entry ? Buffer.from(entry.logId.keyId) : void 0;
      if (!logId) return void 0;
      const log = trust.root.tlogs.find((candidate) => Buffer.from(candidate.logId?.keyId ?? []).equals(logId));
      if (!log)
        return `the transparency-log entry is from log ${logId.toString("hex")}, which ${trust.name} does not list`;
      const { start, end } = log.publicKey?.validFor ?? {};
      if (code2 === "TLOG_INCLUSION_PROMISE_ERROR" && logTime && (start && logTime < start || end && logTime > end)) {
        return `the transparency-log entry's time ${iso(logTime)} is outside the validity of log ${logId.toString("hex")} in ${trust.name} (${start ? iso(start) : "always"} to ${end ? iso(end) : "now"})`;
      }
      return void 0;
    }
    case "TLOG_BODY_ERROR":
      if (message === "digest mismatch" || message === "DSSE payload hash mismatch") {
        return "the signed content is not what the transparency-log entry records (its SHA-256 differs): it changed after signing";
      }
      return void 0;
    case "TIMESTAMP_ERROR":
      if (message.includes("got 0")) {
        return "no transparency-log entry with a signed entry timestamp: nothing dates the signature";
      }
      return void 0;
    case "TLOG_ERROR":
      if (message.includes("got 0")) return "no transparency-log entry";
      return void 0;
    default:
      return void 0;
  }
}
function leafCertificate(bundle) {
  const material = bundle.verificationMaterial.content;
  const raw = material.$case === "certificate" ? material.certificate.rawBytes : material.$case === "x509CertificateChain" ? material.x509CertificateChain.certificates[0]?.rawBytes : void 0;
  if (!raw) return void 0;
  try {
    return import_core.X509Certificate.parse(Buffer.from(raw));
  } catch {
    return void 0;
  }
}
function issuerName(leaf) {
  try {
    return new NodeCertificate(leaf.root.toDER()).issuer.split("\n").join(", ");
  } catch {
    return "an unreadable issuer";
  }
}
var iso = (date) => Number.isNaN(date.getTime()) ? "an invalid time" : date.toISOString();

// src/signature/verify-bundle.ts
function verifyBundle(bundleJson, artifact, trust, signers, expectedDigest) {
  let bundle;
  try {
    bundle = (0, import_bundle.bundleFromJSON)(bundleJson);
  } catch (error) {
    return { status: "invalid", reason: `not a Sigstore bundle: ${error.message}` };
  }
  const digestProblem = checkDigest(bundle, artifact, expectedDigest);
  if (digestProblem) return { status: "invalid", reason: digestProblem };
  return verifyParsedBundle(bundle, artifact, trust, signers);
}
function verifyParsedBundle(bundle, artifact, trust, signers) {
  if (bundle.verificationMaterial.content.$case === "publicKey")
    return verifyWithKeys(bundle, artifact, trust, signers);
  let identity;
  try {
    const signer = verifierFor(trust.material, trust).verify((0, import_verify.toSignedEntity)(bundle, artifact));
    identity = { subject: signer.identity?.subjectAlternativeName, issuer: signer.identity?.extensions?.issuer };
  } catch (error) {
    return { status: "invalid", reason: explainFailure(error, bundle, trust) };
  }
  return matchIdentity(identity, signers);
}
function verifierFor(material, trust) {
  return new import_verify.Verifier(material, { ctlogThreshold: trust.root.ctlogs.length > 0 ? 1 : 0 });
}
function matchIdentity(identity, signers) {
  const who = `${identity.subject ?? "(no subject)"} from ${identity.issuer ?? "(no issuer)"}`;
  const identities = signers.filter((signer) => signer.kind === "identity");
  if (identities.some((signer) => identityMatches(signer, identity))) return { status: "verified", signer: who };
  if (identities.length === 0) {
    return {
      status: "untrusted-signer",
      signer: who,
      reason: `signed keylessly by ${who}, but the policy allows only keys`
    };
  }
  const sameSubject = identities.filter(
    (signer) => identityMatches({ ...signer, issuer: identity.issuer ?? "" }, identity)
  );
  if (sameSubject.length > 0 && identity.issuer !== void 0) {
    const issuers = [...new Set(sameSubject.map((signer) => signer.issuer))].join(", ");
    return {
      status: "untrusted-signer",
      signer: who,
      reason: `signed by ${identity.subject ?? ""} with a token from issuer ${identity.issuer}, but the policy allows that subject only from ${issuers}`
    };
  }
  return {
    status: "untrusted-signer",
    signer: who,
    reason: `signed by ${who}, which is none of the allowed identities (${identities.map(describeSigner).join("; ")})`
  };
}
function verifyWithKeys(bundle, artifact, trust, signers) {
  const keys = signers.filter((signer) => signer.kind === "key");
  if (keys.length === 0) {
    return {
      status: "untrusted-signer",
      signer: "a public key",
      reason: "signed with a public key, but the policy allows only keyless identities"
    };
  }
  let lastInvalid;
  for (const signer of keys) {
    const material = (0, import_verify.toTrustMaterial)(trust.root, () => ({
      publicKey: signer.key,
      validFor: () => true
    }));
    try {
      verifierFor(material, trust).verify(signedEntity(bundle, artifact, signer));
      return { status: "verified", signer: describeSigner(signer) };
    } catch (error) {
      const code2 = error.code;
      if (code2 !== "SIGNATURE_ERROR") lastInvalid = explainFailure(error, bundle, trust);
    }
  }
  if (lastInvalid) return { status: "invalid", reason: lastInvalid };
  return {
    status: "untrusted-signer",
    signer: "an unknown key",
    reason: `the signature verifies with none of the allowed keys (${keys.map(describeSigner).join("; ")})`
  };
}
var DIGEST_NAMES = {
  [import_protobuf_specs.HashAlgorithm.HASH_ALGORITHM_UNSPECIFIED]: "sha256",
  [import_protobuf_specs.HashAlgorithm.SHA2_256]: "sha256",
  [import_protobuf_specs.HashAlgorithm.SHA2_384]: "sha384",
  [import_protobuf_specs.HashAlgorithm.SHA2_512]: "sha512"
};
function checkDigest(bundle, artifact, expectedDigest) {
  const actual = `sha256:${createHash3("sha256").update(artifact).digest("hex")}`;
  if (expectedDigest !== void 0 && expectedDigest !== actual) {
    return `the artifact is ${actual}, not the expected ${expectedDigest}`;
  }
  if (bundle.content.$case !== "messageSignature") return void 0;
  const signed = bundle.content.messageSignature.messageDigest;
  const signedHex = Buffer.from(signed.digest).toString("hex");
  const name = DIGEST_NAMES[signed.algorithm];
  if (name === void 0) {
    return `the bundle's message digest is ${(0, import_protobuf_specs.hashAlgorithmToJSON)(signed.algorithm)}, not SHA-256, SHA-384 or SHA-512`;
  }
  if (name === "sha256") {
    return signedHex === actual.slice("sha256:".length) ? void 0 : `the bundle signs digest ${signedHex || "(none)"}, not this artifact's ${actual}`;
  }
  const actualHex = createHash3(name).update(artifact).digest("hex");
  return signedHex === actualHex ? void 0 : `the bundle signs ${name} digest ${signedHex || "(none)"}, not this artifact's ${name}:${actualHex}`;
}
function signedEntity(bundle, artifact, signer) {
  const entity = (0, import_verify.toSignedEntity)(bundle, artifact);
  if (bundle.content.$case !== "messageSignature" || signer.key.asymmetricKeyType !== "ed25519") return entity;
  const content = entity.signature;
  const signature = Buffer.from(bundle.content.messageSignature.signature);
  entity.signature = {
    signature: content.signature,
    compareSignature: (candidate) => content.compareSignature(candidate),
    compareDigest: (digest) => content.compareDigest(digest),
    verifySignature: (key) => verifies(key, artifact, signature)
  };
  return entity;
}

// src/provenance/verify-provenance.ts
function verifyProvenanceDocument(document, subjects, verification) {
  let outcome;
  if (document.bundle !== void 0) {
    let json;
    try {
      json = JSON.parse(document.bundle);
    } catch {
      return { status: "invalid", reason: "the Sigstore bundle is not JSON" };
    }
    outcome = verifyBundle(json, Buffer.from(document.text), verification.trust, verification.signers);
  } else if (document.envelope !== void 0) {
    outcome = verifyEnvelope(document.envelope, verification.signers);
  } else {
    return {
      status: "unsigned",
      reason: "it is a bare in-toto statement (a BuildKit attestation manifest or an unsigned referrer): nothing signs it"
    };
  }
  if (outcome.status !== "verified") return outcome;
  const named = subjectDigests(document.text);
  if (!subjects.some((digest) => named.includes(digest))) {
    return {
      status: "invalid",
      reason: `the signed statement is about ${named.length > 0 ? named.join(", ") : "no sha256 digest"}, not this image (${subjects.join(", ")})`
    };
  }
  return outcome;
}
function preAuthEncoding(payloadType, payload) {
  const type = Buffer.from(payloadType, "utf8");
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `, "utf8"),
    type,
    Buffer.from(` ${payload.length} `, "utf8"),
    payload
  ]);
}
var MAX_SIGNATURES = 8;
function verifyEnvelope(text2, signers) {
  let envelope;
  try {
    envelope = JSON.parse(text2);
  } catch {
    return { status: "invalid", reason: "the DSSE envelope is not JSON" };
  }
  if (!isObject(envelope) || typeof envelope.payload !== "string" || typeof envelope.payloadType !== "string") {
    return { status: "invalid", reason: "the DSSE envelope has no payload or payloadType" };
  }
  const signatures = Array.isArray(envelope.signatures) ? envelope.signatures.slice(0, MAX_SIGNATURES).flatMap((item) => isObject(item) && typeof item.sig === "string" ? [item.sig] : []) : [];
  if (signatures.length === 0) return { status: "unsigned", reason: "the DSSE envelope carries no signature" };
  const keys = signers.filter((signer) => signer.kind === "key");
  if (keys.length === 0) {
    return {
      status: "untrusted-signer",
      signer: "a public key",
      reason: "a bare DSSE envelope is signed with a key (no certificate), but the policy allows only keyless identities"
    };
  }
  const signed = preAuthEncoding(envelope.payloadType, Buffer.from(envelope.payload, "base64"));
  for (const signature of signatures) {
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(signature)) continue;
    const bytes = Buffer.from(signature, "base64");
    const match = keys.find((signer) => verifies(signer.key, signed, bytes));
    if (match) return { status: "verified", signer: describeSigner(match) };
  }
  return {
    status: "untrusted-signer",
    signer: "an unknown key",
    reason: `the envelope's ${signatures.length === 1 ? "signature verifies" : `${signatures.length} signatures verify`} with none of the allowed keys (${keys.map(describeSigner).join("; ")}): another key signed it, or the statement changed after signing`
  };
}
function subjectDigests(text2) {
  try {
    const statement3 = JSON.parse(text2);
    if (!isObject(statement3) || !Array.isArray(statement3.subject)) return [];
    return statement3.subject.slice(0, 64).flatMap((subject2) => {
      if (!isObject(subject2) || !isObject(subject2.digest)) return [];
      const hex = subject2.digest.sha256;
      return typeof hex === "string" && /^[0-9a-f]{64}$/.test(hex) ? [`sha256:${hex}`] : [];
    });
  } catch {
    return [];
  }
}

// src/image/source/registry/image-provenance.ts
var PROVENANCE_KIND = {
  label: "Provenance",
  acceptsPredicate: isSlsaProvenance,
  keep: (statement3) => JSON.stringify(statement3)
};
async function findImageProvenance(source, subjects, options) {
  const documents = await findAttachments(PROVENANCE_KIND, source, subjects, options);
  const facts = [];
  for (const document of documents) {
    const parsed = parseProvenance(
      JSON.parse(document.text),
      document.source,
      document.envelope !== void 0
    );
    if (!parsed) continue;
    parsed.digest = document.digest;
    if (options.verify) parsed.signature = verifyProvenanceDocument(document, subjects, options.verify);
    facts.push(parsed);
  }
  return facts;
}

// src/image/source/oci-layout-provenance.ts
var MAX_NESTED_INDEXES = 32;
var MAX_INDEX_BYTES2 = 4 * 1024 * 1024;
async function readOciLayoutProvenance(layout, subject2, options) {
  const info = await stat9(layout).catch(() => void 0);
  if (!info?.isDirectory()) return void 0;
  const store = new DirectoryStore(layout);
  try {
    const source = layoutArtifacts(store);
    const top = parseJson(
      await store.readBytes("index.json", MAX_INDEX_BYTES2, "index.json"),
      store.locate("index.json"),
      "index.json"
    );
    const lists = (index) => descriptors(index, "manifests").some((entry) => entry.digest === subject2);
    let rootIndex = lists(top) ? top : void 0;
    let rootDigest;
    if (rootIndex === void 0) {
      for (const entry of descriptors(top, "manifests").slice(0, MAX_NESTED_INDEXES)) {
        if (entry.digest === subject2 || entry.size > MAX_INDEX_BYTES2) continue;
        const nested = await source.findManifest(entry.digest);
        if (nested && lists(nested.body)) {
          rootIndex = nested.body;
          rootDigest = nested.digest;
          break;
        }
      }
    }
    const facts = await findImageProvenance(source, rootDigest ? [subject2, rootDigest] : [subject2], {
      logger: options.logger,
      ...rootIndex !== void 0 ? { rootIndex } : {},
      ...options.limits ? { limits: options.limits } : {},
      ...options.verify ? { verify: options.verify } : {}
    });
    options.logger.info(
      `Provenance on the image: ${facts.length} SLSA provenance document${facts.length === 1 ? "" : "s"} in the OCI layout ${layout}`
    );
    return facts;
  } finally {
    await store.close();
  }
}

// src/image/source/registry/read-image-provenance.ts
async function readImageProvenance(reference, options) {
  const ref = parseImageReference(reference);
  const pinned = options.digest ? `${ref.registry}/${ref.repository}@${options.digest}` : reference;
  const client = options.client ?? await RegistryClient.open(ref.registry, {
    ...options.access,
    logger: options.logger,
    maxDocumentBytes: resolveReadLimits(options.limits).maxJsonBytes
  });
  try {
    const resolved = await resolveRegistryImage(pinned, { ...options, client });
    const root = resolved.digest !== resolved.manifest.digest ? await client.getManifest(ref.repository, resolved.digest) : void 0;
    const facts = await findImageProvenance(
      registryArtifacts(client, ref.repository, "provenance attestation"),
      [resolved.manifest.digest, resolved.digest],
      {
        logger: options.logger,
        ...root ? { rootIndex: root.body } : {},
        ...options.attachmentLimits ? { limits: options.attachmentLimits } : {},
        ...options.verify ? { verify: options.verify } : {}
      }
    );
    options.logger.info(
      `Provenance on the image: ${facts.length} SLSA provenance document${facts.length === 1 ? "" : "s"} attached to ${ref.original}`
    );
    return facts;
  } finally {
    if (!options.client) client.close();
  }
}

// src/signature/trusted-root.ts
var import_protobuf_specs2 = __toESM(require_dist(), 1);
var import_verify2 = __toESM(require_dist4(), 1);

// trust/sigstore-public-good/trusted_root.json
var trusted_root_default = {
  mediaType: "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
  tlogs: [
    {
      baseUrl: "https://rekor.sigstore.dev",
      hashAlgorithm: "SHA2_256",
      publicKey: {
        rawBytes: "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE2G2Y+2tabdTV5BcGiBIx0a9fAFwrkBbmLSGtks4L3qX6yYY0zufBnhC8Ur/iy55GhWP/9A/bY2LhC30M9+RYtw==",
        keyDetails: "PKIX_ECDSA_P256_SHA_256",
        validFor: {
          start: "2021-01-12T11:53:27Z"
        }
      },
      logId: {
        keyId: "wNI9atQGlz+VWfO6LRygH4QUfY/8W4RFwiT5i5WRgB0="
      }
    },
    {
      baseUrl: "https://log2025-1.rekor.sigstore.dev",
      hashAlgorithm: "SHA2_256",
      publicKey: {
        rawBytes: "MCowBQYDK2VwAyEAt8rlp1knGwjfbcXAYPYAkn0XiLz1x8O4t0YkEhie244=",
        keyDetails: "PKIX_ED25519",
        validFor: {
          start: "2025-09-23T00:00:00Z"
        }
      },
      logId: {
        keyId: "zxGZFVvd0FEmjR8WrFwMdcAJ9vtaY/QXf44Y1wUeP6A="
      }
    }
  ],
  certificateAuthorities: [
    {
      subject: {
        organization: "sigstore.dev",
        commonName: "sigstore"
      },
      uri: "https://fulcio.sigstore.dev",
      certChain: {
        certificates: [
          {
            rawBytes: "MIIB+DCCAX6gAwIBAgITNVkDZoCiofPDsy7dfm6geLbuhzAKBggqhkjOPQQDAzAqMRUwEwYDVQQKEwxzaWdzdG9yZS5kZXYxETAPBgNVBAMTCHNpZ3N0b3JlMB4XDTIxMDMwNzAzMjAyOVoXDTMxMDIyMzAzMjAyOVowKjEVMBMGA1UEChMMc2lnc3RvcmUuZGV2MREwDwYDVQQDEwhzaWdzdG9yZTB2MBAGByqGSM49AgEGBSuBBAAiA2IABLSyA7Ii5k+pNO8ZEWY0ylemWDowOkNa3kL+GZE5Z5GWehL9/A9bRNA3RbrsZ5i0JcastaRL7Sp5fp/jD5dxqc/UdTVnlvS16an+2Yfswe/QuLolRUCrcOE2+2iA5+tzd6NmMGQwDgYDVR0PAQH/BAQDAgEGMBIGA1UdEwEB/wQIMAYBAf8CAQEwHQYDVR0OBBYEFMjFHQBBmiQpMlEk6w2uSu1KBtPsMB8GA1UdIwQYMBaAFMjFHQBBmiQpMlEk6w2uSu1KBtPsMAoGCCqGSM49BAMDA2gAMGUCMH8liWJfMui6vXXBhjDgY4MwslmN/TJxVe/83WrFomwmNf056y1X48F9c4m3a3ozXAIxAKjRay5/aj/jsKKGIkmQatjI8uupHr/+CxFvaJWmpYqNkLDGRU+9orzh5hI2RrcuaQ=="
          }
        ]
      },
      validFor: {
        start: "2021-03-07T03:20:29Z",
        end: "2022-12-31T23:59:59.999Z"
      }
    },
    {
      subject: {
        organization: "sigstore.dev",
        commonName: "sigstore"
      },
      uri: "https://fulcio.sigstore.dev",
      certChain: {
        certificates: [
          {
            rawBytes: "MIICGjCCAaGgAwIBAgIUALnViVfnU0brJasmRkHrn/UnfaQwCgYIKoZIzj0EAwMwKjEVMBMGA1UEChMMc2lnc3RvcmUuZGV2MREwDwYDVQQDEwhzaWdzdG9yZTAeFw0yMjA0MTMyMDA2MTVaFw0zMTEwMDUxMzU2NThaMDcxFTATBgNVBAoTDHNpZ3N0b3JlLmRldjEeMBwGA1UEAxMVc2lnc3RvcmUtaW50ZXJtZWRpYXRlMHYwEAYHKoZIzj0CAQYFK4EEACIDYgAE8RVS/ysH+NOvuDZyPIZtilgUF9NlarYpAd9HP1vBBH1U5CV77LSS7s0ZiH4nE7Hv7ptS6LvvR/STk798LVgMzLlJ4HeIfF3tHSaexLcYpSASr1kS0N/RgBJz/9jWCiXno3sweTAOBgNVHQ8BAf8EBAMCAQYwEwYDVR0lBAwwCgYIKwYBBQUHAwMwEgYDVR0TAQH/BAgwBgEB/wIBADAdBgNVHQ4EFgQU39Ppz1YkEZb5qNjpKFWixi4YZD8wHwYDVR0jBBgwFoAUWMAeX5FFpWapesyQoZMi0CrFxfowCgYIKoZIzj0EAwMDZwAwZAIwPCsQK4DYiZYDPIaDi5HFKnfxXx6ASSVmERfsynYBiX2X6SJRnZU84/9DZdnFvvxmAjBOt6QpBlc4J/0DxvkTCqpclvziL6BCCPnjdlIB3Pu3BxsPmygUY7Ii2zbdCdliiow="
          },
          {
            rawBytes: "MIIB9zCCAXygAwIBAgIUALZNAPFdxHPwjeDloDwyYChAO/4wCgYIKoZIzj0EAwMwKjEVMBMGA1UEChMMc2lnc3RvcmUuZGV2MREwDwYDVQQDEwhzaWdzdG9yZTAeFw0yMTEwMDcxMzU2NTlaFw0zMTEwMDUxMzU2NThaMCoxFTATBgNVBAoTDHNpZ3N0b3JlLmRldjERMA8GA1UEAxMIc2lnc3RvcmUwdjAQBgcqhkjOPQIBBgUrgQQAIgNiAAT7XeFT4rb3PQGwS4IajtLk3/OlnpgangaBclYpsYBr5i+4ynB07ceb3LP0OIOZdxexX69c5iVuyJRQ+Hz05yi+UF3uBWAlHpiS5sh0+H2GHE7SXrk1EC5m1Tr19L9gg92jYzBhMA4GA1UdDwEB/wQEAwIBBjAPBgNVHRMBAf8EBTADAQH/MB0GA1UdDgQWBBRYwB5fkUWlZql6zJChkyLQKsXF+jAfBgNVHSMEGDAWgBRYwB5fkUWlZql6zJChkyLQKsXF+jAKBggqhkjOPQQDAwNpADBmAjEAj1nHeXZp+13NWBNa+EDsDP8G1WWg1tCMWP/WHPqpaVo0jhsweNFZgSs0eE7wYI4qAjEA2WB9ot98sIkoF3vZYdd3/VtWB5b9TNMea7Ix/stJ5TfcLLeABLE4BNJOsQ4vnBHJ"
          }
        ]
      },
      validFor: {
        start: "2022-04-13T20:06:15Z"
      }
    }
  ],
  ctlogs: [
    {
      baseUrl: "https://ctfe.sigstore.dev/test",
      hashAlgorithm: "SHA2_256",
      publicKey: {
        rawBytes: "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEbfwR+RJudXscgRBRpKX1XFDy3PyudDxz/SfnRi1fT8ekpfBd2O1uoz7jr3Z8nKzxA69EUQ+eFCFI3zeubPWU7w==",
        keyDetails: "PKIX_ECDSA_P256_SHA_256",
        validFor: {
          start: "2021-03-14T00:00:00Z",
          end: "2022-10-31T23:59:59.999Z"
        }
      },
      logId: {
        keyId: "CGCS8ChS/2hF0dFrJ4ScRWcYrBY9wzjSbea8IgY2b3I="
      }
    },
    {
      baseUrl: "https://ctfe.sigstore.dev/2022",
      hashAlgorithm: "SHA2_256",
      publicKey: {
        rawBytes: "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEiPSlFi0CmFTfEjCUqF9HuCEcYXNKAaYalIJmBZ8yyezPjTqhxrKBpMnaocVtLJBI1eM3uXnQzQGAJdJ4gs9Fyw==",
        keyDetails: "PKIX_ECDSA_P256_SHA_256",
        validFor: {
          start: "2022-10-20T00:00:00Z"
        }
      },
      logId: {
        keyId: "3T0wasbHETJjGR4cmWc3AqJKXrjePK3/h4pygC8p7o4="
      }
    }
  ],
  timestampAuthorities: [
    {
      subject: {
        organization: "sigstore.dev",
        commonName: "sigstore-tsa-selfsigned"
      },
      uri: "https://timestamp.sigstore.dev/api/v1/timestamp",
      certChain: {
        certificates: [
          {
            rawBytes: "MIICEDCCAZagAwIBAgIUOhNULwyQYe68wUMvy4qOiyojiwwwCgYIKoZIzj0EAwMwOTEVMBMGA1UEChMMc2lnc3RvcmUuZGV2MSAwHgYDVQQDExdzaWdzdG9yZS10c2Etc2VsZnNpZ25lZDAeFw0yNTA0MDgwNjU5NDNaFw0zNTA0MDYwNjU5NDNaMC4xFTATBgNVBAoTDHNpZ3N0b3JlLmRldjEVMBMGA1UEAxMMc2lnc3RvcmUtdHNhMHYwEAYHKoZIzj0CAQYFK4EEACIDYgAE4ra2Z8hKNig2T9kFjCAToGG30jky+WQv3BzL+mKvh1SKNR/UwuwsfNCg4sryoYAd8E6isovVA3M4aoNdm9QDi50Z8nTEyvqgfDPtTIwXItfiW/AFf1V7uwkbkAoj0xxco2owaDAOBgNVHQ8BAf8EBAMCB4AwHQYDVR0OBBYEFIn9eUOHz9BlRsMCRscsc1t9tOsDMB8GA1UdIwQYMBaAFJjsAe9/u1H/1JUeb4qImFMHic6/MBYGA1UdJQEB/wQMMAoGCCsGAQUFBwMIMAoGCCqGSM49BAMDA2gAMGUCMDtpsV/6KaO0qyF/UMsX2aSUXKQFdoGTptQGc0ftq1csulHPGG6dsmyMNd3JB+G3EQIxAOajvBcjpJmKb4Nv+2Taoj8Uc5+b6ih6FXCCKraSqupe07zqswMcXJTe1cExvHvvlw=="
          },
          {
            rawBytes: "MIIB9zCCAXygAwIBAgIUV7f0GLDOoEzIh8LXSW80OJiUp14wCgYIKoZIzj0EAwMwOTEVMBMGA1UEChMMc2lnc3RvcmUuZGV2MSAwHgYDVQQDExdzaWdzdG9yZS10c2Etc2VsZnNpZ25lZDAeFw0yNTA0MDgwNjU5NDNaFw0zNTA0MDYwNjU5NDNaMDkxFTATBgNVBAoTDHNpZ3N0b3JlLmRldjEgMB4GA1UEAxMXc2lnc3RvcmUtdHNhLXNlbGZzaWduZWQwdjAQBgcqhkjOPQIBBgUrgQQAIgNiAAQUQNtfRT/ou3YATa6wB/kKTe70cfJwyRIBovMnt8RcJph/COE82uyS6FmppLLL1VBPGcPfpQPYJNXzWwi8icwhKQ6W/Qe2h3oebBb2FHpwNJDqo+TMaC/tdfkv/ElJB72jRTBDMA4GA1UdDwEB/wQEAwIBBjASBgNVHRMBAf8ECDAGAQH/AgEAMB0GA1UdDgQWBBSY7AHvf7tR/9SVHm+KiJhTB4nOvzAKBggqhkjOPQQDAwNpADBmAjEAwGEGrfGZR1cen1R8/DTVMI943LssZmJRtDp/i7SfGHmGRP6gRbuj9vOK3b67Z0QQAjEAuT2H673LQEaHTcyQSZrkp4mX7WwkmF+sVbkYY5mXN+RMH13KUEHHOqASaemYWK/E"
          }
        ]
      },
      validFor: {
        start: "2025-07-04T00:00:00Z"
      }
    }
  ]
};

// src/signature/trusted-root.ts
function publicGoodTrustRoot() {
  const root = import_protobuf_specs2.TrustedRoot.fromJSON(trusted_root_default);
  return { root, material: (0, import_verify2.toTrustMaterial)(root), name: "Sigstore public-good" };
}
function parseTrustRoot(text2, display) {
  let json;
  try {
    json = JSON.parse(text2);
  } catch {
    throw new ConfigurationError(`${display} is not JSON: expected a Sigstore trusted_root.json`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new ConfigurationError(`${display}: expected a Sigstore trusted_root.json object`);
  }
  let root;
  try {
    root = import_protobuf_specs2.TrustedRoot.fromJSON(json);
  } catch {
    throw new ConfigurationError(`${display}: not a Sigstore trusted_root.json (protobuf-specs TrustedRoot)`);
  }
  if (root.certificateAuthorities.length === 0 && root.tlogs.length === 0) {
    throw new ConfigurationError(
      `${display}: a trusted_root.json needs at least one of certificateAuthorities and tlogs, found neither`
    );
  }
  return root;
}

// src/signature/load-signature-policy.ts
var import_verify3 = __toESM(require_dist4(), 1);
async function loadSignaturePolicy(rules, request) {
  const keys = /* @__PURE__ */ new Map();
  const trust = await loadTrustRoot(rules.trustedRoot, request);
  const bases = [];
  for (const entry of rules.bases ?? []) {
    bases.push({ match: entry.match, signers: await loadSigners(entry.signers, request, keys), source: entry.source });
  }
  return {
    ...rules.image ? { image: { required: rules.image.required, signers: await loadSigners(rules.image.signers, request, keys) } } : {},
    bases,
    trust
  };
}
async function loadSigners(rules, request, keys = /* @__PURE__ */ new Map()) {
  const out = [];
  for (const rule of rules) out.push(await loadSigner(rule, request, keys));
  return out;
}
async function loadTrustRoot(root, request) {
  return root ? loadRoot(root, request) : publicGoodTrustRoot();
}
async function loadSigner(rule, request, keys) {
  if (rule.kind === "identity") {
    if (rule.subject !== void 0) return { kind: "identity", issuer: rule.issuer, subject: rule.subject };
    const compiled = compileSubjectRegExp(rule.subjectRegExp ?? "");
    if ("problem" in compiled) throw new ConfigurationError(`subjectRegExp: ${compiled.problem}`, rule.source);
    return {
      kind: "identity",
      issuer: rule.issuer,
      subjectRegExp: { text: rule.subjectRegExp ?? "", pattern: compiled.pattern }
    };
  }
  const known2 = keys.get(rule.file);
  if (known2) return known2;
  const { text: text2, display } = await readPolicyFile(
    rule.file,
    rule.written,
    rule.source,
    "the public key",
    MAX_KEY_BYTES,
    request
  );
  const parsed = parsePublicKey(text2);
  if ("problem" in parsed) {
    throw new ConfigurationError(`the public key ${display} is not usable: ${parsed.problem}`, rule.source);
  }
  const signer = { kind: "key", key: parsed.key, label: rule.written };
  keys.set(rule.file, signer);
  return signer;
}
async function loadRoot(root, request) {
  const { text: text2, display } = await readPolicyFile(
    root.file,
    root.written,
    root.source,
    "the trusted root",
    MAX_ROOT_BYTES,
    request
  );
  try {
    const parsed = parseTrustRoot(text2, display);
    return { root: parsed, material: (0, import_verify3.toTrustMaterial)(parsed), name: display };
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    throw new ConfigurationError(error.message, root.source);
  }
}

// src/pipeline/provenance-stage.ts
async function prepareProvenanceFiles(policy, request) {
  const keys = /* @__PURE__ */ new Map();
  const lists = [policy.defaults.provenance?.signers, ...policy.images.map((image) => image.rules.provenance?.signers)];
  const wanted = lists.filter((list) => list !== void 0);
  for (const list of wanted) await loadSigners(list, request, keys);
  if (wanted.length === 0) return { request, keys };
  return { request, keys, trust: await loadTrustRoot(policy.signatures?.trustedRoot, request) };
}
async function readProvenanceStage(acquired, rules, access, logger, files) {
  if (!rules || !asksAnything(rules)) return void 0;
  const verify = rules.signers && files.trust ? { signers: await loadSigners(rules.signers, files.request, files.keys), trust: files.trust } : void 0;
  if (acquired?.scanInput.kind === "oci-layout" && acquired.facts.digest) {
    const documents = await readOciLayoutProvenance(acquired.scanInput.path, acquired.facts.digest, {
      logger,
      ...verify ? { verify } : {}
    });
    if (documents) return { documents };
    return unread(
      "the image was read from a tar of an OCI layout, which imagegate does not search for attestations; give the layout directory (--oci-layout DIR) or the registry reference",
      logger
    );
  }
  if (acquired?.facts.source === "registry" && acquired.facts.reference) {
    const documents = await readImageProvenance(acquired.facts.reference, {
      logger,
      access: { environment: access.environment, insecureRegistries: access.insecureRegistries ?? [] },
      ...acquired.facts.digest ? { digest: acquired.facts.digest } : {},
      ...access.platform ? { platform: access.platform } : {},
      ...verify ? { verify } : {}
    });
    return { documents };
  }
  const pushed = acquired?.facts.source === "daemon" ? pushedAs(acquired.facts) : [];
  if (pushed.length > 0) {
    const documents = [];
    for (const reference of pushed) {
      try {
        documents.push(
          ...await readImageProvenance(reference, {
            logger,
            access: { environment: access.environment, insecureRegistries: access.insecureRegistries ?? [] },
            ...access.platform ? { platform: access.platform } : {},
            ...verify ? { verify } : {}
          })
        );
      } catch (error) {
        if (!(error instanceof ToolError) && !(error instanceof ConfigurationError)) throw error;
        return unread(`the image's registry copy ${reference} could not be read: ${describeError(error)}`, logger);
      }
    }
    return { documents };
  }
  const from = !acquired ? "the image facts came from a Trivy report" : acquired.facts.source === "daemon" ? "the image was read from the Docker daemon and has no registry digest for its repository (built here, never pushed or pulled)" : "the image was read from an archive";
  return unread(
    `${from}, which keeps no attestations; provenance can only be read by registry reference (--image REF --pull never, or after a push) or from an OCI layout directory (--oci-layout DIR)`,
    logger
  );
}
function pushedAs(facts) {
  if (!facts.reference) return [];
  let named;
  try {
    named = parseImageReference(facts.reference);
  } catch {
    return [];
  }
  const found = /* @__PURE__ */ new Set();
  for (const text2 of facts.repoDigests) {
    try {
      const candidate = parseImageReference(text2);
      if (candidate.registry === named.registry && candidate.repository === named.repository && candidate.digest) {
        found.add(`${candidate.registry}/${candidate.repository}@${candidate.digest}`);
      }
    } catch {
    }
  }
  return [...found].slice(0, MAX_REPO_DIGESTS);
}
var MAX_REPO_DIGESTS = 4;
function unread(reason, logger) {
  logger.warning(`provenance: not checked: ${reason}`);
  return { unread: reason };
}

// src/provenance/provenance-summary.ts
function provenanceSummary(stage) {
  return {
    ...stage.unread ? { unread: stage.unread } : {},
    documents: (stage.documents ?? []).map((document) => ({
      origin: document.origin,
      predicateType: document.predicateType,
      ...document.buildType ? { buildType: document.buildType } : {},
      builderId: document.builderId,
      ...document.source ? { source: document.source } : {},
      bases: baseMaterials(document.materials).map((base) => ({
        uri: base.uri,
        ...base.reference ? { image: base.reference.normalized } : {},
        ...base.digest ? { digest: base.digest } : {},
        pinned: base.digest !== void 0
      })),
      ...document.signature ? { signature: document.signature } : {}
    }))
  };
}

// src/checks/budgets.ts
function budgetUsage(image, rules) {
  const budgets = [];
  const add = (key, ruleId, unit, bound2, limit2, used, extra = {}) => {
    const known2 = used === void 0 ? null : used;
    const headroom = known2 === null ? null : bound2 === "max" ? limit2 - known2 : known2 - limit2;
    budgets.push({ key, ruleId, unit, bound: bound2, limit: limit2, used: known2, headroom, ...extra });
  };
  const { size, layers } = rules;
  if (size.max) add("size.max", "size/max", "bytes", "max", size.max.bytes, image.size);
  if (size.maxCompressed) {
    add("size.maxCompressed", "size/max-compressed", "bytes", "max", size.maxCompressed.bytes, image.compressedSize);
  }
  if (layers.max !== void 0) add("layers.max", "layers/max", "layers", "max", layers.max, image.layers.length);
  if (layers.maxLayerSize) {
    const limit2 = layers.maxLayerSize.bytes;
    let largest;
    image.layers.forEach((layer, index) => {
      if (largest === void 0 || layer.size > (image.layers[largest]?.size ?? 0)) largest = index;
    });
    const used = largest === void 0 ? void 0 : image.layers[largest]?.size;
    add("layers.maxLayerSize", "layers/max-layer-size", "bytes", "max", limit2, used, {
      ...largest === void 0 ? {} : { layer: largest },
      layersOver: image.layers.filter((layer) => layer.size > limit2).length
    });
  }
  const contents = image.contents;
  if (layers.maxWasted) {
    add("layers.maxWasted", "layers/max-wasted", "bytes", "max", layers.maxWasted.bytes, contents?.wastedBytes);
  }
  if (layers.minEfficiency !== void 0) {
    add("layers.minEfficiency", "layers/min-efficiency", "fraction", "min", layers.minEfficiency, contents?.efficiency);
  }
  return budgets;
}

// src/policy/deciding-policy.ts
import { existsSync as existsSync2, statSync } from "node:fs";

// src/policy/policy-diff-exploit.ts
function exploitPriorityChanges(push3, at3, before, after) {
  for (const key of ["failOnKev", "requireFeeds"]) {
    const was = Boolean(before[key]);
    const now = Boolean(after[key]);
    if (was !== now) push3(was && !now, at3(`vulnerabilities.${key}`), `${was} → ${now}`);
  }
  for (const key of ["minScore", "minPercentile"]) {
    const was = before.epss?.[key] ?? 0;
    const now = after.epss?.[key] ?? 0;
    if (was !== now)
      push3(now > was, at3(`vulnerabilities.epss.${key}`), `${bound(before.epss?.[key])} → ${bound(after.epss?.[key])}`);
  }
  const failWas = before.epss?.failAtScore ?? Number.POSITIVE_INFINITY;
  const failNow = after.epss?.failAtScore ?? Number.POSITIVE_INFINITY;
  if (failWas !== failNow) {
    push3(
      failNow > failWas,
      at3("vulnerabilities.epss.failAtScore"),
      `${bound(before.epss?.failAtScore)} → ${bound(after.epss?.failAtScore)}`
    );
  }
  for (const severity of SEVERITIES) {
    const was = before.gracePeriod?.[severity] ?? 0;
    const now = after.gracePeriod?.[severity] ?? 0;
    if (was !== now) {
      push3(
        now > was,
        at3(`vulnerabilities.gracePeriod.${severity}`),
        `${was > 0 ? formatGraceDuration(was) : "none"} → ${now > 0 ? formatGraceDuration(now) : "none"}`
      );
    }
  }
}
function bound(value) {
  return value === void 0 ? "none" : String(value);
}
function ageLimitChange(push3, key, before, after, unset = "none") {
  const was = before ?? Number.POSITIVE_INFINITY;
  const now = after ?? Number.POSITIVE_INFINITY;
  if (was === now) return;
  const text2 = (ms) => ms === void 0 ? unset : formatGraceDuration(ms);
  push3(now > was, key, `${text2(before)} → ${text2(after)}`);
}

// src/policy/policy-diff-hardening.ts
function hardeningChanges(changes, at3, base, head) {
  for (const key of ["setuid", "setgid"]) {
    specialBitChanges(changes, at3(`fs.${key}`), base.fs?.[key], head.fs?.[key]);
  }
  for (const key of ["worldWritable", "sudo", "sshd"]) {
    onOff(changes, at3(`fs.${key}`), base.fs?.[key], head.fs?.[key]);
  }
  for (const key of ["emptyPassword", "duplicateRoot", "duplicateId", "unknownUser"]) {
    onOff(changes, at3(`accounts.${key}`), base.accounts?.[key], head.accounts?.[key]);
  }
}
function push(changes, relaxed, key, message) {
  changes.push({ kind: relaxed ? "relaxation" : "tightening", key, message });
}
function onOff(changes, key, before, after) {
  const was = before !== false;
  const is = after !== false;
  if (was === is) return;
  push(changes, !is, key, is ? "turned on" : "turned off");
}
function specialBitChanges(changes, key, before, after) {
  if (before === false !== (after === false)) {
    push(changes, after === false, key, after === false ? "turned off" : "turned on");
    return;
  }
  if (before === false || after === false) return;
  const beforeDefaults = before?.allowDefaults !== false;
  const afterDefaults = after?.allowDefaults !== false;
  if (beforeDefaults !== afterDefaults) {
    push(changes, afterDefaults, `${key}.allowDefaults`, `${beforeDefaults} → ${afterDefaults}`);
  }
  const had = new Set(before?.allow ?? []);
  const has = new Set(after?.allow ?? []);
  const added = [...has].filter((glob) => !had.has(glob));
  const removed = [...had].filter((glob) => !has.has(glob));
  if (added.length > 0) push(changes, true, `${key}.allow`, `now also expects ${added.join(", ")}`);
  if (removed.length > 0) push(changes, false, `${key}.allow`, `no longer expects ${removed.join(", ")}`);
}

// src/policy/policy-diff-provenance.ts
function provenanceChanges(changes, at3, base, head) {
  const before = base.provenance ?? {};
  const after = head.provenance ?? {};
  flag(changes, at3("provenance.required"), before.required, after.required);
  flag(changes, at3("provenance.basesPinned"), before.basesPinned, after.basesPinned);
  listWidened(changes, at3("provenance.builderIds"), before.builderIds, after.builderIds, "builder ids");
  const sources = (list) => list?.sources?.map((entry) => entry.repository + (entry.refs ? ` (${entry.refs.join(", ")})` : ""));
  listWidened(changes, at3("provenance.sources"), sources(before), sources(after), "sources");
  const signers = (list) => list?.map(describeSignerRule);
  listWidened(changes, at3("provenance.signers"), signers(before.signers), signers(after.signers), "signers");
}

// src/policy/policy-diff-signatures.ts
function signaturesChanges(changes, base, head) {
  if (!base && !head) return;
  if (base && !head) {
    changes.push({ kind: "relaxation", key: "signatures", message: "signatures: removed: no signature is checked" });
    return;
  }
  if (!base && head) {
    changes.push({ kind: "tightening", key: "signatures", message: "signatures: added" });
    return;
  }
  const before = base;
  const after = head;
  if (before.image && !after.image) {
    changes.push({ kind: "relaxation", key: "signatures.image", message: "signatures.image: removed" });
  } else if (after.image) {
    if (before.image?.required && !after.image.required) {
      changes.push({
        kind: "relaxation",
        key: "signatures.image.required",
        message: "signatures.image.required: true → false"
      });
    } else if (!before.image?.required && after.image.required) {
      changes.push({
        kind: "tightening",
        key: "signatures.image.required",
        message: "signatures.image.required: → true"
      });
    }
    signerChanges(changes, "signatures.image.signers", before.image?.signers ?? [], after.image.signers);
  }
  const beforeBases = new Map((before.bases ?? []).map((entry) => [entry.match, entry.signers]));
  const afterBases = new Map((after.bases ?? []).map((entry) => [entry.match, entry.signers]));
  for (const [match, signers] of beforeBases) {
    const now = afterBases.get(match);
    const key = `signatures.bases[match=${match}]`;
    if (!now)
      changes.push({ kind: "relaxation", key, message: `${key}: removed: bases matching it need no signature` });
    else signerChanges(changes, `${key}.signers`, signers, now);
  }
  for (const match of afterBases.keys()) {
    const key = `signatures.bases[match=${match}]`;
    if (!beforeBases.has(match)) changes.push({ kind: "tightening", key, message: `${key}: added` });
  }
  const rootBefore = before.trustedRoot?.written ?? "(Sigstore public-good)";
  const rootAfter = after.trustedRoot?.written ?? "(Sigstore public-good)";
  if (rootBefore !== rootAfter) {
    changes.push({
      kind: "relaxation",
      key: "signatures.trustedRoot",
      message: `signatures.trustedRoot: ${rootBefore} → ${rootAfter}: other certificate authorities and logs are trusted`
    });
  }
}
function signerChanges(changes, key, before, after) {
  const names = (list) => new Set(list.map(describeSignerRule));
  const was = names(before);
  const is = names(after);
  for (const name of is) if (!was.has(name)) changes.push({ kind: "relaxation", key, message: `${key}: adds ${name}` });
  for (const name of was)
    if (!is.has(name)) changes.push({ kind: "tightening", key, message: `${key}: removes ${name}` });
}

// src/policy/policy-diff.ts
var FAIL_ON_ORDER = ["info", "low", "medium", "high", "critical", "never"];
function diffPolicies(base, head) {
  const changes = [];
  failOnChange(changes, "gate.failOn", base.gate.failOn, head.gate.failOn);
  const defaultsBefore = changes.length;
  imageRulesChanges(changes, "defaults", base.defaults, head.defaults, base.gate.failOn, head.gate.failOn);
  const reported = new Set(changes.slice(defaultsBefore).map((change) => keyless(change)));
  for (const match of overrideMatches(base, head)) {
    const scoped = [];
    imageRulesChanges(
      scoped,
      `images[match=${match}]`,
      effectiveFor(base, match),
      effectiveFor(head, match),
      base.gate.failOn,
      head.gate.failOn
    );
    appendAll(
      changes,
      scoped.filter((change) => !reported.has(keyless(change)))
    );
  }
  severityChanges(changes, base.severities, head.severities);
  allowChanges(changes, base, head);
  composeChanges(changes, base, head);
  signaturesChanges(changes, base.signatures, head.signatures);
  ageLimitChange(
    (relaxed, key, message) => push2(changes, relaxed, key, message),
    "scan.maxDbAge",
    base.scan?.maxDbAge?.ms,
    head.scan?.maxDbAge?.ms
  );
  return [...changes.filter(isRelaxation), ...changes.filter((change) => !isRelaxation(change))];
}
function isRelaxation(change) {
  return change.kind === "relaxation";
}
function keyless(change) {
  const dot = change.key.indexOf(".", change.key.startsWith("images[") ? change.key.indexOf("]") : 0);
  return `${change.kind} ${change.key.slice(dot + 1)} ${change.message}`;
}
function overrideMatches(base, head) {
  return [...new Set([...base.images, ...head.images].map((override) => override.match))];
}
function effectiveFor(policy, match) {
  const overrides = policy.images.filter((override) => override.match === match).map((override) => override.rules);
  return mergeImageRules(policy.defaults, ...overrides);
}
function imageRulesChanges(changes, scope, base, head, baseGate, headGate) {
  const at3 = (key) => `${scope}.${key}`;
  budget(changes, at3("size.max"), base.size.max, head.size.max);
  budget(changes, at3("size.maxCompressed"), base.size.maxCompressed, head.size.maxCompressed);
  limit(changes, at3("layers.max"), base.layers.max, head.layers.max);
  budget(changes, at3("layers.maxLayerSize"), base.layers.maxLayerSize, head.layers.maxLayerSize);
  budget(changes, at3("layers.maxWasted"), base.layers.maxWasted, head.layers.maxWasted);
  minimum(changes, at3("layers.minEfficiency"), base.layers.minEfficiency, head.layers.minEfficiency);
  listWidened(changes, at3("base.allow"), base.base.allow, head.base.allow, "allowed base images");
  flag(changes, at3("base.requireDigest"), base.base.requireDigest, head.base.requireDigest);
  listNarrowed(changes, at3("base.forbidTags"), base.base.forbidTags, head.base.forbidTags, "forbidden tags");
  flag(changes, at3("base.requireCurrent"), base.base.requireCurrent, head.base.requireCurrent);
  ageLimitChange(
    (relaxed, key, message) => push2(changes, relaxed, key, message),
    at3("base.maxAge"),
    base.base.maxAge,
    head.base.maxAge,
    "unset"
  );
  if ((base.base.scope ?? "final-stage") !== (head.base.scope ?? "final-stage")) {
    const relaxed = head.base.scope !== "all-stages";
    push2(
      changes,
      relaxed,
      at3("base.scope"),
      `checks ${head.base.scope ?? "final-stage"} instead of ${base.base.scope ?? "final-stage"}`
    );
  }
  flag(changes, at3("user.forbidRoot"), base.user.forbidRoot, head.user.forbidRoot);
  const vb = base.vulnerabilities;
  const vh = head.vulnerabilities;
  failOnChange(
    changes,
    at3("vulnerabilities.failOn"),
    vb.failOn ?? baseGate,
    vh.failOn ?? headGate,
    !vb.failOn && !vh.failOn
  );
  severityFloor(changes, at3("vulnerabilities.minSeverity"), vb.minSeverity, vh.minSeverity);
  if (Boolean(vb.ignoreUnfixed) !== Boolean(vh.ignoreUnfixed)) {
    push2(
      changes,
      Boolean(vh.ignoreUnfixed),
      at3("vulnerabilities.ignoreUnfixed"),
      `${Boolean(vb.ignoreUnfixed)} → ${Boolean(vh.ignoreUnfixed)}`
    );
  }
  listWidened(
    changes,
    at3("vulnerabilities.ignoreStatuses"),
    vb.ignoreStatuses ?? [],
    vh.ignoreStatuses ?? [],
    "ignored statuses"
  );
  listWidened(
    changes,
    at3("vulnerabilities.vex"),
    (vb.vex ?? []).map((entry) => entry.written),
    (vh.vex ?? []).map((entry) => entry.written),
    "VEX documents"
  );
  if ((vb.unknownSeverity ?? "low") !== (vh.unknownSeverity ?? "low")) {
    const before = vb.unknownSeverity ?? "low";
    const after = vh.unknownSeverity ?? "low";
    push2(
      changes,
      severityRank(after) < severityRank(before),
      at3("vulnerabilities.unknownSeverity"),
      `${before} → ${after}`
    );
  }
  if (Boolean(vb.vexFromImage) !== Boolean(vh.vexFromImage)) {
    push2(
      changes,
      Boolean(vh.vexFromImage),
      at3("vulnerabilities.vexFromImage"),
      `${Boolean(vb.vexFromImage)} → ${Boolean(vh.vexFromImage)}`
    );
  }
  exploitPriorityChanges((relaxed, key, message) => push2(changes, relaxed, key, message), at3, vb, vh);
  flag(changes, at3("secrets.forbid"), base.secrets.forbid ?? true, head.secrets.forbid ?? true);
  failOnChange(
    changes,
    at3("secrets.failOn"),
    base.secrets.failOn ?? baseGate,
    head.secrets.failOn ?? headGate,
    !base.secrets.failOn && !head.secrets.failOn
  );
  listNarrowed(changes, at3("licenses.forbid"), base.licenses.forbid, head.licenses.forbid, "forbidden licenses");
  failOnChange(
    changes,
    at3("licenses.failOn"),
    base.licenses.failOn ?? baseGate,
    head.licenses.failOn ?? headGate,
    !base.licenses.failOn && !head.licenses.failOn
  );
  const cachesBefore = base.hygiene.packageCaches || void 0;
  const cachesAfter = head.hygiene.packageCaches || void 0;
  if (cachesBefore && !cachesAfter) push2(changes, true, at3("hygiene.packageCaches"), "turned off");
  else if (!cachesBefore && cachesAfter) push2(changes, false, at3("hygiene.packageCaches"), "turned on");
  else if (cachesBefore && cachesAfter && cachesBefore.minBytes !== cachesAfter.minBytes) {
    push2(
      changes,
      cachesAfter.minBytes > cachesBefore.minBytes,
      at3("hygiene.packageCaches"),
      `${cachesBefore.text ?? `${cachesBefore.minBytes} bytes`} → ${cachesAfter.text ?? `${cachesAfter.minBytes} bytes`}`
    );
  }
  const toolsBefore = base.hygiene.toolchains || void 0;
  const toolsAfter = head.hygiene.toolchains || void 0;
  if (toolsBefore && !toolsAfter) push2(changes, true, at3("hygiene.toolchains"), "turned off");
  else if (!toolsBefore && toolsAfter) push2(changes, false, at3("hygiene.toolchains"), "turned on");
  else if (toolsBefore && toolsAfter) {
    listWidened(changes, at3("hygiene.toolchains.allow"), toolsBefore.allow, toolsAfter.allow, "allowed toolchains");
  }
  flag(changes, at3("hygiene.dockerignore"), base.hygiene.dockerignore, head.hygiene.dockerignore);
  hardeningChanges(changes, at3, base, head);
  provenanceChanges(changes, at3, base, head);
  const dockerfileBefore = base.dockerfile ?? {};
  const dockerfileAfter = head.dockerfile ?? {};
  for (const key of ["addInsteadOfCopy", "pipeToShell", "updateAlone", "noHealthcheck"]) {
    flag(changes, at3(`dockerfile.${key}`), dockerfileBefore[key], dockerfileAfter[key]);
  }
  const upgradeRank = (value) => value === true ? 2 : value === "dist-upgrade" ? 1 : 0;
  const upgradeBefore = upgradeRank(dockerfileBefore.upgrade);
  const upgradeAfter = upgradeRank(dockerfileAfter.upgrade);
  if (upgradeBefore !== upgradeAfter) {
    push2(
      changes,
      upgradeAfter < upgradeBefore,
      at3("dockerfile.upgrade"),
      `${String(dockerfileBefore.upgrade ?? false)} → ${String(dockerfileAfter.upgrade ?? false)}`
    );
  }
}
function severityChanges(changes, base, head) {
  const ids = [.../* @__PURE__ */ new Set([...Object.keys(base), ...Object.keys(head)])].sort();
  for (const id of ids) {
    const fallback = RULES.find((rule) => rule.id === id)?.defaultSeverity;
    const before = base[id] ?? fallback;
    const after = head[id] ?? fallback;
    if (before === after || before === void 0 || after === void 0) continue;
    const key = `rules.${id}`;
    if (after === "off") push2(changes, true, key, `turned off (was ${before})`);
    else if (before === "off") push2(changes, false, key, `turned on at ${after}`);
    else push2(changes, severityRank(after) < severityRank(before), key, `${before} → ${after}`);
  }
}
function allowChanges(changes, base, head) {
  for (const kind of ["vulnerabilities", "secrets", "licenses"]) {
    entryChanges(changes, `allow.${kind}`, base.allow[kind], head.allow[kind], scanEntryKey, scanEntryWidening);
  }
  entryChanges(
    changes,
    "allow.mounts",
    base.allow.mounts ?? [],
    head.allow.mounts ?? [],
    mountEntryKey,
    mountEntryWidening
  );
  entryChanges(
    changes,
    "allow.findings",
    base.allow.findings ?? [],
    head.allow.findings ?? [],
    findingEntryKey,
    findingEntryWidening
  );
}
function entryChanges(changes, key, base, head, identity, widening) {
  const before = /* @__PURE__ */ new Map();
  for (const entry of base) before.set(identity(entry), [...before.get(identity(entry)) ?? [], entry]);
  const matched = /* @__PURE__ */ new Set();
  for (const entry of head) {
    const candidates = before.get(identity(entry)) ?? [];
    if (candidates.length === 0) {
      push2(
        changes,
        true,
        key,
        `new exception ${describe2(entry)} until ${entry.expires}: ${JSON.stringify(entry.reason)}`
      );
      continue;
    }
    const scored = candidates.filter((candidate) => !matched.has(candidate)).map((candidate) => ({ candidate, wider: widening(candidate, entry) })).sort((a, b) => a.wider.length - b.wider.length);
    const best = scored[0];
    if (!best) {
      push2(changes, true, key, `another exception ${describe2(entry)} until ${entry.expires}`);
      continue;
    }
    matched.add(best.candidate);
    if (best.wider.length > 0)
      push2(changes, true, key, `exception ${describe2(entry)} extended: ${best.wider.join("; ")}`);
    else if (entry.expires < best.candidate.expires) {
      push2(
        changes,
        false,
        key,
        `exception ${describe2(entry)} expires earlier: ${best.candidate.expires} → ${entry.expires}`
      );
    }
  }
  for (const entry of base) {
    if (!matched.has(entry)) push2(changes, false, key, `exception ${describe2(entry)} removed`);
  }
}
function scanEntryKey(entry) {
  return `${entry.kind}\0${entry.id}`;
}
function mountEntryKey(entry) {
  return `${entry.service}\0${entry.target ?? ""}\0${entry.rule ?? ""}`;
}
function findingEntryKey(entry) {
  return `${entry.rule}\0${entry.subject}`;
}
function findingEntryWidening(before, after) {
  return [...expiryWidening(before, after), ...criterionWidening("images", before.images, after.images)];
}
function scanEntryWidening(before, after) {
  return [
    ...expiryWidening(before, after),
    ...criterionWidening("packages", before.packages, after.packages),
    ...criterionWidening("images", before.images, after.images),
    ...criterionWidening("paths", before.paths, after.paths),
    ...criterionWidening("purls", before.purls, after.purls)
  ];
}
function mountEntryWidening(before, after) {
  const source = criterionWidening(
    "source",
    before.mountSource === void 0 ? void 0 : [before.mountSource],
    after.mountSource === void 0 ? void 0 : [after.mountSource]
  );
  return [...expiryWidening(before, after), ...source];
}
function expiryWidening(before, after) {
  return after.expires > before.expires ? [`expires later: ${before.expires} → ${after.expires}`] : [];
}
function criterionWidening(name, before, after) {
  if (before === void 0) return [];
  if (after === void 0) return [`${name} no longer restricted (was ${before.join(", ")})`];
  const added = after.filter((pattern) => !before.includes(pattern));
  return added.length > 0 ? [`${name} adds ${added.join(", ")}`] : [];
}
function describe2(entry) {
  if (entry.kind === "findings") return `(${entry.rule} on ${entry.subject})`;
  if (entry.kind === "mounts") {
    const parts = [`service ${entry.service}`];
    if (entry.target) parts.push(`target ${entry.target}`);
    if (entry.rule) parts.push(entry.rule);
    return `(${parts.join(", ")})`;
  }
  return entry.id;
}
function composeChanges(changes, base, head) {
  const filesOf = (policy) => policy.compose.files.map((set) => set.patterns.join(" + "));
  const before = filesOf(base);
  const after = filesOf(head);
  const dropped = before.filter((files) => !after.includes(files));
  const added = after.filter((files) => !before.includes(files));
  if (dropped.length > 0) push2(changes, true, "compose.files", `no longer checks ${dropped.join(", ")}`);
  if (added.length > 0) push2(changes, false, "compose.files", `also checks ${added.join(", ")}`);
  const everyService = (profiles) => !profiles || profiles.includes("*");
  const profilesBefore = base.compose.profiles;
  const profilesAfter = head.compose.profiles;
  if (!everyService(profilesAfter) && (everyService(profilesBefore) || profilesBefore?.some((p) => !profilesAfter?.includes(p)))) {
    push2(changes, true, "compose.profiles", `checks only profiles ${profilesAfter?.join(", ") ?? ""}`);
  } else if (everyService(profilesAfter) && !everyService(profilesBefore)) {
    push2(changes, false, "compose.profiles", "checks every service");
  }
  flag(
    changes,
    "compose.requireReadOnlyRootfs",
    base.compose.requireReadOnlyRootfs,
    head.compose.requireReadOnlyRootfs
  );
  flag(
    changes,
    "compose.requireNoNewPrivileges",
    base.compose.requireNoNewPrivileges,
    head.compose.requireNoNewPrivileges
  );
  flag(changes, "compose.requireMemoryLimit", base.compose.requireMemoryLimit, head.compose.requireMemoryLimit);
  flag(changes, "compose.requirePidsLimit", base.compose.requirePidsLimit, head.compose.requirePidsLimit);
  flag(
    changes,
    "compose.forbidPrivilegedPorts",
    base.compose.forbidPrivilegedPorts,
    head.compose.forbidPrivilegedPorts
  );
}
function push2(changes, relaxed, key, message) {
  changes.push({ kind: relaxed ? "relaxation" : "tightening", key, message });
}
function failOnChange(changes, key, before, after, inherited2 = false) {
  if (before === after || inherited2) return;
  push2(changes, FAIL_ON_ORDER.indexOf(after) > FAIL_ON_ORDER.indexOf(before), key, `${before} → ${after}`);
}
function budget(changes, key, before, after) {
  const bytes = (size) => size?.bytes ?? Number.POSITIVE_INFINITY;
  if (bytes(before) === bytes(after)) return;
  push2(changes, bytes(after) > bytes(before), key, `${before?.text ?? "unlimited"} → ${after?.text ?? "unlimited"}`);
}
function limit(changes, key, before, after) {
  const value = (n) => n ?? Number.POSITIVE_INFINITY;
  if (value(before) === value(after)) return;
  push2(changes, value(after) > value(before), key, `${before ?? "unlimited"} → ${after ?? "unlimited"}`);
}
function minimum(changes, key, before, after) {
  const value = (n) => n ?? Number.NEGATIVE_INFINITY;
  if (value(before) === value(after)) return;
  push2(changes, value(after) < value(before), key, `${before ?? "none"} → ${after ?? "none"}`);
}
function severityFloor(changes, key, before, after) {
  const rank = (severity) => severity ? severityRank(severity) : 0;
  if (rank(before) === rank(after)) return;
  push2(changes, rank(after) > rank(before), key, `${before ?? "none"} → ${after ?? "none"}`);
}
function flag(changes, key, before, after) {
  if (Boolean(before) === Boolean(after)) return;
  push2(changes, !after, key, `${Boolean(before)} → ${Boolean(after)}`);
}
function listWidened(changes, key, before, after, what) {
  if (before === void 0 && after === void 0) return;
  if (after === void 0) {
    push2(changes, true, key, `no longer restricted (was ${before?.join(", ")})`);
    return;
  }
  if (before === void 0) {
    push2(changes, false, key, `restricted to ${after.join(", ")}`);
    return;
  }
  const added = after.filter((item) => !before.includes(item));
  const removed = before.filter((item) => !after.includes(item));
  if (added.length > 0) push2(changes, true, key, `${what} added: ${added.join(", ")}`);
  if (removed.length > 0) push2(changes, false, key, `${what} removed: ${removed.join(", ")}`);
}
function listNarrowed(changes, key, before, after, what) {
  const removed = (before ?? []).filter((item) => !(after ?? []).includes(item));
  const added = (after ?? []).filter((item) => !(before ?? []).includes(item));
  if (removed.length > 0) push2(changes, true, key, `${what} removed: ${removed.join(", ")}`);
  if (added.length > 0) push2(changes, false, key, `${what} added: ${added.join(", ")}`);
}

// src/policy/deciding-policy.ts
async function loadDecidingPolicy(request) {
  const { displayPath, paths } = request;
  const headFile = request.policyFile ?? request.discover.find(isFile);
  const loadHead = async () => headFile && isFile(headFile) ? loadPolicy(headFile, { displayPath, ...paths ? { paths } : {} }) : defaultPolicy();
  const headSource = () => headFile && isFile(headFile) ? { origin: "head", path: displayPath(headFile) } : { origin: "default" };
  if (!request.policyRef) return { policy: await loadHead(), source: headSource() };
  const git = await openGitPolicySource(request.workspace, request.policyRef, {
    logger: request.logger,
    ...request.refOption ? { optionName: request.refOption } : {}
  });
  const candidates = request.policyFile ? [request.policyFile] : request.discover;
  let baseFile;
  for (const candidate of candidates) {
    if (await git.has(candidate)) {
      baseFile = candidate;
      break;
    }
  }
  if (!baseFile) {
    const named = request.policyFile ? displayPath(request.policyFile) : request.discover.map(displayPath).join(", ");
    const note = `no policy file (${named}) at ${request.policyRef}: the pull request's own policy decides`;
    request.logger.warning(note);
    return {
      policy: await loadHead(),
      source: { ...headSource(), ref: request.policyRef, commit: git.commit, note }
    };
  }
  const loaded = await loadPolicy(baseFile, { displayPath: git.display, source: git });
  const head = await loadHead();
  const policy = atRepositoryPaths(loaded, `${request.policyRef}:`);
  return {
    policy,
    source: { origin: "base", ref: request.policyRef, commit: git.commit, path: git.relative(baseFile) ?? baseFile },
    head,
    changes: diffPolicies(policy, head),
    baseFiles: git
  };
}
function atRepositoryPaths(policy, prefix) {
  const strip = (item) => item.source.path.startsWith(prefix) ? { ...item, source: { ...item.source, path: item.source.path.slice(prefix.length) } } : item;
  return {
    ...policy,
    images: policy.images.map(strip),
    allow: {
      vulnerabilities: policy.allow.vulnerabilities.map(strip),
      secrets: policy.allow.secrets.map(strip),
      licenses: policy.allow.licenses.map(strip),
      mounts: (policy.allow.mounts ?? []).map(strip),
      ...policy.allow.findings ? { findings: policy.allow.findings.map(strip) } : {}
    },
    compose: { ...policy.compose, files: policy.compose.files.map(strip) }
  };
}
function isFile(file) {
  return existsSync2(file) && statSync(file).isFile();
}

// src/report/write-reports.ts
import { mkdir as mkdir4 } from "node:fs/promises";
import path17 from "node:path";

// src/report/sarif-platforms.ts
function platformSlug(platform) {
  return platform.replace(/[^A-Za-z0-9._-]+/g, "-");
}
function platformCategory(category, platform) {
  return `${category}/platform-${platformSlug(platform)}`;
}
function toPlatformsSarif(platforms, options) {
  const runs = platforms.flatMap(
    ({ platform, result }) => toSarif(result, { ...options, category: platformCategory(options.category, platform) }).runs.map((run) => ({
      ...run,
      properties: { ...run.properties, platform }
    }))
  );
  return { $schema: SARIF_SCHEMA_URI, version: "2.1.0", runs };
}

// src/report/write-reports.ts
async function writeReports(result, outDir, options) {
  const { markdown, redactor, sbom, platforms, ...sarifOptions } = options;
  const dir = path17.resolve(outDir);
  const paths = {
    json: path17.join(dir, RESULT_FILE_NAME),
    sarif: path17.join(dir, SARIF_FILE_NAME),
    summary: path17.join(dir, SUMMARY_FILE_NAME),
    ...sbom?.includes("cyclonedx") ? { cyclonedx: path17.join(dir, CYCLONEDX_FILE_NAME) } : {},
    ...sbom?.includes("spdx") ? { spdx: path17.join(dir, SPDX_FILE_NAME) } : {}
  };
  const files = new AtomicFileSet({ what: "the reports", place: dir, placeKind: "directory" }, redactor);
  await files.run(async (set) => {
    await set.onDisk(() => mkdir4(dir, { recursive: true }));
    await set.stage(
      paths.json,
      (file) => writeJson(file, toResultDocument(result, { toolVersion: options.toolVersion }))
    );
    await set.stage(
      paths.sarif,
      (file) => writeJson(file, platforms ? toPlatformsSarif(platforms, sarifOptions) : toSarif(result, sarifOptions))
    );
    const summary = toMarkdownSummary(result, {
      ...markdown,
      sarifCategory: sarifOptions.category,
      ...sarifOptions.limits ? { sarifLimits: sarifOptions.limits } : {}
    });
    await set.stage(paths.summary, async (file) => {
      await file.writeFile(summary, "utf8");
    });
    if (paths.cyclonedx || paths.spdx) {
      const { sbomInventory } = await import("./sbom-inventory-DE4UDJ7S.js");
      const { toCycloneDx } = await import("./cyclonedx-NXEBZ3AC.js");
      const { toSpdx } = await import("./spdx-ACI2XZVB.js");
      const inventory = sbomInventory(result);
      const tool = { toolVersion: options.toolVersion, timestamp: result.finishedAt };
      const { cyclonedx, spdx } = paths;
      if (cyclonedx) await set.stage(cyclonedx, (file) => file.writeFile(toCycloneDx(inventory, tool), "utf8"));
      if (spdx) await set.stage(spdx, (file) => writeJson(file, toSpdx(inventory, tool)));
    }
  });
  return paths;
}

// src/image/source/registry/trivy-access.ts
function trivyRegistryAccess(reference, environment, insecureRegistries = []) {
  const registry = parseImageReference(reference).registry;
  const username = environment[USERNAME_VARIABLE];
  const password = environment[PASSWORD_VARIABLE];
  const insecure = registryEndpoint(registry, insecureRegistries).insecure && !isLoopback(registry);
  return {
    ...username && password ? { credentials: { username, password } } : {},
    ...insecure ? { insecure } : {}
  };
}

// src/offline/use-bundle.ts
import { utimes } from "node:fs/promises";
import path19 from "node:path";

// src/offline/stage-bundle.ts
import { createHash as createHash4 } from "node:crypto";
import { lstat, mkdir as mkdir5, mkdtemp as mkdtemp3, open as open6, readdir as readdir3, rm as rm4 } from "node:fs/promises";
import path18 from "node:path";
var CHUNK = 1024 * 1024;
var PREFIX = "offline-bundle-";
var STALE_MS = 24 * 36e5;
async function makePrivateDir(parent, now = /* @__PURE__ */ new Date()) {
  await mkdir5(parent, { recursive: true });
  for (const name of await readdir3(parent)) {
    if (!name.startsWith(PREFIX)) continue;
    const info = await lstat(path18.join(parent, name)).catch(() => void 0);
    if (info?.isDirectory() && now.getTime() - info.mtimeMs > STALE_MS) {
      await rm4(path18.join(parent, name), { recursive: true, force: true });
    }
  }
  return mkdtemp3(path18.join(parent, PREFIX));
}
async function copyVerified(root, entry, target, fail, mode = 384) {
  const parts = entry.path.split("/");
  let at3 = root;
  for (const [index, part] of parts.slice(0, -1).entries()) {
    at3 = path18.join(at3, part);
    const info = await lstat(at3).catch(() => void 0);
    if (!info) fail(`${entry.path} is missing from the bundle`);
    if (info.isSymbolicLink()) fail(`${parts.slice(0, index + 1).join("/")} is a symlink; a bundle holds none`);
    if (!info.isDirectory()) fail(`${parts.slice(0, index + 1).join("/")} is not a directory`);
  }
  const source = await open6(path18.join(at3, parts.at(-1)), NO_FOLLOW_READ).catch(
    (error) => fail(
      error.code === "ELOOP" ? `${entry.path} is a symlink; a bundle holds none` : error.code === "ENOENT" ? `${entry.path} is missing from the bundle` : `${entry.path} cannot be read: ${error.code ?? error.message}`
    )
  );
  try {
    const info = await source.stat();
    if (!info.isFile()) fail(`${entry.path} is not a regular file`);
    if (info.size !== entry.bytes) fail(`${entry.path} is ${info.size} bytes, the manifest says ${entry.bytes}`);
    const file = path18.join(target, ...parts);
    await mkdir5(path18.dirname(file), { recursive: true, mode: 448 });
    const hash = createHash4("sha256");
    let copied = 0;
    const sink = await open6(file, "wx", mode);
    try {
      const buffer = Buffer.alloc(CHUNK);
      for (; ; ) {
        const { bytesRead } = await source.read(buffer, 0, buffer.length, null);
        if (bytesRead === 0) break;
        copied += bytesRead;
        if (copied > entry.bytes) fail(`${entry.path} is more than ${entry.bytes} bytes, the manifest's size`);
        const chunk = buffer.subarray(0, bytesRead);
        hash.update(chunk);
        await sink.write(chunk);
      }
    } finally {
      await sink.close();
    }
    if (copied !== entry.bytes) fail(`${entry.path} is ${copied} bytes, the manifest says ${entry.bytes}`);
    const actual = hash.digest("hex");
    if (actual !== entry.sha256) fail(`${entry.path} has SHA-256 ${actual}, the manifest says ${entry.sha256}`);
  } finally {
    await source.close();
  }
}
async function removePrivateDir(dir) {
  await rm4(dir, { recursive: true, force: true });
}

// src/offline/use-bundle.ts
async function useOfflineBundle(dir, cacheDir, logger) {
  const { manifest, failAt } = await readBundleManifest(dir);
  const expectedDir = `trivy/${manifest.trivy.version}/${process.platform}-${process.arch}`;
  if (manifest.trivy.dir !== expectedDir) {
    throw new ConfigurationError(
      `--offline-bundle ${dir}: its Trivy is for ${manifest.trivy.platform}-${manifest.trivy.arch}, this machine is ${process.platform}-${process.arch}; make the bundle on (or for) the platform that runs the check`,
      { path: path19.join(dir, BUNDLE_MANIFEST) }
    );
  }
  const databases = Object.values(TRIVY_DATABASES).map((layout) => layout.dir);
  const binary = `${manifest.trivy.dir}/trivy`;
  const wanted = (file) => {
    const top = file.split("/")[0] ?? "";
    return file.startsWith(`${manifest.trivy.dir}/`) || databases.includes(top) || top === FEEDS_DIR;
  };
  const privateDir = await makePrivateDir(cacheDir);
  try {
    for (const [index, file] of manifest.files.entries()) {
      if (!wanted(file.path)) continue;
      await copyVerified(
        dir,
        file,
        privateDir,
        (message) => failAt(index, message),
        file.path === binary ? 448 : 384
      );
    }
  } catch (error) {
    await removePrivateDir(privateDir);
    throw error;
  }
  logger.info(
    `offline bundle ${dir}: copied and verified ${manifest.files.filter((f) => wanted(f.path)).length} files into ${privateDir}; Trivy ${manifest.trivy.version}, DB of ${manifest.db.updatedAt ?? "unknown date"}, feeds: ${manifest.feeds.map((f) => `${f.feed} of ${f.downloadedAt}`).join(", ") || "none"}`
  );
  return {
    installDir: path19.join(privateDir, "trivy"),
    version: manifest.trivy.version,
    cacheDir: privateDir,
    cleanup: () => removePrivateDir(privateDir),
    touch: async () => {
      const now = /* @__PURE__ */ new Date();
      await utimes(privateDir, now, now);
    }
  };
}

// src/pipeline/image-scan.ts
async function scanImage(request) {
  const { config, scan, acquired, logger } = request;
  const ownBundle = !request.handedBundle && config.offlineBundle ? await useOfflineBundle(
    config.offlineBundle,
    (scan.kind === "trivy" ? scan.cacheDir : void 0) ?? request.environment.defaultCacheDir,
    logger
  ) : void 0;
  if (ownBundle) request.cleanups.push(ownBundle.cleanup);
  const trivyBundle = request.handedBundle ?? ownBundle;
  const report = await runScanStage(
    {
      scan,
      image: acquired?.scanInput ?? { kind: "trivy-report" },
      ...config.platform ? { platform: config.platform } : {},
      ...acquired?.scanInput.kind === "registry" ? {
        registry: trivyRegistryAccess(acquired.scanInput.reference, config.environment, config.insecureRegistries)
      } : {},
      outDir: config.outDir,
      displayPath: request.displayPath,
      ...config.sbom?.length ? { listAllPackages: true } : {},
      ...acquired ? { cacheIdentity: { imageId: acquired.facts.id, diffIds: acquired.facts.layers.map((l) => l.diffId) } } : {},
      ...config.noScanCache ? { noScanCache: true } : {},
      ...config.offline ? { offline: true } : {},
      ...trivyBundle ? { trivyBundle } : {},
      redact: (file) => redactToolOutput(file, request.redactor)
    },
    request.environment,
    { logger }
  );
  return { report, trivyBundle };
}

// src/pipeline/feeds-stage.ts
async function runFeedsStage(request) {
  const { rules, feeds = {} } = request;
  if (!request.scanned) return void 0;
  const wanted = usesFeeds(rules) || request.alsoFor !== void 0 && usesFeeds(request.alsoFor) || feeds.kevFile !== void 0 || feeds.epssFile !== void 0;
  if (!wanted) return void 0;
  const downloads = feeds.kevFile === void 0 || feeds.epssFile === void 0;
  const cached = downloads ? await request.cache?.restore(request.cacheDir, request.now) : void 0;
  let facts;
  try {
    facts = await loadFeeds({
      kev: { ...feeds.kevFile ? { file: feeds.kevFile } : {}, ...feeds.kevUrls ? { urls: feeds.kevUrls } : {} },
      epss: {
        ...feeds.epssFile ? { file: feeds.epssFile } : {},
        ...feeds.epssUrls ? { urls: feeds.epssUrls } : {}
      },
      cacheDir: request.cacheDir,
      now: request.now,
      logger: request.logger,
      require: rules.requireFeeds === true,
      ...request.offline ? { offline: true } : {}
    });
  } finally {
    await cached?.save();
  }
  for (const record of facts.records) {
    const version = record.version ? ` ${record.version}` : "";
    request.logger.info(
      `${record.feed === "kev" ? "CISA KEV" : "EPSS"}${version}: ${record.entries} entries from ${record.source} (${record.origin}), sha256 ${record.sha256}`
    );
  }
  return facts;
}
function usesFeeds(rules) {
  return rules.failOnKev === true || rules.epss !== void 0 || rules.requireFeeds === true || rules.gracePeriod !== void 0;
}

// src/pipeline/base-freshness-stage.ts
var import_semver = __toESM(require_semver(), 1);

// src/image/source/registry/base-credentials.ts
function baseRegistryEnvironment(base, imageReference, environment) {
  const imageRegistry = imageReference ? parseImageReference(imageReference).registry : void 0;
  if (imageRegistry === base.registry) return environment;
  const { [USERNAME_VARIABLE]: _user, [PASSWORD_VARIABLE]: _password, ...rest } = environment;
  return rest;
}
function baseTrivyAccess(base, imageReference, environment, insecureRegistries = []) {
  const ownRegistry = imageReference !== void 0 && parseImageReference(imageReference).registry === base.registry;
  const access = trivyRegistryAccess(
    base.normalized,
    baseRegistryEnvironment(base, imageReference, environment),
    insecureRegistries
  );
  return ownRegistry ? access : { ...access, dropInheritedCredentials: true };
}

// src/pipeline/base-freshness-stage.ts
var MAX_NEWER_TAGS = 10;
var FRESHNESS_RETRY = { attempts: 2 };
async function runBaseFreshnessStage(input) {
  const { rules } = input;
  const result = { bases: [], warnings: [] };
  if (!rules.requireCurrent && rules.maxAge === void 0) return result;
  if (input.offline) {
    const warning = "base freshness: offline run: the bases’ registries are not asked and no newer base is scanned";
    input.logger.warning(warning);
    result.warnings.push(warning);
    return result;
  }
  const seen = /* @__PURE__ */ new Set();
  for (const target of targets(input, result.warnings)) {
    const key = `${target.reference.normalized}@${target.location.kind === "source" ? target.location.line : ""}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (target.reference.digest && !target.reference.tag) {
      input.logger.info(`base freshness: ${target.reference.normalized} is pinned by digest only: no tag to follow`);
      continue;
    }
    try {
      const base = await inspect2(target, input, result.warnings);
      if (base) result.bases.push(base);
    } catch (error) {
      if (!(error instanceof ToolError) && !(error instanceof ConfigurationError)) throw error;
      const warning = `base freshness of ${target.reference.normalized}: its registry could not be asked: ${describeError(error)}`;
      input.logger.warning(warning);
      result.warnings.push(warning);
    }
  }
  return result;
}
function targets(input, warnings) {
  const { dockerfile, stage, rules } = input;
  if (dockerfile && stage) {
    const froms = rules.scope === "all-stages" ? dockerfile.stages.filter((s) => s.from.stageRef === void 0).map((s) => s.from) : [externalBase(dockerfile, stage)];
    const found = [];
    for (const from of froms) {
      if (from.isScratch || from.stageRef !== void 0 || from.unresolved.length > 0) continue;
      try {
        const reference2 = parseImageReference(from.image);
        found.push({
          reference: reference2,
          location: { kind: "source", path: dockerfile.path, line: from.line, column: from.column }
        });
      } catch (error) {
        if (!(error instanceof ConfigurationError)) throw error;
      }
    }
    return found;
  }
  const labels = input.image.config.labels;
  const name = Object.hasOwn(labels, BASE_NAME_LABEL) ? labels[BASE_NAME_LABEL] : void 0;
  if (!name) return [];
  let reference;
  try {
    reference = parseImageReference(name);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    return [];
  }
  if (!(rules.allow ?? []).some((pattern) => matchImagePattern(pattern, reference))) {
    const warning = `base freshness of ${reference.normalized}: the base is named only by the image's ${BASE_NAME_LABEL} label, and its registry is asked only when base.allow lists it (or give the Dockerfile with --dockerfile)`;
    input.logger.warning(warning);
    warnings.push(warning);
    return [];
  }
  const digest = Object.hasOwn(labels, BASE_DIGEST_LABEL) ? labels[BASE_DIGEST_LABEL] : void 0;
  return [
    {
      reference,
      location: input.imageLocation,
      ...digest && DIGEST.test(digest) ? { labelDigest: digest } : {}
    }
  ];
}
function builtOnDigest(target, input) {
  const { reference } = target;
  if (reference.digest) return { digest: reference.digest, source: "pinned" };
  const sameRepository2 = (other) => other !== void 0 && other.registry === reference.registry && other.repository === reference.repository;
  const materials = (input.provenance ?? []).flatMap((document) => baseMaterials(document.materials));
  const material = materials.find(
    (m) => m.digest && sameRepository2(m.reference) && (m.reference?.tag ?? "latest") === (reference.tag ?? "latest")
  );
  if (material?.digest) return { digest: material.digest, source: "provenance" };
  if (target.labelDigest) return { digest: target.labelDigest, source: "label" };
  const labels = input.image.config.labels;
  const name = Object.hasOwn(labels, BASE_NAME_LABEL) ? labels[BASE_NAME_LABEL] : void 0;
  const digest = Object.hasOwn(labels, BASE_DIGEST_LABEL) ? labels[BASE_DIGEST_LABEL] : void 0;
  if (!name || !digest || !DIGEST.test(digest)) return void 0;
  try {
    const labelled = parseImageReference(name);
    if (sameRepository2(labelled) && (labelled.tag ?? "latest") === (reference.tag ?? "latest")) {
      return { digest, source: "label" };
    }
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
  }
  return void 0;
}
async function inspect2(target, input, warnings) {
  const { reference } = target;
  const { logger, rules } = input;
  const tag = reference.tag ?? "latest";
  const tagged = `${reference.name}:${tag}`;
  const builtOn = builtOnDigest(target, input);
  if (!builtOn) {
    const warning = `base freshness of ${tagged}: base digest unknown (no @sha256: pin in the FROM, no provenance material and no ${BASE_DIGEST_LABEL} label names it), so whether the tag moved and how old the base is cannot be told`;
    logger.warning(warning);
    warnings.push(warning);
    return void 0;
  }
  const client = await RegistryClient.open(reference.registry, {
    environment: baseRegistryEnvironment(reference, input.imageRegistryReference, input.access.environment),
    insecureRegistries: input.access.insecureRegistries ?? [],
    retry: FRESHNESS_RETRY,
    logger
  });
  try {
    const platform = platformText(input.image.platform);
    const resolve = (text2) => resolveRegistryImage(text2, {
      client,
      logger,
      platform,
      access: { environment: {}, insecureRegistries: input.access.insecureRegistries ?? [] }
    });
    const head = await client.headManifest(reference.repository, tag);
    let current = { digest: head.digest, manifest: head.digest };
    let moved = head.digest !== builtOn.digest;
    let platformManifest;
    if (moved) {
      const now = await resolve(tagged).catch((error) => {
        if (error instanceof ConfigurationError) return void 0;
        throw error;
      });
      if (now) {
        current = { digest: now.digest, manifest: now.manifest.digest };
        platformManifest = now.manifest.digest;
        moved = builtOn.digest !== now.digest && builtOn.digest !== now.manifest.digest;
      }
    }
    const newerTags = await newerVersions(client, reference.repository, tag);
    let built;
    const { scanNewer, imageScan } = input;
    const wantScan = moved && rules.requireCurrent === true && scanNewer !== void 0 && imageScan !== void 0;
    if (rules.maxAge !== void 0 || wantScan) {
      try {
        built = await resolve(`${reference.name}@${builtOn.digest}`);
      } catch (error) {
        if (!(error instanceof ConfigurationError)) throw error;
        const warning = `base freshness of ${tagged}: the base the image was built on (${builtOn.digest}) could not be read: ${describeError(error)}`;
        logger.warning(warning);
        warnings.push(warning);
      }
    }
    const base = {
      reference: reference.normalized,
      repository: reference.name,
      tag,
      location: target.location,
      builtOn,
      current,
      moved,
      ...built?.config.created ? { created: built.config.created } : {},
      newerTags
    };
    if (wantScan && built && !platformManifest) {
      const warning = `base freshness of ${tagged}: the tag could not be resolved for ${platform}, so the newer base was not scanned`;
      logger.warning(warning);
      warnings.push(warning);
    }
    if (wantScan && built && platformManifest) {
      const newer = `${reference.name}@${platformManifest}`;
      try {
        const report = await scanNewer(newer);
        if (report) base.fixes = countFixedByNewerBase(imageScan, built.config.diffIds, report);
      } catch (error) {
        if (!(error instanceof ToolError) && !(error instanceof ConfigurationError)) throw error;
        const warning = `base freshness of ${tagged}: the newer base ${newer} could not be scanned: ${describeError(error)}`;
        logger.warning(warning);
        warnings.push(warning);
      }
    }
    logger.info(
      `base ${tagged}: built on ${builtOn.digest}; the tag is at ${current.digest}` + (moved ? " (moved)" : " (current)") + (newerTags.length > 0 ? `; newer tags: ${newerTags.join(", ")}` : "")
    );
    return base;
  } finally {
    client.close();
  }
}
async function newerVersions(client, repository, tag) {
  const version = tagVersion(tag);
  if (!version || version.prerelease.length > 0) return [];
  const [rule] = parseTagRules([`semver:>${version.version} <${version.major + 1}.0.0-0`], "base freshness");
  let tags;
  try {
    tags = await client.listTags(repository);
  } catch (error) {
    if (!(error instanceof ToolError) && !(error instanceof ConfigurationError)) throw error;
    return [];
  }
  const selected = selectTags(tags, rule ? [rule] : []).tags;
  return selected.map((candidate) => ({ candidate, parsed: tagVersion(candidate) })).filter((entry) => entry.parsed !== void 0).sort((a, b) => import_semver.default.compare(a.parsed, b.parsed) || a.candidate.localeCompare(b.candidate)).map((entry) => entry.candidate).slice(-MAX_NEWER_TAGS);
}

// src/pipeline/newer-base-scan.ts
import path20 from "node:path";
async function scanNewerBase(reference, run) {
  const { config } = run;
  const parsed = parseImageReference(reference);
  const report = await runScanStage(
    {
      scan: { ...run.scan, scanners: ["vuln"] },
      image: { kind: "registry", reference },
      registry: baseTrivyAccess(parsed, run.imageRegistryReference, config.environment, config.insecureRegistries),
      outDir: newerBaseScanDir(config.outDir, parsed),
      displayPath: run.displayPath,
      ...run.trivyBundle ? { trivyBundle: run.trivyBundle } : {}
    },
    run.environment,
    { logger: run.logger }
  );
  return report?.scan;
}
function newerBaseScanDir(outDir, base) {
  return path20.join(
    outDir,
    "base-scan",
    base.registry.replace(/[^A-Za-z0-9.-]/g, "_"),
    base.repository.replace(/[^A-Za-z0-9._-]+/g, "-")
  );
}

// src/pipeline/multi-platform.ts
import path21 from "node:path";

// src/report/platform-scan-merge.ts
function mergePlatformScans(perPlatform) {
  const scanned = perPlatform.filter(
    (entry) => entry.scan !== void 0
  );
  const first = scanned[0];
  if (!first) return void 0;
  const union = (pick, key) => labelledUnion(
    scanned.map(({ platform, scan }) => ({ platform, items: pick(scan) ?? [] })),
    key
  );
  const allListed = scanned.every(({ scan }) => scan.packages !== void 0);
  const { packages: _firstPackages, ...base } = first.scan;
  return {
    ...base,
    vulnerabilities: union((scan) => scan.vulnerabilities, vulnerabilityKey),
    secrets: union(
      (scan) => scan.secrets,
      (s) => [s.ruleId, s.target, s.startLine, s.match, s.title]
    ),
    licenses: union(
      (scan) => scan.licenses,
      (l) => [l.name, l.pkgName, l.filePath, l.target]
    ),
    ...allListed ? { packages: union((scan) => scan.packages, packageKey) } : {}
  };
}
function vulnerabilityKey(v) {
  return [v.id, v.pkgName, v.pkgId, v.pkgPath, v.purl, v.installedVersion, v.target, v.pkgType];
}
function packageKey(p) {
  return [p.name, p.version, p.pkgId, p.pkgPath, p.purl, p.target, p.pkgType];
}
function labelledUnion(perPlatform, key) {
  const merged = /* @__PURE__ */ new Map();
  for (const { platform, items } of perPlatform) {
    for (const item of items) {
      const id = JSON.stringify(key(item));
      const known2 = merged.get(id);
      if (!known2) merged.set(id, { ...item, platforms: [platform] });
      else if (!known2.platforms.includes(platform)) known2.platforms.push(platform);
    }
  }
  return [...merged.values()];
}

// src/report/platform-merge.ts
function mergePlatformResults(gated) {
  const first = gated[0];
  if (!first) throw new Error("mergePlatformResults: no platform was gated");
  const findings = mergePlatformFindings(
    gated.map(({ platform, result }) => ({ platform, findings: result.findings }))
  );
  const warnings = [
    ...new Set(gated.flatMap(({ platform, result }) => (result.warnings ?? []).map((w) => `${platform}: ${w}`)))
  ];
  const { warnings: _firstWarnings, scan: _firstScan, headPolicy: _firstHead, ...base } = first.result;
  const scan = mergePlatformScans(gated.map(({ platform, result }) => ({ platform, scan: result.scan })));
  const headPolicy = worstHeadPolicy(gated.map(({ result }) => result.headPolicy));
  return {
    ...base,
    ...scan ? { scan } : {},
    ...headPolicy ? { headPolicy } : {},
    startedAt: first.result.startedAt,
    finishedAt: gated.at(-1)?.result.finishedAt ?? first.result.finishedAt,
    verdict: worstVerdict(gated.map(({ result }) => result.verdict)),
    findings,
    counts: countBySeverity(findings),
    suppressedCount: findings.filter((finding2) => finding2.suppressedBy).length,
    ...warnings.length > 0 ? { warnings } : {},
    platforms: gated.map(platformRun)
  };
}
function worstVerdict(verdicts) {
  return verdicts.includes("fail") ? "fail" : "pass";
}
function worstHeadPolicy(perPlatform) {
  const evaluated = perPlatform.filter((head) => head !== void 0);
  return evaluated.find((head) => head.verdict === "fail") ?? evaluated[0];
}
function mergePlatformFindings(perPlatform) {
  const merged = /* @__PURE__ */ new Map();
  for (const { platform, findings } of perPlatform) {
    for (const finding2 of findings) {
      const key = sameProblemKey(finding2);
      const known2 = merged.get(key);
      if (known2) {
        if (!known2.platforms.includes(platform)) known2.platforms.push(platform);
      } else {
        merged.set(key, { ...finding2, platforms: [platform] });
      }
    }
  }
  return [...merged.values()].sort(bySeverity);
}
function sameProblemKey(finding2) {
  return JSON.stringify([
    finding2.ruleId,
    finding2.severity,
    finding2.fingerprint,
    finding2.location,
    finding2.message,
    finding2.suppressedBy?.by ?? null,
    finding2.suppressedBy?.reason ?? null,
    finding2.gate?.decision ?? null
  ]);
}
function platformRun({ platform, result, reportDir }) {
  const active = result.findings.filter((finding2) => !finding2.suppressedBy);
  const image = result.image;
  return {
    platform,
    imageId: image.id,
    ...image.digest ? { digest: image.digest } : {},
    size: image.size,
    ...image.compressedSize !== void 0 ? { compressedSize: image.compressedSize } : {},
    layers: image.layers.length,
    counts: countBySeverity(active),
    vulnerabilities: countBySeverity(active.filter(isVulnerabilityFinding)),
    verdict: result.verdict,
    reportDir
  };
}

// src/pipeline/platform-request.ts
var ALL_PLATFORMS = "all";
var MAX_PLATFORMS = 32;
function platformRequest(text2) {
  if (text2 === void 0) return void 0;
  const trimmed = text2.trim();
  if (trimmed === ALL_PLATFORMS) return { kind: "all" };
  if (!trimmed.includes(",")) return void 0;
  const platforms = trimmed.split(",").map((part) => part.trim());
  if (platforms.some((platform) => platform === "")) {
    throw new ConfigurationError(`--platform ${JSON.stringify(text2)}: an empty entry in the list; expected os/arch,…`);
  }
  for (const platform of platforms) parsePlatform(platform);
  const unique = [...new Set(platforms)];
  return { kind: "list", platforms: unique };
}
function selectPlatforms(request, available, subject2) {
  if (available.length === 0) return request.kind === "all" ? [void 0] : request.platforms;
  for (const platform of available) checkIndexPlatform(platform, subject2);
  if (request.kind === "all" && available.length > MAX_PLATFORMS) {
    throw new ConfigurationError(
      `${subject2}: the index lists ${available.length} platforms; --platform all gates at most ${MAX_PLATFORMS}: name the ones to gate (--platform linux/amd64,linux/arm64)`
    );
  }
  if (request.kind === "all") return refuseDuplicates(available.map(platformText), available, subject2);
  const chosen = [];
  for (const wanted of request.platforms) {
    const match = available.find((platform) => platformMatches(platform, parsePlatform(wanted)));
    if (!match) {
      throw new ConfigurationError(
        `${subject2}: no manifest for platform ${wanted}; the index has ${available.map(platformText).join(", ")}`
      );
    }
    const text2 = platformText(match);
    if (!chosen.includes(text2)) chosen.push(text2);
  }
  return refuseDuplicates(chosen, available, subject2);
}
function refuseDuplicates(chosen, available, subject2) {
  for (const text2 of chosen) {
    const count = available.filter((platform) => platformText(platform) === text2).length;
    if (count > 1) {
      throw new ConfigurationError(
        `${subject2}: the index lists platform ${text2} ${count} times (different manifests); --platform cannot tell them apart: gate that manifest by digest (--image name@sha256:…)`
      );
    }
  }
  return chosen;
}
function checkIndexPlatform(platform, subject2) {
  const parts = [platform.os, platform.architecture, ...platform.variant !== void 0 ? [platform.variant] : []];
  const safe = parts.every((part) => /^[a-z0-9_.]{1,64}$/.test(part) && part !== "." && part !== "..");
  if (!safe) {
    const shown2 = JSON.stringify(platformText(platform).slice(0, 80));
    throw new ConfigurationError(
      `${subject2}: the index names a platform ${shown2} that is not os/architecture[/variant] (lower-case letters, digits, _ and ., at most 64 each): it cannot be gated`
    );
  }
}

// src/pipeline/multi-platform.ts
var PLATFORMS_DIR = "platforms";
async function runPlatforms(config, request, context, runOne) {
  const { logger } = context;
  const input = readableInput(config);
  refuseSingleRunOptions(config);
  const available = await listPlatforms(input, config, context);
  const platforms = selectPlatforms(request, available, describeInput2(input));
  if (input.kind === "daemon" && platforms.length > 1) {
    throw new ConfigurationError(
      `--platform ${config.platform ?? ""}: the Docker daemon holds one platform of ${input.reference}; add --pull never to read every platform from its registry`
    );
  }
  if (platforms.length <= 1) {
    const only = platforms[0];
    const { platform: _all, ...rest } = config;
    return runOne(only ? { ...rest, platform: only } : rest, context);
  }
  const chosen = platforms.filter((platform) => platform !== void 0);
  logger.info(`gating ${chosen.length} platforms: ${chosen.join(", ")}`);
  const ownBundle = !context.trivyBundle && config.offlineBundle ? await useOfflineBundle(
    config.offlineBundle,
    (config.scan.kind === "trivy" ? config.scan.cacheDir : void 0) ?? context.scan.defaultCacheDir,
    logger
  ) : void 0;
  const trivyBundle = context.trivyBundle ?? ownBundle;
  const gated = [];
  try {
    const readers = await platformReaders(input, chosen, config, context);
    for (const [index, platform] of chosen.entries()) {
      const reportDir = `${PLATFORMS_DIR}/${platformSlug(platform)}`;
      logger.info(`platform ${platform}: gating (reports in ${reportDir})`);
      const acquired = await readers[index]();
      const outcome = await runOne(
        { ...config, image: input, platform, outDir: path21.join(config.outDir, PLATFORMS_DIR, platformSlug(platform)) },
        { ...context, acquired, ...trivyBundle ? { trivyBundle } : {} }
      );
      logger.info(`platform ${platform}: ${outcome.result.verdict}`);
      gated.push({ platform, result: outcome.result, reportDir, category: outcome.category });
    }
  } finally {
    await ownBundle?.cleanup();
  }
  const result = mergePlatformResults(gated);
  const category = config.category ?? gated[0].category ?? "imagegate";
  const reports = await writeReports(result, config.outDir, {
    redactor: context.redactor,
    toolVersion: VERSION,
    category,
    ...config.sarifAnchor !== void 0 ? { unlocated: { anchorUri: config.sarifAnchor } } : {},
    markdown: { links: context.reportLinks ?? RULE_DOCS_LINKS },
    platforms: gated
  });
  return { result, reports, category };
}
function readableInput(config) {
  const input = config.image;
  if (input.kind === "build") {
    throw new ConfigurationError(
      `--platform ${config.platform ?? ""} with --context: the builder here builds one platform per run; build and push the multi-platform image (docker buildx build --platform …), then gate it with --image REGISTRY-REFERENCE or --oci-layout`
    );
  }
  if (input.kind === "trivy-report" || input.kind === "none") {
    throw new ConfigurationError(
      `--platform ${config.platform ?? ""} needs an image with an index: --image (a registry reference), --oci-layout or --archive`
    );
  }
  if (input.kind === "daemon" && input.pull !== void 0) return { kind: "registry", reference: input.reference };
  return input;
}
function refuseSingleRunOptions(config) {
  const refused = [
    config.attestKey || config.attestKeyless ? "--attest" : void 0,
    config.vexOut ? "--vex-out" : void 0
  ].filter((flag2) => flag2 !== void 0);
  if (refused.length > 0) {
    throw new ConfigurationError(
      `--platform ${config.platform ?? ""}: ${refused.join(" and ")} ${refused.length > 1 ? "write" : "writes"} one document for one image; give one --platform`
    );
  }
}
async function listPlatforms(input, config, context) {
  const options = { logger: context.logger };
  switch (input.kind) {
    case "registry":
      return listRegistryPlatforms(input.reference, { ...options, access: registryAccess2(config) });
    case "oci-layout":
    case "archive":
      return listOciLayoutPlatforms(input.path, options);
    case "daemon":
      return [];
  }
}
async function platformReaders(input, platforms, config, context) {
  const { logger } = context;
  if (input.kind === "registry") {
    const reference = parseImageReference(input.reference);
    const access = registryAccess2(config);
    const client = await RegistryClient.open(reference.registry, { ...access, logger });
    let resolved;
    try {
      resolved = await Promise.all(
        platforms.map((platform) => resolveRegistryImage(input.reference, { logger, access, client, platform }))
      );
    } finally {
      client.close();
    }
    return platforms.map((platform, index) => async () => {
      const options = { logger, access, platform, contents: true, resolved: resolved[index] };
      const facts = await readFromRegistry(input.reference, options);
      return { facts, scanInput: registryScanInput(facts) };
    });
  }
  return platforms.map((platform) => () => acquireImage({ ...config, platform }, input, logger));
}
function registryAccess2(config) {
  return { environment: config.environment, insecureRegistries: config.insecureRegistries ?? [] };
}
function describeInput2(input) {
  return input.kind === "registry" || input.kind === "daemon" ? input.reference : input.path;
}

// src/pipeline/result-parts.ts
function policyFields(decided, config, evaluateHead) {
  if (!config.policyRef) return {};
  return {
    policySource: decided.source,
    ...decided.changes ? { policyChanges: decided.changes } : {},
    ...config.evaluateHeadPolicy && decided.head ? { headPolicy: evaluateHead(decided.head) } : {}
  };
}
function kubernetesSummary(manifests) {
  const containers = manifests.workloads.flatMap((workload) => workload.containers);
  return {
    files: manifests.files,
    workloads: manifests.workloads.length,
    containers: containers.length,
    mounts: containers.reduce((sum, container) => sum + container.mounts.length, 0)
  };
}
function composeSummary(projects) {
  return {
    projects: projects.map((project) => ({
      name: project.name,
      files: project.files,
      services: project.services.length,
      mounts: project.services.reduce((sum, service) => sum + serviceMounts(service, project).length, 0)
    }))
  };
}

// src/pipeline/k8s-stage.ts
var import_picomatch2 = __toESM(require_picomatch(), 1);
import path22 from "node:path";
async function loadK8sManifests(inputs, rules, context) {
  const load = (paths, referencedAt) => loadManifests(paths, {
    cwd: context.workspace,
    displayPath: context.displayPath,
    paths: context.paths,
    readStdin: context.readStdin ?? (() => readCappedStdin()),
    warn: (message, position) => context.logger.warning(
      `kubernetes: ${position ? `${position.path}:${position.line}:${position.column}: ` : ""}${message}`
    ),
    ...referencedAt ? { referencedAt: { ...referencedAt, line: referencedAt.line, column: referencedAt.column ?? 1 } } : {}
  });
  const parts = [];
  if (inputs.length > 0) parts.push(await load(inputs));
  for (const entry of rules?.files ?? []) {
    const isGlob = import_picomatch2.default.scan(entry.pattern).isGlob;
    const files = isGlob ? await expandGlob(entry.pattern, entry.baseDir) : [path22.resolve(entry.baseDir, entry.pattern)];
    if (files.length === 0) {
      throw new ConfigurationError(
        `kubernetes.files: '${entry.pattern}' matches no file under ${context.displayPath(entry.baseDir) || "."}`,
        entry.source
      );
    }
    parts.push(await load(files, entry.source));
  }
  if (parts.length === 0) return void 0;
  const manifests = { files: [], objects: [], workloads: [], warnings: [] };
  for (const part of parts) {
    for (const file of part.files) if (!manifests.files.includes(file)) manifests.files.push(file);
    manifests.objects.push(...part.objects);
    manifests.warnings.push(...part.warnings);
  }
  manifests.workloads = readWorkloads(manifests.objects);
  context.logger.info(
    `kubernetes: ${manifests.workloads.length} workload(s) in ${manifests.files.length} manifest file(s)`
  );
  return manifests;
}
function k8sCheckOptions(rules) {
  if (!rules) return {};
  return {
    ...rules.requireReadOnlyRootfs ? { requireReadOnlyRootfs: true } : {},
    ...rules.requireStorageLimits ? { requireStorageLimits: true } : {},
    ...rules.requireNoPrivilegeEscalation ? { requireNoPrivilegeEscalation: true } : {},
    ...rules.readOnlyVolumeTypes ? { readOnlyVolumeTypes: rules.readOnlyVolumeTypes } : {},
    ...rules.allowedCapabilities ? { allowedCapabilities: rules.allowedCapabilities } : {},
    ...rules.forbidHostPath ? { forbidHostPath: true } : {},
    ...rules.allowedVolumeTypes ? { allowedVolumeTypes: rules.allowedVolumeTypes } : {},
    ...rules.requireRunAsNonRoot ? { requireRunAsNonRoot: true } : {},
    ...rules.requireSeccompProfile ? { requireSeccompProfile: true } : {},
    ...rules.requireDropAll ? { requireDropAll: true } : {}
  };
}

// src/pipeline/compose-only.ts
var COMPOSE_ONLY_CATEGORY = "imagegate/compose";
async function runComposeOnly(run, context) {
  const { config, policy, decided } = run;
  const today = run.now();
  const evaluate = (under) => runComposeChecks(run.composeProjects, {
    options: composeCheckOptions(under.compose),
    allow: under.allow.mounts ?? [],
    now: today,
    severityFor: (ruleId, fallback) => severityFor(under, ruleId, fallback),
    kubernetes: { workloads: run.workloads ?? [], options: k8sCheckOptions(under.kubernetes) }
  }).sort(bySeverity);
  const findings = evaluate(policy);
  const failOn = config.failOn ?? policy.gate.failOn;
  context.logger.info(
    run.composeProjects.length > 0 || !run.workloads?.length ? `compose files only: ${run.composeProjects.map((project) => project.files.join(" + ")).join("; ")}` : `Kubernetes manifests only: ${run.workloads.length} workload(s)`
  );
  const result = {
    startedAt: run.startedAt,
    finishedAt: run.now().toISOString(),
    // Family thresholds (vulnerabilities, secrets, licenses) gate scan findings, which a compose-only run has none of.
    verdict: decideVerdict(findings, failOn, {}),
    failOn,
    familyFailOn: {},
    image: NO_IMAGE,
    composeOnly: true,
    layerInstructions: [],
    policyFiles: policy.files,
    findings,
    counts: countBySeverity(findings),
    suppressedCount: findings.filter((finding2) => finding2.suppressedBy).length,
    compose: composeSummary(run.composeProjects),
    ...run.k8s ? { kubernetes: kubernetesSummary(run.k8s) } : {},
    ...policyFields(decided, config, (head) => {
      const headFindings = evaluate(head);
      const headFailOn = config.failOn ?? head.gate.failOn;
      return {
        verdict: decideVerdict(headFindings, headFailOn, {}),
        failOn: headFailOn,
        counts: countBySeverity(headFindings.filter((finding2) => !finding2.suppressedBy))
      };
    }),
    ...baselineFields(
      findings,
      run.baseline && config.baselineReport ? { baseline: run.baseline, file: run.displayPath(config.baselineReport) } : void 0,
      void 0
    )
  };
  if (config.sbom?.length)
    context.logger.warning("--sbom: no image was checked (compose files only), so no SBOM is written");
  const category = config.category ?? COMPOSE_ONLY_CATEGORY;
  const reports = await writeReports(result, config.outDir, {
    redactor: context.redactor,
    toolVersion: VERSION,
    category,
    ...config.sarifAnchor !== void 0 ? { unlocated: { anchorUri: config.sarifAnchor } } : {}
  });
  return { result, reports, category };
}

// src/pipeline/scanner-choice.ts
var ORDER = ["vuln", "secret", "license"];
function policyNeeds(rules) {
  const needs = [];
  if (rules.secrets.forbid === true) {
    needs.push({ scanner: "secret", key: "secrets.forbid", unchecked: "no file in the image is checked for secrets" });
  }
  if ((rules.licenses.forbid ?? []).length > 0) {
    needs.push({
      scanner: "license",
      key: "licenses.forbid",
      unchecked: "no package license is checked against it"
    });
  }
  return needs;
}
function chooseScanners(scan, rules) {
  const needs = policyNeeds(rules);
  if (scan.kind === "skip") {
    return {
      scan,
      warnings: needs.map(
        (need) => `the policy sets ${need.key}, but the scan is skipped: ${need.unchecked} (drop the skip to run Trivy's ${need.scanner} scanner)`
      )
    };
  }
  if (scan.kind === "report") return { scan, warnings: [] };
  if (scan.scannersOption !== void 0) {
    const option = scan.scannersOption;
    const missing = needs.filter((need) => !scan.scanners.includes(need.scanner));
    return {
      scan,
      scanners: ORDER.filter((name) => scan.scanners.includes(name)).map((name) => ({ name, reason: option })),
      warnings: missing.map(
        (need) => `the policy sets ${need.key}, but ${option} ${scan.scanners.join(",")} leaves Trivy's ${need.scanner} scanner off: ${need.unchecked} (add ${need.scanner} to ${option}, or leave it unset to follow the policy)`
      )
    };
  }
  const reasons = new Map(scan.scanners.map((name) => [name, "default"]));
  for (const need of needs) {
    const before = reasons.get(need.scanner);
    reasons.set(
      need.scanner,
      before === void 0 || before === "default" ? `policy: ${need.key}` : `${before}, ${need.key}`
    );
  }
  const scanners = ORDER.filter((name) => reasons.has(name));
  return {
    scan: { ...scan, scanners },
    scanners: scanners.map((name) => ({ name, reason: reasons.get(name) ?? "default" })),
    warnings: []
  };
}
function describeScanners(scanners) {
  return scanners.map((scanner) => `${scanner.name} (${scanner.reason})`).join(", ");
}

// src/vex/read-vex-files.ts
import { readFile as readFile6, stat as stat10 } from "node:fs/promises";
var MAX_VEX_FILES = 100;
async function readVexFiles(request) {
  const total = request.policyFiles.length + request.cliFiles.length;
  if (total > MAX_VEX_FILES) {
    throw new ConfigurationError(`${total} VEX documents named; at most ${MAX_VEX_FILES} are read in one run`);
  }
  const seen = /* @__PURE__ */ new Set();
  const documents = [];
  for (const entry of request.policyFiles) {
    if (seen.has(entry.file)) continue;
    seen.add(entry.file);
    if (request.baseFiles) {
      const display2 = request.baseFiles.relative(entry.file) ?? entry.written;
      const read = await request.baseFiles.read(entry.file);
      if ("problem" in read) {
        throw new ConfigurationError(
          `the VEX document ${request.baseFiles.display(entry.file)} cannot be read: ${read.problem}`,
          entry.source
        );
      }
      documents.push(parseVexDocument(read.text, { path: display2 }));
      continue;
    }
    const display = request.displayPath(entry.file);
    const real = await request.paths.regularFile(entry.file, {
      what: "the VEX document",
      display,
      referencedAt: entry.source
    });
    documents.push(parseVexDocument(await readCapped(real, display), { path: display }));
  }
  const anywhere = WorkspacePaths.unrestricted();
  for (const file of request.cliFiles) {
    if (seen.has(file)) continue;
    seen.add(file);
    const display = request.displayPath(file);
    const real = await anywhere.regularFile(file, { what: "the VEX document (--vex)", display });
    documents.push(parseVexDocument(await readCapped(real, display), { path: display }));
  }
  return documents;
}
async function readCapped(real, display) {
  const { size } = await stat10(real);
  if (size > MAX_VEX_FILE_BYTES) {
    throw new ConfigurationError(`the VEX document is ${size} bytes, more than ${MAX_VEX_FILE_BYTES} (4 MiB)`, {
      path: display
    });
  }
  return readFile6(real, "utf8");
}

// src/vex/write-vex-out.ts
import path23 from "node:path";

// src/vex/export-openvex.ts
import { createHash as createHash5 } from "node:crypto";
var OPENVEX_CONTEXT = "https://openvex.dev/ns/v0.2.0";
function exportOpenVex(request) {
  const product = imagePurl(request.image, request.reference);
  const groups = /* @__PURE__ */ new Map();
  for (const finding2 of request.findings) {
    const suppression = finding2.suppressedBy;
    const id = finding2.properties?.vulnerabilityId;
    if (!suppression || suppression.by === "vex" || !finding2.ruleId.startsWith("vuln/") || typeof id !== "string")
      continue;
    const where = suppression.source ? `${suppression.source.path}:${suppression.source.line}` : "";
    const key = JSON.stringify([id, where, suppression.reason, suppression.expires ?? ""]);
    const group = groups.get(key) ?? { id, finding: finding2, purls: /* @__PURE__ */ new Set() };
    const purl = finding2.properties?.purl;
    if (typeof purl === "string" && purl !== "") group.purls.add(purl);
    groups.set(key, group);
  }
  const statements = [...groups.entries()].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0).map(([, group]) => {
    const suppression = group.finding.suppressedBy;
    const notes = [
      suppression.source ? `Accepted by the imagegate allowlist entry at ${suppression.source.path}:${suppression.source.line}` : "Accepted by the imagegate allowlist",
      suppression.expires ? `until ${suppression.expires} (the entry expires then and the finding counts again)` : ""
    ].filter((part) => part !== "").join(" ");
    const subcomponents = [...group.purls].sort().map((purl) => ({ "@id": purl }));
    return {
      vulnerability: { name: group.id },
      products: [{ "@id": product, ...subcomponents.length > 0 ? { subcomponents } : {} }],
      status: "not_affected",
      impact_statement: suppression.reason,
      status_notes: `${notes}.`
    };
  });
  const body = { product, statements };
  const digest = createHash5("sha256").update(JSON.stringify(body)).digest("hex");
  return {
    "@context": OPENVEX_CONTEXT,
    "@id": `https://openvex.dev/docs/imagegate/vex-${digest}`,
    author: "imagegate",
    role: "policy gate (allowlist export)",
    timestamp: request.timestamp,
    version: 1,
    tooling: `imagegate ${request.toolVersion}`,
    statements
  };
}
function imagePurl(image, reference) {
  const digest = reference?.digest ?? image.digest ?? image.id;
  const repository = reference?.repository;
  const name = repository ? repository.slice(repository.lastIndexOf("/") + 1) : "image";
  const qualifiers = reference ? `?repository_url=${encodeURIComponent(`${reference.registry}/${reference.repository}`)}` : "";
  return `pkg:oci/${encodeURIComponent(name)}@${encodeURIComponent(digest)}${qualifiers}`;
}

// src/vex/write-vex-out.ts
async function writeVexOut(file, request, context) {
  const document = exportOpenVex(request);
  if (document.statements.length === 0) {
    context.logger.info(`--vex-out: no allowlist entry suppressed a vulnerability in this run; ${file} not written`);
    return void 0;
  }
  const absolute = path23.resolve(file);
  await writeJsonAtomic(absolute, document, "the VEX document (--vex-out)", context.redactor);
  context.logger.info(`--vex-out: ${document.statements.length} accepted exception(s) written to ${absolute}`);
  return absolute;
}

// src/pipeline/attest-stage.ts
import { readFile as readFile7 } from "node:fs/promises";
import path25 from "node:path";

// src/attest/push-attestation.ts
import { createHash as createHash6 } from "node:crypto";
var DSSE_ENVELOPE_MEDIA_TYPE = "application/vnd.dsse.envelope.v1+json";
var PREDICATE_TYPE_ANNOTATION = "in-toto.io/predicate-type";
var SIGSTORE_BUNDLE_MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";
var OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
var OCI_INDEX = "application/vnd.oci.image.index.v1+json";
var OCI_EMPTY = "application/vnd.oci.empty.v1+json";
var EMPTY_JSON = Buffer.from("{}");
var COSIGN_SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
async function pushAttestation(request) {
  const { client, repository, subjectDigest } = request;
  const head = await client.headManifest(repository, subjectDigest);
  if (!head.mediaType || head.size === void 0) {
    throw new ToolError(`registry ${client.registry} did not say the media type and size of ${subjectDigest}`, {
      command: `HEAD ${client.registry}/v2/${repository}/manifests/${subjectDigest}`
    });
  }
  const subject2 = { mediaType: head.mediaType, digest: head.digest, size: head.size };
  const envelope = await pushReferrer(client, repository, subject2, {
    artifactType: DSSE_ENVELOPE_MEDIA_TYPE,
    blob: request.envelope,
    what: "verification summary envelope",
    layerAnnotations: { [PREDICATE_TYPE_ANNOTATION]: request.predicateType },
    annotations: {
      [PREDICATE_TYPE_ANNOTATION]: request.predicateType,
      "org.opencontainers.image.created": request.created
    }
  });
  const referrers = [envelope];
  if (request.keyless) {
    referrers.push(
      await pushReferrer(client, repository, subject2, {
        artifactType: SIGSTORE_BUNDLE_MEDIA_TYPE,
        blob: request.keyless.sigstoreBundle,
        what: "Sigstore bundle",
        layerAnnotations: {},
        annotations: {
          "dev.sigstore.bundle.content": "dsse-envelope",
          "dev.sigstore.bundle.predicateType": request.predicateType,
          "org.opencontainers.image.created": request.created
        }
      })
    );
  }
  const cosignTag = await addToCosignAttestations(
    client,
    repository,
    subject2.digest,
    envelope.layer,
    request.predicateType,
    request.keyless?.cosignAnnotations ?? {}
  );
  if (referrers.every((referrer) => referrer.ociSubject === subject2.digest)) {
    return { digest: envelope.entry.digest, indexedBy: "referrers-api", cosignTag };
  }
  await addToFallbackIndex(
    client,
    repository,
    subject2.digest,
    referrers.map((referrer) => referrer.entry)
  );
  return { digest: envelope.entry.digest, indexedBy: "tag-fallback", cosignTag };
}
async function pushReferrer(client, repository, subject2, artifact) {
  const config = await client.pushBlob(repository, EMPTY_JSON, "empty config");
  const layer = await client.pushBlob(repository, artifact.blob, artifact.what);
  const layerAnnotations = Object.keys(artifact.layerAnnotations).length ? { annotations: artifact.layerAnnotations } : {};
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType: artifact.artifactType,
      config: { mediaType: OCI_EMPTY, ...config },
      layers: [{ mediaType: artifact.artifactType, ...layer, ...layerAnnotations }],
      subject: subject2,
      annotations: artifact.annotations
    })
  );
  const put = await client.putManifest(repository, digestOf(manifest), manifest, OCI_MANIFEST);
  return {
    entry: {
      mediaType: OCI_MANIFEST,
      artifactType: artifact.artifactType,
      digest: put.digest,
      size: manifest.length,
      annotations: artifact.annotations
    },
    layer,
    ...put.ociSubject ? { ociSubject: put.ociSubject } : {}
  };
}
async function addToCosignAttestations(client, repository, subjectDigest, envelope, predicateType, extraAnnotations) {
  const tag = `${tagFor(subjectDigest)}.att`;
  const existing = await client.findManifest(repository, tag);
  let layers = [];
  if (existing) {
    const body = existing.body;
    if (!isObject(body) || !Array.isArray(body.layers)) {
      throw new ToolError(
        `${client.registry}/${repository}:${tag} is not an image manifest; imagegate leaves it alone`,
        {
          command: `GET ${client.registry}/v2/${repository}/manifests/${tag}`
        }
      );
    }
    const wellFormed = new Set(descriptors(body, "layers").map((item) => item.digest));
    layers = body.layers.filter(
      (item) => isObject(item) && wellFormed.has(item.digest)
    );
    if (layers.some((item) => item.digest === envelope.digest)) return tag;
  }
  layers.push({
    mediaType: DSSE_ENVELOPE_MEDIA_TYPE,
    ...envelope,
    annotations: { [COSIGN_SIGNATURE_ANNOTATION]: "", predicateType, ...extraAnnotations }
  });
  const config = await client.pushBlob(
    repository,
    Buffer.from(
      JSON.stringify({
        architecture: "",
        created: "0001-01-01T00:00:00Z",
        history: [{ created: "0001-01-01T00:00:00Z" }],
        os: "",
        rootfs: { type: "layers", diff_ids: layers.map((item) => item.digest) },
        config: {}
      })
    ),
    "cosign attestation config"
  );
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: "application/vnd.oci.image.config.v1+json", ...config },
      layers
    })
  );
  await client.putManifest(repository, tag, manifest, OCI_MANIFEST);
  return tag;
}
async function addToFallbackIndex(client, repository, subjectDigest, entries) {
  const tag = tagFor(subjectDigest);
  const existing = await client.findManifest(repository, tag);
  let manifests = [];
  if (existing) {
    const body = existing.body;
    if (!isObject(body) || !Array.isArray(body.manifests)) {
      throw new ToolError(
        `${client.registry}/${repository}:${tag} is not an image index; imagegate does not replace it with the referrers index`,
        { command: `GET ${client.registry}/v2/${repository}/manifests/${tag}` }
      );
    }
    const wellFormed = new Set(descriptors(body, "manifests").map((item) => item.digest));
    manifests = body.manifests.filter((item) => isObject(item) && wellFormed.has(item.digest));
  }
  const present = new Set(manifests.map((item) => isObject(item) ? item.digest : void 0));
  const added = entries.filter((entry) => !present.has(entry.digest));
  if (added.length === 0) return;
  const index = Buffer.from(
    JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [...manifests, ...added] })
  );
  await client.putManifest(repository, tag, index, OCI_INDEX);
}
function digestOf(bytes) {
  return `sha256:${createHash6("sha256").update(bytes).digest("hex")}`;
}

// src/attest/write-attestation.ts
import path24 from "node:path";
var VSA_FILE_NAME = "imagegate.vsa.dsse.json";
var SIGSTORE_BUNDLE_FILE_NAME = "imagegate.vsa.sigstore.json";
function statementBytes(statement3) {
  return Buffer.from(JSON.stringify(statement3), "utf8");
}
function signStatement(statement3, key) {
  return signEnvelope(statementBytes(statement3), IN_TOTO_PAYLOAD_TYPE, key.key);
}
async function writeSigstoreBundle(bundle, outDir, redactor) {
  const file = path24.join(path24.resolve(outDir), SIGSTORE_BUNDLE_FILE_NAME);
  await writeJsonAtomic(file, bundle, "the Sigstore bundle of the verification summary (--attest-keyless)", redactor);
  return file;
}
async function writeAttestation(envelope, outDir, redactor) {
  const file = path24.join(path24.resolve(outDir), VSA_FILE_NAME);
  await writeJsonAtomic(file, envelope, "the verification summary attestation (--attest)", redactor);
  return file;
}

// src/pipeline/attest-stage.ts
var OPTION = "--attest-key";
async function prepareAttestKey(source, context) {
  return loadAttestKey(source, { ...context, option: OPTION });
}
function prepareKeyless(settings, context) {
  return { kind: "keyless", settings, identity: githubOidcProvider(context.env, context) };
}
async function attestRun(request) {
  const { result, reference } = request;
  const digest = result.image.digest ?? reference?.digest;
  if (!digest || !reference) {
    throw new ConfigurationError(
      "--attest needs the image by its manifest digest (a registry image, an OCI layout or an image pulled by digest); a local build has none: push it and check the pushed reference"
    );
  }
  const policyFiles = await policyFileBytes(request.decided, request.workspace);
  const statement3 = buildVsaStatement({
    repository: reference.name,
    digest,
    verdict: result.verdict,
    timeVerified: result.finishedAt,
    toolVersion: VERSION,
    policyUri: policyUri(request.decided, request.env),
    policyFiles,
    counts: {
      bySeverity: { ...result.counts },
      blocking: blockingFindings(result).length,
      suppressed: result.suppressedCount
    },
    inputAttestations: request.inputAttestations
  });
  const { signing } = request;
  let envelope;
  let how;
  let keyless2;
  if (signing.kind === "key") {
    envelope = signStatement(statement3, signing.key);
    how = signing.key.kind;
  } else {
    const { signKeyless, cosignKeylessAnnotations } = await import("./keyless-sign-CT364JX2.js");
    const signed = await signKeyless(statementBytes(statement3), signing.settings, signing.identity, request.logger);
    envelope = signed.envelope;
    const bundleFile = await writeSigstoreBundle(signed.bundle, request.outDir, request.redactor);
    keyless2 = {
      sigstoreBundle: Buffer.from(JSON.stringify(signed.bundle)),
      cosignAnnotations: cosignKeylessAnnotations(signed.bundle)
    };
    how = `keyless, Sigstore bundle ${bundleFile}`;
  }
  const file = await writeAttestation(envelope, request.outDir, request.redactor);
  request.logger.info(
    `--attest: ${statement3.predicate.verificationResult} for ${statement3.predicate.resourceUri} signed (${how}) into ${file}`
  );
  if (request.push) {
    await pushToRegistry(request.push, reference, digest, Buffer.from(JSON.stringify(envelope)), keyless2, request);
  }
  return file;
}
async function pushToRegistry(access, reference, digest, envelope, keyless2, request) {
  const target = `${reference.name}@${digest}`;
  let client;
  try {
    client = await RegistryClient.open(reference.registry, { ...access, logger: request.logger });
    const pushed = await pushAttestation({
      client,
      repository: reference.repository,
      subjectDigest: digest,
      envelope,
      predicateType: VSA_PREDICATE_TYPE,
      created: request.result.finishedAt,
      ...keyless2 ? { keyless: keyless2 } : {}
    });
    request.logger.info(
      `--attest-push: attached the summary to ${target} as ${pushed.digest} (` + (pushed.indexedBy === "referrers-api" ? "indexed by the registry" : `tag ${digest.replace(":", "-")} updated`) + `; also under cosign's ${pushed.cosignTag})`
    );
  } catch (error) {
    throw new ToolError(`--attest-push could not attach the summary to ${target}: ${describeError(error)}`, {
      command: error instanceof ToolError ? error.command : `push to ${reference.registry}`
    });
  } finally {
    client?.close();
  }
}
async function policyFileBytes(decided, workspace) {
  if (decided.source.origin === "default") return [];
  const files = [];
  for (const shown2 of decided.policy.files) {
    if (decided.source.origin === "base" && decided.baseFiles) {
      const relative = shown2.slice(shown2.indexOf(":") + 1);
      const read = await decided.baseFiles.read(path25.join(workspace, relative));
      if (!("text" in read)) throw new ConfigurationError(`--attest: cannot read the policy ${shown2}: ${read.problem}`);
      files.push({ path: relative, bytes: Buffer.from(read.text, "utf8") });
    } else {
      files.push({ path: shown2, bytes: await readFile7(path25.resolve(workspace, shown2)) });
    }
  }
  return files;
}
function policyUri(decided, env) {
  if (decided.source.origin === "default")
    return `${IMAGEGATE_VERIFIER_ID}/blob/v${VERSION}/src/policy/default-policy.ts`;
  const file = decided.source.path ?? decided.policy.files.at(-1) ?? "";
  const relative = decided.source.origin === "base" ? file.slice(file.indexOf(":") + 1) : file;
  const commit = decided.source.commit ?? env.GITHUB_SHA ?? env.CI_COMMIT_SHA;
  if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && commit) {
    return `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/blob/${commit}/${relative}`;
  }
  if (env.CI_PROJECT_URL && commit) return `${env.CI_PROJECT_URL}/-/blob/${commit}/${relative}`;
  return relative;
}

// src/image/source/registry/image-signatures.ts
var COSIGN_SIMPLESIGNING_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";
var COSIGN_SIGN_PREDICATE = "https://sigstore.dev/cosign/sign/v1";
var isBundleMediaType = (type) => type !== void 0 && /^application\/vnd\.dev\.sigstore\.bundle(\.v0\.[1-9]\+json|\+json(;\s*version=0\.[1-9])?)$/.test(type);
var DEFAULT_LIMITS2 = { maxArtifacts: 64, maxDocuments: 16, maxBlobBytes: 1024 * 1024 };
async function findImageSignatures(source, digest, options) {
  const limits = { ...DEFAULT_LIMITS2, ...options.limits };
  const found = { signatures: [], notes: [] };
  if (!DIGEST.test(digest)) return found;
  const guard = async (what, work) => {
    try {
      await work();
    } catch (error) {
      const note = `${what} could not be read: ${describeError(error)}`;
      found.notes.push(note);
      options.logger.warning(`Signatures of ${source.name}@${digest}: ${note}`);
    }
  };
  const full = () => found.signatures.length >= limits.maxDocuments;
  const blob = async (layer, where) => {
    if (layer.size > limits.maxBlobBytes) {
      const note = `${where} is ${layer.size} bytes; imagegate reads at most ${limits.maxBlobBytes}`;
      found.notes.push(note);
      options.logger.warning(`Signatures of ${source.name}@${digest}: ${note}`);
      return void 0;
    }
    return source.readBlob(layer);
  };
  const sigTag = `${tagFor(digest)}.sig`;
  await guard(`the cosign signature tag ${sigTag}`, async () => {
    const manifest = await source.findManifest(sigTag);
    if (!manifest) return;
    const layers = descriptors(manifest.body, "layers").slice(0, limits.maxArtifacts);
    for (const [index, layer] of layers.entries()) {
      if (full()) return;
      if (layer.mediaType !== COSIGN_SIMPLESIGNING_TYPE) continue;
      const where = `${source.name}:${sigTag} (layer ${index + 1}, blob ${layer.digest})`;
      const payload = await blob(layer, where);
      if (payload)
        found.signatures.push({
          kind: "cosign",
          source: where,
          digest: layer.digest,
          payload,
          annotations: layer.annotations
        });
    }
  });
  await guard(`the referrers of ${digest}`, async () => {
    const index = await source.referrers(digest);
    const seen = /* @__PURE__ */ new Set();
    for (const entry of descriptors(index, "manifests").slice(0, limits.maxArtifacts)) {
      if (full()) return;
      if (!isBundleMediaType(entry.artifactType) || seen.has(entry.digest)) continue;
      const predicate = entry.annotations[BUNDLE_PREDICATE_ANNOTATION];
      if (predicate !== void 0 && predicate !== COSIGN_SIGN_PREDICATE) continue;
      seen.add(entry.digest);
      await guard(`the referrer ${entry.digest}`, async () => {
        const manifest = await source.findManifest(entry.digest);
        if (!manifest) return;
        const layers = [...descriptors(manifest.body, "layers"), ...descriptors(manifest.body, "blobs")];
        for (const layer of layers.slice(0, limits.maxArtifacts)) {
          if (full()) return;
          if (!isBundleMediaType(layer.mediaType)) continue;
          const where = `${source.name}@${manifest.digest} (referrer, blob ${layer.digest})`;
          const bytes = await blob(layer, where);
          if (bytes)
            found.signatures.push({
              kind: "bundle",
              source: where,
              digest: layer.digest,
              text: bytes.toString("utf8")
            });
        }
      });
    }
  });
  return found;
}
function bundleStatement(bundle) {
  if (!isObject(bundle) || !isObject(bundle.dsseEnvelope)) return void 0;
  const payload = bundle.dsseEnvelope.payload;
  if (typeof payload !== "string") return void 0;
  try {
    return JSON.parse(Buffer.from(payload, "base64").toString("utf8"));
  } catch {
    return null;
  }
}

// src/image/source/registry/read-image-signatures.ts
async function readImageSignatures(reference, options) {
  const ref = parseImageReference(reference);
  const client = options.client ?? await RegistryClient.open(ref.registry, {
    ...options.access,
    logger: options.logger,
    maxDocumentBytes: resolveReadLimits(options.limits).maxJsonBytes
  });
  try {
    const digest = options.digest ?? ref.digest ?? (await client.headManifest(ref.repository, ref.tag ?? "latest")).digest;
    const discovery = await findImageSignatures(registryArtifacts(client, ref.repository, "signature"), digest, {
      logger: options.logger,
      ...options.attachmentLimits ? { limits: options.attachmentLimits } : {}
    });
    const needsManifest = discovery.signatures.some(
      (found) => found.kind === "bundle" && !found.text.includes('"dsseEnvelope"')
    );
    const manifest = needsManifest ? (await client.getManifest(ref.repository, digest)).bytes : void 0;
    return { ...discovery, digest, ...manifest ? { manifest } : {} };
  } finally {
    if (!options.client) client.close();
  }
}

// src/image/source/oci-layout-signatures.ts
import { stat as stat11 } from "node:fs/promises";
async function readOciLayoutSignatures(layout, digest, options) {
  const info = await stat11(layout).catch(() => void 0);
  if (!info?.isDirectory()) return void 0;
  const store = new DirectoryStore(layout);
  try {
    const source = layoutArtifacts(store);
    const discovery = await findImageSignatures(source, digest, { logger: options.logger });
    const needsManifest = discovery.signatures.some(
      (found) => found.kind === "bundle" && !found.text.includes('"dsseEnvelope"')
    );
    let manifest;
    if (needsManifest) {
      const name = blobPath(digest, store.path, `manifest ${digest}`);
      const size = await store.size(name);
      if (size !== void 0 && size <= 4 * 1024 * 1024) manifest = await source.readBlob({ digest, size });
    }
    return { ...discovery, digest, ...manifest ? { manifest } : {} };
  } finally {
    await store.close();
  }
}

// src/signature/verify-cosign-signature.ts
var import_bundle2 = __toESM(require_dist2(), 1);
var import_verify4 = __toESM(require_dist4(), 1);
import { createHash as createHash7 } from "node:crypto";
var COSIGN_ANNOTATIONS = {
  signature: "dev.cosignproject.cosign/signature",
  certificate: "dev.sigstore.cosign/certificate",
  chain: "dev.sigstore.cosign/chain",
  bundle: "dev.sigstore.cosign/bundle"
};
function verifyCosignSignature(input, expectedDigest, trust, signers) {
  const signature = input.annotations[COSIGN_ANNOTATIONS.signature];
  if (signature === void 0) {
    return { status: "invalid", reason: `the signature layer has no ${COSIGN_ANNOTATIONS.signature} annotation` };
  }
  const parsed = parseSimpleSigning(input.payload);
  if ("problem" in parsed) return { status: "invalid", reason: parsed.problem };
  if (parsed.payload.manifestDigest !== expectedDigest) {
    return {
      status: "invalid",
      reason: `the payload signs ${parsed.payload.manifestDigest}, not this image's ${expectedDigest}`
    };
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signature.trim())) {
    return { status: "invalid", reason: "the signature annotation is not base64" };
  }
  const rekorText = input.annotations[COSIGN_ANNOTATIONS.bundle];
  const rekor = rekorText === void 0 ? void 0 : parseRekorBundle(rekorText);
  if (typeof rekor === "string") return { status: "invalid", reason: rekor };
  const certificatePem = input.annotations[COSIGN_ANNOTATIONS.certificate];
  if (certificatePem === void 0) return verifyKeyed(input, signature.trim(), expectedDigest, rekor, trust, signers);
  const der = pemCertificate(certificatePem);
  if (!der) {
    return { status: "invalid", reason: `the ${COSIGN_ANNOTATIONS.certificate} annotation is not a PEM certificate` };
  }
  if (rekor === void 0) {
    return {
      status: "invalid",
      reason: `a keyless signature without a transparency-log entry (no ${COSIGN_ANNOTATIONS.bundle} annotation): nothing shows the short-lived certificate was valid when it signed`
    };
  }
  const built = toBundle(input.payload, signature.trim(), rekor, {
    x509CertificateChain: { certificates: [{ rawBytes: der.toString("base64") }] }
  });
  if (typeof built === "string") return { status: "invalid", reason: built };
  if (!loggedSigner(rekor.body)?.equals(der)) {
    return {
      status: "invalid",
      reason: "the transparency-log entry records another certificate than the one in the signature layer"
    };
  }
  return verifyParsedBundle(built, input.payload, trust, signers);
}
function verifyKeyed(input, signature, expectedDigest, rekor, trust, signers) {
  const keyed = verifyKeySignature(input.payload, signature, expectedDigest, signers);
  if (rekor === void 0) return keyed;
  if (keyed.status === "untrusted-signer" && loggedDigest(rekor.body) !== sha256Hex(input.payload)) {
    return {
      status: "invalid",
      reason: "the payload changed after signing: its SHA-256 is not the digest the transparency-log entry records"
    };
  }
  if (keyed.status !== "verified") return keyed;
  const key = signers.find(
    (signer) => signer.kind === "key" && describeSigner(signer) === keyed.signer
  );
  const logged = loggedSigner(rekor.body);
  if (!key || !logged || !logged.equals(key.key.export({ type: "spki", format: "der" }))) {
    return {
      status: "invalid",
      reason: "the transparency-log entry records another key than the one that verifies the signature"
    };
  }
  const built = toBundle(input.payload, signature, rekor, { publicKey: { hint: "" } });
  if (typeof built === "string") return { status: "invalid", reason: built };
  const material = (0, import_verify4.toTrustMaterial)(trust.root, () => ({ publicKey: key.key, validFor: () => true }));
  const entity = (0, import_verify4.toSignedEntity)(built, input.payload);
  const content = entity.signature;
  const signatureBytes = Buffer.from(signature, "base64");
  entity.signature = {
    signature: content.signature,
    compareSignature: (candidate) => content.compareSignature(candidate),
    compareDigest: (digest) => content.compareDigest(digest),
    verifySignature: (publicKey) => verifies(publicKey, input.payload, signatureBytes)
  };
  try {
    verifierFor(material, trust).verify(entity);
  } catch (error) {
    return { status: "invalid", reason: explainFailure(error, built, trust) };
  }
  return keyed;
}
var sha256Hex = (data) => createHash7("sha256").update(data).digest("hex");
function parseRekorBundle(text2) {
  const problem = `the ${COSIGN_ANNOTATIONS.bundle} annotation is not a Rekor bundle`;
  let json;
  try {
    json = JSON.parse(text2);
  } catch {
    return `${problem} (not JSON)`;
  }
  const set = json?.SignedEntryTimestamp;
  const payload = json?.Payload;
  const { body, integratedTime, logIndex, logID } = payload ?? {};
  if (typeof set !== "string") return `${problem} (SignedEntryTimestamp)`;
  if (typeof body !== "string") return `${problem} (Payload.body)`;
  if (!Number.isSafeInteger(integratedTime)) return `${problem} (Payload.integratedTime)`;
  if (!Number.isSafeInteger(logIndex)) return `${problem} (Payload.logIndex)`;
  if (typeof logID !== "string" || !/^[0-9a-f]{64}$/.test(logID)) return `${problem} (Payload.logID)`;
  return {
    signedEntryTimestamp: set,
    body,
    integratedTime,
    logIndex,
    logId: logID
  };
}
function entryKind(body) {
  try {
    const json = JSON.parse(Buffer.from(body, "base64").toString("utf8"));
    if (typeof json.kind === "string" && typeof json.apiVersion === "string") {
      return { kind: json.kind, version: json.apiVersion };
    }
  } catch {
  }
  return void 0;
}
function toBundle(payload, signature, rekor, key) {
  const kind = entryKind(rekor.body);
  if (!kind) return "the transparency-log entry in the Rekor bundle is not a Rekor entry (body)";
  if (kind.kind !== "hashedrekord" || kind.version !== "0.0.1") {
    return `the transparency-log entry is a ${kind.kind} ${kind.version} entry; imagegate reads cosign's hashedrekord 0.0.1`;
  }
  try {
    return (0, import_bundle2.bundleFromJSON)({
      mediaType: "application/vnd.dev.sigstore.bundle+json;version=0.1",
      verificationMaterial: {
        ...key,
        tlogEntries: [
          {
            logIndex: String(rekor.logIndex),
            logId: { keyId: Buffer.from(rekor.logId, "hex").toString("base64") },
            kindVersion: kind,
            integratedTime: String(rekor.integratedTime),
            inclusionPromise: { signedEntryTimestamp: rekor.signedEntryTimestamp },
            canonicalizedBody: rekor.body
          }
        ]
      },
      messageSignature: {
        messageDigest: { algorithm: "SHA2_256", digest: Buffer.from(sha256Hex(payload), "hex").toString("base64") },
        signature
      }
    });
  } catch (error) {
    return `the signature layer does not make a Sigstore bundle: ${error.message}`;
  }
}
function hashedRekord(body) {
  try {
    return JSON.parse(Buffer.from(body, "base64").toString("utf8"));
  } catch {
    return void 0;
  }
}
function loggedSigner(body) {
  const content = hashedRekord(body)?.spec?.signature?.publicKey?.content;
  if (typeof content !== "string") return void 0;
  const pem = Buffer.from(content, "base64").toString("utf8");
  return pemBlock(pem, "CERTIFICATE") ?? pemBlock(pem, "PUBLIC KEY");
}
function loggedDigest(body) {
  const value = hashedRekord(body)?.spec?.data?.hash?.value;
  return typeof value === "string" ? value : void 0;
}
var pemCertificate = (pem) => pemBlock(pem, "CERTIFICATE");
function pemBlock(pem, label) {
  const begin = `-----BEGIN ${label}-----`;
  const end = `-----END ${label}-----`;
  const start = pem.indexOf(begin);
  const stop = pem.indexOf(end, start + begin.length);
  if (start < 0 || stop < 0) return void 0;
  const base64 = pem.slice(start + begin.length, stop).replace(/\s+/g, "");
  if (base64.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return void 0;
  return Buffer.from(base64, "base64");
}

// src/signature/verify-found-signature.ts
function verifyFoundSignature(found, digest, check, manifest) {
  if (found.kind === "cosign") return verifyCosignLayer(found, digest, check);
  let json;
  try {
    json = JSON.parse(found.text);
  } catch {
    return { status: "invalid", reason: "the bundle is not JSON" };
  }
  const statement3 = bundleStatement(json);
  if (statement3 === null) return { status: "invalid", reason: "the bundle’s DSSE payload is not a JSON statement" };
  if (statement3 !== void 0) {
    const problem = subjectProblem(statement3, digest);
    if (problem) return { status: "invalid", reason: problem };
    return verifyBundle(json, Buffer.alloc(0), check.trust, check.signers);
  }
  if (!manifest) return { status: "invalid", reason: "the image manifest the bundle signs could not be read" };
  return verifyBundle(json, manifest, check.trust, check.signers, digest);
}
function verifyCosignLayer(found, digest, check) {
  return verifyCosignSignature(
    { payload: found.payload, annotations: found.annotations },
    digest,
    check.trust,
    check.signers
  );
}
function subjectProblem(statement3, digest) {
  const subjects = isObject(statement3) && Array.isArray(statement3.subject) ? statement3.subject : [];
  const [algorithm, hex] = digest.split(":");
  const named = [];
  for (const subject2 of subjects.slice(0, 64)) {
    const digests = isObject(subject2) && isObject(subject2.digest) ? subject2.digest : void 0;
    const value = digests && algorithm ? digests[algorithm] : void 0;
    if (typeof value === "string") {
      if (value === hex) return void 0;
      named.push(`${algorithm}:${value.slice(0, 71)}`);
    }
  }
  return named.length > 0 ? `the bundle’s statement signs ${named.slice(0, 3).join(", ")}, not this image’s ${digest}` : `the bundle’s statement names no ${algorithm ?? "sha256"} subject digest`;
}

// src/pipeline/signature-stage.ts
async function prepareSignaturePolicy(policy, request) {
  return policy.signatures ? loadSignaturePolicy(policy.signatures, request) : void 0;
}
async function runSignatureStage(input) {
  const { loaded, logger } = input;
  if (!loaded) return void 0;
  const facts = { bases: [], trustRoot: loaded.trust.name };
  if (loaded.image) facts.image = await imageSignatures(loaded.image, loaded.trust, input);
  if (loaded.bases.length > 0) {
    if (!input.dockerfile) {
      const labelled = await labelledBase(loaded, input);
      if (labelled) facts.bases.push(labelled);
      else logger.warning("signatures.bases: no Dockerfile was given, so the base images are unknown and not checked");
    }
    const checked = /* @__PURE__ */ new Map();
    for (const stage of input.dockerfile?.stages ?? []) {
      const from = stage.from;
      if (from.isScratch || from.stageRef !== void 0 || from.unresolved.length > 0) continue;
      let reference;
      try {
        reference = parseImageReference(from.image);
      } catch {
        continue;
      }
      const entry = loaded.bases.find((candidate) => matchImagePattern(candidate.match, reference));
      if (!entry) continue;
      const environment = baseEnvironment(reference, input);
      const subject2 = checked.get(reference.normalized) ?? await verifySubject(
        reference.normalized,
        entry.signers,
        loaded.trust,
        logger,
        () => readFromRegistry2(reference, input, environment)
      );
      checked.set(reference.normalized, subject2);
      facts.bases.push({
        ...subject2,
        match: entry.match,
        from: { kind: "source", path: input.dockerfile.path, line: from.line, column: from.column }
      });
    }
  }
  return facts;
}
async function labelledBase(loaded, input) {
  const labels = input.acquired?.facts.config.labels ?? {};
  const name = Object.hasOwn(labels, BASE_NAME_LABEL) ? labels[BASE_NAME_LABEL] : void 0;
  if (!name) return void 0;
  let reference;
  try {
    reference = parseImageReference(name);
  } catch {
    return void 0;
  }
  const entry = loaded.bases.find((candidate) => matchImagePattern(candidate.match, reference));
  if (!entry) return void 0;
  const recorded = Object.hasOwn(labels, BASE_DIGEST_LABEL) ? labels[BASE_DIGEST_LABEL] : void 0;
  const digest = recorded && DIGEST.test(recorded) ? recorded : void 0;
  const subject2 = await verifySubject(
    reference.normalized,
    entry.signers,
    loaded.trust,
    input.logger,
    () => readFromRegistry2(reference, input, baseEnvironment(reference, input), digest)
  );
  const image = input.acquired?.facts.reference ?? input.acquired?.facts.id ?? "the image";
  return { ...subject2, match: entry.match, from: { kind: "image", image } };
}
async function imageSignatures(rules, trust, input) {
  const { acquired, logger } = input;
  const digest = acquired?.facts.digest;
  if (acquired?.facts.source === "registry" && acquired.facts.reference && digest) {
    const reference = parseImageReference(acquired.facts.reference);
    const subject2 = await verifySubject(
      reference.normalized,
      rules.signers,
      trust,
      logger,
      () => readFromRegistry2(reference, input, input.access.environment, digest)
    );
    return { ...subject2, required: rules.required };
  }
  if (acquired?.scanInput.kind === "oci-layout" && digest) {
    const layout = acquired.scanInput.path;
    const found = await readOciLayoutSignatures(layout, digest, { logger });
    if (found) {
      const name = acquired.facts.reference ?? layout;
      const subject2 = await verifySubject(name, rules.signers, trust, logger, async () => found);
      return { ...subject2, required: rules.required };
    }
  }
  const unavailable = "the image under test was not read by registry reference or from an OCI layout directory (a local build, the daemon or an archive keeps no signatures): its signatures can only be checked with --image registry/repository:tag after it is pushed, or --oci-layout DIR";
  logger.warning(`signatures.image: ${unavailable}`);
  return { required: rules.required, unavailable };
}
function baseEnvironment(reference, input) {
  const imageReference = input.acquired?.facts.source === "registry" ? input.acquired.facts.reference : void 0;
  return baseRegistryEnvironment(reference, imageReference, input.access.environment);
}
function readFromRegistry2(reference, input, environment, digest) {
  return readImageSignatures(reference.original, {
    logger: input.logger,
    access: { environment, insecureRegistries: input.access.insecureRegistries ?? [] },
    ...digest ? { digest } : {}
  });
}
async function verifySubject(name, signers, trust, logger, read) {
  const described = signers.map(describeSigner);
  let found;
  try {
    found = await read();
  } catch (error) {
    const note = `${name} could not be resolved in its registry: ${describeError(error)}`;
    logger.warning(`Signatures: ${note}`);
    return { reference: name, signatures: [], notes: [note], signers: described };
  }
  const signatures = found.signatures.map((signature) => ({
    source: signature.source,
    digest: signature.digest,
    outcome: verifyFoundSignature(signature, found.digest, { signers, trust }, found.manifest)
  }));
  const verified = signatures.filter((signature) => signature.outcome.status === "verified").length;
  logger.info(`Signatures of ${name}@${found.digest}: ${signatures.length} found, ${verified} verified`);
  return { reference: name, digest: found.digest, signatures, notes: found.notes, signers: described };
}

// src/signature/signature-summary.ts
function summarizeSignatures(facts) {
  const rows = [];
  if (facts.image) {
    rows.push(
      "unavailable" in facts.image ? {
        subject: "the image under test",
        where: "image",
        outcome: "not checked: not read from a registry",
        verified: false
      } : row(facts.image, "image")
    );
  }
  for (const base of facts.bases) {
    rows.push(row(base, base.from.kind === "source" ? `${base.from.path}:${base.from.line}` : "base-name label"));
  }
  return { trustRoot: facts.trustRoot, rows };
}
function row(subject2, where) {
  const name = subject2.digest ? `${subject2.reference}@${subject2.digest}` : subject2.reference;
  const verified = subject2.signatures.find((signature) => signature.outcome.status === "verified");
  if (verified && verified.outcome.status === "verified") {
    return { subject: name, where, outcome: `verified: ${verified.outcome.signer}`, verified: true };
  }
  const count = subject2.signatures.length;
  const outcome = subject2.digest === void 0 ? "not resolved in its registry" : count === 0 ? "no signature found" : `${count} found, none by an allowed signer`;
  return { subject: name, where, outcome, verified: false };
}

// src/pipeline/pipeline.ts
async function runPipeline(config, context) {
  const platforms = context.acquired ? void 0 : platformRequest(config.platform);
  if (platforms) return runPlatforms(config, platforms, context, runPipeline);
  const cleanups = [];
  try {
    return await gateOne(config, context, cleanups);
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => void 0);
  }
}
async function gateOne(config, context, cleanups) {
  const { logger } = context;
  const now = context.now ?? (() => /* @__PURE__ */ new Date());
  const startedAt = now().toISOString();
  const displayPath = (file) => workspaceRelative(config.workspace, file);
  const paths = WorkspacePaths.within(config.allowedRoots ?? [config.workspace]);
  checkOutDir(config.outDir, config.workspace, "the out dir");
  const hasher = context.acquired ? void 0 : await startEarlyHasher(config.image);
  if (hasher) {
    logger.debug(`started ${hasher.parallelism} hashing threads early for the image's layers`);
    cleanups.push(() => hasher.close());
  }
  if ((config.attestKey || config.attestKeyless) && config.image.kind === "none") {
    throw new ConfigurationError("--attest needs an image to attest: compose files alone have no digest");
  }
  const attestSigning = config.attestKey ? {
    kind: "key",
    key: await prepareAttestKey(config.attestKey, { cwd: config.workspace, env: config.environment })
  } : config.attestKeyless ? prepareKeyless(config.attestKeyless, { env: config.environment, logger, redactor: context.redactor }) : void 0;
  const decided = await loadDecidingPolicy({
    workspace: config.workspace,
    ...config.policyFile ? { policyFile: config.policyFile } : {},
    discover: POLICY_FILE_NAMES.map((name) => path26.join(config.workspace, name)),
    ...config.policyRef ? { policyRef: config.policyRef } : {},
    displayPath,
    logger,
    paths
  });
  const policy = decided.policy;
  const dockerfile = config.dockerfile ? await readDockerfile(config.dockerfile, {
    displayPath: displayPath(config.dockerfile),
    buildArgs: config.buildArgs
  }) : void 0;
  const stage = dockerfile ? finalStage(dockerfile, config.target) : void 0;
  if (dockerfile && stage && config.image.kind === "build") checkFromArgsForBuild(dockerfile, stage);
  if (dockerfile) maskDockerfileSecrets(dockerfile, config.buildArgs, policy, logger);
  const secretNames = new Set(config.secretEnv ?? []);
  const composeProjects = await loadComposeProjects(config.compose, policy.compose, {
    workspace: config.workspace,
    environment: interpolationEnvironment(config.environment, secretNames),
    withheld: (name) => isWithheldVariable(name, secretNames),
    displayPath,
    logger,
    paths
  });
  const k8s = await loadK8sManifests(config.k8s ?? [], policy.kubernetes, {
    workspace: config.workspace,
    displayPath,
    logger,
    paths,
    ...context.readStdin ? { readStdin: context.readStdin } : {}
  });
  const workloads = k8s?.workloads ?? [];
  const baseline = config.baselineReport ? await loadBaseline(config.baselineReport, displayPath(config.baselineReport)) : void 0;
  const policyFiles = { paths, ...decided.baseFiles ? { baseFiles: decided.baseFiles } : {}, displayPath };
  const signaturePolicy = await prepareSignaturePolicy(policy, policyFiles);
  const provenanceFiles = await prepareProvenanceFiles(policy, policyFiles);
  if (config.image.kind === "none") {
    return runComposeOnly(
      { config, policy, decided, composeProjects, workloads, k8s, baseline, startedAt, now, displayPath },
      context
    );
  }
  const buildContext = config.image.kind === "build" ? await readBuildContextFacts(config.image.context, config.dockerfile, displayPath, paths) : void 0;
  const read = config.image.kind === "trivy-report" ? void 0 : context.acquired ?? await acquireImage(config, config.image, logger, hasher).finally(() => hasher?.close());
  const access = {
    environment: config.environment,
    ...config.insecureRegistries ? { insecureRegistries: config.insecureRegistries } : {}
  };
  const acquired = read ? { ...read, facts: hideConfigSecrets(read.facts, policy, logger) } : void 0;
  const acquiredReference = acquired?.facts.reference ? parseImageReference(acquired.facts.reference) : void 0;
  const scannerChoice = chooseScanners(config.scan, rulesForImage(policy, acquiredReference));
  const imageVex = await readImageVexStage(
    acquired,
    rulesForImage(policy, acquiredReference).vulnerabilities,
    access,
    logger
  );
  const provenance = await readProvenanceStage(
    acquired,
    rulesForImage(policy, acquiredReference).provenance,
    { ...access, ...config.platform ? { platform: config.platform } : {} },
    logger,
    provenanceFiles
  );
  const signatures = await runSignatureStage({
    loaded: signaturePolicy,
    acquired,
    dockerfile,
    access,
    logger
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
    ...context.trivyBundle ? { handedBundle: context.trivyBundle } : {},
    cleanups
  });
  for (const warning of report?.warnings ?? []) logger.warning(warning);
  if (report && scannerChoice.scanners) report.scan.scanners = scannerChoice.scanners;
  const image = acquired ? imageFor(acquired, report, config, logger) : hideConfigSecrets(imageFor(acquired, report, config, logger), policy, logger);
  const reference = image.reference ? parseImageReference(image.reference) : void 0;
  const layerInstructions = dockerfile && stage ? layerLocations(dockerfile, stage, image) : image.layers.map(() => void 0);
  const imageName = reference?.normalized ?? image.id;
  const imageRules = rulesForImage(policy, reference);
  const vex = await readVexFiles({
    policyFiles: imageRules.vulnerabilities.vex ?? [],
    cliFiles: config.vex ?? [],
    paths,
    ...decided.baseFiles ? { baseFiles: decided.baseFiles } : {},
    displayPath
  }).then((files) => [...files, ...parseAttachedVex(imageVex ?? [], logger)]);
  const feeds = await runFeedsStage({
    ...config.feeds ? { feeds: config.feeds } : {},
    rules: imageRules.vulnerabilities,
    ...config.policyRef && config.evaluateHeadPolicy && decided.head ? { alsoFor: rulesForImage(decided.head, reference).vulnerabilities } : {},
    scanned: report !== void 0,
    cacheDir: trivyBundle?.cacheDir ?? (scan.kind === "trivy" ? scan.cacheDir : void 0) ?? context.scan.defaultCacheDir,
    now: now(),
    logger,
    ...context.scan.feedsCache && !config.offline ? { cache: context.scan.feedsCache } : {},
    ...config.offline ? { offline: true } : {}
  });
  if (report && feeds) report.scan.feeds = feeds.records;
  const freshness = await runBaseFreshnessStage({
    rules: imageRules.base,
    ...dockerfile ? { dockerfile } : {},
    ...stage ? { stage } : {},
    image,
    imageLocation: imageWideLocation(dockerfile, stage, imageName),
    ...provenance?.documents ? { provenance: provenance.documents } : {},
    ...acquired?.facts.source === "registry" && acquired.facts.reference ? { imageRegistryReference: acquired.facts.reference } : {},
    access,
    logger,
    ...config.offline ? { offline: true } : {},
    ...report && scan.kind === "trivy" && !config.offline ? {
      imageScan: report.scan,
      scanNewer: (newer) => scanNewerBase(newer, {
        config,
        scan,
        ...trivyBundle ? { trivyBundle } : {},
        environment: context.scan,
        displayPath,
        logger,
        ...acquired?.facts.source === "registry" && acquired.facts.reference ? { imageRegistryReference: acquired.facts.reference } : {}
      })
    } : {}
  });
  const checkContext = {
    image,
    ...reference ? { reference } : {},
    imageName,
    imageRepository: repositoryKey(reference, dockerfile),
    rules: imageRules,
    ...dockerfile ? { dockerfile } : {},
    ...stage ? { stage } : {},
    layerOrigins: layerInstructions,
    ...vex.length > 0 ? { vex } : {},
    ...buildContext ? { buildContext } : {},
    imageLocation: imageWideLocation(dockerfile, stage, imageName),
    ...report ? { scan: report.scan } : {},
    ...scan.kind === "trivy" ? { scanners: scan.scanners } : {},
    ...imageVex ? { imageVex } : {},
    ...provenance?.documents ? { provenance: provenance.documents } : {},
    ...provenance?.unread ? { provenanceUnread: provenance.unread } : {},
    ...signatures ? { signatures } : {},
    ...feeds ? { feeds } : {},
    ...freshness.bases.length > 0 ? { baseFreshness: freshness.bases } : {},
    allow: policy.allow,
    now: now(),
    runtimeHealthchecks: composeHealthchecks(composeProjects, {
      ...config.dockerfile ? { dockerfile: config.dockerfile } : {},
      ...dockerfile && stage ? { stage: { ...stage.name ? { name: stage.name } : {}, isLast: stage === dockerfile.stages.at(-1) } } : {},
      ...reference ? { reference } : {}
    })
  };
  const severityLookup = (ruleId, fallback) => severityFor(policy, ruleId, fallback);
  const evaluate = (under, context2) => [
    ...runImageChecks(
      under.scan ? { ...context2, scanPolicy: under.scan } : context2,
      (ruleId, fallback) => severityFor(under, ruleId, fallback)
    ),
    ...runComposeChecks(composeProjects, {
      options: composeCheckOptions(under.compose),
      allow: under.allow.mounts ?? [],
      now: context2.now,
      severityFor: (ruleId, fallback) => severityFor(under, ruleId, fallback),
      kubernetes: { workloads, options: k8sCheckOptions(under.kubernetes) },
      image: imageUnderTest(image, reference)
    })
  ].sort(bySeverity);
  const findings = evaluate(policy, checkContext);
  const imageBaseline = config.baselineImage ? await readImageBaseline(
    {
      config: { ...config, scan },
      input: config.baselineImage,
      policy,
      reference,
      imageRepository: checkContext.imageRepository,
      severityFor: severityLookup,
      now: checkContext.now,
      displayPath
    },
    context.scan,
    { logger }
  ) : void 0;
  if (imageBaseline && config.scan.kind === "trivy") {
    await redactToolOutput(path26.join(config.outDir, "baseline", "trivy.json"), context.redactor);
  }
  const failOn = config.failOn ?? policy.gate.failOn;
  const familyFailOn = config.failOn ? {} : familyFailOnFor(checkContext.rules);
  const runWarnings = [...scannerChoice.warnings];
  if (provenance?.unread) runWarnings.push(`provenance: not checked: ${provenance.unread}`);
  runWarnings.push(...freshness.warnings);
  if (config.sbom?.length && report && !report.scan.packages) {
    runWarnings.push(`SBOM: ${VULNERABLE_ONLY_NOTE}`);
    logger.warning(`SBOM: ${VULNERABLE_ONLY_NOTE}`);
  }
  const result = {
    startedAt,
    finishedAt: now().toISOString(),
    verdict: decideVerdict(findings, failOn, familyFailOn),
    failOn,
    familyFailOn,
    image,
    layerInstructions,
    ...dockerfile && stage ? { layerFromBase: layerOrigins(dockerfile, stage, image).map((origin) => origin.kind === "base") } : {},
    ...dockerfile ? { dockerfile: dockerfile.path } : {},
    policyFiles: policy.files,
    findings,
    counts: countBySeverity(findings),
    suppressedCount: findings.filter((finding2) => finding2.suppressedBy).length,
    ...report ? { scan: report.scan } : {},
    ...composeProjects.length > 0 ? { compose: composeSummary(composeProjects) } : {},
    ...k8s ? { kubernetes: kubernetesSummary(k8s) } : {},
    ...policyFields(decided, config, (head) => {
      const headRules = rulesForImage(head, reference);
      const headFindings = evaluate(head, { ...checkContext, rules: headRules, allow: head.allow });
      const headFailOn = config.failOn ?? head.gate.failOn;
      const headFamily = config.failOn ? {} : familyFailOnFor(headRules);
      return {
        verdict: decideVerdict(headFindings, headFailOn, headFamily),
        failOn: headFailOn,
        counts: countBySeverity(headFindings.filter((finding2) => !finding2.suppressedBy))
      };
    }),
    // A budget whose rule the policy turned off (`rules: {size/max: off}`) is not enforced: no line for it.
    budgets: budgetUsage(image, checkContext.rules).filter((budget2) => policy.severities[budget2.ruleId] !== "off"),
    ...runWarnings.length > 0 ? { warnings: runWarnings } : {},
    ...provenance ? { provenance: provenanceSummary(provenance) } : {},
    ...signatures ? { signatures: summarizeSignatures(signatures) } : {},
    ...baselineFields(
      findings,
      baseline && config.baselineReport ? { baseline, file: displayPath(config.baselineReport) } : void 0,
      imageBaseline
    )
  };
  const category = config.category ?? defaultCategory(checkContext.imageRepository);
  const reports = await writeReports(result, config.outDir, {
    redactor: context.redactor,
    ...config.sbom?.length ? { sbom: config.sbom } : {},
    toolVersion: VERSION,
    category,
    ...config.sarifAnchor !== void 0 ? { unlocated: { anchorUri: config.sarifAnchor } } : {},
    // Unless the entry point knows the CI's repository and run, summary.md links rule ids to their docs only.
    markdown: { links: context.reportLinks ?? RULE_DOCS_LINKS }
  });
  const vexFile = config.vexOut ? await writeVexOut(
    config.vexOut,
    { findings, image, reference, timestamp: startedAt, toolVersion: VERSION },
    context
  ) : void 0;
  const attestationFile = attestSigning ? await attestRun({
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
    ...config.attestPush ? { push: access } : {}
  }) : void 0;
  return {
    result,
    reports,
    category,
    ...vexFile ? { vexFile } : {},
    ...attestationFile ? { attestationFile } : {}
  };
}
function imageFor(acquired, report, config, logger) {
  if (acquired) {
    if (report?.image && !sameLayers(acquired.facts, report.image)) {
      logger.warning(
        `the Trivy report describes image ${report.image.id || report.scan.artifactName}, not ${acquired.facts.id}: vulnerabilities in layers this image does not have are located at the Dockerfile, not a layer`
      );
    }
    return acquired.facts;
  }
  if (report?.image) return report.image;
  const file = config.scan.kind === "report" ? config.scan.file : "the Trivy report";
  throw new ConfigurationError(
    "the Trivy report has no image metadata (Metadata.ImageConfig): it is not a container-image scan; give the image too (--image, --archive, --oci-layout or --context)",
    { path: file }
  );
}
function sameLayers(a, b) {
  return a.layers.map((layer) => layer.diffId).join() === b.layers.map((layer) => layer.diffId).join();
}
function imageWideLocation(dockerfile, stage, imageName) {
  if (dockerfile && stage) {
    return { kind: "source", path: dockerfile.path, line: stage.from.line, column: stage.from.column };
  }
  return { kind: "image", image: imageName };
}
function repositoryKey(reference, dockerfile) {
  if (reference) return `${reference.registry}/${reference.repository}`;
  return dockerfile ? `dockerfile:${dockerfile.path}` : "untagged";
}
function defaultCategory(repository) {
  return `imagegate/image/${repository.replace(/[^A-Za-z0-9._/-]+/g, "-")}`;
}
function workspaceRelative(workspace, file) {
  const relative = path26.relative(workspace, path26.resolve(workspace, file));
  if (relative.startsWith("..") || path26.isAbsolute(relative))
    return path26.resolve(workspace, file).split(path26.sep).join("/");
  return relative.split(path26.sep).join("/");
}

export {
  useOfflineBundle,
  runPipeline,
  defaultCategory,
  workspaceRelative
};
//# sourceMappingURL=chunk-WGFL7XYI.js.map
