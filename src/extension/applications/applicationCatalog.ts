import * as vscode from 'vscode';
import type { ArgoResolution, ResolvedApplication } from '../../core/argo/resolve';
import { resolveApplications } from '../../core/argo/resolve';
import type { YamlFile } from '../../core/yamlFile';
import { parseYamlFile } from '../../core/yamlFile';
import type { ComponentLog } from '../log';
import type { WorkspaceService } from '../workspace/workspaceService';
import { readRemotes } from './gitRemotes';

const emptyResolution: ArgoResolution = { applications: [], applicationSets: [], projects: [] };

/**
 * The Argo CD Applications, ApplicationSets and AppProjects of the workspace, with their sources
 * matched to local folders. Rebuilt after every model update that touches a YAML file.
 */
export class ApplicationCatalog implements vscode.Disposable {
  private resolution: ArgoResolution = emptyResolution;
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];
  private refreshing: Promise<void> | undefined;
  private refreshAgain = false;

  readonly onDidChange = this.changeEmitter.event;

  constructor(
    private readonly workspace: WorkspaceService,
    private readonly log: ComponentLog,
  ) {
    workspace.onDidChange(() => void this.refresh(), undefined, this.disposables);
  }

  get current(): ArgoResolution {
    return this.resolution;
  }

  /** Applications with a resolved source in `dir`, the folder of a kustomization root. */
  applicationsDeploying(dir: string): ResolvedApplication[] {
    return this.resolution.applications.filter((application) => {
      return application.sources.some((source) => {
        return source.resolution.kind === 'resolved' && source.resolution.localPath === dir;
      });
    });
  }

  /** Resolves when the rebuild in progress, if any, has finished; starts no rebuild. */
  settled(): Promise<void> {
    return this.refreshing ?? Promise.resolve();
  }

  /** Rebuilds the catalog; a call during a rebuild runs once more after it. */
  refresh(): Promise<void> {
    if (this.refreshing !== undefined) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = this.rebuild().finally(() => {
      this.refreshing = undefined;
      if (this.refreshAgain) {
        this.refreshAgain = false;
        void this.refresh();
      }
    });
    return this.refreshing;
  }

  private async rebuild(): Promise<void> {
    const model = this.workspace.model;
    try {
      const remotes = await readRemotes(model.folders);
      this.resolution = resolveApplications(this.argoFiles(), remotes, model.source);
    } catch (error) {
      this.log.error('reading Argo CD Applications failed', error);
      return;
    }
    this.changeEmitter.fire();
  }

  /** Parses the YAML files that mention the Argo CD API group; the rest cannot hold its objects. */
  private argoFiles(): YamlFile[] {
    const model = this.workspace.model;
    const files: YamlFile[] = [];
    for (const file of model.yamlFiles()) {
      const read = model.source.readText(file);
      if (read.kind === 'text' && read.text.includes('argoproj.io/')) {
        files.push(parseYamlFile(file, read.text));
      }
    }
    return files;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
