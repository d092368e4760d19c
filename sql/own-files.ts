import { readdirSync, type Dirent } from 'node:fs';
import { join } from 'node:path';

/**
 * The names lakescore gives the data files it writes into a lake (docs/lake.md, "The lake on
 * disk"): the one rule that says which files a vacuum may delete. Every name carries its writer's
 * id, an 8-digit hex part no file of another program has by chance; a silver or gold build owns
 * its whole directory, so how a build names the files inside it may change freely.
 */

const WRITER = '[0-9a-f]{8}';
/** A run log's file (sql/run-log.ts): the row's id and status, or the version a recovery preceded. */
const LOG_ROW = `(\\d{8,}-[a-z]+|recovered-\\d+)-${WRITER}\\.parquet`;

/** Per data directory of the lake, the names of lakescore's files below it. */
const OWN_FILES: Readonly<Record<string, RegExp>> = {
  bronze: new RegExp(`^([a-z][a-z0-9_]*/load|loads/loads)-\\d{8,}-${WRITER}\\.parquet$`),
  silver: new RegExp(`^build-\\d{6,}-${WRITER}/.+\\.parquet$`),
  gold: new RegExp(`^build-\\d{6,}-${WRITER}/.+\\.parquet$`),
  results: new RegExp(`^(run-\\d{8,}-${WRITER}\\.parquet|runs/[a-z_]+-${LOG_ROW})$`),
  exports: new RegExp(`^[a-z_]+-${LOG_ROW}$`),
  monitor: new RegExp(`^(drift/run|performance(_open)?/night)-\\d{8,}-${WRITER}\\.parquet$`),
  jobs: new RegExp(`^[a-z_]+-${LOG_ROW}$`),
  fleet: new RegExp(`^definitions-\\d{6,}-${WRITER}\\.parquet$`),
  models: new RegExp(`^_registry/models-\\d+-${WRITER}-[a-z0-9_@.-]+\\.parquet$`),
};

/** A build's directory, which holds nothing but what its build wrote. */
const BUILD_DIRECTORY = new RegExp(`^(silver|gold)/build-\\d{6,}-${WRITER}(/|$)`);

export interface OwnFiles {
  /** lakescore's data files, relative to the lake. */
  files: string[];
  /** Directories below a data directory that only lakescore fills (builds' directories), deepest first. */
  buildDirectories: string[];
}

/**
 * lakescore's data files in the lake, by the rule above. Only the lake's data directories are
 * walked, and symbolic links are never followed, so a wrong name or a link leads nowhere else.
 */
export function ownFiles(lake: string): OwnFiles {
  const files: string[] = [];
  const buildDirectories: string[] = [];
  const walk = (root: string, below: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(join(lake, root, below), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = below === '' ? entry.name : `${below}/${entry.name}`;
      if (entry.isDirectory()) {
        walk(root, path);
        if (BUILD_DIRECTORY.test(`${root}/${path}`)) buildDirectories.push(`${root}/${path}`);
      } else if (entry.isFile() && OWN_FILES[root]?.test(path)) files.push(`${root}/${path}`);
    }
  };
  for (const root of Object.keys(OWN_FILES)) walk(root, '');
  return { files, buildDirectories };
}
