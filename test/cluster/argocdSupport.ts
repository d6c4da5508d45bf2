import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ClusterConnection } from '../../src/cluster/connection';
import { ApiError } from '../../src/cluster/errors';
import type { JsonObject } from '../../src/core/drift/types';
import { isJsonObject } from '../../src/core/drift/types';
import { fixturePath, sharedPath } from '../support/paths';

export const kubeconfig = process.env['KUBECONFIG'];

export const skipReason: string | false =
  kubeconfig !== undefined && fs.existsSync(kubeconfig)
    ? false
    : 'no API server: run scripts/test-cluster.sh, which starts one and sets KUBECONFIG';

const crdFiles = ['argocd-application-crd.yaml', 'argocd-appproject-crd.yaml'];

/**
 * Installs Argo CD's Application and AppProject CRDs with server-side apply and waits until they
 * are established. Uses Argo CD's own CRDs from the shared data when present, else the minimal
 * schema in test/fixtures/argocd.
 */
export async function installCrds(connection: ClusterConnection): Promise<string> {
  const shared = sharedPath('crds');
  const folder = shared ?? fixturePath('argocd');
  const files = shared === undefined ? ['crds.yaml'] : crdFiles;
  for (const file of files) {
    const text = fs.readFileSync(path.join(folder, file), 'utf8');
    for (const crd of parseAllDocuments(text).map((document) => document.toJS() as JsonObject)) {
      await applyCrd(connection, crd);
      await waitUntilListable(connection, crd);
    }
  }
  return shared === undefined ? 'minimal test schema' : 'Argo CD CRDs from the shared data';
}

async function applyCrd(connection: ClusterConnection, crd: JsonObject): Promise<void> {
  const name = String((crd['metadata'] as JsonObject)['name']);
  const path = `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`;
  await connection.request({
    method: 'PATCH',
    path,
    query: { fieldManager: 'argocd-tests', force: 'true' },
    body: crd,
    contentType: 'application/apply-patch+yaml',
  });
  for (let attempt = 0; attempt < 100; attempt++) {
    const current = await connection.request({ method: 'GET', path });
    const conditions = isJsonObject(current)
      ? ((current['status'] as JsonObject | undefined)?.['conditions'] ?? [])
      : [];
    if (
      Array.isArray(conditions) &&
      conditions.some(
        (c) => isJsonObject(c) && c['type'] === 'Established' && c['status'] === 'True',
      )
    ) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`CRD ${name} was not established within 10 s`);
}

/**
 * Waits until the CRD's resource can be listed. Right after a CRD is established the API server
 * can still return 429 "storage is (re)initializing" for a moment.
 */
async function waitUntilListable(connection: ClusterConnection, crd: JsonObject): Promise<void> {
  const spec = crd['spec'] as JsonObject;
  const versions = spec['versions'] as JsonObject[];
  const version = String(
    versions.find((candidate) => candidate['storage'] === true)?.['name'] ?? versions[0]?.['name'],
  );
  const plural = String((spec['names'] as JsonObject)['plural']);
  const path = `/apis/${String(spec['group'])}/${version}/${plural}`;
  let lastError: unknown;
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      await connection.request({ method: 'GET', path, query: { limit: '1' } });
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`${path} could not be listed within 10 s: ${String(lastError)}`);
}

export function openAdmin(context?: string, file = kubeconfig): Promise<ClusterConnection> {
  return ClusterConnection.open({
    ...(file === undefined ? {} : { kubeconfig: file }),
    ...(context === undefined ? {} : { context }),
    requestTimeoutMs: 10_000,
  });
}

let counter = 0;

export function uniqueName(prefix: string): string {
  counter++;
  return `${prefix}-${process.pid}-${counter}`;
}

export async function createNamespace(connection: ClusterConnection, name: string): Promise<void> {
  const body = { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
  await connection.request({ method: 'POST', path: '/api/v1/namespaces', body });
}

/** Builds an Application manifest with one Git source, as a workspace would contain it. */
export function applicationObject(
  namespace: string,
  name: string,
  extra: { project?: string; path?: string } = {},
): JsonObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace },
    spec: {
      project: extra.project ?? 'default',
      source: {
        repoURL: 'https://git.example.test/team/deploy.git',
        path: extra.path ?? `envs/${name}`,
        targetRevision: 'main',
      },
      destination: { server: 'https://kubernetes.default.svc', namespace: `${name}-run` },
    },
  };
}

export function projectObject(namespace: string, name: string, spec: JsonObject): JsonObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name, namespace },
    spec,
  };
}

export async function create(
  connection: ClusterConnection,
  object: JsonObject,
): Promise<JsonObject> {
  const metadata = object['metadata'] as JsonObject;
  const plural = object['kind'] === 'AppProject' ? 'appprojects' : 'applications';
  const path = `/apis/argoproj.io/v1alpha1/namespaces/${String(metadata['namespace'])}/${plural}`;
  return (await connection.request({ method: 'POST', path, body: object })) as JsonObject;
}

/** Writes fields as the Application controller would, with a JSON merge patch. */
export async function patchApplication(
  connection: ClusterConnection,
  namespace: string,
  name: string,
  patch: JsonObject,
): Promise<JsonObject> {
  const path = `/apis/argoproj.io/v1alpha1/namespaces/${namespace}/applications/${name}`;
  return (await connection.request({
    method: 'PATCH',
    path,
    body: patch,
    contentType: 'application/merge-patch+json',
  })) as JsonObject;
}

export async function getApplication(
  connection: ClusterConnection,
  namespace: string,
  name: string,
): Promise<JsonObject> {
  const path = `/apis/argoproj.io/v1alpha1/namespaces/${namespace}/applications/${name}`;
  return (await connection.request({ method: 'GET', path })) as JsonObject;
}

export function isForbidden(error: unknown): boolean {
  return error instanceof ApiError && error.status === 403;
}

/** Waits until `condition` holds, checking every 20 ms, or fails after `timeoutMs`. */
export async function waitFor(
  what: string,
  condition: () => boolean,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A TCP relay on 127.0.0.1 in front of the API server. Tests close its connections to make a
 * watch drop, or stop listening to make the server unreachable; TLS passes through unchanged,
 * so the server certificate for 127.0.0.1 stays valid.
 */
export class Relay {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  port = 0;
  connections = 0;

  constructor(private readonly target: URL) {}

  async listen(): Promise<void> {
    const server = net.createServer((client) => this.relay(client));
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /** Closes every relayed connection; new ones are still accepted. */
  dropConnections(): void {
    for (const socket of this.sockets) {
      socket.destroy();
    }
    this.sockets.clear();
  }

  /** Stops accepting and closes every connection, so clients see "connection refused". */
  async stop(): Promise<void> {
    this.dropConnections();
    const server = this.server;
    this.server = undefined;
    await new Promise<void>((resolve) =>
      server === undefined ? resolve() : server.close(() => resolve()),
    );
  }

  /** Writes a copy of the kubeconfig whose server is this relay. */
  writeKubeconfig(source: string): string {
    const text = fs
      .readFileSync(source, 'utf8')
      .replace(/server: https:\/\/127\.0\.0\.1:\d+/g, `server: https://127.0.0.1:${this.port}`);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'argocd-relay-')), 'kubeconfig');
    fs.writeFileSync(file, text, { mode: 0o600 });
    return file;
  }

  private relay(client: net.Socket): void {
    this.connections++;
    const upstream = net.connect(Number(this.target.port), this.target.hostname);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
