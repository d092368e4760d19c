/**
 * What `simulate --change` plants in the fleet from a day of the period on (docs/simulator.md):
 * a sensor offset, a silent sensor, or a failure mode whose drift shows on another sensor. A spec
 * is `KIND:key=value,...`; days count from 0, the first day of --from.
 */
import { z } from 'zod';
import { FAILURE_DRIFT } from './calibration.js';
import { COMPONENTS, SENSORS, type Component, type Sensor } from './shape.js';

interface ChangeBase {
  /** The spec as given on the command line. */
  spec: string;
  /** First affected day of the period, 0-based. */
  day: number;
}

export interface OffsetChange extends ChangeBase {
  kind: 'offset';
  sensor: Sensor;
  /** Added to the readings, in the sensor's baseline standard deviations. */
  sd: number;
  /** Share of the machines affected. */
  share: number;
}

export interface SilentChange extends ChangeBase {
  kind: 'silent';
  sensor: Sensor;
  share: number;
}

export interface SignatureChange extends ChangeBase {
  kind: 'signature';
  component: Component;
  /** The sensor the component's pre-failure drift shows on instead of its usual one. */
  sensor: Sensor;
}

export type Change = OffsetChange | SilentChange | SignatureChange;

export const CHANGE_FORMS = [
  'offset:sensor=S,sd=K,day=D[,share=F]',
  'silent:sensor=S,day=D[,share=F]',
  'signature:component=C,sensor=S,day=D',
] as const;

const sensor = z.enum(SENSORS, { error: `expected a sensor: ${SENSORS.join(', ')}` });
const day = z.string({ error: 'missing' }).regex(/^\d{1,6}$/, 'expected a whole number of days from 0').transform(Number);
const decimal = z
  .string({ error: 'missing' })
  .regex(/^-?\d+(\.\d+)?$/, 'expected a decimal number')
  .transform(Number);
const share = decimal.pipe(z.number().gt(0, 'expected a share above 0').max(1, 'expected a share of at most 1')).default(1);

const sd = decimal.pipe(
  z
    .number()
    .min(-100, 'expected at most 100 standard deviations either way')
    .max(100, 'expected at most 100 standard deviations either way')
    .refine((k) => k !== 0, 'an offset of 0 changes nothing'),
);
const component = z.enum(COMPONENTS, { error: `expected a component: ${COMPONENTS.join(', ')}` });
const strict = { error: (issue: { code: string; keys?: string[] }) => (issue.code === 'unrecognized_keys' ? `unknown key ${issue.keys?.join(', ')}` : undefined) };

const KIND_SCHEMAS = {
  offset: z.strictObject({ sensor, sd, day, share }, strict),
  silent: z.strictObject({ sensor, day, share }, strict),
  signature: z.strictObject({ component, sensor, day }, strict).superRefine((c, ctx) => {
    if (FAILURE_DRIFT[c.component].sensor === c.sensor) ctx.addIssue({ code: 'custom', message: `${c.sensor} is already ${c.component}'s signature sensor`, path: ['sensor'] });
  }),
} as const;
type Kind = keyof typeof KIND_SCHEMAS;
const isKind = (text: string): text is Kind => Object.hasOwn(KIND_SCHEMAS, text);
const formOf = (kind: Kind): string => CHANGE_FORMS.find((form) => form.startsWith(`${kind}:`)) ?? kind;

/** The spec's key=value pairs, or a message saying why they are not. */
function pairsOf(body: string): Record<string, string> | string {
  const pairs: Record<string, string> = {};
  for (const item of body.split(',')) {
    const eq = item.indexOf('=');
    if (eq <= 0) return `expected key=value, got "${item}"`;
    const key = item.slice(0, eq);
    if (Object.hasOwn(pairs, key)) return `${key} is given twice`;
    pairs[key] = item.slice(eq + 1);
  }
  return pairs;
}

/** Reads one spec, or says in one line what is wrong with it. */
export function parseChange(spec: string): { change: Change } | { error: string } {
  const colon = spec.indexOf(':');
  const kind = colon < 0 ? spec : spec.slice(0, colon);
  if (!isKind(kind)) return { error: `unknown kind "${kind}"; expected ${CHANGE_FORMS.join(' | ')}` };
  if (colon < 0) return { error: `expected ${formOf(kind)}` };
  const pairs = pairsOf(spec.slice(colon + 1));
  if (typeof pairs === 'string') return { error: pairs };
  const parsed = KIND_SCHEMAS[kind].safeParse(pairs);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return { error: `${where}${issue?.message ?? 'invalid'} (expected ${formOf(kind)})` };
  }
  return { change: { spec, kind, ...parsed.data } as Change };
}

/** A --change value: the parsed change, or an issue naming the spec. */
export const changeOption = z.string().transform((spec, ctx) => {
  const result = parseChange(spec);
  if ('change' in result) return result.change;
  ctx.addIssue({ code: 'custom', message: `"${spec}": ${result.error}` });
  return z.NEVER;
});
