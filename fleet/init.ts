import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../sql/errors.js';
import { draftFleet } from './draft/draft.js';
import { BUILT_IN_FLEET_FILE } from './load.js';

/**
 * `lakescore init`: writes a fleet definition to start from, either the built-in one with its
 * comments (fleet/default.yaml explains every key) or a draft from the user's data files.
 */

export interface InitOptions {
  out: string;
  force: boolean;
  /** A directory of data files to draft the definition from; without it, the commented starter. */
  fromData?: string | undefined;
}

export interface InitResult {
  out: string;
  /** What to tell the user, line by line. */
  lines: string[];
}

/** Writes the file; the exclusive flag makes "refuse to overwrite" hold even against a race. */
function writeDefinition(out: string, text: string, force: boolean): void {
  try {
    writeFileSync(out, text, { flag: force ? 'w' : 'wx' });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new InputError(`${out}: already exists (use --force to overwrite it)`);
    throw new InputError(`${out}: cannot write the fleet definition (${code ?? (err as Error).message})`);
  }
}

export async function initFleet(options: InitOptions, cwd = process.cwd()): Promise<InitResult> {
  const out = resolve(cwd, options.out);
  // Checked before drafting too, so that a refusal does not come after a minute of sampling.
  if (!options.force && existsSync(out)) throw new InputError(`${options.out}: already exists (use --force to overwrite it)`);
  if (options.fromData === undefined) {
    writeDefinition(out, readFileSync(BUILT_IN_FLEET_FILE, 'utf8'), options.force);
    return {
      out,
      lines: [
        `wrote ${options.out}: the built-in definition (the shape of the public Azure sample), with a comment on every key.`,
        'Edit it to describe your fleet, or draft one from your files with `lakescore init --from-data DIR`.',
      ],
    };
  }
  const draft = await draftFleet(options.fromData, options.out);
  writeDefinition(out, draft.text, options.force);
  return { out, lines: [`wrote ${options.out}, drafted from the data files:`, ...draft.summary] };
}
