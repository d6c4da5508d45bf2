import * as vscode from 'vscode';
import { WorkspaceModel } from '../../core/workspace/model';
import { KeyedDebouncer } from '../debounce';
import type { WorkspaceState } from '../ids';
import { contextKeys, settingKeys, settingsSection } from '../ids';
import type { ComponentLog } from '../log';
import { readEnvironmentOrder } from '../settings';
import { isWorkspaceFileDocument, watchedFileGlobs } from './documents';

/** Changes of one model update. `affectedRoots` lists absolute root folders. */
export interface WorkspaceChange {
  readonly changedPaths: readonly string[];
  readonly affectedRoots: readonly string[];
  /** True after a full reload, when every root may have changed. */
  readonly reloaded: boolean;
}

/** Milliseconds between the last file event and the model update. */
const updateDelayMs = 150;

/**
 * Owns the WorkspaceModel for every `file:` workspace folder. Feeds unsaved text of open YAML
 * documents into the model's FileSource, watches the disk, and updates the model in batches.
 */
export class WorkspaceService implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changeEmitter = new vscode.EventEmitter<WorkspaceChange>();
  private readonly editEmitter = new vscode.EventEmitter<string>();
  private readonly debouncer: KeyedDebouncer<string>;
  private currentModel: WorkspaceModel;
  private currentState: WorkspaceState = 'loading';

  /** Fires after the model was updated. */
  readonly onDidChange = this.changeEmitter.event;

  /** Fires with a file path as soon as its unsaved text reached the FileSource. */
  readonly onDidEditDocument = this.editEmitter.event;

  constructor(private readonly log: ComponentLog) {
    this.currentModel = this.createModel();
    this.debouncer = new KeyedDebouncer(updateDelayMs, (paths) => this.applyChanges(paths));
    this.disposables.push(this.changeEmitter, this.editEmitter, this.debouncer);
  }

  get model(): WorkspaceModel {
    return this.currentModel;
  }

  get state(): WorkspaceState {
    return this.currentState;
  }

  /** Starts listening and loads the model. Resolves once the first load finished. */
  async start(): Promise<void> {
    this.watchFiles();
    this.watchDocuments();
    this.watchFoldersAndSettings();
    await this.reload();
  }

  /** Scans every folder again, as after a workspace folder change. */
  async reload(): Promise<void> {
    await this.setState('loading');
    const started = Date.now();
    try {
      this.currentModel = this.createModel();
      this.currentModel.load();
    } catch (error) {
      this.log.error('loading the workspace failed', error);
      await this.setState('error');
      throw error;
    }

    const count = this.currentModel.roots().length;
    this.log.info(`loaded ${count} kustomization roots in ${Date.now() - started} ms`);
    await this.setState(count === 0 ? 'empty' : 'ready');
    const affectedRoots = this.currentModel.roots().map((root) => root.dir);
    this.changeEmitter.fire({ changedPaths: [], affectedRoots, reloaded: true });
  }

  private createModel(): WorkspaceModel {
    const folders = (vscode.workspace.workspaceFolders ?? [])
      .filter((folder) => folder.uri.scheme === 'file')
      .map((folder) => folder.uri.fsPath);
    const model = new WorkspaceModel(folders, { environmentOrder: readEnvironmentOrder() });
    this.copyOverridesInto(model);
    return model;
  }

  private copyOverridesInto(model: WorkspaceModel): void {
    for (const document of vscode.workspace.textDocuments) {
      if (isWorkspaceFileDocument(document) && document.isDirty) {
        model.source.setOverride(document.uri.fsPath, document.getText());
      }
    }
  }

  private async setState(state: WorkspaceState): Promise<void> {
    this.currentState = state;
    await vscode.commands.executeCommand('setContext', contextKeys.state, state);
  }

  private watchFiles(): void {
    for (const glob of watchedFileGlobs) {
      const watcher = vscode.workspace.createFileSystemWatcher(glob);
      const queue = (uri: vscode.Uri) => this.queueIfFile(uri);
      watcher.onDidCreate(queue, undefined, this.disposables);
      watcher.onDidChange(queue, undefined, this.disposables);
      watcher.onDidDelete(queue, undefined, this.disposables);
      this.disposables.push(watcher);
    }
  }

  private queueIfFile(uri: vscode.Uri): void {
    if (uri.scheme === 'file') {
      this.debouncer.add(uri.fsPath);
    }
  }

  private watchDocuments(): void {
    const workspace = vscode.workspace;
    const dropOverride = (document: vscode.TextDocument): void => this.dropOverride(document);
    const disposables = this.disposables;
    workspace.onDidChangeTextDocument(
      (event) => this.onEdit(event.document),
      undefined,
      disposables,
    );
    workspace.onDidSaveTextDocument(dropOverride, undefined, disposables);
    workspace.onDidCloseTextDocument(dropOverride, undefined, disposables);
  }

  private onEdit(document: vscode.TextDocument): void {
    if (!isWorkspaceFileDocument(document)) {
      return;
    }
    const file = document.uri.fsPath;
    if (document.isDirty) {
      this.currentModel.source.setOverride(file, document.getText());
    } else {
      // An undo back to the saved text leaves the document clean: the disk is current again.
      this.currentModel.source.clearOverride(file);
    }
    this.debouncer.add(file);
    this.editEmitter.fire(file);
  }

  private dropOverride(document: vscode.TextDocument): void {
    const file = document.uri.fsPath;
    if (this.currentModel.source.overrideOf(file) === undefined) {
      return;
    }
    this.currentModel.source.clearOverride(file);
    this.debouncer.add(file);
    this.editEmitter.fire(file);
  }

  private watchFoldersAndSettings(): void {
    const disposables = this.disposables;
    vscode.workspace.onDidChangeWorkspaceFolders(() => this.reloadLogged(), undefined, disposables);
    vscode.workspace.onDidChangeConfiguration(
      (event) => this.onConfigurationChange(event),
      undefined,
      disposables,
    );
  }

  private onConfigurationChange(event: vscode.ConfigurationChangeEvent): void {
    if (!event.affectsConfiguration(`${settingsSection}.${settingKeys.environmentOrder}`)) {
      return;
    }
    this.currentModel.setOptions({ environmentOrder: readEnvironmentOrder() });
    const affectedRoots = this.currentModel.roots().map((root) => root.dir);
    this.changeEmitter.fire({ changedPaths: [], affectedRoots, reloaded: true });
  }

  /** Reloads after a folder change; reload() has already logged a failure and set the error state. */
  private reloadLogged(): void {
    this.reload().catch(() => undefined);
  }

  private applyChanges(paths: string[]): void {
    let affectedRoots: string[];
    try {
      affectedRoots = this.currentModel.update(paths);
    } catch (error) {
      this.log.error(`updating the model after changes to ${paths.join(', ')} failed`, error);
      return;
    }

    this.log.debug(`${paths.length} changed files affect ${affectedRoots.length} roots`);
    const state = this.currentModel.roots().length === 0 ? 'empty' : 'ready';
    if (state !== this.currentState) {
      void this.setState(state);
    }
    this.changeEmitter.fire({ changedPaths: paths, affectedRoots, reloaded: false });
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
    this.disposables.length = 0;
  }
}
