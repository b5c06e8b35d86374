import { badInput, guarded, parseInput, type RequestContext, requireRole } from '@guest-graph/subgraph-kit';
import type { App } from '../application/index.js';
import { CONTRACT_REVIEWERS, SALES_ROLES } from '../domain/access.js';
import { accountContractInput, commitmentRatio } from '../domain/contract.js';
import type { AccountRow } from '../persistence/account.repository.js';
import type { ContractRow } from '../persistence/account-contract.repository.js';
import {
  accountContractsLoader,
  accountLoader,
  contractLoader,
  contractProductionLoader,
  contractRatesLoader,
} from './loaders.js';

export function contractResolvers(app: App) {
  return {
    Account: {
      contracts: guarded(SALES_ROLES, (a: AccountRow, _: unknown, ctx: RequestContext) =>
        accountContractsLoader(app, ctx).load(a.id),
      ),
    },
    AccountContract: {
      review: (c: ContractRow) =>
        c.submittedAt || c.reviewedAt
          ? {
              submittedBy: c.submittedBy ?? null,
              submittedAt: c.submittedAt ?? null,
              reviewedBy: c.reviewedBy ?? null,
              reviewedAt: c.reviewedAt ?? null,
              note: c.reviewNote ?? null,
            }
          : null,
      rates: (c: ContractRow, _: unknown, ctx: RequestContext) => contractRatesLoader(app, ctx).load(c.id),
      performance: async (c: ContractRow, _: unknown, ctx: RequestContext) => {
        const p = await contractProductionLoader(app, ctx).load(c.id);
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
        const within = args.withinDays ?? app.renewalAlertDays;
        if (within < 0 || within > 3660) throw badInput('withinDays', 'withinDays must be 0 to 3660');
        const accounts = accountLoader(app, ctx);
        const contracts = contractLoader(app, ctx);
        return (await app.contractRenewalAlerts(within)).map(({ contract, daysLeft }) => {
          contracts.prime(contract.id, contract);
          return { contract, account: accounts.load(contract.accountId), daysLeft };
        });
      },
    },
    Mutation: {
      createAccountContract: (_: unknown, args: { input: unknown }, ctx: RequestContext) => {
        requireRole(ctx, SALES_ROLES);
        return app.createAccountContract(parseInput(accountContractInput, args.input));
      },
      activateAccountContract: (_: unknown, args: { id: string }, ctx: RequestContext) => {
        requireRole(ctx, SALES_ROLES);
        return app.activateAccountContract(args.id);
      },
      submitAccountContractForReview: (_: unknown, args: { id: string }, ctx: RequestContext) => {
        requireRole(ctx, SALES_ROLES);
        return app.submitAccountContractForReview(args.id, ctx.identity.sub);
      },
      reviewAccountContract: (
        _: unknown,
        args: { id: string; approved: boolean; note?: string | null },
        ctx: RequestContext,
      ) => {
        requireRole(ctx, CONTRACT_REVIEWERS);
        const note = args.note?.trim() || null;
        if (!args.approved && !note) throw badInput('note', 'note: say what must change before the contract is signed');
        return app.reviewAccountContract(args.id, args.approved, note?.slice(0, 4000) ?? null, ctx.identity.sub);
      },
      reviseAccountContract: (_: unknown, args: { id: string }, ctx: RequestContext) => {
        requireRole(ctx, SALES_ROLES);
        return app.reviseAccountContract(args.id);
      },
      terminateAccountContract: (_: unknown, args: { id: string; reason: string }, ctx: RequestContext) => {
        requireRole(ctx, SALES_ROLES);
        const reason = args.reason.trim();
        if (!reason) throw badInput('reason', 'reason: say why the contract ends early');
        return app.terminateAccountContract(args.id, reason.slice(0, 2000));
      },
    },
  };
}
