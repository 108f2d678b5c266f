import { randomInt } from 'node:crypto';
import * as z from 'zod';
import { isValidIdCard, newPasswordProblem } from '../../flow';
import { createPersistedMap } from '../shared/sim-store';
import { SANDBOX_CONTACTS, SANDBOX_LOGIN_CODE, SANDBOX_NEW_PASSWORD, SANDBOX_SMS_CODE, scenarioFor } from './sandbox';
import type { RecoveryScenario, RecoveryStepKind, SandboxPlay } from './sandbox';
import { badParams, json, list, str, vendorError } from './simulator-replies';
import type { SimParams, SimReply } from './simulator-replies';
import type { SimWorld } from './simulator-flows';

type RecoveryStep = RecoveryScenario['steps'][number];

/** A forget/pwd session as saved in the simulator state (plain JSON; the play follows from tel). */
const SavedRecoverySchema = z.object({
  tid: z.string(),
  tel: z.string(),
  /** Index of the step the next submission answers. */
  index: z.number().int().min(-1),
  /** Digits the carrier wants for the new password (30002 switches to 8, 30003 to 6). */
  length: z.union([z.literal(6), z.literal(8)]),
});

interface RecoverySession extends z.infer<typeof SavedRecoverySchema> {
  play: SandboxPlay;
}

export interface RecoveryWorld extends SimWorld {
  setPassword(tel: string, password: string): void;
}

/** Who a recovery error fires for: the number (forget/pwd carries no uid), so once per number. */
export const recoveryApplicant = (tel: string) => `${tel}:recovery`;

const MAX_SESSIONS = 10_000;
const SMS_SECONDS = 120;
/** §9.4: `content` tells the user a random new password came by SMS (the sandbox "texts" 368024). */
export const TEXTED_PASSWORD_CONTENT = '新服务密码已通过短信发送至您的手机，请查收后使用新密码登录';

/** §9.4: 上海电信's plain-text new password (the wording is the sandbox's; the document prints none). */
export const plainPasswordContent = (password: string) => `您的新服务密码为：${password}，请使用新服务密码登录`;

const FIELD_OF: Record<RecoveryStepKind, string> = {
  identity: 'user_id',
  sms: 'sms_code',
  loginSms: 'login_code',
  contacts: 'tel_list',
  newPassword: 'new_pwd',
};
const kindOf = (step: RecoveryStep): RecoveryStepKind => (step === 'newPassword8' ? 'newPassword' : step);

/** forget/pwd (§8-§12): which fields are posted picks the step; every answer repeats the whole object. */
export function createRecoverySandbox(world: RecoveryWorld) {
  const sessions = createPersistedMap<RecoverySession>({
    state: world.state,
    namespace: 'dianhua:recoveries',
    encode: ({ play: _play, ...saved }) => saved,
    decode(raw) {
      const saved = SavedRecoverySchema.safeParse(raw);
      return saved.success ? { ...saved.data, play: scenarioFor(saved.data.tel) } : undefined;
    },
    max: MAX_SESSIONS,
  });

  function answer(r: RecoverySession, action: 'processing' | 'done', content = ''): SimReply {
    const step = r.play.recovery.steps[r.index];
    return json({
      status: 0,
      msg: 'OK',
      data: {
        tid: r.tid,
        need_new_pwd: step === 'newPassword' || step === 'newPassword8' ? 1 : 0,
        need_contacts: step === 'contacts' ? 1 : 0,
        login_sms_duration: step === 'loginSms' ? String(SMS_SECONDS) : '',
        // A number here, as in §8.5; the other durations are strings.
        sms_duration: step === 'sms' ? SMS_SECONDS : '',
        content,
      },
      action,
    });
  }

  /** The answer once the current step passed: the next step, or done (the password is changed). */
  function next(r: RecoverySession, newPassword?: string): SimReply {
    r.index++;
    if (r.index < r.play.recovery.steps.length) return answer(r, 'processing');
    sessions.delete(r.tid);
    // Without a new-password step the carrier sets a random one and texts it, or (上海电信) answers
    // it in plain text: the sandbox's are fixed.
    const plain = newPassword === undefined ? r.play.recovery.plainPassword : undefined;
    world.setPassword(r.tel, newPassword ?? plain ?? SANDBOX_NEW_PASSWORD);
    const content = plain !== undefined ? plainPasswordContent(plain) : newPassword === undefined ? TEXTED_PASSWORD_CONTENT : '';
    return answer(r, 'done', content);
  }

  function start(params: SimParams): SimReply {
    const tel = str(params, 'tel') ?? '';
    const name = str(params, 'user_name')?.trim() ?? '';
    const idCard = str(params, 'user_id') ?? '';
    if (!/^1\d{10}$/.test(tel) || !name || !idCard) return badParams('tel, user_name, user_id');
    const play = scenarioFor(tel);
    const fired = fireAt(play, tel, 'identity');
    if (fired) return fired;
    if (play.recovery.failCode) return vendorError(play.recovery.failCode);
    if (name.length < 2 || name.length > 30 || !isValidIdCard(idCard)) return vendorError('4010');
    const tid = `TID${Date.now()}${String(randomInt(1e9)).padStart(9, '0')}`;
    const r: RecoverySession = { tid, tel, play, index: -1, length: play.recovery.steps.includes('newPassword8') ? 8 : 6 };
    sessions.set(tid, r);
    const reply = next(r);
    sessions.touch(tid);
    return reply;
  }

  function fireAt(play: SandboxPlay, tel: string, step: RecoveryStepKind): SimReply | undefined {
    if (play.error?.recoveryStep !== step) return undefined;
    return world.fire(play, recoveryApplicant(tel), 'recovery');
  }

  function newPasswordRefusal(r: RecoverySession, value: string): string | undefined {
    if (!/^\d+$/.test(value)) return '30008';
    if (value.length !== r.length) return r.length === 8 ? '30002' : '30003';
    if (value === world.passwordOf(r.tel)) return '30004';
    if (newPasswordProblem(value, { length: r.length, phone: r.tel }) !== undefined) return '30005';
    return undefined;
  }

  function submit(r: RecoverySession, params: SimParams): SimReply {
    const step = r.play.recovery.steps[r.index];
    if (!step) return badParams('tid');
    const kind = kindOf(step);
    if (params[FIELD_OF[kind]] === undefined) return badParams(FIELD_OF[kind]);
    const fired = fireAt(r.play, r.tel, kind);
    if (fired) {
      const code = r.play.error?.code;
      if (code === '30002') r.length = 8;
      if (code === '30007' || code === '30009') sessions.delete(r.tid);
      return fired;
    }
    switch (kind) {
      case 'sms':
        return str(params, 'sms_code') === SANDBOX_SMS_CODE ? next(r) : vendorError('4008');
      case 'loginSms':
        return str(params, 'login_code') === SANDBOX_LOGIN_CODE ? next(r) : vendorError('4008');
      case 'contacts': {
        const numbers = new Set(list(params, 'tel_list') ?? []);
        const known = [...numbers].filter((n) => (SANDBOX_CONTACTS as readonly string[]).includes(n));
        return numbers.size >= 2 && known.length === numbers.size ? next(r) : vendorError('30006');
      }
      case 'newPassword': {
        const value = str(params, 'new_pwd') ?? '';
        const refusal = newPasswordRefusal(r, value);
        return refusal ? vendorError(refusal) : next(r, value);
      }
      case 'identity':
        return badParams('tid');
    }
  }

  function handle(params: SimParams): SimReply {
    const tid = str(params, 'tid');
    if (tid === undefined) return start(params);
    const r = sessions.get(tid);
    if (!r) return badParams('tid');
    try {
      return submit(r, params);
    } finally {
      sessions.touch(tid); // write the step's changes through (a finished session is gone already)
    }
  }

  return { handle };
}
