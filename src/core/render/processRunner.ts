import { spawn } from 'node:child_process';
import type { ChildProcess, SpawnOptions } from 'node:child_process';

/** A function that starts a child process, injectable so tests can count or fake spawns. */
export type Spawner = (
  command: string,
  args: readonly string[],
  options: SpawnOptions,
) => ChildProcess;

export const defaultSpawner: Spawner = (command, args, options) => spawn(command, args, options);

/** The end state of a child process. Except for `exited`, the runner killed it or it never ran. */
export type ProcessOutcome = 'exited' | 'timed-out' | 'aborted' | 'output-limit' | 'spawn-error';

export interface ProcessResult {
  readonly outcome: ProcessOutcome;
  readonly exitCode: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
  readonly durationMs: number;
  /** The error of a failed spawn (for example ENOENT), when `outcome` is `spawn-error`. */
  readonly spawnError?: Error;
}

export interface RunOptions {
  /** Working folder. When undefined the child inherits the current one. */
  readonly cwd: string | undefined;
  readonly timeoutMs: number;
  readonly maxOutputBytes: number;
  readonly signal?: AbortSignal | undefined;
  readonly spawner?: Spawner | undefined;
}

/** Maximum bytes of standard error kept: enough for kustomize errors and a Go panic's top. */
const maxStderrBytes = 256 * 1024;

/**
 * Runs `command` without a shell and collects its output. On timeout, abort or too much output
 * the runner sends SIGKILL to the whole process group. On POSIX the child starts as a group
 * leader, so helpers it starts die too. The promise never rejects, because every failure is an
 * outcome.
 */
export function runProcess(command: string, args: readonly string[], options: RunOptions) {
  return new Promise<ProcessResult>((resolve) => {
    const run = new ProcessRun(command, args, options, resolve);
    run.start();
  });
}

class ProcessRun {
  private readonly started = Date.now();
  private readonly stdout: Buffer[] = [];
  private readonly stderr: Buffer[] = [];
  private stdoutBytes = 0;
  private stderrBytes = 0;
  private child: ChildProcess | undefined;
  private timer: NodeJS.Timeout | undefined;
  private outcome: ProcessOutcome = 'exited';
  private settled = false;

  constructor(
    private readonly command: string,
    private readonly args: readonly string[],
    private readonly options: RunOptions,
    private readonly resolve: (result: ProcessResult) => void,
  ) {}

  start(): void {
    if (this.options.signal?.aborted === true) {
      this.finish('aborted', null);
      return;
    }

    const spawner = this.options.spawner ?? defaultSpawner;
    const child = spawner(this.command, this.args, {
      cwd: this.options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
      windowsHide: true,
    });
    this.child = child;

    child.stdout?.on('data', (chunk: Buffer) => this.onStdout(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.onStderr(chunk));
    child.on('error', (error) => this.finish('spawn-error', null, error));
    child.on('close', (code) => this.finish(this.outcome, code));

    this.timer = setTimeout(() => this.kill('timed-out'), this.options.timeoutMs);
    this.options.signal?.addEventListener('abort', this.onAbort);
  }

  private readonly onAbort = (): void => this.kill('aborted');

  private onStdout(chunk: Buffer): void {
    this.stdoutBytes += chunk.length;
    if (this.stdoutBytes > this.options.maxOutputBytes) {
      this.kill('output-limit');
      return;
    }
    this.stdout.push(chunk);
  }

  private onStderr(chunk: Buffer): void {
    if (this.stderrBytes < maxStderrBytes) {
      this.stderr.push(chunk);
    }
    this.stderrBytes += chunk.length;
  }

  private kill(outcome: ProcessOutcome): void {
    if (this.outcome !== 'exited' || this.child === undefined) {
      return;
    }
    this.outcome = outcome;
    killProcessGroup(this.child);
  }

  private finish(outcome: ProcessOutcome, exitCode: number | null, spawnError?: Error): void {
    if (this.settled) {
      return;
    }
    this.settled = true;
    clearTimeout(this.timer);
    this.options.signal?.removeEventListener('abort', this.onAbort);

    const stderr = Buffer.concat(this.stderr).subarray(0, maxStderrBytes).toString('utf8');
    this.resolve({
      outcome,
      exitCode,
      stdout: Buffer.concat(this.stdout),
      stderr,
      durationMs: Date.now() - this.started,
      ...(spawnError === undefined ? {} : { spawnError }),
    });
  }
}

/** Kills the child and, on POSIX, every process in its group. */
function killProcessGroup(child: ChildProcess): void {
  if (child.pid !== undefined && process.platform !== 'win32') {
    try {
      process.kill(-child.pid, 'SIGKILL');
      return;
    } catch {
      // The group is already gone, so fall through to the direct kill.
    }
  }
  child.kill('SIGKILL');
}
