import type { AlertRule } from '../../ml/decision/rule.js';

/**
 * What puts an asset in alert on the page: the `alert` its results rows carry, by the model's rule
 * at scoring (docs/decisions.md). A model trained before alert rules has none, and its rows none:
 * the page then marks the assets whose risk reaches HIGH_RISK instead, and says so.
 */

/** Without an alert rule, a risk at or above this is "high": more likely than not to fail within the horizon. */
export const HIGH_RISK = 0.5;

export interface Alerting {
  byRule: boolean;
  /** What the page calls an asset so marked: `in alert`, or `at high risk` without a rule. */
  name: string;
  /** The rule, short: `risk ≥ 12.3%`, with its daily cap; `risk ≥ 50%` without a rule. */
  label: string;
}

/** A fraction as a percentage with three significant digits: a rare-failure fleet's thresholds and risks lie in tenths of a percent. */
export const percentText = (fraction: number): string => `${Number((fraction * 100).toPrecision(3))}%`;

function ruleLabel(rule: AlertRule): string {
  if (rule.threshold === null) return 'the rule never alerts';
  const cap = rule.maxPerDay === null ? '' : `, at most ${rule.maxPerDay} new a day`;
  return `risk ≥ ${percentText(rule.threshold)}${cap}`;
}

/** The page's alert mark for a model with the rule the registry holds for it now, or without one. */
export function alertingOf(rule: AlertRule | undefined): Alerting {
  if (rule === undefined) return { byRule: false, name: 'at high risk', label: `risk ≥ ${percentText(HIGH_RISK)}` };
  return { byRule: true, name: 'in alert', label: ruleLabel(rule) };
}
