import { settingsOf } from '@guest-graph/config';
import { changedRows } from '@guest-graph/db';
import {
  badInput,
  guarded,
  invalidState,
  isUuid,
  notFound,
  parseInput,
  type RequestContext,
} from '@guest-graph/subgraph-kit';
import { z } from 'zod';
import type { GuestsDeps } from '../application/deps.js';
import { CONTACT_READERS } from '../domain/access.js';
import {
  festivalCalendar,
  monthDayRanges,
  nextFestivalDate,
  type Occasion,
  occurrenceIn,
  windowProblem,
} from '../domain/care.js';
import { MARKETING_CHANNELS } from '../domain/guest-profile.js';
import { multiLine, singleLine } from '../domain/text.js';
import { loaders } from './loaders.js';

/**
 * Care lists: birthdays and anniversaries in a window (in-house and arriving guests first), festival
 * greetings to guests who consented on the channel, and follow-up calls with an owner, due date and outcome.
 */
const FOLLOW_UP_ROLES = ['FRONT_OFFICE', 'SALES', 'GUEST_RELATIONS', 'MANAGER'] as const;
const GREETING_ROLES = ['SALES', 'GUEST_RELATIONS', 'LOYALTY', 'MANAGER'] as const;

interface FollowUpRow {
  id: string;
  guestId: string;
  stayId: string | null;
  caseId: string | null;
  reason: string;
  ownerDepartment: string;
  dueDate: string;
  status: string;
  outcome: string | null;
  owner: string | null;
  assignedAt: Date | null;
  completedBy: string | null;
  completedAt: Date | null;
}
const FOLLOW_UP_COLUMNS = `id, guest_id AS "guestId", stay_id AS "stayId", case_id AS "caseId", reason,
  owner_department AS "ownerDepartment", to_char(due_date, 'YYYY-MM-DD') AS "dueDate", status, outcome, owner,
  assigned_at AS "assignedAt",
  completed_by AS "completedBy", completed_at AS "completedAt"`;

export function careResolvers(deps: GuestsDeps) {
  const { rt } = deps;
  const ds = rt.dataSource;
  const calendar = festivalCalendar(settingsOf('guests', rt.env).GUESTS_FESTIVALS);
  const L = (ctx: RequestContext) => loaders(ctx, ds);

  return {
    Query: {
      careList: guarded(
        CONTACT_READERS,
        async (_: unknown, args: { from: string; to: string; first?: number | null }, ctx: RequestContext) => {
          const problem = windowProblem(args.from, args.to);
          if (problem) throw badInput('to', `to: ${problem}`);
          const today = rt.clock.today();
          const ranges = monthDayRanges(args.from, args.to);
          const inRanges = (col: string) => `(${ranges.map(([a, b]) => `${col} BETWEEN ${a} AND ${b}`).join(' OR ')})`;
          const rows: {
            id: string;
            fullName: string;
            birthDate: string | null;
            anniversaryDate: string | null;
            inHouse: boolean;
            arriving: boolean;
            stayId: string | null;
          }[] = await ds.query(
            `SELECT g.id, g.full_name AS "fullName", to_char(g.birth_date, 'YYYY-MM-DD') AS "birthDate",
                    to_char(g.anniversary_date, 'YYYY-MM-DD') AS "anniversaryDate",
                    s.arrival_date <= $1::date AS "inHouse", s.arrival_date > $1::date AS "arriving", s.id AS "stayId"
               FROM guests.guest g
               LEFT JOIN LATERAL (SELECT id, arrival_date FROM guests.stay
                                   WHERE guest_id = g.id AND status = 'IN_HOUSE' AND arrival_date <= $2::date
                                   ORDER BY arrival_date LIMIT 1) s ON true
              WHERE g.merged_into IS NULL AND (${inRanges('g.birth_mmdd')} OR ${inRanges('g.anniversary_mmdd')})`,
            [today, args.to],
          );
          const entries = rows.flatMap((r) =>
            (
              [
                ['BIRTHDAY', r.birthDate],
                ['ANNIVERSARY', r.anniversaryDate],
              ] as [Occasion, string | null][]
            )
              .map(([occasion, date]) => ({ occasion, date: date && occurrenceIn(date, args.from, args.to) }))
              .filter((o): o is { occasion: Occasion; date: string } => Boolean(o.date))
              .map((o) => ({ ...o, ...r, inHouse: Boolean(r.inHouse), arriving: Boolean(r.arriving) })),
          );
          const rank = (e: { inHouse: boolean; arriving: boolean }) => (e.inHouse ? 0 : e.arriving ? 1 : 2);
          entries.sort(
            (a, b) => rank(a) - rank(b) || a.date.localeCompare(b.date) || a.fullName.localeCompare(b.fullName),
          );
          return entries.slice(0, Math.min(500, Math.max(1, args.first ?? 100))).map((e) => ({
            occasion: e.occasion,
            date: e.date,
            inHouse: e.inHouse,
            arriving: e.arriving,
            stayId: e.stayId,
            guest: L(ctx).guest.load(e.id),
          }));
        },
      ),
      festivalGreetings: guarded(
        GREETING_ROLES,
        async (_: unknown, args: { festival: string; channel: string; first?: number | null }, ctx: RequestContext) => {
          const { channel } = parseInput(z.object({ channel: z.enum(MARKETING_CHANNELS) }), args, '');
          const date = nextFestivalDate(calendar, args.festival, rt.clock.today());
          if (!date) throw badInput('festival', `festival: no coming date for ${args.festival} in the calendar`);
          const contact =
            channel === 'EMAIL'
              ? 'EXISTS (SELECT 1 FROM guests.guest_email e WHERE e.guest_id = g.id)'
              : channel === 'POST'
                ? 'g.address IS NOT NULL'
                : 'EXISTS (SELECT 1 FROM guests.guest_phone p WHERE p.guest_id = g.id)';
          const rows: { id: string }[] = await ds.query(
            `SELECT g.id FROM guests.guest g
               JOIN LATERAL (SELECT granted FROM guests.marketing_consent c
                              WHERE c.guest_id = g.id AND c.channel = $1 ORDER BY recorded_at DESC, seq DESC LIMIT 1) c ON c.granted
              WHERE g.merged_into IS NULL AND ${contact}
                AND NOT g.restrictions @> '[{"type":"BLOCKLISTED"}]' AND NOT g.restrictions @> '[{"type":"NO_MARKETING"}]'
              ORDER BY g.vip DESC, g.full_name, g.id LIMIT $2`,
            [channel, Math.min(1000, Math.max(1, args.first ?? 200))],
          );
          return {
            festival: args.festival,
            date,
            channel,
            recipients: L(ctx).guest.loadMany(rows.map((r) => r.id)),
          };
        },
      ),
      followUps: guarded(
        FOLLOW_UP_ROLES,
        async (
          _: unknown,
          args: { status?: string | null; dueBy?: string | null; owner?: string | null; first?: number | null },
        ) => {
          const rows: FollowUpRow[] = await ds.query(
            `SELECT ${FOLLOW_UP_COLUMNS} FROM guests.follow_up
              WHERE status = $1 AND ($2::date IS NULL OR due_date <= $2::date) AND ($3::text IS NULL OR owner = $3)
              ORDER BY due_date, created_at, id LIMIT $4`,
            [
              args.status ?? 'OPEN',
              args.dueBy ?? null,
              args.owner ?? null,
              Math.min(500, Math.max(1, args.first ?? 50)),
            ],
          );
          return rows;
        },
      ),
    },
    Mutation: {
      assignFollowUp: guarded(
        FOLLOW_UP_ROLES,
        async (_: unknown, args: { id: string; owner: string }, ctx: RequestContext) => {
          const { owner } = parseInput(z.object({ owner: singleLine(100, 'An owner') }), { owner: args.owner }, '');
          if (!isUuid(args.id)) throw notFound('Follow-up', args.id);
          const rows = await changedRows<FollowUpRow>(
            ds,
            `UPDATE guests.follow_up SET owner = $2, assigned_at = $3 WHERE id = $1 AND status = 'OPEN'
             RETURNING ${FOLLOW_UP_COLUMNS}`,
            [args.id, owner, rt.clock.now()],
          );
          if (rows[0]?.id) return rows[0];
          const exists = await ds.query('SELECT 1 FROM guests.follow_up WHERE id = $1', [args.id]);
          if (!exists.length) throw notFound('Follow-up', args.id);
          throw invalidState('This follow-up is already done', { id: args.id, by: ctx.identity.sub });
        },
      ),
      completeFollowUp: guarded(
        FOLLOW_UP_ROLES,
        async (_: unknown, args: { id: string; outcome: string }, ctx: RequestContext) => {
          const { outcome } = parseInput(
            z.object({
              outcome: multiLine(1000, 'An outcome'),
            }),
            { outcome: args.outcome },
            '',
          );
          if (!isUuid(args.id)) throw notFound('Follow-up', args.id);
          const rows = await changedRows<FollowUpRow>(
            ds,
            `UPDATE guests.follow_up SET status = 'DONE', outcome = $2, completed_by = $3, completed_at = $4
              WHERE id = $1 AND status = 'OPEN' RETURNING ${FOLLOW_UP_COLUMNS}`,
            [args.id, outcome, ctx.identity.name, rt.clock.now()],
          );
          if (rows[0]?.id) return rows[0];
          const exists = await ds.query('SELECT 1 FROM guests.follow_up WHERE id = $1', [args.id]);
          if (!exists.length) throw notFound('Follow-up', args.id);
          throw invalidState('This follow-up is already done', { id: args.id });
        },
      ),
    },
    FollowUp: {
      guest: (f: FollowUpRow, _: unknown, ctx: RequestContext) => L(ctx).guest.load(f.guestId),
    },
  };
}
