import type { Column } from './entities.js';

const at = (node: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : null), node);

const text = (v: unknown): string | null => (v == null ? null : typeof v === 'object' ? JSON.stringify(v) : String(v));

/**
 * One node as one row of cells (text or null), in the columns' order: nested objects by their dot path, a list
 * as its length, its items or one field of each item joined with `;`. A null parent (no account) leaves its cells null.
 */
export function flatten(node: unknown, columns: Column[]): (string | null)[] {
  return columns.map((c) => {
    const v = at(node, c.path);
    if (c.pick) {
      if (!Array.isArray(v)) return null;
      const item = v.find((i) => at(i, c.pick!.key) === c.pick!.equals);
      return item ? text(at(item, c.pick.field)) : null;
    }
    if (!c.list) return text(v);
    if (!Array.isArray(v)) return null;
    if (c.list === 'count') return String(v.length);
    if (c.list === 'items') return v.map((item) => text(item) ?? '').join(';');
    return v.map((item) => text(at(item, c.list!)) ?? '').join(';');
  });
}
