import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  ConfigurationError,
  ToolError
} from "./chunk-BRI3MEVE.js";

// src/attest/dsse.ts
import { createPrivateKey, createPublicKey, sign, verify } from "node:crypto";
var IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";
function preAuthEncoding(payloadType, payload) {
  const type = Buffer.from(payloadType, "utf8");
  const header = Buffer.from(`DSSEv1 ${type.length} ${payloadType} ${payload.length} `, "utf8");
  return Buffer.concat([header, payload]);
}
function signingKeyKind(key) {
  if (key.asymmetricKeyType === "ed25519") return "ed25519";
  if (key.asymmetricKeyType === "ec" && key.asymmetricKeyDetails?.namedCurve === "prime256v1") return "ecdsa-p256";
  return void 0;
}
function digestFor(key) {
  return signingKeyKind(key) === "ed25519" ? null : "sha256";
}
function signEnvelope(payload, payloadType, key, keyid) {
  const sig = sign(digestFor(key), preAuthEncoding(payloadType, payload), key);
  return {
    payloadType,
    payload: Buffer.from(payload).toString("base64"),
    signatures: [{ ...keyid ? { keyid } : {}, sig: sig.toString("base64") }]
  };
}

// src/attest/keyless.ts
var DEFAULT_FULCIO_URL = "https://fulcio.sigstore.dev";
var DEFAULT_REKOR_URL = "https://rekor.sigstore.dev";
var FULCIO_URL_ENV = "IMAGEGATE_FULCIO_URL";
var REKOR_URL_ENV = "IMAGEGATE_REKOR_URL";
var SIGSTORE_ID_TOKEN_ENV = "SIGSTORE_ID_TOKEN";
var AUDIENCE = "sigstore";
var TIMEOUT_MS = 3e4;
function checkSigstoreUrl(value, option) {
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(`${option} is not a URL`);
  }
  const loopback = url.hostname === "localhost" || url.hostname === "[::1]" || url.hostname.startsWith("127.");
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    throw new ConfigurationError(`${option} must be https (http only on localhost)`);
  }
  if (url.username || url.password || url.search) {
    throw new ConfigurationError(`${option} must not carry credentials or a query`);
  }
  return url.toString().replace(/\/+$/, "");
}
function githubOidcProvider(env, secrets) {
  const requestUrl = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const requestToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  const given = env[SIGSTORE_ID_TOKEN_ENV]?.trim();
  if ((!requestUrl || !requestToken) && given) {
    secrets.redactor.add(given);
    secrets.logger.mask(given);
    return { getToken: () => Promise.resolve(given) };
  }
  if (!requestUrl || !requestToken) {
    throw new ConfigurationError(
      `--attest-keyless needs the runner to provide an OIDC token (GitHub Actions: \`permissions: id-token: write\`; GitLab: an id_tokens entry ${SIGSTORE_ID_TOKEN_ENV} with aud sigstore); ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set, nor is ${SIGSTORE_ID_TOKEN_ENV}`
    );
  }
  secrets.redactor.add(requestToken);
  secrets.logger.mask(requestToken);
  return {
    async getToken() {
      const url = new URL(requestUrl);
      url.searchParams.set("audience", AUDIENCE);
      const shown = `GET ${url.origin}${url.pathname}`;
      let response;
      try {
        response = await fetch(url, {
          headers: { accept: "application/json", authorization: `Bearer ${requestToken}` },
          signal: AbortSignal.timeout(TIMEOUT_MS),
          redirect: "error"
        });
      } catch (error) {
        throw new ToolError(`the runner's OIDC token endpoint could not be reached: ${error.message}`, {
          command: shown
        });
      }
      if (response.status !== 200) {
        throw new ToolError(`the runner's OIDC token endpoint answered HTTP ${response.status}`, { command: shown });
      }
      const body = await response.json().catch(() => void 0);
      if (typeof body?.value !== "string" || body.value === "") {
        throw new ToolError("the runner's OIDC token endpoint answered without a token", { command: shown });
      }
      secrets.redactor.add(body.value);
      secrets.logger.mask(body.value);
      return body.value;
    }
  };
}

export {
  IN_TOTO_PAYLOAD_TYPE,
  signingKeyKind,
  signEnvelope,
  DEFAULT_FULCIO_URL,
  DEFAULT_REKOR_URL,
  FULCIO_URL_ENV,
  REKOR_URL_ENV,
  TIMEOUT_MS,
  checkSigstoreUrl,
  githubOidcProvider
};
//# sourceMappingURL=chunk-UESGDJOT.js.map
