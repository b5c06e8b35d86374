import { randomUUID } from 'node:crypto';
import { guests } from '@guest-graph/events';
import { badInput, isValidDate, parseInput, type RequestContext } from '@guest-graph/subgraph-kit';
import { z } from 'zod';
import { earningRates, insertPromotion, promotions, upsertEarningRate } from '../persistence/programme.repository.js';
import type { Loyalty } from './loyalty.js';

const rate = z.string().regex(/^\d{1,6}(\.\d{1,2})?$/, 'a rate such as "1.00" (points per currency unit)');

/** Sets how many points a currency unit spent at an outlet earns, from the next check-out on. */
export async function setEarningRate(l: Loyalty, ctx: RequestContext, outlet: string, pointsPerUnit: string) {
  if (!(guests.OUTLETS as readonly string[]).includes(outlet)) throw badInput('outlet', `Unknown outlet ${outlet}`);
  parseInput(rate, pointsPerUnit, 'pointsPerUnit');
  await upsertEarningRate(l.dataSource, outlet, pointsPerUnit, l.clock.now(), `staff:${ctx.identity.sub}`);
  return { outlet, pointsPerUnit };
}

const promotionInput = z
  .object({
    name: z.string().trim().min(1, 'a name is required').max(200),
    startsOn: z.string().refine(isValidDate, 'a date as YYYY-MM-DD'),
    endsOn: z.string().refine(isValidDate, 'a date as YYYY-MM-DD'),
    multiplier: z
      .string()
      .regex(/^\d{1,3}(\.\d{1,2})?$/, 'a multiplier such as "2.00"')
      .refine((m) => Number(m) > 1, 'must be more than 1'),
    weekdays: z.array(z.number().int().min(1).max(7)).max(7).nullish(),
  })
  .refine((p) => p.endsOn >= p.startsOn, { path: ['endsOn'], message: 'must not be before startsOn' });

export type PromotionInput = z.input<typeof promotionInput>;

/** A promotion multiplies base points for the nights it covers (e.g. weekdays [5, 6]: Friday and Saturday). */
export async function createPromotion(l: Loyalty, ctx: RequestContext, input: PromotionInput) {
  const p = parseInput(promotionInput, input);
  const id = randomUUID();
  const weekdays = p.weekdays?.length ? [...new Set(p.weekdays)].sort() : null;
  await insertPromotion(l.dataSource, { id, ...p, weekdays }, l.clock.now(), `staff:${ctx.identity.sub}`);
  return { id, name: p.name, startsOn: p.startsOn, endsOn: p.endsOn, multiplier: p.multiplier, weekdays };
}

export const listEarningRates = (l: Loyalty) => earningRates(l.dataSource);
export const listPromotions = (l: Loyalty) => promotions(l.dataSource);
