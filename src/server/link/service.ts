import { randomBytes } from 'node:crypto';
import { LINK_TOKEN_PATTERN, maskPhone } from '../../flow';
import type { LinkInfoResponse, StartSessionRequest } from '../../flow';
import type { Applicant, ProviderName } from '../../providers/types';
import { failures } from '../errors';
import type { LenderAnalytics } from '../analytics/session-events';
import type { ServiceLogger, StartOptions } from '../session/service';
import { bearerToken, randomId, tokenKey } from '../session/token';
import { linkState } from './schemas';
import type { CreateLinkTokenRequest, CreateLinkTokenResponse, LinkRecord, LinkState } from './schemas';
import type { LinkStore } from './store';
import type { ConsentStore } from './consents';
import { consentOf } from './consents';

/** What makes a link an update link: the completed session it refreshes, its number and vendor (server-side only). */
export interface UpdateOf {
  previousSessionId: string;
  phone: string;
  provider: ProviderName;
}

export interface LinkServiceOptions {
  store: LinkStore;
  /** Default and maximum lifetime of a link token (LINK_TOKEN_TTL_SECONDS). */
  ttlSeconds: number;
  /** POST /api/sessions without a link token is refused (REQUIRE_LINK_TOKEN). */
  requireLinkToken: boolean;
  log: ServiceLogger;
  now?: () => number;
  /** Told of every link created (the top of the lender's funnel). */
  analytics?: Pick<LenderAnalytics, 'linkCreated'>;
  /** Where the consent of each session a link opens is recorded, for the lender to read. */
  consents?: ConsentStore;
}

/** Link tokens: created by a lender's server, read by the widget, used up by the session start. */
export interface LinkService {
  /**
   * POST /api/link-tokens, once the lender's API key was verified and the body validated; with
   * `update`, an update link (POST /api/v1/sessions/{id}/update-links, the earlier session checked).
   */
  create(lenderId: string, request: CreateLinkTokenRequest, update?: UpdateOf): Promise<CreateLinkTokenResponse>;
  /** GET /api/link; `authorization` is the raw header (`Bearer <link token>`). */
  info(authorization: string | undefined): Promise<LinkInfoResponse>;
  /** The origins that may frame the page opened with this link token, in any state; undefined when unknown. */
  frameAncestors(linkToken: string): Promise<readonly string[] | undefined>;
  /**
   * For POST /api/sessions: checks the request's link token and uses it up, before any upstream
   * call, answering the session's start options. Without a token: nothing, or 403 when required.
   */
  admit(request: StartSessionRequest): Promise<StartOptions>;
}

/** `lt_` + 32 random bytes base64url (flow's LINK_TOKEN_PATTERN). */
export function createLinkToken(): string {
  return `lt_${randomBytes(32).toString('base64url')}`;
}

const refusal = (state: Exclude<LinkState, 'unused'> | 'unknown') =>
  state === 'used' ? failures.linkUsed() : state === 'expired' ? failures.linkExpired() : failures.linkNotFound();

/** The link's applicant as the adapters take it; the lender's list order is the contact priority. */
function applicantOf(request: CreateLinkTokenRequest): Applicant | undefined {
  const given = request.applicant;
  if (!given) return undefined;
  const applicant: Applicant = {};
  if (given.name !== undefined) applicant.name = given.name;
  if (given.idCard !== undefined) applicant.idCard = given.idCard;
  if (given.contacts !== undefined) {
    applicant.contacts = given.contacts.map((contact, index) => ({ ...contact, priority: index + 1 }));
  }
  return Object.keys(applicant).length > 0 ? applicant : undefined;
}

export function createLinkService(options: LinkServiceOptions): LinkService {
  const { store, log } = options;
  const now = options.now ?? Date.now;

  async function find(linkToken: string | undefined): Promise<{ key: string; record: LinkRecord } | undefined> {
    if (linkToken === undefined || !LINK_TOKEN_PATTERN.test(linkToken)) return undefined;
    const key = tokenKey(linkToken);
    const record = await store.get(key);
    return record ? { key, record } : undefined;
  }

  return {
    async create(lenderId, request, update) {
      const linkToken = createLinkToken();
      const t = now();
      const expiresAt = new Date(t + (request.expiresInSeconds ?? options.ttlSeconds) * 1000).toISOString();
      const record: LinkRecord = {
        sessionId: randomId('ses', 9),
        linkId: randomId('lnk', 9),
        lenderId,
        lenderUserId: request.userId,
        allowedOrigins: request.allowedOrigins,
        createdAt: new Date(t).toISOString(),
        expiresAt,
      };
      if (request.phone !== undefined) record.phone = request.phone;
      if (update) {
        record.mode = 'update';
        record.previousSessionId = update.previousSessionId;
        record.phone = update.phone;
        record.provider = update.provider;
      }
      if (request.locale !== undefined) record.locale = request.locale;
      const applicant = applicantOf(request);
      if (applicant) record.applicant = applicant;
      await store.put(tokenKey(linkToken), record);
      try {
        options.analytics?.linkCreated(record);
      } catch (error) {
        log.error({ err: { name: error instanceof Error ? error.name : 'error' } }, 'analytics hook failed');
      }
      const mode = update ? { mode: 'update', previousSession: update.previousSessionId } : {};
      log.info({ lenderId, session: record.sessionId, origins: record.allowedOrigins.length, ...mode }, 'link token created');
      return { linkToken, sessionId: record.sessionId, expiresAt };
    },

    async info(authorization) {
      const found = await find(bearerToken(authorization));
      if (!found) throw failures.linkNotFound();
      const { record } = found;
      const state = linkState(record, now());
      const info: LinkInfoResponse = { state, allowedOrigins: record.allowedOrigins, expiresAt: record.expiresAt };
      // The fixed number is personal data: shown only while the link can still open a session. An
      // update link's number was never given to the page by the lender: it is shown masked only.
      if (record.mode === 'update') {
        info.mode = 'update';
        if (state === 'unused' && record.phone !== undefined) info.maskedPhone = maskPhone(record.phone);
      } else if (state === 'unused' && record.phone !== undefined) info.phone = record.phone;
      if (record.locale !== undefined) info.locale = record.locale;
      return info;
    },

    async frameAncestors(linkToken) {
      return (await find(linkToken))?.record.allowedOrigins;
    },

    async admit(request) {
      if (request.linkToken === undefined) {
        if (options.requireLinkToken) throw failures.linkRequired();
        return {};
      }
      const found = await find(request.linkToken);
      if (!found) throw failures.linkNotFound();
      const { key, record } = found;
      const state = linkState(record, now());
      if (state !== 'unused') throw refusal(state);
      // Checked before using the link up, so a wrong number does not cost the user the link. An
      // update link's start may omit the number (the browser only has it masked).
      const omitted = request.phone === undefined && record.mode === 'update';
      if (record.phone !== undefined && record.phone !== request.phone && !omitted) {
        throw failures.inputInvalid('手机号与申请时填写的号码不一致（phone）', 'phone');
      }
      if (request.phone === undefined && record.phone === undefined) throw failures.inputInvalid('请输入手机号（phone）', 'phone');
      // The atomic step: of two concurrent starts with one link, only one gets past here.
      const consumed = await store.consume(key, now());
      if (consumed !== 'ok') throw refusal(consumed);
      log.info({ lenderId: record.lenderId, session: record.sessionId }, 'link token used');
      // The consent given for this link's session, kept for the lender past the session itself.
      await options.consents?.record(consentOf(record, request.consent, new Date(now()).toISOString()));
      const admitted: StartOptions = {
        id: record.sessionId,
        link: { lenderId: record.lenderId, lenderUserId: record.lenderUserId, allowedOrigins: record.allowedOrigins },
      };
      if (record.applicant) admitted.applicant = record.applicant;
      if (record.mode === 'update' && record.phone !== undefined && record.previousSessionId !== undefined) {
        admitted.phone = record.phone;
        if (record.provider !== undefined) admitted.provider = record.provider;
        if (admitted.link) admitted.link.previousSessionId = record.previousSessionId;
      }
      return admitted;
    },
  };
}
