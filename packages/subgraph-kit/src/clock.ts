import { DEFAULT_TIME_ZONE, hotelDate, startOfHotelDay } from './calendar.js';

/**
 * Time as the domain sees it: real in production, set by hand in tests of SLAs, aging and cadences. It carries
 * the property's time zone, so "today" is the hotel's business date wherever the process runs.
 */
export interface Clock {
  /** The property's IANA time zone (`HOTEL_TIME_ZONE`, Asia/Shanghai by default). */
  readonly timeZone: string;
  now(): Date;
  /** The business date at the hotel now, `YYYY-MM-DD`. */
  today(): string;
  /** The hotel date on which `instant` happened. */
  dateOf(instant: Date | string | number): string;
  /** The first instant of hotel date `date`. */
  startOfDay(date: string): Date;
}

abstract class HotelClock implements Clock {
  constructor(readonly timeZone: string) {}
  abstract now(): Date;
  today() {
    return hotelDate(this.now(), this.timeZone);
  }
  dateOf(instant: Date | string | number) {
    return hotelDate(instant, this.timeZone);
  }
  startOfDay(date: string) {
    return startOfHotelDay(date, this.timeZone);
  }
}

export class SystemClock extends HotelClock {
  constructor(timeZone = DEFAULT_TIME_ZONE) {
    super(timeZone);
  }
  now() {
    return new Date();
  }
}

/** The real clock in the default zone; the runtime builds one in the configured zone. */
export const systemClock: Clock = new SystemClock();

export class ManualClock extends HotelClock {
  private t: number;
  constructor(start: Date | string = new Date(), opts: { timeZone?: string } = {}) {
    super(opts.timeZone ?? DEFAULT_TIME_ZONE);
    this.t = new Date(start).getTime();
  }
  now() {
    return new Date(this.t);
  }
  set(to: Date | string) {
    this.t = new Date(to).getTime();
  }
  advance(ms: number) {
    this.t += ms;
  }
  advanceDays(days: number) {
    this.advance(days * 86_400_000);
  }
}
