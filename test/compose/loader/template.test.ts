import { describeTemplateError, substitute } from '../../../src/compose/loader/template.js';

const environment: Record<string, string> = { SET: 'value', EMPTY: '', DATA: '/srv/data' };
const lookup = (name: string): string | undefined => environment[name];

describe('compose variable substitution (compose-go template semantics)', () => {
  it.each([
    ['$SET', 'value'],
    ['${SET}', 'value'],
    ['${UNSET:-default}', 'default'],
    ['${EMPTY:-default}', 'default'],
    ['${EMPTY-default}', ''],
    ['${UNSET-default}', 'default'],
    ['${SET:+alt}', 'alt'],
    ['${EMPTY:+alt}', ''],
    ['${EMPTY+alt}', 'alt'],
    ['${UNSET+alt}', ''],
    ['${UNSET:-${ALSO_UNSET:-inner}}', 'inner'],
    ['${UNSET:-${DATA}}/sub', '/srv/data/sub'],
    ['$$SET', '$SET'],
    ['$$${SET}', '$value'],
    ['cost: $5 and a$', 'cost: $5 and a$'],
    ['${SET[key]}', '${SET[key]}'],
    ['pre${SET}mid$SET-post', 'prevaluemidvalue-post'],
    // A `:` inside `${…}` is an operator, never a volume separator; splitting happens on the result.
    ['${UNSET:-/x}:/y:ro', '/x:/y:ro'],
    ['${DATA:-/x}:/y:ro', '/srv/data:/y:ro'],
    ['${UNSET:-C:\\data}:/data', 'C:\\data:/data'],
    ['${SET:-x}:/a:${UNSET}', 'value:/a:'],
  ])('%s → %s', (template, expected) => {
    const result = substitute(template, lookup);
    expect(result.error).toBeUndefined();
    expect(result.value).toBe(expected);
  });

  it('reports bare unset variables (compose substitutes "" with a warning) but not those with an operator', () => {
    expect(substitute('${A}:$B:${C:-x}:${D?y}', (name) => (name === 'D' ? 'd' : undefined)).unset).toEqual(['A', 'B']);
  });

  it('fails on a required variable that is unset (`?`) or unset or empty (`:?`), with its message', () => {
    expect(substitute('${UNSET:?set the data directory}', lookup).error).toEqual({
      kind: 'required',
      variable: 'UNSET',
      reason: 'set the data directory',
    });
    expect(substitute('${EMPTY:?}', lookup).error).toEqual({ kind: 'required', variable: 'EMPTY', reason: '' });
    expect(substitute('${EMPTY?not this}', lookup)).toEqual({ value: '', unset: [] });
    expect(describeTemplateError({ kind: 'required', variable: 'X', reason: 'why' })).toBe(
      'required variable X is missing a value: why',
    );
  });

  it('fails on malformed substitutions', () => {
    for (const template of ['${', 'a ${SET', '${NOT VALID}', '${}']) {
      expect(substitute(template, lookup).error).toEqual({ kind: 'invalid', template });
    }
  });
});
