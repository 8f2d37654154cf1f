import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadBaseline } from '../../src/baseline/baseline.js';
import { tempDir } from '../support/temp.js';
import { FUZZ_TIMEOUT_MS, fuzz, mutatedText } from './support/harness.js';

/** The baseline report (an imagegate.json the repository may carry) as the growth and new-findings comparison reads it. */

const dir = await tempDir('imagegate-fuzz-baseline-');
const SEED = JSON.stringify({
  schemaVersion: 1,
  tool: { name: 'imagegate', version: '0.1.0' },
  startedAt: '2026-11-27T02:00:00.000Z',
  image: { reference: 'ghcr.io/acme/api:1', size: 1000, layers: [{ diffId: `sha256:${'a'.repeat(64)}`, size: 1000 }] },
  findings: [
    {
      ruleId: 'vulnerability/CVE-2024-0001',
      severity: 'high',
      message: 'openssl 3.0.0',
      fingerprint: '0123456789abcdef0123456789abcdef',
      suppressed: false,
      location: { path: 'Dockerfile', line: 3, column: 1 },
      properties: { package: 'openssl', fixedVersion: '3.0.1' },
    },
  ],
});
const TOKENS = [
  '"findings":',
  '"severity":',
  '"fingerprint":',
  '"properties":',
  '"location":',
  '"line":',
  '-1',
  '1e400',
];

let count = 0;
test(
  'loadBaseline: a baseline or a ConfigurationError naming the file',
  async () => {
    await fuzz(
      'baseline',
      mutatedText([SEED, JSON.stringify(JSON.parse(SEED), null, 2)], TOKENS),
      async (text) => {
        const file = path.join(dir, `baseline-${(count += 1) % 8}.json`);
        await writeFile(file, text);
        return loadBaseline(file, 'imagegate.json');
      },
      250,
    );
  },
  FUZZ_TIMEOUT_MS,
);
