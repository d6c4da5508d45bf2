import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DiffOutcome } from '../../../src/extension/agent/agentCommands';
import { gitopsApi } from './gitopsHelpers';

const agentCommands = [
  'gitops.syncApplication',
  'gitops.diffApplication',
  'gitops.pauseAgent',
  'gitops.resumeAgent',
];

/** A kubeconfig whose only server is 127.0.0.1:1, where nothing listens. */
const unreachableKubeconfig = `apiVersion: v1
kind: Config
clusters:
  - name: nowhere
    cluster:
      server: https://127.0.0.1:1
      insecure-skip-tls-verify: true
contexts:
  - name: nowhere
    context:
      cluster: nowhere
      user: nobody
current-context: nowhere
users:
  - name: nobody
    user:
      token: placeholder
`;

describe('sync agent commands', () => {
  let folder: string;

  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-agent-'));
  });

  after(async () => {
    const config = vscode.workspace.getConfiguration('gitops');
    await config.update('cluster.kubeconfig', undefined, vscode.ConfigurationTarget.Global);
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('registers its commands', async () => {
    await gitopsApi();
    const commands = await vscode.commands.getCommands(true);
    for (const command of agentCommands) {
      assert.ok(commands.includes(command), `${command} is not registered`);
    }
  });

  it('reports an unreachable cluster on diff', async function () {
    this.timeout(60_000);
    const api = await gitopsApi();
    const environment = api.model().environments()[0];
    assert.ok(environment, 'the test workspace has no environment');

    const kubeconfig = path.join(folder, 'config');
    fs.writeFileSync(kubeconfig, unreachableKubeconfig);
    const config = vscode.workspace.getConfiguration('gitops');
    await config.update('cluster.kubeconfig', kubeconfig, vscode.ConfigurationTarget.Global);

    const application = {
      name: 'unreachable-probe',
      localPath: environment.dir,
      destination: { server: 'https://kubernetes.default.svc', namespace: 'probe' },
    };
    const outcome = (await vscode.commands.executeCommand('gitops.diffApplication', {
      application,
    })) as DiffOutcome | undefined;

    assert.ok(outcome !== undefined, 'the diff returned nothing');
    assert.ok('error' in outcome, 'the diff did not report an error');
    assert.match(outcome.error, /Diff of Application "unreachable-probe" failed/);
    assert.match(outcome.error, /127\.0\.0\.1:1/);
    assert.match(outcome.error, /gitops\.cluster\.kubeconfig/);
  });
});
