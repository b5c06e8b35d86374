// The accounts service's lines on account and guest timelines (contract README, "Timelines"): plain words,
// no contact names, phones or typed notes (an activity's purpose and outcome stay in the sales file).

const words = (code: string) => code.toLowerCase().replaceAll('_', ' ');

export const accountLine = {
  created: (type: string) => ({ kind: 'ACCOUNT_CREATED' as const, summary: `Account opened (${words(type)})` }),
  updated: (fields: string[]) => ({
    kind: 'PROFILE_UPDATED' as const,
    summary: `Account file updated: ${fields.map((f) => words(f.replace(/([A-Z])/g, '_$1'))).join(', ')}`.slice(0, 200),
  }),
  guestLinked: () => ({ kind: 'ACCOUNT_LINKED' as const, summary: 'A guest was linked to this account' }),
  activity: (kind: string) => ({ kind: 'SALES_ACTIVITY' as const, summary: `Sales activity: ${words(kind)}` }),
  contractSigned: () => ({ kind: 'CONTRACT_SIGNED' as const, summary: 'Contract signed and in force' }),
};

/** An event's days, as a line says them: one day, or from and to. */
const eventDays = (startsOn: string, endsOn: string) => (endsOn === startsOn ? startsOn : `${startsOn} to ${endsOn}`);

export const guestLine = {
  linked: () => ({ kind: 'ACCOUNT_LINKED' as const, summary: 'Linked to a company or agency account' }),
  // The event's dates and the VIP flag only: its name is typed text, the organiser's business, not the guest's.
  eventInvited: (startsOn: string, endsOn: string, vip: boolean) => ({
    kind: 'EVENT_INVITED' as const,
    summary: `On the attendee list of a conference or banquet, ${eventDays(startsOn, endsOn)}${vip ? ' (VIP)' : ''}`,
  }),
  eventAttended: (startsOn: string, endsOn: string, vip: boolean) => ({
    kind: 'EVENT_ATTENDED' as const,
    summary: `Attended a conference or banquet, ${eventDays(startsOn, endsOn)}${vip ? ' (VIP)' : ''}`,
  }),
};

/** The keys of a guest's event lines: the event and the guest the attendance was first written for. */
export const eventLineKey = {
  invited: (eventId: string, guestId: string) => `accounts:event-invited:${eventId}:${guestId}`,
  attended: (eventId: string, guestId: string) => `accounts:event-attended:${eventId}:${guestId}`,
};

/** Which services' lines a reader does not see: credit's, unless they deal with the money. */
export const hiddenServices = (seesCredit: boolean): string[] => (seesCredit ? [] : ['credit']);
