import * as z from 'zod/mini';
import type { EXIT_REASONS } from './constants';
import {
  CHANNEL_PATTERN,
  EVENT_STABILITY,
  ISO_INSTANT_PATTERN,
  LIMITS,
  LOCALES,
  PROTOCOL_NAMESPACE,
  PROTOCOL_VERSION,
  STEP_KINDS,
  WIDGET_EXIT_REASONS,
} from './constants';

export * from './constants';

/**
 * The postMessage protocol between the widget (in the iframe) and the loader (embed.js, on the
 * lender's page). One versioned, namespaced union; every type below is inferred from these schemas,
 * so what is sent and what is typed cannot drift.
 *
 * Handshake, before anything else:
 *   widget -> host  `hello`      (repeated until acknowledged; target origin = the verified parent origin)
 *   host -> widget  `hello_ack`  (target origin = the widget's origin)
 * Then the widget sends events (`ready` first), each with an increasing `seq`.
 *
 * Both sides check `event.origin` and `event.source` before parsing, and never post to `'*'`.
 * No event carries a value the user typed: kinds, codes and ids only.
 */

const envelope = {
  ns: z.literal(PROTOCOL_NAMESPACE),
  v: z.literal(PROTOCOL_VERSION),
  channel: z.string().check(z.regex(CHANNEL_PATTERN)),
};

const kind = z.string().check(z.minLength(1), z.maxLength(LIMITS.kindLength));

/** A step as the host may see it: its kind and its field kinds, never values or ids. */
export const StepInfoSchema = z.object({
  kind: z.enum(STEP_KINDS),
  /** Field kinds in order (`servicePassword`, `smsCode`, ...); a kind unknown today is still a string. */
  fields: z.array(kind).check(z.maxLength(LIMITS.fieldKinds)),
});
export type StepInfo = z.infer<typeof StepInfoSchema>;

export const EmbedErrorSchema = z.object({
  /** An ErrorCode of src/flow/errors.ts, or a widget-side code such as `network_error`. */
  code: z.string().check(z.minLength(1), z.maxLength(LIMITS.codeLength)),
  retryable: z.boolean(),
  /** What the user was shown, in the widget's locale. */
  message: z.string().check(z.maxLength(LIMITS.messageLength)),
  /** The field kind the error concerns, when it concerns one. */
  field: z.optional(kind),
});
export type EmbedError = z.infer<typeof EmbedErrorSchema>;

const seq = z.number().check(z.int(), z.nonnegative());
const event = <T extends string, D extends z.ZodMiniType>(type: T, data: D) => z.object({ ...envelope, type: z.literal(type), seq, data });

export const ReadyEventSchema = event('ready', z.object({ locale: z.enum(LOCALES) }));
export const StepShownEventSchema = event('step_shown', z.object({ step: StepInfoSchema }));
export const SubmittedEventSchema = event('submitted', z.object({ step: StepInfoSchema }));
/** The applicant asked for another SMS code. */
export const ResendEventSchema = event('resend', z.object({ step: StepInfoSchema }));
/** The applicant asked for another image captcha. */
export const CaptchaRefreshEventSchema = event('captcha_refresh', z.object({ step: StepInfoSchema }));
export const ErrorEventSchema = event('error', z.object({ step: z.nullable(StepInfoSchema), error: EmbedErrorSchema }));
export const ExitEventSchema = event(
  'exit',
  z.object({
    reason: z.enum(WIDGET_EXIT_REASONS),
    step: z.nullable(StepInfoSchema),
    error: z.optional(EmbedErrorSchema),
  }),
);
const id = z.string().check(z.minLength(1), z.maxLength(LIMITS.idLength));
export const SuccessEventSchema = event('success', z.object({ sessionId: id, taskId: id }));
export const ResizeEventSchema = event(
  'resize',
  z.object({ height: z.number().check(z.int(), z.nonnegative(), z.maximum(LIMITS.maxHeight)) }),
);
export const ConsentEventSchema = event(
  'consent',
  z.object({
    agreementVersion: z.string().check(z.minLength(1), z.maxLength(LIMITS.versionLength)),
    /** SHA-256 hex of the agreement text as shown; null without WebCrypto (non-secure contexts). */
    textHash: z.nullable(z.string().check(z.regex(/^[0-9a-f]{64}$/))),
    acceptedAt: z.string().check(z.regex(ISO_INSTANT_PATTERN)),
  }),
);

const EVENT_SCHEMAS = [
  ReadyEventSchema,
  StepShownEventSchema,
  SubmittedEventSchema,
  ErrorEventSchema,
  ExitEventSchema,
  SuccessEventSchema,
  ResizeEventSchema,
  ConsentEventSchema,
  ResendEventSchema,
  CaptchaRefreshEventSchema,
] as const;
export const WidgetEventSchema = z.discriminatedUnion('type', [...EVENT_SCHEMAS]);
/** Any event the widget sends after the handshake. */
export type WidgetEvent = z.infer<typeof WidgetEventSchema>;

export const HelloMessageSchema = z.object({ ...envelope, type: z.literal('hello') });
export type HelloMessage = z.infer<typeof HelloMessageSchema>;

/** Everything the widget posts to the host. */
export const WidgetMessageSchema = z.discriminatedUnion('type', [HelloMessageSchema, ...EVENT_SCHEMAS]);
export type WidgetMessage = z.infer<typeof WidgetMessageSchema>;

/** Everything the host posts to the widget: only the handshake answer. The widget takes no data from the host. */
export const HostMessageSchema = z.object({ ...envelope, type: z.literal('hello_ack') });
export type HostMessage = z.infer<typeof HostMessageSchema>;

/** An event as the host's callbacks see it: the type and its data. */
export type EventOf<T extends WidgetEvent['type']> = Extract<WidgetEvent, { type: T }>;
export type EventData<T extends WidgetEvent['type']> = EventOf<T>['data'];
export type HostEvent = { [T in WidgetEvent['type']]: { type: T; data: EventData<T> } }[WidgetEvent['type']];

export type SuccessData = EventData<'success'>;
/** onExit's argument: the widget's exit data, or the loader's own (`host_closed`, `load_failed`). */
export interface ExitData {
  reason: (typeof EXIT_REASONS)[number];
  step: StepInfo | null;
  error?: EmbedError;
}

export { EVENT_STABILITY };
