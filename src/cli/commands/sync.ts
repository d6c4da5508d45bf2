import type { SyncOptions, SyncResult } from '../../cluster';
import { syncApplication } from '../../cluster';
import type { CliCommand, CliIo, CliOption, ParsedArgs } from '../io';
import { parseArgs } from '../io';
import {
  clusterOptions,
  exitCodeHelp,
  exitCodes,
  runClusterCommand,
  withClusterSource,
} from './clusterSource';

const syncCommandOptions: readonly CliOption[] = [
  ...clusterOptions,
  { name: 'create-namespace', help: 'create the destination namespace when it is missing' },
  { name: 'prune', help: 'delete labelled objects the overlay no longer renders' },
  { name: 'allow-empty', help: 'let --prune delete everything when the render is empty' },
  { name: 'apply-out-of-sync-only', help: 'apply only the objects that differ from the cluster' },
  { name: 'force', help: 'take over fields that other field managers own' },
  { name: 'allow-foreign', help: 'also change objects an Argo CD Application tracks' },
  { name: 'dry-run', help: 'ask the API server for a dry run; nothing is changed' },
];

/** `gitops-workbench sync`: applies a rendered overlay with server-side apply; exit 1 on failure. */
export const syncCommand: CliCommand = {
  name: 'sync',
  usage:
    'sync DIR|APPLICATION [--workspace DIR] [--kubeconfig FILE] [--context NAME] [--name APP] [--namespace NS] ' +
    '[--create-namespace] [--prune] [--allow-empty] [--apply-out-of-sync-only] ' +
    '[--force] [--allow-foreign] [--dry-run] [--json]' +
    exitCodeHelp,
  summary:
    'Apply a rendered overlay to the cluster with server-side apply; exits 1 when an object failed, 2 on error',
  options: syncCommandOptions,
  run(args, io) {
    const parsed = parseArgs(args, syncCommandOptions);
    return runClusterCommand(io, 'sync', () => sync(parsed, io));
  },
};

function sync(parsed: ParsedArgs, io: CliIo): Promise<number> {
  return withClusterSource(parsed, io, 'sync', async (cluster, source, signal) => {
    const options = syncOptions(parsed, signal);
    const result = await syncApplication(cluster, source, options);
    const json = parsed.flags.has('json');
    io.out(json ? JSON.stringify(result, null, 2) + '\n' : formatText(result, options));
    return result.phase === 'Succeeded' ? exitCodes.synced : exitCodes.outOfSync;
  });
}

function syncOptions(parsed: ParsedArgs, signal: AbortSignal): SyncOptions {
  const has = (flag: string) => parsed.flags.has(flag);
  return {
    createNamespace: has('create-namespace'),
    prune: has('prune'),
    allowEmpty: has('allow-empty'),
    applyOutOfSyncOnly: has('apply-out-of-sync-only'),
    force: has('force'),
    allowForeignTracked: has('allow-foreign'),
    dryRun: has('dry-run'),
    // The result is printed below, so the log on standard error keeps only retries and progress.
    logResources: false,
    signal,
  };
}

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
