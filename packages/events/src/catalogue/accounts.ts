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

/**
 * The client file changed (a grade, a name, a status, an owner, a parent…): for projections that show an
 * account's name or grade, and for reports that follow re-grading.
 */
export const accountUpdated = defineEvent(
  'accounts',
  'account.updated',
  1,
  z.object({
    accountId: id,
    changedFields: z.array(z.string()).min(1),
    name: z.string(),
    grade: z.string().nullable(),
    status: z.string(),
    updatedAt: isoDateTime,
  }),
);
