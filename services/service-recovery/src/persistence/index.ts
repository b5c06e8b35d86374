import { ComplaintCase } from './case.entity.js';
import { CaseTimelineEntry } from './case-timeline.entity.js';
import { Compensation } from './compensation.entity.js';
import { GuestTier } from './guest-tier.entity.js';
import { KnownStay } from './stay.entity.js';
import { StaySurvey } from './survey.entity.js';

export { CaseTimelineEntry, Compensation, ComplaintCase, KnownStay, StaySurvey };
export const entities = [ComplaintCase, CaseTimelineEntry, Compensation, KnownStay, StaySurvey, GuestTier];
export { migrations } from './migrations/index.js';
