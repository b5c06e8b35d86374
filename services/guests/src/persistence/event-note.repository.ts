import type { EntityManager } from 'typeorm';

/**
 * Marks a (note, guest) pair of a hotel event's service notes as handled; false when it already was (a redelivery or
 * a replay under another event id), so the preference is recorded once.
 */
export async function markEventNoteApplied(
  tx: EntityManager,
  pair: { noteId: string; guestId: string; eventId: string; outcome: 'RECORDED' | 'NO_CONSENT' | 'NO_GUEST' },
  at: Date,
): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO guests.event_note_applied (note_id, guest_id, event_id, outcome, applied_at)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (note_id, guest_id) DO NOTHING RETURNING note_id`,
    [pair.noteId, pair.guestId, pair.eventId, pair.outcome, at],
  );
  return rows.length > 0;
}

/** The live profile a guest id names now (a merged duplicate: the guest it became), locked; null when erased or unknown. */
export async function liveGuestLocked(tx: EntityManager, guestId: string): Promise<string | null> {
  const rows: { id: string }[] = await tx.query(
    `WITH RECURSIVE chain(id, merged_into, depth) AS (
       SELECT id, merged_into, 0 FROM guests.guest WHERE id = $1
       UNION ALL
       SELECT g.id, g.merged_into, c.depth + 1 FROM chain c JOIN guests.guest g ON g.id = c.merged_into WHERE c.depth < 10)
     SELECT g.id FROM chain c JOIN guests.guest g ON g.id = c.id
      WHERE c.merged_into IS NULL AND g.erased_at IS NULL
      FOR UPDATE OF g`,
    [guestId],
  );
  return rows[0]?.id ?? null;
}
