/**
 * A risk axis that reads for the fleet it shows: from 0 to a round value (1, 2 or 5 times a power
 * of ten) at or above the largest risk on it, never past 100%. A fleet whose risks stay under 1%
 * would otherwise draw a flat line along the bottom of a 0-100% axis.
 */
export interface RiskScale {
  top: number;
  /** Decimals of a percentage that tell the axis's ticks (a fifth of the top) apart. */
  digits: number;
}

/** The smallest top: below 0.1% the differences are noise in any fleet's picture. */
const LOWEST_TOP = 0.001;
const ROUND_STEPS = [1, 2, 5];

function roundTop(largest: number): number {
  for (let power = Math.log10(LOWEST_TOP); power < 0; power++) {
    for (const step of ROUND_STEPS) {
      const top = step * 10 ** power;
      // 10 ** power is not exact: a value equal to a round top stays under it
      if (top * (1 + 1e-9) >= largest) return Number(top.toPrecision(1));
    }
  }
  return 1;
}

export function riskScale(values: Iterable<number | null>): RiskScale {
  let largest = 0;
  for (const v of values) if (v !== null && v > largest) largest = v;
  const top = roundTop(largest);
  return { top, digits: Math.max(0, Math.ceil(-Math.log10((top * 100) / 5) - 1e-9)) };
}

/** A risk as a percentage with the scale's decimals (one more for a value read on its own). */
export const riskText = (risk: number, scale: RiskScale, extra = 0): string => `${(risk * 100).toFixed(scale.digits + extra)}%`;

/** How far each named axis runs, said once under the charts that use them. */
export function scalesNote(axes: [string, RiskScale][]): string {
  const spans = axes.map(([name, scale]) => `${name} from 0 to ${riskText(scale.top, scale)}`);
  const last = spans.pop() ?? '';
  const rounded = axes.some(([, scale]) => scale.top < 1) ? ': round values above the highest shown, not 100%' : '';
  return `${spans.length ? `${spans.join(', ')} and ${last}` : last}${rounded}.`;
}
