import { carrierOfPhone, recentMonths } from '../shared/data-normalize';
import { FLOW_SCENARIOS, SANDBOX_ID_CARD, SANDBOX_NAME } from './sandbox';
import { sourceOf } from './provinces';

// What the simulator's `wd.api.mobilephone.getdata` answers: the whole envelope as TEXT, because it
// reproduces the document's quirks (§4.4) that a JS object cannot hold: `teldata` twice in one
// object, items holding a nested `teldata`/`msgdata`, and one call listed twice. Deterministic
// for a phone and `now`, so tests can predict it.

/** For this long after login the data has not landed: data_list is empty (vendor-notes). */
export const GETDATA_LANDING_MS = 1500;
/** Distinct calls and SMS in a landed answer (one call also appears a second time). */
export const SIM_CALLS = 20;
export const SIM_SMS = 10;
export const SIM_BILL_MONTHS = 6;

const DAY = 86_400_000;
const SERVICE_NUMBERS = ['10086', '10010', '95555', '12306', '95588'];

/** Beijing wall clock `YYYY-MM-DD HH:mm:ss`, as the carriers print it. */
function beijingText(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
}

/** A small deterministic generator seeded by the phone number (FNV-1a, then an LCG). */
function randomFor(seedText: string): () => number {
  let seed = 2166136261;
  for (const char of seedText) seed = Math.imul(seed ^ char.charCodeAt(0), 16777619) >>> 0;
  return () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

function provinceOf(phone: string): string {
  const region = FLOW_SCENARIOS.find((scenario) => scenario.phone === phone)?.region;
  return region ? region.replace(/(移动|联通|电信)$/, '') : '北京';
}

function peerNumber(random: () => number): string {
  if (random() < 0.25) return SERVICE_NUMBERS[Math.floor(random() * SERVICE_NUMBERS.length)] ?? '10086';
  const prefix = ['138', '139', '186', '155', '189', '177'][Math.floor(random() * 6)] ?? '138';
  return `${prefix}${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
}

/** A duration the way some carriers print it: mostly seconds, now and then `1分20秒`. */
function durationText(seconds: number, index: number): string {
  return index % 7 === 3 ? `${Math.floor(seconds / 60)}分${seconds % 60}秒` : String(seconds);
}

function yuan(fen: number): string {
  return (fen / 100).toFixed(2);
}

/** The getdata envelope text for one applicant at `now`, login having completed at `doneAt`. */
export function rong360GetdataBody(who: { phone: string; userId: string; now: number; doneAt: number }): string {
  const head = '{"error":200,"msg":"处理成功","wd_api_mobilephone_getdata_response":{"data":{"data_list":';
  if (who.now - who.doneAt < GETDATA_LANDING_MS) return `${head}[]}}}`;
  const random = randomFor(who.phone);
  const province = provinceOf(who.phone);

  const calls = Array.from({ length: SIM_CALLS }, (_, i) => {
    // Spread over the last ~88 days, newest first, at least an hour old.
    const at = who.now - 3600_000 - Math.floor((i / SIM_CALLS) * 88 * DAY) - Math.floor(random() * 6 * 3600_000);
    const seconds = 5 + Math.floor(random() * 600);
    return {
      trade_type: random() < 0.8 ? '1' : '2',
      trade_time: durationText(seconds, i),
      call_time: beijingText(at),
      trade_addr: province,
      receive_phone: peerNumber(random),
      call_type: random() < 0.5 ? '1' : '2',
    };
  });
  const sms = Array.from({ length: SIM_SMS }, (_, i) => ({
    send_time: beijingText(who.now - 7200_000 - Math.floor((i / SIM_SMS) * 85 * DAY) - Math.floor(random() * 3600_000)),
    trade_way: i % 3 === 0 ? '1' : '2',
    receiver_phone: i % 2 === 0 ? (SERVICE_NUMBERS[i % SERVICE_NUMBERS.length] ?? '10086') : peerNumber(random),
  }));
  // The months before the current one (not billed yet); YYYYMM and YYYY-MM both appear.
  const bills = recentMonths(who.now, SIM_BILL_MONTHS, 1).map((month, i) => ({
    month: i === 2 ? month : month.replace('-', ''),
    call_pay: yuan(3000 + Math.floor(random() * 9000)),
  }));
  const userdata = {
    user_source: sourceOf(carrierOfPhone(who.phone) ?? 'china_mobile', province),
    id_card: SANDBOX_ID_CARD,
    addr: `${province}市朝阳区建国路 88 号`,
    real_name: SANDBOX_NAME,
    phone_remain: yuan(500 + Math.floor(random() * 10000)),
    phone: who.phone,
  };

  const json = (value: unknown) => JSON.stringify(value);
  // As in §4.4: nested containers mixed with flat items, then the same key again in the same object.
  const firstTeldata = [{ teldata: calls.slice(0, 7) }, ...calls.slice(7, 10), { teldata: [{ teldata: calls.slice(10, 12) }] }];
  const secondTeldata = [...calls.slice(12), calls[0]];
  const msgdata = [{ msgdata: sms.slice(0, 5) }, { msgdata: sms.slice(5) }];
  // §5.4's list under the name public clients read, its records flat and in a container like teldata's.
  const billdata = [...bills.slice(0, 4), { billdata: bills.slice(4) }];
  const entry =
    `{"userdata":${json(userdata)},"teldata":${json(firstTeldata)},"teldata":${json(secondTeldata)},` +
    `"msgdata":${json(msgdata)},"billdata":${json(billdata)}}`;
  return `${head}[${entry}]}}}`;
}
