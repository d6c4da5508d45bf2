import * as fs from 'node:fs';
import * as https from 'node:https';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
// NOTE: @kubernetes/client-node 1.x is ESM-only. The esbuild bundles inline it; the unbundled
// test output in out/ loads it with require(), which needs Node 20.19 or later.
import { KubeConfig } from '@kubernetes/client-node';
import type { JsonValue } from '../core/drift';
import {
  ApiError,
  CancelledError,
  ClusterTimeoutError,
  ClusterUnreachableError,
  KubeconfigNotFoundError,
  NoKubeconfigError,
} from './errors';

export interface ConnectionOptions {
  /** Path of the kubeconfig file; the default is `$KUBECONFIG`, then `~/.kube/config`. */
  readonly kubeconfig?: string;
  /** Context to use instead of the file's current context. */
  readonly context?: string;
  /** Time limit of one request in milliseconds. */
  readonly requestTimeoutMs?: number;
}

export interface ApiRequest {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Path below the server URL, e.g. `/apis/apps/v1/namespaces/shop/deployments/web`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: JsonValue;
  readonly contentType?: string;
  readonly signal?: AbortSignal;
}

/** Counts of requests sent, by method, for measurements. */
export type RequestCounts = Record<string, number>;

/**
 * An authenticated HTTP client for one API server, built from a kubeconfig context by
 * @kubernetes/client-node (certificates, tokens, exec plugins). Requests and responses are
 * plain JSON, so no field is lost or converted by typed models.
 */
export class ClusterConnection {
  readonly counts: RequestCounts = {};

  private constructor(
    readonly server: string,
    readonly contextName: string,
    private readonly agent: http.Agent,
    private readonly headers: Readonly<Record<string, string>>,
    private readonly timeoutMs: number,
  ) {}

  static async open(options: ConnectionOptions = {}): Promise<ClusterConnection> {
    const config = loadKubeConfig(options);
    const cluster = config.getCurrentCluster();
    if (cluster === null) {
      throw new Error(
        `context "${config.getCurrentContext()}" names no cluster; check the kubeconfig`,
      );
    }

    // NOTE: credentials are read once; a token from an exec plugin that expires later is not renewed.
    const tls: https.RequestOptions = {};
    await config.applyToHTTPSOptions(tls);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(tls.headers ?? {})) {
      headers[name] = String(value);
    }
    if (typeof tls.auth === 'string') {
      headers['Authorization'] = `Basic ${Buffer.from(tls.auth).toString('base64')}`;
    }

    const agent = createAgent(cluster.server, tls);
    const timeoutMs = options.requestTimeoutMs ?? 30_000;
    return new ClusterConnection(
      cluster.server,
      config.getCurrentContext(),
      agent,
      headers,
      timeoutMs,
    );
  }

  get requestCount(): number {
    return Object.values(this.counts).reduce((sum, count) => sum + count, 0);
  }

  /** Sends one request; resolves with the parsed JSON body of a 2xx response. */
  async request(request: ApiRequest): Promise<JsonValue | undefined> {
    if (request.signal?.aborted === true) {
      throw new CancelledError();
    }
    this.counts[request.method] = (this.counts[request.method] ?? 0) + 1;

    const url = new URL(this.server.replace(/\/$/, '') + request.path);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) {
        url.searchParams.set(name, value);
      }
    }
    const response = await this.send(url, request);
    return parseResponse(request, response);
  }

  close(): void {
    this.agent.destroy();
  }

  private send(url: URL, request: ApiRequest): Promise<RawResponse> {
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    const headers: Record<string, string> = { ...this.headers, Accept: 'application/json' };
    if (body !== undefined) {
      headers['Content-Type'] = request.contentType ?? 'application/json';
    }
    const target = `${request.method} ${url.pathname}`;
    const transport = url.protocol === 'http:' ? http : https;

    return new Promise((resolve, reject) => {
      const outgoing = transport.request(url, {
        method: request.method,
        headers,
        agent: this.agent,
      });
      const fail = (error: Error) =>
        reject(toClusterError(error, target, this.server, this.timeoutMs));
      const abort = () => outgoing.destroy(new CancelledError(`${target} cancelled`));

      request.signal?.addEventListener('abort', abort, { once: true });
      outgoing.setTimeout(this.timeoutMs, () => outgoing.destroy(new ClusterTimeoutError(target)));
      outgoing.on('error', (error) => {
        request.signal?.removeEventListener('abort', abort);
        fail(error);
      });
      outgoing.on('response', (incoming) => {
        readBody(incoming).then((text) => {
          request.signal?.removeEventListener('abort', abort);
          resolve({ status: incoming.statusCode ?? 0, text });
        }, fail);
      });
      outgoing.end(body);
    });
  }
}

interface RawResponse {
  readonly status: number;
  readonly text: string;
}

function loadKubeConfig(options: ConnectionOptions): KubeConfig {
  const config = new KubeConfig();
  if (options.kubeconfig !== undefined) {
    if (!fs.existsSync(options.kubeconfig)) {
      throw new KubeconfigNotFoundError(`kubeconfig ${options.kubeconfig} not found`);
    }
    config.loadFromFile(options.kubeconfig);
  } else {
    checkDefaultKubeconfig();
    config.loadFromDefault();
  }

  if (options.context !== undefined) {
    const names = config.getContexts().map((context) => context.name);
    if (!names.includes(options.context)) {
      const known = names.length === 0 ? 'none' : names.join(', ');
      throw new Error(
        `context "${options.context}" not found in the kubeconfig (contexts: ${known})`,
      );
    }
    config.setCurrentContext(options.context);
  }
  return config;
}

/** Token file of a Pod's service account, which client-node reads when no kubeconfig exists. */
const serviceAccountToken = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * Throws when `loadFromDefault` would find no kubeconfig. @kubernetes/client-node 1.4 then
 * falls back to http://localhost:8080, which fails later with an unrelated TLS message.
 */
function checkDefaultKubeconfig(): void {
  const variable = process.env['KUBECONFIG'] ?? '';
  if (variable !== '') {
    const missing = variable
      .split(path.delimiter)
      .filter((file) => file !== '' && !fs.existsSync(file));
    if (missing.length > 0) {
      throw new KubeconfigNotFoundError(
        `kubeconfig ${missing.join(', ')} (listed in KUBECONFIG) not found`,
      );
    }
    return;
  }
  const home = path.join(os.homedir(), '.kube', 'config');
  if (!fs.existsSync(home) && !fs.existsSync(serviceAccountToken)) {
    throw new NoKubeconfigError();
  }
}

/** Creates one keep-alive agent per connection, so a diff of many objects reuses TLS sessions. */
function createAgent(server: string, tls: https.RequestOptions): http.Agent {
  if (server.startsWith('http:')) {
    return new http.Agent({ keepAlive: true });
  }
  const options: https.AgentOptions = { keepAlive: true, maxSockets: 16 };
  if (tls.ca !== undefined) options.ca = tls.ca;
  if (tls.cert !== undefined) options.cert = tls.cert;
  if (tls.key !== undefined) options.key = tls.key;
  if (tls.rejectUnauthorized !== undefined) options.rejectUnauthorized = tls.rejectUnauthorized;
  if (tls.servername !== undefined) options.servername = tls.servername;
  return new https.Agent(options);
}

function readBody(incoming: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    incoming.on('error', reject);
  });
}

function toClusterError(error: Error, target: string, server: string, timeoutMs: number): Error {
  if (error instanceof CancelledError) {
    return error;
  }
  if (error instanceof ClusterTimeoutError) {
    return new ClusterTimeoutError(`${target} timed out after ${timeoutMs} ms (server ${server})`);
  }
  const code = (error as NodeJS.ErrnoException).code ?? 'UNKNOWN';
  return new ClusterUnreachableError(
    `cannot reach ${server} (${code}) for ${target}: ${error.message}`,
    code,
  );
}

function parseResponse(request: ApiRequest, response: RawResponse): JsonValue | undefined {
  const body = parseJson(response.text);
  if (response.status >= 200 && response.status < 300) {
    return body;
  }

  const status = typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {};
  const reason = typeof status['reason'] === 'string' ? status['reason'] : 'Unknown';
  const detail =
    typeof status['message'] === 'string' ? status['message'] : response.text.slice(0, 300);
  const message = `${request.method} ${request.path} failed with ${response.status} ${reason}: ${detail}`;
  throw new ApiError(message, response.status, reason);
}

function parseJson(text: string): JsonValue | undefined {
  if (text === '') {
    return undefined;
  }
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}
