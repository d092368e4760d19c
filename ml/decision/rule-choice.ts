import type { AlertPolicy } from '../../fleet/alerts.js';
import { chooseThreshold } from './choose.js';
import type { AlertRule } from './rule.js';
import type { DecisionRows } from './types.js';

/**
 * A rule under `policy`, its threshold chosen on rows of [from, to) that the forest did not fit:
 * held out from it, or out of the bag of every tree that judged them.
 */
export function chooseRule(
  rows: DecisionRows,
  policy: AlertPolicy,
  grid: { stepMs: number; horizonMs: number },
  range: { from: Date; to: Date },
  source: 'held-out' | 'out-of-bag' = 'held-out',
): AlertRule {
  const chosen = chooseThreshold(rows, policy, grid.stepMs, grid.horizonMs);
  return {
    policy,
    threshold: Number.isFinite(chosen.threshold) ? chosen.threshold : null,
    maxPerDay: policy.kind === 'capacity' ? policy.maxPerDay : null,
    chosenOn: {
      basis: chosen.basis,
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      rows: rows.ts.length,
      failures: chosen.figures.failures,
      candidates: chosen.candidates,
      source,
    },
    figures: chosen.figures,
    setAt: new Date().toISOString(),
  };
}
