import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ClusterConnection, KubeconfigNotFoundError, NoKubeconfigError } from '../../src/cluster';
import { describeConnectionFailure } from '../../src/extension/agent/connectionFailure';

const inCluster = fs.existsSync('/var/run/secrets/kubernetes.io/serviceaccount/token');

describe(
  'connection without a kubeconfig',
  { skip: inCluster && 'a service account token exists' },
  () => {
    const saved = { home: process.env['HOME'], kubeconfig: process.env['KUBECONFIG'] };
    let home = '';

    before(() => {
      home = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-home-'));
      process.env['HOME'] = home;
      delete process.env['KUBECONFIG'];
    });

    after(() => {
      restore('HOME', saved.home);
      restore('KUBECONFIG', saved.kubeconfig);
      fs.rmSync(home, { recursive: true, force: true });
    });

    it('open rejects with NoKubeconfigError', async () => {
      await assert.rejects(ClusterConnection.open(), NoKubeconfigError);
    });

    it('agent message is quiet and specific', async () => {
      const error = await ClusterConnection.open().catch((caught: unknown) => caught);

      const failure = describeConnectionFailure(error);

      assert.equal(failure.isError, false);
      assert.equal(
        failure.message,
        'No kubeconfig found (KUBECONFIG unset, ~/.kube/config missing, gitops.cluster.kubeconfig empty); ' +
          'drift and sync are off',
      );
    });

    it('missing KUBECONFIG file is named', async () => {
      const missing = path.join(home, 'absent-config');
      process.env['KUBECONFIG'] = missing;
      try {
        const error = await ClusterConnection.open().catch((caught: unknown) => caught);

        assert.ok(error instanceof KubeconfigNotFoundError);
        assert.match(
          error.message,
          new RegExp(`kubeconfig ${missing} \\(listed in KUBECONFIG\\) not found`),
        );
        assert.equal(describeConnectionFailure(error).isError, true);
      } finally {
        delete process.env['KUBECONFIG'];
      }
    });
  },
);

function restore(name: string, value: string | undefined): void {
  if (value === undefined) {
    delete process.env[name];
  } else {
    process.env[name] = value;
  }
}
