import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  ConfigurationError
} from "./chunk-BRI3MEVE.js";

// src/scan/feeds/feed-url.ts
function checkFeedUrl(url, option) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigurationError(`${option}: expected an http(s) URL (the value given does not parse as one)`);
  }
  const shown = `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new ConfigurationError(`${option} '${shown}': expected an http(s) URL`);
  }
  if (parsed.username || parsed.password || parsed.search || parsed.hash || url.includes("?") || url.includes("#")) {
    throw new ConfigurationError(
      `${option} '${shown}': expected a URL without credentials, query string or fragment (feed URLs are printed in logs and reports; for a mirror that needs a token, download the feed in the job and give it as a file: --kev-file or --epss-file)`
    );
  }
  return url;
}

export {
  checkFeedUrl
};
//# sourceMappingURL=chunk-H2J6QPBD.js.map
