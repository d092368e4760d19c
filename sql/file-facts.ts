import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import type { FileFacts } from './catalog.js';

/** A file's size and SHA-256, read as a stream so that a large file never sits in memory whole. */
export async function factsOf(path: string): Promise<Omit<FileFacts, 'rows'>> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return { bytes: statSync(path).size, sha256: hash.digest('hex') };
}

/** Why a file differs from what was recorded at publishing, cheapest test first; undefined when it does not. */
export async function differenceFrom(path: string, recorded: FileFacts | undefined, withContent: boolean): Promise<string | undefined> {
  let bytes: number;
  try {
    bytes = statSync(path).size;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : `unreadable (${(err as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  if (!recorded) return undefined;
  if (bytes !== recorded.bytes) return `size ${bytes} bytes, ${recorded.bytes} when published`;
  if (!withContent) return undefined;
  try {
    if ((await factsOf(path)).sha256 !== recorded.sha256) return 'content changed since it was published (checksum differs)';
  } catch (err) {
    return `unreadable (${(err as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  return undefined;
}
