import type { Fleet } from '../fleet/fleet.js';
import type { LakeSession } from '../sql/duckdb.js';
import { identifier } from '../sql/text.js';

/** Failures flagged by readings, or attributes carried by them (without an asset table of their own). */
export const derivesFailures = (fleet: Fleet): boolean => fleet.sources.some((s) => s.holds === 'readings' && s.failureFlag !== undefined);
export const derivesMachines = (fleet: Fleet): boolean => !fleet.hasAssetTable && fleet.attributes.length > 0;

/**
 * Flags and attributes carried by readings become rows of the failures and machines tables,
 * derived from silver's readings as this build publishes them (the view next_silver_telemetry):
 * the same rows whether this build rebuilt every reading or only the new ones.
 */
export async function deriveFromReadings(session: LakeSession, fleet: Fleet, machinesOut: string): Promise<void> {
  if (derivesFailures(fleet)) await session.runFile('silver', 'derive_failures.sql', { failure_class: fleet.classes[0] as string });
  if (derivesMachines(fleet)) {
    const latest = fleet.attributes.map((a) => `arg_max(${identifier(a.name)}, ts) AS ${identifier(a.name)}`).join(', ');
    await session.runFile('silver', 'derive_machines.sql', { out: session.dataFile(machinesOut) }, { latest });
  }
}
