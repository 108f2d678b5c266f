import * as z from 'zod';
import { LINK_MODES } from '../../flow';
import { createLinkTokenRequestSchema } from '../link/schemas';

// Update mode in the lender API: the request that creates an update link, its answer, and what the
// session status says of a session's mode, the session it refreshes and the consent given.

/**
 * POST /api/v1/sessions/{sessionId}/update-links: the body of POST /api/link-tokens without
 * `phone` (the earlier session's number is used; it never leaves the server), `userId` optional
 * (the earlier session's; when given it must be that one).
 */
export function createUpdateLinkRequestSchema(maxTtlSeconds: number) {
  const { phone: _phone, userId, ...fields } = createLinkTokenRequestSchema(maxTtlSeconds).shape;
  return z
    .strictObject({
      ...fields,
      userId: z
        .optional(userId)
        .meta({ description: "The applicant's id at your side; defaults to the earlier session's (must match it)" }),
    })
    .meta({ id: 'CreateUpdateLinkRequest' });
}
export type CreateUpdateLinkRequest = z.infer<ReturnType<typeof createUpdateLinkRequestSchema>>;

export const CreateUpdateLinkResponseSchema = z
  .strictObject({
    linkToken: z.string().meta({ description: 'lt_…, single use: give it to the browser (embed.js linkToken), as for a first link' }),
    sessionId: z.string().meta({ description: 'The id the refresh session will have (a new session, with its own data)' }),
    expiresAt: z.iso.datetime(),
    mode: z.literal('update'),
    previousSessionId: z.string().meta({ description: 'The session this link refreshes' }),
    maskedPhone: z.string().meta({ description: 'The number the applicant will see, masked (138****5678); the full number stays with us' }),
  })
  .meta({ id: 'CreateUpdateLinkResponse' });
export type CreateUpdateLinkResponse = z.infer<typeof CreateUpdateLinkResponseSchema>;

export const ConsentViewSchema = z
  .strictObject({
    linkId: z.string().nullable().meta({ description: 'The link the consent was given on (lnk_…)' }),
    mode: z.enum(LINK_MODES),
    agreementVersion: z.string().meta({ description: 'Version of the agreement text the applicant accepted' }),
    textHash: z.string().nullable().meta({ description: 'SHA-256 (hex) of the agreement text exactly as shown, in the locale shown' }),
    acceptedAt: z.iso.datetime().meta({ description: "When the applicant ticked the box (the browser's clock)" }),
    recordedAt: z.iso.datetime().meta({ description: 'When CarrierLink recorded it (our clock; authoritative)' }),
  })
  .meta({
    id: 'Consent',
    description: 'The consent recorded when the applicant started this session (every session opened with a link; again on every refresh)',
  });
export type ConsentView = z.infer<typeof ConsentViewSchema>;

/** The fields update mode adds to GET /api/v1/sessions/{sessionId}. */
export const SessionUpdateFields = {
  mode: z.enum(LINK_MODES).meta({ description: 'initial: a first authorization; update: a refresh opened with an update link' }),
  previousSessionId: z
    .string()
    .nullable()
    .meta({ description: 'Update mode: the completed session this one refreshes (its data stays as it was)' }),
  consent: ConsentViewSchema.nullable().meta({ description: 'null until the applicant starts, and for sessions opened without a link' }),
};

export const UPDATE_LINK_MESSAGES = {
  notCompleted: (status: string) =>
    `The session is ${status}: an update link needs a session whose data is ready (data_ready); wait for the data_ready webhook or create a first link`,
  purged: 'The session was purged after the retention period: its number is gone, so create a first link (POST /api/link-tokens)',
  phone: "must not be sent: an update link uses the earlier session's number",
  userId: "must be the earlier session's userId (or be left out)",
  ownNumber: "must not be the applicant's own number",
} as const;
