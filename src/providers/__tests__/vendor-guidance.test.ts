import { describe, expect, it } from 'vitest';
import { mapDianhuaError } from '../dianhua/errors';
import { mapVendorError } from '../rong360/errors';
import { instructionIn, waitSecondsIn, withGuidance } from '../shared/vendor-guidance';

// 2024-05-01 20:30 in Beijing.
const NOW = Date.parse('2024-05-01T12:30:00Z');
const HOUR = 3600;

describe('waits and instructions in vendor messages', () => {
  it.each([
    ['您的短信验证码发送次数超限，请24小时后重试', 24 * HOUR],
    ['随机码验证已被锁定，请20分钟之后重新验证', 20 * 60],
    ['运营商提示:操作过于频繁,请稍等 30 分钟后重试', 30 * 60],
    ['请二十四小时以后再试', 24 * HOUR],
    ['请半小时后重试', HOUR / 2],
    ['账号已锁定24小时', 24 * HOUR],
    // 明天: until midnight in Beijing (20:30 -> 3.5 hours).
    ['运营商提示：短信下发次数已达到上限，请明天重试', 3.5 * HOUR],
  ])('reads the wait in %s', (text, seconds) => {
    expect(waitSecondsIn(text, NOW)).toBe(seconds);
  });

  it.each(['请稍后再试', '请输入 5 天前 90 天内通话过的联系人号码', '系统异常', ''])('finds no wait in %j', (text) => {
    expect(waitSecondsIn(text, NOW)).toBeUndefined();
  });

  it.each([
    ['您好，您的账户已锁定，如忘记密码，可拨打10086重置密码', '如忘记密码，可拨打10086重置密码'],
    ['运营商暂不支持该地区服务密码在线重置，如需重置，请拨打客服热线', '如需重置，请拨打客服热线'],
    ['您尚未实名认证, 请联系运营商服务人员进行实名认证', '请联系运营商服务人员进行实名认证'],
    ['不支持初始密码登陆，请去官网重置密码!!', '请去官网重置密码'],
    ['当前登录手机号码未设置服务密码，请您设置服务密码！', '请您设置服务密码'],
    ['运营商提示：不支持初始密码登录,请重置密码后重试', '请重置密码后重试'],
    ['该号码已停机，请携带身份证到营业厅办理', '请携带身份证到营业厅办理'],
  ])('takes the instruction of %s verbatim', (text, instruction) => {
    expect(instructionIn(text)).toBe(instruction);
  });

  it.each(['请稍后再试', '请输入 5 天前 90 天内通话过的联系人号码', '运营商禁止非实名用户查询', '您已在别处登录。请重新登录'])(
    'finds no instruction in %j',
    (text) => {
      expect(instructionIn(text)).toBeUndefined();
    },
  );

  it("prefers the vendor's live words to the document's", () => {
    const error = { code: 'too_many_attempts', target: 'none', retry: 'none', message: '请24小时后重试' } as const;
    expect(withGuidance(error, '请2小时后再试', NOW).waitSeconds).toBe(2 * HOUR);
    expect(withGuidance(error, null, NOW).waitSeconds).toBe(24 * HOUR);
  });
});

describe('Rong360 appendix A carries its waits and instructions', () => {
  it.each([
    ['506003', 24 * HOUR, undefined],
    ['506005', 24 * HOUR, undefined],
    ['506026', 20 * 60, undefined],
    ['506012', undefined, '如忘记密码，可拨打10086重置密码'],
    ['506025', undefined, '请联系运营商服务人员进行实名认证'],
    ['506017', undefined, '请去官网重置密码'],
  ])('appendix A %s: wait %s s, instruction %s', (code, waitSeconds, instruction) => {
    const error = mapVendorError(code, null, NOW);
    expect(error.waitSeconds).toBe(waitSeconds);
    expect(error.instruction).toBe(instruction);
  });

  it('reads the wait an unknown code says in its own words', () => {
    expect(mapVendorError(507000, '请求过于频繁，请10分钟后重试', NOW)).toMatchObject({ code: 'upstream_error', waitSeconds: 600 });
  });
});

describe('Dianhua §20 carries its waits and instructions', () => {
  it.each([
    ['4009', 3.5 * HOUR, undefined],
    ['20005', 30 * 60, undefined],
    ['20011', 3.5 * HOUR, undefined],
    ['20019', 3.5 * HOUR, undefined],
    ['30001', undefined, '如需重置，请拨打客服热线'],
    ['30007', undefined, '请重试或拨打客服热线进行重置'],
    ['30009', undefined, '请拨打客服热线进行重置'],
    ['20014', undefined, '请重置密码后重试'],
  ])('§20 %s: wait %s s, instruction %s', (code, waitSeconds, instruction) => {
    const error = mapDianhuaError(code, undefined, { captchaShown: false, now: NOW });
    expect(error.waitSeconds).toBe(waitSeconds);
    expect(error.instruction).toBe(instruction);
  });

  it('§20 3997: words for the operator (请联系运营人员) are no instruction for the applicant', () => {
    expect(mapDianhuaError(3997, undefined).instruction).toBeUndefined();
  });

  it("reads a leaked code's wait (vendor-notes: 4999 and friends keep their msg)", () => {
    expect(mapDianhuaError(4999, '短信验证码请求过于频繁，请1分钟后再试', { captchaShown: false, now: NOW })).toMatchObject({
      message: '短信验证码请求过于频繁，请1分钟后再试',
      waitSeconds: 60,
    });
  });
});
