import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  AgentPool,
  DOWNLOAD_RETRY,
  Deadline,
  DeadlineError,
  RedirectError,
  networkRetryDelay,
  nextRetryStep,
  retryDecision,
  sendHttp,
  transferDeadlineMs
} from "./chunk-7DMJUEWI.js";
import {
  ToolError
} from "./chunk-BRI3MEVE.js";

// src/scan/install/download.ts
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { Transform, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { setTimeout as sleep } from "node:timers/promises";

// src/scan/install/caps.ts
var MAX_TARBALL_BYTES = 300 * 2 ** 20;
var MAX_CHECKSUMS_BYTES = 2 ** 20;
var MAX_BINARY_BYTES = 1024 * 2 ** 20;
var MAX_UNPACKED_BYTES = 2048 * 2 ** 20;
function formatCap(bytes) {
  return `${Math.round(bytes / 2 ** 20)} MiB`;
}

// src/scan/install/download.ts
async function downloadToFile(url, file, options) {
  return download(url, () => createWriteStream(file, { flags: "wx", mode: 384 }), options);
}
async function downloadText(url, options) {
  const chunks = [];
  const collect = () => new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(chunk);
      callback();
    }
  });
  await download(url, collect, options);
  return Buffer.concat(chunks).toString("utf8");
}
var SOCKET_TIMEOUT_MS = 6e4;
var BASE_DEADLINE_MS = 6e4;
var MIN_BYTES_PER_SECOND = 256 * 1024;
async function download(url, makeSink, options) {
  const command = `GET ${url}`;
  const agents = new AgentPool(false);
  const deadline = new Deadline(
    options.deadlineMs ?? transferDeadlineMs(BASE_DEADLINE_MS, options.maxBytes, MIN_BYTES_PER_SECOND)
  );
  let bytes = 0;
  let sink;
  try {
    options.logger.debug(`download: ${url}`);
    let body;
    for (let attempt = 1; body === void 0; attempt++) {
      let answer;
      try {
        ({ message: answer } = await sendHttp(
          { method: "GET", url },
          { agents, deadline, idleTimeoutMs: SOCKET_TIMEOUT_MS }
        ));
      } catch (error) {
        const permanent = error instanceof RedirectError || deadline.expired;
        const delay = permanent ? void 0 : networkRetryDelay(attempt, DOWNLOAD_RETRY);
        if (delay !== void 0) {
          await sleep(delay);
          continue;
        }
        const reason = deadline.expired ? new DeadlineError(deadline.ms).message : error.message;
        throw new ToolError(`could not download ${url}: ${reason}`, { command }, { cause: error });
      }
      const step = nextRetryStep(
        attempt,
        retryDecision(answer.statusCode ?? 0, answer.headers, Date.now(), DOWNLOAD_RETRY),
        DOWNLOAD_RETRY
      );
      if (step.kind === "wait") {
        answer.destroy();
        await sleep(step.ms);
        continue;
      }
      body = answer;
    }
    const status = body.statusCode ?? 0;
    if (status !== 200) {
      body.destroy();
      throw new ToolError(`could not download ${url}: HTTP ${status} ${body.statusMessage ?? ""}`.trimEnd(), {
        command
      });
    }
    const declared = declaredLength(body.headers["content-length"]);
    if (declared !== void 0 && declared > options.maxBytes) {
      body.destroy();
      throw new ToolError(
        `could not download ${url}: it is ${declared} bytes, more than the ${formatCap(options.maxBytes)} imagegate accepts for this file`,
        { command }
      );
    }
    const hash = createHash("sha256");
    const meter = new Transform({
      transform(chunk, _encoding, callback) {
        bytes += chunk.length;
        if (bytes > options.maxBytes) {
          callback(new Error(`the body exceeds the ${formatCap(options.maxBytes)} imagegate accepts for this file`));
          return;
        }
        hash.update(chunk);
        callback(null, chunk);
      }
    });
    sink = makeSink();
    try {
      await pipeline(body, meter, sink);
    } catch (error) {
      const of = declared !== void 0 ? ` of ${declared}` : "";
      const reason = deadline.expired ? new DeadlineError(deadline.ms).message : describeStreamError(error);
      throw new ToolError(
        `could not download ${url}: ${reason} after ${bytes}${of} bytes`,
        { command },
        { cause: error }
      );
    }
    if (declared !== void 0 && bytes !== declared) {
      throw new ToolError(`could not download ${url}: truncated, ${bytes} of ${declared} bytes arrived`, { command });
    }
    return { sha256: hash.digest("hex"), bytes };
  } finally {
    deadline.end();
    agents.dispose();
    sink?.destroy();
  }
}
function describeStreamError(error) {
  const { message, code } = error;
  if (message === "aborted" || code === "ECONNRESET") return `the connection closed early (${message})`;
  return message;
}
function declaredLength(header) {
  if (header === void 0 || !/^\d+$/.test(header)) return void 0;
  return Number(header);
}

export {
  MAX_TARBALL_BYTES,
  MAX_CHECKSUMS_BYTES,
  MAX_BINARY_BYTES,
  MAX_UNPACKED_BYTES,
  formatCap,
  downloadToFile,
  downloadText
};
//# sourceMappingURL=chunk-HLKV6WWC.js.map
