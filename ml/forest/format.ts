import { createHash } from 'node:crypto';
import { endianness } from 'node:os';
import { z } from 'zod';
import { forestParamsSchema, type Forest } from './model.js';

/**
 * Model file layout (little-endian):
 *   0  4 bytes  magic "LKRF"
 *   4  u32      format version (1)
 *   8  u32      header length H in bytes
 *  12  H bytes  header, UTF-8 JSON (see headerSchema), then zero padding to a multiple of 8
 *   P  payload: the sections listed in the header, each at an 8-aligned offset from P
 * The header carries the sha256 of the whole payload, so any corruption is detected.
 */
const MAGIC = 'LKRF';
export const FORMAT_VERSION = 1;

type SectionName = 'treeOffsets' | 'feature' | 'threshold' | 'left' | 'right' | 'missingLeft' | 'samples' | 'leafValues' | 'importance';
type DType = 'i32' | 'u32' | 'u8' | 'f64';

const SECTIONS: ReadonlyArray<{ name: SectionName; dtype: DType }> = [
  { name: 'treeOffsets', dtype: 'i32' },
  { name: 'feature', dtype: 'i32' },
  { name: 'threshold', dtype: 'f64' },
  { name: 'left', dtype: 'i32' },
  { name: 'right', dtype: 'i32' },
  { name: 'missingLeft', dtype: 'u8' },
  { name: 'samples', dtype: 'u32' },
  { name: 'leafValues', dtype: 'f64' },
  { name: 'importance', dtype: 'f64' },
];

const BYTES: Record<DType, number> = { i32: 4, u32: 4, u8: 1, f64: 8 };

const headerSchema = z.object({
  kind: z.literal('lakescore-random-forest'),
  endianness: z.literal('LE'),
  featureCount: z.number().int().min(1),
  classCount: z.number().int().min(1).max(255),
  treeCount: z.number().int().min(1),
  nodeCount: z.number().int().min(1),
  leafCount: z.number().int().min(1),
  params: forestParamsSchema,
  payloadBytes: z.number().int().min(0),
  payloadSha256: z.string().regex(/^[0-9a-f]{64}$/),
  sections: z.array(z.object({
    name: z.string(),
    dtype: z.enum(['i32', 'u32', 'u8', 'f64']),
    offset: z.number().int().min(0),
    length: z.number().int().min(0),
  })),
});

type Header = z.infer<typeof headerSchema>;

function align8(x: number): number {
  return (x + 7) & ~7;
}

function arrays(forest: Forest): Record<SectionName, Int32Array | Uint32Array | Uint8Array | Float64Array> {
  return {
    treeOffsets: forest.treeOffsets, feature: forest.feature, threshold: forest.threshold, left: forest.left,
    right: forest.right, missingLeft: forest.missingLeft, samples: forest.samples, leafValues: forest.leafValues,
    importance: forest.importance,
  };
}

export function serializeForest(forest: Forest): Buffer {
  if (endianness() !== 'LE') throw new Error('serializeForest: big-endian hosts are not supported');
  const data = arrays(forest);
  const sections: Header['sections'] = [];
  let offset = 0;
  for (const s of SECTIONS) {
    const a = data[s.name];
    sections.push({ name: s.name, dtype: s.dtype, offset, length: a.length });
    offset = align8(offset + a.byteLength);
  }
  const payload = Buffer.alloc(offset);
  for (const s of sections) {
    const a = data[s.name as SectionName];
    payload.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), s.offset);
  }
  const header: Header = {
    kind: 'lakescore-random-forest',
    endianness: 'LE',
    featureCount: forest.featureCount,
    classCount: forest.classCount,
    treeCount: forest.treeCount,
    nodeCount: forest.feature.length,
    leafCount: forest.leafValues.length / forest.classCount,
    params: forest.params,
    payloadBytes: payload.length,
    payloadSha256: createHash('sha256').update(payload).digest('hex'),
    sections,
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(align8(12 + json.length));
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(FORMAT_VERSION, 4);
  prefix.writeUInt32LE(json.length, 8);
  json.copy(prefix, 12);
  return Buffer.concat([prefix, payload]);
}

/** Parses and fully validates a model file; errors name `source` and the reason. */
export function parseForest(bytes: Buffer, source: string): Forest {
  function fail(reason: string): never {
    throw new Error(`${source}: not a valid lakescore random-forest model: ${reason}`);
  }
  if (endianness() !== 'LE') fail('big-endian hosts are not supported');
  if (bytes.length < 12) fail(`file too short (${bytes.length} bytes)`);
  if (bytes.toString('latin1', 0, 4) !== MAGIC) fail('bad magic number (expected "LKRF")');
  const version = bytes.readUInt32LE(4);
  if (version !== FORMAT_VERSION) fail(`unsupported format version ${version} (this build reads ${FORMAT_VERSION})`);
  const headerLength = bytes.readUInt32LE(8);
  if (12 + headerLength > bytes.length) fail(`truncated: header needs ${headerLength} bytes, file has ${bytes.length - 12}`);
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8', 12, 12 + headerLength));
  } catch (e) {
    fail(`header is not valid JSON (${(e as Error).message})`);
  }
  const parsed = headerSchema.safeParse(raw);
  if (!parsed.success) fail(`invalid header: ${z.prettifyError(parsed.error)}`);
  const header = parsed.data;
  const payloadStart = align8(12 + headerLength);
  const payloadEnd = payloadStart + header.payloadBytes;
  if (payloadEnd > bytes.length) fail(`truncated: expected ${payloadEnd} bytes, file has ${bytes.length}`);
  if (payloadEnd < bytes.length) fail(`${bytes.length - payloadEnd} unexpected trailing bytes`);
  const payload = bytes.subarray(payloadStart, payloadEnd);
  const digest = createHash('sha256').update(payload).digest('hex');
  if (digest !== header.payloadSha256) fail('checksum mismatch: the file is corrupted');

  const { featureCount: F, classCount: C, treeCount: T, nodeCount: N, leafCount: L } = header;
  const expected: Record<SectionName, number> = {
    treeOffsets: T + 1, feature: N, threshold: N, left: N, right: N, missingLeft: N, samples: N, leafValues: L * C, importance: F,
  };
  if (header.sections.length !== SECTIONS.length) fail(`expected ${SECTIONS.length} sections, found ${header.sections.length}`);
  const read = <K extends SectionName>(i: number, name: K): ArrayBuffer => {
    const s = header.sections[i]!;
    const spec = SECTIONS[i]!;
    if (s.name !== name || s.dtype !== spec.dtype) fail(`section ${i} should be ${name}:${spec.dtype}, found ${s.name}:${s.dtype}`);
    if (s.length !== expected[name]) fail(`section ${name} has ${s.length} values, expected ${expected[name]}`);
    const len = s.length * BYTES[s.dtype];
    if (s.offset % 8 !== 0 || s.offset + len > payload.length) fail(`section ${name} lies outside the payload`);
    const copy = new ArrayBuffer(len);
    new Uint8Array(copy).set(payload.subarray(s.offset, s.offset + len));
    return copy;
  };
  const forest: Forest = {
    featureCount: F,
    classCount: C,
    treeCount: T,
    params: header.params,
    treeOffsets: new Int32Array(read(0, 'treeOffsets')),
    feature: new Int32Array(read(1, 'feature')),
    threshold: new Float64Array(read(2, 'threshold')),
    left: new Int32Array(read(3, 'left')),
    right: new Int32Array(read(4, 'right')),
    missingLeft: new Uint8Array(read(5, 'missingLeft')),
    samples: new Uint32Array(read(6, 'samples')),
    leafValues: new Float64Array(read(7, 'leafValues')),
    importance: new Float64Array(read(8, 'importance')),
  };
  const problem = checkStructure(forest);
  if (problem !== null) fail(problem);
  return forest;
}

/**
 * Structural checks that make prediction safe: every walk from a root stays inside its tree,
 * moves strictly forward (so it terminates) and ends at a valid leaf.
 */
export function checkStructure(forest: Forest): string | null {
  const { featureCount: F, classCount: C, treeCount: T, treeOffsets, feature, threshold, left, right, missingLeft, leafValues } = forest;
  const N = feature.length;
  const L = leafValues.length / C;
  if (treeOffsets[0] !== 0 || treeOffsets[T] !== N) return 'tree offsets do not cover the nodes';
  const seenLeaf = new Uint8Array(L);
  for (let t = 0; t < T; t++) {
    const start = treeOffsets[t]!;
    const end = treeOffsets[t + 1]!;
    if (!(start < end)) return `tree ${t} is empty`;
    for (let i = start; i < end; i++) {
      const f = feature[i]!;
      if (f === -1) {
        const leaf = left[i]!;
        if (leaf < 0 || leaf >= L) return `node ${i}: leaf index ${leaf} out of range`;
        seenLeaf[leaf] = 1;
      } else {
        if (f < 0 || f >= F) return `node ${i}: feature ${f} out of range`;
        if (Number.isNaN(threshold[i]!)) return `node ${i}: threshold is NaN`;
        const l = left[i]!, r = right[i]!;
        if (!(l > i && l < end && r > i && r < end)) return `node ${i}: child index out of its tree`;
        if (missingLeft[i]! > 1) return `node ${i}: bad missing-value flag`;
      }
    }
  }
  for (let leaf = 0; leaf < L; leaf++) {
    if (seenLeaf[leaf] !== 1) return `leaf ${leaf} is not referenced`;
    let sum = 0;
    for (let c = 0; c < C; c++) {
      const p = leafValues[leaf * C + c]!;
      if (!(p >= 0 && p <= 1)) return `leaf ${leaf}: probability ${p} out of [0, 1]`;
      sum += p;
    }
    if (Math.abs(sum - 1) > 1e-9) return `leaf ${leaf}: probabilities sum to ${sum}`;
  }
  for (let f = 0; f < F; f++) if (!(forest.importance[f]! >= 0)) return `importance of feature ${f} is invalid`;
  return null;
}
