import fc from 'fast-check';
import { parseDockerfile } from '../../src/dockerfile/parse.js';
import { FUZZ_TIMEOUT_MS, fuzz, mutatedText } from './support/harness.js';
import { repoSeeds } from './support/seeds.js';

/** The Dockerfile parser (stages, ARG substitution in FROM, continuations, heredocs, `# escape=`), fuzzed. */

const SEEDS = [
  ...repoSeeds('examples/Dockerfile', 'Dockerfile'),
  'FROM scratch\n',
  '# syntax=docker/dockerfile:1\n# escape=`\nARG BASE=alpine:3.20\nFROM ${BASE} AS build\nRUN echo a `\n  b\nFROM build\n',
  'ARG V\nFROM img:${V:-1}${V:+x}\nCOPY --from=0 <<EOF /x\nhello\nEOF\nRUN ["sh", "-c", "echo"]\nUSER 1000:1000\n',
  'FROM a AS b\nFROM b AS c\nFROM c\nONBUILD RUN x\nHEALTHCHECK CMD true\nLABEL a=b "c d"=e\n',
];
const TOKENS = [
  'FROM ',
  'ARG ',
  'AS ',
  '${',
  ':-',
  ':+',
  '<<EOF\n',
  '\nEOF\n',
  '\\\n',
  '`\n',
  '--platform=$X ',
  '# escape=\\\n',
];

test(
  'parseDockerfile: a Dockerfile or a located ConfigurationError',
  async () => {
    await fuzz(
      'dockerfile',
      fc.oneof(mutatedText(SEEDS, TOKENS), fc.string({ maxLength: 400 })),
      (text) => parseDockerfile(text, { path: 'Dockerfile', buildArgs: { TARGETARCH: 'amd64' } }),
      400,
    );
  },
  FUZZ_TIMEOUT_MS,
);
