import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '../../src/model/findings.js';
import { applyVex } from '../../src/vex/apply-vex.js';
import { parseVexDocument } from '../../src/vex/parse-vex-document.js';
import { sharedDir } from '../support/shared.js';
import { FUZZ_TIMEOUT_MS, fuzz, mutatedText } from './support/harness.js';

/**
 * VEX documents are pull-request input: whatever the bytes, parsing (and matching what parsed) ends in a document or
 * a ConfigurationError naming the file, within the harness's time bound.
 */

const shared = sharedDir();
if (!shared) throw new Error('the shared corpus (corpus/vex) is needed: see test/support/shared.ts');
const seeds = [
  'openvex/go-vex_v0.2.0.json',
  'openvex/go-vex_v020-1.vex.json',
  'cyclonedx/cisa-case1_vex-not_affected.json',
].map((file) => readFileSync(path.join(shared, 'corpus', 'vex', file), 'utf8'));
const TOKENS = [
  '"status":',
  '"not_affected"',
  '"justification":',
  '"products":',
  '"subcomponents":',
  '"@id":',
  '"pkg:oci/a@sha256%3A"',
  '"timestamp":',
  '"analysis":',
  '"state":',
  '"affects":',
];
const finding: Finding = {
  ruleId: 'vuln/CVE-2023-3446',
  severity: 'high',
  message: 'm',
  location: { kind: 'image', image: 'alpine' },
  fingerprint: 'f',
  properties: { vulnerabilityId: 'CVE-2023-3446', purl: 'pkg:apk/alpine/libssl3@3.0.8-r3' },
};

test(
  'parseVexDocument + applyVex: a document or a ConfigurationError naming the file',
  async () => {
    await fuzz(
      'vex',
      mutatedText(seeds, TOKENS),
      (text) => {
        const document = parseVexDocument(text, { path: 'vex.json' });
        return applyVex([finding], [document], {
          image: { digests: [], references: [{ registry: 'docker.io', repository: 'library/alpine' }] },
          imageRepository: 'docker.io/library/alpine',
          vulnerabilityScanRan: true,
        });
      },
      250,
    );
  },
  FUZZ_TIMEOUT_MS,
);
