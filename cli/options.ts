import { z } from 'zod';
import { parseModelRef } from '../ml/registry.js';
import { excerpt, InputError, LakescoreError } from '../sql/errors.js';

/**
 * Validates a command's raw commander options (and named positional arguments); a bad value
 * becomes a one-line InputError naming the flag or argument.
 */
export function parseOptions<T extends z.ZodType>(schema: T, raw: unknown, positional: readonly string[] = []): z.infer<T> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = issue?.path.length ? String(issue.path[0]) : undefined;
  const name = key === undefined ? 'options' : positional.includes(key) ? key : `--${key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`;
  throw new InputError(`${name}: ${issue?.message ?? 'invalid value'}`);
}

export const dateOption = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(s + 'T00:00:00Z')) && new Date(s + 'T00:00:00Z').toISOString().startsWith(s), 'not a calendar date');

/** The start of a YYYY-MM-DD day, UTC. */
export const dayStart = (s: string): Date => new Date(`${s}T00:00:00Z`);

/** A YYYY-MM-DD flag as the start of that day, UTC. */
export const dayOption = dateOption.transform(dayStart);

export const intOption = (min: number, max: number) => z.coerce.number().int('expected a whole number').min(min).max(max);

/** NAME, NAME@VERSION or NAME@ALIAS, checked against the registry's naming rules. */
export const modelRefOption = z.string().transform((text, ctx) => {
  try {
    return parseModelRef(text);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});

/** A catalog version number, or a time (a date means its midnight UTC): the newest version committed by then. */
export const asOfOption = z.union([
  z.string().regex(/^\d+$/).transform(Number),
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/, 'expected a version number or a time such as 2026-11-29T02:00:00Z')
    .transform((text, ctx) => {
      const time = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : /(Z|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text}Z`);
      if (Number.isNaN(time.getTime())) {
        ctx.addIssue({ code: 'custom', message: 'not a calendar time' });
        return z.NEVER;
      }
      return time;
    }),
]);

export const waitOption = z.coerce.number().min(0).max(86_400).default(0);

/**
 * A bug or an environment failure the code did not foresee: its first line for the user, the
 * stack only when asked for (LAKESCORE_DEBUG=1), since a trace helps a developer, not an operator.
 */
function unexpectedDetail(err: unknown): string {
  if (process.env.LAKESCORE_DEBUG) return err instanceof Error ? (err.stack ?? err.message) : String(err);
  const message = err instanceof Error ? err.message : String(err);
  return `${excerpt(message.split('\n')[0] ?? '', 300)} (LAKESCORE_DEBUG=1 shows more)`;
}

/** Runs a command action, mapping errors to a one-line message and the documented exit code. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      if (err instanceof LakescoreError) {
        process.stderr.write(`lakescore: ${err.message}\n`);
        process.exitCode = err.exitCode;
      } else {
        process.stderr.write(`lakescore: unexpected error: ${unexpectedDetail(err)}\n`);
        process.exitCode = 1;
      }
    }
  };
}
