import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulate } from '../bronze/simulate/simulate.js';
import { catalogFile, catalogVersions, readCatalog } from '../sql/catalog.js';
import { LakeSession } from '../sql/duckdb.js';
import { BusyError, DamageError } from '../sql/errors.js';
import { runCli, tempDir } from './helpers.js';

let dir: ReturnType<typeof tempDir>;
let lake: string;

function ok(...args: string[]): string {
  const { code, stdout, stderr } = runCli(['--lake', lake, ...args]);
  expect(code, `${args.join(' ')}: ${stderr}`).toBe(0);
  return stdout;
}

/** As if every version so far had been committed two hours ago: the catalogs say when, nothing else does. */
function backdateVersions(): void {
  const twoHoursAgo = new Date(Date.now() - 2 * 3600_000).toISOString();
  for (const version of catalogVersions(lake)) {
    const file = catalogFile(lake, version);
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), committedAt: twoHoursAgo }, null, 1));
  }
}

const telemetryRows = async (session: LakeSession): Promise<number> => Number((await session.query('SELECT count(*) AS n FROM silver_telemetry'))[0]?.n);

/** The error a query fails with, as the CLI would report it. */
async function failure(session: LakeSession): Promise<unknown> {
  return telemetryRows(session).then(
    () => undefined,
    (err: unknown) => err,
  );
}

beforeAll(async () => {
  dir = tempDir();
  lake = join(dir.path, 'lake');
  await simulate({ machines: 3, from: '2015-01-01', days: 40, seed: 8, format: 'csv', dirty: 0, out: join(dir.path, 'sim') });
  ok('ingest', join(dir.path, 'sim'));
  ok('build', 'silver');
});
afterAll(() => dir.remove());

describe('vacuum and the readers that are reading', () => {
  it('keeps a version for --older-than after it was superseded, however long ago it was committed', async () => {
    backdateVersions();
    const reader = await LakeSession.open(lake);
    try {
      const opened = reader.catalog.version;
      const rows = await telemetryRows(reader);
      ok('build', 'silver', '--force');
      expect(ok('vacuum')).toMatch(new RegExp(`^removed ${opened - 1} version\\(s\\) .*; kept versions ${opened} to ${opened + 1}\\n$`));
      expect(catalogVersions(lake)).toEqual([opened, opened + 1]);
      // the reader's version was superseded a moment ago: its files are all still there
      expect(await telemetryRows(reader)).toBe(rows);
      expect(ok('vacuum', '--keep-versions', '1')).toMatch(/^removed no version/);
    } finally {
      reader.close();
    }
  });

  it('tells a reader whose version was vacuumed meanwhile to run again, naming the table and the file (exit 75)', async () => {
    const reader = await LakeSession.open(lake);
    try {
      const opened = reader.catalog.version;
      ok('build', 'silver', '--force');
      ok('vacuum', '--older-than', '0');
      const err = await failure(reader);
      expect(err).toBeInstanceOf(BusyError);
      expect((err as BusyError).exitCode).toBe(75);
      const [file] = reader.filesOf('silver_telemetry');
      expect((err as Error).message).toBe(
        `version ${opened}, which this command was reading, was vacuumed meanwhile (table silver_telemetry: ${file} is gone); run the command again`,
      );
    } finally {
      reader.close();
    }
  });

  it('reports a file that went missing from a version still retained as damage (exit 2), as when the command starts', async () => {
    const reader = await LakeSession.open(lake);
    try {
      const file = reader.filesOf('silver_telemetry')[0] as string;
      rmSync(join(lake, file));
      const err = await failure(reader);
      expect(err).toBeInstanceOf(DamageError);
      expect((err as Error).message).toBe(`table silver_telemetry is damaged: ${file} is missing; \`lakescore check\` lists every damaged file`);
      expect(runCli(['--lake', lake, 'sql', 'SELECT count(*) FROM silver_telemetry'])).toMatchObject({ code: 2, stderr: `lakescore: ${(err as Error).message}\n` });
      expect(readCatalog(lake).version).toBe(reader.catalog.version);
    } finally {
      reader.close();
    }
  });
});
