import type { SyncOptions, SyncResult } from '../../cluster';
import { syncApplication } from '../../cluster';
import type { CliCommand } from '../io';
import { parseArgs } from '../io';
import { clusterValueFlags, interruptSignal, loadSource, openCluster } from './clusterSource';

/** `gitops-workbench sync`: applies a rendered overlay with server-side apply; exit 1 on failure. */
export const syncCommand: CliCommand = {
  name: 'sync',
  usage:
    'sync DIR|APPLICATION [--workspace DIR] [--kubeconfig FILE] [--context NAME] [--name APP] [--namespace NS] ' +
    '[--create-namespace] [--prune] [--allow-empty] [--apply-out-of-sync-only] ' +
    '[--force] [--allow-foreign] [--dry-run] [--json]',
  summary: 'Apply a rendered overlay to the cluster with server-side apply; exits 1 on failure',
  async run(args, io) {
    const parsed = parseArgs(args, clusterValueFlags);
    const interrupt = interruptSignal();
    const cluster = await openCluster(parsed, io, 'sync');
    try {
      const source = await loadSource(parsed, io, interrupt.signal);
      const has = (flag: string) => parsed.flags.has(flag);
      const options: SyncOptions = {
        createNamespace: has('create-namespace'),
        prune: has('prune'),
        allowEmpty: has('allow-empty'),
        applyOutOfSyncOnly: has('apply-out-of-sync-only'),
        force: has('force'),
        allowForeignTracked: has('allow-foreign'),
        dryRun: has('dry-run'),
        signal: interrupt.signal,
      };
      const result = await syncApplication(cluster, source, options);
      io.out(has('json') ? JSON.stringify(result, null, 2) + '\n' : formatText(result, options));
      return result.phase === 'Succeeded' ? 0 : 1;
    } finally {
      cluster.connection.close();
      interrupt.dispose();
    }
  },
};

function formatText(result: SyncResult, options: SyncOptions): string {
  const mode = options.dryRun === true ? ' (dry run: nothing was changed)' : '';
  const lines = [`Application ${result.application}: sync ${result.phase}${mode}`];
  for (const resource of result.resources) {
    const key = resource.key;
    const kind = key.group === '' ? key.kind : `${key.kind}.${key.group}`;
    const name = key.namespace === '' ? key.name : `${key.namespace}/${key.name}`;
    const message = resource.message === undefined ? '' : `: ${resource.message}`;
    lines.push(`  ${resource.action.padEnd(10)} ${kind} ${name}${message}`);
  }
  return lines.join('\n') + '\n';
}
