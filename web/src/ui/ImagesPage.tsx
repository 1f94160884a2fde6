import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Button, Tab, TabList, TabPanel, Tabs, type Selection } from 'react-aria-components';
import { api } from '../api/client';
import type { ImageList } from '../api/types';
import { t } from '../i18n/strings';
import { navigate, useLocation, withQuery } from '../state/router';
import { apiQuery, parseState, serializeState, tabsFor, withChange, type ListState } from '../state/url';
import type { Me } from './App';
import { BulkBar } from './BulkBar';
import { ColumnChooser, useColumns } from './Columns';
import { CreateDialog } from './CreateDialog';
import { FilterBar } from './FilterBar';
import { ImageDetails } from './ImageDetails';
import { ImageTable } from './ImageTable';
import { Pager } from './Pager';
import { EmptyState, ErrorState } from './States';

export function useListState(audience: Me['audience']) {
  const { path, query } = useLocation();
  const state = useMemo(() => parseState(query, audience), [query, audience]);
  const setState = useCallback(
    (next: ListState, replace = false) => navigate(withQuery(path, serializeState(next, audience)), { replace }),
    [path, audience],
  );
  return { path, query, state, setState };
}

export function ImagesPage({ me }: { me: Me }) {
  const { path, query, state, setState } = useListState(me.audience);
  const params = apiQuery(state, me.audience).toString();
  const list = useQuery({
    queryKey: ['catalogue', 'images', me.prefix, params],
    queryFn: ({ signal }) => api<ImageList>(`${me.prefix}?${params}`, { signal }),
    placeholderData: keepPreviousData,
  });
  const [selected, setSelected] = useState<Selection>(new Set());
  const [creating, setCreating] = useState(false);
  const columns = useColumns(me.audience);
  const searchRef = useRef<HTMLInputElement>(null);
  const change = (c: Partial<ListState>) => setState(withChange(state, c));

  useEffect(() => setSelected(new Set()), [params]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLElement && e.target.closest('input, textarea, select, [role=dialog]');
      if (typing || e.metaKey || e.ctrlKey || e.altKey) return;
      if (e.key === '/') { e.preventDefault(); searchRef.current?.focus(); }
      if (e.key === 'n' && me.permissions['images.create'] !== false) { e.preventDefault(); setCreating(true); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [me.permissions]);

  const openId = path.startsWith('/images/') ? decodeURIComponent(path.slice('/images/'.length)) : null;
  const rows = list.data?.objects ?? [];
  const filtered = state.chips.length > 0 || state.search !== '';
  const tabLabel = (id: string) =>
    me.audience === 'staff' && id === 'all' ? t('staffTab_all')
      : me.audience === 'reseller' && id === 'mine' ? t('resellerTab_mine') : t(`tab_${id}` as 'tab_all');

  const panel = (
    <>
      <div className="toolbar">
        <SearchBox value={state.search} inputRef={searchRef} onChange={(search) => setState(withChange(state, { search }), true)} />
        <FilterBar audience={me.audience} chips={state.chips} options={list.data?.filter_options}
          onChange={(chips) => change({ chips })} />
        <ColumnChooser columns={columns} />
      </div>
      <p className="hint">{t('keyboardHelp')}</p>
      <BulkBar me={me} rows={rows} selected={selected} onDone={() => setSelected(new Set())} />
      {list.isError && !list.data ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <p role="status" className="state">{t('loading')}</p>
      ) : rows.length === 0 && !filtered && state.tab === tabsFor(me.audience)[0].id ? (
        <EmptyState title={t('emptyTitle')} body={t('emptyBody')}>
          <Button className="btn primary" onPress={() => setCreating(true)}>{t('create')}</Button>
        </EmptyState>
      ) : rows.length === 0 ? (
        <EmptyState title={t('noMatchTitle')} body={t('noMatchBody')}>
          {filtered && <Button className="btn" onPress={() => change({ chips: [], search: '' })}>{t('clearFilters')}</Button>}
        </EmptyState>
      ) : (
        <>
          {list.isError && <p className="error" role="alert">{list.error.message}</p>}
          <ImageTable me={me} rows={rows} columns={columns.visible} ordering={state.ordering}
            onOrdering={(ordering) => change({ ordering })} selected={selected} onSelected={setSelected}
            onOpen={(id) => navigate(withQuery(`/images/${encodeURIComponent(id)}`, query))} busy={list.isFetching} />
        </>
      )}
      {list.data && (
        <Pager count={list.data.count} pageNo={list.data.pageNo} pageSize={state.pageSize}
          onPage={(page) => change({ page })} onPageSize={(pageSize) => change({ pageSize })} />
      )}
      <p className="total" aria-live="polite">{list.data ? t('total', { n: list.data.count }) : ''}</p>
    </>
  );

  return (
    <section className="images" aria-labelledby="images-title">
      <div className="titlebar">
        <h1 id="images-title">{t('appName')}</h1>
        <Button className="btn primary" onPress={() => setCreating(true)} isDisabled={me.permissions['images.create'] === false}>
          {t('create')}
        </Button>
      </div>
      <Tabs selectedKey={state.tab} onSelectionChange={(k) => change({ tab: String(k), chips: state.chips })}>
        <TabList aria-label="Image sets" className="tabs">
          {tabsFor(me.audience).map((tab) => <Tab key={tab.id} id={tab.id}>{tabLabel(tab.id)}</Tab>)}
        </TabList>
        {tabsFor(me.audience).map((tab) => (
          <TabPanel key={tab.id} id={tab.id} className="tabpanel">{tab.id === state.tab && panel}</TabPanel>
        ))}
      </Tabs>
      {openId && <ImageDetails me={me} id={openId} onClose={() => navigate(withQuery('/', query))} />}
      {creating && <CreateDialog me={me} onClose={() => setCreating(false)} />}
    </section>
  );
}

function SearchBox({ value, onChange, inputRef }: { value: string; onChange: (v: string) => void; inputRef: React.RefObject<HTMLInputElement | null> }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return;
    const timer = setTimeout(() => onChange(text), 250);
    return () => clearTimeout(timer);
  }, [text, value, onChange]);
  return (
    <input ref={inputRef} type="search" className="search" aria-label={t('search')} placeholder={`${t('search')} (/)`}
      value={text} onChange={(e) => setText(e.target.value)}
      onKeyDown={(e) => { if (e.key === 'Enter') onChange(text); if (e.key === 'Escape') setText(''); }} />
  );
}
