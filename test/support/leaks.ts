import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { escapeInline } from '../../src/util/markdown-escape.js';

/**
 * Looking for a secret in what a run left behind (test/e2e/secret-canary.test.ts and the config/secret canary):
 * every form the value may take in an output (raw, URL-encoded, Markdown-escaped, `+` as a space, and base64 at each
 * of the three byte offsets, standard and URL alphabets), and every file under an out dir.
 */
export function secretForms(secret: string): string[] {
  const bytes = Buffer.from(secret);
  const forms = new Set([secret, encodeURIComponent(secret), escapeInline(secret), secret.replace('+', ' ')]);
  for (let offset = 0; offset < 3; offset += 1) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const fragment = encoded.slice(Math.ceil((offset * 8) / 6), Math.floor(((offset + bytes.length) * 8) / 6));
    forms.add(fragment);
    forms.add(fragment.replaceAll('+', '-').replaceAll('/', '_'));
  }
  return [...forms];
}

/** Where any of `forms` occurs in `text`, as `where: form`, for a readable failure. */
export function leaksIn(forms: readonly string[], where: string, text: string): string[] {
  return forms.filter((form) => text.includes(form)).map((form) => `${where}: ${form}`);
}

export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

/** Every form found in every file under `dir`, named by its path relative to `dir`. */
export async function outDirLeaksOf(forms: readonly string[], dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const file of await filesUnder(dir)) {
    found.push(...leaksIn(forms, path.relative(dir, file), await readFile(file, 'latin1')));
  }
  return found;
}
