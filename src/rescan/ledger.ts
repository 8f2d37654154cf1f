import {
  DIGEST_PATTERN,
  expectRecord,
  expectSchemaVersion,
  expectString,
  expectStrings,
  expectTime,
  isRecord,
  writeJsonAtomic,
  type JsonInput,
} from './json-input.js';
import { readDocument } from '../json/document-schema.js';
import { RESCAN_SCHEMA_VERSION, type LedgerEntry, type RescanLedger } from './types.js';
import type { Redactor } from '../util/redact.js';

/**
 * The ledger: what earlier scheduled runs scanned, per digest. It is carried between CI runs (a cache or an
 * artifact that may be missing the first night), so an absent file is an empty ledger; a file that is there but
 * wrong is the user's to fix (exit 2 with file:line:col), never silently replaced by an empty one, since that
 * would re-scan everything and call every finding new.
 */

const EXPECTED = 'expected a ledger written by imagegate rescan merge';

/** A ledger with no entries. */
export function emptyLedger(now = new Date()): RescanLedger {
  return { schemaVersion: RESCAN_SCHEMA_VERSION, updatedAt: now.toISOString(), entries: {} };
}

/** Reads and checks a ledger file; an absent file is an empty ledger (updatedAt: now). */
export async function readLedger(file: string): Promise<RescanLedger> {
  const ledger = await readDocument(file, 'rescan-ledger', EXPECTED, parseLedger, {
    absent: 'undefined',
    what: 'the ledger',
  });
  return ledger ?? emptyLedger();
}

/**
 * Writes the ledger atomically (temporary file + rename), entries sorted by digest and fingerprints sorted, so the
 * same ledger is the same bytes (a cache key or a diff stays meaningful).
 */
export async function writeLedger(file: string, ledger: RescanLedger, redactor?: Redactor): Promise<void> {
  await writeJsonAtomic(file, normalizeLedger(ledger), 'the ledger', redactor);
}

/** The ledger in its written form: sorted keys, sorted tags and fingerprints, no duplicates. */
export function normalizeLedger(ledger: RescanLedger): RescanLedger {
  const entries: Record<string, LedgerEntry> = {};
  for (const digest of Object.keys(ledger.entries).sort()) {
    const entry = ledger.entries[digest] as LedgerEntry;
    entries[digest] = {
      repository: entry.repository,
      tags: sortedUnique(entry.tags),
      lastScan: entry.lastScan,
      ...(entry.trivyDbUpdatedAt !== undefined ? { trivyDbUpdatedAt: entry.trivyDbUpdatedAt } : {}),
      fingerprints: sortedUnique(entry.fingerprints),
      verdict: entry.verdict,
    };
  }
  return { schemaVersion: RESCAN_SCHEMA_VERSION, updatedAt: ledger.updatedAt, entries };
}

/** Checks a parsed ledger document. Unknown keys are kept out but allowed: later versions may add some. */
export function parseLedger(input: JsonInput): RescanLedger {
  const document = expectRecord(input, input.value, []);
  expectSchemaVersion(input, document, RESCAN_SCHEMA_VERSION);
  const updatedAt = expectTime(input, document.updatedAt, ['updatedAt']);
  if (!isRecord(document.entries)) {
    return input.fail(['entries'], 'expected an object keyed by manifest digest');
  }
  const entries: Record<string, LedgerEntry> = {};
  for (const [digest, value] of Object.entries(document.entries)) {
    const at = ['entries', digest];
    if (!DIGEST_PATTERN.test(digest)) input.fail(at, `"${digest}" is not a manifest digest (algorithm:hex)`);
    entries[digest] = parseEntry(input, value, at);
  }
  return { schemaVersion: RESCAN_SCHEMA_VERSION, updatedAt, entries };
}

function parseEntry(input: JsonInput, value: unknown, at: string[]): LedgerEntry {
  const entry = expectRecord(input, value, at);
  const verdict = entry.verdict;
  if (verdict !== 'pass' && verdict !== 'fail') {
    input.fail([...at, 'verdict'], `expected "pass" or "fail", found ${JSON.stringify(verdict) ?? 'nothing'}`);
  }
  const trivyDbUpdatedAt =
    entry.trivyDbUpdatedAt === undefined
      ? undefined
      : expectTime(input, entry.trivyDbUpdatedAt, [...at, 'trivyDbUpdatedAt']);
  return {
    repository: expectString(input, entry.repository, [...at, 'repository']),
    tags: expectStrings(input, entry.tags, [...at, 'tags']),
    lastScan: expectTime(input, entry.lastScan, [...at, 'lastScan']),
    ...(trivyDbUpdatedAt !== undefined ? { trivyDbUpdatedAt } : {}),
    fingerprints: expectStrings(input, entry.fingerprints, [...at, 'fingerprints']),
    verdict,
  };
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
