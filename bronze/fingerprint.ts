import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { InputError } from '../sql/errors.js';
import type { SourceFile } from './discover.js';

export interface Fingerprint {
  /** sha256 of the content: of the decompressed text for gzip, so a re-compressed copy is the same content. */
  sha256: string;
  /** The first line of a CSV file, undecoded; undefined for Parquet. */
  firstLine: string | undefined;
  /** False when the first line was longer than FIRST_LINE_LIMIT and is cut. */
  firstLineComplete: boolean;
}

/** Longer first lines are cut here: a header this long is refused, rather than matched in part. */
export const FIRST_LINE_LIMIT = 1024 * 1024;

/**
 * Reads the file once, start to end: hashes its content and keeps its first line. A gzip file
 * that does not decompress to the end (truncated, corrupt) fails here, before anything is loaded.
 */
export async function fingerprint(file: SourceFile, onBytes: (read: number) => void = () => {}): Promise<Fingerprint> {
  const hash = createHash('sha256');
  let head = '';
  let headDone = file.format === 'parquet';
  const raw = createReadStream(file.path, { highWaterMark: 1 << 20 });
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
      if (!headDone) {
        head += chunk.subarray(0, FIRST_LINE_LIMIT).toString('utf8');
        const end = head.indexOf('\n');
        if (end >= 0 || head.length >= FIRST_LINE_LIMIT) {
          head = end >= 0 ? head.slice(0, end) : head;
          headDone = true;
        }
      }
    }
  } catch (err) {
    const reason = file.format === 'csv.gz' ? `not a complete gzip file (${(err as Error).message})` : (err as Error).message;
    throw new InputError(`${file.path}: ${reason}`);
  }
  return { sha256: hash.digest('hex'), firstLine: file.format === 'parquet' ? undefined : head, firstLineComplete: head.length < FIRST_LINE_LIMIT };
}
