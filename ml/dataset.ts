import type { Fleet } from '../fleet/fleet.js';
import type { FeatureParams } from '../gold/params.js';
import { type LakeSession } from '../sql/duckdb.js';
import { identifier, timestampText } from '../sql/text.js';
import { listParam, SqlValues } from '../sql/values.js';
import { categoricalColumns, encodedNames, encodedProjection, type FeatureEncoding } from './encoding.js';

export interface Dataset {
  rows: number;
  /** One column per encoded feature, NaN where gold is NULL. */
  features: Float64Array[];
  /** Class index into the classes; only meaningful when the dataset was loaded with labels. */
  labels: Uint8Array;
  /** The rows as alert decisions are judged (ml/decision/types.ts), risk left to the caller. */
  asset: Int32Array;
  ts: Float64Array;
  failureAt: Float64Array;
  /** Rows left out because their label is unknown at the cutoff. */
  unlabeled: number;
  /** Rows left out by `decided` although their failure is known: a failure inside the last horizon. */
  undecidedFailing: number;
}

/**
 * Which rows to keep: all of them (scoring), those with a known label (training), or those whose
 * whole horizon lies before the cutoff (judging). Near the cutoff a failing row is known and a
 * healthy one is not; judging only decided rows keeps that mix from flattering recall.
 */
export type RowsKept = 'all' | 'labelled' | 'decided';

/**
 * A fixed share of the assets, picked by a hash of the id (the same assets on every run and
 * machine), or the other assets: a validation split for fleets whose assets each run their own
 * life (run-to-failure engines), where a split by time would put every failure on one side.
 */
export interface AssetGroup {
  share: number;
  inGroup: boolean;
}

const HASH_BUCKETS = 10_000;

/** The WHERE term of an asset group over gold's machine_id, its values bound. */
function assetGroupTerm(group: AssetGroup | undefined, values: SqlValues): string {
  if (!group) return 'true';
  const cut = values.bind(Math.round(group.share * HASH_BUCKETS));
  return `((md5_number(machine_id::VARCHAR) % ${HASH_BUCKETS}) < ${cut}) = ${values.bind(group.inGroup)}`;
}

export interface DatasetQuery {
  encoding: FeatureEncoding;
  /** The classes labels index into: `none`, then the failure classes. */
  classes: readonly string[];
  from: Date;
  to: Date;
  horizonSeconds: number;
  labelCutoff: Date;
  keep: RowsKept;
  assets?: AssetGroup;
}

/** The categories of each categorical column in gold [from, to): what a model one-hot encodes. */
export async function categoriesIn(session: LakeSession, fleet: Fleet, params: FeatureParams, from: Date, to: Date): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const column of categoricalColumns(fleet, params)) {
    const rows = await session.queryFile('ml', 'categories.sql', { from: timestampText(from), to: timestampText(to) }, { column: identifier(column) });
    out.set(column, rows.map((r) => String(r.category)));
  }
  return out;
}

/** The typed arrays of a dataset of at most `capacity` rows, filled by `loadDataset`. */
function allocate(capacity: number, featureCount: number): Omit<Dataset, 'rows' | 'unlabeled' | 'undecidedFailing'> {
  return {
    features: Array.from({ length: featureCount }, () => new Float64Array(capacity)),
    labels: new Uint8Array(capacity),
    asset: new Int32Array(capacity),
    ts: new Float64Array(capacity),
    failureAt: new Float64Array(capacity),
  };
}

const numberOr = (value: unknown, missing: number): number => (value === null || value === undefined ? missing : Number(value));

/** Reads gold straight from DuckDB's column vectors into typed arrays. */
export async function loadDataset(session: LakeSession, query: DatasetQuery): Promise<Dataset> {
  await session.runFile('gold', 'label_rule.sql', { classes: listParam(query.classes.slice(1)) });
  const values = new SqlValues('e');
  const features = encodedProjection(query.encoding, values);
  const groupValues = new SqlValues('g');
  const asset_group = assetGroupTerm(query.assets, groupValues);
  const range = { from: timestampText(query.from), to: timestampText(query.to), ...groupValues.params };
  // the arrays are sized once, to the gold rows of the range, which is what the query returns
  const [counted] = await session.queryFile('ml', 'dataset_rows.sql', range, { asset_group });
  const capacity = Number(counted?.n ?? 0);
  const classIndex = new Map(query.classes.map((label, i) => [label, i]));
  const featureCount = encodedNames(query.encoding).length;
  const out = allocate(capacity, featureCount);
  let rows = 0;
  let seen = 0;
  let unlabeled = 0;
  let undecidedFailing = 0;
  const chunks = session.chunksOfFile(
    'ml',
    'dataset.sql',
    { ...values.params, ...range, horizon_s: query.horizonSeconds, label_cutoff: timestampText(query.labelCutoff) },
    { features, asset_group },
  );
  for await (const chunk of chunks) {
    seen += chunk.rowCount;
    if (seen > capacity) throw new Error(`the dataset query returned more than the ${capacity} gold rows counted`);
    const [labelVector, assetVector, tsVector, failureVector, decidedVector] = [0, 1, 2, 3, 4].map((i) => chunk.getColumnVector(featureCount + i));
    const keep: number[] = [];
    for (let r = 0; r < chunk.rowCount; r++) {
      const label = labelVector?.getItem(r);
      if (query.keep !== 'all' && label === null) unlabeled++;
      else if (query.keep === 'decided' && decidedVector?.getItem(r) !== true) undecidedFailing++;
      else keep.push(r);
    }
    keep.forEach((r, i) => {
      out.labels[rows + i] = classIndex.get(String(labelVector?.getItem(r))) ?? 0;
      out.asset[rows + i] = Number(assetVector?.getItem(r));
      out.ts[rows + i] = Number(tsVector?.getItem(r));
      out.failureAt[rows + i] = numberOr(failureVector?.getItem(r), NaN);
    });
    for (let f = 0; f < featureCount; f++) {
      const vector = chunk.getColumnVector(f);
      const column = out.features[f] as Float64Array;
      for (let i = 0; i < keep.length; i++) column[rows + i] = numberOr(vector.getItem(keep[i] as number), NaN);
    }
    rows += keep.length;
  }
  return {
    rows,
    features: out.features.map((column) => column.subarray(0, rows)),
    labels: out.labels.subarray(0, rows),
    asset: out.asset.subarray(0, rows),
    ts: out.ts.subarray(0, rows),
    failureAt: out.failureAt.subarray(0, rows),
    unlabeled,
    undecidedFailing,
  };
}
