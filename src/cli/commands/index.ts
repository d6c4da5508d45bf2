import type { CliCommand } from '../io';
import { diffCommand } from './diff';
import { historyCommand } from './history';
import { lintCommand } from './lint';
import { promoteCommand } from './promote';
import { renderCommand } from './render';
import { scanCommand } from './scan';
import { setImageCommand } from './set-image';
import { syncCommand } from './sync';

/** Every subcommand, in the order `--help` lists them. Each lives in its own file in this folder. */
export const commands: readonly CliCommand[] = [
  scanCommand,
  renderCommand,
  lintCommand,
  diffCommand,
  syncCommand,
  setImageCommand,
  promoteCommand,
  historyCommand,
];
