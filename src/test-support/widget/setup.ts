import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// Testing Library only recognises fake timers through a `jest` global; without it, its async
// helpers (and user-event) wait on a faked setTimeout forever. This shim lets them advance vitest's.
Object.assign(globalThis, { jest: { advanceTimersByTime: (ms: number) => vi.advanceTimersByTime(ms) } });

// Lazy screens are transformed on first import; on a busy two-core machine that takes longer than
// Testing Library's default second, so its async queries wait up to five.
configure({ asyncUtilTimeout: 5000 });

// vitest runs without globals, so Testing Library's automatic cleanup is not registered.
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  window.sessionStorage.clear();
  // The widget marks history entries (Back inside the widget); each test starts on a fresh one.
  window.history.replaceState(null, '', '/');
  document.documentElement.removeAttribute('lang');
  document.documentElement.removeAttribute('data-theme');
});
