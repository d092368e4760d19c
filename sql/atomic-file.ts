import { renameSync, writeFileSync } from 'node:fs';

/** Where a file is written before it is renamed into place: readers of `path` never see it partial. */
export const partialFile = (path: string): string => `${path}.tmp-${process.pid}`;

/** Writes a file whole or not at all. */
export function writeFileAtomically(path: string, content: string): void {
  const tmp = partialFile(path);
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}
