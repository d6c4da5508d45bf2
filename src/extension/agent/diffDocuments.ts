import * as vscode from 'vscode';
import { stringify } from 'yaml';
import type { ClusterContext, DiffReport } from '../../cluster';
import { getObject } from '../../cluster';
import type { JsonObject } from '../../core/drift';
import { childObject, childString, keyId, objectKey, trackingLabel } from '../../core/drift';
import { orderKeysLike } from '../../core/drift/keyOrder';
import { driftScheme } from './agentIds';

/** Read-only documents with the live and desired YAML of an Application, by URI. */
export class DiffDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(driftScheme, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return (
      this.texts.get(uri.toString()) ??
      '# This diff is no longer available; run the command again.\n'
    );
  }

  /** Stores a document and returns its URI; a later call with the same name replaces it. */
  put(name: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: driftScheme, path: `/${name}.yaml` });
    this.texts.set(uri.toString(), text);
    return uri;
  }

  dispose(): void {
    this.registration.dispose();
    this.texts.clear();
  }
}

/** Fields the server writes, left out of the live side so the diff shows only what Git sets. */
const serverFields = ['managedFields', 'resourceVersion', 'uid', 'creationTimestamp', 'generation'];

/** Writes the desired and live YAML of every compared object, in the same order on both sides. */
export async function diffTexts(
  cluster: ClusterContext,
  report: DiffReport,
  manifests: readonly JsonObject[],
  signal: AbortSignal,
): Promise<{ live: string; desired: string }> {
  const live: string[] = [];
  const desired: string[] = [];
  for (const resource of report.resources) {
    const manifest = manifests.find(
      (candidate) => keyId(objectKey(candidate)) === keyId(resource.key),
    );
    const current = await readLive(cluster, resource.key, signal);
    desired.push(manifest === undefined ? '# not rendered\n' : stringify(maskSecret(manifest)));
    live.push(current === undefined ? '# not on the cluster\n' : liveText(current, manifest));
  }
  return { live: live.join('---\n'), desired: desired.join('---\n') };
}

async function readLive(
  cluster: ClusterContext,
  key: ReturnType<typeof objectKey>,
  signal: AbortSignal,
) {
  const apiVersion = key.group === '' ? key.version : `${key.group}/${key.version}`;
  const type = await cluster.discovery.resourceFor(apiVersion, key.kind, signal);
  if (type === undefined) {
    return undefined;
  }
  const object = await getObject(cluster.connection, type, key, signal);
  return object === undefined ? undefined : maskSecret(object);
}

/**
 * Writes a live object without server fields and without the agent's own tracking label, with
 * its keys in the order of the rendered object, so that only real differences show.
 */
function liveText(current: JsonObject, manifest: JsonObject | undefined): string {
  const cleaned = withoutServerFields(current);
  return stringify(manifest === undefined ? cleaned : orderKeysLike(cleaned, manifest));
}

function withoutServerFields(object: JsonObject): JsonObject {
  const copy = structuredClone(object);
  delete copy['status'];
  const metadata = childObject(copy, 'metadata');
  for (const field of serverFields) {
    delete metadata?.[field];
  }
  const labels = childObject(metadata, 'labels');
  if (labels !== undefined) {
    delete labels[trackingLabel];
    if (Object.keys(labels).length === 0) {
      delete metadata?.['labels'];
    }
  }
  return copy;
}

/**
 * Replaces Secret values on both sides, so no Secret content reaches an editor tab. The diff
 * then hides changed Secret values, which the drift diagnostics still report.
 */
function maskSecret(object: JsonObject): JsonObject {
  if (childString(object, 'kind') !== 'Secret') {
    return object;
  }
  const copy = structuredClone(object);
  for (const field of ['data', 'stringData']) {
    const values = childObject(copy, field);
    for (const key of Object.keys(values ?? {})) {
      (values as JsonObject)[key] = '<secret value hidden>';
    }
  }
  return copy;
}
