/** How sensor readings are written: fixed decimals, the same bytes on the fast and the slow path. */
import { ByteBuffer } from './byte-buffer.js';

export const READING_DECIMALS = 6;
export const READING_SCALE = 10 ** READING_DECIMALS;

const scratch = new ByteBuffer(64);

/** The text ByteBuffer.fixed writes for `x`; for the few rows built as strings. */
export function formatReading(x: number): string {
  scratch.reserve(32);
  scratch.fixed(x, READING_DECIMALS, READING_SCALE);
  return Buffer.from(scratch.take()).toString('latin1');
}
