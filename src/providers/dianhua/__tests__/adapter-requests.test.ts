import { afterEach, describe, expect, it } from 'vitest';
import { createDianhuaAdapter } from '../adapter';
import { formatBeijingTime } from '../wire';
import { USER_ID, adapterConfig, fixture, stepOf } from '../../../test-support/providers/dianhua/helpers';
import { startFakeUpstream } from '../../../test-support/providers/dianhua/fake-upstream';
import type { Answer, Recorded } from '../../../test-support/providers/dianhua/fake-upstream';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

const PHONE = '13800138000';

/** An adapter over a scripted upstream: `answers[path]` is a list of replies, used in order. */
async function setup(answers: Record<string, Answer[]>) {
  const upstream = await startFakeUpstream((request: Recorded) => {
    if (request.path === '/token') return { status: 0, data: { token: 'tk', expires: formatBeijingTime(Date.now() + 7200_000) } };
    const next = answers[request.path]?.shift();
    if (next === undefined) throw new Error(`unexpected call ${request.path}`);
    return next;
  });
  const adapter = createDianhuaAdapter(adapterConfig(upstream.url));
  cleanups.push(upstream.close, adapter.close);
  const sent = (path: string) => upstream.requests.filter((r) => r.path === path);
  return { adapter, upstream, sent };
}

const flow = (data: object) => ({ status: 0, action: 'processing', data: { sid: 'SIDx1', need_pin_pwd: 1, ...data } });

describe('Dianhua adapter: what it sends', () => {
  it('posts calls/flow as a form with tel and uid when the lender knows nothing more', async () => {
    const { adapter, sent } = await setup({ '/calls/flow': [flow({})] });
    await adapter.start({ phone: PHONE, userId: USER_ID });
    const [request] = sent('/calls/flow');
    expect(request?.contentType).toMatch(/form-urlencoded/);
    expect(Object.fromEntries(new URLSearchParams(request?.body))).toEqual({ tel: PHONE, uid: USER_ID });
  });

  it('posts calls/flow as JSON with user_info and user_contact when the applicant is known', async () => {
    const { adapter, sent } = await setup({ '/calls/flow': [flow({})] });
    await adapter.start({
      phone: PHONE,
      userId: USER_ID,
      applicant: {
        name: '李四',
        idCard: '11010519491231002X',
        city: '北京',
        contacts: [{ phone: '13912345678', name: '王五', relationship: '朋友', priority: 1 }],
      },
    });
    const [request] = sent('/calls/flow');
    expect(request?.contentType).toMatch(/json/);
    expect(JSON.parse(request?.body ?? '')).toEqual({
      tel: PHONE,
      uid: USER_ID,
      user_info: { user_name: '李四', user_idcard: '11010519491231002X', user_city: '北京' },
      user_contact: [{ contact_tel: '13912345678', contact_name: '王五', contact_relationship: '朋友', contact_priority: 1 }],
    });
  });

  it('sends to calls/login only what the flow asked for', async () => {
    const { adapter, sent } = await setup({
      '/calls/flow': [flow({ need_full_name: '1', need_id_card: 0, sms_duration: '' })],
      '/calls/login': [{ status: 0, action: 'done', data: [] }],
    });
    const start = await adapter.start({ phone: PHONE, userId: USER_ID });
    const done = await adapter.submit(start.state, { password: 'pw-1', name: ' 李四 ', idCard: 'ignored', smsCode: 'ignored' });
    expect(done).toMatchObject({ type: 'authorized', taskId: 'SIDx1' });
    expect(Object.fromEntries(new URLSearchParams(sent('/calls/login')[0]?.body))).toEqual({
      sid: 'SIDx1',
      tel: PHONE,
      pin_pwd: 'pw-1',
      full_name: '李四',
    });
  });

  it('logs in at once when the flow asks for nothing at all', async () => {
    const { adapter, sent } = await setup({
      '/calls/flow': [flow({ need_pin_pwd: 0 })],
      '/calls/login': [{ status: 0, action: 'processing', data: { sms_duration: 60, captcha_image: '' } }],
    });
    const outcome = await adapter.start({ phone: PHONE, userId: USER_ID });
    expect(stepOf(outcome)).toMatchObject({ intent: 'verify', fields: [{ kind: 'smsCode' }] });
    expect(sent('/calls/login')).toHaveLength(1);
  });

  it('offers a restart when the login of a flow asking nothing is refused', async () => {
    const { adapter } = await setup({ '/calls/flow': [flow({ need_pin_pwd: 0 })], '/calls/login': [{ status: 4007, msg: '运营商繁忙' }] });
    expect(await adapter.start({ phone: PHONE, userId: USER_ID })).toMatchObject({
      type: 'failed',
      error: { code: 'upstream_unavailable', retry: 'restart' },
    });
  });

  it('reads the document`s login answer (§6.5, nothing more asked) as authorized', async () => {
    const { adapter } = await setup({ '/calls/flow': [flow({})], '/calls/login': [fixture('doc-6.5-login.txt')] });
    const start = await adapter.start({ phone: PHONE, userId: USER_ID });
    expect((await adapter.submit(start.state, { password: 'pw' })).type).toBe('authorized');
  });

  it('loops on calls/verify until done, with sid and the asked codes only', async () => {
    const { adapter, sent } = await setup({
      '/calls/flow': [flow({})],
      '/calls/login': [fixture('live-login-second-verify.json')],
      '/calls/verify': [
        { status: 0, action: ' processing', data: { sms_duration: '', captcha_image: 'iVBORw0KGgo=' } },
        fixture('live-verify-done-data-array.json'),
      ],
    });
    const start = await adapter.start({ phone: PHONE, userId: USER_ID });
    const both = await adapter.submit(start.state, { password: 'pw' });
    expect(stepOf(both).fields.map((f) => f.kind)).toEqual(['smsCode', 'imageCaptcha']);
    const captcha = await adapter.submit(both.state, { smsCode: ' 1234 ', captcha: 'ab12' });
    expect(stepOf(captcha).fields.map((f) => f.kind)).toEqual(['imageCaptcha']);
    expect((await adapter.submit(captcha.state, { captcha: 'cd34' })).type).toBe('authorized');
    expect(sent('/calls/verify').map((r) => Object.fromEntries(new URLSearchParams(r.body)))).toEqual([
      { sid: 'SIDx1', sms_code: '1234', captcha_code: 'ab12' },
      { sid: 'SIDx1', captcha_code: 'cd34' },
    ]);
  });

  it('fails the start, offering a restart, when calls/flow answers garbage or a code', async () => {
    const { adapter } = await setup({
      '/calls/flow': [fixture('malformed-html.txt'), { status: 4007, msg: '运营商繁忙' }, { status: 20015 }],
    });
    expect(await adapter.start({ phone: PHONE, userId: USER_ID })).toMatchObject({
      type: 'failed',
      error: { code: 'upstream_invalid_response', retry: 'restart' },
    });
    expect(await adapter.start({ phone: PHONE, userId: USER_ID })).toMatchObject({
      type: 'failed',
      error: { code: 'upstream_unavailable', retry: 'restart' },
    });
    expect(await adapter.start({ phone: PHONE, userId: USER_ID })).toMatchObject({
      type: 'failed',
      error: { code: 'query_forbidden', retry: 'none' },
    });
  });

  it('posts contacts as tel_list[] pairs, normalized', async () => {
    const forget = (data: object, action = 'processing') => ({
      status: 0,
      msg: 'OK',
      action,
      data: { tid: 'TID1', need_new_pwd: 0, need_contacts: 0, sms_duration: '', login_sms_duration: '', content: '', ...data },
    });
    const { adapter, sent } = await setup({
      '/calls/flow': [flow({}), flow({})],
      '/forget/pwd': [forget({ need_contacts: 1 }), forget({}, 'done')],
    });
    const start = await adapter.start({ phone: PHONE, userId: USER_ID });
    const identity = await adapter.fieldAction(start.state, 'password', 'recover');
    const contacts = await adapter.submit(identity.state, { name: '李四', idCard: '11010519491231002x' });
    expect(stepOf(contacts).fields[0]).toMatchObject({ kind: 'contacts', min: 2, max: 5 });
    await adapter.submit(contacts.state, { contacts: ['139 1234 5678', '186-1111-2222', '13912345678'] });
    const [first, second] = sent('/forget/pwd').map((r) => [...new URLSearchParams(r.body)]);
    expect(first).toEqual([
      ['tel', PHONE],
      ['user_name', '李四'],
      ['user_id', '11010519491231002X'],
    ]);
    expect(second).toEqual([
      ['tid', 'TID1'],
      ['tel_list[]', '13912345678'],
      ['tel_list[]', '18611112222'],
    ]);
  });
});
