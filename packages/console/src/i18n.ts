import { createContext, useContext } from 'react';
import { labelOf } from './labels';

const en = {
  title: 'Guest console',
  role: 'Role',
  signIn: 'Sign in',
  signOut: 'Sign out',
  accessToken: 'Access token',
  orToken: 'Or paste an access token',
  sessionEnded: 'Your session has ended. Please sign in again.',
  departments: 'Departments',
  arrivals: 'Arrivals',
  cases: 'Cases',
  accounts: 'Accounts',
  receivables: 'Receivables',
  findGuest: 'Find a guest',
  guests: 'Guests',
  noMatch: 'No guest matches.',
  language: 'Language',
  preferences: 'Preferences',
  stays: 'Stays',
  loyalty: 'Loyalty',
  openCases: 'Open cases',
  timeline: 'Timeline',
  timelineLater: 'The timeline is not available yet.',
  none: 'None.',
  notMember: 'Not a member.',
  phone: 'Phone',
  email: 'Email',
  birthDate: 'Birth date',
  idDocument: 'ID document',
  recordPreference: 'Record a preference',
  category: 'Category',
  value: 'Value',
  savePreference: 'Save preference',
  checkIn: 'Check in',
  checkOut: 'Check out',
  propertyCode: 'Property',
  roomType: 'Room type',
  roomNumber: 'Room number',
  arrivalDate: 'Arrival date',
  departureDate: 'Departure date',
  nightlyRate: 'Nightly rate',
  paymentMethod: 'Payment method',
  accountId: 'Account id',
  roomCharge: 'Room charges',
  cancel: 'Cancel',
  points: 'points',
  due: 'due',
  loading: 'Loading…',
  notFound: 'Not found.',
  home: 'Find a guest with the search box above, or open your department’s page.',
  guest: 'Guest',
  severity: 'Severity',
  timeLeft: 'Time left',
  breached: 'Breached',
  account: 'Account',
  grade: 'Grade',
  nextContactDue: 'Next contact due',
  neverContacted: 'Now (never contacted)',
  production: 'Production',
  credit: 'Credit',
  staysCount: 'Stays',
  roomNights: 'Room nights',
  revenue: 'Revenue',
  limit: 'Limit',
  outstanding: 'Outstanding',
  available: 'Available',
  status: 'Status',
  noTerms: 'No credit terms.',
  asOf: 'As of',
  total: 'Total',
  current: 'Not yet due',
  days1To30: '1–30 days',
  days31To60: '31–60 days',
  days61To90: '61–90 days',
  over90: 'Over 90 days',
  more: 'More',
  period: 'Period',
  welcome: 'Good day',
  arrivalsHint: 'Today’s arrivals and the house, with what prepares each room and table.',
  casesHint: 'Open complaints, soonest due first, with the time left on each.',
  accountsHint: 'Companies and agencies, their grade and the next contact due.',
  receivablesHint: 'What each account owes, by age.',
  observed: 'Noticed by colleagues, not yet confirmed',
  arrivedToday: 'Arrived today',
  inHouse: 'In house',
  noArrivals: 'No arrivals and nobody in house today.',
  noRoomYet: 'No room yet',
  noPreferences: 'No preferences yet.',
  recordObservation: 'Record an observation',
  quickObservations: 'Quick observations',
  observationRecorded: 'Observation recorded',
  extraPillow: 'Extra pillow',
  likesCool: 'Likes the room cool',
  likesWarm: 'Likes the room warm',
  extraTowels: 'Extra towels',
  greenTea: 'Green tea',
  blackCoffee: 'Black coffee, no sugar',
  noSpicy: 'No spicy food',
  vegetarian: 'Vegetarian',
  notAvailableNow: 'Not available now. The rest of the page works; try again in a moment.',
};
export type Messages = typeof en;
const zh: Messages = {
  title: '客人控制台',
  role: '角色',
  signIn: '登录',
  signOut: '退出',
  accessToken: '访问令牌',
  orToken: '或粘贴访问令牌',
  sessionEnded: '会话已结束，请重新登录。',
  departments: '部门',
  arrivals: '到店',
  cases: '投诉案件',
  accounts: '协议客户',
  receivables: '应收账款',
  findGuest: '查找客人',
  guests: '客人',
  noMatch: '没有匹配的客人。',
  language: '语言',
  preferences: '喜好',
  stays: '入住记录',
  loyalty: '会员',
  openCases: '未结案件',
  timeline: '时间线',
  timelineLater: '时间线暂不可用。',
  none: '无。',
  notMember: '非会员。',
  phone: '电话',
  email: '电子邮件',
  birthDate: '出生日期',
  idDocument: '证件',
  recordPreference: '记录喜好',
  category: '类别',
  value: '内容',
  savePreference: '保存喜好',
  checkIn: '入住登记',
  checkOut: '退房',
  propertyCode: '酒店',
  roomType: '房型',
  roomNumber: '房号',
  arrivalDate: '到店日期',
  departureDate: '离店日期',
  nightlyRate: '房价',
  paymentMethod: '付款方式',
  accountId: '协议客户编号',
  roomCharge: '房费',
  cancel: '取消',
  points: '积分',
  due: '期限',
  loading: '加载中…',
  notFound: '未找到。',
  home: '请使用上方搜索框查找客人，或打开本部门页面。',
  guest: '客人',
  severity: '严重程度',
  timeLeft: '剩余时间',
  breached: '已超时',
  account: '协议客户',
  grade: '等级',
  nextContactDue: '下次联系',
  neverContacted: '现在（从未联系）',
  production: '产量',
  credit: '信用',
  staysCount: '入住次数',
  roomNights: '间夜',
  revenue: '收入',
  limit: '额度',
  outstanding: '未结金额',
  available: '可用额度',
  status: '状态',
  noTerms: '无信用条款。',
  asOf: '截至',
  total: '合计',
  current: '未到期',
  days1To30: '1–30 天',
  days31To60: '31–60 天',
  days61To90: '61–90 天',
  over90: '90 天以上',
  more: '更多',
  period: '期间',
  welcome: '您好',
  arrivalsHint: '今日到店与在住客人，以及布置客房和餐桌所需的喜好。',
  casesHint: '未结投诉，按到期先后排列，显示剩余时间。',
  accountsHint: '协议单位的等级和下次联系日期。',
  receivablesHint: '各协议单位的欠款账龄。',
  observed: '同事观察到（尚未确认）',
  arrivedToday: '今日到店',
  inHouse: '在住',
  noArrivals: '今日无到店客人，也无在住客人。',
  noRoomYet: '未排房',
  noPreferences: '暂无喜好。',
  recordObservation: '记录观察',
  quickObservations: '快速记录',
  observationRecorded: '已记录观察',
  extraPillow: '加一个枕头',
  likesCool: '喜欢室温偏凉',
  likesWarm: '喜欢室温偏暖',
  extraTowels: '多备毛巾',
  greenTea: '绿茶',
  blackCoffee: '黑咖啡，不加糖',
  noSpicy: '不吃辣',
  vegetarian: '素食',
  notAvailableNow: '暂时无法显示。页面其他部分可正常使用，请稍后再试。',
};

export type Lang = 'en' | 'zh-CN';
export const CATALOGUES: Record<Lang, Messages> = { en, 'zh-CN': zh };
export const LANG_NAMES: Record<Lang, string> = { en: 'English', 'zh-CN': '简体中文' };

export function initialLang(): Lang {
  const saved = localStorage.getItem('console.lang');
  if (saved === 'en' || saved === 'zh-CN') return saved;
  return navigator.languages.some((l) => l.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}

export interface I18n {
  lang: Lang;
  t: Messages;
  setLang(lang: Lang): void;
  /** A Money decimal string in CNY, formatted for the locale without going through a float's rounding. */
  money(amount: string | null | undefined): string;
  date(iso: string | null | undefined): string;
  dateTime(iso: string | null | undefined): string;
  /** Time from now to an instant, e.g. "in 3 hours" / "3 小时后". */
  fromNow(iso: string): string;
  number(n: number): string;
  /** An enum value of the graph as staff read it (never the raw name). */
  label(value: string | null | undefined): string;
}

export function makeI18n(lang: Lang, setLang: (l: Lang) => void): I18n {
  const fmtMoney = new Intl.NumberFormat(lang, { style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol' });
  const fmtDate = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' });
  const fmtDateTime = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  const fmtNumber = new Intl.NumberFormat(lang);
  const fmtRelative = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  return {
    lang,
    t: CATALOGUES[lang],
    setLang,
    // Intl formats a decimal string exactly (no float), e.g. "1234.5" → ¥1,234.50.
    money: (a) => (a == null ? '' : fmtMoney.format(a as unknown as number)),
    date: (d) => (d ? fmtDate.format(new Date(`${d}T00:00:00Z`)) : ''),
    dateTime: (d) => (d ? fmtDateTime.format(new Date(d)) : ''),
    label: (v) => labelOf(lang, v),
    number: (n) => fmtNumber.format(n),
    fromNow: (d) => {
      const minutes = Math.round((new Date(d).getTime() - Date.now()) / 60_000);
      if (Math.abs(minutes) < 60) return fmtRelative.format(minutes, 'minute');
      if (Math.abs(minutes) < 48 * 60) return fmtRelative.format(Math.round(minutes / 60), 'hour');
      return fmtRelative.format(Math.round(minutes / 1440), 'day');
    },
  };
}

export const I18nContext = createContext<I18n>(makeI18n('en', () => {}));
export const useI18n = () => useContext(I18nContext);
