/**
 * Variable substitution as Docker applies it to FROM and ARG defaults: `$VAR`, `${VAR}`, `${VAR:-word}`,
 * `${VAR-word}`, `${VAR:+word}`, `${VAR+word}`, `${VAR:?msg}`, quotes removed, the escape character respected.
 * Unlike Docker, a reference we cannot resolve keeps its text (`${TAG}`) and its name is reported, so a policy check
 * can say "unresolved" instead of judging an image name that no build would use.
 */

/** A variable's meaning: a known value (itself perhaps partly unresolved), or set by the builder to a value we cannot know. */
export type VariableValue = { kind: 'value'; value: string; unresolved: readonly string[] } | { kind: 'builder' };

/** Looks a name up; undefined means unset. */
export type Scope = (name: string) => VariableValue | undefined;

export interface Expansion {
  value: string;
  unresolved: string[];
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

export function expandWord(text: string, escapeChar: string, scope: Scope): Expansion {
  const expander = new Expander(text, escapeChar, scope);
  const value = expander.expand(false);
  return { value, unresolved: [...expander.unresolved] };
}

class Expander {
  unresolved = new Set<string>();
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly escapeChar: string,
    private readonly scope: Scope,
  ) {}

  /** Expands up to the end, or (inside `${…}`) up to the unquoted closing brace, which it consumes. */
  expand(insideBraces: boolean): string {
    let out = '';
    const text = this.text;
    while (this.pos < text.length) {
      const ch = text[this.pos] as string;
      if (insideBraces && ch === '}') {
        this.pos++;
        return out;
      }
      if (ch === this.escapeChar) {
        this.pos++;
        out += this.pos < text.length ? text[this.pos++] : ch;
      } else if (ch === "'") {
        const end = text.indexOf("'", this.pos + 1);
        const stop = end < 0 ? text.length : end;
        out += text.slice(this.pos + 1, stop);
        this.pos = stop + 1;
      } else if (ch === '"') {
        out += this.doubleQuoted();
      } else if (ch === '$') {
        out += this.dollar();
      } else {
        out += ch;
        this.pos++;
      }
    }
    return out;
  }

  private doubleQuoted(): string {
    let out = '';
    const text = this.text;
    this.pos++;
    while (this.pos < text.length && text[this.pos] !== '"') {
      const ch = text[this.pos] as string;
      const next = text[this.pos + 1];
      if (ch === this.escapeChar && (next === '"' || next === '$' || next === this.escapeChar)) {
        out += next;
        this.pos += 2;
      } else if (ch === '$') {
        out += this.dollar();
      } else {
        out += ch;
        this.pos++;
      }
    }
    this.pos++;
    return out;
  }

  private dollar(): string {
    const text = this.text;
    const start = this.pos;
    this.pos++;
    if (text[this.pos] === '{') {
      this.pos++;
      const name = this.readName();
      if (!name) {
        this.pos = start + 1;
        return '$';
      }
      if (text[this.pos] === '}') {
        this.pos++;
        return this.reference(name, text.slice(start, this.pos));
      }
      return this.modified(name, start);
    }
    const name = this.readName();
    if (!name) return '$';
    return this.reference(name, text.slice(start, this.pos));
  }

  private readName(): string {
    const text = this.text;
    if (!NAME_START.test(text[this.pos] ?? '')) return '';
    const start = this.pos;
    while (this.pos < text.length && NAME_CHAR.test(text[this.pos] as string)) this.pos++;
    return text.slice(start, this.pos);
  }

  private reference(name: string, raw: string): string {
    const variable = this.scope(name);
    if (variable?.kind === 'value') {
      for (const inner of variable.unresolved) this.unresolved.add(inner);
      return variable.value;
    }
    this.unresolved.add(name);
    return raw;
  }

  /** `${NAME<op>word}`; `pos` is just after the name. */
  private modified(name: string, start: number): string {
    const text = this.text;
    const colon = text[this.pos] === ':';
    const op = text[this.pos + (colon ? 1 : 0)] ?? '';
    if (!['-', '+', '?'].includes(op)) {
      // Pattern operators (#, %, /, offsets): kept as written and reported, rather than half-implemented.
      this.expandWordLazily();
      this.unresolved.add(name);
      return text.slice(start, this.pos);
    }
    this.pos += colon ? 2 : 1;
    const variable = this.scope(name);
    const wordExpansion = this.expandWordLazily();
    const raw = text.slice(start, this.pos);
    if (variable?.kind === 'builder') {
      this.unresolved.add(name);
      return raw;
    }
    const isSet = variable !== undefined && (!colon || variable.value !== '');
    const useValue = (value: VariableValue & { kind: 'value' }) => {
      for (const inner of value.unresolved) this.unresolved.add(inner);
      return value.value;
    };
    if (op === '-') return isSet && variable ? useValue(variable) : wordExpansion.use();
    if (op === '+') return isSet ? wordExpansion.use() : '';
    if (isSet && variable) return useValue(variable);
    this.unresolved.add(name);
    return raw;
  }

  /** Expands the word of `${NAME:-word}` but only keeps what it reports if the caller uses it. */
  private expandWordLazily(): { use: () => string } {
    const saved = new Set(this.unresolved);
    const value = this.expand(true);
    const fromWord = [...this.unresolved].filter((name) => !saved.has(name));
    this.unresolved = saved;
    return {
      use: () => {
        for (const name of fromWord) this.unresolved.add(name);
        return value;
      },
    };
  }
}
