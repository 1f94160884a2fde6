import { memo, useCallback, useMemo } from 'react';
import type { Selection } from 'react-aria-components';
import type { Image } from '../api/types';
import { formatBytes, formatDate, formatRelative } from '../i18n/format';
import { t } from '../i18n/strings';
import { stuck } from '../state/rules';
import type { Me } from './App';
import type { ColumnDef } from './Columns';
import { DataGrid, orderingOf, sortOf, type GridColumn } from './DataGrid';
import { RowActions } from './RowActions';

export const rowKey = (image: { id: string; region: string }) => `${image.region}/${image.id}`;
const rowLabel = (image: Image) => t('selectRow', { name: image.display_name ?? image.id });

type TableProps = {
  me: Me; rows: Image[]; columns: ColumnDef[]; ordering: string; onOrdering: (o: string) => void;
  selected: Selection; onSelected: (s: Selection) => void; onOpen: (id: string) => void;
};

/** The list as a grid. `busy` only dims the wrapper, so a refetch in flight renders no row again. */
export function ImageTable({ busy, ...props }: TableProps & { busy: boolean }) {
  return (
    <div className="tablewrap" aria-busy={busy}>
      <Grid {...props} />
    </div>
  );
}

const Grid = memo(function Grid(props: TableProps) {
  const { me, columns, onOpen, onOrdering, selected, onSelected } = props;
  const gridColumns: GridColumn[] = useMemo(() => [
    ...columns.map((c) => ({
      id: c.id, label: t(c.label), sortable: Boolean(c.sort), rowHeader: c.id === 'name', className: c.narrow ? 'narrow' : 'wide',
    })),
    { id: 'actions', label: t('col_actions'), className: 'actions', interactive: true },
  ], [columns]);
  const { column: sortField, descending } = sortOf(props.ordering);
  const sortColumn = columns.find((c) => c.sort === sortField)?.id;
  const sort = useMemo(() => (sortColumn ? { column: sortColumn, descending } : undefined), [sortColumn, descending]);
  const onSort = useCallback((column: string, desc: boolean) => {
    const field = columns.find((c) => c.id === column)?.sort;
    if (field) onOrdering(orderingOf(field, desc));
  }, [columns, onOrdering]);
  const renderCell = useCallback((column: string, image: Image) => (
    column === 'actions' ? <RowActions me={me} image={image} onOpen={onOpen} /> : cell(column, image)
  ), [me, onOpen]);
  const openRow = useCallback((image: Image) => onOpen(image.id), [onOpen]);
  const selection = useMemo(() => ({ selected, onChange: onSelected, rowLabel, allLabel: t('selectAll') }), [selected, onSelected]);
  return (
    <DataGrid label={t('appName')} columns={gridColumns} rows={props.rows} rowKey={rowKey} renderCell={renderCell}
      sort={sort} onSort={onSort} selection={selection} onOpen={openRow} />
  );
});

function cell(column: string, image: Image): React.ReactNode {
  switch (column) {
    case 'name':
      return <span className="name">{image.display_name ?? <em>{image.id}</em>}</span>;
    case 'type':
      return <span className={`badge type-${image.type}`}>{image.type}</span>;
    case 'status': {
      const s = stuck(image);
      return (
        <>
          <span className={`badge status-${image.status}`}>{image.status}</span>
          {s && <span className="badge stuck" title={t(`stuckHint_${s}`)}>{t(`stuck_${s}`)}</span>}
        </>
      );
    }
    case 'visibility':
      return image.visibility;
    case 'protected':
      return image.protected ? t('yes') : t('no');
    case 'disk_format':
      return image.disk_format ?? t('none');
    case 'size':
      return <span className="num">{formatBytes(image.size)}</span>;
    case 'os':
      return [image.os_distro, image.os_version].filter(Boolean).join(' ') || t('none');
    case 'region':
      return image.region;
    case 'created_at':
      return <time dateTime={image.created_at ?? undefined} title={formatDate(image.created_at)}>{formatRelative(image.created_at)}</time>;
    case 'cleanup':
      return image.cleanup_date
        ? <time dateTime={image.cleanup_date} title={formatDate(image.cleanup_date)}>{formatRelative(image.cleanup_date)}</time>
        : t('none');
    case 'instance':
      return image.related_instance ? image.related_instance.name : t('none');
    case 'client':
      return image.client ? image.client.name : t('none');
    default:
      return null;
  }
}
