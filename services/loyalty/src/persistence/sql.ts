import type { EntityManager } from 'typeorm';

/** TypeORM answers an UPDATE or DELETE with [rows, rowCount]; this names both. */
export async function update<R = Record<string, unknown>>(
  tx: Pick<EntityManager, 'query'>,
  text: string,
  params: unknown[],
): Promise<{ rows: R[]; affected: number }> {
  const [rows, affected] = (await tx.query(text, params)) as [R[], number];
  return { rows, affected };
}
