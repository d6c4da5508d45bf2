import * as vscode from 'vscode';
import type { ResourceReport } from '../../cluster';
import type { JsonObject } from '../../core/drift';
import { keyId, objectKey } from '../../core/drift';
import type { DriftObject } from '../../core/driftLocation';
import { driftMessage, locateDrift } from '../../core/driftLocation';
import { ParsedFiles } from '../../core/lint/parsedFiles';
import type { WorkspaceModel } from '../../core/workspace/model';
import type { ApplicationState } from './agentTypes';

/** Diagnostic code of drift findings, so quick fixes and filters can tell them apart. */
export const driftCode = 'drift';

/**
 * Shows each drifted field as a warning at the source line that sets it. For Applications
 * Argo CD manages, the message states that it is what Argo CD will see.
 */
export class DriftDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('gitops-drift');

  constructor(private readonly model: () => WorkspaceModel) {}

  update(
    states: readonly ApplicationState[],
    isManagedByArgoCd: (state: ApplicationState) => boolean,
  ): void {
    const files = new ParsedFiles(this.model().source);
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const state of states) {
      const argo = isManagedByArgoCd(state);
      for (const resource of state.report?.resources ?? []) {
        for (const diagnostic of this.diagnosticsOf(state, resource, argo, files)) {
          const list = byFile.get(diagnostic.file) ?? [];
          list.push(diagnostic.diagnostic);
          byFile.set(diagnostic.file, list);
        }
      }
    }
    this.collection.clear();
    for (const [file, diagnostics] of byFile) {
      this.collection.set(vscode.Uri.file(file), diagnostics);
    }
  }

  private diagnosticsOf(
    state: ApplicationState,
    resource: ResourceReport,
    argo: boolean,
    files: ParsedFiles,
  ) {
    const object = driftObject(resource, state.manifests);
    const application = state.application;
    const suffix = argo ? ' (what Argo CD will see)' : '';
    const found: { file: string; diagnostic: vscode.Diagnostic }[] = [];
    for (const difference of resource.differences) {
      const location = locateDrift(this.model(), application.dir, object, difference.path, files);
      if (location === undefined) {
        continue;
      }
      const range = location.range;
      const start = new vscode.Position(range.startLine, range.startColumn);
      const vscodeRange = new vscode.Range(
        start,
        new vscode.Position(range.endLine, range.endColumn),
      );
      const text = driftMessage(resource.key, difference);
      const message = `${text}${suffix} [Application ${application.name}]`;
      const diagnostic = new vscode.Diagnostic(
        vscodeRange,
        message,
        vscode.DiagnosticSeverity.Warning,
      );
      diagnostic.code = driftCode;
      diagnostic.source = 'GitOps drift';
      found.push({ file: location.file, diagnostic });
    }
    return found;
  }

  dispose(): void {
    this.collection.dispose();
  }
}

/** Finds the rendered manifest of a compared object, so list items are matched by name. */
function driftObject(resource: ResourceReport, manifests: readonly JsonObject[]): DriftObject {
  const id = keyId(resource.key);
  const rendered = manifests.find((manifest) => sameObject(manifest, id));
  const key = resource.key;
  return {
    kind: key.kind,
    name: key.name,
    ...(key.namespace === '' ? {} : { namespace: key.namespace }),
    ...(rendered === undefined ? {} : { rendered }),
  };
}

/** Rendered manifests may lack the namespace the diff filled in, so that part may be empty. */
function sameObject(manifest: JsonObject, id: string): boolean {
  const key = objectKey(manifest);
  if (keyId(key) === id) {
    return true;
  }
  return (
    key.namespace === '' &&
    id.startsWith(`${key.group}/${key.kind}/`) &&
    id.endsWith(`/${key.name}`)
  );
}
