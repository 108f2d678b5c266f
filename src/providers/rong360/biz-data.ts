import type { Rong360State } from './state';
import { shortMethod } from './steps';
import { NextSchema } from './wire';
import type { Rong360Next, Rong360Param } from './wire';

/** §3.5.2: getMessageCode takes `messagecode_type`; §3.5.3's example sends "1". */
export const MESSAGECODE_TYPE_KEY = 'messagecode_type';
export const DEFAULT_MESSAGECODE_TYPE = '1';

/** Whether `method` is the document's SMS request (§3.5), which needs a `messagecode_type`. */
export function isGetMessageCode(method: string): boolean {
  return shortMethod(method).toLowerCase() === 'getmessagecode';
}

/**
 * The `messagecode_type` a step's SMS request goes with: the one the upstream handed out (a hidden
 * entry, or a param's refresh_param, as in §3.1.5 example 1), else the document's example value.
 */
export function messageCodeTypeOf(next: Rong360Next): string {
  const hidden = next.hidden.find((entry) => entry.key === MESSAGECODE_TYPE_KEY)?.value;
  const refresh = next.param.flatMap((param) => param.refresh_param).find((entry) => entry.key === MESSAGECODE_TYPE_KEY)?.value;
  return hidden || refresh || DEFAULT_MESSAGECODE_TYPE;
}

/** What the adapter sends in every call (document §2.1). */
export interface CommonParamsConfig {
  appId: string;
  appName: string;
  appVersion: string;
  platform: string;
  noticeUrl: string;
}

/** The common parameters of every `biz_data`; `merchant_id` is the app id (vendor-notes). */
export function commonParams(config: CommonParamsConfig, userId: string): Record<string, string> {
  return {
    merchant_id: config.appId,
    app_name: config.appName,
    app_version: config.appVersion,
    platform: config.platform,
    user_id: userId,
    notice_url: config.noticeUrl,
  };
}

type Identity = Pick<Rong360State, 'phone' | 'userId' | 'inputs'>;

/**
 * `biz_data` for a `next` step (vendor-notes, "The next loop"): every param with the user's value,
 * then every hidden entry (hidden wins on a clash; one without `value` is refilled from earlier
 * input by key), `messagecode_type` for getMessageCode (§3.5.2) when neither gave it, then cellphone,
 * password and user_id again, then the common parameters.
 */
export function nextBizData(
  next: Rong360Next,
  values: Readonly<Record<string, string>>,
  identity: Identity,
  common: Readonly<Record<string, string>>,
): Record<string, string> {
  const biz: Record<string, string> = {};
  for (const param of next.param) biz[param.key] = values[param.key] ?? '';
  for (const hidden of next.hidden) biz[hidden.key] = hidden.value ?? refill(hidden.key, identity);
  // §3.5.2 makes messagecode_type required; steps seen live do not always hand it out.
  if (isGetMessageCode(next.method) && !biz[MESSAGECODE_TYPE_KEY]) biz[MESSAGECODE_TYPE_KEY] = messageCodeTypeOf(next);
  biz['cellphone'] = identity.phone;
  biz['password'] = identity.inputs['password'] ?? '';
  biz['user_id'] = identity.userId;
  return Object.assign(biz, common);
}

function refill(key: string, identity: Identity): string {
  if (key === 'cellphone') return identity.phone;
  if (key === 'user_id') return identity.userId;
  return identity.inputs[key] ?? '';
}

/** `biz_data` for a refresh: `refresh_param` echoed exactly, then the common parameters. */
export function refreshBizData(param: Rong360Param, common: Readonly<Record<string, string>>): Record<string, string> {
  const biz: Record<string, string> = {};
  for (const entry of param.refresh_param) biz[entry.key] = entry.value;
  return Object.assign(biz, common);
}

/**
 * The step after an SMS request answered without `next`: submitMessageCode (§3.2.2) with the SMS
 * field of §3.1.5 example 1 (refreshable through refreshMessageCode), every hidden entry of the
 * request again, and the request's own non-secret inputs (real_name, id_card: §3.2.2 takes them
 * too) as hidden entries the client refills.
 */
export function submitMessageCodeStep(request: Rong360Next, identity: Pick<Rong360State, 'phone' | 'inputs'>): Rong360Next {
  const type = messageCodeTypeOf(request);
  const given = new Set(request.hidden.map((entry) => entry.key));
  const carried = request.param
    .filter((param) => identity.inputs[param.key] !== undefined && !given.has(param.key))
    .map((param) => ({ key: param.key }));
  const hidden = [...request.hidden.filter((entry) => entry.key !== 'cellphone'), ...carried, { key: 'cellphone', value: identity.phone }];
  return NextSchema.parse({
    method: 'submitMessageCode',
    param: [
      {
        title: '短信验证码',
        hint: '',
        type: 9,
        key: 'message_code',
        value: '',
        refresh_method: 'refreshMessageCode',
        refresh_param: [
          { key: 'cellphone', value: identity.phone },
          { key: MESSAGECODE_TYPE_KEY, value: type },
        ],
      },
    ],
    hidden,
  });
}
