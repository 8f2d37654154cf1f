import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);

// src/util/units.ts
var UNITS = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40
};
var SIZE_PATTERN = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/;
function tryParseByteSize(value) {
  if (typeof value === "number") {
    return Number.isFinite(value) && value >= 0 ? { bytes: Math.round(value), text: `${value} B` } : void 0;
  }
  const match = SIZE_PATTERN.exec(value);
  if (!match) return void 0;
  const unit = (match[2] ?? "").toLowerCase() || "b";
  const factor = UNITS[unit];
  if (factor === void 0) return void 0;
  return { bytes: Math.round(Number(match[1]) * factor), text: value.trim() };
}
function formatBytes(bytes) {
  if (bytes < 1e3) return `${bytes} B`;
  const units = ["kB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = "B";
  for (const next of units) {
    if (value < 999.5) break;
    value /= 1e3;
    unit = next;
  }
  const digits = value >= 99.95 ? 0 : value >= 9.995 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`;
}
function tryParseFraction(value) {
  if (typeof value === "number") return Number.isFinite(value) ? value : void 0;
  const match = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(value);
  if (match) return Number(match[1]) / 100;
  const plain = Number(value);
  return value.trim() !== "" && Number.isFinite(plain) ? plain : void 0;
}
function formatPercent(fraction) {
  const value = Math.floor(Math.round(fraction * 1e6) / 1e3) / 10;
  return `${value.toFixed(1)}%`;
}

export {
  tryParseByteSize,
  formatBytes,
  tryParseFraction,
  formatPercent
};
//# sourceMappingURL=chunk-2SIDVBE2.js.map
