import { runCli } from '../../src/cli/main';

/** What one CLI run returned and printed. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process from `cwd`, capturing its output instead of printing it. */
export async function runCliCaptured(args: readonly string[], cwd: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io = {
    cwd,
    out: (text: string) => (stdout += text),
    err: (text: string) => (stderr += text),
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}
