import { rmSync } from 'node:fs';
import type { Source } from '../fleet/fleet.js';
import type { TableEntry } from '../sql/catalog.js';
import type { LakeSession, Params } from '../sql/duckdb.js';
import { identifier, timestampText } from '../sql/text.js';
import type { SourceFile } from './discover.js';
import { bronzeRows, keepStaged, type StagedFile } from './read-file.js';
import { bronzeColumns, bronzeTable, LOADS_COLUMNS } from './tables.js';

/**
 * When a batch is published: after this many files, or once it has been open this long (checked
 * after each file), and at the end of the ingest. A commit per file made 1,000 one-row files cost
 * 1,000 catalog versions, each listing every file before it (docs/lake.md, "Ingest in batches").
 */
export interface BatchBounds {
  files: number;
  seconds: number;
}

export const BATCH_BOUNDS: BatchBounds = { files: 100, seconds: 60 };

export interface LoadRecord {
  loadId: number;
  file: SourceFile;
  sha256: string | null;
  table: string | null;
  rows: number;
  status: 'loaded' | 'rejected';
  error: string | null;
  startedAt: Date;
  ignored: string[];
}

interface KeptFile {
  staged: StagedFile;
  table: string;
  /** Its place in the batch, which suffixes its lineage parameters. */
  n: number;
  params: Params;
}

const padded = (loadId: number): string => String(loadId).padStart(8, '0');

/**
 * The files an ingest has read and not yet published. Each file is taken whole or not at all
 * (its rows are kept in a table of its own once read without fault); the batch is published as
 * one commit: per source one bronze file with the rows of all its files, and the loads table
 * rewritten with the batch's loads. A crash before that commit leaves none of the batch visible,
 * and a rerun reads those files again; published batches stay published.
 */
export class LoadBatch {
  private kept: KeptFile[] = [];
  private loads = 0;
  private loadedAny = false;
  private openedAt = 0;

  private constructor(
    private readonly session: LakeSession,
    private readonly bounds: BatchBounds,
  ) {}

  static async open(session: LakeSession, bounds: BatchBounds): Promise<LoadBatch> {
    await session.runFile('bronze', 'open_batch.sql');
    return new LoadBatch(session, bounds);
  }

  /** The id the next file's load gets: ids go on from the published counter past this batch's loads. */
  nextLoadId(): number {
    return this.firstLoadId() + this.loads;
  }

  private firstLoadId(): number {
    return (this.session.catalog.counters.load_id ?? 0) + 1;
  }

  /** Takes a file's staged rows into the batch, returning how many are data. */
  async keep(staged: StagedFile, lineage: { file: string; sha256: string; loadId: number; loadedAt: Date }): Promise<number> {
    const table = identifier(`kept_${lineage.loadId}`);
    const rows = await keepStaged(this.session, staged, table);
    const n = this.kept.length;
    this.kept.push({
      staged,
      table,
      n,
      params: { [`source_file_${n}`]: lineage.file, [`sha256_${n}`]: lineage.sha256, [`load_id_${n}`]: lineage.loadId, [`loaded_at_${n}`]: timestampText(lineage.loadedAt) },
    });
    return rows;
  }

  /** Records a load of the batch, loaded or rejected; every id `nextLoadId` gave must be recorded. */
  async record(load: LoadRecord): Promise<void> {
    await this.session.runFile('bronze', 'insert_load.sql', {
      load_id: load.loadId,
      file: load.file.path,
      sha256: load.sha256,
      table_name: load.table,
      format: load.file.format,
      row_count: load.rows,
      status: load.status,
      error: load.error,
      started_at: timestampText(load.startedAt),
      finished_at: timestampText(new Date()),
      ignored_columns: load.ignored.length ? load.ignored.join(', ') : null,
      file_bytes: load.file.bytes,
      file_modified_ns: load.file.modifiedNs,
    });
    // a batch is open from its first file: files passed over before it cost no commit
    if (this.loads === 0) this.openedAt = Date.now();
    this.loads++;
    this.loadedAny ||= load.status === 'loaded';
  }

  /** How many files the batch holds, loaded or rejected. */
  get size(): number {
    return this.loads;
  }

  isFull(): boolean {
    return this.loads > 0 && (this.loads >= this.bounds.files || Date.now() - this.openedAt >= this.bounds.seconds * 1000);
  }

  /**
   * Writes the batch's files and commits them, returning the version; the batch is then empty. A
   * write that fails removes the batch's files and publishes nothing. A batch of rejected files
   * alone is recorded, but a new lake adopts no definition from it (`LakeSession.commit`'s `staged`).
   */
  async publish(): Promise<number | undefined> {
    if (this.loads === 0) return undefined;
    const written: string[] = [];
    const tables: Record<string, TableEntry> = {};
    try {
      for (const [source, files] of this.keptBySource()) {
        const file = `bronze/${source.name}/load-${padded(this.firstLoadId())}-${this.session.writerId}.parquet`;
        written.push(file);
        await this.writeRows(file, files);
        tables[bronzeTable(source)] = { files: [...this.session.filesOf(bronzeTable(source)), file], columns: bronzeColumns(source) };
      }
      const loadsFile = `bronze/loads/loads-${padded(this.firstLoadId())}-${this.session.writerId}.parquet`;
      written.push(loadsFile);
      await this.session.runFile('bronze', 'write_loads.sql', { out: this.session.dataFile(loadsFile) });
      tables.loads = { files: [loadsFile], columns: LOADS_COLUMNS };
    } catch (err) {
      for (const file of written) rmSync(this.session.path(file), { force: true });
      throw err;
    }
    const { version } = await this.session.commit({ tables, counters: { load_id: this.nextLoadId() - 1 } }, this.loadedAny);
    await this.clear();
    return version;
  }

  private keptBySource(): Map<Source, KeptFile[]> {
    const bySource = new Map<Source, KeptFile[]>();
    for (const kept of this.kept) bySource.set(kept.staged.source, [...(bySource.get(kept.staged.source) ?? []), kept]);
    return bySource;
  }

  private async writeRows(file: string, files: readonly KeptFile[]): Promise<void> {
    const rows = files.map((kept) => bronzeRows(kept.staged, kept.table, kept.n)).join('\nUNION ALL\n');
    const params = Object.assign({ out: this.session.dataFile(file) }, ...files.map((kept) => kept.params)) as Params;
    await this.session.runFile('bronze', 'write_batch.sql', params, { rows });
  }

  private async clear(): Promise<void> {
    for (const kept of this.kept) await this.session.run(`DROP TABLE IF EXISTS ${kept.table}`);
    await this.session.runFile('bronze', 'open_batch.sql');
    this.kept = [];
    this.loads = 0;
    this.loadedAny = false;
  }
}
