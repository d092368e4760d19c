import { InputError } from '../../sql/errors.js';
import type { DecisionRows } from './types.js';

/**
 * validation.bin in a model's directory: the risks the model's validation forest gave the rows
 * its alert rule was chosen on, so that `models set-alerts` can choose again under another
 * policy without training again. Little-endian: a magic, the row count, then the four columns.
 */

const MAGIC = 'LSVAL001';
const HEADER_BYTES = 16;
const BYTES_PER_ROW = 4 + 8 + 8 + 8;

export function serializeValidation(rows: DecisionRows): Uint8Array {
  const n = rows.ts.length;
  const buffer = new ArrayBuffer(HEADER_BYTES + n * BYTES_PER_ROW);
  const bytes = new Uint8Array(buffer);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(buffer).setFloat64(8, n, true);
  let offset = HEADER_BYTES;
  for (const column of [rows.ts, rows.risk, rows.failureAt]) {
    new Float64Array(buffer, offset, n).set(column);
    offset += n * 8;
  }
  new Int32Array(buffer, offset, n).set(rows.asset);
  return bytes;
}

/** Parses validation.bin; anything but a complete file of sane values is refused, naming the file. */
export function parseValidation(data: Uint8Array, file: string): DecisionRows {
  const fail = (why: string): never => {
    throw new InputError(`${file}: not a validation file lakescore wrote (${why})`);
  };
  if (data.byteLength < HEADER_BYTES || new TextDecoder().decode(data.subarray(0, 8)) !== MAGIC) fail('no header');
  // a small Buffer from readFileSync is a view into Node's shared pool: copy its own bytes out
  const copy = new Uint8Array(data).buffer;
  const n = new DataView(copy).getFloat64(8, true);
  if (!Number.isInteger(n) || n < 0 || data.byteLength !== HEADER_BYTES + n * BYTES_PER_ROW) fail(`size ${data.byteLength} does not fit its row count`);
  const [ts, risk, failureAt] = [0, 1, 2].map((i) => new Float64Array(copy, HEADER_BYTES + i * n * 8, n)) as [Float64Array, Float64Array, Float64Array];
  const asset = new Int32Array(copy, HEADER_BYTES + 3 * n * 8, n);
  for (let r = 0; r < n; r++) {
    if (!((risk[r] as number) >= 0 && (risk[r] as number) <= 1) || !Number.isFinite(ts[r]) || (asset[r] as number) < 0) fail(`row ${r} out of range`);
    if (r > 0 && ((asset[r] as number) < (asset[r - 1] as number) || (asset[r] === asset[r - 1] && (ts[r] as number) <= (ts[r - 1] as number)))) fail(`row ${r} out of order`);
  }
  return { asset, ts, risk, failureAt };
}
