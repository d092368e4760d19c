import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { catalogFile, type Catalog } from './catalog.js';
import { BusyError, DamageError, excerpt, LakescoreError } from './errors.js';
import { engineMessage } from './text.js';

/**
 * A query that fails on one of the lake's data files, told as the user can act on it
 * (docs/lake.md, "When a file cannot be read"): the table and the file, and either that the
 * version being read was vacuumed meanwhile (run again: exit 75) or that the file is damaged
 * (the runbook: exit 2). DuckDB opens a table's files when it reads them, and again, so a
 * command meets a gone or changed file in the middle of its work, not only when it starts.
 */

/** The message a query of a damaged table fails with, wherever the damage is found. */
export const damagedTableMessage = (table: string, cause: string): string => `table ${table} is damaged: ${cause}; \`lakescore check\` lists every damaged file`;

/**
 * How DuckDB's Parquet reader fails on changed bytes inside a page when it does not name the
 * file: errors of the reader's own code (`Out of buffer`, thrift's `TProtocolException`, a bit
 * width or offset out of range) come as "Invalid Error", and some say the file is corrupt.
 */
const UNNAMED_CORRUPTION = /^Invalid Error: |corrupt/i;
/** A path in DuckDB's quotes: the error is about that file, and the lake's files need no search. */
const NAMES_A_PATH = /["']\//;

const HASH_CHUNK = 1 << 20;

/** Read synchronously: an error is explained where it is caught, and some callers cannot wait there. */
function sha256Of(path: string): string {
  const hash = createHash('sha256');
  const buffer = Buffer.alloc(HASH_CHUNK);
  const fd = openSync(path, 'r');
  try {
    for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) hash.update(buffer.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

interface LakeFile {
  table: string;
  file: string;
}

export class ReadFailures {
  /** Files whose checksum was found as published: a session searches each file for damage once. */
  private readonly intact = new Set<string>();

  constructor(
    private readonly lake: string,
    private readonly snapshot: () => Catalog,
  ) {}

  /** An engine error (or a damaged view's DamageError) about a file of the snapshot, explained; any other error unchanged. */
  explained(err: unknown): unknown {
    if (err instanceof LakescoreError && !(err instanceof DamageError)) return err;
    const text = err instanceof Error ? err.message : String(err);
    const named = this.files().find(({ file }) => text.includes(file));
    const unnamed = named === undefined && !(err instanceof DamageError) && UNNAMED_CORRUPTION.test(text) && !NAMES_A_PATH.test(text);
    const changed = unnamed ? this.changedFile() : undefined;
    const found = named ?? changed;
    if (found === undefined) return err;
    const { table, file } = found;
    const { version } = this.snapshot();
    if (!existsSync(catalogFile(this.lake, version))) {
      return new BusyError(`version ${version}, which this command was reading, was vacuumed meanwhile (table ${table}: ${file} is gone); run the command again`);
    }
    if (err instanceof DamageError) return err;
    if (!existsSync(join(this.lake, file))) return new DamageError(damagedTableMessage(table, `${file} is missing`));
    const checksum = changed === undefined ? '' : ', and its checksum differs from the one recorded when it was published';
    return new DamageError(damagedTableMessage(table, `${file} is unreadable (${excerpt(this.detail(engineMessage(err), file))})${checksum}`));
  }

  /** What the engine says of a file, without the file's absolute path, which the message names already. */
  private detail(message: string, file: string): string {
    const after = message.split(join(this.lake, file)).at(-1)?.replace(/^["']?:?\s*/, '');
    return after ? after : message;
  }

  private files(): LakeFile[] {
    return Object.entries(this.snapshot().tables).flatMap(([table, entry]) => entry.files.map((file) => ({ table, file })));
  }

  /** The first file whose bytes are not those published (by the checksum recorded then), if any. */
  private changedFile(): LakeFile | undefined {
    const { files: recorded } = this.snapshot();
    for (const found of this.files()) {
      const facts = recorded[found.file];
      if (!facts || this.intact.has(found.file)) continue;
      let sha256: string;
      try {
        sha256 = sha256Of(join(this.lake, found.file));
      } catch {
        return found;
      }
      if (sha256 !== facts.sha256) return found;
      this.intact.add(found.file);
    }
    return undefined;
  }
}
