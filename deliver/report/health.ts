import type { Fleet } from '../../fleet/fleet.js';
import { SILVER_TABLES, TABLE_FED_BY } from '../../silver/fields.js';
import { silverColumns, silverTable } from '../../silver/tables.js';
import type { LakeSession } from '../../sql/duckdb.js';
import { identifier } from '../../sql/text.js';
import { SqlValues } from '../../sql/values.js';
import { everyDay } from './times.js';

const LOAD_DAYS = 60;

/** One value per category for each series: the shape of a stacked bar chart. */
export interface Stacked {
  categories: string[];
  series: { name: string; values: number[] }[];
}

export interface Balance {
  source: string;
  bronzeRows: number;
  silverRows: number;
  duplicates: number;
  quarantined: number;
  balanced: boolean;
}

export interface DataHealth {
  /** Rows per day of the data's own time (not of the load), by source: every day of the span, none skipped. */
  loads: Stacked;
  rejectedFiles: number;
  quarantine: Stacked;
  balances: Balance[];
  silverBuild: { id: number; builtAt: string } | undefined;
}

/** Rows of (category, series, value) as a stacked chart's data, categories (unless given) and series in first-seen order. */
function stack(rows: { category: string; series: string; value: number }[], categories = [...new Set(rows.map((r) => r.category))]): Stacked {
  const names = [...new Set(rows.map((r) => r.series))];
  const index = new Map(categories.map((c, i) => [c, i]));
  const series = names.map((name) => ({ name, values: new Array<number>(categories.length).fill(0) }));
  for (const r of rows) {
    const s = series[names.indexOf(r.series)];
    const i = index.get(r.category);
    if (s && i !== undefined) s.values[i] = (s.values[i] ?? 0) + r.value;
  }
  return { categories, series };
}

/** The silver tables with a time, each with the sources that feed it. */
function timedTables(fleet: Fleet): { table: string; sources: string[] }[] {
  return SILVER_TABLES.filter((table) => silverColumns(fleet, table).some(([name]) => name === 'ts'))
    .map((table) => ({ table: silverTable(table), sources: fleet.sources.filter((s) => TABLE_FED_BY[s.holds] === table).map((s) => s.name) }))
    .filter((t) => t.sources.length > 0);
}

/**
 * Rows in silver per day of their time and source. A table's rows count only under a source that
 * feeds it, so each source's rows count once (see data_days.sql).
 */
async function rowsPerDataDay(session: LakeSession, fleet: Fleet): Promise<Stacked> {
  const tables = timedTables(fleet);
  if (tables.length === 0) return stack([]);
  const values = new SqlValues('fed');
  const branches = tables.map(
    (t) => `SELECT CAST(ts AS DATE) AS day, _load_id, count(*) AS rows, ${values.bind(t.sources)} AS fed_by FROM ${identifier(t.table)} GROUP BY ALL`,
  );
  const rows = await session.queryFile('deliver', 'report/data_days.sql', { ...values.params, days: LOAD_DAYS }, { rows_per_load: branches.join('\nUNION ALL\n') });
  const first = rows[0];
  const last = rows.at(-1);
  const days = first && last ? everyDay(String(first.day), String(last.day)) : [];
  return stack(rows.map((r) => ({ category: String(r.day), series: String(r.source), value: Number(r.rows) })), days);
}

/** Rows per day of their data, quarantined rows by reason, and the newest silver build's balance per source. */
export async function dataHealth(session: LakeSession, fleet: Fleet): Promise<DataHealth> {
  const [rejected] = await session.queryFile('deliver', 'report/rejected.sql', { days: LOAD_DAYS });
  const quarantine = await session.queryFile('deliver', 'report/quarantine.sql');
  const balances = await session.queryFile('deliver', 'report/conservation.sql');
  const build = balances[0];
  return {
    loads: await rowsPerDataDay(session, fleet),
    rejectedFiles: Number(rejected?.rejected ?? 0),
    quarantine: stack(quarantine.map((r) => ({ category: String(r.reason), series: String(r.source), value: Number(r.rows) }))),
    balances: balances.map((r) => ({
      source: String(r.source),
      bronzeRows: Number(r.bronze_rows),
      silverRows: Number(r.silver_rows),
      duplicates: Number(r.duplicates),
      quarantined: Number(r.quarantined),
      balanced: r.balanced === true,
    })),
    silverBuild: build ? { id: Number(build.build_id), builtAt: String(build.built_at) } : undefined,
  };
}
