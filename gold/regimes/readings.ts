import type { LakeSession } from '../../sql/duckdb.js';
import type { RegimeFit, RegimeParams } from './regime-params.js';
import { complete, normalisedSensors, regimeOf, rounded, scaled } from './expressions.js';

/** The parts of a fit the views can read; the rest (stats) may not exist yet while fitting. */
export type PartialFit = Pick<RegimeFit, 'scale'> & Partial<Omit<RegimeFit, 'scale'>>;

/** regime_fit, the one row of fitted figures the regime views cross-join. */
export async function writeRegimeFit(session: LakeSession, regimes: RegimeParams, fit: PartialFit): Promise<void> {
  await session.runFile('gold', 'regimes/regime_fit.sql', {
    decimals: JSON.stringify(regimes.method.kind === 'round' ? regimes.method.decimals : []),
    scale: JSON.stringify(fit.scale),
    keys: JSON.stringify((fit.regimes ?? []).map((r) => r.key ?? [])),
    centres: JSON.stringify((fit.regimes ?? []).map((r) => r.centre)),
    means: JSON.stringify(fit.mean ?? []),
    sds: JSON.stringify(fit.sd ?? []),
  });
}

/** regime_readings: silver's readings with the regime each is in. */
export async function defineRegimeReadings(session: LakeSession, regimes: RegimeParams): Promise<void> {
  await session.runFile('gold', 'regimes/regime_readings.sql', {}, {
    rounded: regimes.method.kind === 'round' ? rounded(regimes.settings) : '',
    scaled: scaled(regimes.settings),
    complete: complete(regimes.settings),
    regime: regimeOf(regimes.method, regimes.unseen),
  });
}

/**
 * gold_readings, what gold's windows read: silver's readings, or under fitted regimes each with
 * its regime and its normalised sensors (docs/regimes.md).
 */
export async function defineGoldReadings(session: LakeSession, sensors: readonly string[], regimes: RegimeParams | undefined): Promise<void> {
  if (!regimes) {
    await session.runFile('gold', 'plain_readings.sql');
    return;
  }
  if (!regimes.fitted) throw new Error('gold reads regimes only once they are fitted');
  await writeRegimeFit(session, regimes, regimes.fitted);
  await defineRegimeReadings(session, regimes);
  await session.runFile('gold', 'regimes/normalised_readings.sql', {}, { sensors: normalisedSensors(sensors, regimes.normalize) });
}
