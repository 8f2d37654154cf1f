/**
 * Size caps for what a release server may send. Tarballs are ~50–70 MB and the binary ~150–200 MB today; the
 * caps leave room to grow while bounding what a wrong or hostile server can make imagegate write.
 */
export const MAX_TARBALL_BYTES = 300 * 2 ** 20;
export const MAX_CHECKSUMS_BYTES = 2 ** 20;
export const MAX_BINARY_BYTES = 1024 * 2 ** 20;
export const MAX_UNPACKED_BYTES = 2048 * 2 ** 20;

/** Caps are binary sizes: printed as such (`1 MiB`), not in the decimal units image sizes use. */
export function formatCap(bytes: number): string {
  return `${Math.round(bytes / 2 ** 20)} MiB`;
}
