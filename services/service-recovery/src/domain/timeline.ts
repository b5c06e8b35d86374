// Service recovery's lines on a guest's timeline (contract README, "Timelines"): the category and the
// outcome in plain words; never the guest's complaint text, a note or a comment.

const words = (code: string) => code.toLowerCase().replaceAll('_', ' ');

export const caseLine = {
  opened: (category: string, severity: string) => ({
    kind: 'CASE_OPENED' as const,
    summary: `Case opened: ${words(category)}, ${words(severity)} severity`,
  }),
  resolved: (category: string) => ({ kind: 'CASE_RESOLVED' as const, summary: `Case resolved: ${words(category)}` }),
  compensation: (kind: string, points: number, amount: string) => ({
    kind: 'COMPENSATION_GRANTED' as const,
    summary: `Compensation granted: ${kind === 'POINTS' ? `${points} points` : `${words(kind)} ${amount}`}`,
  }),
  survey: (overall: number | null) => ({
    kind: 'SURVEY_SUBMITTED' as const,
    summary: overall == null ? 'Post-stay survey answered' : `Post-stay survey answered, overall ${overall}`,
  }),
};
