import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The entries below a directory, as both `ingest` and `init --from-data` see them: hidden entries
 * passed over, names in code-unit order so that runs are repeatable, and real subdirectories
 * descended into. Anything else is listed, a symbolic link included, for the caller to stat: a
 * link to a file is that file, and a link to a directory is not walked, so no link can loop.
 */
export function entriesBelow(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith('.'))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => (entry.isDirectory() ? entriesBelow(join(dir, entry.name)) : [join(dir, entry.name)]));
}
