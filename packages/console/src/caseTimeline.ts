import type { I18n } from './i18n';

/**
 * One step of a case's timeline in the staff's language. Service recovery writes each note in its own plain
 * English, in a fixed shape per kind (e.g. ASSIGNED "to staff-7: night shift"); the console reads that shape and
 * says it again in the staff's words, keeping only what staff typed (a comment, a reason) as it was written. A
 * note whose shape it does not know is shown as it came.
 */
export function describeCaseEntry(i: I18n, kind: string, note: string | null): { what: string; detail?: string } {
  const zh = i.lang !== 'en';
  const say = (en: string, cn: string) => (zh ? cn : en);
  const join = (...parts: (string | false | undefined | null)[]) => parts.filter(Boolean).join(' · ') || undefined;
  const offer = (text: string) => {
    const points = /^(\d+) points$/.exec(text);
    if (points) return `${i.number(Number(points[1]))} ${i.t.points}`;
    const worth = /^(\w+) worth ([\d.]+)$/.exec(text);
    return worth ? `${i.label(worth[1])} ${i.money(worth[2])}` : text;
  };
  const m = (re: RegExp) => (note ? re.exec(note) : null);
  switch (kind) {
    case 'OPENED': {
      const r = m(/^(\w+): routed to (\w+)$/);
      if (!r) break;
      return {
        what: say('Opened', '立案'),
        detail: join(i.label(r[1]), say(`routed to ${i.label(r[2])}`, `转交${i.label(r[2])}`)),
      };
    }
    case 'REPEAT': {
      const r = m(/^Repeats case \S+: severity (\w+) → (\w+)$/);
      if (!r) break;
      return {
        what: say('Repeats an earlier case', '重复投诉'),
        detail: `${say('Severity', '严重程度')} ${i.label(r[1])} → ${i.label(r[2])}`,
      };
    }
    case 'ACKNOWLEDGED':
      return { what: say('Acknowledged', '已受理'), detail: note ?? undefined };
    case 'ASSIGNED':
    case 'REASSIGNED': {
      const r = m(/^to (\S+?)(?:: ([\s\S]*))?$/);
      if (!r) break;
      return {
        what:
          kind === 'ASSIGNED'
            ? say(`Assigned to ${r[1]}`, `指派给 ${r[1]}`)
            : say(`Reassigned to ${r[1]}`, `改派给 ${r[1]}`),
        detail: r[2],
      };
    }
    case 'COMMENT':
      return { what: say('Comment', '备注'), detail: note ?? undefined };
    case 'INVESTIGATED': {
      const r = m(/^(\w+), (\w+)(?:: ([\s\S]*))?$/);
      if (!r) break;
      return {
        what: say('Investigated', '已调查'),
        detail: join(`${i.t.rootCause}: ${i.label(r[1])}`, i.label(r[2]), r[3]),
      };
    }
    case 'REPLIED': {
      const r = m(/^(\w+): ([\s\S]*)$/);
      if (!r) break;
      return { what: say('Reply sent', '已发送答复'), detail: join(i.label(r[1]), r[2]) };
    }
    case 'COMPENSATION_OFFERED': {
      if (!note) break;
      const pending = note.endsWith(' (above authority: awaits a manager)');
      return {
        what: say('Compensation offered', '提出补偿'),
        detail: join(
          offer(note.replace(/ \(above authority: awaits a manager\)$/, '')),
          pending && i.label('PENDING_APPROVAL'),
        ),
      };
    }
    case 'COMPENSATION_APPROVED':
    case 'COMPENSATION_REJECTED': {
      const r = m(/^(.+?)(?:: ([\s\S]*))?$/);
      if (!r) break;
      return {
        what:
          kind === 'COMPENSATION_APPROVED'
            ? say('Compensation approved', '补偿已批准')
            : say('Compensation rejected', '补偿被拒绝'),
        detail: join(offer(r[1]), r[2]),
      };
    }
    case 'RESOLVED':
      return { what: say('Resolved', '已解决'), detail: note ?? undefined };
    case 'FOLLOWED_UP': {
      const r = m(/^(Satisfied|Not satisfied)(?:: ([\s\S]*))?$/);
      if (!r) break;
      return {
        what: say('Follow-up call', '回访'),
        detail: join(
          r[1] === 'Satisfied' ? say('Guest satisfied', '客人满意') : say('Guest not satisfied', '客人不满意'),
          r[2],
        ),
      };
    }
    case 'CLOSED':
      return { what: say('Closed', '已关闭'), detail: note ?? undefined };
    case 'REOPENED':
      return { what: say('Reopened', '重新处理'), detail: note ?? undefined };
    case 'SLA_BREACHED': {
      const r = m(/^(acknowledge|resolve) clock ran out/);
      if (!r) break;
      return {
        what:
          r[1] === 'acknowledge'
            ? say('Not acknowledged in time', '未按时受理')
            : say('Not resolved in time', '未按时解决'),
        detail: say('Escalated to a manager', '已上报经理'),
      };
    }
  }
  return { what: i.label(kind), detail: note ?? undefined };
}
