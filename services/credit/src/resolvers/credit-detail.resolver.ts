import {
  badInput,
  daysBetween,
  decodeCursor,
  encodeCursor,
  guarded,
  isUuid,
  isValidDate,
  pageOf,
  pageSize,
} from '@guest-graph/subgraph-kit';
import type { App } from '../application/index.js';
import { CREDIT_OFFICERS } from '../domain/access.js';
import type { CreditStanding } from '../domain/credit-standing.js';
import { ACCOUNT_LISTS, type AccountList } from '../persistence/credit-file.repository.js';
import { loaders } from './loaders.js';

/** The documented largest page of every credit-file list. */
const MAX_PAGE = 200;

const VALID_KEY: Record<string, (v: string) => boolean> = {
  date: isValidDate,
  timestamptz: (v) => !Number.isNaN(Date.parse(v)),
  uuid: isUuid,
  bigint: (v) => /^\d{1,18}$/.test(v),
};

/** The keyset position a cursor of this account's list holds; any other cursor is BAD_USER_INPUT on `after`. */
function positionIn(list: AccountList, accountId: string, cursor: string): string[] {
  const [owner, ...keys] = decodeCursor(cursor);
  const fits =
    owner === accountId &&
    keys.length === list.keys.length &&
    keys.every((k, i) => typeof k === 'string' && VALID_KEY[list.keys[i]!.type]!(k));
  if (!fits) throw badInput('after', "after is not a cursor of this account's list");
  return keys as string[];
}

type PageArgs = { first?: number | null; after?: string | null; openOnly?: boolean | null };

export const creditDetailResolvers = (app: App) => {
  const today = () => app.clock.today();
  /** A credit-file list as a connection: keyset pages, newest first, up to MAX_PAGE a page. */
  const connection = (name: string, list: AccountList, fallback: number) =>
    guarded(CREDIT_OFFICERS, async (s: CreditStanding, args: PageArgs, ctx) => {
      const n = pageSize(args.first, { max: MAX_PAGE, fallback });
      const after = args.after ? positionIn(list, s.accountId, args.after) : null;
      const rows =
        n === 0
          ? []
          : await loaders(app, ctx)
              .list<{ accountId: string; sortKey: string[] }>(name, list, n + 1, { openOnly: !!args.openOnly, after })
              .load(s.accountId);
      return pageOf(rows, n, (r) => encodeCursor([s.accountId, ...r.sortKey]));
    });
  return {
    CreditStanding: {
      aging: guarded(CREDIT_OFFICERS, (s: CreditStanding, { asOf }: { asOf?: string | null }, ctx) =>
        loaders(app, ctx)
          .aging(asOf ?? today())
          .load(s.accountId),
      ),
      termsHistory: guarded(CREDIT_OFFICERS, (s: CreditStanding, _: unknown, ctx) =>
        loaders(app, ctx).list('terms-history', ACCOUNT_LISTS.termsHistory, MAX_PAGE).load(s.accountId),
      ),
      information: guarded(CREDIT_OFFICERS, (s: CreditStanding, _: unknown, ctx) =>
        loaders(app, ctx).information.load(s.accountId),
      ),
      invoices: connection('invoices', ACCOUNT_LISTS.invoices, 50),
      payments: connection('payments', ACCOUNT_LISTS.payments, 50),
      creditNotes: connection('credit-notes', ACCOUNT_LISTS.creditNotes, 50),
      paymentPromises: connection('promises', ACCOUNT_LISTS.paymentPromises, 20),
      collectionLog: connection('collection-log', ACCOUNT_LISTS.collectionLog, 50),
    },
    Invoice: {
      daysPastDue: (inv: { dueOn: string }) => daysBetween(inv.dueOn, today()),
    },
  };
};
