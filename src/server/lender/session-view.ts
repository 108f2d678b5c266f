import { EXTRA_KINDS } from '../../providers/data-model';
import type { ExtraKind, ExtraResult } from '../../providers/data-model';
import type { Step } from '../../flow';
import { linkState } from '../link/schemas';
import type { ConsentRecord } from '../link/consents';
import type { LinkRecord } from '../link/schemas';
import type { SessionRecord } from '../session/record';
import type { CollectionRecord, DurableStore } from '../store/types';
import { lenderFailures } from './errors';
import type { SessionStatusResponse, StepSummary } from './schemas';

/** What the lender API reads. */
export type LenderStore = Pick<DurableStore, 'sessions' | 'links' | 'collections' | 'outbox' | 'webhooks' | 'consents'>;

/** Everything known of one session id; at least one part is present. */
export interface SessionView {
  sessionId: string;
  collection: CollectionRecord | undefined;
  session: SessionRecord | undefined;
  link: LinkRecord | undefined;
  /** The consent recorded when the applicant started (link sessions). */
  consent?: ConsentRecord | undefined;
}

/**
 * The session as the lender may see it. The first record found, in the order collection, session,
 * link, says whose it is; anyone else's session answers the same 404 as an unknown id.
 */
export async function findOwnedSession(store: LenderStore, lenderId: string, sessionId: string): Promise<SessionView> {
  const [collection, session, link, consent] = await Promise.all([
    store.collections.get(sessionId),
    store.sessions.findById(sessionId),
    store.links.findBySessionId(sessionId),
    store.consents.get(sessionId),
  ]);
  const owner = collection ? collection.lenderId : session ? (session.link?.lenderId ?? null) : link ? link.lenderId : null;
  if (owner === null || owner !== lenderId) throw lenderFailures.sessionNotFound();
  return { sessionId, collection, session, link, consent };
}

/** The step's shape only: field kinds, never a value or an upstream message. */
function summarize(step: Step): StepSummary {
  if (step.type === 'form') {
    return { kind: 'form', purpose: step.purpose ?? 'authorize', intent: step.intent, fields: step.fields.map((field) => field.kind) };
  }
  return { kind: step.type };
}

/** The vendor's extras by state: what is stored, else what is still to fetch. */
function extrasState(
  collection: CollectionRecord,
  stored: Partial<Record<ExtraKind, ExtraResult>> | undefined,
): SessionStatusResponse['extras'] {
  const extras: SessionStatusResponse['extras'] = {};
  if (collection.status !== 'collecting' && collection.status !== 'data_ready') return extras;
  for (const kind of EXTRA_KINDS) {
    const state = stored?.[kind]?.status ?? (collection.extrasPending.includes(kind) ? 'pending' : undefined);
    if (state !== undefined) extras[kind] = state;
  }
  return extras;
}

const blank = {
  step: null,
  authorizedAt: null,
  readyAt: null,
  failedAt: null,
  failure: null,
  stages: [],
  extras: {},
} satisfies Partial<SessionStatusResponse>;

/** Update mode and consent, from whichever record still holds them. */
function updateFields(view: SessionView): Pick<SessionStatusResponse, 'mode' | 'previousSessionId' | 'consent'> {
  const previousSessionId =
    view.collection?.previousSessionId ??
    view.session?.link?.previousSessionId ??
    view.link?.previousSessionId ??
    view.consent?.previousSessionId ??
    null;
  const { consent } = view;
  return {
    mode: previousSessionId === null ? 'initial' : 'update',
    previousSessionId,
    consent: consent
      ? {
          linkId: consent.linkId,
          mode: consent.mode,
          agreementVersion: consent.agreementVersion,
          textHash: consent.textHash,
          acceptedAt: consent.acceptedAt,
          recordedAt: consent.recordedAt,
        }
      : null,
  };
}

/** GET /api/v1/sessions/{id}; `storedExtras` are the ready collection's extras, when read. */
export function describeSession(
  view: SessionView,
  now: number,
  storedExtras?: Partial<Record<ExtraKind, ExtraResult>>,
): SessionStatusResponse {
  const { collection, session, link } = view;
  const createdAt = link?.createdAt ?? session?.createdAt ?? collection?.authorizedAt ?? new Date(now).toISOString();
  const base = { sessionId: view.sessionId, createdAt, ...blank, ...updateFields(view) };

  if (collection) {
    return {
      ...base,
      lenderUserId: collection.lenderUserId,
      provider: collection.provider,
      status: collection.status,
      step: { kind: 'authorized' },
      authorizedAt: collection.authorizedAt,
      readyAt: collection.readyAt,
      failedAt: collection.failedAt,
      failure: collection.failure,
      stages: collection.stages,
      extras: extrasState(collection, storedExtras),
    };
  }
  if (session) {
    const common = { ...base, lenderUserId: session.link?.lenderUserId ?? null, provider: session.provider, step: summarize(session.step) };
    const { step } = session;
    // An authorized step without a task id is the placeholder of a start still running.
    if (step.type === 'authorized' && session.taskId !== undefined)
      return { ...common, status: 'collecting', authorizedAt: session.updatedAt };
    if (step.type === 'failed') {
      const again = step.canRestart ? '; the applicant may still start again' : '';
      return {
        ...common,
        status: 'failed',
        failedAt: session.updatedAt,
        failure: { code: step.error.code, message: `The authorization stopped in the widget (${step.error.code})${again}` },
      };
    }
    return { ...common, status: 'in_progress', step: step.type === 'form' ? common.step : null };
  }
  if (!link) throw lenderFailures.sessionNotFound();
  const state = linkState(link, now);
  // A used link whose session is gone and never authorized: the session idled out.
  const status = state === 'used' ? 'session_expired' : state === 'expired' ? 'link_expired' : 'link_created';
  return { ...base, lenderUserId: link.lenderUserId, provider: null, status };
}
