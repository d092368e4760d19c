import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { packageRoot } from '../sql/paths.js';

/** The C-MAPSS example's definition as data, for the bench scripts that vary it. */

export const EXAMPLE = join(packageRoot, 'examples', 'cmapss');

export type Definition = Record<string, unknown> & { sensors: Record<string, Record<string, unknown> | null>; regimes?: Record<string, unknown> };

export const exampleDefinition = (): Definition => parse(readFileSync(join(EXAMPLE, 'lakescore.yaml'), 'utf8')) as Definition;

/** The definition with its regimes taken out: no `regimes:`, no sensor normalised (the settings stay sensors). */
export function withoutRegimes(definition: Definition): Definition {
  const sensors = Object.fromEntries(
    Object.entries(definition.sensors).map(([name, spec]) => {
      const { normalize: _normalized, ...rest } = spec ?? {};
      return [name, Object.keys(rest).length > 0 ? rest : null];
    }),
  );
  const { regimes: _regimes, ...rest } = definition;
  return { ...rest, sensors };
}
