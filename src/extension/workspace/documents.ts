import * as path from 'node:path';
import type * as vscode from 'vscode';

/** Globs of the files the model reads: YAML manifests and the extension-less `Kustomization`. */
export const watchedFileGlobs = ['**/*.{yaml,yml}', '**/Kustomization'] as const;

/** True for a file the model may read: a YAML file or a file named `Kustomization` on disk. */
export function isModelFile(file: string): boolean {
  return /\.ya?ml$/i.test(file) || path.basename(file) === 'Kustomization';
}

/** True for an open document whose unsaved text the model should see. */
export function isWorkspaceFileDocument(document: vscode.TextDocument): boolean {
  return document.uri.scheme === 'file' && isModelFile(document.uri.fsPath);
}
