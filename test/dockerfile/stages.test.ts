import { externalBase, finalStage, parseDockerfile } from '../../src/dockerfile/parse.js';
import { ConfigurationError } from '../../src/util/errors.js';

const df = parseDockerfile(
  'FROM golang:1.22 AS build\nFROM build AS Test\nFROM test\nFROM scratch AS out\nCOPY --from=build /a /a\n',
  { path: 'Dockerfile' },
);

describe('finalStage', () => {
  test('without a target, the last stage', () => {
    expect(finalStage(df).index).toBe(3);
    expect(finalStage(df, '').index).toBe(3);
  });

  test('a target by name (any case) or by index', () => {
    expect(finalStage(df, 'TEST').index).toBe(1);
    expect(finalStage(df, 'build').index).toBe(0);
    expect(finalStage(df, '2').index).toBe(2);
  });

  test('an unknown target is a configuration error listing the stages', () => {
    expect(() => finalStage(df, 'prod')).toThrow(ConfigurationError);
    expect(() => finalStage(df, 'prod')).toThrow(
      'Dockerfile: build target "prod" is not a stage of this Dockerfile: expected one of build, test, 2, out',
    );
    expect(() => finalStage(df, '9')).toThrow('build target "9" is not a stage');
  });
});

describe('externalBase', () => {
  test('follows FROM <stage> back to the FROM that names an image', () => {
    const base = externalBase(df, finalStage(df, '2'));
    expect(base).toMatchObject({ image: 'golang:1.22', line: 1 });
    expect(externalBase(df, finalStage(df, 'build'))).toBe(df.stages[0]?.from);
  });

  test('a stage FROM scratch is its own base', () => {
    expect(externalBase(df, finalStage(df))).toMatchObject({ isScratch: true, line: 4 });
  });
});
