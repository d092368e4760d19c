import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { packageRoot } from '../sql/paths.js';
import { InputError } from '../sql/errors.js';
import { FleetRuleError } from './fleet-rules.js';
import type { FleetText } from './definitions.js';
import { resolveFleet, type Fleet } from './fleet.js';
import { fleetFileSchema } from './schema.js';

/** Where the fleet definition comes from when no --fleet is given. */
export const DEFAULT_FLEET_FILE = 'lakescore.yaml';
export const BUILT_IN_FLEET_FILE = resolve(packageRoot, 'fleet', 'default.yaml');

/**
 * A key that may be written two ways (`time: ts` or `time: { column, ... }`) fails as a union,
 * which says only "invalid input": report the issue of the way that got furthest instead.
 */
function innermost(issue: z.core.$ZodIssue): { path: PropertyKey[]; message: string } {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return { path: issue.path, message: issue.message };
  const deepest = issue.errors.flat().reduce((a, b) => (b.path.length > a.path.length ? b : a));
  const inner = innermost(deepest);
  return { path: [...issue.path, ...inner.path], message: inner.message };
}

/**
 * Parses and validates a definition's text. Any problem is one InputError naming the file, the
 * key path and the reason (YAML syntax errors name the line).
 */
export function parseFleet(text: string, file: string): Fleet {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const syntax = document.errors[0];
  if (syntax) {
    const line = syntax.linePos?.[0]?.line;
    const reason = (syntax.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    throw new InputError(`${file}${line ? `:${line}` : ''}: not valid YAML: ${reason}`);
  }
  const parsed = fleetFileSchema.safeParse(document.toJS() ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const { path, message } = issue ? innermost(issue) : { path: [], message: 'invalid' };
    throw new InputError(`${file}: ${path.map(String).join('.') || 'top level'}: ${message}`);
  }
  try {
    return resolveFleet(parsed.data);
  } catch (err) {
    if (err instanceof FleetRuleError) throw new InputError(`${file}: ${err.path}: ${err.message}`);
    throw err;
  }
}

/** A definition file's text; a file that cannot be read is one InputError naming it. */
function readDefinitionText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`${file}: cannot read the fleet definition (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

/** A definition file, read and validated, with its text (the lake records the text it adopts). */
export function readFleetText(file: string): FleetText {
  const text = readDefinitionText(file);
  return { fleet: parseFleet(text, file), text, origin: file };
}

export const readFleetFile = (file: string): Fleet => readFleetText(file).fleet;

export const builtInFleetText = (): FleetText => ({ ...readFleetText(BUILT_IN_FLEET_FILE), origin: 'built-in' });

export const builtInFleet = (): Fleet => builtInFleetText().fleet;

/**
 * The definition a command was given: the file named (--fleet or LAKESCORE_FLEET), else
 * lakescore.yaml in the working directory; undefined when there is neither. On a lake that has a
 * definition, a given one must be the lake's; a new lake adopts it, or the built-in one.
 */
export function givenFleet(given: string | undefined, cwd = process.cwd()): FleetText | undefined {
  if (given) return readFleetText(resolve(cwd, given));
  const local = resolve(cwd, DEFAULT_FLEET_FILE);
  return existsSync(local) ? readFleetText(local) : undefined;
}
