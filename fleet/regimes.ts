import { z } from 'zod';
import { FleetRuleError } from './fleet-rules.js';
import { isSqlName } from './names.js';

/**
 * The `regimes:` key of a fleet definition (docs/regimes.md): the operating condition an asset
 * runs under, told by setting columns of its readings, so that a sensor can be normalised within
 * its condition and the condition itself can be a feature. How the regimes are told and fitted is
 * declared here; the fitted figures are gold's (gold/regimes/).
 */

/** The most regimes a fit may find: each is a set of statistics per normalised sensor and a share column per window. */
export const MAX_REGIMES = 50;

export const REGIME_FEATURES = ['current', 'share'] as const;
export type RegimeFeature = (typeof REGIME_FEATURES)[number];

export const UNSEEN_REGIME = ['nearest', 'null'] as const;
export type UnseenRegime = (typeof UNSEEN_REGIME)[number];

export type RegimeMethod = { kind: 'round'; decimals: number[] } | { kind: 'clusters'; k: number };

export interface RegimeSpec {
  /** Sensors whose values tell the regime; they are not aggregated themselves. */
  settings: string[];
  method: RegimeMethod;
  /** The readings the fit learns from: [from, to), UTC timestamps as the engine takes them. */
  fit: { from: string; to: string };
  unseen: UnseenRegime;
  features: RegimeFeature[];
  /** Sensors normalised within their regime (`normalize: regime` under the sensor). */
  normalize: string[];
}

const decimals = z.number().int().min(-6).max(12);

/** Built from the definition's date schema, which lives with the rest of the definition's. */
export const regimesSchema = (utcTime: z.ZodType<string, string>) =>
  z
    .object({
      settings: z.array(z.string().refine(isSqlName, 'a sensor name')).min(1).max(20),
      round: z.union([decimals, z.array(decimals).min(1).max(20)]).optional(),
      clusters: z.number().int().min(2).max(MAX_REGIMES).optional(),
      fit: z.object({ from: utcTime, to: utcTime }).strict(),
      // `unseen: null` reads as YAML's null: it means the option named null
      unseen: z.preprocess((v) => (v === null ? 'null' : v), z.enum(UNSEEN_REGIME, { error: 'expected nearest (the nearest fitted regime) or null (no regime: NULL features)' })).default('nearest'),
      features: z.array(z.enum(REGIME_FEATURES, { error: 'expected current or share' })).max(REGIME_FEATURES.length).default([]),
    })
    .strict()
    .refine((r) => (r.round === undefined) !== (r.clusters === undefined), 'declare how the regime is told: round: DECIMALS (settings taking few values) or clusters: K (continuous settings)')
    .refine((r) => r.fit.from < r.fit.to, { path: ['fit'], message: 'fit.from must be before fit.to' });

type RegimesFile = z.infer<ReturnType<typeof regimesSchema>>;

/** A fit bound as the definition most likely wrote it: the day alone at midnight. */
const shortTime = (time: string): string => time.replace(/ 00:00:00(\.000)?$/, '');

/** How the regimes are told, without the fitted figures: what a build with the same declaration shares. */
export function describeRegimes(r: RegimeSpec): string {
  const how = r.method.kind === 'round' ? `rounded to ${r.method.decimals.join(',')} decimals` : `${r.method.k} clusters`;
  const features = r.features.length > 0 ? `, features ${r.features.join(',')}` : '';
  const normalised = r.normalize.length > 0 ? `, normalising ${r.normalize.join(',')}` : '';
  return `regimes of ${r.settings.join(',')} ${how}, fitted on [${shortTime(r.fit.from)}, ${shortTime(r.fit.to)}), unseen ${r.unseen}${features}${normalised}`;
}

/** The declaration checked against the sensors, resolved into what gold reads. */
export function resolveRegimes(
  declared: RegimesFile | undefined,
  sensors: Record<string, { normalize?: 'regime' | undefined }>,
): RegimeSpec | undefined {
  const normalize = Object.entries(sensors).filter(([, s]) => s.normalize === 'regime').map(([name]) => name);
  if (!declared) {
    if (normalize.length > 0) throw new FleetRuleError(`sensors.${normalize[0]}.normalize`, 'normalize: regime needs a regimes: declaration');
    return undefined;
  }
  if ('regime' in sensors) throw new FleetRuleError('sensors.regime', '"regime" is the column of a reading\'s regime: choose another name');
  declared.settings.forEach((setting, i) => {
    if (!(setting in sensors)) throw new FleetRuleError(`regimes.settings.${i}`, `"${setting}" is not declared under sensors`);
    if (declared.settings.indexOf(setting) !== i) throw new FleetRuleError(`regimes.settings.${i}`, `"${setting}" is listed twice`);
    if (normalize.includes(setting)) throw new FleetRuleError(`sensors.${setting}.normalize`, 'a setting tells the regime: it is not normalised within it');
  });
  if (Object.keys(sensors).length === declared.settings.length) throw new FleetRuleError('regimes.settings', 'every sensor is a setting: no sensor is left to build features from');
  const { round, clusters } = declared;
  if (Array.isArray(round) && round.length !== declared.settings.length) {
    throw new FleetRuleError('regimes.round', `one number of decimals for every setting (${declared.settings.length}), or one for all`);
  }
  const method: RegimeMethod = clusters !== undefined
    ? { kind: 'clusters', k: clusters }
    : { kind: 'round', decimals: Array.isArray(round) ? round : declared.settings.map(() => round ?? 0) };
  return { settings: declared.settings, method, fit: declared.fit, unseen: declared.unseen, features: declared.features, normalize };
}
