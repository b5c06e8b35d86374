import type { Lang } from './i18n';

// The graph's enum values as staff read them, in both languages: a page never shows a raw enum name.
// [English, 简体中文] per value; a value the graph adds later falls back to a readable form of its name.
const VALUES: Record<string, [string, string]> = {
  // PreferenceCategory
  ROOM_TYPE: ['Room type', '房型'],
  PILLOW: ['Pillow', '枕头'],
  MATTRESS: ['Mattress', '床垫'],
  TOILETRIES: ['Toiletries', '洗漱用品'],
  ROOM_TEMPERATURE: ['Room temperature', '室温'],
  LIGHTING: ['Lighting', '灯光'],
  BATH_WATER: ['Bath water', '洗浴水温'],
  READING: ['Reading', '阅读'],
  TV_ENTERTAINMENT: ['TV and entertainment', '电视娱乐'],
  DIET: ['Diet', '饮食'],
  TEA_COFFEE: ['Tea and coffee', '茶与咖啡'],
  BEVERAGE: ['Drinks', '饮品'],
  MEETING_SETUP: ['Meeting setup', '会议布置'],
  HYGIENE: ['Hygiene', '卫生习惯'],
  OTHER: ['Other', '其他'],
  // StayStatus, ArrivalStatus
  IN_HOUSE: ['In house', '在住'],
  CHECKED_OUT: ['Checked out', '已退房'],
  ARRIVED: ['Arrived today', '今日到店'],
  EXPECTED: ['Expected', '预计到店'],
  // PaymentMethod
  CASH: ['Cash', '现金'],
  CARD: ['Card', '银行卡'],
  MOBILE: ['Mobile payment', '移动支付'],
  DIRECT_BILL: ['Direct bill', '挂账'],
  VOUCHER: ['Voucher', '代金券'],
  // Outlet
  ROOM: ['Room', '客房'],
  MEETING: ['Meeting', '会议'],
  SPA: ['Spa', '水疗'],
  LAUNDRY: ['Laundry', '洗衣'],
  // CaseCategory
  ROOM_CLEANLINESS: ['Room cleanliness', '客房卫生'],
  NOISE: ['Noise', '噪音'],
  MAINTENANCE: ['Maintenance', '维修'],
  SERVICE_ATTITUDE: ['Service attitude', '服务态度'],
  FOOD_AND_BEVERAGE: ['Food and beverage', '餐饮'],
  BILLING: ['Billing', '账单'],
  RESERVATION: ['Reservation', '预订'],
  AMENITIES: ['Amenities', '设施'],
  // Severity
  LOW: ['Low', '低'],
  MEDIUM: ['Medium', '中'],
  HIGH: ['High', '高'],
  CRITICAL: ['Critical', '紧急'],
  // CaseStatus
  OPEN: ['Open', '待处理'],
  IN_PROGRESS: ['In progress', '处理中'],
  RESOLVED: ['Resolved', '已解决'],
  CLOSED: ['Closed', '已关闭'],
  // LoyaltyTier
  MEMBER: ['Member', '会员'],
  SILVER: ['Silver', '银卡'],
  GOLD: ['Gold', '金卡'],
  PLATINUM: ['Platinum', '白金卡'],
  // CreditStatus, CollectionStage
  GOOD: ['Good', '正常'],
  OVERDUE: ['Overdue', '逾期'],
  HOLD: ['On hold', '冻结'],
  NONE: ['None', '无'],
  PRE_DUE_REMINDER: ['Reminder before due', '到期前提醒'],
  FIRST_REMINDER: ['First reminder', '第一次催款'],
  SECOND_REMINDER: ['Second reminder', '第二次催款'],
  FINAL_NOTICE: ['Final notice', '最后通知'],
  // PaymentPromiseStatus (OPEN is a case's word elsewhere: a promise not yet due is "pending")
  PROMISE_OPEN: ['Pending', '待履行'],
  KEPT: ['Kept', '已履行'],
  BROKEN: ['Broken', '已违约'],
  // RecordingDepartment
  FRONT_OFFICE: ['Front office', '前厅部'],
  HOUSEKEEPING: ['Housekeeping', '客房部'],
  SALES: ['Sales', '销售部'],
  GUEST_RELATIONS: ['Guest relations', '宾客关系部'],
  FINANCE: ['Finance', '财务部'],
  LOYALTY: ['Loyalty', '会员部'],
  MANAGER: ['Manager', '经理'],
  MANAGEMENT: ['Management', '管理层'],
  // IdDocumentType
  RESIDENT_ID: ['Resident ID', '居民身份证'],
  PASSPORT: ['Passport', '护照'],
  HK_MACAO_PERMIT: ['Hong Kong and Macao permit', '港澳通行证'],
  TAIWAN_PERMIT: ['Taiwan permit', '台湾通行证'],
  // RecoveryRootCause
  PROCESS: ['Process', '流程'],
  STAFF: ['Staff', '员工'],
  FACILITY: ['Facility', '设施设备'],
  SUPPLIER: ['Supplier', '供应商'],
  GUEST_EXPECTATION: ['Guest expectation', '客人期望'],
  // CaseCompensationKind, CaseCompensationStatus
  POINTS: ['Points', '积分'],
  BILL_CREDIT: ['Bill credit', '账单减免'],
  ROOM_UPGRADE: ['Room upgrade', '免费升级'],
  FOOD_AND_BEVERAGE_VOUCHER: ['F&B voucher', '餐饮券'],
  GIFT: ['Gift', '礼品'],
  PENDING_APPROVAL: ['Waiting for approval', '待审批'],
  APPROVED: ['Approved', '已批准'],
  REJECTED: ['Rejected', '已拒绝'],
  GRANTED: ['Granted', '已发放'],
  // CaseChannel
  FRONT_DESK: ['Front desk', '前台'],
  PHONE: ['Phone', '电话'],
  EMAIL: ['Email', '电子邮件'],
  ONLINE_REVIEW: ['Online review', '网络点评'],
  SURVEY: ['Survey', '问卷'],
  SOCIAL_MEDIA: ['Social media', '社交媒体'],
  SMS: ['Text message', '短信'],
  WECHAT: ['WeChat', '微信'],
  IN_PERSON: ['In person', '当面'],
  // PointsTransactionType, LoyaltyRedemptionStatus
  EARN: ['Earned', '消费积分'],
  BONUS: ['Bonus', '奖励积分'],
  COMPENSATION: ['Compensation', '补偿积分'],
  REDEEM: ['Redeemed', '兑换'],
  ADJUST: ['Adjustment', '调整'],
  EXPIRE: ['Expired', '过期'],
  REVERSAL: ['Reversal', '冲正'],
  CANCELLED: ['Cancelled', '已取消'],
  CONFIRMED: ['Confirmed', '已确认'],
  // AccountType, AccountStatus, SalesActivityKind, AccountContractStatus, SalesTargetPeriodKind
  CORPORATE: ['Corporate', '企业'],
  TRAVEL_AGENCY: ['Travel agency', '旅行社'],
  EVENT_PLANNER: ['Event planner', '会展公司'],
  GOVERNMENT: ['Government', '政府机关'],
  OTA: ['Online travel agency', '在线旅行社'],
  PROSPECT: ['Prospect', '潜在客户'],
  ACTIVE: ['Active', '有效'],
  DORMANT: ['Dormant', '休眠'],
  VISIT: ['Visit', '拜访'],
  CALL: ['Call', '电话'],
  ENTERTAINMENT: ['Entertainment', '招待'],
  DRAFT: ['Draft', '草稿'],
  EXPIRED: ['Expired', '已到期'],
  TERMINATED: ['Terminated', '已终止'],
  ANNUAL: ['Year', '年度'],
  QUARTERLY: ['Quarter', '季度'],
  MONTHLY: ['Month', '月度'],
  // AccountGrade
  POTENTIAL: ['Potential', '潜在'],
  // Room types the desk uses
  DELUXE_KING: ['Deluxe king', '豪华大床房'],
  KING: ['King', '大床房'],
  TWIN: ['Twin', '双床房'],
  SUITE: ['Suite', '套房'],
  EXECUTIVE_SUITE: ['Executive suite', '行政套房'],
};

const readable = (value: string) => {
  const words = value.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** The value's label in the language (grades A, B, C stay letters). */
export function labelOf(lang: Lang, value: string | null | undefined): string {
  if (!value) return '';
  const known = VALUES[value];
  if (known) return known[lang === 'en' ? 0 : 1];
  return /^[A-Z]$/.test(value) ? value : readable(value);
}
