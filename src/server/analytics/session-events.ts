import { stageOf } from '../../flow/analytics';
import type { AnalyticsStage } from '../../flow/analytics';
import type { BrowserEvent } from '../../flow/browser-events';
import type { Step } from '../../flow';
import { detectCarrier } from '../../flow/phone';
import type { CollectedData } from '../../providers/data-model';
import type { ProviderName } from '../../providers/types';
import type { LinkRecord } from '../link/schemas';
import type { FailoverMove } from '../session/failover';
import type { SessionRecord } from '../session/record';
import type { AnalyticsContext, AnalyticsEventInput, AnalyticsEventKind, CollectionRecord } from '../store/types';
import { provinceOf } from './province';
import type { AnalyticsRecorder } from './recorder';

/** What the session service did, as the analytics see it. */
export type SessionAction = 'start' | 'submit' | 'refresh' | 'resend' | 'recover' | 'cancel' | 'restart';

export interface StepChange {
  /** The record as stored after the call. */
  record: SessionRecord;
  /** The step before the call; undefined for a start. */
  previous: Step | undefined;
  action: SessionAction;
  /** The vendor's own code of an error the call ran into, when it named one. */
  upstreamCode?: string;
}

/** The session service's hook: turns what the server itself saw into analytics events. */
export interface SessionAnalytics {
  step(change: StepChange): void;
  /** A submission refused by our own checks before the vendor heard of it. */
  refused(record: SessionRecord, fieldKind: string | undefined, code: string): void;
  /** The session left a vendor for the next one before the service password (`record` is on the new vendor). */
  failover?(record: SessionRecord, move: FailoverMove): void;
}

/** Link creation, collection outcomes and the browser's own reports. */
export interface LenderAnalytics {
  linkCreated(link: LinkRecord): void;
  collected(collection: Pick<CollectionRecord, 'sessionId' | 'provider' | 'lenderId' | 'demo'>, data: CollectedData): void;
  collectFailed(collection: Pick<CollectionRecord, 'sessionId' | 'provider' | 'lenderId' | 'demo'>, code: string): void;
  browser(
    target: { sessionId: string; lenderId: string | null; provider: ProviderName | null; phone: string | undefined; demo: boolean },
    events: readonly BrowserEvent[],
  ): void;
}

// Codes are stored only in these shapes: an error code (snake_case) or a vendor's short code.
const CODE = /^[a-z0-9_]{1,64}$/;
const UPSTREAM_CODE = /^[A-Za-z0-9_-]{1,16}$/;
const code = (value: string | undefined): string | null => (value !== undefined && CODE.test(value) ? value : null);
const upstream = (value: string | undefined): string | null => (value !== undefined && UPSTREAM_CODE.test(value) ? value : null);

const contextOf = (record: SessionRecord): AnalyticsContext => ({
  lenderId: record.link?.lenderId ?? null,
  provider: record.provider,
  carrier: detectCarrier(record.phone) ?? null,
  // Known before any vendor answers only when the lender's link names it.
  province: provinceOf(record.applicant?.province),
  demo: record.demo !== undefined,
});

const stageOfStep = (step: Step | undefined): AnalyticsStage | null => {
  if (!step) return null;
  if (step.type === 'form')
    return stageOf(
      step.fields.map((field) => field.kind),
      step.purpose,
    );
  return step.type === 'authorized' ? 'authorized' : null;
};

const kindsOf = (step: Step | undefined): string[] => (step?.type === 'form' ? step.fields.map((field) => field.kind) : []);

const ACTION_EVENTS: Record<Exclude<SessionAction, 'start' | 'restart'>, AnalyticsEventKind> = {
  submit: 'submitted',
  refresh: 'captcha_refresh',
  resend: 'resend',
  recover: 'recover',
  cancel: 'cancel',
};

export function createAnalyticsHooks(recorder: AnalyticsRecorder, now: () => number = Date.now): SessionAnalytics & LenderAnalytics {
  const iso = () => new Date(now()).toISOString();
  const event = (
    sessionId: string,
    kind: AnalyticsEventKind,
    context: AnalyticsContext,
    parts: Partial<Omit<AnalyticsEventInput, 'sessionId' | 'kind' | 'context'>> = {},
  ): AnalyticsEventInput => ({
    sessionId,
    at: parts.at ?? iso(),
    kind,
    source: parts.source ?? 'server',
    stage: parts.stage ?? null,
    screen: parts.screen ?? null,
    fields: parts.fields ?? [],
    code: parts.code ?? null,
    field: parts.field ?? null,
    upstreamCode: parts.upstreamCode ?? null,
    context,
  });

  return {
    step({ record, previous, action, upstreamCode }) {
      const context = contextOf(record);
      const at = iso();
      const id = record.id;
      if (action === 'start') {
        recorder.record(event(id, 'session_started', context, { at, stage: 'phone', fields: ['phone'] }));
      } else if (action === 'restart') {
        recorder.record(event(id, 'restart', context, { at, stage: stageOfStep(previous), fields: kindsOf(previous) }));
      } else {
        recorder.record(event(id, ACTION_EVENTS[action], context, { at, stage: stageOfStep(previous), fields: kindsOf(previous) }));
      }
      const step = record.step;
      if (step.type === 'form') {
        const stage = stageOfStep(step);
        const fields = kindsOf(step);
        const isNew = action === 'start' || action === 'restart' || previous?.id !== step.id;
        if (isNew) recorder.record(event(id, 'step_entered', context, { at, stage, fields }));
        // A step's errors are always new: stale ones are dropped whenever a step is answered again.
        let vendorCode = upstream(upstreamCode);
        const error = (errorCode: string, field: string | null) => {
          recorder.record(event(id, 'error', context, { at, stage, fields, code: code(errorCode), field, upstreamCode: vendorCode }));
          vendorCode = null;
        };
        for (const field of step.fields) if (field.error) error(field.error.code, field.kind);
        if (step.error) error(step.error.code, null);
      } else if (step.type === 'authorized') {
        if (previous?.type !== 'authorized') recorder.record(event(id, 'authorized', context, { at, stage: 'authorized' }));
      } else if (previous?.type !== 'failed' || previous.id !== step.id) {
        recorder.record(
          event(id, 'failed', context, {
            at,
            code: code(step.error.code),
            upstreamCode: upstream(step.error.upstreamCode ?? upstreamCode),
          }),
        );
      }
    },

    refused(record, fieldKind, errorCode) {
      const step = record.step;
      recorder.record(
        event(record.id, 'error', contextOf(record), {
          stage: stageOfStep(step),
          fields: kindsOf(step),
          code: code(errorCode),
          field: fieldKind ?? null,
        }),
      );
    },

    failover(record, move) {
      // The vendor left and its code; the session's provider is the new vendor from here on.
      recorder.record(
        event(record.id, 'failover', contextOf(record), { code: code(move.code), upstreamCode: upstream(move.upstreamCode) }),
      );
    },

    linkCreated(link) {
      const carrier = link.phone === undefined ? null : (detectCarrier(link.phone) ?? null);
      recorder.record(
        event(
          link.sessionId,
          'link_created',
          { lenderId: link.lenderId, provider: null, carrier, province: null, demo: false },
          {
            at: link.createdAt,
            stage: 'link',
          },
        ),
      );
    },

    collected(collection, data) {
      const context: AnalyticsContext = {
        lenderId: collection.lenderId,
        provider: collection.provider,
        carrier: null,
        province: provinceOf(data.subscriber.region),
        demo: collection.demo,
      };
      recorder.record(event(collection.sessionId, 'data_ready', context, { stage: 'data_ready' }));
    },

    collectFailed(collection, failureCode) {
      const context: AnalyticsContext = {
        lenderId: collection.lenderId,
        provider: collection.provider,
        carrier: null,
        province: null,
        demo: collection.demo,
      };
      recorder.record(event(collection.sessionId, 'collect_failed', context, { code: code(failureCode) ?? 'collect_failed' }));
    },

    browser(target, events) {
      const context: AnalyticsContext = {
        lenderId: target.lenderId,
        provider: target.provider,
        carrier: target.phone === undefined ? null : (detectCarrier(target.phone) ?? null),
        province: null,
        demo: target.demo,
      };
      for (const reported of events) {
        const parts = { source: 'browser' as const, screen: reported.screen, fields: [...reported.fields] };
        recorder.record(
          reported.kind === 'exit'
            ? event(target.sessionId, 'exit', context, { ...parts, code: reported.reason })
            : event(target.sessionId, 'screen_view', context, parts),
        );
      }
    },
  };
}
