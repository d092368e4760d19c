import { z } from 'zod';
import type { NodeArrays, TreeArrays } from './tree.js';

export const MAX_FEATURES_NAMES = ['sqrt', 'log2', 'all'] as const;

export const forestParamsSchema = z.object({
  trees: z.number().int().min(1).max(100_000),
  maxDepth: z.number().int().min(1).max(64),
  minSamplesLeaf: z.number().int().min(1),
  maxFeatures: z.union([
    z.enum(MAX_FEATURES_NAMES),
    z.number().positive().refine((x) => x < 1 || Number.isInteger(x), 'a count (integer >= 1) or a fraction in (0, 1)'),
  ]),
  sampleFraction: z.number().gt(0).lte(1),
  classWeight: z.enum(['none', 'balanced']),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  threads: z.number().int().min(1).max(256),
});

export type ForestParams = z.infer<typeof forestParamsSchema>;

export const DEFAULT_FOREST_PARAMS: ForestParams = Object.freeze({
  trees: 100,
  maxDepth: 15,
  minSamplesLeaf: 1,
  maxFeatures: 'sqrt',
  sampleFraction: 0.632,
  classWeight: 'none',
  seed: 42,
  threads: 1,
});

/**
 * A trained forest as flat arrays, all trees concatenated. Node i of the forest:
 * feature[i] >= 0: go to left[i] when x <= threshold[i] (or x is NaN and missingLeft[i] = 1),
 * else to right[i]; feature[i] = -1: a leaf whose class probabilities are
 * leafValues[left[i] * classCount ...]. Child and leaf indices are absolute (forest-wide);
 * children always come after their parent within the tree's node range.
 */
export interface Forest extends NodeArrays {
  featureCount: number;
  classCount: number;
  treeCount: number;
  /** Parameters used for training (threads is informational; it does not change the model). */
  params: ForestParams;
  /** Node range of tree t: [treeOffsets[t], treeOffsets[t + 1]). Importance is averaged over trees. */
  treeOffsets: Int32Array;
}

/** Concatenates trees (in tree-index order) into one forest. */
export function assembleForest(trees: TreeArrays[], featureCount: number, classCount: number, params: ForestParams): Forest {
  let nodes = 0;
  let leaves = 0;
  for (const t of trees) {
    nodes += t.nodeCount;
    leaves += t.leafCount;
  }
  const treeOffsets = new Int32Array(trees.length + 1);
  const feature = new Int32Array(nodes);
  const threshold = new Float64Array(nodes);
  const left = new Int32Array(nodes);
  const right = new Int32Array(nodes);
  const missingLeft = new Uint8Array(nodes);
  const samples = new Uint32Array(nodes);
  const leafValues = new Float64Array(leaves * classCount);
  const importance = new Float64Array(featureCount);
  let nodeBase = 0;
  let leafBase = 0;
  for (let t = 0; t < trees.length; t++) {
    const tree = trees[t]!;
    treeOffsets[t] = nodeBase;
    feature.set(tree.feature, nodeBase);
    threshold.set(tree.threshold, nodeBase);
    missingLeft.set(tree.missingLeft, nodeBase);
    samples.set(tree.samples, nodeBase);
    for (let i = 0; i < tree.nodeCount; i++) {
      if (tree.feature[i]! < 0) {
        left[nodeBase + i] = tree.left[i]! + leafBase;
        right[nodeBase + i] = -1;
      } else {
        left[nodeBase + i] = tree.left[i]! + nodeBase;
        right[nodeBase + i] = tree.right[i]! + nodeBase;
      }
    }
    leafValues.set(tree.leafValues, leafBase * classCount);
    for (let f = 0; f < featureCount; f++) importance[f] = importance[f]! + tree.importance[f]!;
    nodeBase += tree.nodeCount;
    leafBase += tree.leafCount;
  }
  treeOffsets[trees.length] = nodeBase;
  let sum = 0;
  for (let f = 0; f < featureCount; f++) sum += importance[f]!;
  if (sum > 0) for (let f = 0; f < featureCount; f++) importance[f] = importance[f]! / sum;
  return {
    featureCount, classCount, treeCount: trees.length, params: { ...params },
    treeOffsets, feature, threshold, left, right, missingLeft, samples, leafValues, importance,
  };
}

/** Features drawn per split for a maxFeatures setting. */
export function resolveMtry(maxFeatures: ForestParams['maxFeatures'], featureCount: number): number {
  let k: number;
  if (maxFeatures === 'sqrt') k = Math.floor(Math.sqrt(featureCount));
  else if (maxFeatures === 'log2') k = Math.floor(Math.log2(featureCount));
  else if (maxFeatures === 'all') k = featureCount;
  else if (maxFeatures < 1) k = Math.floor(maxFeatures * featureCount);
  else k = maxFeatures;
  return Math.min(featureCount, Math.max(1, k));
}
