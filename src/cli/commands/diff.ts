import type { DiffReport, ResourceReport } from '../../cluster';
import { diffApplication } from '../../cluster';
import type { CliCommand, CliIo, ParsedArgs } from '../io';
import { parseArgs } from '../io';
import {
  clusterOptions,
  exitCodeHelp,
  exitCodes,
  runClusterCommand,
  withClusterSource,
} from './clusterSource';

/** `gitops-workbench diff`: compares a rendered overlay with the cluster; exit 1 when out of sync. */
export const diffCommand: CliCommand = {
  name: 'diff',
  usage:
    'diff DIR|APPLICATION [--workspace DIR] [--kubeconfig FILE] [--context NAME] [--name APP] [--namespace NS] [--json]' +
    exitCodeHelp,
  summary: 'Compare a rendered overlay with the live cluster; exits 1 when out of sync, 2 on error',
  options: clusterOptions,
  run(args, io) {
    const parsed = parseArgs(args, clusterOptions);
    return runClusterCommand(io, 'diff', () => diff(parsed, io));
  },
};

function diff(parsed: ParsedArgs, io: CliIo): Promise<number> {
  return withClusterSource(parsed, io, 'diff', async (cluster, source, signal) => {
    const report = await diffApplication(cluster, source, signal);
    if (parsed.flags.has('json')) {
      io.out(JSON.stringify(toJson(report), null, 2) + '\n');
    } else {
      io.out(formatText(report));
    }
    return report.status === 'Synced' ? exitCodes.synced : exitCodes.outOfSync;
  });
}

function toJson(report: DiffReport) {
  return {
    application: report.application,
    status: report.status,
    resources: report.resources.map((resource) => ({
      group: resource.key.group,
      version: resource.key.version,
      kind: resource.key.kind,
      namespace: resource.key.namespace,
      name: resource.key.name,
      status: resource.status,
      differences: resource.differences,
      ...(resource.health ? { health: resource.health } : {}),
      ...(resource.error === undefined ? {} : { error: resource.error }),
      ...(resource.notes.length === 0 ? {} : { notes: resource.notes }),
      ...(resource.warnings.length === 0 ? {} : { warnings: resource.warnings }),
    })),
  };
}

function formatText(report: DiffReport): string {
  const lines = [`Application ${report.application}: ${report.status}`];
  for (const resource of report.resources) {
    lines.push(...formatResource(resource));
  }
  return lines.join('\n') + '\n';
}

function formatResource(resource: ResourceReport): string[] {
  const key = resource.key;
  const kind = key.group === '' ? key.kind : `${key.kind}.${key.group}`;
  const name = key.namespace === '' ? key.name : `${key.namespace}/${key.name}`;
  // A missing object's health is Missing too, which the status already shows.
  const showHealth = resource.health !== undefined && resource.health.status !== resource.status;
  const health = showHealth ? ` (${resource.health?.status})` : '';
  const lines = [`  ${resource.status.padEnd(10)} ${kind} ${name}${health}`];
  for (const difference of resource.differences) {
    lines.push(
      `      ${difference.path}: live ${show(difference.live)}, desired ${show(difference.desired)}`,
    );
  }
  for (const text of [...resource.notes, ...resource.warnings]) {
    lines.push(`      note: ${text}`);
  }
  if (resource.error !== undefined) {
    lines.push(`      error: ${resource.error}`);
  }
  return lines;
}

function show(value: unknown): string {
  return value === undefined ? '(absent)' : JSON.stringify(value);
}
