import type { DuckDBConnection } from '@duckdb/node-api';
import { join } from 'node:path';
import type { Catalog, Columns, TableEntry } from './catalog.js';
import { DamageError, excerpt } from './errors.js';
import { differenceFrom } from './file-facts.js';
import type { Layer } from './paths.js';
import { damagedTableMessage } from './read-failure.js';
import { emptyRelation, failingRelation, filesRelation } from './relations.js';
import { engineMessage, identifier, loadSqlFile } from './text.js';
import { viewsFileIsCurrent, writeViewsFile } from './views-file.js';

/**
 * The views a session shows the lake through: one per table of its catalog snapshot, one per
 * table the code declared before its first write, and views derived from tables; the same set
 * goes to LAKE/views.sql for other DuckDB clients.
 */
export class LakeViews {
  /** Tables the code declared with their columns, shown empty until they are written. */
  private readonly declared = new Map<string, Columns>();
  /** Columns the code shows a written table with, which may differ from those its files were written with. */
  private readonly reshaped = new Map<string, Columns>();
  /** Views derived from tables, by name, in the order they were defined. */
  private readonly derived = new Map<string, string>();
  /** Tables with a file that cannot be read, and the message a query of them fails with. */
  private readonly damage = new Map<string, string>();

  constructor(
    private readonly lake: string,
    private readonly connection: DuckDBConnection,
    private readonly snapshot: () => Catalog,
  ) {}

  private async createView(name: string, body: string): Promise<void> {
    await this.connection.run(`CREATE OR REPLACE TEMP VIEW ${identifier(name)} AS ${body}`);
  }

  /**
   * One view per table of the snapshot, and per table the code declared: a table the snapshot
   * lacks (never written, or gone after a restore) is empty.
   */
  async createAll(): Promise<void> {
    const { tables } = this.snapshot();
    this.damage.clear();
    for (const [name, entry] of Object.entries(tables)) await this.declareView(name, entry, this.reshaped.get(name) ?? entry.columns);
    for (const [name, columns] of this.declared) if (!tables[name]) await this.createView(name, emptyRelation(columns));
  }

  /**
   * A table's view over its files. When a file is missing or unreadable, the view still exists
   * but fails, naming the file, when a query reads it: the damage stays with the commands that
   * need that table, and the rest of the lake (and the command that repairs it) works.
   */
  private async declareView(name: string, entry: TableEntry, columns: Columns): Promise<void> {
    try {
      await this.createView(name, filesRelation(this.lake, entry, columns));
    } catch (err) {
      const cause = (await this.firstDamagedFile(entry)) ?? excerpt(engineMessage(err));
      const message = damagedTableMessage(name, cause);
      this.damage.set(name, message);
      await this.createView(name, failingRelation(columns, message));
    }
  }

  /** The first of a table's files that is missing, changed in size, or not readable as Parquet. */
  private async firstDamagedFile(entry: TableEntry): Promise<string | undefined> {
    for (const file of entry.files) {
      const problem = (await differenceFrom(join(this.lake, file), this.snapshot().files[file], false)) ?? (await this.parquetProblem(file));
      if (problem) return `${file} is ${problem}`;
    }
    return undefined;
  }

  /** Why DuckDB cannot read a file's Parquet footer (schema and row groups), if it cannot, in DuckDB's own words. */
  async parquetProblem(file: string): Promise<string | undefined> {
    try {
      await this.connection.run('SELECT count(*) FROM parquet_file_metadata($path)', { path: join(this.lake, file) });
      return undefined;
    } catch (err) {
      return `not readable as Parquet (${excerpt(engineMessage(err))})`;
    }
  }

  /** Whether a table of the snapshot has a file that cannot be read (see declareView). */
  isDamaged(name: string): boolean {
    return this.damage.has(name);
  }

  /**
   * An engine error as the user should see it: reading a damaged table is a one-line DamageError
   * naming the file (the message the failing view raised), anything else passes unchanged.
   */
  explained(err: unknown): unknown {
    const text = err instanceof Error ? err.message : '';
    for (const message of this.damage.values()) if (text.includes(message)) return new DamageError(message);
    return err;
  }

  /** An empty view of a table not written yet; a table of the snapshot keeps its view. */
  async ensureTable(name: string, columns: Columns): Promise<void> {
    if (this.snapshot().tables[name]) return;
    this.declared.set(name, columns);
    await this.createView(name, emptyRelation(columns));
  }

  /** A table with the columns the code expects now, whatever columns its files were written with. */
  async ensureTableColumns(name: string, columns: Columns): Promise<void> {
    const entry = this.snapshot().tables[name];
    this.reshaped.set(name, columns);
    if (!entry) return this.ensureTable(name, columns);
    await this.declareView(name, entry, columns);
  }

  /** A view derived from tables, its SELECT in a layer's .sql file. */
  async defineView(name: string, layer: Layer, file: string): Promise<void> {
    const body = loadSqlFile(layer, file, {});
    await this.createView(name, body);
    this.derived.set(name, body);
  }

  /** LAKE/views.sql for the snapshot: every table as the session sees it, then the derived views. */
  writeFile(): void {
    const snapshot = this.snapshot();
    const views = new Map<string, string>();
    for (const [name, entry] of Object.entries(snapshot.tables)) views.set(name, filesRelation(this.lake, entry, this.reshaped.get(name) ?? entry.columns));
    for (const [name, columns] of this.declared) if (!views.has(name)) views.set(name, emptyRelation(columns));
    for (const [name, body] of this.derived) views.set(name, body);
    writeViewsFile(this.lake, snapshot.version, views);
  }

  /** Rewrites views.sql when it describes another version (a writer died between its commit and the rewrite). */
  refreshFile(): void {
    const { version } = this.snapshot();
    if (version > 0 && !viewsFileIsCurrent(this.lake, version)) this.writeFile();
  }
}
