import { defineEvent, id, isoDateTime, z } from './define.js';

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
