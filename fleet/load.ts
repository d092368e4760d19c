import { closeSync, existsSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { packageRoot } from '../sql/paths.js';
import { InputError } from '../sql/errors.js';
import { openRegularFile } from '../sql/regular-file.js';
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
 * The most a definition may hold, in bytes: it is text a person writes, and anything near this is
 * not (docs/fleet.md, "How large a definition may be"). A larger file is refused after reading
 * just past this much.
 */
export const DEFINITION_LIMIT = 1024 * 1024;

/**
 * How many times YAML aliases may repeat what they name, over the whole document: an alias
 * repeats its anchor's whole value, so aliases of aliases grow as a power of their number (a few
 * hundred bytes can stand for gigabytes). The YAML library's own default, made explicit here.
 */
const ALIAS_LIMIT = 100;

/** A YAML document as plain values, its aliases resolved within ALIAS_LIMIT. */
function yamlValue(text: string, file: string): unknown {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const syntax = document.errors[0];
  if (syntax) {
    const line = syntax.linePos?.[0]?.line;
    const reason = (syntax.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    throw new InputError(`${file}${line ? `:${line}` : ''}: not valid YAML: ${reason}`);
  }
  try {
    return document.toJS({ maxAliasCount: ALIAS_LIMIT });
  } catch (err) {
    if (!(err instanceof ReferenceError)) throw err;
    throw new InputError(`${file}: not valid YAML: its aliases (*name) would repeat what they name more than ${ALIAS_LIMIT} times`);
  }
}

/**
 * Parses and validates a definition's text. Any problem is one InputError naming the file, the
 * key path and the reason (YAML syntax errors name the line).
 */
export function parseFleet(text: string, file: string): Fleet {
  if (Buffer.byteLength(text) > DEFINITION_LIMIT) throw new InputError(`${file}: the fleet definition is larger than ${DEFINITION_LIMIT / 2 ** 20} MiB (${DEFINITION_LIMIT.toLocaleString('en-US')} bytes), the most one may hold`);
  const parsed = fleetFileSchema.safeParse(yamlValue(text, file) ?? {});
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

/**
 * A definition file's text, or as much of it as shows that it is too large; a file that cannot
 * be read, or is not a regular file, is one InputError naming it.
 */
function readDefinitionText(file: string): string {
  let fd: number | undefined;
  try {
    fd = openRegularFile(file);
    const buffer = Buffer.alloc(DEFINITION_LIMIT + 1);
    let length = 0;
    let read;
    do {
      read = readSync(fd, buffer, length, buffer.length - length, null);
      length += read;
    } while (read > 0 && length < buffer.length);
    return buffer.toString('utf8', 0, length);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${file}: cannot read the fleet definition (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  } finally {
    if (fd !== undefined) closeSync(fd);
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
