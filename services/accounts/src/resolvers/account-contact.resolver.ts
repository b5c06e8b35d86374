import { randomUUID } from 'node:crypto';
import {
  badInput,
  guarded,
  isUuid,
  notFound,
  parseInput,
  type RequestContext,
  type Runtime,
  requireRole,
} from '@guest-graph/subgraph-kit';
import { accountContactInput } from '../domain/account-file.js';
import { birthdaysWithin } from '../domain/contact-care.js';
import type { AccountRow } from '../persistence/account.repository.js';
import type { ContactRow } from '../persistence/sales-work.repository.js';
import { accountLoader } from './loaders.js';
import { CONTACT_READERS, SALES_ROLES } from './roles.js';
import { contactsLoader } from './sales-work-loaders.js';

export function accountContactResolvers(rt: Runtime) {
  return {
    Account: {
      contacts: guarded(CONTACT_READERS, (a: AccountRow, _: unknown, ctx: RequestContext) =>
        contactsLoader(rt, ctx).load(a.id),
      ),
    },
    Query: {
      upcomingContactBirthdays: async (
        _: unknown,
        args: { withinDays?: number | null; ownerId?: string | null },
        ctx: RequestContext,
      ) => {
        requireRole(ctx, SALES_ROLES);
        const within = args.withinDays ?? 14;
        if (within < 0 || within > 366) throw badInput('withinDays', 'withinDays must be 0 to 366');
        const contacts: (ContactRow & { birthday: string })[] = await rt.dataSource.query(
          `SELECT c.id, c.account_id AS "accountId", c.name, c.title, c.phone, c.email,
                  c.decision_maker AS "decisionMaker", to_char(c.birthday, 'YYYY-MM-DD') AS birthday
             FROM accounts.account_contact c JOIN accounts.account a ON a.id = c.account_id
            WHERE c.birthday IS NOT NULL AND ($1::text IS NULL OR a.owner_id = $1)`,
          [args.ownerId ?? null],
        );
        const accounts = accountLoader(rt, ctx);
        return birthdaysWithin(contacts, rt.clock.today(), within).map((c) => ({
          contact: c,
          account: accounts.load(c.accountId),
          on: c.on,
          daysAway: c.daysAway,
          turning: c.turning,
        }));
      },
    },
    Mutation: {
      addAccountContact: async (_: unknown, args: { accountId: string; input: unknown }, ctx: RequestContext) => {
        requireRole(ctx, SALES_ROLES);
        const input = parseInput(accountContactInput, args.input);
        if (!isUuid(args.accountId)) throw notFound('Account', args.accountId);
        const id = randomUUID();
        const rows = await rt.dataSource.query(
          `INSERT INTO accounts.account_contact (id, account_id, name, title, phone, email, decision_maker, birthday, created_at)
           SELECT $1, a.id, $3, $4, $5, $6, $7, $8, $9 FROM accounts.account a WHERE a.id = $2
           RETURNING id, account_id AS "accountId", name, title, phone, email, decision_maker AS "decisionMaker",
                     to_char(birthday, 'YYYY-MM-DD') AS birthday`,
          [
            id,
            args.accountId,
            input.name,
            input.title ?? null,
            input.phone ?? null,
            input.email ?? null,
            input.decisionMaker ?? false,
            input.birthday ?? null,
            rt.clock.now(),
          ],
        );
        if (!rows.length) throw notFound('Account', args.accountId);
        return rows[0];
      },
    },
  };
}
