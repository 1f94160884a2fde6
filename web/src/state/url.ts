// The whole list view lives in the URL: tab, search, filters, ordering, page, page size (and the open image).
import { Chip, fromFiltering, toFiltering } from './filters';

export type Audience = 'enduser' | 'staff' | 'reseller';

export interface ListState {
  tab: string;
  search: string;
  chips: Chip[];
  ordering: string;
  page: number | 'last';
  pageSize: number;
  /** Staff viewing the page as this client sees it (read only); kept through every change of the view. */
  asClient?: number;
}

export const pageSizes = [10, 20, 50, 100];
export const defaultOrdering = '-created_at';
export const defaultPageSize = 20;

export interface Tab {
  id: string;
  /** What the tab adds to the filtering grammar (the contract's mapping). */
  filters: Chip[];
}

const f = (field: string, value: string): Chip => ({ field, lookup: '', value });

export function tabsFor(audience: Audience): Tab[] {
  if (audience === 'staff')
    return [
      { id: 'all', filters: [] },
      { id: 'public', filters: [f('visibility', 'public')] },
      { id: 'community', filters: [f('visibility', 'community')] },
    ];
  return [
    { id: 'all', filters: [] },
    { id: 'mine', filters: [f('owned', 'true')] },
    { id: 'shared', filters: [f('owned', 'false'), f('member_status', 'accepted')] },
    { id: 'offered', filters: [f('member_status', 'pending')] },
    { id: 'public', filters: [f('visibility', 'public')] },
    { id: 'community', filters: [f('visibility', 'community')] },
  ];
}

export function defaultState(audience: Audience): ListState {
  return { tab: tabsFor(audience)[0].id, search: '', chips: [], ordering: defaultOrdering, page: 1, pageSize: defaultPageSize };
}

function parsePage(value: string | null): number | 'last' {
  if (value === 'last') return 'last';
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

/** A client id as typed or linked: a positive whole number that fits the API's int32, or null. */
export function clientIdOf(raw: string): number | null {
  const text = raw.trim();
  return /^[1-9][0-9]{0,9}$/.test(text) && Number(text) <= 2147483647 ? Number(text) : null;
}

/** The client a staff member views the page as (`as_client`), or null. */
export function viewedClient(query: string): number | null {
  return clientIdOf(new URLSearchParams(query).get('as_client') ?? '');
}

/** The page's own query string → state; unknown or malformed values fall back to defaults. */
export function parseState(query: string, audience: Audience): ListState {
  const p = new URLSearchParams(query);
  const d = defaultState(audience);
  const tab = p.get('tab');
  const size = Number(p.get('page_size'));
  const asClient = viewedClient(query);
  return {
    tab: tab && tabsFor(audience).some((t) => t.id === tab) ? tab : d.tab,
    search: p.get('search') ?? '',
    chips: fromFiltering(p.get('filtering')),
    ordering: p.get('ordering') || d.ordering,
    page: parsePage(p.get('page')),
    pageSize: pageSizes.includes(size) ? size : d.pageSize,
    ...(asClient ? { asClient } : {}),
  };
}

/** State → the page's query string, defaults left out so links stay short. */
export function serializeState(state: ListState, audience: Audience): string {
  const d = defaultState(audience);
  const p = new URLSearchParams();
  if (state.asClient) p.set('as_client', String(state.asClient));
  if (state.tab !== d.tab) p.set('tab', state.tab);
  if (state.search) p.set('search', state.search);
  if (state.chips.length) p.set('filtering', toFiltering(state.chips));
  if (state.ordering !== d.ordering) p.set('ordering', state.ordering);
  if (state.page !== 1) p.set('page', String(state.page));
  if (state.pageSize !== d.pageSize) p.set('page_size', String(state.pageSize));
  return p.toString();
}

/** State → the API's query parameters: the tab's filters first, then the person's chips. */
export function apiQuery(state: ListState, audience: Audience): URLSearchParams {
  const tab = tabsFor(audience).find((t) => t.id === state.tab) ?? tabsFor(audience)[0];
  const p = new URLSearchParams();
  const filtering = toFiltering([...tab.filters, ...state.chips]);
  if (filtering) p.set('filtering', filtering);
  if (state.search.trim()) p.set('search', state.search.trim());
  p.set('ordering', state.ordering);
  p.set('page', String(state.page));
  p.set('page_size', String(state.pageSize));
  return p;
}

/** The CSV export of the view: the list's query without paging (the export takes every page, and refuses page). */
export function exportHref(prefix: string, state: ListState, audience: Audience): string {
  const p = apiQuery(state, audience);
  p.delete('page');
  p.delete('page_size');
  return `${prefix}/export.csv?${p}`;
}

/**
 * The facet counts of one field for the filter dialog: the view without its own chips on that field (a chip's count
 * is what the view would hold with that chip instead), without paging and ordering (a count has neither).
 */
export function facetHref(prefix: string, state: ListState, audience: Audience, field: string): string {
  const p = apiQuery({ ...state, chips: state.chips.filter((c) => c.field !== field) }, audience);
  for (const key of ['page', 'page_size', 'ordering']) p.delete(key);
  p.set('facet', field);
  return `${prefix}/facets?${p}`;
}

/** Changing what is shown (tab, search, filters, order, size) goes back to page 1. */
export function withChange(state: ListState, change: Partial<ListState>): ListState {
  const resetsPage = Object.keys(change).some((k) => k !== 'page');
  return { ...state, ...change, page: change.page ?? (resetsPage ? 1 : state.page) };
}
