import type { Fleet } from '../../fleet/fleet.js';
import { isSqlName } from '../../fleet/names.js';
import { resultsColumns } from '../../ml/results.js';
import { InputError } from '../../sql/errors.js';

/** One column of the target table: which results column fills it, under which name and type. */
export interface ExportColumn {
  source: string;
  target: string;
  type: string;
}

/** Which results column goes to which target column; only the columns named are exported. */
export type ColumnMapping = ReadonlyArray<readonly [source: string, target: string]>;

/** The target table's key: one row per asset and time, as in the lake's results. */
export const KEY_COLUMNS = ['machine_id', 'ts'] as const;

const POSTGRES_TYPES: Record<string, string> = {
  BIGINT: 'bigint',
  INTEGER: 'integer',
  VARCHAR: 'text',
  DOUBLE: 'double precision',
  TIMESTAMP: 'timestamp',
  BOOLEAN: 'boolean',
};

/**
 * `--columns machine_id:asset,ts,p_none:healthy`: each entry a results column, renamed where a
 * `:name` follows it, as in a copy activity's column mapping.
 */
export function parseColumnMapping(text: string): ColumnMapping {
  return text.split(',').map((entry) => {
    const [source, target, extra] = entry.trim().split(':').map((part) => part.trim());
    if (!source || extra !== undefined || target === '') throw new InputError(`--columns: "${entry.trim()}" is not COLUMN or COLUMN:NAME`);
    return [source, target ?? source] as const;
  });
}

/** The columns to export: all of results under their own names, or the mapping's, checked. */
export function exportColumns(fleet: Fleet, mapping: ColumnMapping | undefined): ExportColumn[] {
  const available = new Map(resultsColumns(fleet));
  const chosen = mapping ?? [...available.keys()].map((name) => [name, name] as const);
  const targets = new Set<string>();
  const columns = chosen.map(([source, target]) => {
    const type = available.get(source);
    if (type === undefined) throw new InputError(`export column ${source} is not a results column; results has ${[...available.keys()].join(', ')}`);
    if (!isSqlName(target)) throw new InputError(`export column name ${target}: use lower-case letters, digits and _, starting with a letter, and not an SQL keyword`);
    if (targets.has(target)) throw new InputError(`export column name ${target} is given twice`);
    targets.add(target);
    const postgresType = POSTGRES_TYPES[type];
    if (postgresType === undefined) throw new Error(`results column ${source} has type ${type}, which the export cannot map to PostgreSQL`);
    return { source, target, type: postgresType };
  });
  const missingKey = KEY_COLUMNS.find((key) => !columns.some((c) => c.source === key));
  if (missingKey) throw new InputError(`the export must include ${missingKey}: the target table's key is (${KEY_COLUMNS.join(', ')})`);
  return columns;
}

/** The target's name for a results column that every export includes. */
export const targetOf = (columns: readonly ExportColumn[], source: (typeof KEY_COLUMNS)[number]): string => columns.find((c) => c.source === source)?.target ?? source;
