import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeWholeFile, type WriteCall } from './atomic-file.js';
import { BusyError, diskFullError, excerpt, LakescoreError } from './errors.js';

/**
 * The catalog is the lake's single source of truth for what is published: a numbered JSON file
 * per commit under _catalog/, each listing every table's Parquet files. A commit creates the
 * next number with link(2), which fails if it exists, so two writers can never both win and a
 * reader never sees a half-written catalog. Data files not named by the newest catalog are
 * invisible, which is what makes every write atomic.
 */

const identifier = z.string().regex(/^[a-z_][a-z0-9_]*$/);
const relativeFile = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_./=-]*\.parquet$/).refine((p) => !p.includes('..'));
const sqlType = z.string().regex(/^[A-Z][A-Z0-9_]*(\[\])?$/);

const tableEntrySchema = z.object({
  files: z.array(relativeFile),
  columns: z.array(z.tuple([identifier, sqlType])).min(1),
});

const fileFactsSchema = z.object({
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Absent for files published before row counts were recorded. */
  rows: z.number().int().nonnegative().optional(),
});

const catalogSchema = z.object({
  format: z.literal(1),
  version: z.number().int().nonnegative(),
  committedAt: z.string(),
  /** The command that committed this version (`ingest`, `build silver`, ...); older catalogs lack it. */
  command: z.string().optional(),
  tables: z.record(identifier, tableEntrySchema),
  counters: z.record(identifier, z.number().int().nonnegative()),
  /** Size and content hash of every data file, taken when it was published; catalogs written before they were recorded have none. */
  files: z.record(relativeFile, fileFactsSchema).default({}),
});

export type FileFacts = z.infer<typeof fileFactsSchema>;
export type TableEntry = z.infer<typeof tableEntrySchema>;
export type Catalog = z.infer<typeof catalogSchema>;
export type Columns = TableEntry['columns'];

const catalogDir = (lake: string): string => join(lake, '_catalog');
/** Path of a version's catalog file. */
export const catalogFile = (lake: string, version: number): string =>
  join(catalogDir(lake), `${String(version).padStart(10, '0')}.json`);

export function emptyCatalog(): Catalog {
  return { format: 1, version: 0, committedAt: new Date(0).toISOString(), tables: {}, counters: {}, files: {} };
}

/** The versions whose catalog files are in the lake, oldest first. */
export function catalogVersions(lake: string): number[] {
  let names: string[];
  try {
    names = readdirSync(catalogDir(lake));
  } catch {
    return [];
  }
  const versions: number[] = [];
  for (const name of names) {
    const m = /^(\d{10})\.json$/.exec(name);
    if (m) versions.push(Number(m[1]));
  }
  return versions.sort((a, b) => a - b);
}

const latestVersion = (lake: string): number => catalogVersions(lake).at(-1) ?? 0;

const DAMAGED_CATALOG_HINT = ' (see "When the lake is damaged" in the README)';

/** The newest catalog, or the one of `version` (which must still be in the lake). */
export function readCatalog(lake: string, version = latestVersion(lake)): Catalog {
  if (version === 0) return emptyCatalog();
  const file = catalogFile(lake, version);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new LakescoreError(`catalog ${file} is unreadable: ${excerpt((err as Error).message)}${DAMAGED_CATALOG_HINT}`, 2);
  }
  const result = catalogSchema.safeParse(parsed);
  if (!result.success) {
    throw new LakescoreError(`catalog ${file} is invalid: ${result.error.issues[0]?.message ?? 'unknown'}${DAMAGED_CATALOG_HINT}`, 2);
  }
  return result.data;
}

/**
 * Publishes `next` as the version after `base`; fails if anyone published since `base` was read.
 * The file is written whole and fsync'd before it is linked as the version, so a full disk fails
 * the commit (DiskFullError) and never publishes a catalog cut short. `write` is write(2), a
 * parameter only for the test that makes it write short.
 */
export function commitCatalog(lake: string, base: Catalog, next: Omit<Catalog, 'version' | 'committedAt' | 'format'>, write?: WriteCall): Catalog {
  const committed: Catalog = {
    format: 1,
    version: base.version + 1,
    committedAt: new Date().toISOString(),
    command: next.command,
    tables: next.tables,
    counters: next.counters,
    files: next.files,
  };
  mkdirSync(catalogDir(lake), { recursive: true });
  const tmp = join(catalogDir(lake), `.tmp-${process.pid}-${committed.version}.json`);
  const file = catalogFile(lake, committed.version);
  writeWholeFile(tmp, JSON.stringify(committed, null, 1), { sync: true, write });
  try {
    linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new BusyError(`the lake changed while this command ran (catalog version ${committed.version} exists); run it again`);
    }
    throw diskFullError(err, file) ?? err;
  } finally {
    unlinkSync(tmp);
  }
  fsyncDir(catalogDir(lake));
  return committed;
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
