import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Button, Tab, TabList, TabPanel, Tabs, type Key, type Selection } from 'react-aria-components';
import { saveFile } from '../api/client';
import { UsageStrip } from './UsageStrip';
import type { FilterOptions, Image, ImageList } from '../api/types';
import { t } from '../i18n/strings';
import type { Chip } from '../state/filters';
import { listQuery } from '../state/listQuery';
import { navigate, useLocation, withQuery } from '../state/router';
import { apiQuery, exportHref, facetHref, parseState, serializeState, tabsFor, withChange, type ListState } from '../state/url';
import type { Me } from './App';
import { BulkBar } from './BulkBar';
import { ColumnChooser, useColumns, type Columns } from './Columns';
import { ViewAsForm } from './ClientView';
import { CreateDialog } from './CreateDialog';
import { FilterBar } from './FilterBar';
import { ImageDetails } from './ImageDetails';
import { ImageTable } from './ImageTable';
import { Pager } from './Pager';
import { EmptyState, ErrorState } from './States';
import { ShortcutsDialog, ShortcutsHint } from './Shortcuts';
import { useEvent } from './useEvent';

export function useListState(audience: Me['audience']) {
  const { path, query } = useLocation();
  const state = useMemo(() => parseState(query, audience), [query, audience]);
  const setState = useCallback(
    (next: ListState, replace = false) => navigate(withQuery(path, serializeState(next, audience)), { replace }),
    [path, audience],
  );
  return { path, query, state, setState };
}

const noSelection: Selection = new Set();

// Memoized so that only what a change touches renders again: the live indicator or the "busy" flag re-render
// nothing here, and a new page of rows re-renders the rows, not the toolbar, tabs or dialogs.
export const ImagesPage = memo(function ImagesPage({ me }: { me: Me }) {
  const { path, query, state, setState } = useListState(me.audience);
  const params = useMemo(() => apiQuery(state, me.audience).toString(), [state, me.audience]);
  const list = useQuery({ ...listQuery(me.prefix, params), placeholderData: keepPreviousData });
  // The state the rows on screen were fetched for: while a change is fetched the old rows stay (keepPreviousData),
  // and the table keeps describing them (its sort arrow), so it renders once, when the new rows arrive.
  const [shown, setShown] = useState(state);
  if (!list.isPlaceholderData && list.data && shown !== state) setShown(state);
  const [selected, setSelected] = useState<Selection>(noSelection);
  const [creating, setCreating] = useState(false);
  const [helping, setHelping] = useState(false);
  const columns = useColumns(me.audience);
  const searchRef = useRef<HTMLInputElement>(null);
  const change = useEvent((c: Partial<ListState>) => setState(withChange(state, c)));
  const onSearch = useEvent((search: string) => setState(withChange(state, { search }), true));
  const onTab = useEvent((k: Key) => change({ tab: String(k), chips: state.chips }));
  const onOpen = useEvent((id: string) => navigate(withQuery(`/images/${encodeURIComponent(id)}`, query)));
  const onCreate = useCallback(() => setCreating(true), []);
  const onClearSelection = useCallback(() => setSelected(noSelection), []);

  // A new list starts with nothing selected; already empty stays the same object, so the rows do not render again.
  useEffect(() => setSelected((s) => (s !== 'all' && s.size === 0 ? s : noSelection)), [params]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLElement && e.target.closest('input, textarea, select, [role=dialog]');
      if (typing || e.metaKey || e.ctrlKey || e.altKey) return;
      if (e.key === '/') { e.preventDefault(); searchRef.current?.focus(); }
      if (e.key === 'n' && me.permissions['images.create'] !== false) { e.preventDefault(); setCreating(true); }
      if (e.key === '?') { e.preventDefault(); setHelping(true); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [me.permissions]);

  const openId = path.startsWith('/images/') ? decodeURIComponent(path.slice('/images/'.length)) : null;
  const tabs = useMemo(() => tabsFor(me.audience), [me.audience]);
  const tabList = useMemo(() => {
    const tabLabel = (id: string) =>
      me.audience === 'staff' && id === 'all' ? t('staffTab_all')
        : me.audience === 'reseller' && id === 'mine' ? t('resellerTab_mine') : t(`tab_${id}` as 'tab_all');
    return (
      <TabList aria-label={t('imageSets')} className="tabs">
        {tabs.map((tab) => <Tab key={tab.id} id={tab.id}>{tabLabel(tab.id)}</Tab>)}
      </TabList>
    );
  }, [tabs, me.audience]);
  const onCloseDetails = useEvent(() => navigate(withQuery('/', query)));
  const onCloseCreate = useCallback(() => setCreating(false), []);
  const onCloseHelp = useCallback(() => setHelping(false), []);

  return (
    <section className="images" aria-labelledby="images-title">
      <TitleBar canCreate={me.permissions['images.create'] !== false} onCreate={onCreate} />
      <Tabs selectedKey={state.tab} onSelectionChange={onTab}>
        {tabList}
        {/* One panel, kept across tab changes: the table is updated in place, not unmounted and built anew. */}
        <TabPanel id={state.tab} className="tabpanel">
          <ListPanel me={me} state={state} shown={shown} data={list.data} error={list.isError ? list.error : null}
            isPending={list.isPending} isFetching={list.isFetching} refetch={list.refetch} columns={columns}
            selected={selected} onSelected={setSelected} onClearSelection={onClearSelection} change={change}
            onSearch={onSearch} onOpen={onOpen} onCreate={onCreate} searchRef={searchRef} />
        </TabPanel>
      </Tabs>
      {openId && <ImageDetails me={me} id={openId} onClose={onCloseDetails} />}
      {creating && <CreateDialog me={me} onClose={onCloseCreate} />}
      {helping && <ShortcutsDialog onClose={onCloseHelp} />}
    </section>
  );
});

const TitleBar = memo(function TitleBar({ canCreate, onCreate }: { canCreate: boolean; onCreate: () => void }) {
  return (
    <div className="titlebar">
      <h1 id="images-title">{t('appName')}</h1>
      <Button className="btn primary" onPress={onCreate} isDisabled={!canCreate}>{t('create')}</Button>
    </div>
  );
});

const ListPanel = memo(function ListPanel(props: {
  me: Me; state: ListState; shown: ListState; data: ImageList | undefined; error: Error | null; isPending: boolean; isFetching: boolean;
  refetch: () => unknown; columns: Columns; selected: Selection; onSelected: (s: Selection) => void;
  onClearSelection: () => void; change: (c: Partial<ListState>) => void; onSearch: (search: string) => void;
  onOpen: (id: string) => void; onCreate: () => void; searchRef: React.RefObject<HTMLInputElement | null>;
}) {
  const { me, state, data, error, change } = props;
  const rows: Image[] = useMemo(() => data?.objects ?? [], [data]);
  const filtered = state.chips.length > 0 || state.search !== '';
  const onChips = useCallback((chips: Chip[]) => change({ chips }), [change]);
  const onOrdering = useCallback((ordering: string) => change({ ordering }), [change]);
  const onPage = useCallback((page: number | 'last') => change({ page }), [change]);
  const onPageSize = useCallback((pageSize: number) => change({ pageSize }), [change]);
  const exportUrl = useMemo(() => exportHref(me.prefix, state, me.audience), [me.prefix, me.audience, state]);
  const facetUrl = useCallback((field: string) => facetHref(me.prefix, state, me.audience, field), [me.prefix, me.audience, state]);
  return (
    <>
      {/* Usage and export answer for the signed-in person; a staff view of a client shows neither. */}
      {!me.viewing && <UsageStrip me={me} />}
      <Toolbar audience={me.audience} search={state.search} chips={state.chips} options={data?.filter_options}
        columns={props.columns} onSearch={props.onSearch} onChips={onChips} searchRef={props.searchRef} exportUrl={me.viewing ? null : exportUrl}
        facetUrl={facetUrl} />
      <ShortcutsHint />
      <BulkBar me={me} rows={rows} selected={props.selected} onDone={props.onClearSelection} />
      {error && !data ? (
        <ErrorState error={error} onRetry={() => void props.refetch()} />
      ) : props.isPending ? (
        <p role="status" className="state">{t('loading')}</p>
      ) : rows.length === 0 && !filtered && state.tab === tabsFor(me.audience)[0].id ? (
        <EmptyState title={t('emptyTitle')} body={t('emptyBody')}>
          {me.permissions['images.create'] !== false && <Button className="btn primary" onPress={props.onCreate}>{t('create')}</Button>}
        </EmptyState>
      ) : rows.length === 0 ? (
        <EmptyState title={t('noMatchTitle')} body={t('noMatchBody')}>
          {filtered && <Button className="btn" onPress={() => change({ chips: [], search: '' })}>{t('clearFilters')}</Button>}
        </EmptyState>
      ) : (
        <>
          {error && <p className="error" role="alert">{error.message}</p>}
          <ImageTable me={me} rows={rows} columns={props.columns.visible} ordering={props.shown.ordering}
            onOrdering={onOrdering} selected={props.selected} onSelected={props.onSelected}
            onOpen={props.onOpen} busy={props.isFetching} />
        </>
      )}
      {data && (
        <Pager count={data.count} pageNo={data.pageNo} pageSize={state.pageSize} onPage={onPage} onPageSize={onPageSize} />
      )}
      <p className="total" aria-live="polite">{data ? t('total', { n: data.count }) : ''}</p>
    </>
  );
});

const Toolbar = memo(function Toolbar(props: {
  audience: Me['audience']; search: string; chips: Chip[]; options: FilterOptions | undefined; columns: Columns;
  onSearch: (search: string) => void; onChips: (chips: Chip[]) => void; searchRef: React.RefObject<HTMLInputElement | null>;
  exportUrl: string | null; facetUrl: (field: string) => string;
}) {
  return (
    <div className="toolbar">
      <SearchBox value={props.search} inputRef={props.searchRef} onChange={props.onSearch} />
      <FilterBar audience={props.audience} chips={props.chips} options={props.options} onChange={props.onChips}
        facetUrl={props.facetUrl} />
      <ColumnChooser columns={props.columns} />
      {props.exportUrl && <ExportButton url={props.exportUrl} />}
      {props.audience === 'staff' && <ViewAsForm />}
    </div>
  );
});

function ExportButton({ url }: { url: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await saveFile(url, 'images.csv');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button className="btn" onPress={() => void run()} isDisabled={busy} aria-describedby={error ? 'export-error' : undefined}>
        {t('exportCsv')}
      </Button>
      {error && <p id="export-error" className="error" role="alert">{error}</p>}
    </>
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
