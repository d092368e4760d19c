/**
 * manifest.json: the run's parameters and, per table, what the files hold: rows written, the
 * distinct valid keys silver should keep, and every bad or duplicate row by kind. Tests and the
 * silver layer check themselves against it, so it counts what was written, not what was planned.
 * It holds no wall-clock time, so that the same arguments give the same bytes. `changes` is
 * there only when --change was given, so that runs without it keep their bytes.
 */
import { SOURCE_TABLES, type SourceTable } from './shape.js';
import { plainTimestamp, type Period } from './clock.js';
import type { QuarantineReason } from './dirt-kinds.js';
import type { ConflictKey, DirtTally } from './dirt-tally.js';
import type { ChangeRecord } from './change-plan.js';
import type { OutputFormat } from './sinks.js';

export interface ManifestParameters {
  machines: number;
  from: string;
  days: number;
  seed: number;
  format: OutputFormat;
  dirty: number;
}

export interface TableManifest {
  file: string;
  rows_written: number;
  clean_rows: number;
  quarantine: Record<QuarantineReason, number>;
  exact_duplicates: number;
  conflicting_duplicates: number;
  /** Valid rows whose datetime is written in the ISO or US form instead of the plain one. */
  timestamp_forms: { iso: number; us: number };
  /** Keys written twice with different values; the later row in the file is the one to keep. */
  conflicting_keys: ConflictKey[];
}

export interface Manifest {
  generator: 'lakescore simulate';
  parameters: ManifestParameters;
  telemetry_hours: { first: string; last: string };
  maintenance_history_from: string;
  /** The --change specs, resolved, in the order given. */
  changes?: ChangeRecord[];
  tables: Record<SourceTable, TableManifest>;
}

export function buildManifest(
  parameters: ManifestParameters,
  period: Period,
  files: Record<SourceTable, string>,
  cleanRowsBeforeDirt: Record<SourceTable, number>,
  tally: DirtTally,
  changes: readonly ChangeRecord[],
): Manifest {
  const tables = {} as Record<SourceTable, TableManifest>;
  for (const table of SOURCE_TABLES) {
    const t = tally.tables[table];
    const quarantined = Object.values(t.quarantine).reduce((sum, n) => sum + n, 0);
    const clean = cleanRowsBeforeDirt[table] - t.replacedRows;
    tables[table] = {
      file: files[table],
      rows_written: clean + quarantined + t.exactDuplicates + t.conflictingDuplicates,
      clean_rows: clean,
      quarantine: { ...t.quarantine },
      exact_duplicates: t.exactDuplicates,
      conflicting_duplicates: t.conflictingDuplicates,
      timestamp_forms: { ...t.reformatted },
      conflicting_keys: t.conflictKeys,
    };
  }
  return {
    generator: 'lakescore simulate',
    parameters,
    telemetry_hours: { first: plainTimestamp(period, 0), last: plainTimestamp(period, period.hours - 1) },
    maintenance_history_from: plainTimestamp(period, period.historyStartDay * 24),
    ...(changes.length > 0 ? { changes: [...changes] } : {}),
    tables,
  };
}
