import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);

// src/http/read-body.ts
var BodyError = class extends Error {
  constructor(problem, message, received, options) {
    super(message, options);
    this.problem = problem;
    this.received = received;
    this.name = "BodyError";
  }
  problem;
  received;
};
function declaredLength(message) {
  const header = message.headers["content-length"];
  return header !== void 0 && /^\d+$/.test(header) ? Number(header) : void 0;
}
async function readCappedBody(message, maxBytes) {
  const declared = declaredLength(message);
  if (declared !== void 0 && declared > maxBytes) {
    message.destroy();
    throw new BodyError("too-large", `the body is ${declared} bytes, more than the ${maxBytes} imagegate reads`, 0);
  }
  const chunks = [];
  let total = 0;
  try {
    for await (const chunk of message) {
      total += chunk.length;
      if (total > maxBytes) {
        message.destroy();
        throw new BodyError("too-large", `the body is more than the ${maxBytes} bytes imagegate reads`, total);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof BodyError) throw error;
    throw cut(total, declared, error.message, error);
  }
  if (!message.complete || declared !== void 0 && total !== declared) {
    throw cut(total, declared, "the connection closed before the end of the body");
  }
  return Buffer.concat(chunks, total);
}
async function readBodyPrefix(message, maxBytes) {
  const chunks = [];
  let total = 0;
  try {
    for await (const chunk of message) {
      const room = maxBytes - total;
      chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
      total += Math.min(chunk.length, room);
      if (total >= maxBytes) break;
    }
  } catch {
  } finally {
    if (!message.readableEnded) message.destroy();
  }
  return Buffer.concat(chunks, total);
}
function cut(received, declared, reason, cause) {
  const of = declared !== void 0 ? ` of ${declared}` : "";
  return new BodyError("cut", `${reason} after ${received}${of} bytes`, received, cause ? { cause } : void 0);
}

export {
  BodyError,
  readCappedBody,
  readBodyPrefix
};
//# sourceMappingURL=chunk-VVMJR22K.js.map
