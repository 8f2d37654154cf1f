import { ConfigurationError } from '../util/errors.js';
import { MAX_YAML_FILE_BYTES } from '../yaml/positioned-yaml.js';

/**
 * Standard input as text for `--k8s -` (`helm template … | imagegate …`), stopped at the manifest size cap
 * rather than buffered whole, so a wrong pipe cannot fill memory.
 */
export async function readCappedStdin(
  stream: NodeJS.ReadableStream = process.stdin,
  max = MAX_YAML_FILE_BYTES,
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > max) {
      throw new ConfigurationError(
        `standard input holds more than ${max} bytes; imagegate reads Kubernetes manifests up to ${max} bytes`,
      );
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
