// The few parts of lunar-javascript (CommonJS, no types of its own) the festival rules use.
declare module 'lunar-javascript' {
  interface Solar {
    toYmd(): string;
  }
  interface Lunar {
    getSolar(): Solar;
  }
  const calendar: { Lunar: { fromYmd(year: number, month: number, day: number): Lunar } };
  export default calendar;
}
