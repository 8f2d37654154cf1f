/**
 * compose's reading of a short volume spec (`SOURCE:TARGET:MODE`, compose-go format.ParseVolume), run on the
 * interpolated string. The loader needs it to key service volumes by target when files are merged; the parts are
 * exported so the mount rules read volumes the same way.
 *
 * The spec is split on `:` character by character: a `:` inside `${…}` (nested) is not a separator (only left when
 * interpolation was skipped), a single letter followed by `:` is a Windows drive (`C:\data:/data:ro`), a spec of 1–2
 * characters is an anonymous volume, one part is an anonymous volume's target, and a fourth part is an error.
 */

export interface ShortVolume {
  /** Empty for an anonymous volume. */
  source: string;
  target: string;
  /** The third part as written (`ro`, `rw,Z`, `RO` …); undefined when absent. */
  mode?: string;
}

export type ShortVolumeResult = { ok: true; volume: ShortVolume } | { ok: false; error: string };

export function parseShortVolume(spec: string): ShortVolumeResult {
  const chars = [...spec];
  if (chars.length === 0) return { ok: false, error: 'invalid empty volume spec' };
  if (chars.length <= 2) return { ok: true, volume: { source: '', target: spec } };

  const parts: string[] = [];
  let buffer: string[] = [];
  let depth = 0;
  const flush = (atEnd: boolean): string | undefined => {
    const text = buffer.join('');
    if (buffer.length === 0) return 'empty section between colons';
    if (parts.length === 0 && atEnd) {
      parts.push('', text);
    } else if (parts.length < 2) {
      parts.push(text);
    } else if (!atEnd) {
      return 'too many colons';
    } else {
      parts.push(text);
    }
    buffer = [];
    return undefined;
  };
  for (let i = 0; i <= chars.length; i++) {
    const char = chars[i];
    if (char === '$' && chars[i + 1] === '{') {
      depth++;
      buffer.push(char);
      continue;
    }
    if (char === '}' && depth > 0) {
      depth--;
      buffer.push(char);
      continue;
    }
    if (char === ':' && buffer.length === 1 && /\p{L}/u.test(buffer[0] as string)) {
      buffer.push(char);
    } else if ((char === ':' || char === undefined) && depth === 0) {
      const error = flush(char === undefined);
      if (error) return { ok: false, error: `invalid spec: ${spec}: ${error}` };
    } else if (char !== undefined) {
      buffer.push(char);
    }
  }
  // An unclosed `${` swallows the rest of the spec without ending a part, as in compose.
  const [source = '', target = '', mode] = parts;
  return { ok: true, volume: mode === undefined ? { source, target } : { source, target, mode } };
}

/** compose's test for a bind source: starts with `.`, `/`, `~`, `\\` (a named pipe) or a drive letter and `:`. */
export function isHostPathSource(source: string): boolean {
  if (source === '') return false;
  if (source.startsWith('.') || source.startsWith('/') || source.startsWith('~') || source.startsWith('\\\\'))
    return true;
  const [first, second] = [...source];
  return first !== undefined && second === ':' && /\p{L}/u.test(first);
}
