import { useEffect, useState } from 'react';
import { useMessages } from '../i18n/i18n-context';
import '../styles/step-extras.css';

/**
 * The upstream's word on this step (e.g. "服务密码已重置，请使用新密码登录"), prominent and
 * announced. The live region mounts empty and is filled after mount: screen readers announce a
 * region's changes, not the content it was created with.
 */
export function StepNotice({ notice }: { notice: string | undefined }) {
  const m = useMessages();
  const [shown, setShown] = useState<string>();
  useEffect(() => setShown(notice), [notice]);
  return (
    <div role="status" aria-live="polite">
      {shown ? (
        <p className="cl-alert cl-alert--info cl-alert--notice">
          <span className="cl-visually-hidden">{m.form.noticeLabel}: </span>
          {shown}
        </p>
      ) : null}
    </div>
  );
}
