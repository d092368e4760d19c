import type { RetrainReport } from './retrain.js';

/** One line saying what a retrain decided, for the nightly's summary and the end of `retrain`'s own. */
export function retrainSummary(report: RetrainReport): string {
  const place = `${report.name}@${report.alias}`;
  const { id } = report.challenger;
  if (report.promoted) return `promoted ${id} to ${place}: ${report.reason}`;
  const kept = report.champion ? `kept ${report.champion.id} as ${place}` : `left ${place} unset`;
  return `${kept}, ${id} stays registered unpromoted: ${report.reason}`;
}
