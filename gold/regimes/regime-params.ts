import { z } from 'zod';
import { MAX_REGIMES, REGIME_FEATURES, UNSEEN_REGIME, type RegimeSpec } from '../../fleet/regimes.js';

/**
 * What a gold build knows of the regimes (docs/regimes.md): the declaration, and once fitted the
 * figures every later build reuses. Regime n (numbered from 1) is entry n - 1 of each list.
 */
export interface RegimeFit {
  regimes: {
    /** The rounded settings that are this regime (round), or null (clusters). */
    key: number[] | null;
    /** The mean of its settings, each divided by its scale: what a reading's distance is measured to. */
    centre: number[];
    /** Readings of the fit range in this regime. */
    readings: number;
  }[];
  /** Per setting, the standard deviation over the fit range (1 where it does not vary). */
  scale: number[];
  /** Per normalised sensor (in `normalize` order), per regime: mean and sample deviation over the fit range. */
  mean: (number | null)[][];
  sd: (number | null)[][];
}

export interface RegimeParams extends RegimeSpec {
  fitted?: RegimeFit;
}

const finite = z.number().finite();

const fitSchema = z.object({
  regimes: z.array(z.object({ key: z.array(finite).nullable(), centre: z.array(finite), readings: z.number().int().nonnegative() })).min(1).max(MAX_REGIMES),
  scale: z.array(finite.positive()),
  mean: z.array(z.array(finite.nullable())),
  sd: z.array(z.array(finite.nullable())),
});

/** The regimes as stored with a build or a model: checked when read back. */
export const regimeParamsSchema = z.object({
  settings: z.array(z.string()).min(1),
  method: z.union([
    z.object({ kind: z.literal('round'), decimals: z.array(z.number().int()) }),
    z.object({ kind: z.literal('clusters'), k: z.number().int().min(2) }),
  ]),
  fit: z.object({ from: z.string(), to: z.string() }),
  unseen: z.enum(UNSEEN_REGIME),
  features: z.array(z.enum(REGIME_FEATURES)),
  normalize: z.array(z.string()),
  fitted: fitSchema.optional(),
}) satisfies z.ZodType<RegimeParams, unknown>;

/** The regime numbers a fit found, 1..n; before the fit, none. */
export const regimeNumbers = (r: RegimeParams | undefined): number[] => (r?.fitted ? r.fitted.regimes.map((_, i) => i + 1) : []);
