import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  escapeInline
} from "./chunk-SAYJQMG6.js";
import {
  secretValues
} from "./chunk-O5XMQXHR.js";

// src/util/redact.ts
var MIN_SECRET_LENGTH = 6;
var REDACTED = "***";
var Redactor = class {
  /** Every form of every secret, longest first, so a longer form wins where two start at the same place. */
  forms = [];
  secrets = /* @__PURE__ */ new Set();
  constructor(secrets = []) {
    for (const secret of secrets) this.add(secret);
  }
  /** Registers a value; too short, empty and already known ones are ignored. Returns whether it was added. */
  add(secret) {
    if (secret.length < MIN_SECRET_LENGTH || this.secrets.has(secret)) return false;
    this.secrets.add(secret);
    const known = new Set(this.forms);
    for (const form of formsOf(secret)) if (form.length >= MIN_SECRET_LENGTH) known.add(form);
    this.forms = [...known].sort((a, b) => b.length - a.length);
    return true;
  }
  /** The registered values (not their forms), e.g. to mask them in the runner's log too. */
  values() {
    return [...this.secrets];
  }
  /** The encoded and escaped forms of the registered values. */
  encodedForms() {
    return this.forms.filter((form) => !this.secrets.has(form));
  }
  redact(text) {
    if (this.forms.length === 0 || text.length === 0) return text;
    return this.scan(text, text.length).output;
  }
  /**
   * A writer that redacts text handed to it in pieces (a report streamed to disk), including a secret split across
   * two pieces: it holds back the last `longest form − 1` characters until it knows no secret starts there.
   */
  stream(write) {
    let pending = "";
    return {
      write: async (text) => {
        pending += text;
        const longest = this.forms[0]?.length ?? 0;
        let safe = pending.length - Math.max(0, longest - 1);
        if (safe <= 0) return;
        if (isHighSurrogate(pending.charCodeAt(safe - 1))) safe -= 1;
        const { output, consumed } = this.scan(pending, safe);
        pending = pending.slice(consumed);
        if (output) await write(output);
      },
      end: async () => {
        const rest = this.redact(pending);
        pending = "";
        if (rest) await write(rest);
      }
    };
  }
  /**
   * Replaces every form that starts before `safe` (each one fits in `text`, since `safe` leaves room for the
   * longest), copying text up to `safe` or past the last replacement; returns that and how much of `text` it used.
   */
  scan(text, safe) {
    const next = this.forms.map((form) => text.indexOf(form));
    const parts = [];
    let position = 0;
    for (; ; ) {
      let best = -1;
      for (let index = 0; index < this.forms.length; index += 1) {
        let at2 = next[index];
        if (at2 !== -1 && at2 < position) {
          at2 = text.indexOf(this.forms[index], position);
          next[index] = at2;
        }
        if (at2 !== -1 && (best === -1 || at2 < next[best])) best = index;
      }
      const at = best === -1 ? -1 : next[best];
      if (at === -1 || at >= safe) break;
      parts.push(text.slice(position, at), REDACTED);
      position = at + this.forms[best].length;
    }
    const end = Math.max(position, safe);
    parts.push(text.slice(position, end));
    return { output: parts.join(""), consumed: end };
  }
};
function redactorFor(environment, listed = []) {
  return new Redactor(secretValues(environment, new Set(listed)));
}
function isHighSurrogate(code) {
  return code >= 55296 && code <= 56319;
}
function formsOf(secret) {
  const escaped = [
    secret,
    escapeInline(secret),
    secret.replaceAll("|", "\\|"),
    xmlText(secret),
    xmlText(secret).replaceAll('"', "&quot;").replaceAll("'", "&apos;")
  ];
  const forms = /* @__PURE__ */ new Set();
  for (const form of escaped) {
    forms.add(form);
    forms.add(JSON.stringify(form).slice(1, -1));
  }
  forms.add(encodeURIComponent(secret));
  forms.add(new URLSearchParams({ s: secret }).toString().slice(2));
  for (const form of base64Forms(Buffer.from(secret, "utf8"))) forms.add(form);
  return [...forms];
}
function base64Forms(bytes) {
  const forms = [];
  for (let offset = 0; offset < 3; offset += 1) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString("base64");
    const first = Math.ceil(offset * 8 / 6);
    const last = Math.floor((offset + bytes.length) * 8 / 6);
    const form = encoded.slice(first, last);
    forms.push(form, form.replaceAll("+", "-").replaceAll("/", "_"));
  }
  return forms;
}
function xmlText(text) {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

export {
  Redactor,
  redactorFor
};
//# sourceMappingURL=chunk-TYJR6YN4.js.map
