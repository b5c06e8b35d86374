/**
 * The hotel's calendar: a tier year and "nights this year" follow the date at the hotel (Beijing time by
 * default), not UTC, or a stay checked out at 07:00 on 1 January would count for the wrong year.
 */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

// A formatter costs half a millisecond to build and nothing to reuse: one per time zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

export function hotelDate(instant: Date, timeZone = DEFAULT_TIME_ZONE): string {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, format);
  }
  return format.format(instant);
}

export const hotelYear = (instant: Date, timeZone = DEFAULT_TIME_ZONE) =>
  Number(hotelDate(instant, timeZone).slice(0, 4));
