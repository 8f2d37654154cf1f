import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  plural
} from "./chunk-ALVOWIAA.js";

// src/util/describe-age.ts
function describeAge(seconds, options = {}) {
  const unit = (n, one) => plural(n, one);
  if (options.seconds && seconds < 120) return unit(seconds, "second");
  if (seconds >= 2 * 86400) return unit(Math.floor(seconds / 86400), "day");
  if (seconds >= 2 * 3600) return unit(Math.floor(seconds / 3600), "hour");
  return unit(Math.floor(seconds / 60), "minute");
}

export {
  describeAge
};
//# sourceMappingURL=chunk-ON4C7FYR.js.map
