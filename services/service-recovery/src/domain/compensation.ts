import type { Role } from '@guest-graph/auth';
import { badInput } from '@guest-graph/subgraph-kit';

/**
 * What the hotel gives back when it failed a guest (seed 002, promise management). Points go to loyalty
 * and a credit on a direct-billed stay's bill goes to credit, by the case.resolved event; the rest is
 * handed over at the hotel and only recorded here.
 */
export const COMPENSATION_KINDS = [
  'POINTS',
  'BILL_CREDIT',
  'ROOM_UPGRADE',
  'FOOD_AND_BEVERAGE_VOUCHER',
  'GIFT',
] as const;
export type CompensationKind = (typeof COMPENSATION_KINDS)[number];
export type CompensationStatus = 'PENDING_APPROVAL' | 'APPROVED' | 'REJECTED' | 'GRANTED';

/** What one member of staff may give on one case without a manager (points, and value in cents). */
export interface Authority {
  points: number;
  cents: bigint;
}
const UNLIMITED: Authority = { points: Number.POSITIVE_INFINITY, cents: BigInt(Number.MAX_SAFE_INTEGER) * 100n };
const NONE: Authority = { points: 0, cents: 0n };

/** The example limits; SERVICE_RECOVERY_AUTHORITY="FRONT_OFFICE=500/300.00,..." overrides them. */
export const DEFAULT_AUTHORITY: Partial<Record<Role, Authority>> = {
  FRONT_OFFICE: { points: 500, cents: 30_000n },
  GUEST_RELATIONS: { points: 5_000, cents: 200_000n },
  MANAGER: UNLIMITED,
};

export function parseAuthority(spec: string | undefined): Partial<Record<Role, Authority>> {
  const out = { ...DEFAULT_AUTHORITY };
  if (!spec?.trim()) return out;
  for (const part of spec.split(',')) {
    const m = part.trim().match(/^([A-Z_]+)=(\d+)\/(\d+(?:\.\d{1,2})?)$/);
    if (!m) throw new Error(`Bad authority "${part}": expected ROLE=points/amount`);
    const [whole, frac = ''] = m[3]!.split('.');
    out[m[1] as Role] = { points: Number(m[2]), cents: BigInt(whole!) * 100n + BigInt(frac.padEnd(2, '0')) };
  }
  return out;
}

/** The widest authority among the caller's roles (a manager who also works the desk is still a manager). */
export function authorityOf(roles: readonly Role[], limits = DEFAULT_AUTHORITY): Authority {
  return roles.reduce<Authority>((best, r) => {
    const a = limits[r] ?? NONE;
    return {
      points: Math.max(best.points, a.points),
      // biome-ignore lint/complexity/useMathMinMax: Math.max does not take bigint
      cents: a.cents > best.cents ? a.cents : best.cents,
    };
  }, NONE);
}

export interface CompensationOffer {
  kind: CompensationKind;
  points: number;
  /** Value in cents (0 for points). */
  cents: bigint;
}

/**
 * Whether an offer needs a manager: the limit holds for everything given on the case, so splitting one
 * gift into small ones does not slip past it.
 */
export function needsApproval(authority: Authority, alreadyOnCase: Authority, offer: CompensationOffer): boolean {
  return alreadyOnCase.points + offer.points > authority.points || alreadyOnCase.cents + offer.cents > authority.cents;
}

/** Checks an offer's shape: points only for POINTS, a value for everything else. */
export function validateOffer(
  kind: CompensationKind,
  points: number | null | undefined,
  cents: bigint | null,
  at: string,
) {
  if (kind === 'POINTS') {
    if (!points || points <= 0 || !Number.isInteger(points))
      throw badInput(`${at}.points`, 'Points must be a positive whole number');
    if (cents) throw badInput(`${at}.amount`, 'Points compensation carries no amount');
    return { kind, points, cents: 0n };
  }
  if (points) throw badInput(`${at}.points`, `${kind} carries an amount, not points`);
  if (cents === null || cents <= 0n) throw badInput(`${at}.amount`, 'The value must be above zero');
  return { kind, points: 0, cents };
}
