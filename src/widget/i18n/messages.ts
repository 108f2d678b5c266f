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
  app: { title: string; footer: string; loading: string; retry: string; loadFailed: string };
  carrier: Record<Carrier, string>;
  phone: {
    heading: string;
    intro: string;
    label: string;
    placeholder: string;
    required: string;
    invalid: string;
    submit: string;
  };
  consent: { prefix: string; link: string; required: string };
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
    };
    passwordHelp: string;
    noticeLabel: string;
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
  captcha: { alt: string; refresh: string; refreshLabel: string; loading: string };
  sms: {
    send: string;
    resend: string;
    sending: string;
    wait: string;
    sentAnnouncement: string;
    readyAnnouncement: string;
    instruction: string;
    instructionLink: string;
  };
  authorized: { heading: string; body: string };
  failed: { heading: string; restart: string; changePhone: string; restarting: string };
  expired: { heading: string; body: string; restart: string };
  errors: Record<ErrorCode | ClientErrorCode, string>;
}
