import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { declareAllTables } from '../ml/history.js';
import { LakeSession, type Row } from '../sql/duckdb.js';
import { packageRoot } from '../sql/paths.js';

/** The public data set, read in place from ../shared (never copied into the repository). */
export const PUBLIC_DATA = resolve(packageRoot, '..', 'shared', 'data', 'azure-pdm');

export function tempDir(prefix = 'lakescore-test-'): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Opens a writer session, runs `fn`, and always closes it. */
export async function withWriter<T>(lake: string, fn: (session: LakeSession) => Promise<T>): Promise<T> {
  const session = await LakeSession.open(lake, { write: { command: 'test', waitSeconds: 0 } });
  try {
    return await fn(session);
  } finally {
    session.close();
  }
}

/** Runs a query on a fresh reader session over the lake's current catalog, every layer's tables declared. */
export async function readLake(lake: string, sql: string, prepare: (s: LakeSession) => Promise<void> = declareAllTables): Promise<Row[]> {
  const session = await LakeSession.open(lake);
  try {
    await prepare(session);
    return await session.query(sql);
  } finally {
    session.close();
  }
}
