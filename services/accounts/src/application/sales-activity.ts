import { randomUUID } from 'node:crypto';
import { badInput, notFound, type Runtime } from '@guest-graph/subgraph-kit';
import { isInTheFuture, type SalesActivityInput } from '../domain/sales-activity.js';
import { accountLine } from '../domain/timeline.js';
import { touchLastContact } from '../persistence/account.repository.js';
import { isContactOf } from '../persistence/account-contact.repository.js';
import {
  type ActivityRow,
  activityById,
  type FollowUpCursor,
  followUpsDue,
  insertActivity,
} from '../persistence/sales-activity.repository.js';
import type { Actor } from './actor.js';
import { accountTimeline } from './timeline.js';

/** Sales activities (客户拜访): visits, calls and meetings, and the follow-ups they promise. */
export function salesActivities(rt: Runtime) {
  return {
    async recordSalesActivity(input: SalesActivityInput, by: Actor): Promise<ActivityRow> {
      const now = rt.clock.now();
      const occurredAt = input.occurredAt ? new Date(input.occurredAt) : now;
      if (isInTheFuture(occurredAt, now))
        throw badInput('input.occurredAt', 'input.occurredAt: an activity cannot be recorded before it happens');
      const id = randomUUID();
      await rt.dataSource.transaction(async (tx) => {
        // The activity is the contact the cadence asks for: the account's last contact moves forward, never back.
        if (!(await touchLastContact(tx, input.accountId, occurredAt, now))) throw notFound('Account', input.accountId);
        if (input.contactId && !(await isContactOf(tx, input.contactId, input.accountId)))
          throw badInput('input.contactId', 'input.contactId: no contact of this account');
        await insertActivity(
          tx,
          {
            id,
            accountId: input.accountId,
            kind: input.kind,
            occurredAt,
            staffId: by.staffId,
            contactId: input.contactId ?? null,
            purpose: input.purpose ?? null,
            outcome: input.outcome ?? null,
            nextStep: input.nextStep ?? null,
            nextStepOn: input.nextStepOn ?? null,
          },
          now,
        );
        await accountTimeline(rt).recordAccountTimelineEntry(tx, {
          accountId: input.accountId,
          at: occurredAt,
          key: `accounts:activity:${id}`,
          ...accountLine.activity(input.kind),
        });
      });
      return activityById(rt.dataSource, id);
    },

    /** A page of follow-ups due today or earlier, oldest next step first. */
    salesFollowUpsDue: (ownerId: string | null, first: number, after: FollowUpCursor | null) =>
      followUpsDue(rt.dataSource, rt.clock.today(), ownerId, first, after),
  };
}
