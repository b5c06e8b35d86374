import { badInput, changeKeyOf, changePageOf, pageSize, type Runtime } from '@guest-graph/subgraph-kit';
import { changedAccountPage, productionByGradeMonth } from '../persistence/reporting.repository.js';

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
    /** Production of [from, to] by account grade and check-out month; `to` before `from` is BAD_USER_INPUT. */
    productionByGrade: (from: string, to: string) => {
      if (to < from) throw badInput('to', 'to must not be before from');
      return productionByGradeMonth(rt.dataSource, from, to);
    },
  };
}
