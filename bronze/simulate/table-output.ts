/** One output table: rows are formatted into a buffer that is handed to the file in large chunks. */
import { SOURCE_COLUMNS, type SourceTable } from './shape.js';
import { ByteBuffer } from './byte-buffer.js';
import type { TableSink } from './sinks.js';

/** Big writes keep syscalls and gzip calls few; small enough to keep memory flat. */
const FLUSH_BYTES = 8 << 20;

export class TableOutput {
  readonly buffer = new ByteBuffer();

  constructor(readonly table: SourceTable, readonly sink: TableSink) {
    this.buffer.reserve(256);
    this.buffer.ascii(SOURCE_COLUMNS[table].join(','));
    this.buffer.newline();
  }

  async flushIfFull(): Promise<void> {
    if (this.buffer.length >= FLUSH_BYTES) await this.sink.write(this.buffer.take());
  }

  async finish(): Promise<void> {
    if (this.buffer.length > 0) await this.sink.write(this.buffer.take());
    await this.sink.close();
  }
}
