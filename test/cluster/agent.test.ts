import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ClusterContext } from '../../src/cluster';
import {
  ClusterConnection,
  ClusterContext as Context,
  getObject,
  objectPath,
} from '../../src/cluster';
import type { JsonObject } from '../../src/core/drift';
import { childObject } from '../../src/core/drift';
import type { AgentApplication, AgentLog } from '../../src/extension/agent/agentTypes';
import type { SyncAgentOptions } from '../../src/extension/agent/syncAgent';
import { SyncAgent } from '../../src/extension/agent/syncAgent';
import { configMaps, mergePatch, openCluster, skipReason, uniqueName } from './support';

/** Collects log lines so a test can check what the agent reported. */
class MemoryLog implements AgentLog {
  readonly lines: string[] = [];
  info(message: string): void {
    this.lines.push(`info ${message}`);
  }
  warn(message: string): void {
    this.lines.push(`warn ${message}`);
  }
  error(message: string, error?: unknown): void {
    this.lines.push(`error ${message}: ${String(error)}`);
  }
}

function configMap(namespace: string, name: string, data: Record<string, string>): JsonObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data };
}

function application(name: string, policy: Partial<AgentApplication> = {}): AgentApplication {
  return {
    id: `apps.yaml#${name}`,
    name,
    dir: `/workspace/${name}`,
    namespace: name,
    automated: false,
    selfHeal: false,
    prune: false,
    createNamespace: true,
    ...policy,
  };
}

function makeAgent(
  cluster: ClusterContext,
  objects: () => JsonObject[],
  extra: Partial<SyncAgentOptions> = {},
) {
  const log = new MemoryLog();
  const agent = new SyncAgent({
    cluster,
    render: async () => objects(),
    log,
    readOnlyReason: undefined,
    isManagedByArgoCd: () => false,
    allowForeignObjects: false,
    pollMs: 60_000,
    retryDelaysMs: [50, 100],
    ...extra,
  });
  return { agent, log };
}

async function readConfigMap(cluster: ClusterContext, namespace: string, name: string) {
  const key = { group: '', version: 'v1', kind: 'ConfigMap', namespace, name };
  return getObject(cluster.connection, configMaps, key);
}

describe('sync agent on a cluster', { skip: skipReason }, () => {
  let cluster: ClusterContext;

  before(async () => {
    cluster = await openCluster();
  });

  after(() => {
    cluster.connection.close();
  });

  it('reads only without permission to apply', async () => {
    const name = uniqueName('agent-read');
    const objects = () => [configMap(name, 'settings', { mode: 'fast' })];
    const readOnlyReason = 'context not allowed';
    const { agent } = makeAgent(cluster, objects, { readOnlyReason });
    agent.setApplications([application(name, { automated: true, selfHeal: true })]);
    await agent.checkNow();

    const state = agent.state(`apps.yaml#${name}`);
    assert.equal(state?.status, 'OutOfSync');
    assert.equal(state?.readOnlyReason, readOnlyReason);
    assert.equal(state?.report?.resources[0]?.status, 'Missing');
    assert.equal(await readConfigMap(cluster, name, 'settings'), undefined);
    agent.dispose();
  });

  it('leaves Argo CD Applications alone', async () => {
    const name = uniqueName('agent-argo');
    const objects = () => [configMap(name, 'settings', { mode: 'fast' })];
    const { agent } = makeAgent(cluster, objects, { isManagedByArgoCd: () => true });
    agent.setApplications([application(name, { automated: true, selfHeal: true })]);
    await agent.checkNow();

    const state = agent.state(`apps.yaml#${name}`);
    assert.equal(state?.status, 'OutOfSync');
    assert.match(state?.readOnlyReason ?? '', /Argo CD manages/);
    assert.equal(await readConfigMap(cluster, name, 'settings'), undefined);
    agent.dispose();
  });

  it('self-heals drift on the cluster', async () => {
    const name = uniqueName('agent-heal');
    const objects = () => [configMap(name, 'settings', { mode: 'fast' })];
    const { agent } = makeAgent(cluster, objects);
    const id = `apps.yaml#${name}`;
    agent.setApplications([application(name, { automated: true, selfHeal: true })]);
    await agent.checkNow();
    assert.equal(agent.state(id)?.status, 'Synced');
    assert.equal(agent.state(id)?.lastSync?.phase, 'Succeeded');

    const path = objectPath(configMaps, name, 'settings');
    await mergePatch(cluster, path, { data: { mode: 'slow' } });
    await agent.checkNow();
    const healed = await readConfigMap(cluster, name, 'settings');
    assert.equal(childObject(healed, 'data')?.['mode'], 'fast');
    assert.equal(agent.state(id)?.status, 'Synced');
    agent.dispose();
  });

  it('backs off after a failed automated sync', async () => {
    const name = uniqueName('agent-invalid');
    // A name with capitals and an underscore is rejected by the API server with 422.
    const objects = () => [configMap(name, 'Invalid_Name', { mode: 'fast' })];
    const { agent, log } = makeAgent(cluster, objects);
    const id = `apps.yaml#${name}`;
    agent.setApplications([application(name, { automated: true, selfHeal: true })]);

    await agent.checkNow();

    assert.equal(agent.state(id)?.lastSync?.phase, 'Failed');
    assert.equal(agent.state(id)?.failures, 1);
    assert.ok(
      log.lines.some((line) => line.includes('automated sync Failed; retrying in 0.05 s')),
      log.lines.join('\n'),
    );
    agent.dispose();
  });

  it('keeps the synced render across restarts', async () => {
    const name = uniqueName('agent-restart');
    const objects = () => [configMap(name, 'settings', { mode: 'fast' })];
    const stored = new Map<string, string | undefined>();
    const appliedHashes = {
      get: (id: string) => stored.get(id),
      set: (id: string, hash: string | undefined) => stored.set(id, hash),
    };
    const id = `apps.yaml#${name}`;
    const policy = { automated: true, selfHeal: false };

    const first = makeAgent(cluster, objects, { appliedHashes });
    first.agent.setApplications([application(name, policy)]);
    await first.agent.checkNow();
    first.agent.dispose();
    const path = objectPath(configMaps, name, 'settings');
    await mergePatch(cluster, path, { data: { mode: 'slow' } });

    const second = makeAgent(cluster, objects, { appliedHashes });
    second.agent.setApplications([application(name, policy)]);
    await second.agent.checkNow();

    assert.equal(second.agent.state(id)?.status, 'OutOfSync');
    assert.equal(second.agent.state(id)?.lastSync, undefined);
    const live = await readConfigMap(cluster, name, 'settings');
    assert.equal(childObject(live, 'data')?.['mode'], 'slow');
    second.agent.dispose();
  });

  it('reports drift without selfHeal', async () => {
    const name = uniqueName('agent-drift');
    const objects = () => [configMap(name, 'settings', { mode: 'fast' })];
    const { agent } = makeAgent(cluster, objects);
    const id = `apps.yaml#${name}`;
    agent.setApplications([application(name, { automated: true })]);
    await agent.checkNow();
    assert.equal(agent.state(id)?.status, 'Synced');

    await mergePatch(cluster, objectPath(configMaps, name, 'settings'), { data: { mode: 'slow' } });
    await agent.checkNow();
    const state = agent.state(id);
    assert.equal(state?.status, 'OutOfSync');
    const difference = state?.report?.resources[0]?.differences[0];
    assert.equal(difference?.path, '/data/mode');
    assert.equal(difference?.live, 'slow');
    assert.equal(difference?.desired, 'fast');
    agent.dispose();
  });

  it('prunes only when the policy says so', async () => {
    const name = uniqueName('agent-prune');
    let objects = [configMap(name, 'keep', { a: '1' }), configMap(name, 'old', { b: '2' })];
    const { agent } = makeAgent(cluster, () => objects);
    const id = `apps.yaml#${name}`;
    agent.setApplications([application(name, { automated: true, selfHeal: true })]);
    await agent.checkNow();
    assert.equal(agent.state(id)?.status, 'Synced');

    objects = [configMap(name, 'keep', { a: '1' })];
    await agent.checkNow();
    assert.notEqual(await readConfigMap(cluster, name, 'old'), undefined);
    assert.equal(
      agent.state(id)?.report?.resources.find((r) => r.key.name === 'old')?.status,
      'Extraneous',
    );

    agent.setApplications([application(name, { automated: true, selfHeal: true, prune: true })]);
    await agent.checkNow();
    assert.equal(await readConfigMap(cluster, name, 'old'), undefined);
    assert.equal(agent.state(id)?.status, 'Synced');
    agent.dispose();
  });

  it('never prunes after a failed render', async () => {
    const name = uniqueName('agent-fail');
    let failing = false;
    const objects = () => {
      if (failing) {
        throw new Error('kustomize build failed: missing resource');
      }
      return [configMap(name, 'keep', { a: '1' })];
    };
    const { agent, log } = makeAgent(cluster, objects);
    const id = `apps.yaml#${name}`;
    agent.setApplications([application(name, { automated: true, selfHeal: true, prune: true })]);
    await agent.checkNow();
    assert.equal(agent.state(id)?.status, 'Synced');

    failing = true;
    await agent.checkNow();
    const state = agent.state(id);
    assert.equal(state?.status, 'Unknown');
    assert.equal(state?.failures, 1);
    assert.match(state?.error ?? '', /missing resource/);
    assert.notEqual(await readConfigMap(cluster, name, 'keep'), undefined);
    assert.ok(log.lines.some((line) => line.includes(`Application "${name}": check failed`)));
    agent.dispose();
  });
});

describe('sync agent without a cluster', () => {
  let folder: string;

  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-unreachable-'));
  });

  after(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('backs off when the server is unreachable', async () => {
    const kubeconfig = path.join(folder, 'config');
    fs.writeFileSync(kubeconfig, unreachableKubeconfig());
    const connection = await ClusterConnection.open({ kubeconfig, requestTimeoutMs: 1_000 });
    const cluster = new Context(connection, { retries: 0 });
    const objects = () => [configMap('shop', 'settings', { mode: 'fast' })];
    const { agent, log } = makeAgent(cluster, objects);
    agent.setApplications([application('shop', { automated: true, selfHeal: true })]);

    await agent.checkNow();
    assert.equal(agent.state('apps.yaml#shop')?.failures, 1);
    assert.match(agent.state('apps.yaml#shop')?.error ?? '', /cannot reach/);

    // The retry delays are 50 and 100 ms here, so the timer runs the second check by itself.
    await waitUntil(() => agent.state('apps.yaml#shop')?.failures === 2, 3_000);
    assert.ok(log.lines.some((line) => line.includes('retrying in 0.1 s')));
    agent.dispose();
    connection.close();
  });
});

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function unreachableKubeconfig(): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '  - name: nowhere',
    '    cluster:',
    '      server: https://127.0.0.1:1',
    '      insecure-skip-tls-verify: true',
    'contexts:',
    '  - name: nowhere',
    '    context:',
    '      cluster: nowhere',
    '      user: nobody',
    'current-context: nowhere',
    'users:',
    '  - name: nobody',
    '    user:',
    '      token: not-a-real-token',
    '',
  ].join('\n');
}
