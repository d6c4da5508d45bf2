import * as vscode from 'vscode';
import { releaseScheme } from './releaseIds';

/** Maximum number of virtual documents kept; the oldest are dropped first. */
const maxDocuments = 32;

/**
 * Read-only documents under the `gitops-release:` scheme, for the promotion diffs: the new
 * kustomization text and the rendered manifests before and after. Each URI carries a
 * counter in its query, so a later promotion never shows an older document's text.
 */
export class VirtualDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private counter = 0;
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(releaseScheme, this);
  }

  /** Stores `text` under a new URI whose path ends in `name`, so the editor picks the language. */
  add(name: string, text: string): vscode.Uri {
    this.counter++;
    const query = String(this.counter);
    const uri = vscode.Uri.from({ scheme: releaseScheme, path: `/${name}`, query });
    this.texts.set(uri.toString(), text);
    if (this.texts.size > maxDocuments) {
      const oldest = this.texts.keys().next().value;
      if (oldest !== undefined) {
        this.texts.delete(oldest);
      }
    }
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const missing = '# This document is no longer available; run the command again.\n';
    return this.texts.get(uri.toString()) ?? missing;
  }

  dispose(): void {
    this.registration.dispose();
    this.texts.clear();
  }
}
