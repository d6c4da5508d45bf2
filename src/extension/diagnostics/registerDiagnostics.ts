import * as vscode from 'vscode';
import type { ComponentLog } from '../log';
import type { RenderService } from '../render/renderService';
import type { WorkspaceService } from '../workspace/workspaceService';
import { DiagnosticsController } from './diagnosticsController';
import { LintCodeActions, TargetHover } from './providers';

export interface DiagnosticsDependencies {
  readonly workspace: WorkspaceService;
  readonly renders: RenderService;
  readonly log: ComponentLog;
}

const yamlFiles: vscode.DocumentSelector = [
  { scheme: 'file', pattern: '**/*.{yaml,yml}' },
  { scheme: 'file', pattern: '**/Kustomization' },
];

/**
 * Registers the lint diagnostics, their quick fixes and the patch-target hover. Every model change
 * re-checks the roots it affected; the first full load checks the whole workspace.
 */
export function registerDiagnostics(deps: DiagnosticsDependencies): vscode.Disposable {
  const controller = new DiagnosticsController(deps.workspace, deps.renders, deps.log);
  const disposables: vscode.Disposable[] = [
    controller,
    deps.workspace.onDidChange((change) => controller.onWorkspaceChange(change)),
    vscode.languages.registerCodeActionsProvider(yamlFiles, new LintCodeActions(controller), {
      providedCodeActionKinds: LintCodeActions.kinds,
    }),
    vscode.languages.registerHoverProvider(yamlFiles, new TargetHover(controller)),
  ];

  // The first load may have finished before this listener existed.
  const roots = deps.workspace.model.roots().map((root) => root.dir);
  if (roots.length > 0) {
    controller.onWorkspaceChange({ changedPaths: [], affectedRoots: roots, reloaded: true });
  }
  return vscode.Disposable.from(...disposables);
}
