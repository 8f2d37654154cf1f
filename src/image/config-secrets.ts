import { parseCreatedBy } from '../dockerfile/created-by.js';
import { compileGlob, type GlobMatcher } from '../util/glob.js';
import { isSecretName, isSecretValue } from './config-secret-names.js';
import {
  findInCommand,
  findTokens,
  findUrlCredentials,
  type SecretKind,
  type SecretMatch,
} from './config-secret-patterns.js';
import type { ConfigSecretFact, ImageFacts } from './facts.js';

/**
 * Secrets in an image's config and history (config/secret), found where the image is read so that nothing after
 * it ever holds them: `redactConfigSecrets` returns the facts with every secret value replaced by `***` in ENV,
 * LABEL and history text, the value-free account of what it replaced (`configSecrets`), and the values for the
 * run's Redactor (which also keeps them out of the Trivy report and every log line).
 *
 * Where the builders put them (Docker 20.10, both builders, checked by test/image/config-secrets-docker.test.ts):
 * ENV and LABEL values in the config and in their history entries (`ENV A=b`, `/bin/sh -c #(nop)  ENV A=b`);
 * an ARG's default in its entry (`ARG A=b`); and the value of every build arg a RUN sees, `--build-arg` ones
 * included, before its command (`RUN |2 A=b C=d /bin/sh -c …`, classic `|2 A=b C=d /bin/sh -c …`), unquoted.
 */

export interface FoundSecret extends ConfigSecretFact {
  value: string;
}

export interface ConfigSecretOptions {
  /** Extra name globs (case-insensitive) whose non-empty, non-placeholder values are secrets too. */
  names?: readonly string[];
}

/** Every secret in the config and history, one per distinct value, in report order (ENV, LABEL, ARG, commands). */
export function findConfigSecrets(image: ImageFacts, options: ConfigSecretOptions = {}): FoundSecret[] {
  return detect(image, options).found;
}

/** Texts of the facts, named for the scrubber: `env:3`, `label:<name>`, `history:5`. */
type TextId = string;

function detect(
  image: ImageFacts,
  options: ConfigSecretOptions,
): { found: FoundSecret[]; inText: Map<TextId, Set<string>> } {
  const extra = (options.names ?? []).map((glob) => ({ glob, match: compileGlob(glob, { nocase: true }) }));
  const found: FoundSecret[] = [];
  const seen = new Set<string>();
  const inText = new Map<TextId, Set<string>>();
  let where: TextId = '';
  const add = (secret: FoundSecret) => {
    const values = inText.get(where) ?? new Set<string>();
    values.add(secret.value);
    inText.set(where, values);
    if (seen.has(secret.value)) return;
    seen.add(secret.value);
    found.push(secret);
  };
  const parsed = image.history.map((entry) => parseCreatedBy(entry.createdBy));
  // Which ENV and LABEL entry last set each name: one pass over the history, not one per variable.
  const lastSet = { ENV: new Map<string, number>(), LABEL: new Map<string, number>() };
  parsed.forEach((entry, index) => {
    if (entry.keyword === 'ENV' || entry.keyword === 'LABEL') {
      for (const [name] of pairs(entry.text, true)) lastSet[entry.keyword].set(name, index);
    }
  });

  image.config.env.forEach((variable, envIndex) => {
    where = `env:${envIndex}`;
    const equals = variable.indexOf('=');
    if (equals <= 0) return;
    const name = variable.slice(0, equals);
    for (const match of namedValue(name, variable.slice(equals + 1), extra)) {
      add({ source: 'env', name, subject: name, ...match, ...at(lastSet.ENV.get(name)) });
    }
  });
  for (const [name, value] of Object.entries(image.config.labels)) {
    where = `label:${name}`;
    for (const match of namedValue(name, value, extra)) {
      add({ source: 'label', name, subject: name, ...match, ...at(lastSet.LABEL.get(name)) });
    }
  }

  const argNames = new Set<string>();
  parsed.forEach((entry) => {
    if (entry.keyword === 'ARG') for (const [name] of pairs(entry.text, true)) argNames.add(name);
  });
  const commands: Array<{ index: number; text: string }> = [];
  image.history.forEach((entry, index) => {
    where = `history:${index}`;
    const createdBy = entry.createdBy;
    const { keyword, text } = parsed[index] as ReturnType<typeof parseCreatedBy>;
    if (keyword === 'ARG') {
      for (const [name, value] of pairs(text)) {
        for (const match of namedValue(name, value, extra))
          add({ source: 'arg', name, subject: name, ...match, historyIndex: index });
      }
      return;
    }
    if (keyword === 'ENV' || keyword === 'LABEL') {
      // An ENV or LABEL a later instruction replaced is gone from the config but not from the history.
      const source = keyword === 'ENV' ? 'env' : 'label';
      for (const [name, value] of pairs(text)) {
        for (const match of namedValue(name, value, extra))
          add({ source, name, subject: name, ...match, historyIndex: index });
      }
      return;
    }
    const buildArgs = runBuildArgs(createdBy, argNames);
    for (const [name, value] of buildArgs.pairs) {
      for (const match of namedValue(name, value, extra))
        add({ source: 'arg', name, subject: name, ...match, historyIndex: index });
    }
    commands.push({ index, text: buildArgs.rest });
  });
  for (const command of commands) {
    const index = command.index;
    where = `history:${index}`;
    for (const match of findInCommand(command.text)) {
      add({
        source: 'history',
        subject: `history:${index + 1}`,
        kind: match.kind,
        prefix: prefixOf(match),
        value: match.value,
        historyIndex: index,
      });
    }
  }
  return { found, inText };
}

/** Characters × secrets a scrub may compare; past it each text is scrubbed with only the secrets found in it. */
const SCRUB_BUDGET = 50_000_000;

/**
 * The facts with every found secret replaced by `***` (ENV, LABEL values, history text) and `configSecrets` set,
 * plus the values themselves for the run's Redactor.
 */
export function redactConfigSecrets(
  image: ImageFacts,
  options: ConfigSecretOptions = {},
): { image: ImageFacts; values: string[] } {
  const { found, inText } = detect(image, options);
  const configSecrets: ConfigSecretFact[] = found.map(({ value: _value, ...fact }) => fact);
  if (found.length === 0) return { image: { ...image, configSecrets }, values: [] };
  const values = found.map((secret) => secret.value);
  const texts = [
    ...image.config.env,
    ...Object.values(image.config.labels),
    ...image.history.map((entry) => entry.createdBy),
  ];
  const total = texts.reduce((sum, text) => sum + text.length, 0);
  // Normally every secret is looked for in every text (a password an ENV holds may also be in a RUN command). A
  // hostile config with thousands of secrets gets each text scrubbed with its own, and a text too large even for
  // that is withheld whole.
  const everywhere = total * values.length <= SCRUB_BUDGET;
  const scrub = (text: string, id: TextId): string => {
    const own = everywhere ? values : [...(inText.get(id) ?? [])];
    if (own.length === 0) return text;
    if (text.length * own.length > SCRUB_BUDGET)
      return `*** (withheld: ${own.length} secrets in ${text.length} characters)`;
    // Longest first, so a secret that contains another is replaced whole.
    let result = text;
    for (const value of [...own].sort((a, b) => b.length - a.length)) {
      if (result.includes(value)) result = result.split(value).join('***');
    }
    return result;
  };
  return {
    image: {
      ...image,
      config: {
        ...image.config,
        env: image.config.env.map((text, index) => scrub(text, `env:${index}`)),
        labels: Object.fromEntries(
          Object.entries(image.config.labels).map(([name, value]) => [name, scrub(value, `label:${name}`)]),
        ),
        entrypoint: everywhere
          ? (image.config.entrypoint?.map((text) => scrub(text, '')) ?? null)
          : image.config.entrypoint,
        cmd: everywhere ? (image.config.cmd?.map((text) => scrub(text, '')) ?? null) : image.config.cmd,
      },
      history: image.history.map((entry, index) => ({
        ...entry,
        createdBy: scrub(entry.createdBy, `history:${index}`),
      })),
      configSecrets,
    },
    values,
  };
}

/** At most four characters, and fewer for short values: a quarter of the value, so a short password stays unknown. */
export function prefixOf(match: SecretMatch): string {
  const fixed = FORMAT_PREFIX[match.kind];
  if (fixed) return match.value.slice(0, Math.min(4, fixed));
  return match.value.slice(0, Math.min(4, Math.floor(match.value.length / 4)));
}

/** How many leading characters of each format are the format itself (no entropy): `ghp_`, `AKIA`, `glpa`… */
const FORMAT_PREFIX: Partial<Record<SecretKind, number>> = {
  'aws-access-key-id': 4,
  'github-token': 4,
  'gitlab-token': 4,
  'slack-token': 4,
  'google-api-key': 4,
  'stripe-key': 4,
  'npm-token': 4,
  'pypi-token': 4,
  'private-key': 4,
};

type Match = Pick<FoundSecret, 'kind' | 'prefix' | 'value'> & { namePattern?: string };

/** A name's value: tokens and URL passwords in it, else the whole value when the name says it is a secret. */
function namedValue(name: string, value: string, extra: ReadonlyArray<{ glob: string; match: GlobMatcher }>): Match[] {
  const evidence = [...findTokens(value), ...findUrlCredentials(value)];
  if (evidence.length > 0)
    return evidence.map((match) => ({ kind: match.kind, prefix: prefixOf(match), value: match.value }));
  if (!isSecretValue(name, value)) return [];
  const secret: SecretMatch = { kind: 'secret-name', value: value.trim() };
  if (isSecretName(name)) return [{ kind: secret.kind, prefix: prefixOf(secret), value: secret.value }];
  const pattern = extra.find(({ match }) => match(name));
  return pattern
    ? [{ kind: secret.kind, prefix: prefixOf(secret), value: secret.value, namePattern: pattern.glob }]
    : [];
}

function at(historyIndex: number | undefined): { historyIndex?: number } {
  return historyIndex === undefined ? {} : { historyIndex };
}

/**
 * `A=1 B="two words" C` as name/value pairs; a bare name has no value and is skipped unless `withEmpty` (which
 * also reads the old `ENV NAME value` form's name).
 */
function pairs(text: string, withEmpty = false): Array<[string, string]> {
  const result: Array<[string, string]> = [];
  for (const match of text.matchAll(/(?:^|\s)"?([A-Za-z_][A-Za-z0-9_.-]{0,255})"?=("[^"]*"|'[^']*'|\S*)/g)) {
    const raw = match[2] as string;
    const value = /^(["']).*\1$/s.test(raw) ? raw.slice(1, -1) : raw;
    if (value !== '' || withEmpty) result.push([match[1] as string, value]);
  }
  if (withEmpty && result.length === 0) {
    const old = /^([A-Za-z_][A-Za-z0-9_.-]{0,255})(?:\s|$)/.exec(text);
    if (old) result.push([old[1] as string, '']);
  }
  return result;
}

/**
 * The build args a RUN entry records before its command (`|2 A=1 B=two words /bin/sh -c …`, with or without
 * BuildKit's `RUN `), and the command after them. Values are unquoted and may hold spaces, so a value runs up to
 * the next ` NAME=` of a declared ARG (`argNames`, from the history's ARG entries; any name when there are none);
 * the last one up to the shell, else its first space. One left-to-right pass with a cursor: no copy of the text
 * per argument, and once no further ` NAME=` exists the search is not repeated.
 */
function runBuildArgs(
  createdBy: string,
  argNames: ReadonlySet<string>,
): { pairs: Array<[string, string]>; rest: string } {
  const head = /^(?:RUN\s+)?\|(\d{1,4})\s+/.exec(createdBy);
  if (!head) return { pairs: [], rest: createdBy };
  const count = Number(head[1]);
  const text = createdBy;
  let position = head[0].length;
  let exhausted = false;
  const name = /([A-Za-z_][A-Za-z0-9_]{0,255})=/y;
  const nextName = / ([A-Za-z_][A-Za-z0-9_]{0,255})=/g;
  const shell = / \/(?:usr\/)?bin\/[a-z]{0,10}sh -c | cmd \/S \/C /g;
  const space = /\s/g;
  const result: Array<[string, string]> = [];
  for (let index = 0; index < count; index += 1) {
    name.lastIndex = position;
    const declared = name.exec(text);
    if (!declared) break;
    const start = position + declared[0].length;
    let end = -1;
    if (index < count - 1 && !exhausted) {
      nextName.lastIndex = start;
      for (let next = nextName.exec(text); next; next = nextName.exec(text)) {
        if (argNames.size === 0 || argNames.has(next[1] as string)) {
          end = next.index;
          break;
        }
      }
      exhausted = end === -1;
    } else if (index === count - 1) {
      shell.lastIndex = start;
      end = shell.exec(text)?.index ?? -1;
    }
    if (end === -1) {
      space.lastIndex = start;
      end = space.exec(text)?.index ?? text.length;
    }
    const value = text.slice(start, end);
    if (value !== '') result.push([declared[1] as string, value]);
    position = end;
    while (position < text.length && /\s/.test(text[position] as string)) position += 1;
  }
  return { pairs: result, rest: text.slice(position) };
}
