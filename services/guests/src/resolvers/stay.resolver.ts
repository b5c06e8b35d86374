import { randomUUID } from 'node:crypto';
import { accounts, credit, guests as events } from '@guest-graph/events';
import {
  askOrUnavailable,
  badInput,
  canSee,
  DomainError,
  fromCents,
  guarded,
  invalidState,
  isUuid,
  multiplyMoney,
  notFound,
  parseInput,
  type RequestContext,
  toCents,
} from '@guest-graph/subgraph-kit';
import type { GuestsDeps } from '../deps.js';
import { FRONT_DESK, MANAGERS } from '../domain/access.js';
import { type CheckIn, chargesSchema, checkInSchema, nightsBetween } from '../domain/check-in.js';
import { FollowUpWriter } from '../persistence/follow-up.js';
import { refreshGuestValues } from '../persistence/guest-value.repository.js';
import { StayChargeEntity, StayEntity } from '../persistence/stay.entity.js';
import { liveGuest } from './guest.resolver.js';
import { loaders } from './loaders.js';

/**
 * Asks credit whether the account may be billed this stay. Refusals carry credit's own code; silence is a
 * clear SERVICE_UNAVAILABLE so the desk can take another payment method.
 */
async function authorizeDirectBill(
  deps: GuestsDeps,
  input: CheckIn,
  stayId: string,
  guestId: string,
  nights: number,
): Promise<string> {
  const amount = multiplyMoney(input.nightlyRate, nights);
  const reply = await askOrUnavailable(
    deps.rt.bus,
    credit.authorizeDirectBill,
    { accountId: input.accountId!, amount, stayId, guestId },
    {
      about: 'the direct bill',
      advice: 'check in with another payment method or try again',
      timeoutMs: deps.settings.creditTimeoutMs,
      refusalIsUnavailable: true,
    },
  );
  if (reply.approved) return reply.authorizationId;
  if (reply.code === 'NO_CREDIT_TERMS')
    throw new DomainError('CREDIT_LIMIT_EXCEEDED', 'The account has no credit terms: it cannot be billed directly', {
      reason: 'NO_CREDIT_TERMS',
      accountId: input.accountId,
    });
  throw new DomainError(reply.code, reply.message, { accountId: input.accountId, available: reply.available });
}

/**
 * The account a stay is for must exist: production and invoices hang on it. Accounts is asked (its own
 * projection is the truth); silence refuses with SERVICE_UNAVAILABLE, so the desk can check in without it.
 */
async function confirmAccount(deps: GuestsDeps, accountId: string): Promise<void> {
  const reply = await askOrUnavailable(
    deps.rt.bus,
    accounts.lookupAccounts,
    { ids: [accountId] },
    {
      about: 'the account',
      advice: 'check in without it or try again',
      timeoutMs: deps.settings.creditTimeoutMs,
      refusalIsUnavailable: true,
    },
  );
  if (!reply.accounts.some((a) => a.id === accountId))
    throw badInput('input.accountId', 'input.accountId: no such account');
}

async function checkIn(deps: GuestsDeps, ctx: RequestContext, raw: unknown): Promise<StayEntity> {
  const { rt } = deps;
  const input = parseInput(checkInSchema, raw, 'input');
  const guest = await liveGuest(ctx, deps, input.guestId);
  if (!guest) throw notFound('Guest', input.guestId);
  // A blocklisted guest is not checked in at the desk without a manager (who may override).
  const block = guest.restrictions.find((r) => r.type === 'BLOCKLISTED');
  if (block && !canSee(ctx, MANAGERS))
    throw invalidState(`This guest is blocklisted: ${block.reason}. A manager must check them in.`, {
      reason: 'BLOCKLISTED',
    });
  const nights = nightsBetween(input.arrivalDate, input.departureDate);
  // The stay id exists before credit is asked, so credit's hold names the stay it is for.
  const stayId = randomUUID();
  if (input.accountId) await confirmAccount(deps, input.accountId);
  const authorizationId =
    input.paymentMethod === 'DIRECT_BILL' ? await authorizeDirectBill(deps, input, stayId, guest.id, nights) : null;
  const now = rt.clock.now();
  const stay = Object.assign(new StayEntity(), {
    id: stayId,
    guestId: guest.id,
    originGuestId: guest.id,
    propertyCode: input.propertyCode,
    roomType: input.roomType,
    roomNumber: input.roomNumber ?? null,
    arrivalDate: input.arrivalDate,
    departureDate: input.departureDate,
    nights,
    nightlyRate: input.nightlyRate,
    purpose: input.purpose ?? null,
    paymentMethod: input.paymentMethod,
    accountId: input.accountId ?? null,
    authorizationId,
    status: 'IN_HOUSE' as const,
    totalSpend: null,
    checkedInBy: ctx.identity.sub,
    checkedInAt: now,
    checkedOutBy: null,
    checkedOutAt: null,
  } satisfies StayEntity);
  await rt.bus.transact(async (tx) => {
    await tx.insert(StayEntity, stay);
    await rt.bus.emit(
      tx,
      events.stayCheckedIn,
      {
        stayId,
        guestId: guest.id,
        propertyCode: stay.propertyCode,
        roomType: stay.roomType,
        roomNumber: stay.roomNumber,
        arrivalDate: stay.arrivalDate,
        departureDate: stay.departureDate,
        nights,
        nightlyRate: stay.nightlyRate,
        paymentMethod: input.paymentMethod,
        accountId: stay.accountId,
        checkedInAt: now.toISOString(),
      },
      { requestId: ctx.requestId },
    );
  });
  return stay;
}

async function checkOut(
  deps: GuestsDeps,
  ctx: RequestContext,
  stayId: string,
  rawCharges: unknown,
): Promise<StayEntity> {
  const { rt } = deps;
  const charges = parseInput(chargesSchema, rawCharges, 'charges');
  if (!isUuid(stayId)) throw notFound('Stay', stayId);
  const now = rt.clock.now();
  const stay = await rt.bus.transact(async (tx) => {
    // Read under the row lock: a second, concurrent check-out waits, then reads CHECKED_OUT.
    const stay = await tx.findOne(StayEntity, { where: { id: stayId }, lock: { mode: 'pessimistic_write' } });
    if (!stay) throw notFound('Stay', stayId);
    if (stay.status !== 'IN_HOUSE') throw invalidState('This stay is already checked out', { stayId });
    const total = fromCents(charges.reduce((t, c) => t + toCents(c.amount), 0n));
    if (charges.length)
      await tx.insert(
        StayChargeEntity,
        charges.map((c, line) => ({ id: randomUUID(), stayId, line, outlet: c.outlet, amount: c.amount })),
      );
    const done = await tx.query(
      `UPDATE guests.stay SET status = 'CHECKED_OUT', total_spend = $2, checked_out_by = $3, checked_out_at = $4
        WHERE id = $1 AND status = 'IN_HOUSE'`,
      [stayId, total, ctx.identity.sub, now],
    );
    if (done[1] !== 1) throw invalidState('This stay is already checked out', { stayId });
    Object.assign(stay, {
      status: 'CHECKED_OUT',
      totalSpend: total,
      checkedOutBy: ctx.identity.sub,
      checkedOutAt: now,
    });
    await rt.bus.emit(
      tx,
      events.stayCheckedOut,
      {
        stayId,
        guestId: stay.guestId,
        propertyCode: stay.propertyCode,
        roomType: stay.roomType,
        arrivalDate: stay.arrivalDate,
        departureDate: stay.departureDate,
        nights: stay.nights,
        nightlyRate: stay.nightlyRate,
        paymentMethod: stay.paymentMethod as CheckIn['paymentMethod'],
        accountId: stay.accountId,
        charges: charges.map((c) => ({ outlet: c.outlet, amount: c.amount })),
        totalSpend: total,
        checkedOutAt: now.toISOString(),
      },
      { requestId: ctx.requestId },
    );
    await new FollowUpWriter(tx, rt.clock).afterCheckOut(stay, now);
    await refreshGuestValues(tx, rt.clock.dateOf(now), [stay.guestId]);
    return stay;
  });
  return stay;
}

export function stayResolvers(deps: GuestsDeps) {
  const ds = deps.rt.dataSource;
  const L = (ctx: RequestContext) => loaders(ctx, ds);
  return {
    Query: {
      stay: (_: unknown, { id }: { id: string }, ctx: RequestContext) => L(ctx).stay.load(id),
    },
    Mutation: {
      checkIn: guarded(FRONT_DESK, (_: unknown, { input }: { input: unknown }, ctx) => checkIn(deps, ctx, input)),
      checkOut: guarded(FRONT_DESK, (_: unknown, args: { stayId: string; charges: unknown }, ctx) =>
        checkOut(deps, ctx, args.stayId, args.charges),
      ),
    },
    Stay: {
      __resolveReference: (ref: { id: string }, ctx: RequestContext) => L(ctx).stay.load(ref.id),
      guest: (s: StayEntity, _: unknown, ctx: RequestContext) => L(ctx).guest.load(s.guestId),
      account: (s: StayEntity) => (s.accountId ? { id: s.accountId } : null),
      charges: async (s: StayEntity, _: unknown, ctx: RequestContext) =>
        (await L(ctx).charges.load(s.id)).map((c) => ({ outlet: c.outlet, amount: c.amount })),
      arrivalDate: (s: StayEntity) => s.arrivalDate,
    },
  };
}
