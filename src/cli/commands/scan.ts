import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CliCommand, CliIo, CliOption } from '../io';
import { parseArgs, UsageError } from '../io';
import type { ArgoResolution } from '../../core/argo/resolve';
import type { ApplicationSummary } from '../../core/argo/summary';
import { summariseApplication } from '../../core/argo/summary';
import { resolveWorkspaceApplications } from '../../core/argo/workspace';
import { WorkspaceModel } from '../../core/workspace/model';

/** One ApplicationSet or AppProject in `scan` output; the path is relative to the current directory. */
export interface ScanArgoObject {
  readonly name: string;
  readonly file: string;
  /** 1-based line where the object's document starts. */
  readonly line: number;
}

/** The JSON shape `scan --json` prints; paths are relative to the current directory. */
export interface ScanReport {
  readonly kustomizations: { path: string; role: string }[];
  readonly environments: { name: string; path: string }[];
  readonly applications: ApplicationSummary[];
  readonly applicationSets: ScanArgoObject[];
  readonly projects: ScanArgoObject[];
}

const scanOptions: readonly CliOption[] = [
  { name: 'json', help: 'print the report as JSON instead of text' },
  {
    name: 'order',
    value: 'ENV,ENV...',
    help: 'promotion order of the environments, by folder name, comma-separated',
  },
];

export const scanCommand: CliCommand = {
  name: 'scan',
  usage: 'scan [DIR...] [--json] [--order ENV,ENV...]',
  summary: 'List kustomization roots, environments and Argo CD objects',
  options: scanOptions,
  async run(args, io) {
    const parsed = parseArgs(args, scanOptions);
    const folders = existingFolders(parsed.positionals.length > 0 ? parsed.positionals : ['.'], io);
    const order = parsed.flags.get('order');
    const model = new WorkspaceModel(folders, {
      environmentOrder: typeof order === 'string' ? order.split(',') : [],
    });
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

/** Resolves the folders to scan, rejecting any that does not exist or is a file. */
function existingFolders(folders: readonly string[], io: CliIo): string[] {
  return folders.map((folder) => {
    const absolute = path.resolve(io.cwd, folder);
    const stat = fs.statSync(absolute, { throwIfNoEntry: false });
    if (stat === undefined) {
      throw new UsageError(`folder not found: ${absolute}; give an existing workspace folder`);
    }
    if (!stat.isDirectory()) {
      throw new UsageError(`${absolute} is a file, not a folder; give the folder that contains it`);
    }
    return absolute;
  });
}

function buildScanReport(model: WorkspaceModel, argo: ArgoResolution, cwd: string): ScanReport {
  const relative = (file: string) => path.relative(cwd, file) || '.';
  const object = (found: { name: string; file: string; line: number }): ScanArgoObject => {
    return { name: found.name, file: relative(found.file), line: found.line };
  };
  return {
    kustomizations: model.roots().map((root) => {
      return { path: relative(root.dir), role: model.roleOf(root.dir) ?? 'standalone' };
    }),
    environments: model.environments().map((environment) => {
      return { name: environment.name, path: relative(environment.dir) };
    }),
    applications: argo.applications.map((application) => {
      const summary = summariseApplication(application);
      const localPath = summary.localPath === null ? null : relative(summary.localPath);
      return { ...summary, file: relative(summary.file), localPath };
    }),
    applicationSets: argo.applicationSets.map(object),
    projects: argo.projects.map(object),
  };
}

/** Formats two-column rows with the first column as wide as its longest cell. */
function table(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(0, ...rows.map(([first]) => first.length));
  return rows.map(([first, second]) => `  ${first.padEnd(width)}  ${second}\n`).join('');
}

function printScanText(report: ScanReport, model: WorkspaceModel, io: CliIo): void {
  io.out(`${report.kustomizations.length} kustomization roots\n`);
  io.out(table(report.kustomizations.map((root) => [root.role, root.path])));
  io.out(`\n${report.environments.length} environments, in promotion order\n`);
  io.out(table(report.environments.map((environment) => [environment.name, environment.path])));
  io.out(`\n${report.applications.length} Argo CD Applications\n`);
  io.out(table(report.applications.map(applicationRow)));
  printArgoObjects('ApplicationSets', report.applicationSets, io);
  printArgoObjects('AppProjects', report.projects, io);

  const problems = model.problems();
  if (problems.length > 0) {
    io.out(`\n${problems.length} problems (run \`gitops-workbench lint\` for all checks)\n`);
    for (const problem of problems) {
      const file = path.relative(io.cwd, problem.file);
      io.out(`  ${file}:${problem.range.startLine + 1}: ${problem.message}\n`);
    }
  }
}

function applicationRow(application: ApplicationSummary): [string, string] {
  const target = application.localPath ?? `unresolved: ${application.unresolved.join('; ')}`;
  const children = application.children;
  const created = children.length > 0 ? ` (creates ${children.join(', ')})` : '';
  return [application.name, `${target}${created}`];
}

function printArgoObjects(heading: string, objects: readonly ScanArgoObject[], io: CliIo): void {
  if (objects.length === 0) {
    return;
  }
  io.out(`\n${objects.length} Argo CD ${heading}\n`);
  io.out(table(objects.map((object) => [object.name, `${object.file}:${object.line}`])));
}
