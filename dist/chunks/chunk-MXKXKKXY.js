import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  MAX_YAML_FILE_BYTES
} from "./chunk-PX7WTPDF.js";
import {
  ConfigurationError
} from "./chunk-BRI3MEVE.js";

// src/k8s/stdin.ts
async function readCappedStdin(stream = process.stdin, max = MAX_YAML_FILE_BYTES) {
  const chunks = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > max) {
      throw new ConfigurationError(
        `standard input holds more than ${max} bytes; imagegate reads Kubernetes manifests up to ${max} bytes`
      );
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export {
  readCappedStdin
};
//# sourceMappingURL=chunk-MXKXKKXY.js.map
