import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  DuckDBConnection,
  DuckDBInstance,
  type DuckDBExtractedStatements,
  type DuckDBDataChunk,
  type DuckDBPreparedStatement,
  type DuckDBValue,
} from '@duckdb/node-api';
import { appendWhole } from './atomic-file.js';
import { commitCatalog, readCatalog, type Catalog, type Columns, type FileFacts, type TableEntry } from './catalog.js';
import { diskFullError, excerpt, InputError } from './errors.js';
import { configureEngine, defaultMemoryLimit, MEMORY_SIZE, memoryBytes, MIN_MEMORY_MIB } from './engine.js';
import { factsOf } from './file-facts.js';
import { acquireWriterLock, type WriterLock } from './lock.js';
import type { Layer } from './paths.js';
import { ReadFailures } from './read-failure.js';
import { filesRelation } from './relations.js';
import { identifier, loadSqlFile, quoteLiteral, type Fragments } from './text.js';
import { LakeViews } from './views.js';

export type Params = Record<string, DuckDBValue>;
export type Row = Record<string, unknown>;

export interface OpenOptions {
  /** Writers take the lake's writer lock; readers never wait for it. */
  write?: { command: string; waitSeconds: number };
  /** The engine's memory limit as DuckDB reads it (`4GB`, `512MiB`); beyond it, DuckDB spills to disk. */
  memoryLimit?: string;
  /** Without a memory limit given, the command's own preference (in MiB) over the default. */
  preferredMemoryMiB?: number;
  /** A reader's view of the lake as it was at this catalog version (see `retainedVersion`), not the newest. */
  asOf?: number;
}

/** BIGINT and HUGEINT arrive as bigint; callers want plain numbers when they fit. */
function toPlain(value: unknown): unknown {
  if (typeof value === 'bigint' && value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)) {
    return Number(value);
  }
  return value;
}

/**
 * One command's view of the lake: an in-memory DuckDB whose views are the tables of the catalog
 * snapshot taken at open. Writers hold the writer lock for the session and publish with commit().
 */
export class LakeSession {
  /**
   * A part no other writer's file names have: every file a session writes carries it, so a writer
   * that ran alongside (a deleted lock, a file system without working locks) can never write over
   * a file another published; the loser of the race only fails its commit.
   */
  readonly writerId = randomBytes(4).toString('hex');

  private readonly views: LakeViews;
  private readonly readFailures: ReadFailures;
  private pending: { tables: Record<string, TableEntry>; counters: Record<string, number> } = { tables: {}, counters: {} };
  /** What this session handed out for new data (files, and directories a partitioned COPY fills), relative to the lake. */
  private readonly written = new Set<string>();
  /** Every file a version this session committed names: what it wrote and must keep. */
  private readonly published = new Set<string>();

  private constructor(
    readonly lake: string,
    private snapshot: Catalog,
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    private readonly lock: WriterLock | undefined,
    private readonly command: string | undefined,
  ) {
    this.views = new LakeViews(lake, connection, () => this.snapshot);
    this.readFailures = new ReadFailures(lake, () => this.snapshot);
  }

  static async open(lake: string, options: OpenOptions = {}): Promise<LakeSession> {
    const memoryLimit = options.memoryLimit ?? defaultMemoryLimit(options.preferredMemoryMiB);
    if (!MEMORY_SIZE.test(memoryLimit)) throw new InputError(`memory limit ${excerpt(memoryLimit)}: expected a size such as 4GB or 512MiB`);
    if (memoryBytes(memoryLimit) < MIN_MEMORY_MIB * 2 ** 20) throw new InputError(`memory limit ${memoryLimit} is too small: at least ${MIN_MEMORY_MIB}MiB (see "Memory" in the README)`);
    if (!options.write && !existsSync(lake)) throw new InputError(`no lake at ${lake} (set --lake or LAKESCORE_LAKE)`);
    if (existsSync(lake) && !statSync(lake).isDirectory()) throw new InputError(`${lake} is a file, not a lake directory (set --lake or LAKESCORE_LAKE)`);
    const lock = options.write ? await acquireWriterLock(lake, options.write.waitSeconds, options.write.command) : undefined;
    try {
      const instance = await DuckDBInstance.create(':memory:');
      const connection = await instance.connect();
      const session = new LakeSession(lake, readCatalog(lake, options.asOf), instance, connection, lock, options.write?.command);
      await session.configure(memoryLimit);
      await session.views.createAll();
      return session;
    } catch (err) {
      lock?.release();
      throw err;
    }
  }

  /**
   * Opens a session, runs `fn` with it, and always closes it (releasing the writer lock). When
   * `fn` fails, what it wrote and did not publish is removed (a COPY the disk had no room for
   * leaves its partial files), and a full disk is one line and exit 75.
   */
  static async using<T>(lake: string, options: OpenOptions, fn: (session: LakeSession) => Promise<T>): Promise<T> {
    let session: LakeSession | undefined;
    try {
      session = await LakeSession.open(lake, options);
      return await fn(session);
    } catch (err) {
      session?.removeUnpublished();
      throw diskFullError(err) ?? err;
    } finally {
      session?.close();
    }
  }

  get catalog(): Catalog {
    return this.snapshot;
  }

  /**
   * Spill space of this command alone, removed when it ends: a writer's in the lake (emptied
   * first, as what is there was left by a writer that died, the lock being ours), a reader's
   * outside it, so that reading never writes into the lake.
   */
  private get spillDirectory(): string {
    return this.lock ? join(this.lake, '_tmp') : join(tmpdir(), `lakescore-${process.pid}-${this.writerId}`);
  }

  private async configure(memoryLimit: string): Promise<void> {
    rmSync(this.spillDirectory, { recursive: true, force: true });
    mkdirSync(this.spillDirectory, { recursive: true });
    await configureEngine(this.connection, this.spillDirectory, memoryLimit);
  }

  /**
   * Makes a table the code knows about queryable even before its first write, as an empty view
   * with the given columns. Tables in the catalog are left as they are.
   */
  ensureTable(name: string, columns: Columns): Promise<void> {
    return this.views.ensureTable(name, columns);
  }

  /**
   * Shows a table with the columns the code expects now, whatever columns its files were written
   * with: for bronze, whose columns follow the fleet definition, which may name a column more.
   */
  ensureTableColumns(name: string, columns: Columns): Promise<void> {
    return this.views.ensureTableColumns(name, columns);
  }

  /** A view derived from tables (its SELECT in a layer's .sql file), also written to views.sql after them. */
  defineView(name: string, layer: Layer, file: string): Promise<void> {
    return this.views.defineView(name, layer, file);
  }

  /** Whether a table of the snapshot has a file that cannot be read: queries of it fail, naming the file. */
  isDamaged(name: string): boolean {
    return this.views.isDamaged(name);
  }

  /** Why DuckDB cannot read a file's Parquet footer, if it cannot. */
  parquetProblem(file: string): Promise<string | undefined> {
    return this.views.parquetProblem(file);
  }

  /**
   * A query error about a file of the lake as one line naming the table and the file: a
   * DamageError, or a BusyError when the version read was vacuumed meanwhile; a full disk as a
   * DiskFullError; other errors unchanged.
   */
  explained(err: unknown): unknown {
    return diskFullError(err) ?? this.readFailures.explained(this.views.explained(err));
  }

  /** Rewrites views.sql if a writer died between its commit and the rewrite; call once the tables are declared. */
  refreshViewsFile(): void {
    if (this.lock) this.views.refreshFile();
  }

  /** A temporary view over files the catalog does not name yet: a command's own, read before it publishes them. */
  async viewFiles(name: string, entry: TableEntry): Promise<void> {
    await this.connection.run(`CREATE OR REPLACE TEMP VIEW ${identifier(name)} AS ${filesRelation(this.lake, entry, entry.columns)}`);
  }

  /** The files a table has in this session's snapshot (none if it was never written). */
  filesOf(name: string): string[] {
    return this.snapshot.tables[name]?.files ?? [];
  }

  /** A path in this command's scratch space, which is removed when the session closes. */
  scratchPath(name: string): string {
    return join(this.spillDirectory, name);
  }

  /** Absolute path of something inside the lake. */
  path(relative: string): string {
    return join(this.lake, relative);
  }

  /** Absolute path for a new data file inside the lake; invisible until a commit names it. */
  dataFile(relative: string): string {
    const path = join(this.lake, relative);
    mkdirSync(dirname(path), { recursive: true });
    this.written.add(relative);
    return path;
  }

  /**
   * Removes what this session wrote for data that no version it committed names. What cannot be
   * removed stays invisible (no catalog names it) for vacuum, and the command's own error stands.
   */
  private removeUnpublished(): void {
    const published = [...this.published];
    for (const relative of this.written) {
      if (published.some((file) => file === relative || file.startsWith(`${relative}/`))) continue;
      try {
        rmSync(this.path(relative), { recursive: true, force: true });
      } catch {
        // left for vacuum
      }
    }
  }

  async run(sql: string, params: Params = {}): Promise<void> {
    await this.runStatements(sql, params);
  }

  async runFile(layer: Layer, name: string, params: Params = {}, fragments: Fragments = {}): Promise<void> {
    await this.runStatements(loadSqlFile(layer, name, fragments), params);
  }

  /** Rows of the last statement of a .sql file, as plain objects. */
  async queryFile(layer: Layer, name: string, params: Params = {}, fragments: Fragments = {}): Promise<Row[]> {
    return this.runStatements(loadSqlFile(layer, name, fragments), params);
  }

  async query(sql: string, params: Params = {}): Promise<Row[]> {
    return this.runStatements(sql, params);
  }

  /**
   * The last statement's result as DuckDB streams it, chunk by chunk, for callers that fill typed
   * arrays column by column: only the chunk being read is held, never the whole result.
   */
  async *chunksOfFile(layer: Layer, name: string, params: Params = {}, fragments: Fragments = {}): AsyncGenerator<DuckDBDataChunk> {
    try {
      const statements = await this.connection.extractStatements(loadSqlFile(layer, name, fragments));
      for (let i = 0; i < statements.count - 1; i++) await (await this.bind(statements, i, params)).run();
      const result = await (await this.bind(statements, statements.count - 1, params)).stream();
      for (let chunk = await result.fetchChunk(); chunk !== null && chunk.rowCount > 0; chunk = await result.fetchChunk()) yield chunk;
    } catch (err) {
      throw this.explained(err);
    }
  }

  private async bind(statements: DuckDBExtractedStatements, index: number, params: Params): Promise<DuckDBPreparedStatement> {
    const prepared = await statements.prepare(index);
    for (let p = 1; p <= prepared.parameterCount; p++) {
      const name = prepared.parameterName(p);
      if (!(name in params)) throw new Error(`SQL parameter $${name} has no value`);
      prepared.bindValue(p, params[name] as DuckDBValue);
    }
    return prepared;
  }

  /** Runs every statement, binding each one only the named parameters it uses. */
  private async runStatements(sql: string, params: Params): Promise<Row[]> {
    try {
      const statements = await this.connection.extractStatements(sql);
      let rows: Row[] = [];
      for (let i = 0; i < statements.count; i++) {
        const reader = await (await this.bind(statements, i, params)).runAndReadAll();
        rows = reader.getRowObjectsJS().map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, toPlain(v)])));
      }
      return rows;
    } catch (err) {
      throw this.explained(err);
    }
  }

  /** A Parquet file's row count, from its footer. */
  private async rowsIn(file: string): Promise<number> {
    const [row] = await this.runStatements('SELECT num_rows FROM parquet_file_metadata($path)', { path: this.path(file) });
    return Number(row?.num_rows);
  }

  /**
   * Publishes table changes and counters atomically, with those staged for it unless `staged` is
   * false (a record of a failure, which nothing was built from); the session's views then show them.
   */
  async commit(changes: { tables?: Record<string, TableEntry>; counters?: Record<string, number> }, staged = true): Promise<Catalog> {
    const pending = staged ? this.pending : { tables: {}, counters: {} };
    if (staged) this.pending = { tables: {}, counters: {} };
    return this.publish({ ...this.snapshot.tables, ...pending.tables, ...changes.tables }, { ...this.snapshot.counters, ...pending.counters, ...changes.counters }, [this.snapshot]);
  }

  /**
   * Table changes that go out with this session's next commit, and only if it commits: what a
   * command records about itself (the fleet definition a new lake adopts) stays unwritten when
   * the command itself fails.
   */
  stageForNextCommit(changes: { tables: Record<string, TableEntry>; counters: Record<string, number> }): void {
    this.pending = { tables: { ...this.pending.tables, ...changes.tables }, counters: { ...this.pending.counters, ...changes.counters } };
  }

  /**
   * Publishes the tables of an earlier version as the newest one. Counters never go back, so no
   * id (a load, a build, a run) is handed out twice, not even one an undone version used.
   */
  async restore(earlier: Catalog): Promise<Catalog> {
    const counters = { ...this.snapshot.counters };
    for (const [name, value] of Object.entries(earlier.counters)) counters[name] = Math.max(counters[name] ?? 0, value);
    return this.publish(earlier.tables, counters, [this.snapshot, earlier]);
  }

  private async publish(tables: Record<string, TableEntry>, counters: Record<string, number>, known: readonly Catalog[]): Promise<Catalog> {
    if (!this.lock) throw new Error('commit needs a session opened for writing');
    this.snapshot = commitCatalog(this.lake, this.snapshot, { command: this.command, tables, counters, files: await this.factsOfFiles(tables, known) });
    for (const entry of Object.values(tables)) for (const file of entry.files) this.published.add(file);
    await this.views.createAll();
    this.views.writeFile();
    return this.snapshot;
  }

  /**
   * The recorded size, checksum and rows of every file the tables name: as a known catalog
   * recorded them for files published before, taken now for the files published now. Files
   * published before facts were recorded stay without them rather than be vouched for after the fact.
   */
  private async factsOfFiles(tables: Record<string, TableEntry>, known: readonly Catalog[]): Promise<Record<string, FileFacts>> {
    const published = new Set(known.flatMap((catalog) => Object.values(catalog.tables).flatMap((entry) => entry.files)));
    const facts: Record<string, FileFacts> = {};
    for (const file of new Set(Object.values(tables).flatMap((entry) => entry.files))) {
      const recorded = known.map((catalog) => catalog.files[file]).find((f) => f !== undefined);
      if (recorded) facts[file] = recorded;
      else if (!published.has(file)) facts[file] = { ...(await factsOf(this.path(file))), rows: await this.rowsIn(file) };
    }
    return facts;
  }

  /**
   * From here on the engine reads only the lake, its spill directory and the directories given,
   * writes only `output` (a file lakescore itself writes), and no setting can change: external
   * access is off and the configuration locked. What a query says cannot widen this, whatever
   * function, PRAGMA or SET it tries. Paths go in as quoted literals: SET takes no parameters.
   */
  async sandbox(readable: readonly string[], output?: string): Promise<void> {
    if (this.lock) throw new Error('a writer session is never sandboxed');
    const directories = [this.lake, String((await this.query(`SELECT current_setting('temp_directory') AS t`))[0]?.t), ...readable];
    const list = (paths: readonly string[]): string => `[${paths.map((p) => quoteLiteral(p.endsWith('/') ? p : `${p}/`)).join(', ')}]`;
    await this.connection.run(`SET allowed_directories = ${list(directories)}`);
    if (output) await this.connection.run(`SET allowed_paths = [${quoteLiteral(output)}]`);
    await this.connection.run(`SET enable_external_access = false`);
    await this.connection.run(`SET lock_configuration = true`);
  }

  /** Appends one JSON line to the lake's log (`_logs/lakescore.jsonl`), for operators and their tools. */
  log(entry: Record<string, unknown>): void {
    mkdirSync(join(this.lake, '_logs'), { recursive: true });
    appendWhole(join(this.lake, '_logs', 'lakescore.jsonl'), JSON.stringify({ time: new Date().toISOString(), pid: process.pid, ...entry }) + '\n');
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
    rmSync(this.spillDirectory, { recursive: true, force: true });
    this.lock?.release();
  }
}
