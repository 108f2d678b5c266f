import type { Rong360State } from './state';
import type { Rong360Next, Rong360Param } from './wire';

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
 * input by key), then cellphone, password and user_id again, then the common parameters.
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
