import { createReadStream, statSync } from 'node:fs';
import { basename, relative, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InputError } from '../../sql/errors.js';
import { entriesBelow } from '../walk.js';

/**
 * The files `lakescore init --from-data` looks at, and the first bytes of each: enough text to
 * tell the dialect without reading a large file whole.
 */

export interface DataFile {
  path: string;
  /** The path below the directory given, for messages and comments. */
  relative: string;
  name: string;
  kind: 'text' | 'parquet';
  gzip: boolean;
  bytes: number;
}

const DATA_FILE = /\.(csv|tsv|txt)(\.gz)?$|\.parquet$/i;
export const DATA_FILE_KINDS = '.csv, .tsv, .txt (each also gzip-compressed, .gz) and .parquet';

/** A link that leads nowhere still counts, so that the draft names it among the files it could not read. */
function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** The data files in a directory and below, found as `ingest` finds them, in a stable order (by path). */
export function findDataFiles(given: string): DataFile[] {
  const dir = resolve(given);
  let isDirectory: boolean;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch {
    throw new InputError(`${given}: no such directory`);
  }
  if (!isDirectory) throw new InputError(`${given}: not a directory (--from-data takes the directory that holds your data files)`);
  const files = entriesBelow(dir)
    .filter((path) => DATA_FILE.test(path))
    .map((path): DataFile => {
      const lower = path.toLowerCase();
      const kind = lower.endsWith('.parquet') ? 'parquet' : 'text';
      return { path, relative: relative(dir, path), name: basename(path), kind, gzip: lower.endsWith('.gz'), bytes: sizeOf(path) };
    });
  if (files.length === 0) throw new InputError(`${given}: no data files in it or below (looked for ${DATA_FILE_KINDS})`);
  return files;
}

async function readPrefix(stream: Readable, maxBytes: number): Promise<{ bytes: Buffer; whole: boolean }> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    const buffer = chunk as Buffer;
    chunks.push(buffer);
    length += buffer.length;
    if (length >= maxBytes) {
      stream.destroy();
      return { bytes: Buffer.concat(chunks).subarray(0, maxBytes), whole: false };
    }
  }
  return { bytes: Buffer.concat(chunks), whole: true };
}

/**
 * The first `maxBytes` of a text file's content (decompressed), cut at the last whole line; or
 * undefined when it is not UTF-8 text, which lakescore could not read either.
 */
export async function readHead(file: DataFile, maxBytes = 256 * 1024): Promise<string | undefined> {
  const raw = createReadStream(file.path);
  const content = file.gzip ? raw.pipe(createGunzip()) : raw;
  // A gzip error surfaces on the gunzip stream; the file stream's own errors must not go unheard.
  raw.on('error', (err) => content.destroy(err));
  const { bytes, whole } = await readPrefix(content, maxBytes).finally(() => raw.destroy());
  const end = whole ? bytes.length : bytes.lastIndexOf(0x0a) + 1;
  if (bytes.subarray(0, end).includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
  } catch {
    return undefined;
  }
}
