import { randomUUID } from 'node:crypto';
import { settingsOf } from '@guest-graph/config';
import { changedRows } from '@guest-graph/db';
import { accounts as catalogue } from '@guest-graph/events';
import {
  badInput,
  canSee,
  guardedField,
  isUuid,
  notFound,
  parseInput,
  type RequestContext,
  type Runtime,
  requireRole,
} from '@guest-graph/subgraph-kit';
import {
  createAccountInput,
  initialStatus,
  type UpdateAccountInput,
  updateAccountInput,
} from '../domain/account-file.js';
import { wouldCreateCycle } from '../domain/account-hierarchy.js';
import { cadenceDays, parseCadence } from '../domain/contact-cadence.js';
import { productionWindow } from '../domain/production.js';
import { type AccountRow, accountsByIds, ancestryOf } from '../persistence/account.repository.js';
import { accountPage, decodeCursor, encodeCursor, type OrderField } from '../persistence/account-page.js';
import { accountLoader, branchesLoader, primeAccounts } from './loaders.js';
import { CONTACT_READERS, SALES_ROLES } from './roles.js';

const MAX_PAGE = 500;

// GraphQL input names to columns, for the fields updateAccount may change.
const UPDATABLE: Record<keyof UpdateAccountInput, string> = {
  name: 'name',
  type: 'type',
  grade: 'grade',
  industry: 'industry',
  address: 'address',
  contactName: 'contact_name',
  contactPhone: 'contact_phone',
  negotiatedRate: 'negotiated_rate',
  discountPercent: 'discount_percent',
  natureOfBusiness: 'nature_of_business',
  personInCharge: 'person_in_charge',
  mainNeeds: 'main_needs',
  paymentMethod: 'payment_method',
  ownerId: 'owner_id',
  status: 'status',
  channel: 'acquisition_channel',
};

export function accountResolvers(rt: Runtime) {
  const cadence = parseCadence(settingsOf('accounts', rt.env).ACCOUNTS_CONTACT_CADENCE);

  const load = (ctx: RequestContext, id: string) => accountLoader(rt, ctx).load(id);

  return {
    Query: {
      account: (_: unknown, { id }: { id: string }, ctx: RequestContext) => load(ctx, id),

      accounts: async (
        _: unknown,
        args: {
          first: number;
          after?: string | null;
          filter?: Record<string, string | null> | null;
          orderBy?: { field: OrderField; direction?: 'ASC' | 'DESC' | null } | null;
        },
        ctx: RequestContext,
      ) => {
        if (args.first < 1 || args.first > MAX_PAGE) throw badInput('first', `first must be 1 to ${MAX_PAGE}`);
        const field = args.orderBy?.field ?? 'NAME';
        const direction = args.orderBy?.direction ?? 'ASC';
        const order = `${field}:${direction}`;
        const after = args.after ? decodeCursor(order, args.after) : null;
        if (args.after && !after) throw badInput('after', 'after is not a cursor of this list and ordering');
        const filter = args.filter ?? {};
        if (filter.parentId && !isUuid(filter.parentId)) return { edges: [], pageInfo: { hasNextPage: false } };
        const { rows, hasNextPage } = await accountPage(rt.dataSource, {
          first: args.first,
          after,
          filter,
          field,
          direction,
          revenueWindow: productionWindow(rt.clock.today()),
        });
        primeAccounts(rt, ctx, rows);
        const edges = rows.map((r) => ({ cursor: encodeCursor(order, { key: r.sortKey, id: r.id }), node: r }));
        return { edges, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
      },
    },

    Account: {
      __resolveReference: (ref: { id: string }, ctx: RequestContext) => load(ctx, ref.id),
      personInCharge: guardedField(CONTACT_READERS, 'personInCharge'),
      contactName: guardedField(CONTACT_READERS, 'contactName'),
      contactPhone: guardedField(CONTACT_READERS, 'contactPhone'),
      parent: (a: AccountRow, _: unknown, ctx: RequestContext) => (a.parentId ? load(ctx, a.parentId) : null),
      branches: (a: AccountRow, _: unknown, ctx: RequestContext) => branchesLoader(rt, ctx).load(a.id),
      contactCadenceDays: (a: AccountRow) => cadenceDays(cadence, a.grade),
    },

    Mutation: {
      createAccount: async (_: unknown, args: { input: unknown }, ctx: RequestContext) => {
        requireRole(ctx, SALES_ROLES);
        const input = parseInput(createAccountInput, args.input);
        if (input.parentId && !(await load(ctx, input.parentId)))
          throw badInput('input.parentId', 'input.parentId: no account with this id');
        const now = rt.clock.now();
        const id = randomUUID();
        // A sales person opening an account is its owner unless they name someone else.
        const ownerId = input.ownerId ?? (canSee(ctx, ['SALES']) ? ctx.identity.sub : null);
        const row = await rt.bus.transact(async (tx) => {
          await tx.query(
            `INSERT INTO accounts.account (id, name, type, grade, status, industry, address, nature_of_business,
               person_in_charge, main_needs, payment_method, contact_name, contact_phone, negotiated_rate,
               discount_percent, owner_id, parent_id, acquisition_channel, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $19, $18, $18)`,
            [
              id,
              input.name,
              input.type,
              input.grade ?? null,
              initialStatus(input),
              input.industry ?? null,
              input.address ?? null,
              input.natureOfBusiness ?? null,
              input.personInCharge ?? null,
              input.mainNeeds ?? null,
              input.paymentMethod ?? null,
              input.contactName ?? null,
              input.contactPhone ?? null,
              input.negotiatedRate ?? null,
              input.discountPercent ?? null,
              ownerId,
              input.parentId ?? null,
              now,
              input.channel ?? null,
            ],
          );
          // The file's agreed rate (协议房价) becomes the first negotiated rate, for any room, from today.
          if (input.negotiatedRate != null || input.discountPercent != null)
            await tx.query(
              `INSERT INTO accounts.account_rate (id, account_id, room_type, rate, discount_percent, valid_from, created_at)
               VALUES ($1, $2, NULL, $3, $4, $5, $6)`,
              [
                randomUUID(),
                id,
                input.negotiatedRate ?? null,
                input.discountPercent ?? null,
                rt.clock.dateOf(now),
                now,
              ],
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
            { requestId: ctx.requestId },
          );
          return (await accountsByIds(tx, [id]))[0]!;
        });
        primeAccounts(rt, ctx, [row]);
        return row;
      },

      updateAccount: async (_: unknown, args: { id: string; input: Record<string, unknown> }, ctx: RequestContext) => {
        requireRole(ctx, SALES_ROLES);
        const input = parseInput(updateAccountInput, args.input);
        if (!isUuid(args.id)) throw notFound('Account', args.id);
        const sets: string[] = [];
        const now = rt.clock.now();
        const params: unknown[] = [args.id, now];
        const changedFields: string[] = [];
        for (const [field, column] of Object.entries(UPDATABLE)) {
          if (!(field in args.input)) continue;
          params.push((input as Record<string, unknown>)[field] ?? null);
          sets.push(`${column} = $${params.length}`);
          changedFields.push(field);
        }
        await rt.bus.transact(async (tx) => {
          const rows = await changedRows<{ name: string; grade: string | null; status: string }>(
            tx,
            `UPDATE accounts.account SET ${[...sets, 'updated_at = $2'].join(', ')} WHERE id = $1
             RETURNING name, grade, status`,
            params,
          );
          if (!rows.length) throw notFound('Account', args.id);
          if (changedFields.length)
            await rt.bus.emit(
              tx,
              catalogue.accountUpdated,
              { accountId: args.id, changedFields, ...rows[0]!, updatedAt: now.toISOString() },
              { requestId: ctx.requestId },
            );
        });
        const [row] = await accountsByIds(rt.dataSource, [args.id]);
        primeAccounts(rt, ctx, [row!]);
        return row;
      },

      setParentAccount: async (
        _: unknown,
        args: { accountId: string; parentId?: string | null },
        ctx: RequestContext,
      ) => {
        requireRole(ctx, SALES_ROLES);
        if (!isUuid(args.accountId)) throw notFound('Account', args.accountId);
        if (args.parentId != null && !isUuid(args.parentId)) throw badInput('parentId', 'parentId: no such account');
        await rt.bus.transact(async (tx) => {
          // One hierarchy change at a time: two moves checked apart could together close a loop.
          await tx.query(`SELECT pg_advisory_xact_lock(hashtext('accounts.hierarchy'))`);
          const [exists] = await tx.query('SELECT 1 FROM accounts.account WHERE id = $1', [args.accountId]);
          if (!exists) throw notFound('Account', args.accountId);
          if (args.parentId) {
            const ancestry = await ancestryOf(tx, args.parentId);
            if (!ancestry.length) throw badInput('parentId', 'parentId: no such account');
            if (wouldCreateCycle(args.accountId, ancestry))
              throw badInput('parentId', 'parentId: the account cannot be a branch of itself or of its own branch');
          }
          const now = rt.clock.now();
          const [moved] = await changedRows<{ name: string; grade: string | null; status: string }>(
            tx,
            'UPDATE accounts.account SET parent_id = $2, updated_at = $3 WHERE id = $1 RETURNING name, grade, status',
            [args.accountId, args.parentId ?? null, now],
          );
          await rt.bus.emit(
            tx,
            catalogue.accountUpdated,
            { accountId: args.accountId, changedFields: ['parentId'], ...moved!, updatedAt: now.toISOString() },
            { requestId: ctx.requestId },
          );
        });
        const [row] = await accountsByIds(rt.dataSource, [args.accountId]);
        primeAccounts(rt, ctx, [row!]);
        return row;
      },
    },
  };
}
