import type { Fleet } from '../../fleet/fleet.js';
import { writeFileAtomically } from '../../sql/atomic-file.js';
import type { LakeSession } from '../../sql/duckdb.js';
import { pageAssets } from './assets.js';
import { gatherReport, type ReportData } from './data.js';
import { renderPage } from './html.js';

export interface ReportOptions {
  out: string;
  /** YYYY-MM-DD: the risk picture as the fleet stood at the end of that day (UTC). */
  asOf?: string;
}

export interface WrittenReport {
  path: string;
  bytes: number;
  data: ReportData;
}

/**
 * Writes the report page, whole or not at all. Every table must be declared in the session
 * (see declareAllTables); the session only reads.
 */
export async function writeReport(session: LakeSession, fleet: Fleet, options: ReportOptions): Promise<WrittenReport> {
  const data = await gatherReport(session, fleet, options.asOf, new Date());
  const page = renderPage(data, pageAssets());
  writeFileAtomically(options.out, page);
  return { path: options.out, bytes: Buffer.byteLength(page), data };
}
