import type { LakeSession } from '../../sql/duckdb.js';
import type { AlertRule } from '../decision/rule.js';
import type { EventFigures } from '../decision/types.js';
import type { Grid } from '../judge.js';
import { readModelMeta } from '../model-file.js';
import { findModel, parseStoredRule } from '../registry.js';
import type { VersionId } from './performance-table.js';

/** The model versions realised performance judges, and what each was expected to reach (docs/monitoring.md#realised-performance). */

export interface ScoredVersion extends VersionId {
  grid: Grid;
  /** The registry's rule now; undefined for a model without one. */
  rule: AlertRule | undefined;
  /** The label cutoff of the last night that judged it; undefined before its first. */
  maturedTo: Date | undefined;
}

const idOf = (v: VersionId): string => `${v.name}@${v.version}`;

/** The step and horizon a version was trained for, from its model.json (checked when read). */
function gridOf(artifact: string, session: LakeSession): Grid {
  const { step, horizon } = readModelMeta(session.path(artifact)).featureParams;
  return { stepMs: step.seconds * 1000, horizonMs: horizon.seconds * 1000 };
}

/** Every registered version with published results, with its grid, rule and how far it was judged. */
export async function scoredVersions(session: LakeSession): Promise<ScoredVersion[]> {
  const rows = await session.queryFile('ml', 'monitor/performance_versions.sql');
  return rows.map((r) => {
    const id = { name: String(r.model_name), version: Number(r.model_version) };
    return { ...id, grid: gridOf(String(r.artifact_path), session), rule: parseStoredRule(r.alert_rule, idOf(id)), maturedTo: r.matured_to instanceof Date ? r.matured_to : undefined };
  });
}

/** What training measured, beside which the realised figures are read. */
export interface ExpectedFigures {
  /** On the test window of training: the risk's PR-AUC and Brier score, and the figures of the rule chosen at training (null: trained before they were kept). */
  test: { prAuc: number | null; brier: number | null; alerts: EventFigures | null };
  /** The registry's rule now, on the rows it was chosen on (validation or out-of-bag); null without a rule. */
  validation: EventFigures | null;
}

export interface VersionExpectations {
  expected: ExpectedFigures;
  rule: AlertRule | undefined;
}

/** The figures stored at training for one version, and the rule the registry holds for it. */
export async function expectationsOf(session: LakeSession, id: VersionId): Promise<VersionExpectations> {
  const found = await findModel(session, { name: id.name, version: id.version });
  const meta = readModelMeta(session.path(found.artifact));
  const rule = parseStoredRule(found.storedRule, idOf(id));
  return {
    expected: {
      test: { prAuc: meta.evaluation.riskPrAuc ?? null, brier: meta.evaluation.brier ?? null, alerts: meta.decision?.test.figures ?? null },
      validation: rule?.figures ?? null,
    },
    rule,
  };
}
