/** Linux capabilities as the compose and Kubernetes rules judge them (shared). */

/** Capabilities enough to leave the container (compared without `CAP_`, in upper case). */
export const DANGEROUS_CAPABILITIES: ReadonlyMap<string, string> = new Map([
  ['ALL', 'every capability'],
  ['SYS_ADMIN', 'mount, namespaces and most of what root can do'],
  ['SYS_MODULE', 'loading kernel modules'],
  ['SYS_RAWIO', 'raw access to devices and I/O ports'],
  ['DAC_READ_SEARCH', 'opening any host file by handle'],
]);

/** `cap_sys_admin`, `CAP_SYS_ADMIN` and `SYS_ADMIN` are one capability: the engine and the kubelet accept each. */
export function capabilityName(written: string): string {
  return written.trim().toUpperCase().replace(/^CAP_/, '');
}
