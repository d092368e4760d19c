import { bronzeTable } from '../bronze/tables.js';
import type { Fleet, Source } from '../fleet/fleet.js';
import type { LakeSession } from '../sql/duckdb.js';
import { filesWrittenUnder, replacedBy, settledBefore, settlingMonths, usePartitionBoundary, WHOLE_TABLE } from '../sql/partitions.js';
import { identifier } from '../sql/text.js';
import { listParam, SqlValues } from '../sql/values.js';
import { rawJson, rawProjection, reasonExpression, typedNames, typedProjection, keyList, valuesTuple } from './expressions.js';
import { sourceFields, TABLE_FED_BY, type SilverField, type SilverTable } from './fields.js';
import { derivesFailures } from './derive.js';
import { duplicatesDir, isParked, parkedFile, settledFile, SILVER_SETTLE_SECONDS, winnersDir, type PreviousFiles } from './layout.js';
import { QUARANTINE_COLUMNS, silverColumns, silverTable } from './tables.js';

/** What a build starts from: nothing (a full build) or the previous build's files and last load. */
export interface BuildBase {
  previous: PreviousFiles | undefined;
  /** Loads after this one are new; 0 for a full build. */
  after: number;
  /** The build writes its files under this directory of the lake. */
  dir: string;
}

/** The files one table's build wrote, and which previous files they replace. */
export interface TableFiles {
  winners: string[];
  duplicates: string[];
  quarantine: string[];
  /** Previous files of the table (winners, duplicates, quarantine) that the written ones replace. */
  replaces: (file: string) => boolean;
}

const checkedName = (index: number): string => `checked_${index}`;

/** Parses and checks rows of one source, given as a relation with bronze's columns, into `into`. */
async function checkRows(session: LakeSession, fleet: Fleet, source: Source, index: number, from: string, into: string): Promise<void> {
  const fields = sourceFields(fleet, source);
  const values = new SqlValues();
  const checkKnownMachine = fleet.hasAssetTable && source.holds !== 'attributes';
  await session.runFile('silver', 'check.sql', values.params, {
    checked: into,
    raw: rawProjection(fields),
    typed: typedProjection(fields, values),
    reason: reasonExpression(fields, checkKnownMachine, values),
    bronze: from,
    source_index: String(index),
  });
}

/**
 * A table's stored, key and compared columns: the union of its sources' fields (readings sources
 * may differ in the attributes or flag they carry: a source without one gives NULL); failures
 * derived from flags alone have the failures table's own columns.
 */
function tableShape(fleet: Fleet, sources: readonly Source[]): { stored: string; key: string; values: string } {
  if (sources.length === 0) return { stored: 'machine_id, ts, failure', key: 'machine_id, ts, failure', values: 'NULL' };
  const fields = sources.flatMap((source) => sourceFields(fleet, source)).filter((f, i, all) => all.findIndex((o) => o.name === f.name) === i);
  return { stored: typedNames(fields), key: keyList(fields), values: valuesTuple(fields) };
}

/** The partition a row belongs to: its time's (sql/partitions.ts), or `all` for the asset table, which has none. */
const partitionExpression = (table: SilverTable, qualifier = ''): string => (table === 'machines' ? `'${WHOLE_TABLE}'` : `time_partition(${qualifier}ts)`);

/** The previous duplicates as bronze would hold them: their raw values taken back out of raw_values. */
function rawColumnsFromJson(fields: readonly SilverField[], values: SqlValues): string {
  return fields
    .filter((f) => f.bronze !== undefined)
    .map((f) => `json_extract_string(raw_values, ${values.bind(`$."${f.bronze as string}"`)}) AS ${identifier(f.bronze as string)}`)
    .join(', ');
}

interface Fed {
  source: Source;
  index: number;
}

/**
 * Builds one silver table from its sources' new rows and the previous build's state: checks
 * the candidates, ranks the keys they touch together with those keys' previous winners and
 * duplicates, and writes the touched partitions. With no previous state every key is touched, and
 * the result is a full build: one code path, so an incremental build cannot drift from a full one.
 */
export async function buildTable(session: LakeSession, fleet: Fleet, table: SilverTable, base: BuildBase): Promise<TableFiles | undefined> {
  const sources = fleet.sources.filter((s) => TABLE_FED_BY[s.holds] === table);
  const derivedFailures = table === 'failures' && derivesFailures(fleet);
  if (sources.length === 0 && !derivedFailures) return undefined;
  const fed: Fed[] = sources.map((source) => ({ source, index: fleet.sources.indexOf(source) }));
  const shape = tableShape(fleet, sources);
  const partition = partitionExpression(table);
  // the asset table is small and rebuilt whole: its rows decide which other rows are admitted;
  // failures derived from flags are rebuilt whole from the readings' flags (derive.ts)
  const previous = table === 'machines' || derivedFailures ? undefined : base.previous;
  const after = previous ? base.after : 0;

  await session.runFile('silver', 'table_temps.sql');
  for (const { source, index } of fed) {
    const candidates = `candidates_${index}`;
    await session.runFile('silver', 'candidates.sql', {}, { candidates, bronze: identifier(bronzeTable(source)), after: String(Math.trunc(after)) });
    await checkRows(session, fleet, source, index, candidates, checkedName(index));
  }
  // a view: the previous rows of touched keys, added to checked_<index> below, are ranked too
  await session.runFile('silver', 'checked_union.sql', {}, {
    union: [
      ...fed.map(
        ({ source, index }) =>
          `SELECT ${typedNames(sourceFields(fleet, source))}, reason, _source_index, _source_file, _source_sha256, _load_id, _row_number, _loaded_at FROM ${checkedName(index)}`,
      ),
      ...(derivedFailures ? ['SELECT * FROM flagged_failures'] : []),
    ].join('\nUNION ALL BY NAME\n'),
  });
  const before = table === 'machines' ? undefined : await partitionBoundary(session, table, previous);
  // a full build touches every key, and needs no list of them
  await session.runFile('silver', 'touched.sql', {}, { key: shape.key, partition, valid: previous ? 'reason IS NULL' : 'false' });
  const parts = previous && before ? await rewrittenPartitions(session, table, previous, before) : undefined;
  if (previous && parts) await addPreviousRowsOfTouchedKeys(session, fleet, table, fed, previous, { key: shape.key, parts });
  else await session.runFile('silver', 'no_old_duplicates.sql');
  await session.runFile('silver', 'rank.sql', {}, { values: shape.values, key: shape.key });

  const written = await writeTable(session, fleet, table, fed, base.dir, { previous, parts, key: shape.key, stored: shape.stored });
  for (const { index } of fed) await session.run(`DROP TABLE IF EXISTS ${checkedName(index)}`);
  return written;
}

/**
 * Where the table's rows go (sql/partitions.ts): months settle a week after their end, by the
 * table's newest valid row, this build's or a previous one's. A week: late files for the last
 * days of a month still land in day files.
 */
async function partitionBoundary(session: LakeSession, table: SilverTable, previous: PreviousFiles | undefined): Promise<Date> {
  const previousNewest = previous ? `SELECT max(ts) AS ts FROM ${identifier(silverTable(table))}` : 'SELECT NULL::TIMESTAMP AS ts';
  const [row] = await session.query(`SELECT max(ts) AS newest FROM (SELECT max(ts) AS ts FROM checked WHERE reason IS NULL UNION ALL ${previousNewest})`);
  const before = settledBefore(row?.newest instanceof Date ? row.newest : undefined, SILVER_SETTLE_SECONDS);
  await usePartitionBoundary(session, before);
  return before;
}

/** The partitions an incremental build rewrites: those of the touched keys, and the months that settle now. */
async function rewrittenPartitions(session: LakeSession, table: SilverTable, previous: PreviousFiles, before: Date): Promise<Set<string>> {
  const touched = (await session.query('SELECT DISTINCT _part FROM touched')).map((r) => String(r._part));
  return new Set([...touched, ...settlingMonths([...previous.winners(table), ...previous.duplicates(table)], before)]);
}

/**
 * The previous winners of the touched keys (again from bronze, for their raw values) and the
 * previous duplicates of the rewritten partitions (from their raw values), checked like new rows:
 * the touched keys are then ranked over every row they ever had, as a full build ranks them.
 */
async function addPreviousRowsOfTouchedKeys(
  session: LakeSession,
  fleet: Fleet,
  table: SilverTable,
  fed: readonly Fed[],
  previous: PreviousFiles,
  shape: { key: string; parts: ReadonlySet<string> },
): Promise<void> {
  const { key } = shape;
  // a key lives in the partition of its time: its previous winner is in a rewritten partition's file
  await session.viewFiles('previous_winners', { files: previous.winners(table).filter(replacedBy(shape.parts)), columns: silverColumns(fleet, table) });
  const duplicateFiles = previous.duplicates(table).filter(replacedBy(shape.parts));
  if (duplicateFiles.length > 0) await session.runFile('silver', 'read_old_duplicates.sql', { files: listParam(duplicateFiles.map((f) => session.path(f))) });
  else await session.runFile('silver', 'no_old_duplicates.sql');
  for (const { source, index } of fed) {
    const fields = sourceFields(fleet, source);
    const refetched = `refetched_${index}`;
    await session.runFile('silver', 'refetch.sql', {}, { refetched, bronze: identifier(bronzeTable(source)), previous: 'previous_winners', key });
    await checkRows(session, fleet, source, index, refetched, `${refetched}_checked`);
    const values = new SqlValues();
    const parsed = `parsed_${index}`;
    const columns = rawColumnsFromJson(fields, values);
    await session.runFile('silver', 'old_duplicates.sql', { ...values.params, source_table: source.name }, { parsed, columns });
    await checkRows(session, fleet, source, index, parsed, `${parsed}_checked`);
    await session.run(`
      INSERT INTO reranked SELECT _load_id, _row_number FROM ${parsed}_checked SEMI JOIN touched USING (${key});
      INSERT INTO ${checkedName(index)} SELECT * FROM ${refetched}_checked;
      INSERT INTO ${checkedName(index)} SELECT * FROM ${parsed}_checked SEMI JOIN touched USING (${key});
      DROP TABLE ${refetched}_checked; DROP TABLE ${parsed}_checked; DROP TABLE ${parsed};`);
  }
}

/** Writes the table's rewritten partitions, its duplicates there, and its newly quarantined rows. */
async function writeTable(
  session: LakeSession,
  fleet: Fleet,
  table: SilverTable,
  fed: readonly Fed[],
  dir: string,
  shape: { previous: PreviousFiles | undefined; parts: ReadonlySet<string> | undefined; key: string; stored: string },
): Promise<TableFiles> {
  const { previous, parts } = shape;
  const winners = winnersDir(dir, table);
  const partition = partitionExpression(table);
  if (previous && parts) {
    await session.runFile('silver', 'write_winners.sql', { out: session.dataFile(winners) }, { columns: shape.stored, key: shape.key, partition });
  } else {
    await session.runFile('silver', 'write_all_winners.sql', { out: session.dataFile(winners) }, { columns: shape.stored, key: shape.key, partition });
  }
  if (table === 'machines' && fleet.hasAssetTable) await session.runFile('silver', 'known_machines.sql');

  for (const { source, index } of fed) {
    const raw = rawJson(sourceFields(fleet, source), checkedName(index));
    await session.runFile('silver', 'collect_rejects.sql', { source_table: source.name }, { checked: checkedName(index), raw_json: raw, source_index: String(index), partition: partitionExpression(table, 'r.') });
  }
  const duplicates = duplicatesDir(dir, table);
  await session.runFile('silver', 'write_duplicates.sql', { out: session.dataFile(duplicates) });
  const quarantine = await writeQuarantine(session, table, dir, previous);
  const rewritten = replacedBy(parts ?? new Set());
  return {
    winners: filesWrittenUnder(session, winners),
    duplicates: filesWrittenUnder(session, duplicates),
    quarantine: quarantine.files,
    replaces: (file) => rewritten(file) || quarantine.replaces(file),
  };
}

/**
 * Settled quarantined rows go to a file of this build; parked ones (unknown_machine) join the
 * table's parked file, rewritten whole: a build that checked the parked rows again replaces them.
 */
async function writeQuarantine(session: LakeSession, table: SilverTable, dir: string, previous: PreviousFiles | undefined): Promise<{ files: string[]; replaces: (file: string) => boolean }> {
  const [counts] = await session.query(`SELECT count(*) FILTER (reason = 'unknown_machine') AS parked, count(*) FILTER (reason <> 'unknown_machine') AS settled FROM quarantine_new`);
  const write = async (out: string, parked: boolean, kept: string[]): Promise<void> => {
    await session.viewFiles('kept_quarantine', { files: kept, columns: QUARANTINE_COLUMNS });
    await session.runFile('silver', 'write_quarantine.sql', { out: session.dataFile(out), parked });
  };
  const files: string[] = [];
  if (Number(counts?.settled) > 0) {
    await write(settledFile(dir, table), false, []);
    files.push(settledFile(dir, table));
  }
  const rechecked = (await session.query('SELECT count(*) AS n FROM recheck'))[0]?.n !== 0;
  if (Number(counts?.parked) > 0 || (rechecked && previous?.quarantine(table).some(isParked))) {
    await write(parkedFile(dir, table), true, rechecked || !previous ? [] : previous.quarantine(table).filter(isParked));
    files.push(parkedFile(dir, table));
    return { files, replaces: (file) => isParked(file) || !previous };
  }
  return { files, replaces: () => !previous };
}
