import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package root, found by walking up to package.json: the same code runs from the
 * TypeScript sources (tests) and from dist/ (the binary), and .sql files live only in the sources.
 */
function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('lakescore: package.json not found above ' + import.meta.url);
    dir = parent;
  }
  return dir;
}

export const packageRoot = findPackageRoot();

export type Layer = 'fleet' | 'bronze' | 'silver' | 'gold' | 'ml' | 'deliver' | 'jobs' | 'sql';

/** Absolute path of a .sql file that belongs to a layer. */
export function sqlPath(layer: Layer, name: string): string {
  return join(packageRoot, layer, name);
}
