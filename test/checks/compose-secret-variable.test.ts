import { checkComposeProject } from '../../src/checks/compose.js';
import { ruleById } from '../../src/model/catalog.js';
import { toPlain } from '../../src/compose/loader/node.js';
import { interpolationEnvironment, isWithheldVariable } from '../../src/util/secret-env.js';
import { service, useProjectDir } from '../compose/loader/project-dir.js';

const project = useProjectDir();

const CANARY = 'canary-7f3a9c1e5b';
const ENVIRONMENT = {
  DATA_DIR: '/srv/data',
  IMAGEGATE_REGISTRY_PASSWORD: CANARY,
  GITHUB_TOKEN: CANARY,
  CI_JOB_TOKEN: CANARY,
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: CANARY,
  DEPLOY_KEY: CANARY,
};

/** Loads the project as the pipeline does: credentials left out of the environment, and reported when asked for. */
async function load(listed: string[] = []) {
  const names = new Set(listed);
  return project().load({
    environment: interpolationEnvironment(ENVIRONMENT, names),
    withheld: (name) => isWithheldVariable(name, names),
  });
}

describe('compose/secret-variable: credentials are not interpolated', () => {
  it('reads a withheld credential as unset, reports where it was asked for, and keeps ordinary variables', async () => {
    await project().write({
      'compose.yaml': [
        'services:',
        '  web:',
        '    image: nginx',
        '    volumes:',
        '      - /etc/${IMAGEGATE_REGISTRY_PASSWORD}:/x:ro',
        '      - ${DATA_DIR}:/data',
        '    environment:',
        '      TOKEN: ${GITHUB_TOKEN:-none}',
        '      ID: "$ACTIONS_ID_TOKEN_REQUEST_TOKEN"',
        '',
      ].join('\n'),
    });
    const loaded = await load();
    const web = service(loaded, 'web');
    expect(JSON.stringify(toPlain(web.body))).not.toContain(CANARY);
    expect(toPlain(web.body)).toMatchObject({
      volumes: ['/etc/:/x:ro', '/srv/data:/data'],
      environment: { TOKEN: 'none', ID: '' },
    });
    const findings = checkComposeProject(loaded).filter((finding) => finding.ruleId === 'compose/secret-variable');
    expect(
      findings.map((finding) => [
        finding.location.kind === 'source' ? `${finding.location.path}:${finding.location.line}` : '',
        finding.properties?.variable,
        finding.severity,
      ]),
    ).toEqual([
      ['compose.yaml:5', 'IMAGEGATE_REGISTRY_PASSWORD', 'medium'],
      ['compose.yaml:8', 'GITHUB_TOKEN', 'medium'],
      ['compose.yaml:9', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN', 'medium'],
    ]);
    expect(findings[0]?.message).toBe(
      '${IMAGEGATE_REGISTRY_PASSWORD} is a credential imagegate withholds from compose files (a CI token, an ' +
        'imagegate secret or a --secret-env name); the file was checked with it unset',
    );
    expect(ruleById('compose/secret-variable').defaultSeverity).toBe('medium');
    // A secret-looking variable nobody listed is set for compose, but to a placeholder: its value never enters the
    // model, where a cut, a split at `:` or a lower-casing would hide it from the redactor.
    await project().write({ 'compose.yaml': 'services:\n  web:\n    image: "nginx:${DEPLOY_KEY}"\n' });
    expect(toPlain(service(await load(), 'web').body)).toEqual({ image: 'nginx:***' });
    expect(toPlain(service(await load(['DEPLOY_KEY']), 'web').body)).toEqual({ image: 'nginx:' });
  });

  it('reports a credential asked for in .env and in an included project, each at its own line', async () => {
    await project().write({
      '.env': 'FIRST=1\nSTOLEN=${CI_JOB_TOKEN}\n',
      'compose.yaml': 'include:\n  - sub/compose.yaml\nservices:\n  web:\n    image: "nginx:${STOLEN}"\n',
      'sub/compose.yaml': 'services:\n  sub:\n    image: nginx\n    labels:\n      - "x=${GITHUB_TOKEN}"\n',
    });
    const loaded = await load();
    expect(JSON.stringify(loaded.services.map((item) => toPlain(item.body)))).not.toContain(CANARY);
    const where = checkComposeProject(loaded)
      .filter((finding) => finding.ruleId === 'compose/secret-variable')
      .map((finding) =>
        finding.location.kind === 'source' ? `${finding.location.path}:${finding.location.line}` : '',
      );
    expect(where.sort()).toEqual(['.env:2', 'sub/compose.yaml:5']);
  });
});
