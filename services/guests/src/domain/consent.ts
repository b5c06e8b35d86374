import { z } from 'zod';
import { singleLine } from './text.js';

/**
 * What a guest's consent is asked for (PIPL Art. 14: consent is specific to a purpose, given with full
 * knowledge of the notice; Art. 15 and GDPR Art. 7(3): it can be withdrawn as easily as it was given).
 */
export const CONSENT_PURPOSES = ['MARKETING', 'PERSONALISATION', 'SURVEYS', 'GROUP_SHARING'] as const;
export const CONSENT_CHANNELS = ['EMAIL', 'SMS', 'PHONE', 'POST', 'WECHAT'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** Answers recorded through the older marketing fields, which show no notice version. */
export const UNVERSIONED_NOTICE = 'unversioned';

export const consentInputSchema = z
  .object({
    purpose: z.enum(CONSENT_PURPOSES),
    channel: z.enum(CONSENT_CHANNELS).nullish(),
    granted: z.boolean(),
    noticeVersion: singleLine(50, 'A notice version'),
    source: singleLine(200, 'How consent was given or withdrawn'),
  })
  // Marketing is asked channel by channel (seed 004: a guest may take the newsletter but no calls).
  .refine((c) => c.purpose !== 'MARKETING' || c.channel, {
    path: ['channel'],
    message: 'A MARKETING answer names its channel',
  })
  .transform((c) => ({ ...c, channel: c.channel ?? null }));
export type ConsentInput = z.output<typeof consentInputSchema>;

/**
 * Whether a purpose may be served on the latest answer. No answer at all means the guest was never asked:
 * marketing and group sharing need a yes (consent is their only basis); personalisation and surveys belong to
 * the stay the guest booked (PIPL Art. 13(2)) and stop only on a withdrawal.
 */
export function mayServe(purpose: ConsentPurpose, latest: boolean | null): boolean {
  if (latest !== null) return latest;
  return purpose === 'PERSONALISATION' || purpose === 'SURVEYS';
}
