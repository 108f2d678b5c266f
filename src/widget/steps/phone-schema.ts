import * as z from 'zod/mini';
import { isMobileNumber, normalizePhoneInput } from '../../flow/phone';

/** Issue messages are keys into the phone/consent catalogue sections. */
export type PhoneFormIssue = 'phoneRequired' | 'phoneInvalid' | 'consentRequired';

export const PhoneFormSchema = z.object({
  phone: z.string().check(
    z.refine((value) => normalizePhoneInput(value) !== '', { message: 'phoneRequired', abort: true }),
    z.refine((value) => isMobileNumber(normalizePhoneInput(value)), { message: 'phoneInvalid' }),
  ),
  consent: z.boolean().check(z.refine((value) => value, { message: 'consentRequired' })),
});
export type PhoneFormValues = z.infer<typeof PhoneFormSchema>;
