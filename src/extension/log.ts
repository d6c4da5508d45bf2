import * as vscode from 'vscode';

/**
 * The extension's one output channel. Each line carries a `[component]` tag; the level
 * follows VS Code's own "Developer: Set Log Level" for this channel.
 */
export class Log implements vscode.Disposable {
  private readonly channel: vscode.LogOutputChannel;

  constructor() {
    this.channel = vscode.window.createOutputChannel('GitOps Workbench', { log: true });
  }

  for(component: string): ComponentLog {
    return new ComponentLog(this.channel, component);
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}

/** Log lines of one component, tagged with its name. */
export class ComponentLog {
  constructor(
    private readonly channel: vscode.LogOutputChannel,
    private readonly component: string,
  ) {}

  trace(message: string): void {
    this.channel.trace(`[${this.component}] ${message}`);
  }

  debug(message: string): void {
    this.channel.debug(`[${this.component}] ${message}`);
  }

  info(message: string): void {
    this.channel.info(`[${this.component}] ${message}`);
  }

  warn(message: string): void {
    this.channel.warn(`[${this.component}] ${message}`);
  }

  error(message: string, error?: unknown): void {
    const detail = error === undefined ? '' : `: ${describeError(error)}`;
    this.channel.error(`[${this.component}] ${message}${detail}`);
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    return error.message;
  }
  return String(error);
}
