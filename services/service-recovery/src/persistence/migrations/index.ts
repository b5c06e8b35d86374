// Committed, hand-written migrations, run at start in order (never synchronize).
export const migrations: Function[] = [];
