import * as z from 'zod';
import type { CollectedData } from '../../providers/data-model';
import { maskRawIdCards } from '../../providers/raw-payloads';
import { maskIdCard } from '../../providers/shared/id-card';
import type { ProviderName } from '../../providers/types';
import { lenderFailures } from './errors';

// ID-card numbers are collected in full. Which lenders receive them in full is the operator's
// choice (LENDER_FULL_ID_CARDS); everyone else gets first 4 and last 2 characters, in /data,
// /report and /raw alike. A lender allowed full numbers may still ask for masked ones.

export const ID_CARD_VIEWS = ['full', 'masked'] as const;
export type IdCardView = (typeof ID_CARD_VIEWS)[number];

export const IdCardQuerySchema = z.object({
  idCard: z
    .enum(ID_CARD_VIEWS, { error: 'must be full or masked' })
    .optional()
    .meta({ description: "`masked` (first 4 and last 2 characters) or `full`; default: your lender's setting (LENDER_FULL_ID_CARDS)" }),
});

/** Which lenders receive full ID-card numbers: the listed ids, or every lender (`*`). */
export interface IdCardPolicy {
  full(lenderId: string): boolean;
}

export function createIdCardPolicy(fullLenders: readonly string[] | '*' = []): IdCardPolicy {
  const allowed = new Set(fullLenders === '*' ? [] : fullLenders);
  return { full: (lenderId) => fullLenders === '*' || allowed.has(lenderId) };
}

/** The view a request gets: what it asks for, within what its lender may have. */
export function idCardView(policy: IdCardPolicy, lenderId: string, asked: IdCardView | undefined): IdCardView {
  const allowed = policy.full(lenderId);
  if (asked === 'full' && !allowed) throw lenderFailures.idCardsForbidden(lenderId);
  return asked ?? (allowed ? 'full' : 'masked');
}

function masked(value: string | null): string | null {
  return value === null || /[*＊×]/.test(value) ? value : maskIdCard(value);
}

/** The collected data (extras included) as `view` shows ID-card numbers. */
export function collectedDataFor(data: CollectedData, view: IdCardView): CollectedData {
  if (view === 'full') return data;
  const { subscriber } = data;
  const out: CollectedData = {
    ...data,
    subscriber: {
      ...subscriber,
      idCard: masked(subscriber.idCard),
      idCardMasking: subscriber.idCardMasking === 'none' ? 'carrierlink' : subscriber.idCardMasking,
    },
  };
  if (data.report) {
    out.report = {
      ...data.report,
      owner: { ...data.report.owner, idCard: masked(data.report.owner.idCard) },
      applicantCheck: { ...data.report.applicantCheck, idCard: masked(data.report.applicantCheck.idCard) },
    };
  }
  return out;
}

/** Raw payloads as `view` shows ID-card numbers. */
export function rawFor(provider: ProviderName, raw: Readonly<Record<string, unknown>>, view: IdCardView): Record<string, unknown> {
  return view === 'full' ? { ...raw } : maskRawIdCards(provider, raw);
}
