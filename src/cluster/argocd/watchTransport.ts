import * as http from 'node:http';
import * as https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import type { ConnectionOptions } from '../connection';
import { ApiError, CancelledError, ClusterUnreachableError } from '../errors';

/**
 * Receives one line of a watch stream (`{"type": "ADDED", "object": {...}}`); returning an error
 * ends the stream with it.
 */
export type WatchLineHandler = (line: string) => Error | undefined;

/**
 * Streams Kubernetes watch responses line by line. `ClusterConnection` reads whole bodies, so
 * watches use this transport, built from the same kubeconfig and context.
 */
export class WatchTransport {
  /** Watch requests sent, for measurements. */
  streamsOpened = 0;

  private constructor(
    readonly server: string,
    private readonly agent: http.Agent,
    private readonly headers: Readonly<Record<string, string>>,
  ) {}

  static async open(options: ConnectionOptions = {}): Promise<WatchTransport> {
    const config = new KubeConfig();
    if (options.kubeconfig === undefined) {
      config.loadFromDefault();
    } else {
      config.loadFromFile(options.kubeconfig);
    }
    if (options.context !== undefined) {
      config.setCurrentContext(options.context);
    }
    const cluster = config.getCurrentCluster();
    if (cluster === null) {
      throw new Error(
        `context "${config.getCurrentContext()}" names no cluster; check the kubeconfig`,
      );
    }

    const tls: https.RequestOptions = {};
    await config.applyToHTTPSOptions(tls);
    const headers: Record<string, string> = { Accept: 'application/json' };
    for (const [name, value] of Object.entries(tls.headers ?? {})) {
      headers[name] = String(value);
    }
    if (typeof tls.auth === 'string') {
      headers['Authorization'] = `Basic ${Buffer.from(tls.auth).toString('base64')}`;
    }
    return new WatchTransport(cluster.server, createAgent(cluster.server, tls), headers);
  }

  /**
   * Sends one watch request and calls `onLine` for every line until the server ends the stream
   * (resolves), the connection fails, or no byte arrives for `idleTimeoutMs` (rejects).
   */
  stream(
    path: string,
    query: Readonly<Record<string, string>>,
    onLine: WatchLineHandler,
    signal: AbortSignal,
    idleTimeoutMs: number,
  ): Promise<void> {
    const url = new URL(this.server.replace(/\/$/, '') + path);
    for (const [name, value] of Object.entries(query)) {
      url.searchParams.set(name, value);
    }
    this.streamsOpened++;
    const transport = url.protocol === 'http:' ? http : https;

    return new Promise((resolve, reject) => {
      const request = transport.request(url, {
        method: 'GET',
        headers: this.headers,
        agent: this.agent,
      });
      const abort = () => request.destroy(new CancelledError(`watch ${path} cancelled`));
      let finished = false;
      const finish = (error?: Error) => {
        if (finished) {
          return;
        }
        finished = true;
        signal.removeEventListener('abort', abort);
        if (error === undefined) {
          resolve();
        } else {
          reject(error);
        }
      };

      signal.addEventListener('abort', abort, { once: true });
      request.setTimeout(idleTimeoutMs, () => {
        request.destroy(
          new ClusterUnreachableError(
            `watch ${path}: no data for ${idleTimeoutMs} ms`,
            'ETIMEDOUT',
          ),
        );
      });
      request.on('socket', (socket) => socket.setKeepAlive(true, 15_000));
      request.on('error', (error) => finish(toStreamError(error, this.server, path)));
      request.on('response', (response) => readLines(response, path, onLine, finish));
      request.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

function readLines(
  response: http.IncomingMessage,
  path: string,
  onLine: WatchLineHandler,
  finish: (error?: Error) => void,
): void {
  const status = response.statusCode ?? 0;
  if (status < 200 || status >= 300) {
    let text = '';
    response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    response.on('end', () => finish(statusError(status, path, text)));
    return;
  }

  let buffer = '';
  response.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let newline = buffer.indexOf('\n');
    while (newline !== -1) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      const failure = line === '' ? undefined : onLine(line);
      if (failure !== undefined) {
        response.destroy();
        finish(failure);
        return;
      }
      newline = buffer.indexOf('\n');
    }
  });
  response.on('end', () => finish());
  response.on('aborted', () =>
    finish(new ClusterUnreachableError(`watch ${path}: connection closed`, 'ECONNRESET')),
  );
  response.on('error', (error) => finish(error));
}

function statusError(status: number, path: string, text: string): ApiError {
  let reason = 'Unknown';
  let message = text.slice(0, 300);
  try {
    const body = JSON.parse(text) as { reason?: unknown; message?: unknown };
    reason = typeof body.reason === 'string' ? body.reason : reason;
    message = typeof body.message === 'string' ? body.message : message;
  } catch {
    // The body is not a Status object; keep the raw text.
  }
  return new ApiError(`watch ${path} failed with ${status} ${reason}: ${message}`, status, reason);
}

function toStreamError(error: Error, server: string, path: string): Error {
  if (error instanceof CancelledError || error instanceof ClusterUnreachableError) {
    return error;
  }
  const code = (error as NodeJS.ErrnoException).code ?? 'UNKNOWN';
  return new ClusterUnreachableError(
    `cannot reach ${server} (${code}) for watch ${path}: ${error.message}`,
    code,
  );
}

function createAgent(server: string, tls: https.RequestOptions): http.Agent {
  if (server.startsWith('http:')) {
    return new http.Agent({ keepAlive: false });
  }
  const options: https.AgentOptions = { keepAlive: false };
  if (tls.ca !== undefined) options.ca = tls.ca;
  if (tls.cert !== undefined) options.cert = tls.cert;
  if (tls.key !== undefined) options.key = tls.key;
  if (tls.rejectUnauthorized !== undefined) options.rejectUnauthorized = tls.rejectUnauthorized;
  if (tls.servername !== undefined) options.servername = tls.servername;
  return new https.Agent(options);
}
