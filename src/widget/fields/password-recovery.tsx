import { useId, useState } from 'react';
import { CARRIERS, type Carrier } from '../../flow/phone';
import type { FieldOf } from '../../flow';
import { fieldActionHook } from '../dom-hooks';
import { useMessages } from '../i18n/i18n-context';
import { useSession } from '../session/session-context';
import '../styles/step-extras.css';
import { useFieldActionRunner } from './use-field-action-runner';

/** Customer-service numbers that reset a service password by phone. */
export const CARRIER_HOTLINES: Readonly<Record<Carrier, string>> = {
  chinaMobile: '10086',
  chinaUnicom: '10010',
  chinaTelecom: '10000',
  chinaBroadnet: '10099',
};

/** The applicant's carrier first (as a link to call); the others listed, callable only when unknown. */
function HotlineList({ carrier }: { carrier: Carrier | undefined }) {
  const m = useMessages();
  const others = CARRIERS.filter((entry) => entry !== carrier);
  const line = (entry: Carrier, callable: boolean) => {
    const number = CARRIER_HOTLINES[entry];
    const text = `${m.carrier[entry]} ${number}`;
    return <li key={entry}>{callable ? <a href={`tel:${number}`}>{text}</a> : text}</li>;
  };
  return (
    <>
      {carrier ? <ul className="cl-hotlines cl-hotlines--own">{line(carrier, true)}</ul> : null}
      {carrier ? <p className="cl-hotlines__others">{m.recovery.otherCarriers}</p> : null}
      <ul className="cl-hotlines">{others.map((entry) => line(entry, carrier === undefined))}</ul>
    </>
  );
}

interface PasswordRecoveryProps {
  field: FieldOf<'servicePassword'>;
  /** The password input's form name: a failed recovery request is shown there. */
  name: string;
  stepId: string;
}

/**
 * "忘记服务密码？" under the password: `inline` opens the recovery steps through the field's
 * `recover` action; `hotline` explains in place how to reset it by phone, with no request.
 */
export function PasswordRecovery({ field, name, stepId }: PasswordRecoveryProps) {
  const m = useMessages();
  const { carrier } = useSession();
  const panelId = useId();
  const [open, setOpen] = useState(false);
  // The answer is a new step, which takes focus itself.
  const recover = useFieldActionRunner(stepId, field.id, name, 'recover', { focusOnSuccess: false });

  if (field.recovery === 'inline') {
    return (
      <p className="cl-recovery">
        <button
          type="button"
          className="cl-link-button"
          {...fieldActionHook('recover')}
          aria-busy={recover.pending}
          disabled={recover.pending}
          onClick={() => void recover.run()}
        >
          {recover.pending ? m.recovery.opening : m.recovery.forgot}
        </button>
      </p>
    );
  }
  if (field.recovery !== 'hotline') return null;
  return (
    <div className="cl-recovery">
      <button
        type="button"
        className="cl-link-button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((shown) => !shown)}
      >
        {m.recovery.forgot}
      </button>
      <div id={panelId} className="cl-recovery__panel" hidden={!open}>
        <p>{m.recovery.hotlineIntro}</p>
        <HotlineList carrier={carrier} />
      </div>
    </div>
  );
}
