import { featureColumns, type FeatureParams } from '../gold/params.js';
import { identifier, quoteLiteral } from '../sql/duckdb.js';

/**
 * How gold columns become the forest's numeric inputs: numeric columns as they are (NULL as NaN,
 * which the forest handles), and the categorical `model` one-hot encoded over the categories seen
 * in training. A category unseen in training encodes as all zeros.
 */
export interface FeatureEncoding {
  numeric: string[];
  modelCategories: string[];
}

export function encodingFor(params: FeatureParams, modelCategories: string[]): FeatureEncoding {
  return { numeric: featureColumns(params).filter(([name]) => name !== 'model').map(([name]) => name), modelCategories };
}

export const oneHotName = (category: string): string => `model_is_${category}`;

export function encodedNames(encoding: FeatureEncoding): string[] {
  return [...encoding.numeric, ...encoding.modelCategories.map(oneHotName)];
}

/** The SELECT list that yields the encoded features as DOUBLE columns, in encodedNames order. */
export function encodedProjection(encoding: FeatureEncoding): string {
  return [
    ...encoding.numeric.map((name) => `CAST(${identifier(name)} AS DOUBLE) AS ${identifier(name)}`),
    ...encoding.modelCategories.map((c) => `CAST(coalesce(model = ${quoteLiteral(c)}, false) AS DOUBLE) AS ${identifier(oneHotName(c))}`),
  ].join(', ');
}
