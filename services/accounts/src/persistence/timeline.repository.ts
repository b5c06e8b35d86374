import { timelineStore } from '@guest-graph/subgraph-kit';
import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

/** The accounts' timelines: an account's own lines (accounts are not merged). */
export const accountTimelines = timelineStore({ subject: 'ACCOUNT', schema: 'accounts', subjectColumn: 'account_id' });

const EVENT_DETAIL = `to_char(e.starts_on, 'YYYY-MM-DD') || '|' || to_char(e.ends_on, 'YYYY-MM-DD') || '|' || a.vip`;

/**
 * The accounts service's history as facts, by key after `after`: accounts opened, guests linked, sales
 * activities, contracts in force; on guests' timelines, also hotel events' attendees (on the list, and attended
 * once the event was held; `detail` is `startsOn|endsOn|vip`). `subjectId` is the account, or the guest for a
 * line on a guest: for an attendance, the guest it was first written for, as the live line named it.
 */
export const history = (
  db: Db,
  subject: 'GUEST' | 'ACCOUNT',
  after: string | null,
  limit: number,
): Promise<{ subjectId: string; key: string; kind: string; detail: string | null; at: Date }[]> =>
  db.query(
    `SELECT * FROM (
       SELECT id AS "subjectId", 'accounts:created:' || id AS key, 'ACCOUNT_CREATED' AS kind, type AS detail,
              created_at AS at
         FROM accounts.account WHERE $1 = 'ACCOUNT'
       UNION ALL
       SELECT CASE WHEN $1 = 'GUEST' THEN guest_id ELSE account_id END,
              'accounts:linked:' || guest_id || ':' || account_id || ':'
                || to_char(linked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              'ACCOUNT_LINKED', NULL, linked_at
         FROM accounts.guest_link
       UNION ALL
       SELECT account_id, 'accounts:activity:' || id, 'SALES_ACTIVITY', kind, occurred_at
         FROM accounts.sales_activity WHERE $1 = 'ACCOUNT'
       UNION ALL
       SELECT account_id, 'accounts:contract-signed:' || id, 'CONTRACT_SIGNED', NULL, updated_at
         FROM accounts.account_contract WHERE $1 = 'ACCOUNT' AND status IN ('ACTIVE', 'EXPIRED')
       UNION ALL
       SELECT coalesce(a.origin_guest_id, a.guest_id),
              'accounts:event-invited:' || a.event_id || ':' || coalesce(a.origin_guest_id, a.guest_id),
              'EVENT_INVITED', ${EVENT_DETAIL}, a.added_at
         FROM accounts.hotel_event_attendee a JOIN accounts.hotel_event e ON e.id = a.event_id
        WHERE $1 = 'GUEST'
       UNION ALL
       SELECT coalesce(a.origin_guest_id, a.guest_id),
              'accounts:event-attended:' || a.event_id || ':' || coalesce(a.origin_guest_id, a.guest_id),
              'EVENT_ATTENDED', ${EVENT_DETAIL}, e.updated_at
         FROM accounts.hotel_event_attendee a JOIN accounts.hotel_event e ON e.id = a.event_id
        WHERE $1 = 'GUEST' AND e.status = 'HELD'
     ) h WHERE $2::text IS NULL OR key > $2 ORDER BY key LIMIT $3`,
    [subject, after, limit],
  );
