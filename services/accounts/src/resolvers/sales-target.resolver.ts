import { randomUUID } from 'node:crypto';
import {
  isUuid,
  notFound,
  parseInput,
  type RequestContext,
  type Runtime,
  requireRole,
} from '@guest-graph/subgraph-kit';
import { progressRatio, salesTargetInput, targetPeriod } from '../domain/sales-target.js';
import { TARGET_COLUMNS, type TargetRow } from '../persistence/sales-work.repository.js';
import { REPORT_READERS, SALES_ROLES } from './roles.js';
import { targetProductionLoader } from './sales-work-loaders.js';

export function salesTargetResolvers(rt: Runtime) {
  return {
    SalesTarget: {
      progress: async (t: TargetRow, _: unknown, ctx: RequestContext) => {
        const p = await targetProductionLoader(rt, ctx).load(t.id);
        return {
          revenue: p.revenue,
          roomNights: p.roomNights,
          revenueRatio: progressRatio(p.revenue, t.revenueTarget),
          roomNightRatio: progressRatio(p.roomNights, t.roomNightTarget),
        };
      },
    },
    Query: {
      salesTargets: async (
        _: unknown,
        args: { ownerId?: string | null; accountId?: string | null; year?: number | null },
        ctx: RequestContext,
      ) => {
        requireRole(ctx, REPORT_READERS);
        // An empty id is no account either (it would reach Postgres as an invalid uuid).
        if (args.accountId != null && !isUuid(args.accountId)) return [];
        return rt.dataSource.query(
          `SELECT ${TARGET_COLUMNS} FROM accounts.sales_target
            WHERE ($1::text IS NULL OR owner_id = $1) AND ($2::uuid IS NULL OR account_id = $2)
              AND ($3::int IS NULL OR extract(year FROM period_start)::int = $3)
            ORDER BY period_start, CASE period_kind WHEN 'ANNUAL' THEN 0 WHEN 'QUARTERLY' THEN 1 ELSE 2 END, id`,
          [args.ownerId ?? null, args.accountId ?? null, args.year ?? null],
        );
      },
    },
    Mutation: {
      setSalesTarget: async (_: unknown, args: { input: unknown }, ctx: RequestContext) => {
        // A sales person's own target is the manager's to set; an account's target, the sales office's.
        const raw = args.input as { ownerId?: unknown };
        requireRole(ctx, raw?.ownerId ? ['MANAGER'] : SALES_ROLES);
        const input = parseInput(salesTargetInput, args.input);
        const period = targetPeriod(input);
        if (input.accountId) {
          const [account] = await rt.dataSource.query('SELECT 1 FROM accounts.account WHERE id = $1', [
            input.accountId,
          ]);
          if (!account) throw notFound('Account', input.accountId);
        }
        const [row] = await rt.dataSource.query(
          `INSERT INTO accounts.sales_target (id, owner_id, account_id, period_kind, period_start, period_end,
             revenue_target, room_night_target, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT ((coalesce(owner_id, '')), (coalesce(account_id, '00000000-0000-0000-0000-000000000000'::uuid)),
             period_kind, period_start)
           DO UPDATE SET revenue_target = EXCLUDED.revenue_target, room_night_target = EXCLUDED.room_night_target,
             updated_at = EXCLUDED.updated_at
           RETURNING ${TARGET_COLUMNS}`,
          [
            randomUUID(),
            input.ownerId ?? null,
            input.accountId ?? null,
            period.kind,
            period.start,
            period.end,
            input.revenueTarget ?? null,
            input.roomNightTarget ?? null,
            rt.clock.now(),
          ],
        );
        return row;
      },
    },
  };
}
