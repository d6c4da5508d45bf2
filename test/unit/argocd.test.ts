import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as git from 'isomorphic-git';
import { ApplicationWatch } from '../../src/cluster/argocd/applicationWatch';
import type { WatchLineHandler, WatchTransport } from '../../src/cluster/argocd/watchTransport';
import type { ApiRequest, ClusterConnection } from '../../src/cluster/connection';
import type { LiveApplication } from '../../src/core/argocd/application';
import { readLiveApplication } from '../../src/core/argocd/application';
import { globMatch, permittedByGlobs } from '../../src/core/argocd/glob';
import { isManagedByArgoCd, matchApplication } from '../../src/core/argocd/matching';
import { decideMode } from '../../src/core/argocd/mode';
import {
  buildRefreshPatch,
  buildSyncPatch,
  operationBlocker,
  OperationTracker,
} from '../../src/core/argocd/operation';
import { decideAction } from '../../src/core/argocd/permissions';
import { projectViolations, readAppProject } from '../../src/core/argocd/project';
import { compareRevisions } from '../../src/core/argocd/revision';
import type { SyncWindow } from '../../src/core/argocd/syncWindows';
import {
  parseDurationMinutes,
  syncWindowBlocker,
  windowActive,
} from '../../src/core/argocd/syncWindows';
import type { JsonObject } from '../../src/core/drift/types';

function application(name: string, extra: JsonObject = {}, status: JsonObject = {}): JsonObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: 'argocd', resourceVersion: '1' },
    spec: {
      project: 'default',
      source: {
        repoURL: 'https://git.example.test/team/deploy.git',
        path: `envs/${name}`,
        targetRevision: 'main',
      },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'shop' },
    },
    status,
    ...extra,
  };
}

function live(name: string, extra: JsonObject = {}, status: JsonObject = {}): LiveApplication {
  return readLiveApplication(application(name, extra, status));
}

function window(overrides: Partial<SyncWindow>): SyncWindow {
  return {
    kind: 'deny',
    schedule: '0 22 * * *',
    durationMinutes: 60,
    applications: ['*'],
    namespaces: [],
    clusters: [],
    manualSync: false,
    timeZone: 'UTC',
    andOperator: false,
    ...overrides,
  };
}

describe('argocd globs', () => {
  it('matches wildcards and sets', () => {
    assert.equal(
      globMatch('https://git.example.test/*', 'https://git.example.test/team/deploy.git'),
      true,
    );
    assert.equal(globMatch('prod-?', 'prod-1'), true);
    assert.equal(globMatch('prod-[ab]', 'prod-c'), false);
    assert.equal(globMatch('Shop', 'shop'), true);
  });

  it('applies negated entries', () => {
    assert.equal(permittedByGlobs(['*', '!kube-system'], 'shop'), true);
    assert.equal(permittedByGlobs(['*', '!kube-*'], 'kube-system'), false);
    assert.equal(permittedByGlobs([], 'shop'), false);
  });
});

describe('argocd sync windows', () => {
  const at2230 = new Date('2026-03-02T22:30:00Z');
  const at2330 = new Date('2026-03-02T23:30:00Z');
  const target = {
    name: 'shop-prod',
    namespace: 'shop',
    server: 'https://kubernetes.default.svc',
    clusterName: undefined,
  };

  it('parses Go durations', () => {
    assert.equal(parseDurationMinutes('1h'), 60);
    assert.equal(parseDurationMinutes('1h30m'), 90);
    assert.equal(parseDurationMinutes('90s'), 2);
    assert.equal(parseDurationMinutes('an hour'), undefined);
  });

  it('finds active windows by schedule and duration', () => {
    assert.equal(windowActive(window({}), at2230), true);
    assert.equal(windowActive(window({}), at2330), false);
    assert.equal(windowActive(window({ schedule: '0 22 * * mon' }), at2230), true);
    assert.equal(windowActive(window({ schedule: '0 22 * * sun' }), at2230), false);
    assert.equal(
      windowActive(window({ schedule: '0 23 * * *', timeZone: 'Europe/Berlin' }), at2230),
      true,
    );
  });

  it('blocks during an active deny window', () => {
    assert.match(syncWindowBlocker([window({})], target, at2230, true) ?? '', /deny sync window/);
    assert.equal(syncWindowBlocker([window({})], target, at2330, true), undefined);
    assert.equal(
      syncWindowBlocker([window({ manualSync: true })], target, at2230, true),
      undefined,
    );
    assert.notEqual(
      syncWindowBlocker([window({ manualSync: true })], target, at2230, false),
      undefined,
    );
  });

  it('requires an active allow window when one matches', () => {
    const allow = window({ kind: 'allow' });
    assert.equal(syncWindowBlocker([allow], target, at2230, true), undefined);
    assert.match(syncWindowBlocker([allow], target, at2330, true) ?? '', /none is active/);
    assert.equal(
      syncWindowBlocker(
        [window({ kind: 'allow', applications: ['other-*'] })],
        target,
        at2330,
        true,
      ),
      undefined,
    );
  });
});

describe('argocd AppProject checks', () => {
  const project = readAppProject({
    metadata: { name: 'shop' },
    spec: {
      sourceRepos: ['https://git.example.test/team/*'],
      destinations: [
        { server: 'https://kubernetes.default.svc', namespace: 'shop*' },
        { server: '*', namespace: '!shop-secret' },
      ],
    },
  });

  it('allows a permitted source and destination', () => {
    assert.deepEqual(projectViolations(project, live('a'), new Date()), []);
  });

  it('names a forbidden source repository', () => {
    const other = live('a', {
      spec: {
        project: 'shop',
        source: { repoURL: 'https://elsewhere.test/x.git', path: '.' },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'shop' },
      },
    });
    const reasons = projectViolations(project, other, new Date());
    assert.equal(reasons.length, 1);
    assert.match(
      reasons[0] ?? '',
      /source repository https:\/\/elsewhere\.test\/x\.git is not permitted by AppProject shop/,
    );
  });

  it('names a forbidden destination', () => {
    const denied = live('a', {
      spec: {
        source: { repoURL: 'https://git.example.test/team/x', path: '.' },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'shop-secret' },
      },
    });
    const outside = live('b', {
      spec: {
        source: { repoURL: 'https://git.example.test/team/x', path: '.' },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'billing' },
      },
    });
    assert.match(
      projectViolations(project, denied, new Date())[0] ?? '',
      /destination shop-secret/,
    );
    assert.match(projectViolations(project, outside, new Date())[0] ?? '', /destination billing/);
  });
});

describe('argocd permission decision', () => {
  it('rejects without RBAC permission', () => {
    const decision = decideAction(
      'Sync',
      'Application argocd/a',
      { allowed: false, reason: '' },
      undefined,
    );
    assert.equal(decision.allowed, false);
    assert.match(
      decision.allowed ? '' : (decision.reasons[0] ?? ''),
      /^Sync rejected: you lack permission to patch Application argocd\/a/,
    );
  });

  it('allows with a note when the AppProject is unreadable', () => {
    const decision = decideAction(
      'Sync',
      'a',
      { allowed: true, reason: '' },
      { kind: 'unreadable', reason: 'forbidden' },
    );
    assert.deepEqual(decision, { allowed: true, notes: ['AppProject not checked: forbidden'] });
  });
});

describe('argocd matching', () => {
  const cluster = [
    live('shop-prod'),
    live('renamed', {
      spec: { source: { repoURL: 'git@git.example.test:team/deploy', path: './envs/billing/' } },
    }),
  ];

  it('matches by name and namespace', () => {
    assert.equal(
      matchApplication({ name: 'shop-prod', namespace: 'argocd' }, cluster)?.reason,
      'name',
    );
    assert.equal(matchApplication({ name: 'shop-prod', namespace: 'other' }, cluster), undefined);
  });

  it('matches by repository and path', () => {
    const identity = {
      name: 'billing',
      sources: [{ repoURL: 'https://git.example.test/team/deploy.git', path: 'envs/billing' }],
    };
    assert.equal(matchApplication(identity, cluster)?.live.name, 'renamed');
    assert.equal(isManagedByArgoCd(identity, cluster), true);
    assert.equal(isManagedByArgoCd({ name: 'unknown' }, cluster), false);
  });

  it('decides the mode from the setting', () => {
    assert.equal(decideMode('off', true, [{ name: 'shop-prod' }], cluster).active, false);
    assert.equal(decideMode('auto', false, [{ name: 'shop-prod' }], cluster).active, false);
    assert.equal(decideMode('auto', true, [{ name: 'shop-prod' }], cluster).active, true);
    assert.equal(decideMode('on', true, [], []).active, true);
  });
});

describe('argocd operations', () => {
  it('builds the sync patch like the Argo CD CLI', () => {
    const patch = buildSyncPatch({
      revision: 'v1.2.0',
      prune: false,
      dryRun: true,
      strategy: 'apply',
      username: 'dev',
    });
    assert.deepEqual(patch, {
      operation: {
        initiatedBy: { username: 'dev' },
        sync: { prune: false, dryRun: true, syncStrategy: { apply: {} }, revision: 'v1.2.0' },
      },
    });
    const multi = buildSyncPatch(
      { revision: 'main', prune: true, dryRun: false, username: 'dev' },
      2,
    );
    assert.deepEqual((multi['operation'] as JsonObject)['sync'], {
      prune: true,
      dryRun: false,
      syncStrategy: { hook: {} },
      revisions: ['main', 'main'],
    });
  });

  it('builds the refresh patch', () => {
    assert.deepEqual(buildRefreshPatch('hard'), {
      metadata: { annotations: { 'argocd.argoproj.io/refresh': 'hard' } },
    });
  });

  it('blocks while an operation runs', () => {
    assert.match(
      operationBlocker(live('a', {}, { operationState: { phase: 'Running' } })) ?? '',
      /phase Running/,
    );
    assert.equal(
      operationBlocker(live('a', {}, { operationState: { phase: 'Failed' } })),
      undefined,
    );
  });

  it('ignores final states from before the request', () => {
    const tracker = new OperationTracker();
    const earlier = live('a', {}, { operationState: { phase: 'Succeeded', message: 'old' } });
    assert.equal(tracker.update(earlier).kind, 'requested');
    assert.equal(
      tracker.update(
        live('a', { operation: { sync: {} } }, { operationState: { phase: 'Succeeded' } }),
      ).kind,
      'requested',
    );
    assert.equal(
      tracker.update(live('a', {}, { operationState: { phase: 'Running' } })).kind,
      'running',
    );
    const done = tracker.update(
      live('a', {}, { operationState: { phase: 'Error', message: 'boom' } }),
    );
    assert.deepEqual(done.kind === 'finished' ? [done.succeeded, done.state.message] : [], [
      false,
      'boom',
    ]);
  });
});

describe('argocd revision comparison', () => {
  it('says behind, ahead, current and unknown', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'argocd-revisions-'));
    await git.init({ fs, dir, defaultBranch: 'main' });
    const author = { name: 'Test', email: 'test@example.test', timestamp: 1_700_000_000 };
    const commits: string[] = [];
    for (let index = 0; index < 3; index++) {
      fs.writeFileSync(path.join(dir, 'file.txt'), String(index));
      await git.add({ fs, dir, filepath: 'file.txt' });
      commits.push(
        await git.commit({
          fs,
          dir,
          message: `change ${index}`,
          author: { ...author, timestamp: author.timestamp + index },
        }),
      );
    }
    const [first, , last] = commits as [string, string, string];

    assert.deepEqual(await compareRevisions(dir, first, last), { kind: 'behind', commits: 2 });
    assert.deepEqual(await compareRevisions(dir, last, first), { kind: 'ahead', commits: 2 });
    assert.deepEqual(await compareRevisions(dir, last, last), { kind: 'current' });
    assert.equal((await compareRevisions(dir, 'c'.repeat(40), last)).kind, 'unknown');
    assert.equal((await compareRevisions(dir, 'main', last)).kind, 'unknown');
  });
});

describe('argocd watch after 410 Gone', () => {
  it('lists again and resumes', async () => {
    const lists: string[] = [];
    const connection = {
      request: async (request: ApiRequest) => {
        lists.push(request.path);
        return {
          items: [application('a')],
          metadata: { resourceVersion: String(lists.length * 100) },
        };
      },
    } as unknown as ClusterConnection;

    const versions: string[] = [];
    let calls = 0;
    const transport = {
      stream: async (
        _path: string,
        query: Record<string, string>,
        onLine: WatchLineHandler,
        signal: AbortSignal,
      ) => {
        versions.push(query['resourceVersion'] ?? '');
        calls++;
        if (calls === 1) {
          const goneEvent = {
            type: 'ERROR',
            object: {
              kind: 'Status',
              code: 410,
              reason: 'Expired',
              message: 'too old resource version',
            },
          };
          const error = onLine(JSON.stringify(goneEvent));
          throw error;
        }
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      },
    } as unknown as WatchTransport;

    const watch = new ApplicationWatch(connection, transport, { initialDelayMs: 1 });
    await watch.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await watch.dispose();

    assert.equal(lists.length, 2);
    assert.deepEqual(versions, ['100', '200']);
  });
});
