import type { Fleet } from '../fleet/fleet.js';
import { type LakeSession } from '../sql/duckdb.js';
import { identifier, timestampText } from '../sql/text.js';
import { listParam, SqlValues } from '../sql/values.js';
import { categoricalColumns, encodedNames, encodedProjection, type FeatureEncoding } from './encoding.js';

export interface Dataset {
  rows: number;
  /** One column per encoded feature, NaN where gold is NULL. */
  features: Float64Array[];
  /** Class index into the classes; only meaningful when the dataset was loaded labelled. */
  labels: Uint8Array;
  /** Rows left out because their label is unknown (labelled datasets only). */
  unlabeled: number;
}

export interface DatasetQuery {
  encoding: FeatureEncoding;
  /** The classes labels index into: `none`, then the failure classes. */
  classes: readonly string[];
  from: Date;
  to: Date;
  horizonSeconds: number;
  labelCutoff: Date;
  /** Keep only rows with a known label (training, evaluation); otherwise keep all (scoring), in (machine_id, ts) order. */
  labelled: boolean;
}

/** The categories of each categorical attribute in gold [from, to): what a model one-hot encodes. */
export async function categoriesIn(session: LakeSession, fleet: Fleet, from: Date, to: Date): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const column of categoricalColumns(fleet)) {
    const rows = await session.queryFile('ml', 'categories.sql', { from: timestampText(from), to: timestampText(to) }, { column: identifier(column) });
    out.set(column, rows.map((r) => String(r.category)));
  }
  return out;
}

/** Reads gold straight from DuckDB's column vectors into typed arrays. */
export async function loadDataset(session: LakeSession, query: DatasetQuery): Promise<Dataset> {
  await session.runFile('gold', 'label_rule.sql', { classes: listParam(query.classes.slice(1)) });
  const values = new SqlValues('e');
  const features = encodedProjection(query.encoding, values);
  const range = { from: timestampText(query.from), to: timestampText(query.to) };
  // the arrays are sized once, to the gold rows of the range, which is what the query returns
  const [counted] = await session.queryFile('ml', 'dataset_rows.sql', range);
  const capacity = Number(counted?.n ?? 0);
  const classIndex = new Map(query.classes.map((label, i) => [label, i]));
  const featureCount = encodedNames(query.encoding).length;
  const columns = Array.from({ length: featureCount }, () => new Float64Array(capacity));
  const labels = new Uint8Array(capacity);
  let rows = 0;
  let unlabeled = 0;
  const chunks = session.chunksOfFile(
    'ml',
    'dataset.sql',
    { ...values.params, ...range, horizon_s: query.horizonSeconds, label_cutoff: timestampText(query.labelCutoff) },
    { features },
  );
  for await (const chunk of chunks) {
    if (rows + unlabeled + chunk.rowCount > capacity) throw new Error(`the dataset query returned more than the ${capacity} gold rows counted`);
    const labelVector = chunk.getColumnVector(featureCount);
    const keep: number[] = [];
    for (let r = 0; r < chunk.rowCount; r++) {
      const label = labelVector.getItem(r);
      if (query.labelled && label === null) unlabeled++;
      else keep.push(r);
    }
    keep.forEach((r, i) => {
      labels[rows + i] = classIndex.get(String(labelVector.getItem(r))) ?? 0;
    });
    for (let f = 0; f < featureCount; f++) {
      const vector = chunk.getColumnVector(f);
      const column = columns[f] as Float64Array;
      for (let i = 0; i < keep.length; i++) {
        const value = vector.getItem(keep[i] as number);
        column[rows + i] = value === null ? NaN : Number(value);
      }
    }
    rows += keep.length;
  }
  return { rows, features: columns.map((column) => column.subarray(0, rows)), labels: labels.subarray(0, rows), unlabeled };
}
