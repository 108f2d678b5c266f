// The API's answer schemas, loaded on first use. They (and zod's core) are needed only once a
// request is answered, so they stay out of the entry chunk and arrive while the request is in flight.
export {
  ErrorResponseSchema,
  HandoffResponseSchema,
  LinkInfoResponseSchema,
  OutagesResponseSchema,
  StartSessionResponseSchema,
  StepResponseSchema,
} from '../../flow/schemas';
