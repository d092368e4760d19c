import { encodedNames } from '../../ml/encoding.js';
import type { ClassMetrics } from '../../ml/metrics.js';
import { declareModelTables, loadModel } from '../../ml/registry.js';
import type { LakeSession } from '../../sql/duckdb.js';

const PRODUCTION = 'production';
const TOP_FEATURES = 20;

export interface ModelSummary {
  name: string;
  version: number;
  aliases: string[];
  /** Whether it carries the production alias, or is shown as the newest model for want of one. */
  inProduction: boolean;
  createdAt: string;
  training: { from: string; to: string; testTo: string; rows: number; seconds: number };
  horizon: string;
  trees: number;
  features: number;
  classes: string[];
  confusion: number[][];
  perClass: ClassMetrics[];
  macroF1: number;
  accuracy: number;
  testRows: number;
  importance: [string, number][];
}

const day = (iso: string): string => iso.slice(0, 10);

/** The production model as its registry entry and model.json describe it; none before the first training. */
export async function productionModel(session: LakeSession): Promise<ModelSummary | undefined> {
  await declareModelTables(session);
  const [row] = await session.queryFile('deliver', 'report/production_model.sql', { alias: PRODUCTION });
  if (!row) return undefined;
  const aliases = String(row.aliases ?? '').split(',').filter((a) => a !== '');
  const { meta } = await loadModel(session, { name: String(row.name), version: Number(row.version) });
  const { evaluation: e, training: t } = meta;
  return {
    name: meta.name,
    version: meta.version,
    aliases,
    inProduction: aliases.includes(PRODUCTION),
    createdAt: meta.createdAt.slice(0, 16).replace('T', ' '),
    training: { from: day(t.from), to: day(t.to), testTo: day(t.testTo), rows: t.rows, seconds: t.seconds },
    horizon: meta.featureParams.horizon.text,
    trees: meta.forestParams.trees,
    features: encodedNames(meta.encoding).length,
    classes: e.classes,
    confusion: e.confusion,
    perClass: e.perClass,
    macroF1: e.macroF1,
    accuracy: e.accuracy,
    testRows: e.rows,
    importance: meta.importance.slice(0, TOP_FEATURES),
  };
}
