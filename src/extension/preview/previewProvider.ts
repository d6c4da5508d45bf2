import * as vscode from 'vscode';
import { PerKeyTimer } from '../debounce';
import type { ComponentLog } from '../log';
import type { RenderService } from '../render/renderService';
import { readPreviewDelayMs } from '../settings';
import { previewText, renderingPreviewText, untrustedPreviewText } from './previewContent';
import { dirOfPreviewUri, previewUriFor } from './previewUris';

interface PreviewState {
  text: string | undefined;
  lastGood: string | undefined;
  running: vscode.CancellationTokenSource | undefined;
}

/**
 * Serves read-only documents with the output of `kustomize build` for a root. An open preview
 * renders again, debounced per root, whenever a file the root reads changes on disk or in an
 * editor. Each new render cancels the one still running for that preview.
 */
export class PreviewProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly states = new Map<string, PreviewState>();
  private readonly timers = new PerKeyTimer<string>();
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri>();
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter, this.timers];

  readonly onDidChange = this.changeEmitter.event;

  constructor(
    private readonly renders: RenderService,
    private readonly log: ComponentLog,
  ) {
    renders.onDidInvalidate(
      (invalidation) => this.scheduleUpdates(invalidation.dirs, invalidation.cause === 'edit'),
      undefined,
      this.disposables,
    );
    vscode.workspace.onDidGrantWorkspaceTrust(
      () => this.scheduleUpdates([...this.states.keys()], true),
      undefined,
      this.disposables,
    );
    vscode.workspace.onDidCloseTextDocument(
      (document) => this.forget(document.uri),
      undefined,
      this.disposables,
    );
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const dir = dirOfPreviewUri(uri);
    if (dir === undefined) {
      return '';
    }

    const state = this.states.get(dir);
    if (state?.text !== undefined) {
      return state.text;
    }
    if (state === undefined) {
      this.states.set(dir, { text: undefined, lastGood: undefined, running: undefined });
      await this.update(dir);
    }
    return this.states.get(dir)?.text ?? renderingPreviewText(dir);
  }

  /** Root folders with an open preview. */
  openPreviews(): string[] {
    return [...this.states.keys()];
  }

  /**
   * Schedules a render of each open preview among `dirs`. With `restart`, as after an edit, a
   * pending render is postponed. Without it, as after the model update that follows edits, the
   * pending deadline stays, because the render reads the model and unsaved text when it starts.
   */
  private scheduleUpdates(dirs: readonly string[], restart: boolean): void {
    const delayMs = readPreviewDelayMs();
    for (const dir of dirs) {
      if (!this.states.has(dir)) {
        continue;
      }
      const run = (): void => void this.update(dir);
      if (restart) {
        this.timers.schedule(dir, delayMs, run);
      } else {
        this.timers.scheduleUnlessPending(dir, delayMs, run);
      }
    }
  }

  private async update(dir: string): Promise<void> {
    const state = this.states.get(dir);
    if (state === undefined) {
      return;
    }
    state.running?.cancel();
    const running = new vscode.CancellationTokenSource();
    state.running = running;

    try {
      const text = await this.produce(dir, state, running.token);
      const current = !running.token.isCancellationRequested && this.states.get(dir) === state;
      if (text !== undefined && current) {
        state.text = text;
        this.changeEmitter.fire(previewUriFor(dir));
      }
    } catch (error) {
      this.log.error(`preview of ${dir} failed`, error);
    } finally {
      running.dispose();
      if (state.running === running) {
        state.running = undefined;
      }
    }
  }

  /** Returns the new preview text, or undefined when the render was cancelled. */
  private async produce(dir: string, state: PreviewState, token: vscode.CancellationToken) {
    if (!this.renders.enabled) {
      return untrustedPreviewText(dir);
    }

    const result = await this.renders.render(dir, token);
    const reason = result.error?.reason;
    if (reason === 'cancelled' || reason === 'superseded') {
      return undefined;
    }
    if (result.ok) {
      state.lastGood = result.yaml;
    }
    return previewText(result, state.lastGood);
  }

  private forget(uri: vscode.Uri): void {
    const dir = dirOfPreviewUri(uri);
    if (dir === undefined) {
      return;
    }
    this.states.get(dir)?.running?.cancel();
    this.timers.cancel(dir);
    this.states.delete(dir);
  }

  dispose(): void {
    for (const state of this.states.values()) {
      state.running?.cancel();
    }
    this.states.clear();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
