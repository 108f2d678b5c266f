import type { Carrier, ErrorCode, FieldKind, SubmitIntent } from '../../flow';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Errors the widget raises itself (no server answer to localize). */
export type ClientErrorCode = 'network_error' | 'invalid_response';

/** One titled section of the agreement. */
export interface AgreementSection {
  title: string;
  paragraphs: readonly string[];
}

/**
 * Every user-facing string. Each catalogue is typed `Messages`, so a missing key fails to compile.
 * `{name}` placeholders are filled by `format`.
 */
export interface Messages {
  app: {
    title: string;
    footer: string;
    loading: string;
    retry: string;
    loadFailed: string;
    /** The × of the embedded modal (its accessible name). */
    close: string;
  };
  carrier: Record<Carrier, string>;
  phone: {
    heading: string;
    intro: string;
    label: string;
    placeholder: string;
    required: string;
    invalid: string;
    submit: string;
    /** The intro when the lender fixed the number (link mode). */
    introLocked: string;
    /** Under a number the lender fixed, which cannot be changed here. */
    locked: string;
    /** Under the number when its carrier has many failures across recent sessions. */
    outage: string;
    /** Update mode (a refresh of an earlier authorization): the intro, and the note under the masked number. */
    introUpdate: string;
    lockedUpdate: string;
  };
  /** `prefixUpdate`: the consent box of an update (the applicant authorizes this refresh again). */
  consent: { prefix: string; prefixUpdate: string; link: string; required: string };
  agreement: {
    title: string;
    version: string;
    sections: readonly AgreementSection[];
    accept: string;
    close: string;
  };
  form: {
    submitting: string;
    intent: Record<SubmitIntent, string>;
    heading: {
      password: string;
      captcha: string;
      smsCode: string;
      identity: string;
      other: string;
      recoverPassword: string;
    };
    passwordHelp: string;
    /** The same help without the hotlines, when the field offers its own recovery link. */
    passwordHelpShort: string;
    noticeLabel: string;
    /** Leaving a cancellable step: back to login from recovery, or back in general. */
    backToLogin: string;
    back: string;
  };
  field: {
    label: Record<Exclude<FieldKind, 'select' | 'text'>, string>;
    fallbackLabel: string;
    selectPlaceholder: string;
    required: string;
    requiredGeneric: string;
    requiredSelect: string;
    phoneInvalid: string;
    idCard: { format: string; birthDate: string; checkDigit: string };
    smsCode: string;
    name: string;
  };
  password: { show: string; hide: string };
  recovery: {
    forgot: string;
    opening: string;
    hotlineIntro: string;
    otherCarriers: string;
  };
  contacts: {
    /** `{n}`: 1-based row number. */
    row: string;
    add: string;
    remove: string;
    removeLabel: string;
    duplicate: string;
    own: string;
  };
  newPassword: {
    confirmLabel: string;
    /** `{n}`: the number of digits. */
    rules: string;
    confirmRequired: string;
    mismatch: string;
    problem: { length: string; repeated: string; sequence: string; phoneDigits: string; idCardDigits: string };
  };
  captcha: { alt: string; refresh: string; refreshLabel: string; loading: string };
  sms: {
    send: string;
    resend: string;
    sending: string;
    wait: string;
    sentAnnouncement: string;
    /** Spoken every 15 s of a resend wait: the seconds left. */
    waitAnnouncement: string;
    readyAnnouncement: string;
    instruction: string;
    instructionLink: string;
    restartNote: string;
    restarting: string;
  };
  /** Server-side abuse limits: the wait after a refusal and the tries left before one. */
  limits: {
    /** Shown beside the ticking time (hidden from screen readers); `{time}` m:ss or h:mm:ss. */
    countdown: string;
    /** Announced once with the refusal: `{minutes}` (rounded up), or `{seconds}` under a minute. */
    waitMinutes: string;
    waitSeconds: string;
    /** Announced (politely) when the wait is over. */
    over: string;
    /** After a wrong service password: `{n}` tries before the guard stops them. */
    passwordLeft: string;
    passwordNone: string;
    /** On an SMS code error: `{n}` codes that may still be requested for this number. */
    smsLeft: string;
    smsNone: string;
  };
  /** `done`, `back`: hand the user back to the lender page (embedded). */
  authorized: { heading: string; body: string; done: string };
  failed: { heading: string; restart: string; changePhone: string; restarting: string; back: string };
  /** Changing the number past the phone step (header control, the phone step shown again). */
  changeNumber: {
    control: string;
    /** `{phone}`: the masked number of the session waiting behind the phone step. */
    continue: string;
    /** Link mode: why another number needs the lender. */
    lockedNote: string;
    cancel: string;
    cancelling: string;
  };
  /** Link mode: the session was given up for another number. */
  cancelled: { heading: string; body: string };
  expired: { heading: string; body: string; restart: string; bodyLink: string; back: string };
  /** A link token that is unknown, used or expired (the message itself is the error's). */
  linkError: { heading: string; back: string };
  /** A new service password the carrier answered after a recovery, shown to the applicant only. */
  recoveredPassword: { heading: string; says: string; note: string };
  /** What an error adds: the carrier's instruction and when to try again. */
  guidance: {
    /** `{text}`: the carrier's instruction, verbatim (Chinese). */
    says: string;
    /** `{actions}`: what the carrier asks, in this locale (zh-CN shows `says` only). */
    asks: string;
    /** `{text}`: the carrier's words beside a translation. */
    original: string;
    actions: { call: string; hotline: string; hall: string; website: string; realName: string; resetPassword: string; contact: string };
    /** `{when}`: a time from `today`, `tomorrow` or `date`; `{wait}`: about how long from now. */
    retryAt: string;
    today: string;
    tomorrow: string;
    date: string;
    minutes: string;
    hours: string;
    days: string;
  };
  errors: Record<ErrorCode | ClientErrorCode, string>;
}
