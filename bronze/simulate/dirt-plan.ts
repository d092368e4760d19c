/**
 * Decides, before any row is written, which rows --dirty touches and how: for every table and
 * kind a quota of distinct base rows drawn uniformly over all machines. One edit per base row
 * keeps every bad or duplicated row unambiguous. Copies go after their base row, at a random
 * later place within the machine's rows, because silver lets the later of two conflicting rows win.
 */
import { SOURCE_TABLES, type SourceTable } from './shape.js';
import { dirtKinds, TABLE_DIRT, type DirtKind } from './dirt-kinds.js';
import { Random, Stream } from './random.js';

export interface PlannedEdit {
  /** Row index within the machine's block of the table. */
  row: number;
  kind: DirtKind;
  /** For copies: the row after which the copy is written (>= row). */
  after: number;
}

/** Rows per machine (index = machine id - 1) of each table, before any dirt. */
export type RowCounts = Record<SourceTable, readonly number[]>;

/**
 * Per kind, `rate` of the rows spread evenly over the kinds that put a row in quarantine or
 * duplicate it; at least one each, so even a small run shows every kind. Reformatted rows get
 * the same quota.
 */
function quotaPerKind(table: SourceTable, rows: number, rate: number): number {
  const dirt = TABLE_DIRT[table];
  const kinds = dirt.reasons.length + dirt.duplicates.length;
  return rate > 0 ? Math.max(1, Math.round((rate * rows) / kinds)) : 0;
}

/** Machine whose block holds global row `g`, by binary search over the block starts. */
function machineOfRow(starts: readonly number[], g: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] ?? 0) <= g) low = mid;
    else high = mid - 1;
  }
  return low;
}

function planTable(table: SourceTable, counts: readonly number[], rate: number, random: Random): Map<number, PlannedEdit[]> {
  const starts: number[] = [];
  let total = 0;
  for (const count of counts) {
    starts.push(total);
    total += count;
  }
  const quota = quotaPerKind(table, total, rate);
  const kinds = dirtKinds(table);
  const used = new Set<number>();
  const plan = new Map<number, PlannedEdit[]>();
  // round-robin over kinds, so a table with few rows still gets one of each before it runs out
  for (let round = 0; round < quota && used.size < total; round++) {
    for (const kind of kinds) {
      if (used.size === total) break;
      let g = random.int(total);
      while (used.has(g)) g = random.int(total);
      used.add(g);
      const machine = machineOfRow(starts, g);
      const row = g - (starts[machine] ?? 0);
      const after = row + random.int((counts[machine] ?? 0) - row);
      const edits = plan.get(machine) ?? [];
      edits.push({ row, kind, after });
      plan.set(machine, edits);
    }
  }
  for (const edits of plan.values()) edits.sort((x, y) => x.row - y.row);
  return plan;
}

export class DirtPlan {
  private constructor(private readonly tables: Record<SourceTable, Map<number, PlannedEdit[]>>) {}

  static none(): DirtPlan {
    return new DirtPlan({ telemetry: new Map(), errors: new Map(), maint: new Map(), failures: new Map(), machines: new Map() });
  }

  static draw(counts: RowCounts, rate: number, seed: number): DirtPlan {
    const random = Random.forStream(seed, 0, Stream.dirt);
    const tables = DirtPlan.none().tables;
    for (const table of SOURCE_TABLES) tables[table] = planTable(table, counts[table], rate, random);
    return new DirtPlan(tables);
  }

  /** The edits of one machine's block, by row. */
  editsFor(table: SourceTable, machineIndex: number): readonly PlannedEdit[] {
    return this.tables[table].get(machineIndex) ?? [];
  }
}
