import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAttachedVex } from '../../src/pipeline/image-vex-stage.js';
import { ConsoleLogger } from '../../src/util/logger.js';
import { Redactor } from '../../src/util/redact.js';
import { sharedDir } from '../support/shared.js';

/**
 * VEX documents attached to the image (vulnerabilities.vexFromImage) join the policy's own: each one that parses
 * goes to the matcher; one that does not is a warning naming where it came from, never exit 2 — whoever can push to
 * the image's repository wrote it, not the workflow.
 */

const shared = sharedDir();
if (!shared) throw new Error('the shared corpus (corpus/vex) is needed: see test/support/shared.ts');
const openvex = readFileSync(path.join(shared, 'corpus', 'vex', 'openvex', 'go-vex_v0.2.0.json'), 'utf8');

test('attached documents that parse go to the matcher; a broken one is a warning, and the rest still count', () => {
  const lines: string[] = [];
  const logger = new ConsoleLogger({ redactor: new Redactor([]), write: (line) => lines.push(line) });
  const parsed = parseAttachedVex(
    [
      { source: 'registry.example/app@sha256:1 referrer sha256:aa', text: openvex },
      {
        source: 'registry.example/app@sha256:1 referrer sha256:bb',
        text: '{"@context": "https://openvex.dev/ns/v0.2.0"',
      },
    ],
    logger,
  );
  expect(parsed).toHaveLength(1);
  expect(parsed[0]?.format).toBe('openvex');
  expect(parsed[0]?.path).toBe('registry.example/app@sha256:1 referrer sha256:aa');
  expect(parsed[0]?.statements.length).toBeGreaterThan(0);
  const warnings = lines.filter((line) => line.includes('ignored a VEX document attached to the image'));
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toContain('referrer sha256:bb');
});
