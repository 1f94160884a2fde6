import { describe, expect, it } from 'vitest';
import { apiQuery, defaultState, exportHref, facetHref, parseState, serializeState, viewedClient, withChange } from './url';

describe('URL state ⇄ query parameters', () => {
  it('round-trips every part of the view through the query string', () => {
    const state = {
      tab: 'offered', search: 'ubuntu 22', ordering: '-size', page: 3 as const, pageSize: 50,
      chips: [{ field: 'status', lookup: '' as const, value: 'active' }, { field: 'size', lookup: 'gte' as const, value: '1073741824' }],
    };
    const query = serializeState(state, 'enduser');
    expect(parseState(query, 'enduser')).toEqual(state);
  });

  it('leaves defaults out so a plain list has a plain link', () => {
    expect(serializeState(defaultState('enduser'), 'enduser')).toBe('');
  });

  it('falls back to defaults for unknown tabs, bad pages and sizes outside the offered ones', () => {
    const s = parseState('tab=nope&page=-4&page_size=7', 'staff');
    expect(s.tab).toBe('all');
    expect(s.page).toBe(1);
    expect(s.pageSize).toBe(20);
  });

  it('keeps page=last', () => {
    expect(parseState('page=last', 'enduser').page).toBe('last');
  });

  it('does not offer end-user tabs to staff', () => {
    expect(parseState('tab=offered', 'staff').tab).toBe('all');
  });

  it('puts the tab filters before the chips in the API query', () => {
    const s = { ...defaultState('enduser'), tab: 'shared', chips: [{ field: 'type', lookup: 'ne' as const, value: 'iso' }] };
    const q = apiQuery(s, 'enduser');
    expect(q.get('filtering')).toBe('owned:false+member_status:accepted+type__ne:iso');
    expect(q.get('ordering')).toBe('-created_at');
    expect(q.get('page')).toBe('1');
    expect(q.get('page_size')).toBe('20');
    expect(q.has('search')).toBe(false);
  });

  it('maps reseller "my clients" to owned:true and offered to member_status:pending', () => {
    expect(apiQuery({ ...defaultState('reseller'), tab: 'mine' }, 'reseller').get('filtering')).toBe('owned:true');
    expect(apiQuery({ ...defaultState('enduser'), tab: 'offered' }, 'enduser').get('filtering')).toBe('member_status:pending');
  });

  it('goes back to page 1 when what is shown changes, but not when only the page does', () => {
    const s = { ...defaultState('enduser'), page: 4 };
    expect(withChange(s, { ordering: 'name' }).page).toBe(1);
    expect(withChange(s, { page: 5 }).page).toBe(5);
  });

  it('exports the view the list shows, every page of it: the same query without page and page_size', () => {
    const s = {
      ...defaultState('enduser'), tab: 'mine', search: ' ubuntu ', ordering: '-size', page: 3 as const, pageSize: 50,
      chips: [{ field: 'status', lookup: '' as const, value: 'active' }],
    };
    const href = exportHref('/backend/api/openstack/images', s, 'enduser');
    const [path, query] = href.split('?');
    expect(path).toBe('/backend/api/openstack/images/export.csv');
    const expected = apiQuery(s, 'enduser');
    expected.delete('page');
    expected.delete('page_size');
    expect(query).toBe(expected.toString());
    expect(new URLSearchParams(query).get('filtering')).toBe('owned:true+status:active');
    expect(new URLSearchParams(query).has('page')).toBe(false);
  });

  it('counts a field\'s values in the view without its own chips, paging or ordering', () => {
    const s = {
      ...defaultState('staff'), search: 'deb', ordering: '-size', page: 4 as const,
      chips: [{ field: 'status', lookup: '' as const, value: 'active' }, { field: 'disk_format', lookup: '' as const, value: 'raw' }],
    };
    const [path, query] = facetHref('/backend/staffapi/openstack/images', s, 'staff', 'status').split('?');
    expect(path).toBe('/backend/staffapi/openstack/images/facets');
    const q = new URLSearchParams(query);
    expect(q.get('facet')).toBe('status');
    expect(q.get('filtering')).toBe('disk_format:raw');
    expect(q.get('search')).toBe('deb');
    expect(['page', 'page_size', 'ordering'].filter((k) => q.has(k))).toEqual([]);
  });

  it('keeps the client a staff member views the page as through every change, and never sends it to the API', () => {
    const viewing = parseState('as_client=933016&tab=mine', 'enduser');
    expect(viewing.asClient).toBe(933016);
    const next = withChange(viewing, { chips: [{ field: 'status', lookup: '', value: 'active' }] });
    expect(new URLSearchParams(serializeState(next, 'enduser')).get('as_client')).toBe('933016');
    expect(apiQuery(next, 'enduser').has('as_client')).toBe(false);
    expect(exportHref('/x', next, 'enduser')).not.toContain('as_client');
  });

  it('reads only a positive whole number that fits a client id as the viewed client', () => {
    expect(viewedClient('as_client=42')).toBe(42);
    for (const bad of ['', 'as_client=', 'as_client=0', 'as_client=-3', 'as_client=1e3', 'as_client=04', 'as_client=99999999999', 'as_client=7x'])
      expect(viewedClient(bad)).toBeNull();
    expect(parseState('as_client=abc', 'enduser').asClient).toBeUndefined();
  });
});
