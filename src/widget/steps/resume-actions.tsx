import { useId } from 'react';
import { format } from '../i18n/format';
import { useMessages } from '../i18n/i18n-context';
import { ChangeNumberButton } from '../layout/change-number-button';
import type { PhoneResume } from './phone-step';

/** Under the phone step shown over a live session: back to it, or (link mode) give it up. */
export function ResumeActions({ resume, locked }: { resume: PhoneResume; locked: boolean }) {
  const m = useMessages();
  const noteId = useId();
  return (
    <div className="cl-resume">
      <button type="button" className="cl-button cl-button--secondary" onClick={resume.onContinue}>
        {format(m.changeNumber.continue, { phone: resume.maskedPhone })}
      </button>
      {locked ? (
        <>
          <p id={noteId} className="cl-help">
            {m.changeNumber.lockedNote}
          </p>
          <ChangeNumberButton
            onChange={resume.onCancel}
            className="cl-button cl-button--link"
            label={m.changeNumber.cancel}
            describedBy={noteId}
          />
        </>
      ) : null}
    </div>
  );
}
