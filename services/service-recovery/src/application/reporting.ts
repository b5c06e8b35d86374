import { changeKeyOf, changePageOf, pageSize, type Runtime } from '@guest-graph/subgraph-kit';
import { slaOutcome } from '../domain/sla.js';
import { changedCasePage } from '../persistence/reporting.repository.js';

const CHANGED_PAGE = { max: 500, fallback: 100 };

/**
 * Cases as BI copies them (issue 17), oldest change first, each with its SLA outcomes. Cases are never deleted
 * (erasure blanks the words, a merge moves them to the survivor; both move `changedAt`), so no tombstones.
 */
export async function casesChangedPage(
  rt: Runtime,
  changedSince: string | null,
  first: number | null | undefined,
  after: string | null | undefined,
) {
  const size = pageSize(first, CHANGED_PAGE);
  const rows = await changedCasePage(rt.dataSource, changedSince, changeKeyOf(after), size + 1);
  const page = changePageOf(rows, size);
  const now = rt.clock.now();
  return {
    pageInfo: page.pageInfo,
    edges: page.edges.map(({ cursor, node: { changedKey: _, ...c } }) => ({
      cursor,
      node: {
        ...c,
        caseId: c.id,
        acknowledgeOutcome: slaOutcome(c.acknowledgedAt, c.acknowledgeDueAt, c.acknowledgeBreachedAt, now),
        resolveOutcome: slaOutcome(c.resolvedAt, c.dueAt, c.resolveBreachedAt, now),
      },
    })),
  };
}
