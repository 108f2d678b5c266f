import type { CallReport } from '../report-model';
import { MATCH_RESULTS } from '../report-model';
import { createFieldReader, given, isRecord, readItems } from '../shared/field-reader';
import type { FieldReader, Json } from '../shared/field-reader';
import { UpstreamError } from '../upstream-error';
import { monthList, padded } from './data-map';
import { behavior, debtCollection, monthly, obj, overview, table } from './report-sections';

// calls/report (document §15.4) into the neutral CallReport. Each value is read on its own, so a
// mistyped one is null and counted (`unreadable`) and never costs the rest of the report.

type R = FieldReader;
const MATCH = table(MATCH_RESULTS);

function label(read: R, c: Json, path: string) {
  return {
    label: read.text(c['tags_label'], `${path}.label.label`),
    labelCount: read.int(c['tags_label_times'], `${path}.label.labelCount`),
    yellowPage: read.text(c['tags_yellow_page'], `${path}.label.yellowPage`),
    financialTags: read.texts(c['tags_financial'], `${path}.label.financialTags`),
  };
}

function contact(read: R, c: Json, path: string) {
  return {
    phone: read.text(c['format_tel'], `${path}.phone`),
    region: read.text(c['fancha_telloc'], `${path}.region`),
    roles: read.texts(c['call_tel_label'], `${path}.roles`),
    calls: read.int(c['call_times'], `${path}.calls`),
    seconds: read.int(c['call_length'], `${path}.seconds`),
    incomingCalls: read.int(c['call_in_times'], `${path}.incomingCalls`),
    outgoingCalls: read.int(c['call_out_times'], `${path}.outgoingCalls`),
    incomingSeconds: read.int(c['call_in_length'], `${path}.incomingSeconds`),
    outgoingSeconds: read.int(c['call_out_length'], `${path}.outgoingSeconds`),
    label: label(read, c, path),
  };
}

const contacts = (read: R, value: unknown, path: string) => readItems(read, value, path, (c) => contact(read, c, `${path}[]`));

/** A period bound as the vendor scoped it: `YYYY-MM` (§15.5 "2017/10") or a date `YYYY-MM-DD`. */
function periodBound(read: R, value: unknown, path: string): string | null {
  if (!given(value)) return null;
  return /^\d{4}[-/]\d{1,2}[-/]\d{1,2}$/.test(String(value).trim()) ? read.date(value, path) : read.month(value, path);
}

/** calls/report's `data` as a CallReport. Throws UpstreamError when it is no object. */
export function normalizeReport(data: unknown): CallReport {
  if (!isRecord(data)) throw new UpstreamError('invalid', 'calls/report data is not an object');
  const read = createFieldReader();
  const d = (key: string) => padded(data, key);
  const owner = obj(read, d('tel_info'), 'report.owner');
  const user = obj(read, d('user_info'), 'report.applicantCheck');
  const p = 'report';
  return {
    // §15.4 names the id `sid`; §15.5's example spells it `sic`.
    reportId: read.text(d('sid') ?? d('sic'), `${p}.reportId`),
    version: read.text(d('version'), `${p}.version`),
    createdAt: read.time(typeof d('created_at') === 'number' ? Math.floor(d('created_at') as number) : d('created_at'), `${p}.createdAt`),
    period: {
      start: periodBound(read, d('date_range_start'), `${p}.period.start`),
      end: periodBound(read, d('date_range_end'), `${p}.period.end`),
    },
    owner: {
      phone: read.text(owner['tel'], `${p}.owner.phone`),
      name: read.text(owner['full_name'], `${p}.owner.name`),
      idCard: read.text(owner['id_card'], `${p}.owner.idCard`),
      address: read.text(owner['address'], `${p}.owner.address`),
      openDate: read.date(owner['open_date'], `${p}.owner.openDate`),
      region: read.text(owner['fancha_telloc'], `${p}.owner.region`),
      label: label(read, owner, `${p}.owner`),
    },
    applicantCheck: {
      name: read.text(user['user_name'], `${p}.applicantCheck.name`),
      nameMatch: read.code(user['conclusion_of_user_name_check'], `${p}.applicantCheck.nameMatch`, MATCH),
      idCard: read.text(user['user_idcard'], `${p}.applicantCheck.idCard`),
      idCardMatch: read.code(user['conclusion_of_user_idcard_check'], `${p}.applicantCheck.idCardMatch`, MATCH),
      province: read.text(user['user_province'], `${p}.applicantCheck.province`),
      city: read.text(user['user_city'], `${p}.applicantCheck.city`),
      address: read.text(user['user_address'], `${p}.applicantCheck.address`),
      addressMatch: read.code(user['conclusion_of_user_address_check'], `${p}.applicantCheck.addressMatch`, MATCH),
    },
    // §15.4 spells it `mergency_contact`; `emergency_contact` is read too.
    emergencyContacts: readItems(read, d('mergency_contact') ?? d('emergency_contact'), `${p}.emergencyContacts`, (c) => ({
      ...contact(read, c, `${p}.emergencyContacts[]`),
      name: read.text(c['contact_name'], `${p}.emergencyContacts[].name`),
      relationship: read.text(c['contact_relationship'], `${p}.emergencyContacts[].relationship`),
      priority: read.int(c['contact_priority'], `${p}.emergencyContacts[].priority`),
      callsRank: read.int(c['call_times_index'], `${p}.emergencyContacts[].callsRank`),
      secondsRank: read.int(c['call_length_index'], `${p}.emergencyContacts[].secondsRank`),
    })),
    overview: overview(read, d('calls_overview')),
    debtCollection: debtCollection(read, d('cuishou_risk_detection')),
    majorContacts: contacts(read, d('calls_sa_by_major_contact'), `${p}.majorContacts`),
    topByCalls: contacts(read, d('calls_sa_by_times'), `${p}.topByCalls`),
    topBySeconds: contacts(read, d('calls_sa_by_length'), `${p}.topBySeconds`),
    regions: readItems(read, d('calls_sa_by_region'), `${p}.regions`, (r) => ({
      region: read.text(r['region'], `${p}.regions[].region`),
      numbers: read.int(r['total_format_tel'], `${p}.regions[].numbers`),
      calls: read.int(r['call_times'], `${p}.regions[].calls`),
      seconds: read.int(r['call_length'], `${p}.regions[].seconds`),
      incomingCalls: read.int(r['call_in_times'], `${p}.regions[].incomingCalls`),
      outgoingCalls: read.int(r['call_out_times'], `${p}.regions[].outgoingCalls`),
      incomingSeconds: read.int(r['call_in_length'], `${p}.regions[].incomingSeconds`),
      outgoingSeconds: read.int(r['call_out_length'], `${p}.regions[].outgoingSeconds`),
    })),
    financialContacts: readItems(read, d('calls_sa_by_tags_financial'), `${p}.financialContacts`, (f) => ({
      tag: read.text(f['tags_name'], `${p}.financialContacts[].tag`),
      calls: read.int(f['call_times'], `${p}.financialContacts[].calls`),
      seconds: read.int(f['call_length'], `${p}.financialContacts[].seconds`),
      lastContact: read.time(f['contact_last_time'], `${p}.financialContacts[].lastContact`),
      numbers: readItems(read, f['contact_detail'], `${p}.financialContacts[].numbers`, (n) => ({
        phone: read.text(n['format_tel'], `${p}.financialContacts[].numbers[].phone`),
        yellowPage: read.text(n['tags_yellow_page'], `${p}.financialContacts[].numbers[].yellowPage`),
        incomingCalls: read.int(n['call_in_times'], `${p}.financialContacts[].numbers[].incomingCalls`),
        outgoingCalls: read.int(n['call_out_times'], `${p}.financialContacts[].numbers[].outgoingCalls`),
        incomingSeconds: read.int(n['call_in_length'], `${p}.financialContacts[].numbers[].incomingSeconds`),
        outgoingSeconds: read.int(n['call_out_length'], `${p}.financialContacts[].numbers[].outgoingSeconds`),
      })),
    })),
    monthly: monthly(read, d('calls_sa_monthly_usage')),
    numbers: readItems(read, d('call_log_group_by_tel'), `${p}.numbers`, (c) => ({
      ...contact(read, c, `${p}.numbers[]`),
      firstCall: read.time(c['first_call_time'], `${p}.numbers[].firstCall`),
      lastCall: read.time(c['recent_call_time'], `${p}.numbers[].lastCall`),
    })),
    behavior: behavior(read, d('call_behavior')),
    ignoredCalls: readItems(read, d('invalid_call_log'), `${p}.ignoredCalls`, (c) => ({
      month: read.month(c['month'], `${p}.ignoredCalls[].month`),
      phone: read.text(c['call_tel'] ?? c['format_tel'], `${p}.ignoredCalls[].phone`),
      place: read.text(c['call_from'], `${p}.ignoredCalls[].place`),
      time: read.time(c['call_time'], `${p}.ignoredCalls[].time`),
      seconds: read.int(c['call_duration'], `${p}.ignoredCalls[].seconds`),
      directionText: read.text(c['call_method'], `${p}.ignoredCalls[].directionText`),
      region: read.text(c['fancha_telloc'], `${p}.ignoredCalls[].region`),
      label: label(read, c, `${p}.ignoredCalls[]`),
    })),
    missingMonths: {
      calls: monthList(d('call_log_missing_month_list'), `${p}.missingMonths.calls`, read),
      callsPossibly: monthList(d('call_log_possibly_missing_month_list'), `${p}.missingMonths.callsPossibly`, read),
      callsPartly: monthList(d('call_log_part_missing_month_list'), `${p}.missingMonths.callsPartly`, read),
      bills: monthList(d('phone_bill_missing_month_list'), `${p}.missingMonths.bills`, read),
    },
    unreadable: read.unreadable,
  };
}
