import { LABELS } from '../gold/params.js';
import { timestampText, type LakeSession } from '../sql/duckdb.js';
import { encodedNames, encodedProjection, type FeatureEncoding } from './encoding.js';

export interface Dataset {
  rows: number;
  /** One column per encoded feature, NaN where gold is NULL. */
  features: Float64Array[];
  /** Class index into LABELS; only meaningful when the dataset was loaded labelled. */
  labels: Uint8Array;
  machineIds: Int32Array;
  tsMs: Float64Array;
  /** Rows left out because their label is unknown (labelled datasets only). */
  unlabeled: number;
}

export interface DatasetQuery {
  encoding: FeatureEncoding;
  from: Date;
  to: Date;
  horizonHours: number;
  labelCutoff: Date;
  /** Keep only rows with a known label (training, evaluation); otherwise keep all (scoring). */
  labelled: boolean;
}

const CLASS_INDEX = new Map<string, number>(LABELS.map((label, i) => [label, i]));

export async function modelCategories(session: LakeSession, from: Date, to: Date): Promise<string[]> {
  const rows = await session.queryFile('ml', 'categories.sql', { from: timestampText(from), to: timestampText(to) });
  return rows.map((r) => String(r.model));
}

/** Reads gold straight from DuckDB's column vectors into typed arrays. */
export async function loadDataset(session: LakeSession, query: DatasetQuery): Promise<Dataset> {
  const result = await session.chunksOfFile(
    'ml',
    'dataset.sql',
    { from: timestampText(query.from), to: timestampText(query.to), horizon_hours: query.horizonHours, label_cutoff: timestampText(query.labelCutoff) },
    { features: encodedProjection(query.encoding) },
  );
  const featureCount = encodedNames(query.encoding).length;
  const capacity = result.rowCount;
  const features = Array.from({ length: featureCount }, () => new Float64Array(capacity));
  const labels = new Uint8Array(capacity);
  const machineIds = new Int32Array(capacity);
  const tsMs = new Float64Array(capacity);
  let rows = 0;
  let unlabeled = 0;
  for (let c = 0; c < result.chunkCount; c++) {
    const chunk = result.getChunk(c);
    const labelVector = chunk.getColumnVector(featureCount + 2);
    const keep: number[] = [];
    for (let r = 0; r < chunk.rowCount; r++) {
      const label = labelVector.getItem(r);
      if (query.labelled && label === null) unlabeled++;
      else keep.push(r);
    }
    const idVector = chunk.getColumnVector(0);
    const tsVector = chunk.getColumnVector(1);
    keep.forEach((r, i) => {
      machineIds[rows + i] = Number(idVector.getItem(r));
      tsMs[rows + i] = Number(tsVector.getItem(r));
      labels[rows + i] = CLASS_INDEX.get(String(labelVector.getItem(r))) ?? 0;
    });
    for (let f = 0; f < featureCount; f++) {
      const vector = chunk.getColumnVector(f + 2);
      const column = features[f] as Float64Array;
      for (let i = 0; i < keep.length; i++) {
        const value = vector.getItem(keep[i] as number);
        column[rows + i] = value === null ? NaN : Number(value);
      }
    }
    rows += keep.length;
  }
  return {
    rows,
    features: features.map((column) => column.subarray(0, rows)),
    labels: labels.subarray(0, rows),
    machineIds: machineIds.subarray(0, rows),
    tsMs: tsMs.subarray(0, rows),
    unlabeled,
  };
}
