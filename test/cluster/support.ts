import { execFile } from 'node:child_process';
import { setMaxListeners } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import type { JsonObject, JsonValue } from '../../src/core/drift';
import { childObject, isJsonObject } from '../../src/core/drift';
import { render } from '../../src/core/render/renderer';
import type { ApplicationSource, ResourceType } from '../../src/cluster';
import { ClusterConnection, ClusterContext } from '../../src/cluster';
import { fixturePath, repoRoot } from '../support/paths';

const run = promisify(execFile);

/** The kubeconfig of the test control plane, or undefined when none was started. */
export const kubeconfig = process.env['KUBECONFIG'];

/** Why the cluster tests skip, or false when they can run. */
export const skipReason: string | false =
  kubeconfig !== undefined && fs.existsSync(kubeconfig)
    ? false
    : 'no API server: run scripts/test-cluster.sh, which starts one and sets KUBECONFIG';

/** Opens the test cluster with short retry delays, logging to the test output only on failure. */
export async function openCluster(context?: string, baseDelayMs = 100): Promise<ClusterContext> {
  const connection = await ClusterConnection.open({
    ...(kubeconfig === undefined ? {} : { kubeconfig }),
    ...(context === undefined ? {} : { context }),
    requestTimeoutMs: 5_000,
  });
  return new ClusterContext(connection, { baseDelayMs }, () => undefined);
}

/** Parses multi-document YAML into objects, skipping empty documents. */
export function parseObjects(text: string): JsonObject[] {
  return parseAllDocuments(text)
    .map((document) => document.toJS() as JsonValue | null)
    .filter((value): value is JsonObject => value !== null && isJsonObject(value));
}

/** Renders a fixture overlay with the project's renderer. */
export async function renderFixture(...parts: string[]): Promise<JsonObject[]> {
  const result = await render(fixturePath('drift', ...parts));
  if (!result.ok) {
    throw new Error(result.error?.message ?? 'render failed');
  }
  return parseObjects(result.yaml);
}

/** Returns copies of `manifests` moved to `namespace`, so each test works in its own namespace. */
export function inNamespace(manifests: readonly JsonObject[], namespace: string): JsonObject[] {
  return manifests.map((manifest) => {
    const copy = structuredClone(manifest);
    const metadata = childObject(copy, 'metadata') ?? {};
    metadata['namespace'] = namespace;
    copy['metadata'] = metadata;
    return copy;
  });
}

export function source(
  name: string,
  manifests: JsonObject[],
  extra: Partial<ApplicationSource> = {},
): ApplicationSource {
  return { name, manifests, namespace: name, ...extra };
}

export const configMaps: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'ConfigMap',
  resource: 'configmaps',
  namespaced: true,
  verbs: [],
};

export const deployments: ResourceType = {
  group: 'apps',
  version: 'v1',
  kind: 'Deployment',
  resource: 'deployments',
  namespaced: true,
  verbs: [],
};

/**
 * Changes a live object the way `kubectl patch` would, under `manager`. Strategic merge patches
 * merge lists such as containers by name; custom resources only take JSON merge patches.
 */
export async function mergePatch(
  cluster: ClusterContext,
  objectPath: string,
  patch: JsonValue,
  manager = 'kubectl-edit',
  kind: 'strategic' | 'merge' = 'strategic',
): Promise<JsonObject> {
  const body = await cluster.connection.request({
    method: 'PATCH',
    path: objectPath,
    contentType:
      kind === 'strategic'
        ? 'application/strategic-merge-patch+json'
        : 'application/merge-patch+json',
    body: patch,
    query: { fieldManager: manager },
  });
  if (!isJsonObject(body)) {
    throw new Error(`PATCH ${objectPath} returned no object`);
  }
  return body;
}

/** The control plane script and state folder, when the test run may stop and start the server. */
export const controlPlaneDir = process.env['GITOPS_CONTROL_PLANE_DIR'];

export async function controlPlane(command: 'stop-apiserver' | 'start-apiserver'): Promise<void> {
  if (controlPlaneDir === undefined) {
    throw new Error('GITOPS_CONTROL_PLANE_DIR is not set');
  }
  const script = path.join(repoRoot, 'scripts', 'control-plane.sh');
  await run('bash', [script, command, '--dir', controlPlaneDir]);
}

/** Creates an AbortController whose signal many requests may share without a listener warning. */
export function testSignal(): AbortController {
  const controller = new AbortController();
  setMaxListeners(64, controller.signal);
  return controller;
}

const runId = Date.now().toString(36);

/** Appends this run's id to `prefix`, so reruns against one control plane do not collide. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${runId}`;
}
