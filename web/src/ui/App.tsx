import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { Button } from 'react-aria-components';
import { meQuery, signOut, switchPerson } from '../api/session';
import type { CurrentUser } from '../api/types';
import { t } from '../i18n/strings';
import { rememberListHint } from '../state/listQuery';
import { useLiveCatalogue } from '../state/live';
import { navigate, useLocation } from '../state/router';
import { viewedClient, type Audience } from '../state/url';
import { ActivityLog } from './ActivityLog';
import { viewAs, ViewingBanner } from './ClientView';
import { ImagesPage } from './ImagesPage';
import { LanguageMenu, useLanguage } from './LanguageMenu';
import { SecondFactorSetup } from './SecondFactorSetup';
import { SignIn } from './SignIn';
import { SyncStatus } from './SyncStatus';
import { ThemeMenu } from './ThemeMenu';
import { UploadsProvider, UploadTray } from './Uploads';
import { ErrorState } from './States';

export interface Me {
  audience: Audience;
  prefix: string;
  username: string;
  userId: number;
  clientIds: number[];
  permissions: Record<string, boolean>;
  /** Set when staff view the page as this client (ClientView.tsx). */
  viewing?: number;
}

function toMe(user: CurrentUser): Me {
  return {
    audience: user.audience as Audience,
    prefix: `${user.api_prefix}/openstack/images`,
    username: user.user.username,
    userId: user.user.id,
    clientIds: user.clients.map((c) => c.id),
    permissions: user.permissions as Record<string, boolean>,
  };
}

export function App() {
  const me = useQuery(meQuery);
  const language = useLanguage();
  // One Me per answer: the memoized page below re-renders when who is signed in changes, not on every render here.
  const who = useMemo(() => (me.data ? toMe(me.data) : null), [me.data]);
  useEffect(() => {
    if (who) rememberListHint({ audience: who.audience, prefix: who.prefix });
    else if (me.data === null) rememberListHint(null);
  }, [who, me.data]);
  if (me.isPending) return <p className="center" role="status">{t('loading')}</p>;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  if (!who || !me.data) return <SignIn />;
  if (me.data.otp_enrolment_required) return <SecondFactorSetup />;
  return (
    <UploadsProvider>
      {/* A new language builds the shell anew, memoized parts too; uploads above it and the query cache carry on.
          The forms above are not memoized: they re-render in place and keep what was typed, or the codes shown. */}
      <Shell key={language} me={who} />
    </UploadsProvider>
  );
}

function Shell({ me }: { me: Me }) {
  const { path, query } = useLocation();
  const viewed = me.audience === 'staff' ? viewedClient(query) : null;
  const shown = useMemo(() => (viewed ? viewAs(me, viewed) : me), [me, viewed]);
  const client = useQueryClient();
  const live = useLiveCatalogue(true);
  useEffect(() => {
    // Staff views are staff-only: others land on their images.
    if (me.audience !== 'staff' && (path === '/activity' || path === '/sync')) navigate('/', { replace: true });
  }, [me.audience, path]);
  const section = path.startsWith('/activity') ? 'activity' : path.startsWith('/sync') ? 'sync' : 'images';
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">PanelImages</span>
        <nav aria-label={t('sections')} className="sections">
          <NavLink href="/" current={section === 'images'}>{t('nav_images')}</NavLink>
          {me.audience === 'staff' && (
            <>
              <NavLink href="/activity" current={section === 'activity'}>{t('nav_activity')}</NavLink>
              <NavLink href="/sync" current={section === 'sync'}>{t('nav_sync')}</NavLink>
            </>
          )}
        </nav>
        <span className={live ? 'live on' : 'live'} role="status" aria-live="polite">{live ? t('live') : t('offline')}</span>
        <LanguageMenu />
        <ThemeMenu />
        <span className="who" data-testid="who">
          {t('signedInAs', { user: me.username || '—', audience: t(`audience_${me.audience}`) })}
        </span>
        <Button
          className="btn"
          onPress={async () => {
            try {
              await signOut();
            } finally {
              switchPerson(client, null);
              navigate('/');
            }
          }}
        >
          {t('signOut')}
        </Button>
      </header>
      <main>
        {section === 'images' && viewed && <ViewingBanner client={viewed} />}
        {section === 'activity' ? <ActivityLog /> : section === 'sync' ? <SyncStatus /> : <ImagesPage key={shown.prefix} me={shown} />}
      </main>
      <UploadTray />
    </div>
  );
}

function NavLink({ href, current, children }: { href: string; current: boolean; children: React.ReactNode }) {
  return (
    <a
      href={href}
      aria-current={current ? 'page' : undefined}
      className="navlink"
      // The router handles it; the href keeps open-in-new-tab working.
      onClick={(e) => { if (!e.metaKey && !e.ctrlKey) { e.preventDefault(); navigate(href); } }}
    >
      {children}
    </a>
  );
}
