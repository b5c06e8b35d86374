import { randomUUID } from 'node:crypto';
import { accounts as catalogue } from '@guest-graph/events';
import { badInput, isUuid, notFound, type Runtime } from '@guest-graph/subgraph-kit';
import type { EntityManager } from 'typeorm';
import { type CreateAccountInput, initialStatus, type UpdateAccountInput } from '../domain/account-file.js';
import { wouldCreateCycle } from '../domain/account-hierarchy.js';
import { productionWindow } from '../domain/production.js';
import { accountLine } from '../domain/timeline.js';
import {
  type AccountRow,
  accountExists,
  accountSummaries,
  accountsByIds,
  ancestryOf,
  insertAccount,
  lockHierarchy,
  setParent,
  updateAccountFields,
} from '../persistence/account.repository.js';
import { type AccountsFilter, accountPage, type Direction, type OrderField } from '../persistence/account-page.js';
import { insertRate } from '../persistence/account-rate.repository.js';
import type { Actor } from './actor.js';
import { accountTimeline } from './timeline.js';

/** The account file (单位客户档案): opening, changing and listing accounts, and their group hierarchy. */
export function accountFile(rt: Runtime) {
  const lines = accountTimeline(rt);
  return {
    /**
     * `alongside` runs in the same transaction once the account row exists (a lead's conversion claims the
     * lead there): if it throws, no account is opened.
     */
    async createAccount(
      input: CreateAccountInput,
      by: Actor,
      alongside?: (tx: EntityManager, accountId: string) => Promise<void>,
    ): Promise<AccountRow> {
      if (input.parentId && !(await accountExists(rt.dataSource, input.parentId)))
        throw badInput('input.parentId', 'input.parentId: no account with this id');
      const now = rt.clock.now();
      const id = randomUUID();
      return rt.bus.transact(async (tx) => {
        await insertAccount(
          tx,
          {
            id,
            name: input.name,
            type: input.type,
            grade: input.grade ?? null,
            status: initialStatus(input),
            industry: input.industry ?? null,
            address: input.address ?? null,
            natureOfBusiness: input.natureOfBusiness ?? null,
            personInCharge: input.personInCharge ?? null,
            mainNeeds: input.mainNeeds ?? null,
            paymentMethod: input.paymentMethod ?? null,
            contactName: input.contactName ?? null,
            contactPhone: input.contactPhone ?? null,
            negotiatedRate: input.negotiatedRate ?? null,
            discountPercent: input.discountPercent ?? null,
            // A sales person opening an account is its owner unless they name someone else.
            ownerId: input.ownerId ?? (by.sells ? by.staffId : null),
            parentId: input.parentId ?? null,
            channel: input.channel ?? null,
            relationshipType: input.relationshipType ?? null,
          },
          now,
        );
        await alongside?.(tx, id);
        // The file's agreed rate (协议房价) becomes the first negotiated rate, for any room, from today.
        if (input.negotiatedRate != null || input.discountPercent != null)
          await insertRate(
            tx,
            {
              id: randomUUID(),
              accountId: id,
              contractId: null,
              roomType: null,
              rate: input.negotiatedRate ?? null,
              discountPercent: input.discountPercent ?? null,
              validFrom: rt.clock.dateOf(now),
              validTo: null,
            },
            now,
          );
        await rt.bus.emit(
          tx,
          catalogue.accountCreated,
          {
            accountId: id,
            name: input.name,
            type: input.type,
            grade: input.grade ?? null,
            createdAt: now.toISOString(),
          },
          { requestId: by.requestId },
        );
        await lines.recordAccountTimelineEntry(tx, {
          accountId: id,
          at: now,
          key: `accounts:created:${id}`,
          ...accountLine.created(input.type),
        });
        return (await accountsByIds(tx, [id]))[0]!;
      });
    },

    /** Changes the fields present in `changes` (a present null clears one); announces the change. */
    async updateAccount(id: string, changes: Partial<UpdateAccountInput>, by: Actor): Promise<AccountRow> {
      if (!isUuid(id)) throw notFound('Account', id);
      const now = rt.clock.now();
      await rt.bus.transact(async (tx) => {
        const { headline, changedFields } = await updateAccountFields(tx, id, changes, now);
        if (!headline) throw notFound('Account', id);
        if (changedFields.length)
          await rt.bus.emit(
            tx,
            catalogue.accountUpdated,
            { accountId: id, changedFields, ...headline, updatedAt: now.toISOString() },
            { requestId: by.requestId },
          );
        if (changedFields.length)
          await lines.recordAccountTimelineEntry(tx, { accountId: id, at: now, ...accountLine.updated(changedFields) });
      });
      return (await accountsByIds(rt.dataSource, [id]))[0]!;
    },

    /** Makes the account a branch of another (or a head office again with no parent); never a loop. */
    async setParentAccount(accountId: string, parentId: string | null, by: Actor): Promise<AccountRow> {
      if (!isUuid(accountId)) throw notFound('Account', accountId);
      if (parentId != null && !isUuid(parentId)) throw badInput('parentId', 'parentId: no such account');
      await rt.bus.transact(async (tx) => {
        await lockHierarchy(tx);
        if (!(await accountExists(tx, accountId))) throw notFound('Account', accountId);
        if (parentId) {
          const ancestry = await ancestryOf(tx, parentId);
          if (!ancestry.length) throw badInput('parentId', 'parentId: no such account');
          if (wouldCreateCycle(accountId, ancestry))
            throw badInput('parentId', 'parentId: the account cannot be a branch of itself or of its own branch');
        }
        const now = rt.clock.now();
        const moved = await setParent(tx, accountId, parentId, now);
        await rt.bus.emit(
          tx,
          catalogue.accountUpdated,
          { accountId, changedFields: ['parentId'], ...moved, updatedAt: now.toISOString() },
          { requestId: by.requestId },
        );
      });
      return (await accountsByIds(rt.dataSource, [accountId]))[0]!;
    },

    /** A page of accounts; REVENUE orders by the last 12 months' production. */
    accountPage(req: {
      first: number;
      after: { key: string; id: string } | null;
      filter: AccountsFilter;
      field: OrderField;
      direction: Direction;
    }) {
      return accountPage(rt.dataSource, { ...req, revenueWindow: productionWindow(rt.clock.today()) });
    },

    /** "Do these accounts exist?" (credit before setting terms; guests for a check-in's account). */
    lookupAccounts: (ids: string[]) => accountSummaries(rt.dataSource, ids),
  };
}
