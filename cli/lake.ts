import { resolve } from 'node:path';
import type { Command } from 'commander';

/** The --lake directory, from the root command's options (flag, env, default in that order). */
export function lakeDir(command: Command): string {
  let root = command;
  while (root.parent) root = root.parent;
  return resolve(String(root.opts().lake));
}
