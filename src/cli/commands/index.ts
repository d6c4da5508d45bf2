import type { CliCommand } from '../io';
import { lintCommand } from './lint';
import { renderCommand } from './render';
import { scanCommand } from './scan';

/** Every subcommand, in the order `--help` lists them. Each lives in its own file in this folder. */
export const commands: readonly CliCommand[] = [scanCommand, renderCommand, lintCommand];
