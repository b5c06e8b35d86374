import { badInput, decodeCursor, encodeCursor, isUuid, isValidDate } from '@guest-graph/subgraph-kit';

// A list's cursor names the list, so a cursor of another list (same shape, other rows) is refused, not misread.

/** A keyset cursor of the named list over (timestamp as Postgres prints it, uuid). */
export const timeCursor = (list: string, at: string, id: string) => encodeCursor([list, at, id]);

/** The position an `after` cursor of the named list holds; anything else is BAD_USER_INPUT on `after`. */
export function afterTime(list: string, after: string | null | undefined): { at: string; id: string } | null {
  if (after == null) return null;
  const [name, at, id, ...rest] = decodeCursor(after);
  if (name !== list || rest.length || typeof at !== 'string' || Number.isNaN(Date.parse(at)) || !isUuid(id))
    throw badInput('after', `after is not a cursor of ${list}`);
  return { at, id: id as string };
}

/** A follow-up's place in next-step order: the next step's date, then the activity's time and id. */
export const followUpCursor = (nextStepOn: string, at: string, id: string) =>
  encodeCursor(['follow-ups', nextStepOn, at, id]);

export function afterFollowUp(after: string | null | undefined): { nextStepOn: string; at: string; id: string } | null {
  if (after == null) return null;
  const [name, nextStepOn, at, id, ...rest] = decodeCursor(after);
  if (
    name !== 'follow-ups' ||
    rest.length ||
    !isValidDate(nextStepOn) ||
    typeof at !== 'string' ||
    Number.isNaN(Date.parse(at)) ||
    !isUuid(id)
  )
    throw badInput('after', 'after is not a cursor of the follow-ups');
  return { nextStepOn: nextStepOn as string, at, id };
}
