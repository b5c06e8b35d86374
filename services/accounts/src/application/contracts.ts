import { randomUUID } from 'node:crypto';
import { addDays, invalidState, isUuid, notFound, type Runtime } from '@guest-graph/subgraph-kit';
import { type AccountContractInput, type ContractStatus, canMove, renewalAlert } from '../domain/contract.js';
import { accountLine } from '../domain/timeline.js';
import {
  type ContractRow,
  contractsByIds,
  contractsEndingBetween,
  expireContracts,
  insertContract,
  moveContract,
} from '../persistence/account-contract.repository.js';
import { accountTimeline } from './timeline.js';

/** Contracts (合同): drafted, activated, terminated early or expired, and renewed in time. */
export function contracts(rt: Runtime) {
  /** Moves a contract by compare-and-set on its status, so two clerks cannot both activate or terminate it. */
  async function move(
    id: string,
    to: ContractStatus,
    reason: string | null,
    review: Parameters<typeof moveContract>[6] = {},
  ): Promise<ContractRow> {
    if (!isUuid(id)) throw notFound('Contract', id);
    const now = rt.clock.now();
    const [current] = await contractsByIds(rt.dataSource, [id]);
    if (!current) throw notFound('Contract', id);
    if (!canMove(current.status, to))
      throw invalidState(
        to === 'ACTIVE'
          ? `A ${current.status} contract cannot be signed: a manager approves it first (submit it for review)`
          : `A ${current.status} contract cannot become ${to}`,
        { status: current.status },
      );
    if (to === 'ACTIVE' && current.validTo < rt.clock.dateOf(now))
      throw invalidState('The contract ended already; draft a new one for the renewal');
    if (!(await moveContract(rt.dataSource, id, current.status, to, reason, now, review)))
      throw invalidState('The contract changed meanwhile; reload it');
    if (to === 'ACTIVE')
      await accountTimeline(rt).recordAccountTimelineEntry(rt.dataSource.manager, {
        accountId: current.accountId,
        at: now,
        key: `accounts:contract-signed:${id}`,
        ...accountLine.contractSigned(),
      });
    return (await contractsByIds(rt.dataSource, [id]))[0]!;
  }

  return {
    async createAccountContract(input: AccountContractInput): Promise<ContractRow> {
      const id = randomUUID();
      const created = await insertContract(
        rt.dataSource,
        {
          id,
          accountId: input.accountId,
          reference: input.reference,
          terms: input.terms ?? null,
          validFrom: input.validFrom,
          validTo: input.validTo,
          roomNightCommitment: input.roomNightCommitment ?? null,
        },
        rt.clock.now(),
      );
      if (!created) throw notFound('Account', input.accountId);
      return (await contractsByIds(rt.dataSource, [id]))[0]!;
    },
    /** Only a contract a manager approved is signed (seed 004: review before signing). */
    activateAccountContract: (id: string) => move(id, 'ACTIVE', null),
    /** Sales sends a draft (or a rejected contract, revised) for review. */
    submitAccountContractForReview: (id: string, staffId: string) =>
      move(id, 'IN_REVIEW', null, { submittedBy: staffId }),
    /** A manager's decision on a contract in review, with a note (required when rejecting: what to change). */
    reviewAccountContract: (id: string, approved: boolean, note: string | null, staffId: string) =>
      move(id, approved ? 'APPROVED' : 'REJECTED', null, { reviewedBy: staffId, note }),
    /** A rejected contract goes back to DRAFT to be revised. */
    reviseAccountContract: (id: string) => move(id, 'DRAFT', null),
    terminateAccountContract: (id: string, reason: string) => move(id, 'TERMINATED', reason),

    /** Active contracts ending within the days ahead, with the days left. */
    async contractRenewalAlerts(withinDays: number): Promise<{ contract: ContractRow; daysLeft: number }[]> {
      const today = rt.clock.today();
      const rows = await contractsEndingBetween(rt.dataSource, today, addDays(today, withinDays));
      return rows.flatMap((contract) => {
        const daysLeft = renewalAlert(contract, today, withinDays);
        return daysLeft === null ? [] : [{ contract, daysLeft }];
      });
    },

    /** Contracts past their last day become EXPIRED. Runs for the runtime's clock; running it twice changes nothing. */
    expireContracts() {
      const now = rt.clock.now();
      return expireContracts(rt.dataSource, rt.clock.dateOf(now), now);
    },
  };
}
