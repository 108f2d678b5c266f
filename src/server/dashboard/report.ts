import { NIGHT_HOURS } from '../../flow/dashboard-api';
import type { ReportContact, ReportMonth, SessionReportResponse } from '../../flow/dashboard-api';
import type { CollectedData } from '../../providers/data-model';
import { maskIdCard } from '../../providers/shared/id-card';
import type { ProviderName } from '../../providers/types';

// The credit officer's picture of one applicant's collected data: per-month activity, the people
// they talk to most, how much of it happens at night, and which months the carrier did not give.

/** Contacts shown, by number of calls. */
export const TOP_CONTACTS = 10;
const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** `YYYY-MM` and the hour of an instant, in Beijing time (carriers report +08:00). */
function beijing(time: string): { month: string; hour: number } | undefined {
  const ms = Date.parse(time);
  if (!Number.isFinite(ms)) return undefined;
  const local = new Date(ms + BEIJING_OFFSET_MS);
  return { month: local.toISOString().slice(0, 7), hour: local.getUTCHours() };
}

const isNight = (hour: number) => hour >= NIGHT_HOURS.from || hour < NIGHT_HOURS.to;

/** Every month from the first to the last of `months`, oldest first. */
function monthRange(months: readonly string[]): string[] {
  const sorted = [...new Set(months)].sort();
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (first === undefined || last === undefined) return [];
  const range: string[] = [];
  let [year, month] = first.split('-').map(Number) as [number, number];
  // At most ten years: a stray date from a vendor must not make a list of thousands.
  for (let guard = 0; guard < 120; guard += 1) {
    const label = `${year}-${String(month).padStart(2, '0')}`;
    range.push(label);
    if (label >= last) break;
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return range;
}

/** Whole months from `openDate` (YYYY-MM-DD) to `at`. */
function tenure(openDate: string | null, at: string): number | null {
  if (openDate === null) return null;
  const [y, m, d] = openDate.split('-').map(Number) as [number, number, number];
  const now = new Date(Date.parse(at) + BEIJING_OFFSET_MS);
  let months = (now.getUTCFullYear() - y) * 12 + (now.getUTCMonth() + 1 - m);
  if (now.getUTCDate() < d) months -= 1;
  return Number.isFinite(months) ? Math.max(0, months) : null;
}

export function buildReport(sessionId: string, provider: ProviderName, collectedAt: string, data: CollectedData): SessionReportResponse {
  const empty = (month: string): ReportMonth => ({
    month,
    calls: 0,
    callsOutgoing: 0,
    callsIncoming: 0,
    callSeconds: 0,
    nightCalls: 0,
    sms: 0,
    smsSent: 0,
    smsReceived: 0,
    billFen: null,
  });
  const byMonth = new Map<string, ReportMonth>();
  const month = (label: string) => {
    let entry = byMonth.get(label);
    if (!entry) {
      entry = empty(label);
      byMonth.set(label, entry);
    }
    return entry;
  };
  const contacts = new Map<string, ReportContact>();
  const contact = (peer: string, at: string) => {
    let entry = contacts.get(peer);
    if (!entry) {
      entry = { peer, calls: 0, outgoing: 0, incoming: 0, seconds: 0, sms: 0, nightCalls: 0, lastAt: at };
      contacts.set(peer, entry);
    }
    if (Date.parse(at) > Date.parse(entry.lastAt)) entry.lastAt = at;
    return entry;
  };

  let nightCalls = 0;
  let callSeconds = 0;
  for (const call of data.calls) {
    const when = beijing(call.time);
    if (!when) continue;
    const entry = month(when.month);
    const night = isNight(when.hour);
    entry.calls += 1;
    entry.callSeconds += call.durationSeconds;
    if (call.direction === 'outgoing') entry.callsOutgoing += 1;
    if (call.direction === 'incoming') entry.callsIncoming += 1;
    if (night) entry.nightCalls += 1;
    nightCalls += night ? 1 : 0;
    callSeconds += call.durationSeconds;
    const peer = contact(call.peer, new Date(Date.parse(call.time)).toISOString());
    peer.calls += 1;
    peer.seconds += call.durationSeconds;
    if (call.direction === 'outgoing') peer.outgoing += 1;
    if (call.direction === 'incoming') peer.incoming += 1;
    if (night) peer.nightCalls += 1;
  }
  for (const sms of data.sms) {
    const when = beijing(sms.time);
    if (!when) continue;
    const entry = month(when.month);
    entry.sms += 1;
    if (sms.direction === 'sent') entry.smsSent += 1;
    if (sms.direction === 'received') entry.smsReceived += 1;
    contact(sms.peer, new Date(Date.parse(sms.time)).toISOString()).sms += 1;
  }
  for (const bill of data.bills) month(bill.month).billFen = bill.totalFen;

  const missing = data.missingMonths;
  const covered = monthRange([...byMonth.keys(), ...missing.calls, ...missing.callsPossibly, ...missing.sms, ...missing.bills]);
  const months = covered.map((label) => byMonth.get(label) ?? empty(label));
  const topContacts = [...contacts.values()]
    .filter((entry) => entry.calls > 0)
    .sort((a, b) => b.calls - a.calls || b.seconds - a.seconds || a.peer.localeCompare(b.peer))
    .slice(0, TOP_CONTACTS);

  const { subscriber } = data;
  return {
    sessionId,
    provider,
    collectedAt,
    subscriber: {
      name: subscriber.name,
      // The dashboard is a browser page: the number is always masked there, whatever the lender may fetch.
      idCardMasked: subscriber.idCardMasking === 'carrier' ? subscriber.idCard : maskIdCard(subscriber.idCard),
      carrier: subscriber.carrier,
      region: subscriber.region,
      openDate: subscriber.openDate,
      tenureMonths: tenure(subscriber.openDate, collectedAt),
      balanceFen: subscriber.balanceFen,
    },
    totals: {
      calls: data.calls.length,
      sms: data.sms.length,
      bills: data.bills.length,
      contacts: contacts.size,
      callSeconds,
      nightCalls,
    },
    nightShare: data.calls.length === 0 ? null : nightCalls / data.calls.length,
    months,
    topContacts,
    missingMonths: {
      calls: [...missing.calls],
      callsPossibly: [...missing.callsPossibly],
      sms: [...missing.sms],
      bills: [...missing.bills],
    },
    skipped: { ...data.skipped },
  };
}
