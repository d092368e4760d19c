/** Counts what --dirty actually wrote, per table; the manifest is built from these counts. */
import { SOURCE_TABLES, type SourceTable } from './shape.js';
import { columnIndex, isQuarantineReason, QUARANTINE_REASONS, type DirtKind, type QuarantineReason } from './dirt-kinds.js';

export interface ConflictKey {
  machineID: string;
  datetime?: string;
}

export interface TableTally {
  quarantine: Record<QuarantineReason, number>;
  /** Bad rows written instead of a valid row (telemetry), as opposed to extra rows. */
  replacedRows: number;
  exactDuplicates: number;
  conflictingDuplicates: number;
  reformatted: { iso: number; us: number };
  conflictKeys: ConflictKey[];
}

function emptyTally(): TableTally {
  return {
    quarantine: Object.fromEntries(QUARANTINE_REASONS.map((r) => [r, 0])) as Record<QuarantineReason, number>,
    replacedRows: 0,
    exactDuplicates: 0,
    conflictingDuplicates: 0,
    reformatted: { iso: 0, us: 0 },
    conflictKeys: [],
  };
}

export class DirtTally {
  readonly tables = Object.fromEntries(SOURCE_TABLES.map((t) => [t, emptyTally()])) as Record<SourceTable, TableTally>;

  count(table: SourceTable, kind: DirtKind, fields: readonly string[], inPlace: boolean): void {
    const tally = this.tables[table];
    if (isQuarantineReason(kind)) {
      tally.quarantine[kind]++;
      if (inPlace) tally.replacedRows++;
    } else if (kind === 'exact_duplicate') {
      tally.exactDuplicates++;
    } else if (kind === 'conflicting_duplicate') {
      tally.conflictingDuplicates++;
      tally.conflictKeys.push(conflictKey(table, fields));
    } else {
      tally.reformatted[kind]++;
    }
  }
}

function conflictKey(table: SourceTable, fields: readonly string[]): ConflictKey {
  const machineID = fields[columnIndex(table, 'machineID')] ?? '';
  return table === 'machines' ? { machineID } : { machineID, datetime: fields[0] ?? '' };
}
