import type { Fleet } from '../fleet/fleet.js';
import { goldColumns, labelsOf } from '../gold/params.js';
import type { LakeSession } from '../sql/duckdb.js';
import { sourceColumns } from './encoding.js';
import type { LoadedModel } from './model-file.js';

/**
 * Why a model cannot score the current gold, or undefined when it can. A model scores only what
 * it was trained for: every gold column it reads must exist, and its classes must be this
 * fleet's, since they are the results table's columns. Names the first difference. Scoring
 * refuses such a model; retrain calls it a champion that serves no one (docs/retraining.md).
 */
export function whyModelCannotScore(session: LakeSession, fleet: Fleet, model: LoadedModel): string | undefined {
  const gold = new Set((session.catalog.tables.gold_features?.columns ?? goldColumns(fleet, model.meta.featureParams)).map(([name]) => name));
  const missing = sourceColumns(model.meta.encoding).filter((name) => !gold.has(name));
  if (missing.length) {
    return (
      `it needs gold column${missing.length > 1 ? 's' : ''} ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''}, which gold does not have ` +
      `(it was trained on features built with other parameters or another fleet definition; rebuild gold to match, or train a new model)`
    );
  }
  const classes = labelsOf(fleet);
  const differs = model.meta.classes.find((c, i) => classes[i] !== c) ?? classes.find((c) => !model.meta.classes.includes(c));
  if (differs !== undefined) return `it predicts classes ${model.meta.classes.join(', ')}; this fleet definition has ${classes.join(', ')} (class ${differs} differs): train a new model`;
  return undefined;
}
