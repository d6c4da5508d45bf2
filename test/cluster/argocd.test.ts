import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ActionRejectedError,
  followOperation,
  requestRefresh,
  requestSync,
} from '../../src/cluster/argocd/actions';
import { ApplicationWatch } from '../../src/cluster/argocd/applicationWatch';
import { argoCdServed } from '../../src/cluster/argocd/detect';
import { WatchTransport } from '../../src/cluster/argocd/watchTransport';
import type { ClusterConnection } from '../../src/cluster/connection';
import type { LiveApplication } from '../../src/core/argocd/application';
import { decideMode } from '../../src/core/argocd/mode';
import type { OperationProgress } from '../../src/core/argocd/operation';
import { describeOperation } from '../../src/core/argocd/operation';
import type { JsonObject } from '../../src/core/drift/types';
import {
  applicationObject,
  create,
  createNamespace,
  getApplication,
  installCrds,
  kubeconfig,
  openAdmin,
  patchApplication,
  projectObject,
  Relay,
  skipReason,
  uniqueName,
  waitFor,
} from './argocdSupport';

const revisionA = 'a'.repeat(40);
const revisionB = 'b'.repeat(40);

function controllerStatus(revision: string, health = 'Healthy'): JsonObject {
  return {
    status: {
      sync: { status: 'Synced', revision },
      health: {
        status: health,
        message: health === 'Degraded' ? 'Deployment web has 0 of 2 ready pods' : '',
      },
      reconciledAt: '2026-03-01T10:00:00Z',
      conditions: [
        {
          type: 'SyncError',
          message: 'one hook failed',
          lastTransitionTime: '2026-03-01T10:00:00Z',
        },
      ],
      resources: [
        {
          group: 'apps',
          version: 'v1',
          kind: 'Deployment',
          namespace: 'run',
          name: 'web',
          status: 'Synced',
          health: { status: health },
        },
        {
          version: 'v1',
          kind: 'ConfigMap',
          namespace: 'run',
          name: 'old',
          status: 'OutOfSync',
          requiresPruning: true,
        },
      ],
    },
  };
}

/** Plays the Application controller: takes the requested operation and runs it to `phase`. */
async function runOperation(
  admin: ClusterConnection,
  namespace: string,
  name: string,
  phase: 'Succeeded' | 'Failed',
): Promise<void> {
  const current = await getApplication(admin, namespace, name);
  const operation = current['operation'] as JsonObject;
  await patchApplication(admin, namespace, name, {
    operation: null,
    status: {
      operationState: {
        operation,
        phase: 'Running',
        message: 'syncing',
        startedAt: '2026-03-01T10:01:00Z',
      },
    },
  });
  const failed = phase === 'Failed';
  await patchApplication(admin, namespace, name, {
    status: {
      operationState: {
        operation,
        phase,
        message: failed
          ? 'one or more objects failed to apply'
          : 'successfully synced (all tasks run)',
        startedAt: '2026-03-01T10:01:00Z',
        finishedAt: '2026-03-01T10:01:05Z',
        syncResult: {
          revision: revisionB,
          resources: [
            {
              group: 'apps',
              version: 'v1',
              kind: 'Deployment',
              namespace: 'run',
              name: 'web',
              status: failed ? 'SyncFailed' : 'Synced',
              message: failed ? 'spec.replicas: Invalid value: -1' : 'configured',
            },
          ],
        },
      },
    },
  });
}

describe('Argo CD mode on a real API server', { skip: skipReason }, () => {
  let admin: ClusterConnection;
  let transport: WatchTransport;
  let watch: ApplicationWatch;
  let namespace: string;

  before(async () => {
    admin = await openAdmin();
    await installCrds(admin);
    namespace = uniqueName('argocd');
    await createNamespace(admin, namespace);
    await create(
      admin,
      projectObject(namespace, 'default', {
        sourceRepos: ['*'],
        destinations: [{ server: '*', namespace: '*' }],
      }),
    );
    transport = await WatchTransport.open(kubeconfig === undefined ? {} : { kubeconfig });
    watch = new ApplicationWatch(admin, transport, {
      namespace,
      initialDelayMs: 50,
      maxDelayMs: 400,
    });
    await watch.start();
  });

  after(async () => {
    await watch?.dispose();
    transport?.close();
    admin?.close();
  });

  it('detects the served Application resource', async () => {
    assert.equal(await argoCdServed(admin), true);

    await create(admin, applicationObject(namespace, 'detect-me'));
    await waitFor('the new Application', () => watch.get(namespace, 'detect-me') !== undefined);
    const decision = decideMode('auto', true, [{ name: 'detect-me' }], watch.list());
    assert.equal(decision.active, true);
    assert.equal(decideMode('auto', true, [{ name: 'elsewhere' }], watch.list()).active, false);
    assert.equal(watch.isManagedByArgoCd({ name: 'detect-me', namespace }), true);
    assert.equal(watch.isManagedByArgoCd({ name: 'detect-me', namespace: 'other' }), false);
  });

  it('reads status written by the controller', async () => {
    await create(admin, applicationObject(namespace, 'status-read'));
    await patchApplication(
      admin,
      namespace,
      'status-read',
      controllerStatus(revisionA, 'Degraded'),
    );

    await waitFor('the status', () => watch.get(namespace, 'status-read')?.health === 'Degraded');
    const live = watch.get(namespace, 'status-read') as LiveApplication;
    assert.equal(live.syncStatus, 'Synced');
    assert.deepEqual(live.syncRevisions, [revisionA]);
    assert.equal(live.healthMessage, 'Deployment web has 0 of 2 ready pods');
    assert.deepEqual(
      live.conditions.map((condition) => condition.type),
      ['SyncError'],
    );
    assert.equal(live.resources.length, 2);
    assert.equal(live.resources[1]?.requiresPruning, true);
    assert.equal(live.resources[0]?.health, 'Degraded');
  });

  it('sync writes the operation and follows it', async () => {
    await create(admin, applicationObject(namespace, 'sync-ok'));
    await waitFor('the Application', () => watch.get(namespace, 'sync-ok') !== undefined);
    const live = watch.get(namespace, 'sync-ok') as LiveApplication;

    const request = {
      revision: revisionB,
      prune: true,
      dryRun: false,
      syncOptions: ['ServerSideApply=true'],
      username: 'dev@example.test',
    };
    const { application: patched } = await requestSync(admin, live, request);
    const stored = await getApplication(admin, namespace, 'sync-ok');
    assert.deepEqual(stored['operation'], {
      initiatedBy: { username: 'dev@example.test' },
      sync: {
        prune: true,
        dryRun: false,
        revision: revisionB,
        syncStrategy: { hook: {} },
        syncOptions: ['ServerSideApply=true'],
      },
    });

    const steps: OperationProgress['kind'][] = [];
    const following = followOperation(watch, patched, (progress) => steps.push(progress.kind));
    await runOperation(admin, namespace, 'sync-ok', 'Succeeded');
    const result = await following;

    assert.equal(result.succeeded, true);
    assert.deepEqual(result.state.revisions, [revisionB]);
    assert.ok(steps.includes('running'), `steps: ${steps.join(', ')}`);
    assert.match(describeOperation(result.state), /^Succeeded: successfully synced/);
  });

  it('reports a failed operation', async () => {
    await create(admin, applicationObject(namespace, 'sync-fails'));
    // A final state from an earlier sync must not end the new one.
    await patchApplication(admin, namespace, 'sync-fails', {
      status: {
        operationState: {
          phase: 'Succeeded',
          message: 'earlier sync',
          startedAt: '2026-01-01T00:00:00Z',
          operation: { sync: {} },
        },
      },
    });
    await waitFor(
      'the earlier state',
      () => watch.get(namespace, 'sync-fails')?.operationState?.phase === 'Succeeded',
    );
    const live = watch.get(namespace, 'sync-fails') as LiveApplication;

    const { application: patched } = await requestSync(admin, live, {
      prune: false,
      dryRun: true,
      username: 'dev',
    });
    const following = followOperation(watch, patched, () => undefined);
    await runOperation(admin, namespace, 'sync-fails', 'Failed');
    const result = await following;

    assert.equal(result.succeeded, false);
    assert.equal(result.state.phase, 'Failed');
    assert.match(
      describeOperation(result.state),
      /Deployment web \(spec\.replicas: Invalid value: -1\)/,
    );
  });

  it('rejects a sync while one is pending', async () => {
    await create(admin, applicationObject(namespace, 'busy'));
    await patchApplication(admin, namespace, 'busy', {
      operation: { sync: {}, initiatedBy: { username: 'other' } },
    });
    await waitFor(
      'the pending operation',
      () => watch.get(namespace, 'busy')?.operationPending === true,
    );

    const live = watch.get(namespace, 'busy') as LiveApplication;
    await assert.rejects(
      requestSync(admin, live, { prune: false, dryRun: false, username: 'dev' }),
      /not started yet/,
    );
  });

  it('refresh sets the annotation', async () => {
    await create(admin, applicationObject(namespace, 'refresh-me'));
    await waitFor('the Application', () => watch.get(namespace, 'refresh-me') !== undefined);

    await requestRefresh(admin, watch.get(namespace, 'refresh-me') as LiveApplication, 'hard');
    const stored = await getApplication(admin, namespace, 'refresh-me');
    const annotations = (stored['metadata'] as JsonObject)['annotations'] as JsonObject;
    assert.equal(annotations['argocd.argoproj.io/refresh'], 'hard');
    await waitFor(
      'the annotation in the watch',
      () => watch.get(namespace, 'refresh-me')?.refreshRequested === 'hard',
    );
  });

  it('rejects a user without RBAC permission', async () => {
    await create(admin, applicationObject(namespace, 'guarded'));
    await waitFor('the Application', () => watch.get(namespace, 'guarded') !== undefined);
    const unprivileged = await openAdmin('unprivileged');
    const live = watch.get(namespace, 'guarded') as LiveApplication;

    try {
      await assert.rejects(
        requestSync(unprivileged, live, { prune: false, dryRun: false, username: 'nobody' }),
        (error: unknown) => {
          assert.ok(error instanceof ActionRejectedError);
          assert.match(error.message, /you lack permission to patch Application/);
          return true;
        },
      );
      await assert.rejects(requestRefresh(unprivileged, live, 'normal'), ActionRejectedError);
    } finally {
      unprivileged.close();
    }
    const stored = await getApplication(admin, namespace, 'guarded');
    assert.equal(stored['operation'], undefined);
  });

  it('rejects what the AppProject forbids', async () => {
    await create(
      admin,
      projectObject(namespace, 'narrow', {
        sourceRepos: ['https://git.example.test/other/*'],
        destinations: [{ server: 'https://kubernetes.default.svc', namespace: 'allowed-*' }],
        syncWindows: [{ kind: 'deny', schedule: '* * * * *', duration: '1h', applications: ['*'] }],
      }),
    );
    await create(admin, applicationObject(namespace, 'fenced', { project: 'narrow' }));
    await waitFor('the Application', () => watch.get(namespace, 'fenced') !== undefined);

    const live = watch.get(namespace, 'fenced') as LiveApplication;
    await assert.rejects(
      requestSync(admin, live, { prune: false, dryRun: false, username: 'dev' }),
      (error: unknown) => {
        assert.ok(error instanceof ActionRejectedError);
        assert.equal(error.reasons.length, 3);
        assert.match(
          error.reasons[0] ?? '',
          /source repository .* is not permitted by AppProject narrow/,
        );
        assert.match(
          error.reasons[1] ?? '',
          /destination fenced-run on https:\/\/kubernetes.default.svc is not permitted/,
        );
        assert.match(error.reasons[2] ?? '', /deny sync window/);
        return true;
      },
    );
  });
});

describe('Application watch through a dropping connection', { skip: skipReason }, () => {
  let admin: ClusterConnection;
  let relay: Relay;
  let relayed: ClusterConnection;
  let transport: WatchTransport;
  let watch: ApplicationWatch;
  let namespace: string;
  const states: string[] = [];

  before(async () => {
    admin = await openAdmin();
    await installCrds(admin);
    namespace = uniqueName('argocd-drop');
    await createNamespace(admin, namespace);
    await create(admin, applicationObject(namespace, 'steady'));

    relay = new Relay(new URL(admin.server));
    await relay.listen();
    const relayConfig = relay.writeKubeconfig(kubeconfig as string);
    relayed = await openAdmin(undefined, relayConfig);
    transport = await WatchTransport.open({ kubeconfig: relayConfig });
    watch = new ApplicationWatch(relayed, transport, {
      namespace,
      initialDelayMs: 50,
      maxDelayMs: 400,
    });
    watch.onDidChangeState((state) => states.push(state.kind));
    await watch.start();
  });

  after(async () => {
    await watch?.dispose();
    transport?.close();
    relayed?.close();
    await relay?.stop();
    admin?.close();
  });

  it('resumes after the connection closes', async () => {
    // One connection carries the list, the second one the watch.
    await waitFor('the watch connection', () => relay.connections === 2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const listsBefore = relayed.counts['GET'] ?? 0;

    relay.dropConnections();
    await patchApplication(admin, namespace, 'steady', controllerStatus(revisionA));

    await waitFor(
      'the change made during the drop',
      () => watch.get(namespace, 'steady')?.syncStatus === 'Synced',
    );
    assert.ok(transport.streamsOpened >= 2, `watch requests: ${transport.streamsOpened}`);
    assert.equal(relayed.counts['GET'] ?? 0, listsBefore, 'resuming must not list again');
  });

  it('reconnects with backoff after an outage', async () => {
    await relay.stop();
    await patchApplication(admin, namespace, 'steady', {
      status: { health: { status: 'Progressing' } },
    });
    await waitFor('a failed reconnect', () => watch.state.kind === 'reconnecting');
    await new Promise((resolve) => setTimeout(resolve, 600));
    await relay.listen();

    await waitFor(
      'the change made during the outage',
      () => watch.get(namespace, 'steady')?.health === 'Progressing',
    );
    assert.ok(states.includes('reconnecting'));
  });
});
