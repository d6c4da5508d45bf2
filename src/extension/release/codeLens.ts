import * as vscode from 'vscode';
import { nextEnvironment } from '../../core/workspace/environments';
import { kustomizationFileNames, parseKustomization } from '../../core/workspace/kustomization';
import { toVscodeRange } from '../trees/locations';
import type { WorkspaceService } from '../workspace/workspaceService';
import { releaseCommandIds } from './releaseIds';

/** Selector of the documents that can be overlay kustomizations. */
export const kustomizationSelector: vscode.DocumentSelector = kustomizationFileNames.map(
  (name) => ({ scheme: 'file', pattern: `**/${name}` }),
);

/**
 * Shows "Set tag" and "Promote to <next environment>" above each `images:` entry of an overlay
 * kustomization. Entries are read from the document's own text, so the lenses follow unsaved edits.
 */
export class ReleaseCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  private readonly subscription: vscode.Disposable;

  readonly onDidChangeCodeLenses = this.changeEmitter.event;

  constructor(private readonly workspace: WorkspaceService) {
    this.subscription = workspace.onDidChange(() => this.changeEmitter.fire());
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const model = this.workspace.model;
    const environments = model.environments();
    const environment = environments.find((candidate) => {
      return candidate.kustomizationFile === document.uri.fsPath;
    });
    if (environment === undefined) {
      return [];
    }

    const next = nextEnvironment(environments, environment);
    const kustomization = parseKustomization(document.uri.fsPath, document.getText());
    return kustomization.images.flatMap((entry) => {
      if (entry.name === undefined) {
        return [];
      }
      const range = toVscodeRange(entry.range);
      const image = entry.name;
      const lenses = [
        new vscode.CodeLens(range, {
          title: 'Set tag',
          command: releaseCommandIds.setImageTag,
          arguments: [{ environment: environment.dir, image }],
        }),
      ];
      if (next !== undefined) {
        lenses.push(
          new vscode.CodeLens(range, {
            title: `Promote to ${next.name}`,
            command: releaseCommandIds.promote,
            arguments: [{ source: environment.dir, target: next.dir, images: [image] }],
          }),
        );
      }
      return lenses;
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }
}
