import { randomUUID } from 'node:crypto';
import { notFound, type Runtime } from '@guest-graph/subgraph-kit';
import type { AccountContactInput } from '../domain/account-file.js';
import { birthdaysWithin } from '../domain/contact-care.js';
import { type ContactRow, contactsWithBirthdays, insertContact } from '../persistence/account-contact.repository.js';

/** The people at an account (联系人) and the care the sales office owes them. */
export function contacts(rt: Runtime) {
  return {
    async addAccountContact(accountId: string, input: AccountContactInput): Promise<ContactRow> {
      const row = await insertContact(
        rt.dataSource,
        {
          id: randomUUID(),
          accountId,
          name: input.name,
          title: input.title ?? null,
          phone: input.phone ?? null,
          email: input.email ?? null,
          decisionMaker: input.decisionMaker ?? false,
          birthday: input.birthday ?? null,
        },
        rt.clock.now(),
      );
      if (!row) throw notFound('Account', accountId);
      return row;
    },

    /** Contacts whose birthday falls within the days ahead, nearest first (of one sales person's accounts). */
    async upcomingContactBirthdays(withinDays: number, ownerId: string | null) {
      return birthdaysWithin(await contactsWithBirthdays(rt.dataSource, ownerId), rt.clock.today(), withinDays);
    },
  };
}
