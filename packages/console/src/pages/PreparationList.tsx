import { useEffect, useState } from 'react';
import type { ConsoleMarkPreparationDoneMutation, ConsolePreparationListQuery } from '../graph.generated';
import { run } from '../graphql';
import { useI18n } from '../i18n';
import { Badge, useAnswer } from '../ui';

type PreparationAnswer = ConsolePreparationListQuery;
type Item = PreparationAnswer['preparationList']['items'][number];

// Kept here, not in i18n.ts, so the panel stays one file beside the arrivals page.
const WORDS = {
  en: {
    title: 'To prepare before arrival',
    none: 'Nothing to prepare for today’s expected guests.',
    done: 'Done',
    markDone: 'Mark done',
    by: 'by',
    room: 'Room',
    table: 'Table',
  },
  'zh-CN': {
    title: '到店前准备',
    none: '今日预抵客人无需准备事项。',
    done: '已完成',
    markDone: '标记完成',
    by: '由',
    room: '客房',
    table: '餐饮',
  },
} as const;

/**
 * The morning's preparation list on the arrivals page (seed 001 §二: prepared before the guest arrives):
 * housekeeping sees the room's items, F&B the table's, the desk and managers both; each is marked done once.
 */
export function PreparationList({ roles }: { roles: string[] }) {
  const i = useI18n();
  const w = WORDS[i.lang === 'zh-CN' ? 'zh-CN' : 'en'];
  const area = roles.includes('HOUSEKEEPING') ? 'ROOM' : roles.includes('FOOD_AND_BEVERAGE') ? 'TABLE' : null;
  const { answer, error } = useAnswer<PreparationAnswer>('ConsolePreparationList', { area }, area ?? 'ALL');
  const [items, setItems] = useState<Item[]>([]);
  const [failure, setFailure] = useState<string | undefined>();
  const [ranks, setRanks] = useState<Map<string, number>>(new Map());
  useEffect(() => {
    if (!answer) return;
    const loaded = answer.data.preparationList.items;
    setItems(loaded);
    // Not yet done first, each group in the graph's order.
    const sorted = [...loaded].sort((a, b) => Number(a.done) - Number(b.done));
    setRanks(new Map(sorted.map((x, n) => [x.id, n])));
  }, [answer]);
  const markDone = async (id: string) => {
    setFailure(undefined);
    try {
      const { markPreparationDone: m } = await run<ConsoleMarkPreparationDoneMutation>('ConsoleMarkPreparationDone', {
        itemId: id,
      });
      setItems((all) => all.map((x) => (x.id === m.id ? { ...x, ...m } : x)));
    } catch (e) {
      setFailure((e as Error).message);
    }
  };
  // Stable while staff work through it: the order is taken when the list arrives, not after each mark.
  const order = [...items].sort((a, b) => (ranks.get(a.id) ?? 0) - (ranks.get(b.id) ?? 0));
  if (error || answer?.missing('preparationList')) return null;
  return (
    <section aria-label={w.title} className="panel preparation">
      <h2>{w.title}</h2>
      {failure && (
        <p role="alert" className="error">
          {failure}
        </p>
      )}
      {answer && items.length === 0 ? (
        <p className="empty">{w.none}</p>
      ) : (
        <ul className="cards" aria-label={w.title}>
          {/* What is left to do first; a marked item stays in its place until the list is loaded again. */}
          {order.map((x) => (
            <li key={x.id} className="card">
              <p className="name">
                {x.roomNumber ?? i.label(x.roomType)} · {x.guest.fullName ?? ''}
                {x.guest.vip && <Badge tone="gold">VIP</Badge>}
                <Badge tone="blue">{x.area === 'ROOM' ? w.room : w.table}</Badge>
              </p>
              <p>
                <span className="chip-label">{i.label(x.category)}</span> {x.value}
                {x.note && <span className="muted"> · {x.note}</span>}
              </p>
              {x.done ? (
                <p className="muted">
                  <Badge tone="green">{w.done}</Badge> {w.by} {x.doneByName}
                  {x.doneAt && <> · {i.dateTime(x.doneAt)}</>}
                </p>
              ) : (
                <button type="button" className="secondary" onClick={() => markDone(x.id)}>
                  {w.markDone}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
