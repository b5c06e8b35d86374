import { z } from 'zod';

/**
 * Free text as staff type it: trimmed, not blank, bounded, and free of control characters (no terminal
 * sends a NUL or an escape sequence in a name or a note, and Postgres refuses NUL outright). Notes may
 * span lines; names, reasons and values may not.
 */
// C0 and C1 controls and DEL; tab, line feed and carriage return are allowed where text may span lines.
const isControl = (code: number, multiLine: boolean) =>
  (code < 0x20 && !(multiLine && (code === 0x09 || code === 0x0a || code === 0x0d))) || (code >= 0x7f && code <= 0x9f);

export function hasControlCharacters(s: string, multiLine = false): boolean {
  for (let i = 0; i < s.length; i++) if (isControl(s.charCodeAt(i), multiLine)) return true;
  return false;
}

/** Every control character replaced by a space (for search text, where they mean nothing). */
export const withoutControlCharacters = (s: string) =>
  Array.from(s, (c) => (isControl(c.charCodeAt(0), false) ? ' ' : c)).join('');

const text = (multiLine: boolean, max: number, what: string, min = 1) =>
  z
    .string()
    .refine((s) => !hasControlCharacters(s, multiLine), `${what} has control characters`)
    .transform((s) => s.trim())
    .pipe(
      z
        .string()
        .min(min, min > 1 ? `${what} has at least ${min} characters` : `${what} must not be blank`)
        .max(max, `${what} has at most ${max} characters`),
    );

/** One line of text: a name, a value, a reason. */
export const singleLine = (max: number, what: string, min = 1) => text(false, max, what, min);
/** Text that may span lines: notes, outcomes. */
export const multiLine = (max: number, what: string, min = 1) => text(true, max, what, min);
