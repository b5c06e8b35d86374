import { defineEvent, defineRequest, id, isoDateTime, z } from './define.js';

export const accountCreated = defineEvent(
  'accounts',
  'account.created',
  1,
  z.object({ accountId: id, name: z.string(), type: z.string(), grade: z.string().nullable(), createdAt: isoDateTime }),
);

/** A guest now travels for an account (or for none, when accountId is null). */
export const guestLinkedToAccount = defineEvent(
  'accounts',
  'account.guest-linked',
  1,
  z.object({ guestId: id, accountId: id.nullable(), linkedAt: isoDateTime }),
);

/** "Do these accounts exist?" Asked by credit before setting terms, and by guests for a check-in's account. */
export const lookupAccounts = defineRequest(
  'accounts',
  'accounts.lookup',
  z.object({ ids: z.array(id).min(1).max(1000) }),
  z.object({ accounts: z.array(z.object({ id, name: z.string(), grade: z.string().nullable(), status: z.string() })) }),
);
