import { randomUUID } from 'node:crypto';
import {
  guarded,
  notFound,
  parseInput,
  type RequestContext,
  type Runtime,
  requireRole,
} from '@guest-graph/subgraph-kit';
import { accountContactInput, isUuid } from '../domain/account-file.js';
import type { AccountRow } from '../persistence/account.repository.js';
import { CONTACT_READERS, SALES_ROLES } from './roles.js';
import { contactsLoader } from './sales-work-loaders.js';

export function accountContactResolvers(rt: Runtime) {
  return {
    Account: {
      contacts: guarded(CONTACT_READERS, (a: AccountRow, _: unknown, ctx: RequestContext) =>
        contactsLoader(rt, ctx).load(a.id),
      ),
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
