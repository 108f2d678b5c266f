import type { FieldError } from '../../flow';
import { instructionLines } from '../i18n/guidance-text';
import { useLocale, useMessages } from '../i18n/i18n-context';
import { RetryAtNotice } from './retry-at-notice';
import { useServerSkew } from './server-clock';

/** The carrier's instruction and when to try again, under an error (inside its alert, so both are announced). */
export function ErrorGuidance({ guidance }: { guidance: Pick<FieldError, 'retryAt' | 'instruction'> | undefined }) {
  const m = useMessages();
  const locale = useLocale();
  const skewMs = useServerSkew();
  if (!guidance || (!guidance.instruction && !guidance.retryAt)) return null;
  return (
    <>
      {guidance.instruction
        ? instructionLines(m, locale, guidance.instruction).map((line) => (
            <span key={line} className="cl-guidance cl-guidance--instruction">
              {line}
            </span>
          ))
        : null}
      {guidance.retryAt ? <RetryAtNotice retryAt={guidance.retryAt} skewMs={skewMs} /> : null}
    </>
  );
}
