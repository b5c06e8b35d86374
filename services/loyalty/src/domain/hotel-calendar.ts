/**
 * The hotel's calendar: a tier year and "nights this year" follow the date at the hotel (Beijing time by
 * default), not UTC, or a stay checked out at 07:00 on 1 January would count for the wrong year.
 */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export function hotelDate(instant: Date, timeZone = DEFAULT_TIME_ZONE): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    instant,
  );
}

export const hotelYear = (instant: Date, timeZone = DEFAULT_TIME_ZONE) =>
  Number(hotelDate(instant, timeZone).slice(0, 4));
