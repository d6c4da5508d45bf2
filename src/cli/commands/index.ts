import type { CliCommand } from '../io';
import { diffCommand } from './diff';
import { lintCommand } from './lint';
import { renderCommand } from './render';
import { scanCommand } from './scan';
import { syncCommand } from './sync';

/** Every subcommand, in the order `--help` lists them. Each lives in its own file in this folder. */
export const commands: readonly CliCommand[] = [scanCommand, renderCommand, lintCommand, diffCommand, syncCommand];
