import type { LakeSession } from '../../sql/duckdb.js';
import { InputError } from '../../sql/errors.js';
import { complete, rounded, scaledMeans, sensorDeviations, sensorMeans, scaled, spreads } from './expressions.js';
import { kMeans } from './kmeans.js';
import { defineRegimeReadings, writeRegimeFit, type PartialFit } from './readings.js';
import { describeRegimes, MAX_REGIMES } from '../../fleet/regimes.js';
import type { RegimeFit, RegimeParams } from './regime-params.js';
import type { FeatureParams } from '../params.js';
import { lastBuildParams } from '../tables.js';

/**
 * Fits the regimes on the declared range of silver's readings only (docs/regimes.md, the fit):
 * each setting's spread, the regimes and their centres, then each normalised sensor's mean and
 * deviation per regime. Nothing outside the range is read, so no later reading shapes the fit.
 */

/** Readings clustered at most: a sample's centres move little beyond this. */
const CLUSTER_SAMPLE = 20_000;

const numbers = (value: unknown): number[] => (Array.isArray(value) ? value.map(Number) : []);
const nullableNumbers = (value: unknown): (number | null)[] => (Array.isArray(value) ? value.map((v) => (v === null ? null : Number(v))) : []);

async function fitScale(session: LakeSession, regimes: RegimeParams, range: { from: string; to: string }): Promise<number[]> {
  const [row] = await session.queryFile('gold', 'regimes/fit_scale.sql', range, { spreads: spreads(regimes.settings), complete: complete(regimes.settings) });
  if (Number(row?.readings ?? 0) === 0) {
    throw new InputError(`regimes.fit: [${range.from}, ${range.to}) holds no reading with every setting (${regimes.settings.join(', ')}): fit on a range that has readings`);
  }
  // a setting that never varies in the range tells no regime apart: a unit scale leaves it neutral
  return nullableNumbers(row?.spreads).map((s) => (s !== null && s > 0 ? s : 1));
}

async function roundedRegimes(session: LakeSession, regimes: RegimeParams, range: { from: string; to: string }): Promise<RegimeFit['regimes']> {
  const rows = await session.queryFile('gold', 'regimes/fit_rounded.sql', range, {
    rounded: rounded(regimes.settings),
    scaled_means: scaledMeans(regimes.settings),
    complete: complete(regimes.settings),
  });
  if (rows.length > MAX_REGIMES) {
    throw new InputError(`regimes.round: the fit range's settings round to ${rows.length.toLocaleString('en-US')} regimes, at most ${MAX_REGIMES}: round to fewer decimals, or use clusters: K`);
  }
  return rows.map((r) => ({ key: numbers(r.key), centre: numbers(r.centre), readings: Number(r.readings) }));
}

async function clusteredRegimes(session: LakeSession, regimes: RegimeParams, k: number, range: { from: string; to: string }): Promise<RegimeFit['regimes']> {
  const rows = await session.queryFile('gold', 'regimes/fit_sample.sql', { ...range, limit: CLUSTER_SAMPLE }, { scaled: scaled(regimes.settings), complete: complete(regimes.settings) });
  const points = rows.map((r) => numbers(r.point));
  const distinct = new Set(points.map((p) => p.join(','))).size;
  if (distinct < k) throw new InputError(`regimes.clusters: the fit range's settings take ${distinct} distinct values, fewer than ${k} clusters: use fewer, or round:`);
  return kMeans(points, k).map((centre) => ({ key: null, centre, readings: 0 }));
}

/** Per regime, the normalised sensors' means and deviations, and (for clusters) the readings in it. */
async function fitStatistics(session: LakeSession, regimes: RegimeParams, fit: PartialFit & Pick<RegimeFit, 'regimes'>, range: { from: string; to: string }): Promise<RegimeFit> {
  await writeRegimeFit(session, regimes, fit);
  await defineRegimeReadings(session, regimes);
  const rows = await session.queryFile('gold', 'regimes/fit_stats.sql', range, { means: sensorMeans(regimes.normalize), sds: sensorDeviations(regimes.normalize) });
  const byRegime = new Map(rows.map((r) => [Number(r.regime), r]));
  const stat = (key: 'means' | 'sds') => regimes.normalize.map((_, s) => fit.regimes.map((_, i) => nullableNumbers(byRegime.get(i + 1)?.[key])[s] ?? null));
  return {
    regimes: fit.regimes.map((r, i) => ({ ...r, readings: Number(byRegime.get(i + 1)?.readings ?? 0) })),
    scale: fit.scale,
    mean: stat('means'),
    sd: stat('sds'),
  };
}

export async function fitRegimes(session: LakeSession, regimes: RegimeParams): Promise<RegimeFit> {
  const range = { from: regimes.fit.from, to: regimes.fit.to };
  const scale = await fitScale(session, regimes, range);
  await writeRegimeFit(session, regimes, { scale });
  const found = regimes.method.kind === 'round'
    ? await roundedRegimes(session, regimes, range)
    : await clusteredRegimes(session, regimes, regimes.method.k, range);
  return fitStatistics(session, regimes, { scale, regimes: found }, range);
}

/**
 * The parameters with their regimes fitted: as fitted already, as the newest gold build fitted
 * the same declaration (nightly refreshes reuse it unchanged), or fitted now (the first build, or
 * `reset`, which is how a user refits).
 */
export async function withFittedRegimes(session: LakeSession, params: FeatureParams, reset: boolean): Promise<FeatureParams> {
  const regimes = params.regimes;
  if (!regimes || regimes.fitted) return params;
  const last = !reset && session.filesOf('gold_features').length > 0 ? await lastBuildParams(session).catch(() => undefined) : undefined;
  const fitted = last?.regimes?.fitted && describeRegimes(last.regimes) === describeRegimes(regimes) ? last.regimes.fitted : await fitRegimes(session, regimes);
  return { ...params, regimes: { ...regimes, fitted } };
}
