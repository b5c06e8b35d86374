import { randomInt } from 'node:crypto';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A resident ID number that passes the GB 11643-1999 check digit, different every call. */
export function residentId(birth = '19850615'): string {
  const body = `110105${birth}${String(randomInt(0, 1000)).padStart(3, '0')}`;
  const sum = [...body].reduce((t, d, i) => t + Number(d) * WEIGHTS[i]!, 0);
  return body + '10X98765432'[sum % 11];
}
export const phone = () => `1${randomInt(30, 90)}${String(randomInt(0, 1e8)).padStart(8, '0')}`;
let n = 0;
export const uniqueName = (base = '王小明') => `${base}${++n}${randomInt(0, 1e6)}`;
