import { idSqlType, type Fleet } from '../fleet/fleet.js';
import { columnPartOf } from '../fleet/names.js';
import { labelsOf } from '../gold/params.js';
import type { Columns } from '../sql/catalog.js';
import type { LakeSession } from '../sql/duckdb.js';
import { declareDriftTable } from './monitor/drift-table.js';

/** The versioned output of scoring (docs/tables.md#results): one results file per successful run. */

/** The probability column of a class: `p_none`, `p_comp1`, `p_failure`. */
export const probabilityColumn = (label: string): string => `p_${columnPartOf(label)}`;

export function resultsColumns(fleet: Fleet): Columns {
  return [
    ['run_id', 'BIGINT'],
    ['machine_id', idSqlType(fleet)],
    ['ts', 'TIMESTAMP'],
    ['model_name', 'VARCHAR'],
    ['model_version', 'INTEGER'],
    ...labelsOf(fleet).map((label): [string, string] => [probabilityColumn(label), 'DOUBLE']),
    ['predicted', 'VARCHAR'],
    // docs/decisions.md: risk = 1 - p(no failure); alert by the model's rule (NULL for a model
    // trained before alerts); diagnosis = the likeliest failure class
    ['risk', 'DOUBLE'],
    ['alert', 'BOOLEAN'],
    ['diagnosis', 'VARCHAR'],
    ['scored_at', 'TIMESTAMP'],
  ];
}

export const SCORE_RUNS_COLUMNS: Columns = [
  ['run_id', 'BIGINT'],
  ['model_name', 'VARCHAR'],
  ['model_version', 'INTEGER'],
  ['mode', 'VARCHAR'],
  ['range_from', 'TIMESTAMP'],
  ['range_to', 'TIMESTAMP'],
  ['row_count', 'BIGINT'],
  ['watermark', 'TIMESTAMP'],
  ['status', 'VARCHAR'],
  ['started_at', 'TIMESTAMP'],
  ['finished_at', 'TIMESTAMP'],
  ['error', 'VARCHAR'],
];

/** `results`, `score_runs`, `monitor_drift`, and the derived `results_latest` (newest prediction per machine and ts). */
export async function declareResultTables(session: LakeSession, fleet: Fleet): Promise<void> {
  // results written before risk and alert read them as NULL
  await session.ensureTableColumns('results', resultsColumns(fleet));
  // a run log is rewritten from its own rows: read them with today's columns, older files' missing ones as NULL
  await session.ensureTableColumns('score_runs', SCORE_RUNS_COLUMNS);
  await declareDriftTable(session);
  await session.defineView('results_latest', 'ml', 'results_latest.sql');
}
