import type { Fleet } from '../fleet/fleet.js';
import { featureColumns, type FeatureParams } from '../gold/params.js';
import { identifier } from '../sql/text.js';
import type { SqlValues } from '../sql/values.js';

/**
 * How gold columns become the forest's numeric inputs: numeric columns as they are (NULL as NaN,
 * which the forest handles), and each categorical column one-hot encoded over the categories
 * seen in training. A category unseen in training encodes as all zeros.
 */
export interface FeatureEncoding {
  numeric: string[];
  categorical: { column: string; categories: string[] }[];
}

/** The gold columns that are one-hot encoded: the text ones (categorical attributes, the current regime). */
export const categoricalColumns = (fleet: Fleet, params: FeatureParams): string[] =>
  featureColumns(fleet, params).filter(([, type]) => type === 'VARCHAR').map(([name]) => name);

export function encodingFor(fleet: Fleet, params: FeatureParams, categories: Map<string, string[]>): FeatureEncoding {
  const categorical = categoricalColumns(fleet, params);
  return {
    numeric: featureColumns(fleet, params).map(([name]) => name).filter((name) => !categorical.includes(name)),
    categorical: categorical.map((column) => ({ column, categories: categories.get(column) ?? [] })),
  };
}

export const oneHotName = (column: string, category: string): string => `${column}_is_${category}`;

export function encodedNames(encoding: FeatureEncoding): string[] {
  return [...encoding.numeric, ...encoding.categorical.flatMap((c) => c.categories.map((category) => oneHotName(c.column, category)))];
}

/** The gold columns an encoding reads. */
export const sourceColumns = (encoding: FeatureEncoding): string[] => [...encoding.numeric, ...encoding.categorical.map((c) => c.column)];

/**
 * The SELECT list that yields the encoded features as DOUBLE columns, in encodedNames order. The
 * outputs are named by position: categories are data, not identifiers.
 */
export function encodedProjection(encoding: FeatureEncoding, values: SqlValues): string {
  const numeric = encoding.numeric.map((name) => `CAST(${identifier(name)} AS DOUBLE)`);
  const oneHot = encoding.categorical.flatMap((c) =>
    c.categories.map((category) => `CAST(coalesce(${identifier(c.column)} = ${values.bind(category)}, false) AS DOUBLE)`),
  );
  return [...numeric, ...oneHot].map((expression, i) => `${expression} AS f${i}`).join(', ');
}
