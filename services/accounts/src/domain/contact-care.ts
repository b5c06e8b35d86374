import { addDays, daysBetween } from '@guest-graph/subgraph-kit';

/**
 * The next birthday on or after `today` (seed 004, 生日关怀: greet the client's people on their birthday). Someone
 * born on 29 February is greeted on the 28th in a common year.
 */
export function nextBirthday(birthday: string, today: string): { on: string; daysAway: number; turning: number } {
  const [by, bm, bd] = birthday.split('-').map(Number) as [number, number, number];
  const year = Number(today.slice(0, 4));
  const onIn = (y: number) => {
    const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    const day = bm === 2 && bd === 29 && !leap ? 28 : bd;
    return `${y}-${String(bm).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  };
  let on = onIn(year);
  if (on < today) on = onIn(year + 1);
  return { on, daysAway: daysBetween(today, on), turning: Number(on.slice(0, 4)) - by };
}

/** Birthdays falling from `today` to `today + withinDays`, soonest first. */
export function birthdaysWithin<C extends { birthday: string | null }>(
  contacts: C[],
  today: string,
  withinDays: number,
): (C & { on: string; daysAway: number; turning: number })[] {
  const last = addDays(today, withinDays);
  return contacts
    .flatMap((c) => {
      if (!c.birthday) return [];
      const next = nextBirthday(c.birthday, today);
      return next.on <= last ? [{ ...c, ...next }] : [];
    })
    .sort((a, b) => a.daysAway - b.daysAway);
}
