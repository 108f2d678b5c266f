import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { isValidIdCard } from '../../flow';
import type { SimulatorStateStore } from '../shared/sim-state';
import { createPersistedMap } from '../shared/sim-store';
import { JILIN_SMS, SANDBOX_SMS_CODE, scenarioFor } from './sandbox';
import type { ErrorTrigger, FlowScenario, SandboxPlay } from './sandbox';
import { badParams, captchaPicture, faultReply, json, str, vendorError } from './simulator-replies';
import type { Body, SimParams, SimReply } from './simulator-replies';

/** What the flows share with the rest of the simulator. */
export interface SimWorld {
  now(): number;
  /** The number's current service password (a recovery changes it). */
  passwordOf(tel: string): string;
  /** Fires the number's error scenario at `trigger`, once per applicant unless persistent. */
  fire(play: SandboxPlay, applicant: string, trigger: ErrorTrigger): SimReply | undefined;
  /** Where sessions are kept, so a new simulator continues them. */
  state?: SimulatorStateStore;
}

/** A calls/flow session as saved in the simulator state (plain JSON; the play follows from tel). */
const SavedFlowSessionSchema = z.object({
  sid: z.string(),
  tel: z.string(),
  uid: z.string(),
  stage: z.enum(['login', 'verify', 'done']),
  /** Index of the current second-verification round. */
  round: z.number().int().min(0),
  /** Pictures shown so far in this session, minus one (the captcha sequence index). */
  shown: z.number().int().min(0),
  captcha: z.boolean(),
  /** Whether an SMS code is awaited, and when it was last sent. */
  sms: z.boolean(),
  smsSentAt: z.number(),
  smsSeconds: z.number(),
  /** calls/record and calls/report answered their data-trigger code already. */
  dataFired: z.boolean(),
  /** When the flow reached `done`: the crawl starts then. */
  doneAt: z.number().optional(),
});

interface FlowSession extends z.infer<typeof SavedFlowSessionSchema> {
  play: SandboxPlay;
}

const MAX_SESSIONS = 10_000;
export const SMS_SECONDS = 120;
const VERIFY_SMS_SECONDS = 60;
export const JILIN_NOTES = `请编辑短信${JILIN_SMS.body}发送到${JILIN_SMS.to}获取验证码`;

/** A carrier's note naming the number it texted, written whole or in groups ("151 0000 0009"). */
function sentTo(tel: string, separator: string): string {
  return `短信验证码已发送至${[tel.slice(0, 3), tel.slice(3, 7), tel.slice(7)].join(separator)}，请注意查收`;
}
const RESET_MSG = '运营商登录状态已失效，请重新登录';
const EMPTY_VERIFY = { sms_duration: '', captcha_image: '', verify_notes: '' };

export function createFlowSandbox(world: WorldWithReset) {
  const sessions = createPersistedMap<FlowSession>({
    state: world.state,
    namespace: 'dianhua:flows',
    encode: ({ play: _play, ...saved }) => saved,
    decode(raw) {
      const saved = SavedFlowSessionSchema.safeParse(raw);
      return saved.success ? { ...saved.data, play: scenarioFor(saved.data.tel) } : undefined;
    },
    max: MAX_SESSIONS,
  });
  const applicantOf = (s: Pick<FlowSession, 'tel' | 'uid'>) => `${s.tel}:${s.uid}`;

  function picture(s: FlowSession, asDataUri: boolean): string {
    const { base64 } = captchaPicture(s.shown);
    return asDataUri ? `data:image/png;base64,${base64}` : base64;
  }

  /** calls/flow (§3): one new sid per call; the answer carries the live quirks per scenario. */
  function flow(params: SimParams): { reply: SimReply; sid?: string } {
    const tel = str(params, 'tel') ?? '';
    if (!/^1\d{10}$/.test(tel)) return { reply: badParams('tel') };
    if (params['user_contact'] !== undefined && !Array.isArray(params['user_contact'])) return { reply: badParams('user_contact') };
    if (params['user_info'] !== undefined && (typeof params['user_info'] !== 'object' || Array.isArray(params['user_info']))) {
      return { reply: badParams('user_info') };
    }
    const uid = str(params, 'uid') ?? '';
    const play = scenarioFor(tel);
    const fired = world.fire(play, `${tel}:${uid}`, 'token') ?? world.fire(play, `${tel}:${uid}`, 'flow');
    if (fired) return { reply: fired };
    const { flow: f } = play;
    const sid = `SID${randomBytes(16).toString('hex')}`;
    const s: FlowSession = {
      sid,
      tel,
      uid,
      play,
      stage: 'login',
      round: 0,
      shown: 0,
      captcha: f.loginCaptcha === true,
      sms: f.loginSms === true,
      smsSentAt: world.now(),
      smsSeconds: SMS_SECONDS,
      dataFired: false,
    };
    sessions.set(sid, s);
    return { reply: json(flowAnswer(s, f)), sid };
  }

  function flowAnswer(s: FlowSession, f: FlowScenario): Body {
    // need_* as strings for the ID-card flows; sms_duration a string for Jilin, 0 where §3.5 shows it.
    const flag = (on: boolean) => (f.needs.idCard ? String(Number(on)) : Number(on));
    const data = {
      sid: s.sid,
      // §6.3's spelling of the password flag for the password + ID card flow; §3.4's for the others.
      [f.needs.pin && f.needs.idCard && !f.needs.name ? 'need_pwd' : 'need_pin_pwd']: flag(f.needs.pin),
      need_full_name: flag(f.needs.name),
      need_id_card: flag(f.needs.idCard),
      sms_duration: f.loginSms ? (f.jilinNotes ? String(SMS_SECONDS) : SMS_SECONDS) : f.verify || f.loginCaptcha ? '' : 0,
      captcha_image: s.captcha ? picture(s, false) : '',
      verify_notes: f.jilinNotes ? JILIN_NOTES : f.echoesNumber ? sentTo(s.tel, ' ') : '',
    };
    // Old answers have no action at all; second-verification flows answer " processing" (vendor-notes).
    if (f.loginSms) return { status: 0, data };
    return { status: 0, action: f.verify ? ' processing' : 'processing', data };
  }

  function checkCaptcha(s: FlowSession, params: SimParams): SimReply | undefined {
    if (!s.captcha) return undefined;
    return str(params, 'captcha_code')?.trim() === captchaPicture(s.shown).answer ? undefined : vendorError('4008');
  }

  function checkSms(s: FlowSession, params: SimParams): SimReply | undefined {
    if (!s.sms) return undefined;
    return str(params, 'sms_code')?.trim() === SANDBOX_SMS_CODE ? undefined : vendorError('4008');
  }

  /** The flow reached `done`: the crawl and the pushes begin. */
  function finish(s: FlowSession): void {
    Object.assign(s, { stage: 'done', captcha: false, sms: false, doneAt: world.now() });
    world.authorized?.(s);
  }

  /** The answer after a successful login or verification round: the next round, or done. */
  function advance(s: FlowSession): SimReply {
    const round = s.play.flow.verify?.[s.round];
    if (!round) {
      finish(s);
      return json({ status: 0, action: 'done', msg: 'OK', data: { ...EMPTY_VERIFY, content: '' } });
    }
    s.stage = 'verify';
    s.captcha = round !== 'sms';
    s.sms = round !== 'captcha';
    if (s.captcha && s.round > 0) s.shown++;
    if (s.sms) Object.assign(s, { smsSentAt: world.now(), smsSeconds: VERIFY_SMS_SECONDS });
    return json({
      status: 0,
      action: 'processing',
      msg: '',
      data: {
        // A string here, a number at calls/flow: both forms are live.
        sms_duration: s.sms ? String(VERIFY_SMS_SECONDS) : '',
        captcha_image: s.captcha ? picture(s, true) : '',
        verify_notes: s.sms && s.play.flow.echoesNumber ? sentTo(s.tel, '') : '',
        content: '',
      },
    });
  }

  function login(s: FlowSession, params: SimParams): SimReply {
    if (s.stage !== 'login') return badParams('sid 已登录');
    if (str(params, 'tel') !== s.tel) return badParams('tel');
    if (s.play.fault) return faultReply(s.play.fault);
    const applicant = applicantOf(s);
    const fired = world.fire(s.play, applicant, 'login');
    if (fired) {
      // 20017: the number is authorized already; this sid holds its data (the crawl goes on).
      if (s.play.error?.code === '20017') finish(s);
      return fired;
    }
    const { needs, special } = s.play.flow;
    const refused = checkCaptcha(s, params);
    if (refused) return refused;
    if (needs.pin && str(params, 'pin_pwd') !== world.passwordOf(s.tel)) return vendorError('4012');
    const name = str(params, 'full_name')?.trim() ?? '';
    if (needs.name && (name.length < 2 || name.length > 30)) return vendorError('4010');
    if (needs.idCard && !isValidIdCard(str(params, 'id_card') ?? '')) return vendorError('4010');
    const smsRefused = checkSms(s, params);
    if (smsRefused) return smsRefused;
    if (special === 'reset' && world.resetOnce(applicant)) {
      // §1.1 `reset`, answered with status 0 (vendor-notes): this sid is finished.
      sessions.delete(s.sid);
      return json({ status: 0, action: 'reset', msg: RESET_MSG, data: [] });
    }
    return advance(s);
  }

  function verify(s: FlowSession, params: SimParams): SimReply {
    if (s.stage !== 'verify') return s.stage === 'done' ? vendorError('20017') : badParams('sid 未登录');
    const fired = s.round === 0 ? world.fire(s.play, applicantOf(s), 'verify') : undefined;
    if (fired) {
      // 20013: the code is spent and a new one is on its way.
      if (s.play.error?.code === '20013') s.smsSentAt = world.now();
      return fired;
    }
    const refused = checkCaptcha(s, params) ?? checkSms(s, params);
    if (refused) return refused;
    s.round++;
    return advance(s);
  }

  function refreshCaptcha(s: FlowSession): SimReply {
    if (!s.captcha || s.stage === 'done') return badParams('当前无图形验证码');
    const fired = world.fire(s.play, applicantOf(s), 'captchaRefresh');
    if (fired) return fired;
    s.shown++;
    return json({ status: 0, action: 'processing', msg: '', data: { captcha_image: picture(s, true) } });
  }

  /** §4, deprecated by the vendor: refused while the last code is still locked (a leaked 4999). */
  function resendSms(s: FlowSession): SimReply {
    if (!s.sms || s.stage === 'done' || s.play.flow.jilinNotes) return badParams('当前无短信验证码');
    if (world.now() < s.smsSentAt + s.smsSeconds * 1000) return vendorError('4999', '短信验证码请求过于频繁，请稍后再试');
    s.smsSentAt = world.now();
    s.smsSeconds = VERIFY_SMS_SECONDS;
    return json({ status: 0, action: 'processing', data: { sms_duration: VERIFY_SMS_SECONDS, verify_notes: '' } });
  }

  /** One calls/* request (all but calls/flow), by path, on an existing sid. */
  function handle(path: string, params: SimParams): SimReply {
    const sid = str(params, 'sid') ?? '';
    try {
      return sessionCall(path, sid, params);
    } finally {
      sessions.touch(sid); // write the call's changes through
    }
  }

  function sessionCall(path: string, sid: string, params: SimParams): SimReply {
    const s = sessions.get(sid);
    if (!s) return vendorError('4016');
    switch (path) {
      case 'calls/login':
        return login(s, params);
      case 'calls/verify':
        return verify(s, params);
      case 'calls/verify/captcha':
        return refreshCaptcha(s);
      case 'calls/verify/sms':
        return resendSms(s);
      default:
        return badParams(path);
    }
  }

  /** The session behind a sid, for the data endpoints. */
  const session = (sid: string) => sessions.get(sid);

  return { flow, handle, session };
}

export type FlowSandbox = ReturnType<typeof createFlowSandbox>;
export interface WorldWithReset extends SimWorld {
  /** True the first time it is asked for an applicant (the `reset` scenario resets once). */
  resetOnce(applicant: string): boolean;
  /** A flow reached `action: done` (its `doneAt` is set): the crawl and the pushes begin. */
  authorized?(session: FlowSession): void;
}
export type { FlowSession };
