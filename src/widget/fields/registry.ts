import type { FieldKind } from '../../flow';
import { ContactsField } from './contacts-field';
import { IdCardField } from './id-card-field';
import { ImageCaptchaField } from './image-captcha-field';
import { NameField } from './name-field';
import { NewPasswordField } from './new-password-field';
import { PhoneField } from './phone-field';
import { SelectField } from './select-field';
import { ServicePasswordField } from './service-password-field';
import { SmsCodeField } from './sms-code-field';
import { TextField } from './text-field';
import type { Renderer } from './types';

/**
 * One renderer per field kind. Keyed by every FieldKind, so a kind added to src/flow fails to
 * compile until it has a renderer here; each entry receives exactly its own field type.
 */
export type FieldRegistry = { readonly [K in FieldKind]: Renderer<K> };

export const fieldRegistry: FieldRegistry = {
  phone: PhoneField,
  servicePassword: ServicePasswordField,
  imageCaptcha: ImageCaptchaField,
  smsCode: SmsCodeField,
  name: NameField,
  idCard: IdCardField,
  select: SelectField,
  contacts: ContactsField,
  newPassword: NewPasswordField,
  text: TextField,
};
