import * as z from 'zod';
import { BillBreakdownSchema, DateSchema, FenSchema, MonthSchema, TimeSchema, UnreadableSchema } from './model-base';

// The neutral shape of a vendor's analysis of the call records (today Dianhua calls/report, its
// document §15). Every value is nullable: a vendor that withholds or garbles one value leaves the
// rest of the report intact, and `unreadable` counts what could not be read.

const Text = z.string().nullable();
const Int = z.number().int().nullable();
const Num = z.number().nullable();
const Fen = FenSchema.nullable();
const Time = TimeSchema.nullable();
const Bool = z.boolean().nullable();

/** How a value the applicant gave compares with the carrier's registration. */
export const MATCH_RESULTS = ['not_applicable', 'match', 'mismatch', 'fuzzy_match'] as const;
/** Whether the most active region is the number's home region (`unknown`: the carrier did not say). */
export const REGION_CHECKS = ['unknown', 'consistent', 'inconsistent'] as const;
export const YES_NO_UNKNOWN = ['unknown', 'yes', 'no'] as const;
/** A risk level of one debt-collection statistic. */
export const RISK_LEVELS = ['none', 'low', 'medium', 'high'] as const;
/** The overall debt-collection verdict. */
export const COLLECTION_VERDICTS = ['none', 'light', 'moderate', 'heavy'] as const;

/** What a number-labelling service knows of a number. */
export const NumberLabelSchema = z
  .object({
    /** Crowd label (e.g. 快递送餐, 骚扰电话). */
    label: Text,
    /** How many users gave the label. */
    labelCount: Int,
    /** Yellow-pages name (e.g. 阿里云客户服务中心). */
    yellowPage: Text,
    /** Financial tags (e.g. 银行, 催收). */
    financialTags: z.array(z.string()),
  })
  .meta({ id: 'NumberLabel' });

/** One number the subscriber talked with, and how much. */
export const ReportContactSchema = z
  .object({
    phone: Text,
    /** The number's home region. */
    region: Text,
    /** Roles the report gives the number (e.g. 紧急联系人 1, 高频联系人 2). */
    roles: z.array(z.string()),
    calls: Int,
    seconds: Int,
    incomingCalls: Int,
    outgoingCalls: Int,
    incomingSeconds: Int,
    outgoingSeconds: Int,
    label: NumberLabelSchema,
  })
  .meta({ id: 'ReportContact' });

export const EmergencyContactSchema = ReportContactSchema.extend({
  name: Text,
  relationship: Text,
  priority: Int,
  /** Rank among all numbers by calls and by seconds (1 = most). */
  callsRank: Int,
  secondsRank: Int,
}).meta({ id: 'EmergencyContact' });

const DEBT_STATS = [
  'numbers',
  'calls',
  'incomingCalls',
  'incomingSeconds',
  'incomingUnder15s',
  'mostCallsFromOneNumber',
  'numbersCallingTwiceOrMore',
  'outgoingCalls',
  'outgoingSeconds',
  'callsLast7Days',
  'callsDays7To30',
  'callsDays30To60',
  'callsDays60To90',
  'callsDays90To120',
] as const;
function debtShape<T extends z.ZodType>(type: T) {
  return Object.fromEntries(DEBT_STATS.map((key) => [key, type])) as Record<(typeof DEBT_STATS)[number], T>;
}
export const DebtCallStatsSchema = z.object(debtShape(Int)).meta({ id: 'DebtCallStats' });
export const DebtRiskLevelsSchema = z.object(debtShape(z.enum(RISK_LEVELS).nullable())).meta({ id: 'DebtRiskLevels' });

export const CallReportSchema = z
  .object({
    /** The vendor's id of the report. */
    reportId: Text,
    version: Text,
    createdAt: Time,
    /** The period the report covers, `YYYY-MM` or `YYYY-MM-DD` as the vendor scoped it. */
    period: z.object({ start: Text, end: Text }),
    /** The carrier's registration of the number. */
    owner: z.object({
      phone: Text,
      name: Text,
      /** Full, masked by the carrier, or masked for the lender like Subscriber.idCard. */
      idCard: Text,
      address: Text,
      openDate: DateSchema.nullable(),
      /** The number's home region. */
      region: Text,
      label: NumberLabelSchema,
    }),
    /** What the lender sent about the applicant, checked against the registration. */
    applicantCheck: z.object({
      name: Text,
      nameMatch: z.enum(MATCH_RESULTS).nullable(),
      idCard: Text,
      idCardMatch: z.enum(MATCH_RESULTS).nullable(),
      province: Text,
      city: Text,
      address: Text,
      addressMatch: z.enum(MATCH_RESULTS).nullable(),
    }),
    emergencyContacts: z.array(EmergencyContactSchema),
    overview: z.object({
      mostActiveRegion: Text,
      /** Share of calls made in the most active region (percent as the vendor gives it). */
      mostActiveRegionShare: Num,
      regionCheck: z.enum(REGION_CHECKS).nullable(),
      homeRegion: Text,
      mostContactedRegion: Text,
      /** Silent periods (3+ days without calls) in the last 180 days, and all reported. */
      silentPeriods180Days: Int,
      silentPeriods: Int,
      longestSilenceHours: Int,
      silences: z.array(z.object({ start: Time, end: Time, hours: Int })),
      /** 02:00-06:00 calls. */
      nightCallSeconds: Int,
      nightCallShare: Num,
      /** 23:00-02:00 calls. */
      eveningCallSeconds: Int,
      eveningCallShare: Num,
      /** Numbers with calls in both directions, and their share. */
      mutualContacts: Int,
      mutualContactShare: Num,
      averageMonthlyBillFen: Fen,
      calls: Int,
      distinctNumbers: Int,
      distinctRegions: Int,
    }),
    debtCollection: z.object({
      verdict: z.enum(COLLECTION_VERDICTS).nullable(),
      numbers: Int,
      calls: Int,
      incomingCalls: Int,
      outgoingCalls: Int,
      /** Known debt collectors' numbers. */
      known: DebtCallStatsSchema,
      knownRisk: DebtRiskLevelsSchema,
      /** Numbers that look like debt collectors. */
      suspected: DebtCallStatsSchema,
      suspectedRisk: DebtRiskLevelsSchema,
    }),
    majorContacts: z.array(ReportContactSchema),
    /** The ten most called numbers, and the ten longest talked with. */
    topByCalls: z.array(ReportContactSchema),
    topBySeconds: z.array(ReportContactSchema),
    regions: z.array(
      z.object({
        region: Text,
        numbers: Int,
        calls: Int,
        seconds: Int,
        incomingCalls: Int,
        outgoingCalls: Int,
        incomingSeconds: Int,
        outgoingSeconds: Int,
      }),
    ),
    /** Contacts with numbers of financial tags (banks, lenders, debt collectors...), by tag. */
    financialContacts: z.array(
      z.object({
        tag: Text,
        calls: Int,
        seconds: Int,
        lastContact: Time,
        numbers: z.array(
          z.object({
            phone: Text,
            yellowPage: Text,
            incomingCalls: Int,
            outgoingCalls: Int,
            incomingSeconds: Int,
            outgoingSeconds: Int,
          }),
        ),
      }),
    ),
    monthly: z.array(
      z.object({
        month: MonthSchema.nullable(),
        calls: Int,
        seconds: Int,
        mostActiveRegion: Text,
        billFen: Fen,
        /** The vendor's word when there is no amount (e.g. 未出账单, 暂无数据). */
        billNote: Text,
        breakdown: BillBreakdownSchema.nullable(),
      }),
    ),
    /** Every number of the call records, with first and last call. */
    numbers: z.array(ReportContactSchema.extend({ firstCall: Time, lastCall: Time })),
    behavior: z.object({
      numberChecks: z.array(z.object({ phone: Text, role: Text, label: Text, labelCount: Int, abnormal: Bool })),
      numberChecksResult: Text,
      usage: z.object({
        carrier: Text,
        openDate: DateSchema.nullable(),
        silentPeriods30Days: Int,
        silentPeriods90Days: Int,
        silentPeriods180Days: Int,
        longestSilenceDays: Int,
        monthsUnder10Yuan: Int,
        averageMonthlyBillFen: Fen,
        monthsUnder10Calls: Int,
        deliveryCalls: Int,
        carrierServiceCalls: Int,
        distinctNumbers: Int,
        activeRegionIsHome: z.enum(YES_NO_UNKNOWN).nullable(),
        abnormal: z.object({
          longestSilence: Bool,
          monthsUnder10Yuan: Bool,
          silentPeriods30Days: Bool,
          silentPeriods90Days: Bool,
          monthsUnder10Calls: Bool,
          openDate: Bool,
          activeRegion: Bool,
        }),
      }),
      usageResult: Text,
      legal: z.object({
        lawyerCalls: Int,
        courtAndPoliceCalls: Int,
        calls110: Int,
        abnormal: z.object({ lawyerCalls: Bool, courtAndPoliceCalls: Bool, calls110: Bool }),
      }),
      legalResult: Text,
    }),
    /** Call records the report left out (unreadable time, and the like). */
    ignoredCalls: z.array(
      z.object({
        month: MonthSchema.nullable(),
        phone: Text,
        place: Text,
        time: Time,
        seconds: Int,
        directionText: Text,
        region: Text,
        label: NumberLabelSchema,
      }),
    ),
    missingMonths: z.object({
      calls: z.array(MonthSchema),
      callsPossibly: z.array(MonthSchema),
      callsPartly: z.array(MonthSchema),
      bills: z.array(MonthSchema),
    }),
    unreadable: UnreadableSchema,
  })
  .meta({ id: 'CallReport', description: "The vendor's analysis of the call records (Dianhua calls/report), vendor-neutral." });
export type CallReport = z.infer<typeof CallReportSchema>;
