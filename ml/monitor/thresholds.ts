import type { Fleet } from '../../fleet/fleet.js';
import { ignoredBy } from '../../fleet/drift.js';
import type { FeatureDrift } from './drift.js';

/** When a drift entry is worth a maintainer's look; docs/monitoring.md says why these values. */
export interface DriftThresholds {
  /** PSI at or above this, beyond the feature's chance PSI, is moderate drift. */
  psiModerate: number;
  /** PSI at or above this, beyond the feature's chance PSI, is drift. */
  psiDrifted: number;
  /** A missing share up by at least this much on the training one is drift: a sensor gone silent. */
  missingShareRise: number;
  /** Fewer rows than this are not judged by PSI: sampling noise alone would cross the thresholds. */
  minRows: number;
  /** Features never judged, as the definition's `drift: ignore:` names them. */
  ignore: readonly string[];
}

export const DEFAULT_DRIFT_THRESHOLDS: DriftThresholds = { psiModerate: 0.1, psiDrifted: 0.2, missingShareRise: 0.2, minRows: 200, ignore: [] };

/** The defaults, with the features the fleet's definition leaves out. */
export const driftThresholdsFor = (fleet: Pick<Fleet, 'driftIgnored'>): DriftThresholds => ({ ...DEFAULT_DRIFT_THRESHOLDS, ignore: fleet.driftIgnored });

/** Shares are ratios of counts: 0.3 - 0.1 falls a hair short of 0.2 in doubles. */
const ROUNDING = 1e-12;

export type DriftLevel = 'moderate' | 'drifted';
export type DriftReason = 'psi' | 'missing-share';

export interface DriftFlag {
  entry: FeatureDrift;
  level: DriftLevel;
  reasons: DriftReason[];
}

function psiLevel(entry: FeatureDrift, t: DriftThresholds): DriftLevel | undefined {
  if (entry.psi === null || entry.chancePsi === null || entry.rows < t.minRows) return undefined;
  const beyondChance = entry.psi - entry.chancePsi;
  if (beyondChance >= t.psiDrifted) return 'drifted';
  return beyondChance >= t.psiModerate ? 'moderate' : undefined;
}

/** The entries that cross the thresholds, in their order, with how far and why. */
export function flaggedDrift(entries: readonly FeatureDrift[], thresholds: DriftThresholds = DEFAULT_DRIFT_THRESHOLDS): DriftFlag[] {
  const ignored = ignoredBy(thresholds.ignore);
  return entries.flatMap((entry) => {
    if (ignored(entry.feature)) return [];
    const psi = psiLevel(entry, thresholds);
    const silent = entry.missingShare - entry.referenceMissingShare >= thresholds.missingShareRise - ROUNDING;
    const reasons: DriftReason[] = [...(psi ? (['psi'] as const) : []), ...(silent ? (['missing-share'] as const) : [])];
    if (reasons.length === 0) return [];
    return [{ entry, level: silent || psi === 'drifted' ? 'drifted' : 'moderate', reasons }];
  });
}
