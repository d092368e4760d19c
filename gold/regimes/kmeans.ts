/**
 * Lloyd's k-means on a sample of scaled settings (docs/regimes.md, clusters), started from
 * far-apart points so that it needs no seed: the first is the point nearest the sample's mean, each
 * next the point furthest from those chosen. Centres are returned in ascending order of their
 * coordinates, so that regime numbers do not depend on the sample's order.
 */

const distance2 = (a: readonly number[], b: readonly number[]): number => a.reduce((sum, x, i) => sum + (x - (b[i] as number)) ** 2, 0);

function nearestOf(point: readonly number[], centres: readonly number[][]): number {
  let best = 0;
  for (let c = 1; c < centres.length; c++) {
    if (distance2(point, centres[c] as number[]) < distance2(point, centres[best] as number[])) best = c;
  }
  return best;
}

function meanOf(points: readonly number[][], dims: number): number[] {
  const sums = new Array<number>(dims).fill(0);
  for (const p of points) p.forEach((x, i) => (sums[i] = (sums[i] as number) + x));
  return sums.map((s) => s / points.length);
}

function farApart(points: readonly number[][], k: number): number[][] {
  const mean = meanOf(points, points[0]?.length ?? 0);
  const chosen = [points[nearestOf(mean, points as number[][])] as number[]];
  const gap = points.map((p) => distance2(p, chosen[0] as number[]));
  while (chosen.length < k) {
    const furthest = gap.indexOf(Math.max(...gap));
    const next = points[furthest] as number[];
    chosen.push(next);
    points.forEach((p, i) => (gap[i] = Math.min(gap[i] as number, distance2(p, next))));
  }
  return chosen.map((c) => [...c]);
}

const MAX_ITERATIONS = 100;

/** Each centre moved to the mean of the points assigned to it; one without points stays. */
function recentred(points: readonly number[][], assigned: readonly number[], centres: readonly number[][], dims: number): number[][] {
  const sums = centres.map(() => new Array<number>(dims).fill(0));
  const counts = centres.map(() => 0);
  points.forEach((p, i) => {
    const c = assigned[i] as number;
    counts[c] = (counts[c] as number) + 1;
    p.forEach((x, d) => ((sums[c] as number[])[d] = ((sums[c] as number[])[d] as number) + x));
  });
  return centres.map((centre, c) => ((counts[c] as number) > 0 ? (sums[c] as number[]).map((s) => s / (counts[c] as number)) : [...centre]));
}

/** k centres of the points; the caller makes sure there are at least k distinct points. */
export function kMeans(points: readonly number[][], k: number): number[][] {
  const dims = points[0]?.length ?? 0;
  let centres = farApart(points, k);
  let assigned = points.map((p) => nearestOf(p, centres));
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    centres = recentred(points, assigned, centres, dims);
    const next = points.map((p) => nearestOf(p, centres));
    const moved = next.some((c, i) => c !== assigned[i]);
    assigned = next;
    if (!moved) break;
  }
  return centres.sort((a, b) => {
    const at = a.findIndex((x, i) => x !== b[i]);
    return at < 0 ? 0 : (a[at] as number) - (b[at] as number);
  });
}
