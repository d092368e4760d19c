import { createHash } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { InputError } from '../sql/errors.js';
import { openRegularFile } from '../sql/regular-file.js';
import type { SourceFile } from './discover.js';

export interface Fingerprint {
  /** sha256 of the content: of the decompressed text for gzip, so a re-compressed copy is the same content. */
  sha256: string;
  /** The first line of a CSV file, undecoded; undefined for Parquet. */
  firstLine: string | undefined;
}

/**
 * The most a text file's first line (its header, or a headerless file's first row) may hold, in
 * bytes of content: a file with no line end this far in is refused there, not read to its end
 * (a file of zeros, a gzip file that decompresses without end). README, `lakescore ingest`.
 */
export const FIRST_LINE_LIMIT = 1024 * 1024;

/** The first line of the content so far, once its end (or the limit) is in `head`. */
class FirstLine {
  private head = Buffer.alloc(0);
  line: string | undefined;

  constructor(private readonly path: string) {}

  take(chunk: Buffer): void {
    this.head = Buffer.concat([this.head, chunk.subarray(0, FIRST_LINE_LIMIT - this.head.length)]);
    const end = this.head.indexOf(0x0a);
    if (end >= 0) this.line = this.head.subarray(0, end).toString('utf8');
    else if (this.head.length >= FIRST_LINE_LIMIT) throw new InputError(`${this.path}: no line end in the first ${FIRST_LINE_LIMIT / 2 ** 20} MiB: the first line is longer than that`);
  }

  /** At the end of the content: a file of one line without an end is that line. */
  end(): string {
    return this.line ?? this.head.toString('utf8');
  }
}

function openStream(path: string): ReadStream {
  try {
    return createReadStream('', { fd: openRegularFile(path), highWaterMark: 1 << 20 });
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

/**
 * Reads the file once, start to end: hashes its content and keeps its first line. Only a regular
 * file is read. A gzip file that does not decompress to the end (truncated, corrupt) fails here,
 * before anything is loaded.
 */
export async function fingerprint(file: SourceFile, onBytes: (read: number) => void = () => {}): Promise<Fingerprint> {
  const hash = createHash('sha256');
  const first = file.format === 'parquet' ? undefined : new FirstLine(file.path);
  const raw = openStream(file.path);
  let read = 0;
  raw.on('data', (chunk) => {
    read += chunk.length;
    onBytes(read);
  });
  const content = file.format === 'csv.gz' ? raw.pipe(createGunzip()) : raw;
  raw.on('error', (err) => content.destroy(err));
  try {
    for await (const chunk of content as AsyncIterable<Buffer>) {
      hash.update(chunk);
      if (first && first.line === undefined) first.take(chunk);
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    const reason = file.format === 'csv.gz' ? `not a complete gzip file (${(err as Error).message})` : (err as Error).message;
    throw new InputError(`${file.path}: ${reason}`);
  } finally {
    raw.destroy();
  }
  return { sha256: hash.digest('hex'), firstLine: first?.end() };
}
