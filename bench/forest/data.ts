import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { Rng } from '../../ml/forest/rng.js';

/** A column-major data set: features[f][row], labels[row]. */
export interface Dataset {
  features: Float64Array[];
  labels: Uint8Array;
}

export const FEATURES = 35;
export const CLASSES = 5;

/**
 * Synthetic data shaped like the gold table: 24 telemetry-like gaussians (mean/std of 4 sensors
 * over 3 windows, the std ones with a few NaN), 5 alarm counts, 4 days-since-maintenance (NaN
 * when unknown), age and a model code. ~97% 'none'; each failure class shifts a few features,
 * and only in part of its rows, so the task is learnable but noisy.
 */
export function syntheticDataset(rows: number, seed: number): Dataset {
  const rng = new Rng(seed, 1);
  const gauss = (): number => {
    const u = 1 - rng.nextFloat();
    const v = rng.nextFloat();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const poisson = (lambda: number): number => {
    const l = Math.exp(-lambda);
    let k = 0;
    let p = rng.nextFloat();
    while (p > l) {
      k++;
      p *= rng.nextFloat();
    }
    return k;
  };
  const features: Float64Array[] = [];
  for (let f = 0; f < FEATURES; f++) features.push(new Float64Array(rows));
  const labels = new Uint8Array(rows);
  const classShare = [0.97, 0.006, 0.009, 0.008, 0.007];
  for (let r = 0; r < rows; r++) {
    const u = rng.nextFloat();
    let y = 0;
    let acc = classShare[0]!;
    while (y < CLASSES - 1 && u >= acc) acc += classShare[++y]!;
    labels[r] = y;
    const shows = y > 0 && rng.nextFloat() < 0.75; // a failure shows its warning signs 75% of the time
    const model = rng.nextInt(4);
    for (let s = 0; s < 4; s++) {
      const drift = shows && y === s + 1 ? 1.6 : 0;
      for (let w = 0; w < 3; w++) {
        const mean = 100 * (s + 1) + 10 * gauss() + drift * 10 * (1 - w * 0.25) + model * 2;
        const std = 5 + Math.abs(gauss()) * 2 + drift * 2.5 * (1 - w * 0.3);
        features[s * 6 + w * 2]![r] = mean;
        features[s * 6 + w * 2 + 1]![r] = rng.nextFloat() < 0.02 ? NaN : std;
      }
    }
    for (let e = 0; e < 5; e++) {
      const lambda = 0.05 + (shows && y > 0 && (e === y - 1 || (e === 4 && y === 4)) ? 0.9 : 0);
      features[24 + e]![r] = poisson(lambda);
    }
    for (let c = 0; c < 4; c++) {
      const days = rng.nextFloat() < 0.04 ? NaN : -Math.log(1 - rng.nextFloat()) * 60 * (shows && y === c + 1 ? 1.8 : 1);
      features[29 + c]![r] = days;
    }
    features[33]![r] = rng.nextInt(21);
    features[34]![r] = model;
  }
  return { features, labels };
}

function npyHeader(descr: string, shape: number[], fortran: boolean): Buffer {
  const dict = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  let len = 10 + dict.length + 1;
  const pad = (64 - (len % 64)) % 64;
  const header = dict + ' '.repeat(pad) + '\n';
  const buf = Buffer.alloc(10 + header.length);
  buf.write('\x93NUMPY', 0, 'latin1');
  buf[6] = 1;
  buf[7] = 0;
  buf.writeUInt16LE(header.length, 8);
  buf.write(header, 10, 'latin1');
  len = buf.length;
  return buf.subarray(0, len);
}

/** Writes the features as a Fortran-order (column-major) float64 .npy, the labels as uint8. */
export function writeNpy(path: string, labelsPath: string, data: Dataset, from: number, to: number): void {
  const rows = to - from;
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, npyHeader('<f8', [rows, data.features.length], true));
    for (const col of data.features) {
      const part = col.subarray(from, to);
      writeSync(fd, new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
    }
  } finally {
    closeSync(fd);
  }
  const fl = openSync(labelsPath, 'w');
  try {
    writeSync(fl, npyHeader('|u1', [rows], false));
    writeSync(fl, data.labels.subarray(from, to));
  } finally {
    closeSync(fl);
  }
}

function readHeader(fd: number): { shape: number[]; offset: number; descr: string; fortran: boolean } {
  const pre = Buffer.alloc(10);
  readSync(fd, pre, 0, 10, 0);
  const hlen = pre.readUInt16LE(8);
  const h = Buffer.alloc(hlen);
  readSync(fd, h, 0, hlen, 10);
  const text = h.toString('latin1');
  const shape = /'shape': \(([^)]*)\)/.exec(text)![1]!.split(',').map((s) => s.trim()).filter((s) => s.length > 0).map(Number);
  const descr = /'descr': '([^']*)'/.exec(text)![1]!;
  return { shape, offset: 10 + hlen, descr, fortran: text.includes("'fortran_order': True") };
}

/** Reads files written by writeNpy straight into columns (no row-major copy in memory). */
export function readNpy(path: string, labelsPath: string): Dataset {
  const fd = openSync(path, 'r');
  const features: Float64Array[] = [];
  try {
    const h = readHeader(fd);
    if (h.descr !== '<f8' || !h.fortran || h.shape.length !== 2) throw new Error(`${path}: expected a Fortran-order <f8 matrix`);
    const [rows, cols] = h.shape as [number, number];
    for (let f = 0; f < cols; f++) {
      const col = new Float64Array(rows);
      readSync(fd, new Uint8Array(col.buffer), 0, rows * 8, h.offset + f * rows * 8);
      features.push(col);
    }
  } finally {
    closeSync(fd);
  }
  const fl = openSync(labelsPath, 'r');
  try {
    const h = readHeader(fl);
    const labels = new Uint8Array(h.shape[0]!);
    readSync(fl, labels, 0, labels.length, h.offset);
    return { features, labels };
  } finally {
    closeSync(fl);
  }
}

/** Macro F1 of argmax predictions over all classes present in truth or predictions. */
export function macroF1(proba: Float64Array, labels: Uint8Array, classes: number): number {
  const tp = new Float64Array(classes);
  const fp = new Float64Array(classes);
  const fn = new Float64Array(classes);
  for (let r = 0; r < labels.length; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (proba[r * classes + c]! > proba[r * classes + best]!) best = c;
    const y = labels[r]!;
    if (best === y) tp[y] = tp[y]! + 1;
    else {
      fp[best] = fp[best]! + 1;
      fn[y] = fn[y]! + 1;
    }
  }
  let sum = 0;
  let n = 0;
  for (let c = 0; c < classes; c++) {
    if (tp[c]! + fp[c]! + fn[c]! === 0) continue;
    const denom = 2 * tp[c]! + fp[c]! + fn[c]!;
    sum += denom === 0 ? 0 : (2 * tp[c]!) / denom;
    n++;
  }
  return n === 0 ? 0 : sum / n;
}
