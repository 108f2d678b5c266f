// The view filters live in flow: the server computes the first view for the same range.
export { readFilters, writeFilters, toApi, rangeValid } from '../flow/dashboard-filters';
export type { FilterState } from '../flow/dashboard-filters';
