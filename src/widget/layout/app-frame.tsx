import { Suspense, useContext, useRef, type ReactNode } from 'react';
import type { Carrier } from '../../flow';
import { ReportingContext, useEmbed } from '../embed/embed-context';
import type { WidgetView } from '../embed/view';
import { Footer } from './footer';
import { Header } from './header';
import { useHydrated } from './use-hydrated';
import { LoadingScreen, ScreenErrorBoundary } from './status-screens';

interface AppFrameProps {
  /** What the screen inside shows, for the lender page's events. */
  view: WidgetView;
  /** Already masked (138****8000). */
  maskedPhone?: string;
  carrier?: Carrier;
  /** Past the phone step: the header's "更换手机号". */
  onChangeNumber?(): Promise<void>;
  children: ReactNode;
}

/** The page around every screen: header, card, footer; in link mode the events; embedded, the close button. */
export function AppFrame({ view, maskedPhone, carrier, onChangeNumber, children }: AppFrameProps) {
  const embed = useEmbed();
  const Reporting = useContext(ReportingContext);
  const rootRef = useRef<HTMLDivElement>(null);
  // Only once hydrated: the server cannot know the page is a verified lender's frame, and the first
  // render must match what it sent.
  const hydrated = useHydrated();
  const onClose = hydrated && embed?.mode === 'modal' ? () => embed.reporter.exit('user_closed') : undefined;
  return (
    <div className="cl-app" ref={rootRef}>
      {Reporting ? <Reporting view={view} rootRef={rootRef} /> : null}
      <Header maskedPhone={maskedPhone} carrier={carrier} onClose={onClose} onChangeNumber={onChangeNumber} />
      <main className="cl-card">
        <ScreenErrorBoundary>
          <Suspense fallback={<LoadingScreen />}>{children}</Suspense>
        </ScreenErrorBoundary>
      </main>
      <Footer />
    </div>
  );
}
