import * as path from 'node:path';
import type { CliCommand, CliIo } from '../io';
import { parseArgs } from '../io';
import type { ArgoResolution } from '../../core/argo/resolve';
import type { ApplicationSummary } from '../../core/argo/summary';
import { summariseApplication } from '../../core/argo/summary';
import { resolveWorkspaceApplications } from '../../core/argo/workspace';
import { WorkspaceModel } from '../../core/workspace/model';

/** The JSON shape `scan --json` prints; paths are relative to the current directory. */
export interface ScanReport {
  readonly kustomizations: { path: string; role: string }[];
  readonly environments: { name: string; path: string }[];
  readonly applications: ApplicationSummary[];
}

export const scanCommand: CliCommand = {
  name: 'scan',
  usage: 'scan [DIR...] [--json] [--order ENV,ENV...]',
  summary: 'List kustomization roots, environments and Argo CD Applications',
  async run(args, io) {
    const parsed = parseArgs(args, ['order']);
    const folders = parsed.positionals.length > 0 ? parsed.positionals : ['.'];
    const order = parsed.flags.get('order');
    const model = new WorkspaceModel(
      folders.map((folder) => path.resolve(io.cwd, folder)),
      { environmentOrder: typeof order === 'string' ? order.split(',') : [] },
    );
    model.load();
    const argo = await resolveWorkspaceApplications(model);

    const report = buildScanReport(model, argo, io.cwd);
    if (parsed.flags.has('json')) {
      io.out(JSON.stringify(report, null, 2) + '\n');
    } else {
      printScanText(report, model, io);
    }
    return 0;
  },
};

function buildScanReport(model: WorkspaceModel, argo: ArgoResolution, cwd: string): ScanReport {
  const relative = (file: string) => path.relative(cwd, file) || '.';
  return {
    kustomizations: model.roots().map((root) => ({ path: relative(root.dir), role: model.roleOf(root.dir) ?? 'standalone' })),
    environments: model.environments().map((environment) => ({ name: environment.name, path: relative(environment.dir) })),
    applications: argo.applications.map((application) => {
      const summary = summariseApplication(application);
      return { ...summary, file: relative(summary.file), localPath: summary.localPath === null ? null : relative(summary.localPath) };
    }),
  };
}

function printScanText(report: ScanReport, model: WorkspaceModel, io: CliIo): void {
  io.out(`${report.kustomizations.length} kustomization roots\n`);
  for (const root of report.kustomizations) {
    io.out(`  ${root.role.padEnd(10)} ${root.path}\n`);
  }
  io.out(`\n${report.environments.length} environments, in promotion order\n`);
  for (const environment of report.environments) {
    io.out(`  ${environment.name.padEnd(16)} ${environment.path}\n`);
  }
  io.out(`\n${report.applications.length} Argo CD Applications\n`);
  for (const application of report.applications) {
    const target = application.localPath ?? `unresolved: ${application.unresolved.join('; ')}`;
    const children = application.children.length > 0 ? ` (creates ${application.children.join(', ')})` : '';
    io.out(`  ${application.name.padEnd(24)} ${target}${children}\n`);
  }
  const problems = model.problems();
  if (problems.length > 0) {
    io.out(`\n${problems.length} problems (run \`gitops-workbench lint\` for all checks)\n`);
    for (const problem of problems) {
      io.out(`  ${path.relative(io.cwd, problem.file)}:${problem.range.startLine + 1}: ${problem.message}\n`);
    }
  }
}
