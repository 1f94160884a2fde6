import { memo, useCallback, useMemo } from 'react';
import {
  Cell, Checkbox, Column, Row, Table, TableBody, TableHeader, type Key, type Selection, type SortDescriptor,
} from 'react-aria-components';
import type { Image } from '../api/types';
import { formatBytes, formatDate, formatRelative } from '../i18n/format';
import { t } from '../i18n/strings';
import { stuck } from '../state/rules';
import type { Me } from './App';
import type { ColumnDef } from './Columns';
import { RowActions } from './RowActions';

export const rowKey = (image: { id: string; region: string }) => `${image.region}/${image.id}`;

type TableProps = {
  me: Me; rows: Image[]; columns: ColumnDef[]; ordering: string; onOrdering: (o: string) => void;
  selected: Selection; onSelected: (s: Selection) => void; onOpen: (id: string) => void;
};

/**
 * The list as a grid. `busy` only dims the wrapper: react-aria's table hands every cell a new state object whenever
 * the table renders, so the table itself (Grid, memoized) renders only when its rows, columns, order or selection
 * change, and each row is built once per image object (TableBody items + dependencies).
 */
export function ImageTable({ busy, ...props }: TableProps & { busy: boolean }) {
  return (
    <div className="tablewrap" aria-busy={busy}>
      <Grid {...props} />
    </div>
  );
}

const Grid = memo(function Grid(props: TableProps) {
  const { me, columns, onOpen } = props;
  const desc = props.ordering.startsWith('-');
  const sortField = props.ordering.replace(/^-/, '');
  const sortColumn = columns.find((c) => c.sort === sortField)?.id;
  const sortDescriptor: SortDescriptor | undefined = useMemo(
    () => (sortColumn ? { column: sortColumn, direction: desc ? 'descending' : 'ascending' } : undefined),
    [sortColumn, desc],
  );
  const { onOrdering } = props;
  const onSortChange = useCallback((d: SortDescriptor) => {
    const field = columns.find((c) => c.id === d.column)?.sort;
    if (field) onOrdering(d.direction === 'descending' ? `-${field}` : field);
  }, [columns, onOrdering]);
  const onRowAction = useCallback((key: Key) => onOpen(String(key).split('/').slice(1).join('/')), [onOpen]);
  return (
    <Table
      aria-label={t('appName')}
      className="grid"
      selectionMode="multiple"
      selectedKeys={props.selected}
      onSelectionChange={props.onSelected}
      sortDescriptor={sortDescriptor}
      onSortChange={onSortChange}
      onRowAction={onRowAction}
    >
      <TableHeader>
        <Column className="select"><Checkbox slot="selection" aria-label="Select all" /></Column>
        {columns.map((c) => (
          <Column key={c.id} id={c.id} isRowHeader={c.id === 'name'} allowsSorting={Boolean(c.sort)}
            className={c.narrow ? 'narrow' : 'wide'}>
            {t(c.label)}
          </Column>
        ))}
        <Column className="actions">{t('col_actions')}</Column>
      </TableHeader>
      {/* A row renders again only when its image object, the columns, the caller or onOpen change. */}
      <TableBody items={props.rows} dependencies={[columns, me, onOpen]}>
        {(image) => (
          <Row id={rowKey(image)} textValue={image.display_name ?? image.id}>
            <Cell className="select"><Checkbox slot="selection" aria-label={`Select ${image.display_name ?? image.id}`} /></Cell>
            {columns.map((c) => (
              <Cell key={c.id} className={c.narrow ? 'narrow' : 'wide'}>{cell(c.id, image)}</Cell>
            ))}
            <Cell className="actions"><RowActions me={me} image={image} onOpen={onOpen} /></Cell>
          </Row>
        )}
      </TableBody>
    </Table>
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
