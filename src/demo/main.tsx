import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';

// Each page is its own chunk, so one page's stylesheet never reaches the other.
const Gallery = lazy(() => import('./gallery/gallery').then((module) => ({ default: module.Gallery })));
const StatesSheet = lazy(() => import('./states/states-sheet').then((module) => ({ default: module.StatesSheet })));

/** /demo: the scenario gallery; /demo/states: every screen and field state on one page. */
const root = document.getElementById('root');
if (root) {
  const states = window.location.pathname.replace(/\/+$/, '') === '/demo/states';
  createRoot(root).render(
    <StrictMode>
      <Suspense fallback={null}>{states ? <StatesSheet /> : <Gallery />}</Suspense>
    </StrictMode>,
  );
}
