/**
 * Applies --dirty edits while one machine's rows of one table are written in order: an edited
 * row is replaced or kept, and copies wait until the row they are to follow has been written.
 */
import type { SourceTable } from './shape.js';
import type { ByteBuffer } from './byte-buffer.js';
import type { Dirtier } from './dirt-apply.js';
import type { PlannedEdit } from './dirt-plan.js';
import type { Random } from './random.js';

interface PendingCopy {
  after: number;
  fields: string[];
}

export function writeFields(out: ByteBuffer, fields: readonly string[]): void {
  const line = fields.join(',');
  out.reserve(line.length + 1);
  out.ascii(line);
  out.newline();
}

export class BlockEditor {
  private nextEdit = 0;
  /** Ordered by `after`; writers test only the head, once per row. */
  private readonly pending: PendingCopy[] = [];

  constructor(
    private readonly table: SourceTable,
    private readonly edits: readonly PlannedEdit[],
    private readonly dirtier: Dirtier,
    private readonly random: Random,
  ) {}

  /** The next row with an edit (rows are visited in increasing order). */
  get nextEditedRow(): number {
    return this.edits[this.nextEdit]?.row ?? Infinity;
  }

  /** The fields to write for edited row `row`, whose valid version is `base`. */
  edit(row: number, base: string[], hour: number | null): string[] {
    const edit = this.edits[this.nextEdit];
    if (edit?.row !== row) return base;
    this.nextEdit++;
    const realized = this.dirtier.realize(this.table, edit, base, hour, this.random);
    if (!realized) return base;
    if (realized.inPlace) return realized.fields;
    this.schedule({ after: edit.after, fields: realized.fields });
    return base;
  }

  /** Writes the copies that follow row `row`. */
  writeCopiesAfter(out: ByteBuffer, row: number): void {
    while (this.pending[0] !== undefined && this.pending[0].after === row) {
      writeFields(out, this.pending[0].fields);
      this.pending.shift();
    }
  }

  get nextCopyRow(): number {
    return this.pending[0]?.after ?? Infinity;
  }

  private schedule(copy: PendingCopy): void {
    let i = this.pending.length;
    while (i > 0 && (this.pending[i - 1]?.after ?? 0) > copy.after) i--;
    this.pending.splice(i, 0, copy);
  }

  /** Writes a whole block of rows built as strings (the event and machines tables). */
  writeRows(out: ByteBuffer, rows: readonly { fields: string[]; hour: number | null }[]): void {
    rows.forEach((row, i) => {
      writeFields(out, this.edit(i, row.fields, row.hour));
      this.writeCopiesAfter(out, i);
    });
  }
}
