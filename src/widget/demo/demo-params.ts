// The demo vocabulary and URL parameters live in flow's zod-free module, shared with the server
// (which reads them from a form post's URL); importing flow/demo by value would pull zod into the
// entry chunk.
export {
  DEMO_FAULT_KINDS,
  DEMO_FAULT_POINTS,
  DEMO_PARAM_NAMES,
  DEMO_PROVIDERS,
  MAX_DEMO_LATENCY_MS,
  readDemoSettings,
  readDemoUpdate,
} from '../../flow/demo-query';
