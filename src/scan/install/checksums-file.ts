import { ToolError } from '../../util/errors.js';

/**
 * A release's `trivy_<ver>_checksums.txt`, in `sha256sum` format: `<64 hex>  <file name>` per line (a `*` before
 * the name marks binary mode). The SHA-256 listed for `fileName`, lower-case; a ToolError naming the URL when the
 * file is not in that format or does not list the file.
 */
export function checksumFor(text: string, fileName: string, url: string): string {
  const found: string[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const match = /^([0-9a-fA-F]{64}) [ *](.+)$/.exec(line);
    if (!match) {
      throw new ToolError(
        `${url} is not a sha256sum checksums file: line ${index + 1} is ${JSON.stringify(line.slice(0, 120))}`,
        { command: `GET ${url}` },
      );
    }
    if (match[2] === fileName) found.push((match[1] ?? '').toLowerCase());
  }
  const [first, ...rest] = found;
  if (first === undefined) {
    throw new ToolError(`${url} lists no checksum for ${fileName}`, { command: `GET ${url}` });
  }
  if (rest.some((other) => other !== first)) {
    throw new ToolError(`${url} lists ${fileName} with different checksums`, { command: `GET ${url}` });
  }
  return first;
}
