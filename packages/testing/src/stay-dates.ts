import { addDays, type Clock, type ManualClock, systemClock } from '@guest-graph/subgraph-kit';

/**
 * Check-in takes only the hotel's today (issue 23), so a test's stay dates come from the clock the service
 * runs on: arriving today for `nights` nights.
 */
export function arrivingToday(nights = 1, clock: Clock = systemClock) {
  const arrivalDate = clock.today();
  return { arrivalDate, departureDate: addDays(arrivalDate, nights) };
}

/**
 * A stay of the past, checked in as it happened: the service's manual clock goes to noon of `date` at the hotel
 * for `fn` (a check-in, a check-out), then back to where it was.
 */
export async function onHotelDate<T>(clock: ManualClock, date: string, fn: () => Promise<T>): Promise<T> {
  const was = clock.now();
  clock.set(new Date(clock.startOfDay(date).getTime() + 12 * 3_600_000));
  try {
    return await fn();
  } finally {
    clock.set(was);
  }
}
