import * as path from 'node:path';
import * as vscode from 'vscode';
import { previewScheme } from '../ids';

/**
 * Returns the preview URI of a kustomization root. The folder travels in the query; the path
 * ends in `.yaml` so the editor picks the YAML language, and names the folder in the tab.
 */
export function previewUriFor(dir: string): vscode.Uri {
  const name = path.basename(dir);
  const documentPath = `/${name} (kustomize build).yaml`;
  return vscode.Uri.from({ scheme: previewScheme, path: documentPath, query: dir });
}

/** Returns the root folder a preview URI shows, or undefined for other URIs. */
export function dirOfPreviewUri(uri: vscode.Uri): string | undefined {
  return uri.scheme === previewScheme && uri.query !== '' ? uri.query : undefined;
}
