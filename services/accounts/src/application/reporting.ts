import { badInput, changeKeyOf, changePageOf, isUuid, pageSize, type Runtime } from '@guest-graph/subgraph-kit';
import { accountReportPage, changedAccountPage, productionByGradeMonth } from '../persistence/reporting.repository.js';

const CHANGED_PAGE = { max: 500, fallback: 100 };

/** What BI pulls from accounts (issue 17): changed accounts a page at a time, production by grade and month. */
export function reporting(rt: Runtime) {
  return {
    /** Accounts changed at or after `changedSince` (all when null), oldest change first; the cursor is (changed at, id). */
    accountsChangedPage: async (changedSince: string | null, first?: number | null, after?: string | null) => {
      const size = pageSize(first, CHANGED_PAGE);
      const rows = await changedAccountPage(rt.dataSource, changedSince, changeKeyOf(after), size + 1);
      return changePageOf(rows, size);
    },
    /**
     * The stay report backfill's question (guests): every account's grade and type, a page in id order after the
     * cursor (an account id; anything else starts over, which a backfill survives: its facts are upserts).
     */
    accountReportHistory: async (after: string | null, limit: number) => {
      const rows = await accountReportPage(rt.dataSource, after && isUuid(after) ? after : null, limit);
      return {
        accounts: rows.map((r) => ({ ...r, updatedAt: new Date(r.updatedAt).toISOString() })),
        next: rows.length === limit ? rows.at(-1)!.accountId : null,
      };
    },
    /** Production of [from, to] by account grade and check-out month; `to` before `from` is BAD_USER_INPUT. */
    productionByGrade: (from: string, to: string) => {
      if (to < from) throw badInput('to', 'to must not be before from');
      return productionByGradeMonth(rt.dataSource, from, to);
    },
  };
}
