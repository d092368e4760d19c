import { findingName, type DriftFinding, type NightDrift } from '../ml/monitor/night-drift.js';
import type { PerformanceNight } from '../ml/monitor/performance-night.js';
import { DEFAULT_DRIFT_THRESHOLDS } from '../ml/monitor/thresholds.js';

/** How monitoring reads in a summary (docs/monitoring.md). */

const percent = (x: number): string => `${(x * 100).toFixed(0)}%`;

/** For an attribute the missing share is of rows outside the training categories: a new machine model, not a silent sensor. */
export const missingLabel = (kind: DriftFinding['kind']): string => (kind === 'categorical' ? 'outside training categories' : 'missing');

function findingDetail(f: DriftFinding, minRows: number): string {
  const { psi, missingShare, referenceMissingShare, rows } = f.drift;
  const silent = missingShare - referenceMissingShare;
  const judgedPsi = psi !== null && rows >= minRows;
  const parts = [...(judgedPsi ? [`PSI ${psi.toFixed(2)}`] : []), ...(silent >= 0.005 ? [`${missingLabel(f.kind)} ${percent(missingShare)} (was ${percent(referenceMissingShare)})`] : [])];
  return `${findingName(f)} (${parts.join(', ')})`;
}

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

const MOST_SHOWN = 6;

/** One line: which features drifted on the days judged, or that none did. */
export function describeDrift(night: NightDrift): string {
  const drifted = night.findings.filter((f) => f.level === 'drifted');
  const moderate = night.findings.length - drifted.length;
  const { minRows } = DEFAULT_DRIFT_THRESHOLDS;
  const span = `[${day(night.from)}, ${day(night.to)}), ${night.rows.toLocaleString('en-US')} rows`;
  const few = night.rows < minRows ? ` (too few rows to judge PSI, ${minRows} needed: missing shares only)` : '';
  if (drifted.length === 0) return `no drift from training on ${span}${few}${moderate ? `; ${moderate} moderate (lakescore monitor)` : ''}`;
  const shown = drifted.slice(0, MOST_SHOWN).map((f) => findingDetail(f, minRows)).join('; ');
  const more = drifted.length > MOST_SHOWN ? ` and ${drifted.length - MOST_SHOWN} more` : '';
  return `DRIFT on ${span}${few}: ${shown}${more}${moderate ? `; ${moderate} moderate` : ''} (lakescore monitor)`;
}

const rate = (x: number | null): string => (x === null ? '-' : x.toFixed(2));

/** One line: what the night judged of the predictions that matured, per model version. */
export function describePerformanceNight(night: PerformanceNight): string {
  if (night.night === undefined || night.versions.length === 0) return 'no prediction matured since the last night';
  const through = night.maturedTo ? ` (labels decided to ${night.maturedTo.toISOString().slice(0, 10)})` : '';
  const versions = night.versions.map((v) => {
    const failures = `${v.failures} failure${v.failures === 1 ? '' : 's'}${v.caught === null ? '' : `, ${v.caught} alerted beforehand`}`;
    const rates = v.enough ? `: precision ${rate(v.precision)}, recall ${rate(v.recall)}` : v.failures ? ' (too few to rate)' : '';
    return `${v.name}@${v.version} ${v.rows.toLocaleString('en-US')} predictions, ${failures}${rates}`;
  });
  return `judged ${versions.join('; ')}${through}`;
}
