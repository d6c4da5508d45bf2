import type * as vscode from 'vscode';

/**
 * Collects keys and calls `flush` with all of them once `delayMs` passed without a new one.
 * Disposing drops pending keys without flushing.
 */
export class KeyedDebouncer<Key> implements vscode.Disposable {
  private readonly pending = new Set<Key>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly delayMs: number,
    private readonly flush: (keys: Key[]) => void,
  ) {}

  add(key: Key): void {
    this.pending.add(key);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fire(), this.delayMs);
  }

  private fire(): void {
    this.timer = undefined;
    const keys = [...this.pending];
    this.pending.clear();
    this.flush(keys);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.pending.clear();
  }
}

/** One timer per key: `schedule(key, run)` replaces that key's pending call. */
export class PerKeyTimer<Key> implements vscode.Disposable {
  private readonly timers = new Map<Key, NodeJS.Timeout>();

  schedule(key: Key, delayMs: number, run: () => void): void {
    clearTimeout(this.timers.get(key));
    const timer = setTimeout(() => {
      this.timers.delete(key);
      run();
    }, delayMs);
    this.timers.set(key, timer);
  }

  /** Like `schedule`, but keeps a pending call's earlier deadline instead of postponing it. */
  scheduleUnlessPending(key: Key, delayMs: number, run: () => void): void {
    if (!this.timers.has(key)) {
      this.schedule(key, delayMs, run);
    }
  }

  cancel(key: Key): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  dispose(): void {
    for (const timer of this.timers.values()) {
      clearTimeout(timer);
    }
    this.timers.clear();
  }
}
