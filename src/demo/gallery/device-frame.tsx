import { useLayoutEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import type { GalleryMessages } from '../i18n/messages';
import { VIEWPORT_SIZES } from './url-state';
import type { Viewport } from './url-state';

/** The largest scale (at most 1) at which a `size` frame fits in `room`. */
export function fitScale(room: { width: number; height: number }, size: { width: number; height: number }): number {
  if (room.width <= 0 || room.height <= 0) return 1;
  return Math.min(1, room.width / size.width, room.height / size.height);
}

interface DeviceFrameProps {
  viewport: Viewport;
  m: GalleryMessages;
  /** The widget's iframe. */
  children: ReactNode;
}

/**
 * The widget at the viewport's real size, scaled down to the room available. Sizes are set through
 * the CSSOM (`style.setProperty`): the page's CSP forbids style attributes.
 */
export function DeviceFrame({ viewport, m, children }: DeviceFrameProps) {
  const room = useRef<HTMLDivElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const screen = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => {
    const area = room.current;
    if (!area) return;
    const size = VIEWPORT_SIZES[viewport];
    const fit = () => {
      const scale = fitScale({ width: area.clientWidth, height: area.clientHeight }, size);
      box.current?.style.setProperty('width', `${Math.floor(size.width * scale)}px`);
      box.current?.style.setProperty('height', `${Math.floor(size.height * scale)}px`);
      screen.current?.style.setProperty('transform', `scale(${scale})`);
    };
    fit();
    if (typeof ResizeObserver === 'undefined') {
      window.addEventListener('resize', fit);
      return () => window.removeEventListener('resize', fit);
    }
    const observer = new ResizeObserver(fit);
    observer.observe(area);
    return () => observer.disconnect();
  }, [viewport]);

  return (
    <div className="device" ref={room}>
      <div className={`device__box device__box--${viewport}`} ref={box}>
        <div className={`device__screen device__screen--${viewport}`} ref={screen}>
          {viewport === 'modal' ? <LenderPage m={m}>{children}</LenderPage> : children}
        </div>
      </div>
    </div>
  );
}

/** A made-up lender page with the widget in a modal over it, as embed.js draws one. */
function LenderPage({ m, children }: { m: GalleryMessages; children: ReactNode }) {
  return (
    <div className="lender">
      <div className="lender__bar">{m.lenderName}</div>
      <div className="lender__content">
        <p className="lender__text">{m.lenderText}</p>
        <div className="lender__block" />
        <div className="lender__block lender__block--short" />
        <div className="lender__block" />
      </div>
      <div className="lender__overlay">
        <div className="lender__modal">{children}</div>
      </div>
    </div>
  );
}
