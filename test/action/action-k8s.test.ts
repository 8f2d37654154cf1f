import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sharedFile } from '../support/shared.js';
import { tempDir } from '../support/temp.js';
import { makeActionRunner, type ActionEvent } from '../github/support/action-runner.js';
import { useFakeGitHub } from '../support/fake-github.js';
import { pullRequestPayload } from '../github/support/payloads.js';

/**
 * Issue 16 item 10 through the Action: the `k8s-manifests` input, and Kubernetes findings in the same places as
 * every other finding — the sticky PR comment (why blocked, located at the manifest line), the job summary, the
 * code-scanning upload and the annotations — against the local GitHub stand-in, on a real pull_request payload.
 */

const corpusReport = sharedFile('corpus', 'trivy', 'fluentd-gems.json.golden');
if (!corpusReport) throw new Error('the shared corpus (corpus/trivy) is needed: see test/support/shared.ts');

const AGENT = [
  'apiVersion: apps/v1',
  'kind: DaemonSet',
  'metadata: {name: agent}',
  'spec:',
  '  template:',
  '    spec:',
  '      automountServiceAccountToken: false',
  '      volumes:',
  '        - name: sock',
  '          hostPath: {path: /var/run/docker.sock}', // line 10: the engine socket
  '      containers:',
  '        - name: agent',
  '          image: ghcr.io/acme/agent:2',
  '          volumeMounts:',
  '            - {name: sock, mountPath: /var/run/docker.sock, readOnly: true}',
  '',
].join('\n');

const work = await tempDir();
const workspace = path.join(work, 'workspace');
await mkdir(path.join(workspace, 'deploy'), { recursive: true });
await writeFile(path.join(workspace, 'Dockerfile'), 'FROM debian:10\nRUN /tmp/install.sh\nCMD ["/run.sh"]\n');
await writeFile(path.join(workspace, 'deploy', 'agent.yaml'), AGENT);
const runner = await makeActionRunner(work);
const github = useFakeGitHub();

const prEvent: ActionEvent = {
  name: 'pull_request',
  payload: pullRequestPayload('opened'),
  sha: '1111111111111111111111111111111111111111',
  ref: 'refs/pull/2/merge',
};

describe.each(runner.runtimes)('the bundled Action with Kubernetes manifests on %s', (label, node) => {
  const slug = label.replace(/\W+/g, '-');

  test('k8s-manifests: the engine socket blocks, in the PR comment, the job summary, SARIF and an annotation', async () => {
    const run = await runner.run(node, `${slug}-k8s`, {
      workspace,
      inputs: {
        'trivy-report': corpusReport,
        dockerfile: 'Dockerfile',
        'k8s-manifests': 'deploy',
        'fail-on': 'critical',
      },
      event: prEvent,
      env: { ...github.env(), IMAGEGATE_SARIF_POLL_DELAYS_MS: '10,10,10' },
    });
    expect(run.code).toBe(1);
    expect(run.outputs.verdict).toBe('fail');
    expect(run.stdout).toMatch(
      /^::error title=imagegate k8s\/engine-socket \(critical\),file=deploy\/agent\.yaml,line=10,/m,
    );

    const comment = github.comments.find((entry) => entry.body.includes('imagegate'));
    expect(comment).toBeDefined();
    const body = comment!.body;
    expect(body).toContain('imagegate failed');
    expect(body).toContain('k8s/engine-socket');
    // Located at the manifest line, linked at the PR head commit like every other location.
    expect(body).toMatch(/deploy\/agent\.yaml(#L10|:10)/);
    expect(run.summary).toContain('k8s/engine-socket');

    const upload = github.byRoute('upload')[0]?.body as { sarif: string } | undefined;
    expect(upload).toBeDefined();
    const sarif = JSON.parse(gunzipSync(Buffer.from(upload!.sarif, 'base64')).toString('utf8')) as {
      runs: Array<{
        results: Array<{
          ruleId: string;
          locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }>;
        }>;
      }>;
    };
    const k8s = sarif.runs[0]!.results.filter((result) => result.ruleId.startsWith('k8s/'));
    expect(
      k8s.map(
        (result) =>
          `${result.ruleId} ${result.locations[0]!.physicalLocation.artifactLocation.uri}:${result.locations[0]!.physicalLocation.region.startLine}`,
      ),
    ).toEqual(['k8s/engine-socket deploy/agent.yaml:10']);
  });
});
