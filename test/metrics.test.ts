import { describe, expect, it } from 'vitest';
import { formatEvaluation } from '../cli/train.js';
import { evaluate } from '../ml/metrics.js';

/** Actual and predicted labels that make the given confusion matrix (rows: actual, columns: predicted). */
function labelsOf(confusion: number[][]): { actual: Uint8Array; predicted: Uint8Array } {
  const actual: number[] = [];
  const predicted: number[] = [];
  confusion.forEach((row, a) => row.forEach((n, p) => {
    for (let i = 0; i < n; i++) {
      actual.push(a);
      predicted.push(p);
    }
  }));
  return { actual: Uint8Array.from(actual), predicted: Uint8Array.from(predicted) };
}

const CLASSES = ['none', 'comp1', 'comp2', 'comp3'];
/** comp3 has no test rows and is never predicted. */
const WITHOUT_COMP3 = [
  [90, 0, 0, 0],
  [1, 9, 0, 0],
  [0, 0, 5, 0],
  [0, 0, 0, 0],
];

describe('macro F1', () => {
  it('leaves out a class with no test rows and no predictions, as scikit-learn does', () => {
    const { actual, predicted } = labelsOf(WITHOUT_COMP3);
    const e = evaluate(actual, predicted, CLASSES);
    expect(e.confusion).toEqual(WITHOUT_COMP3);
    // F1 of none: 2 * 90 / (2 * 90 + 1 false positive); of comp1: 2 * 9 / (2 * 9 + 1 false negative); comp2 all right
    expect(e.macroF1).toBeCloseTo((180 / 181 + 18 / 19 + 1) / 3, 12);
    expect(e.accuracy).toBeCloseTo(104 / 105, 12);
  });

  it('counts a class that was predicted but has no test rows, with F1 0', () => {
    const confusion = [
      [89, 0, 0, 1],
      [0, 10, 0, 0],
      [0, 0, 5, 0],
      [0, 0, 0, 0],
    ];
    const { actual, predicted } = labelsOf(confusion);
    const e = evaluate(actual, predicted, CLASSES);
    expect(e.perClass[3]).toMatchObject({ label: 'comp3', precision: 0, f1: 0, support: 0 });
    expect(e.macroF1).toBeCloseTo((178 / 179 + 1 + 1 + 0) / 4, 12);
  });

  it("is explained in train's printout, which shows no scores for a class left out", () => {
    const { actual, predicted } = labelsOf(WITHOUT_COMP3);
    const printed = formatEvaluation(evaluate(actual, predicted, CLASSES), [400, 30, 20, 10]).split('\n');
    expect(printed).toContain(`comp3${' '.repeat(11)}-${' '.repeat(7)}-${' '.repeat(7)}-${' '.repeat(10)}0${' '.repeat(10)}10`);
    expect(printed.at(-3)).toBe('macro F1 leaves out comp3: no test rows and none predicted (as scikit-learn)');
    expect(printed.at(-2)).toBe('macro F1 0.9806   accuracy 0.9905   (105 test rows)');
  });

  it('says nothing of left-out classes when every class occurs', () => {
    const { actual, predicted } = labelsOf([
      [9, 1],
      [0, 5],
    ]);
    const printed = formatEvaluation(evaluate(actual, predicted, ['none', 'failure']), undefined);
    expect(printed).not.toContain('leaves out');
    expect(printed).not.toMatch(/ - /);
  });
});
