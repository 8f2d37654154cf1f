import { ConfigurationError, type SourcePosition } from './errors.js';

/**
 * Sizes as people write them in policies. `MB` is 10^6 bytes (what `docker images` prints), `MiB` is 2^20.
 * The text the user wrote is kept so reports can print it back.
 */
export interface ByteSize {
  bytes: number;
  text: string;
}

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

const SIZE_PATTERN = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/;

/** Parses `300MB`, `1.5 GiB`, `512` (bytes) or a number of bytes. Returns undefined when the text is not a size. */
export function tryParseByteSize(value: string | number): ByteSize | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value >= 0 ? { bytes: Math.round(value), text: `${value} B` } : undefined;
  }
  const match = SIZE_PATTERN.exec(value);
  if (!match) return undefined;
  const unit = (match[2] ?? '').toLowerCase() || 'b';
  const factor = UNITS[unit];
  if (factor === undefined) return undefined;
  return { bytes: Math.round(Number(match[1]) * factor), text: value.trim() };
}

export function parseByteSize(value: string | number, where?: SourcePosition): ByteSize {
  const size = tryParseByteSize(value);
  if (!size) {
    throw new ConfigurationError(
      `'${String(value)}' is not a size; expected a number with a unit such as 300MB, 1.5GiB or 512KiB`,
      where,
    );
  }
  return size;
}

/** Human-readable size in the decimal units `docker images` uses (e.g. `12.3 MB`). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 'B';
  // Compared with what the value rounds to, so 999,999 bytes is `1.00 MB` rather than `1000 kB`, 9.996 MB `10.0 MB`.
  for (const next of units) {
    if (value < 999.5) break;
    value /= 1000;
    unit = next;
  }
  const digits = value >= 99.95 ? 0 : value >= 9.995 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`;
}

/** Parses `10%` or `0.1` into a fraction. */
export function tryParseFraction(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(value);
  if (match) return Number(match[1]) / 100;
  const plain = Number(value);
  return value.trim() !== '' && Number.isFinite(plain) ? plain : undefined;
}

/** A fraction as a percentage with one decimal (`84.9%`), never rounded up: 0.9999 is 99.9%, not 100.0%. */
export function formatPercent(fraction: number): string {
  // Rounded to a millionth first, so 0.57 (0.56999… in binary) is 57.0% and not 56.9%.
  const value = Math.floor(Math.round(fraction * 1e6) / 1000) / 10;
  return `${value.toFixed(1)}%`;
}
