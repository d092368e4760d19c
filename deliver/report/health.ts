import type { LakeSession } from '../../sql/duckdb.js';

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
  loads: Stacked;
  rejectedFiles: number;
  quarantine: Stacked;
  balances: Balance[];
  silverBuild: { id: number; builtAt: string } | undefined;
}

/** Rows of (category, series, value) as a stacked chart's data, categories and series in first-seen order. */
function stack(rows: { category: string; series: string; value: number }[]): Stacked {
  const categories = [...new Set(rows.map((r) => r.category))];
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

/** Loads over time, quarantined rows by reason, and the newest silver build's balance per source. */
export async function dataHealth(session: LakeSession): Promise<DataHealth> {
  const loads = await session.queryFile('deliver', 'report/loads.sql', { days: LOAD_DAYS });
  const quarantine = await session.queryFile('deliver', 'report/quarantine.sql');
  const balances = await session.queryFile('deliver', 'report/conservation.sql');
  const build = balances[0];
  return {
    loads: stack(loads.map((r) => ({ category: String(r.day), series: String(r.source), value: Number(r.rows) }))),
    rejectedFiles: loads.reduce((n, r) => n + Number(r.rejected), 0),
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
