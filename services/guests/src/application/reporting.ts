import { badInput } from '@guest-graph/subgraph-kit';
import type { EntityManager } from 'typeorm';
import { recordMemberTier, revenueByTiers } from '../persistence/reporting.repository.js';
import {
  recordAccountReports,
  recordStayCases,
  recordStayPoints,
  type StayCaseFact,
} from '../persistence/stay-report.repository.js';
import type { GuestsDeps } from './deps.js';

/** A member's tier from loyalty (enrolment or a tier change), kept for reporting and guestsChanged. */
export const noteMemberTier = (tx: EntityManager, guestId: string, tier: string, at: string) =>
  recordMemberTier(tx, guestId, tier, at);

/**
 * Revenue and nights of the stays departing in [from, to] by value tier x member tier (issue 17). The member
 * tier is this service's copy (fed by loyalty's events), so the figure is one statement here rather than a
 * question to loyalty about every guest of the range.
 */
export async function revenueByValueAndMemberTier(deps: GuestsDeps, from: string, to: string) {
  if (to < from) throw badInput('to', 'to must not be before from');
  const rows = await revenueByTiers(deps.rt.dataSource, from, to);
  return rows;
}

// The reporting copy behind staysForExport: what the export needs from other services, kept from their events.

/** Loyalty's lines about points a stay earned (`stayPoints`), each ledger entry counted once. */
export const noteStayPoints = (
  tx: EntityManager,
  lines: { key: string; stayPoints?: { stayId: string; points: number } }[],
) =>
  recordStayPoints(
    tx,
    lines.flatMap((l) => (l.stayPoints ? [{ entryKey: l.key, ...l.stayPoints }] : [])),
  );

/** A case opened about a stay (or moved to another, or to none). */
export const noteStayCase = (tx: EntityManager, c: StayCaseFact) => recordStayCases(tx, [c]);

/** An account's grade and type, from account.created and account.updated. */
export const noteAccountReport = (
  tx: EntityManager,
  a: { accountId: string; grade: string | null; type?: string | null; at: string },
) => recordAccountReports(tx, [{ ...a, type: a.type ?? null }]);
