/** Classification metrics of a temporal hold-out: what a model is judged and compared by. */

export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface Evaluation {
  classes: string[];
  /** confusion[actual][predicted] */
  confusion: number[][];
  perClass: ClassMetrics[];
  /** Mean F1 over the classes that occur as actual or predicted values (as scikit-learn). */
  macroF1: number;
  accuracy: number;
  rows: number;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

export function evaluate(actual: Uint8Array, predicted: Uint8Array, classes: readonly string[]): Evaluation {
  const k = classes.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < actual.length; i++) {
    const row = confusion[actual[i] as number] as number[];
    const p = predicted[i] as number;
    row[p] = (row[p] ?? 0) + 1;
  }
  let correct = 0;
  const perClass = classes.map((label, c) => {
    const tp = (confusion[c] as number[])[c] as number;
    correct += tp;
    const support = (confusion[c] as number[]).reduce((s, n) => s + n, 0);
    const predictedCount = confusion.reduce((s, row) => s + (row[c] as number), 0);
    const precision = ratio(tp, predictedCount);
    const recall = ratio(tp, support);
    return { label, precision, recall, f1: ratio(2 * precision * recall, precision + recall), support, predictedCount };
  });
  const present = perClass.filter((m) => m.support > 0 || m.predictedCount > 0);
  return {
    classes: [...classes],
    confusion,
    perClass: perClass.map(({ predictedCount: _unused, ...m }) => m),
    macroF1: ratio(present.reduce((s, m) => s + m.f1, 0), present.length),
    accuracy: ratio(correct, actual.length),
    rows: actual.length,
  };
}

/** The most probable class of each row of a rows x classes probability matrix; ties: lowest class. */
export function argmaxRows(probabilities: Float64Array, classCount: number): Uint8Array {
  const rows = probabilities.length / classCount;
  const out = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < classCount; c++) if ((probabilities[r * classCount + c] as number) > (probabilities[r * classCount + best] as number)) best = c;
    out[r] = best;
  }
  return out;
}
