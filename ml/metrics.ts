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
  /** Mean F1 over the classes that occur, as actual or predicted values (see `inMacroF1`). */
  macroF1: number;
  accuracy: number;
  rows: number;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/**
 * Whether class `c` counts in the macro F1: it has test rows or was predicted. A class with
 * neither has no F1 to speak of, and counting it as 0 would pull the mean down for a class the
 * test range does not hold; scikit-learn leaves it out too.
 */
export function inMacroF1(confusion: readonly (readonly number[])[], c: number): boolean {
  return confusion.some((row, actual) => (row[c] ?? 0) > 0 || (actual === c && row.some((n) => n > 0)));
}

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
    return { label, precision, recall, f1: ratio(2 * precision * recall, precision + recall), support };
  });
  const present = perClass.filter((_, c) => inMacroF1(confusion, c));
  return {
    classes: [...classes],
    confusion,
    perClass,
    macroF1: ratio(present.reduce((s, m) => s + m.f1, 0), present.length),
    accuracy: ratio(correct, actual.length),
    rows: actual.length,
  };
}

/**
 * The most probable class of each row of a rows x classes probability matrix, among the classes
 * from `firstClass` on (1: the likeliest failure, what an alert diagnoses); ties: lowest class.
 */
export function argmaxRows(probabilities: Float64Array, classCount: number, firstClass = 0): Uint8Array {
  const rows = probabilities.length / classCount;
  const out = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = firstClass;
    for (let c = firstClass + 1; c < classCount; c++) if ((probabilities[r * classCount + c] as number) > (probabilities[r * classCount + best] as number)) best = c;
    out[r] = best;
  }
  return out;
}
