import { randomUUID } from 'node:crypto';
import { settingsOf } from '@guest-graph/config';
import { changedRows } from '@guest-graph/db';
import {
  addDays,
  badInput,
  guarded,
  invalidState,
  isUuid,
  notFound,
  parseInput,
  type RequestContext,
  type Runtime,
  requireRole,
} from '@guest-graph/subgraph-kit';
import {
  accountContractInput,
  type ContractStatus,
  canMove,
  commitmentRatio,
  renewalAlert,
} from '../domain/contract.js';
import { type AccountRow } from '../persistence/account.repository.js';
import { type ContractRow, contractsByIds, contractsEndingBetween } from '../persistence/sales-work.repository.js';
import { accountLoader } from './loaders.js';
import { SALES_ROLES } from './roles.js';
import {
  accountContractsLoader,
  contractLoader,
  contractProductionLoader,
  contractRatesLoader,
} from './sales-work-loaders.js';

export function contractResolvers(rt: Runtime) {
  const alertDays = settingsOf('accounts', rt.env).ACCOUNTS_RENEWAL_ALERT_DAYS;

  /** Moves a contract by compare-and-set on its status, so two clerks cannot both activate or terminate it. */
  async function move(id: string, to: ContractStatus, reason: string | null): Promise<ContractRow> {
    if (!isUuid(id)) throw notFound('Contract', id);
    const now = rt.clock.now();
    const [current] = await contractsByIds(rt.dataSource, [id]);
    if (!current) throw notFound('Contract', id);
    if (!canMove(current.status, to)) throw invalidState(`A ${current.status} contract cannot become ${to}`);
    if (to === 'ACTIVE' && current.validTo < rt.clock.dateOf(now))
      throw invalidState('The contract ended already; draft a new one for the renewal');
    const moved = await changedRows(
      rt.dataSource,
      `UPDATE accounts.account_contract SET status = $3, terminated_reason = coalesce($4, terminated_reason),
         updated_at = $5 WHERE id = $1 AND status = $2 RETURNING id`,
      [id, current.status, to, reason, now],
    );
    if (!moved.length) throw invalidState('The contract changed meanwhile; reload it');
    return (await contractsByIds(rt.dataSource, [id]))[0]!;
  }

  return {
    Account: {
      contracts: guarded(SALES_ROLES, (a: AccountRow, _: unknown, ctx: RequestContext) =>
        accountContractsLoader(rt, ctx).load(a.id),
      ),
    },
    AccountContract: {
      rates: (c: ContractRow, _: unknown, ctx: RequestContext) => contractRatesLoader(rt, ctx).load(c.id),
      performance: async (c: ContractRow, _: unknown, ctx: RequestContext) => {
        const p = await contractProductionLoader(rt, ctx).load(c.id);
        return {
          committedRoomNights: c.roomNightCommitment,
          actualRoomNights: p.roomNights,
          actualRevenue: p.revenue,
          ratio: commitmentRatio(c.roomNightCommitment, p.roomNights),
        };
      },
    },
    Query: {
      accountContractRenewalAlerts: async (_: unknown, args: { withinDays?: number | null }, ctx: RequestContext) => {
        requireRole(ctx, SALES_ROLES);
        const within = args.withinDays ?? alertDays;
        if (within < 0 || within > 3660) throw badInput('withinDays', 'withinDays must be 0 to 3660');
        const today = rt.clock.today();
        const rows = await contractsEndingBetween(rt.dataSource, today, addDays(today, within));
        const accounts = accountLoader(rt, ctx);
        const contracts = contractLoader(rt, ctx);
        return rows.flatMap((c) => {
          const daysLeft = renewalAlert(c, today, within);
          if (daysLeft === null) return [];
          contracts.prime(c.id, c);
          return [{ contract: c, account: accounts.load(c.accountId), daysLeft }];
        });
      },
    },
    Mutation: {
      createAccountContract: async (_: unknown, args: { input: unknown }, ctx: RequestContext) => {
        requireRole(ctx, SALES_ROLES);
        const input = parseInput(accountContractInput, args.input);
        const now = rt.clock.now();
        const id = randomUUID();
        const rows = await rt.dataSource.query(
          `INSERT INTO accounts.account_contract (id, account_id, reference, terms, status, valid_from, valid_to,
             room_night_commitment, created_at, updated_at)
           SELECT $1, a.id, $3, $4, 'DRAFT', $5, $6, $7, $8, $8 FROM accounts.account a WHERE a.id = $2
           RETURNING id`,
          [
            id,
            input.accountId,
            input.reference,
            input.terms ?? null,
            input.validFrom,
            input.validTo,
            input.roomNightCommitment ?? null,
            now,
          ],
        );
        if (!rows.length) throw notFound('Account', input.accountId);
        return (await contractsByIds(rt.dataSource, [id]))[0];
      },
      activateAccountContract: (_: unknown, args: { id: string }, ctx: RequestContext) => {
        requireRole(ctx, SALES_ROLES);
        return move(args.id, 'ACTIVE', null);
      },
      terminateAccountContract: (_: unknown, args: { id: string; reason: string }, ctx: RequestContext) => {
        requireRole(ctx, SALES_ROLES);
        const reason = args.reason.trim();
        if (!reason) throw badInput('reason', 'reason: say why the contract ends early');
        return move(args.id, 'TERMINATED', reason.slice(0, 2000));
      },
    },
  };
}
