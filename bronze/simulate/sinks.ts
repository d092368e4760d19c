/**
 * Where a table's CSV bytes go: a plain file, a gzip stream, or a temporary CSV that becomes
 * Parquet on close. Files are written under a temporary name and renamed when complete, so an
 * interrupted run never leaves a file that looks finished.
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { SourceTable } from './shape.js';
import { csvToParquet } from './parquet.js';

export const OUTPUT_FORMATS = ['csv', 'csv.gz', 'parquet'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Fast deflate: the simulator's output is bulky and cheap to recreate. */
const GZIP_LEVEL = 1;
/**
 * Large stream buffers: each zlib pass on the thread pool then handles a whole chunk, and the
 * main thread, busy generating rows, is needed only once per chunk to keep the pipe moving.
 */
const STREAM_BUFFER_BYTES = 4 << 20;
/**
 * Chunks handed over but not yet written (or compressed). More than one lets the next chunk be
 * generated while the last is compressed on libuv's thread pool; a few bound the memory.
 */
const MAX_CHUNKS_IN_FLIGHT = 3;

export interface TableSink {
  readonly path: string;
  write(chunk: Uint8Array): Promise<void>;
  /** Finishes the file and gives it its final name. */
  close(): Promise<void>;
  /** Removes whatever was written. */
  discard(): Promise<void>;
}

function partialName(path: string): string {
  return `${path}.partial`;
}

/** A file written through a stream (optionally through gzip first), a few chunks at a time. */
class StreamSink implements TableSink {
  private readonly head: Writable;
  private readonly file: Writable;
  private readonly done: Promise<void>;
  private readonly inFlight: Promise<void>[] = [];

  constructor(readonly path: string, gzip: boolean) {
    this.file = createWriteStream(partialName(path), { highWaterMark: STREAM_BUFFER_BYTES });
    this.head = gzip ? createGzip({ level: GZIP_LEVEL, chunkSize: STREAM_BUFFER_BYTES }) : this.file;
    if (this.head !== this.file) this.head.pipe(this.file);
    this.done = finished(this.file);
    // surfaced by write() and close(); without a listener an error would crash the process
    this.done.catch(() => undefined);
  }

  async write(chunk: Uint8Array): Promise<void> {
    this.inFlight.push(new Promise<void>((resolve, reject) => this.head.write(chunk, (err) => (err ? reject(err) : resolve()))));
    if (this.inFlight.length >= MAX_CHUNKS_IN_FLIGHT) await this.inFlight.shift();
  }

  async close(): Promise<void> {
    await Promise.all(this.inFlight.splice(0));
    this.head.end();
    await this.done;
    await rename(partialName(this.path), this.path);
  }

  async discard(): Promise<void> {
    this.head.destroy();
    this.file.destroy();
    await Promise.allSettled(this.inFlight.splice(0));
    await this.done.catch(() => undefined);
    await rm(partialName(this.path), { force: true });
  }
}

/**
 * Collects CSV in a staging file, converted by DuckDB on close. The staging name does not end
 * in .csv, so that a directory scan never takes it for a source file.
 */
class ParquetSink implements TableSink {
  private readonly csv: StreamSink;

  constructor(readonly path: string, private readonly table: SourceTable, private readonly typed: boolean) {
    this.csv = new StreamSink(`${path}.staging`, false);
  }

  write(chunk: Uint8Array): Promise<void> {
    return this.csv.write(chunk);
  }

  async close(): Promise<void> {
    await this.csv.close();
    try {
      await csvToParquet(this.csv.path, partialName(this.path), this.table, this.typed);
      await rename(partialName(this.path), this.path);
    } finally {
      await rm(this.csv.path, { force: true });
    }
  }

  async discard(): Promise<void> {
    await this.csv.discard();
    await rm(this.csv.path, { force: true });
    await rm(partialName(this.path), { force: true });
  }
}

export function tableFileName(table: SourceTable, format: OutputFormat): string {
  return `${table}.${format}`;
}

/**
 * The sink for one table. `typed` asks for typed Parquet columns; dirty output stays text,
 * since its bad values would not survive a cast.
 */
export function openSink(dir: string, table: SourceTable, format: OutputFormat, typed: boolean): TableSink {
  const path = join(dir, tableFileName(table, format));
  switch (format) {
    case 'csv':
      return new StreamSink(path, false);
    case 'csv.gz':
      return new StreamSink(path, true);
    case 'parquet':
      return new ParquetSink(path, table, typed);
  }
}
