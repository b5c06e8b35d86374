import { randomUUID } from 'node:crypto';
import {
  badInput,
  isUuid,
  notFound,
  parseInput,
  type RequestContext,
  type Runtime,
  requireRole,
} from '@guest-graph/subgraph-kit';
import { accountRateInput, rateInForce } from '../domain/negotiated-rate.js';
import type { AccountRow } from '../persistence/account.repository.js';
import { SALES_ROLES } from './roles.js';
import { accountRatesLoader } from './sales-work-loaders.js';

export function negotiatedRateResolvers(rt: Runtime) {
  return {
    Account: {
      negotiatedRates: (a: AccountRow, _: unknown, ctx: RequestContext) => accountRatesLoader(rt, ctx).load(a.id),
      rateInForce: async (a: AccountRow, args: { on?: string | null; roomType?: string | null }, ctx: RequestContext) =>
        rateInForce(await accountRatesLoader(rt, ctx).load(a.id), args.on ?? rt.clock.today(), args.roomType),
    },
    Mutation: {
      addNegotiatedRate: async (_: unknown, args: { accountId: string; input: unknown }, ctx: RequestContext) => {
        requireRole(ctx, SALES_ROLES);
        const input = parseInput(accountRateInput, args.input);
        if (!isUuid(args.accountId)) throw notFound('Account', args.accountId);
        return rt.dataSource.transaction(async (tx) => {
          const [account] = await tx.query('SELECT id FROM accounts.account WHERE id = $1', [args.accountId]);
          if (!account) throw notFound('Account', args.accountId);
          if (input.contractId) {
            const [contract] = await tx.query(
              'SELECT 1 FROM accounts.account_contract WHERE id = $1 AND account_id = $2',
              [input.contractId, args.accountId],
            );
            if (!contract) throw badInput('input.contractId', 'input.contractId: no contract of this account');
          }
          const [row] = await tx.query(
            `INSERT INTO accounts.account_rate (id, account_id, contract_id, room_type, rate, discount_percent,
               valid_from, valid_to, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             RETURNING id, account_id AS "accountId", contract_id AS "contractId", room_type AS "roomType",
               rate::text AS rate, discount_percent::float8 AS "discountPercent",
               to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo",
               created_at AS "createdAt"`,
            [
              randomUUID(),
              args.accountId,
              input.contractId ?? null,
              input.roomType ?? null,
              input.rate ?? null,
              input.discountPercent ?? null,
              input.validFrom,
              input.validTo ?? null,
              rt.clock.now(),
            ],
          );
          return row;
        });
      },
    },
  };
}
