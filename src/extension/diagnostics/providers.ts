import * as path from 'node:path';
import * as vscode from 'vscode';
import { patchEntries } from '../../core/lint/patchEntries';
import { describeObject } from '../../core/lint/selector';
import { selectedObjects } from '../../core/lint/rules/targets';
import { rangeOfNode } from '../../core/yamlFile';
import { diagnosticSource, toCodeAction, toRange } from './convert';
import type { DiagnosticsController } from './diagnosticsController';

/** Offers the fixes the lint rules computed for the diagnostics under the cursor. */
export class LintCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly controller: DiagnosticsController) {}

  provideCodeActions(
    _document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== diagnosticSource) {
        continue;
      }
      const finding = this.controller.findingOf(diagnostic);
      for (const fix of finding?.fixes ?? []) {
        actions.push(toCodeAction(fix, diagnostic));
      }
    }
    return actions;
  }
}

/** Lists the objects a patch target selects when the pointer rests on the target. */
export class TargetHover implements vscode.HoverProvider {
  constructor(private readonly controller: DiagnosticsController) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const linter = this.controller.linter();
    const root = linter.model.root(path.dirname(document.uri.fsPath));
    const context =
      root === undefined || root.filePath !== document.uri.fsPath
        ? undefined
        : linter.contextOf(root);
    if (context === undefined) {
      return undefined;
    }

    for (const entry of patchEntries(context.kustomization, context.files)) {
      const range =
        entry.targetNode === undefined
          ? undefined
          : toRange(rangeOfNode(context.kustomization.file, entry.targetNode));
      if (range === undefined || !range.contains(position)) {
        continue;
      }
      const objects = selectedObjects(context, entry) ?? [];
      const lines = objects.map(
        (object) => `- ${describeObject(object)} — ${path.relative(root?.dir ?? '', object.file)}`,
      );
      const heading = `**Target selects ${objects.length} object${objects.length === 1 ? '' : 's'}** (patterns are anchored regular expressions)`;
      const note = context.sources.complete
        ? ''
        : '\n\nSome inputs are remote or generated and are not listed.';
      return new vscode.Hover(
        new vscode.MarkdownString([heading, ...lines].join('\n') + note),
        range,
      );
    }
    return undefined;
  }
}
