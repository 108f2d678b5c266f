/**
 * The Dianhua (邦秒爬) simulator's sandbox: which phone number plays which scenario. The simulator,
 * the README's sandbox table and the end-to-end suite all read this table.
 */

/** Accepted service password for every number (until a recovery sets a new one). */
export const SANDBOX_PASSWORD = '123456';
/** Accepted SMS code, at login, second verification and password recovery alike. */
export const SANDBOX_SMS_CODE = '123456';
/** Accepted login SMS code of the recovery flow (`login_code`). */
export const SANDBOX_LOGIN_CODE = '654321';
/** Digit captchas, shown in this order: the first picture of a session, then one per refresh. */
export const CAPTCHA_SEQUENCE = ['3796', '8241', '5530', '1968'] as const;
/** Any valid GB 11643 number and any 2-30 character name pass the identity checks. */
export const SANDBOX_ID_CARD = '11010519491231002X';
export const SANDBOX_NAME = '李四';
/** Contacts the recovery flow accepts (any two of them). */
export const SANDBOX_CONTACTS = ['13912345678', '18611112222', '15055556666'] as const;
/** A new service password the rules accept. */
export const SANDBOX_NEW_PASSWORD = '368024';
export const SANDBOX_NEW_PASSWORD_8 = '36802417';
/** The random new password the sandbox's 上海电信 answers in plain text after a recovery. */
export const SANDBOX_PLAIN_PASSWORD = '826413';
/** What a Jilin Telecom user texts, and to which number. */
export const JILIN_SMS = { to: '10001', body: 'CXXD' } as const;

/** What `calls/flow` asks for, and what comes after login. */
export interface FlowScenario {
  phone: string;
  region: string;
  summary: string;
  /** need_pin_pwd / need_full_name / need_id_card of the flow answer. */
  needs: { pin: boolean; name: boolean; idCard: boolean };
  /** The flow answer also carries a captcha (captcha_image) and/or an SMS (sms_duration, verify_notes). */
  loginCaptcha?: boolean;
  loginSms?: boolean;
  jilinNotes?: boolean;
  /** Second verification rounds after login, in order (calls/verify until action done). */
  verify?: ReadonlyArray<'sms' | 'captcha' | 'both'>;
  /** Special behaviour. */
  special?: 'reset' | 'tokenExpires' | 'relogin';
  /** verify_notes name the number in full ("短信验证码已发送至151 0000 0009"), as many carriers' pages do. */
  echoesNumber?: boolean;
}

const needs = (pin: boolean, name: boolean, idCard: boolean) => ({ pin, name, idCard });

/** The flow whose carrier notes name the number in full (an update session shows it masked). */
export const ECHO_NUMBER_PHONE = '15100000009';

export const FLOW_SCENARIOS: readonly FlowScenario[] = [
  // Each combination of the need_* flags; with none, login takes the SMS code sent at flow.
  { phone: '15000000100', region: '北京移动', summary: 'Service password only.', needs: needs(true, false, false) },
  { phone: '15000000110', region: '北京移动', summary: 'Service password and name.', needs: needs(true, true, false) },
  { phone: '15000000101', region: '北京移动', summary: 'Service password and ID card.', needs: needs(true, false, true) },
  { phone: '15000000111', region: '北京移动', summary: 'Service password, name and ID card.', needs: needs(true, true, true) },
  {
    phone: '15000000010',
    region: '北京移动',
    summary: 'Name only, with the SMS code sent at flow.',
    needs: needs(false, true, false),
    loginSms: true,
  },
  {
    phone: '15000000001',
    region: '北京移动',
    summary: 'ID card only, with the SMS code sent at flow.',
    needs: needs(false, false, true),
    loginSms: true,
  },
  {
    phone: '15000000011',
    region: '北京移动',
    summary: 'Name and ID card, with the SMS code sent at flow.',
    needs: needs(false, true, true),
    loginSms: true,
  },
  {
    phone: '15000000000',
    region: '北京移动',
    summary: 'Nothing but the SMS code sent at flow.',
    needs: needs(false, false, false),
    loginSms: true,
  },
  // Captcha at login, second verification.
  {
    phone: '15100000005',
    region: '北京移动',
    summary: 'Service password and image captcha at login.',
    needs: needs(true, false, false),
    loginCaptcha: true,
  },
  {
    phone: '15100000001',
    region: '北京移动',
    summary: 'Second verification by SMS code.',
    needs: needs(true, false, false),
    verify: ['sms'],
  },
  {
    phone: '15100000002',
    region: '北京移动',
    summary: 'Second verification by image captcha.',
    needs: needs(true, false, false),
    verify: ['captcha'],
  },
  {
    phone: '15100000003',
    region: '北京移动',
    summary: 'Second verification by SMS code and captcha together.',
    needs: needs(true, false, false),
    verify: ['both'],
  },
  {
    phone: '15100000004',
    region: '北京移动',
    summary: 'Second verification twice in a row: SMS code, then captcha.',
    needs: needs(true, false, false),
    verify: ['sms', 'captcha'],
  },
  {
    phone: '18100000431',
    region: '吉林电信',
    summary: 'verify_notes: the user texts CXXD to 10001 for the SMS code.',
    needs: needs(true, false, false),
    loginSms: true,
    jilinNotes: true,
  },
  {
    phone: '15100000006',
    region: '北京移动',
    summary: 'Login answers action "reset": start again from calls/flow, showing msg.',
    needs: needs(true, false, false),
    special: 'reset',
  },
  {
    phone: '15100000007',
    region: '北京移动',
    summary: 'The token expires mid-flow (4000): refreshed once, the call retried.',
    needs: needs(true, false, false),
    verify: ['sms'],
    special: 'tokenExpires',
  },
  {
    phone: '15100000008',
    region: '北京移动',
    summary: 'Password, name, ID card and captcha at login, then SMS second verification; the token expires mid-flow.',
    needs: needs(true, true, true),
    loginCaptcha: true,
    verify: ['sms'],
    special: 'tokenExpires',
  },
  {
    phone: ECHO_NUMBER_PHONE,
    region: '北京移动',
    summary: 'SMS code sent at flow, then SMS second verification; both notes name the number in full.',
    needs: needs(true, false, false),
    loginSms: true,
    verify: ['sms'],
    echoesNumber: true,
  },
];

/** Which branches `forget/pwd` walks for a number, after name + ID card. */
export interface RecoveryScenario {
  phone: string;
  summary: string;
  /** The steps after name + ID card, in order. */
  steps: ReadonlyArray<'sms' | 'loginSms' | 'contacts' | 'newPassword' | 'newPassword8'>;
  /** Ends in an error instead of `done`. */
  failCode?: string;
  /** 上海电信: the carrier sets this random new password and answers it in plain text (§9.4 `content`). */
  plainPassword?: string;
}

export const RECOVERY_SCENARIOS: readonly RecoveryScenario[] = [
  { phone: '15200000001', summary: 'SMS code, then a new password.', steps: ['sms', 'newPassword'] },
  { phone: '15200000002', summary: 'Login SMS code, then a new password.', steps: ['loginSms', 'newPassword'] },
  { phone: '15200000003', summary: 'Contacts called 5-90 days ago, then a new password.', steps: ['contacts', 'newPassword'] },
  { phone: '15200000004', summary: 'SMS code, contacts, then a new password.', steps: ['sms', 'contacts', 'newPassword'] },
  { phone: '15200000005', summary: 'SMS code only: the carrier texts a random new password (content).', steps: ['sms'] },
  {
    phone: '15200000008',
    summary: 'An 8-digit password (广东移动神州行): 30002 until 8 digits are given.',
    steps: ['sms', 'newPassword8'],
  },
  { phone: '15200000006', summary: 'The region cannot reset online (30001): call the hotline.', steps: [], failCode: '30001' },
  {
    phone: '18921000001',
    summary: 'Shanghai Telecom (上海电信): SMS code only; the carrier answers the new password in plain text, shown to the applicant.',
    steps: ['sms'],
    plainPassword: SANDBOX_PLAIN_PASSWORD,
  },
];

/** Numbers not listed here recover through SMS code then a new password. */
export const DEFAULT_RECOVERY: RecoveryScenario['steps'] = ['sms', 'newPassword'];

/** Numbers not listed play this: service password, then a second verification by SMS code. */
export const DEFAULT_FLOW: FlowScenario = {
  phone: '',
  region: '北京移动',
  summary: 'Service password, then a second verification by SMS code.',
  needs: needs(true, false, false),
  verify: ['sms'],
};

/**
 * Where an error scenario answers with its code:
 * - `token`: the token layer refuses the first call (calls/flow), as for a revoked appid;
 * - `flow` / `login` / `verify`: calls/flow, calls/login, calls/verify (the first round);
 * - `captchaRefresh`: calls/verify/captcha;
 * - `recovery`: the forget/pwd submission of `recoveryStep`;
 * - `data`: calls/record and calls/report after a completed authorization.
 */
export type ErrorTrigger = 'token' | 'flow' | 'login' | 'verify' | 'captchaRefresh' | 'recovery' | 'data';
export type RecoveryStepKind = 'identity' | 'sms' | 'loginSms' | 'contacts' | 'newPassword';

export interface ErrorScenario {
  /** '153' + the code padded to 8 digits, e.g. 15300004012. */
  phone: string;
  code: string;
  trigger: ErrorTrigger;
  /** The flow scenario the number otherwise plays (a phone of FLOW_SCENARIOS). */
  plays: string;
  /** For `recovery`: the step whose submission answers the code, and the steps walked. */
  recoveryStep?: RecoveryStepKind;
  recovery?: RecoveryScenario['steps'];
  /**
   * Answered every time (4000: shows the client refreshes and retries once, never loops). Every
   * other code fires once per applicant (number + uid), so after it the flow goes on.
   */
  persistent?: boolean;
}

const PASSWORD_ONLY = '15000000100';
const SMS_VERIFY = '15100000001';
const LOGIN_CAPTCHA = '15100000005';
const IDENTITY = '15000000111';

type ErrorRow = readonly [code: string, trigger: ErrorTrigger, plays: string, extra?: Partial<ErrorScenario>];
const onRecovery = (recoveryStep: RecoveryStepKind, recovery: RecoveryScenario['steps'] = DEFAULT_RECOVERY) => ({ recoveryStep, recovery });

/** Every code of section 20 (and 30010), and where the simulator answers it. */
const ERROR_ROWS: readonly ErrorRow[] = [
  ['3001', 'data', PASSWORD_ONLY],
  ['3100', 'data', PASSWORD_ONLY],
  ['3101', 'data', PASSWORD_ONLY],
  ['3102', 'data', PASSWORD_ONLY],
  ['3997', 'token', PASSWORD_ONLY],
  ['3998', 'token', PASSWORD_ONLY],
  ['3999', 'token', PASSWORD_ONLY],
  ['4000', 'token', PASSWORD_ONLY, { persistent: true }],
  ['4001', 'login', PASSWORD_ONLY],
  ['4004', 'verify', SMS_VERIFY],
  ['4005', 'token', PASSWORD_ONLY],
  ['4006', 'login', SMS_VERIFY],
  ['4007', 'login', PASSWORD_ONLY],
  ['4008', 'login', LOGIN_CAPTCHA],
  ['4009', 'login', SMS_VERIFY],
  ['4010', 'login', IDENTITY],
  ['4012', 'login', PASSWORD_ONLY],
  ['4013', 'login', PASSWORD_ONLY],
  ['4016', 'verify', SMS_VERIFY],
  ['4017', 'login', PASSWORD_ONLY],
  ['4990', 'verify', SMS_VERIFY],
  ['9999', 'captchaRefresh', LOGIN_CAPTCHA],
  ['20005', 'login', PASSWORD_ONLY],
  ['20006', 'login', PASSWORD_ONLY],
  ['20008', 'login', PASSWORD_ONLY],
  ['20011', 'login', PASSWORD_ONLY],
  ['20013', 'verify', SMS_VERIFY],
  ['20014', 'login', PASSWORD_ONLY],
  ['20015', 'flow', PASSWORD_ONLY],
  ['20016', 'verify', SMS_VERIFY],
  ['20017', 'login', PASSWORD_ONLY],
  ['20018', 'flow', PASSWORD_ONLY],
  ['20019', 'login', PASSWORD_ONLY],
  ['20020', 'flow', PASSWORD_ONLY],
  ['30001', 'recovery', PASSWORD_ONLY, onRecovery('identity')],
  ['30002', 'recovery', PASSWORD_ONLY, onRecovery('newPassword')],
  ['30003', 'recovery', PASSWORD_ONLY, onRecovery('newPassword')],
  ['30004', 'recovery', PASSWORD_ONLY, onRecovery('newPassword')],
  ['30005', 'recovery', PASSWORD_ONLY, onRecovery('newPassword')],
  ['30006', 'recovery', PASSWORD_ONLY, onRecovery('contacts', ['contacts', 'newPassword'])],
  ['30007', 'recovery', PASSWORD_ONLY, onRecovery('newPassword')],
  ['30008', 'recovery', PASSWORD_ONLY, onRecovery('newPassword')],
  ['30009', 'recovery', PASSWORD_ONLY, onRecovery('identity')],
  ['30010', 'recovery', PASSWORD_ONLY, onRecovery('identity')],
];

export const ERROR_SCENARIOS: readonly ErrorScenario[] = ERROR_ROWS.map(([code, trigger, plays, extra]) => ({
  phone: `153${code.padStart(8, '0')}`,
  code,
  trigger,
  plays,
  ...extra,
}));

/** Transport faults, raised at calls/login of a password-only flow. */
export const FAULT_SCENARIOS = [
  { phone: '15400000408', fault: 'timeout', summary: 'The upstream never answers the login call (client timeout).' },
  { phone: '15400000502', fault: 'http502', summary: 'The gateway answers HTTP 502 with an HTML page.' },
  { phone: '15400000200', fault: 'garbage', summary: 'HTTP 200 with a body that is not JSON.' },
  { phone: '15400000201', fault: 'wrongShape', summary: 'JSON whose data has the wrong shape (sms_duration "soon").' },
] as const;
export type FaultKind = (typeof FAULT_SCENARIOS)[number]['fault'];

/**
 * Numbers whose authorization succeeds but whose crawl then fails: the auth push says status 0,
 * no result push follows, the report push says status 2, and calls/record (and the other data
 * endpoints) answer `code` once the crawl has ended. They play the default flow.
 */
export const CRAWL_FAILURE_SCENARIOS = [
  { phone: '15500003102', code: '3102', summary: 'Authorized, then the crawl fails (report push status 2, calls/record 3102).' },
] as const;

/** The code the data endpoints answer when the number's crawl fails, or undefined when it succeeds. */
export function crawlFailureOf(phone: string): string | undefined {
  return CRAWL_FAILURE_SCENARIOS.find((s) => s.phone === phone)?.code;
}

/** Everything the simulator plays for one number. */
export interface SandboxPlay {
  flow: FlowScenario;
  recovery: RecoveryScenario;
  error?: ErrorScenario;
  fault?: FaultKind;
}

export function scenarioFor(phone: string): SandboxPlay {
  const error = ERROR_SCENARIOS.find((s) => s.phone === phone);
  const fault = FAULT_SCENARIOS.find((s) => s.phone === phone)?.fault;
  const plays = error?.plays ?? (fault ? PASSWORD_ONLY : phone);
  const flow = FLOW_SCENARIOS.find((s) => s.phone === plays) ?? DEFAULT_FLOW;
  const recovery = RECOVERY_SCENARIOS.find((s) => s.phone === phone) ?? {
    phone,
    summary: 'SMS code, then a new password.',
    steps: error?.recovery ?? DEFAULT_RECOVERY,
  };
  return { flow, recovery, ...(error && { error }), ...(fault && { fault }) };
}
