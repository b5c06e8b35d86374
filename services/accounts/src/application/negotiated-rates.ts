import { randomUUID } from 'node:crypto';
import { badInput, notFound, type Runtime } from '@guest-graph/subgraph-kit';
import type { AccountRateInput } from '../domain/negotiated-rate.js';
import { accountExists } from '../persistence/account.repository.js';
import { isContractOf } from '../persistence/account-contract.repository.js';
import { insertRate, type RateRow } from '../persistence/account-rate.repository.js';

/** Negotiated rates (协议房价): an account's price for a room type over a period, maybe under a contract. */
export function negotiatedRates(rt: Runtime) {
  return {
    addNegotiatedRate(accountId: string, input: AccountRateInput): Promise<RateRow> {
      return rt.dataSource.transaction(async (tx) => {
        if (!(await accountExists(tx, accountId))) throw notFound('Account', accountId);
        if (input.contractId && !(await isContractOf(tx, input.contractId, accountId)))
          throw badInput('input.contractId', 'input.contractId: no contract of this account');
        return insertRate(
          tx,
          {
            id: randomUUID(),
            accountId,
            contractId: input.contractId ?? null,
            roomType: input.roomType ?? null,
            rate: input.rate ?? null,
            discountPercent: input.discountPercent ?? null,
            validFrom: input.validFrom,
            validTo: input.validTo ?? null,
          },
          rt.clock.now(),
        );
      });
    },
  };
}
