import { readFile } from 'node:fs/promises';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { toTrustMaterial, type TrustMaterial } from '@sigstore/verify';
import publicGood from '../../trust/sigstore-public-good/trusted_root.json' with { type: 'json' };
import { ConfigurationError } from '../util/errors.js';

/**
 * The trust root keyless signatures are checked against: Fulcio certificate authorities, Rekor log keys, CT log keys
 * and timestamp authorities, each with its validity period. The Sigstore public-good root ships in the repository
 * (trust/sigstore-public-good, with its source and date) so verification needs no network; a private Fulcio/Rekor
 * brings its own `trusted_root.json`.
 */
export interface LoadedTrustRoot {
  root: TrustedRoot;
  material: TrustMaterial;
  /** What the reports call it: "Sigstore public-good" or the path as the user wrote it. */
  name: string;
}

export function publicGoodTrustRoot(): LoadedTrustRoot {
  const root = TrustedRoot.fromJSON(publicGood);
  return { root, material: toTrustMaterial(root), name: 'Sigstore public-good' };
}

/** A user-given `trusted_root.json` (Sigstore's protobuf-specs JSON form). `display` is the path as written. */
export async function loadTrustRootFile(file: string, display: string): Promise<LoadedTrustRoot> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigurationError(
      `cannot read the trusted root ${display}: ${(error as NodeJS.ErrnoException).code ?? 'read failed'}`,
    );
  }
  const root = parseTrustRoot(text, display);
  return { root, material: toTrustMaterial(root), name: display };
}

/** Never quotes the file's content in an error: the message names the file and what was expected. */
export function parseTrustRoot(text: string, display: string): TrustedRoot {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConfigurationError(`${display} is not JSON: expected a Sigstore trusted_root.json`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ConfigurationError(`${display}: expected a Sigstore trusted_root.json object`);
  }
  let root: TrustedRoot;
  try {
    root = TrustedRoot.fromJSON(json);
  } catch {
    throw new ConfigurationError(`${display}: not a Sigstore trusted_root.json (protobuf-specs TrustedRoot)`);
  }
  if (root.certificateAuthorities.length === 0 && root.tlogs.length === 0) {
    throw new ConfigurationError(
      `${display}: a trusted_root.json needs at least one of certificateAuthorities and tlogs, found neither`,
    );
  }
  return root;
}
