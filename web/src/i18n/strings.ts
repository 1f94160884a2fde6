import { formatNumber, pluralOf } from './format';

// Every string the page shows, in one catalogue (English; de.ts has the German one). `{name}` placeholders;
// `one|other` plural forms picked by Intl.PluralRules for the page's locale.
export const strings = {
  appName: 'Images',
  signIn: 'Sign in', signOut: 'Sign out', username: 'Username', password: 'Password', otp: 'One-time code',
  otpRequired: 'Enter the code from your authenticator app (or a recovery code).',
  otpSetupTitle: 'Set up a second factor',
  otpSetupBody: 'Staff accounts sign in with a password and a code from an authenticator app. Add this account to yours, then enter the code it shows.',
  otpSetupStart: 'Show the key', otpSecret: 'Key (type it into the app)', otpLink: 'Open in an authenticator app',
  otpConfirm: 'Confirm', otpCodesTitle: 'Recovery codes',
  otpCodesBody: 'Each code signs you in once if you lose the device. They are shown only now: keep them somewhere safe.',
  otpCodesDone: 'I have kept them — continue',
  signedInAs: 'Signed in as {user} ({audience})',
  audience_enduser: 'customer', audience_staff: 'staff', audience_reseller: 'reseller',
  tab_all: 'All', tab_mine: 'Mine', tab_shared: 'Shared with me', tab_offered: 'Offered to me', tab_public: 'Public',
  tab_community: 'Community',
  staffTab_all: 'All clients', resellerTab_mine: 'My clients',
  sections: 'Sections', imageSets: 'Image sets', nav_images: 'Images', nav_activity: 'Activity log', nav_sync: 'Sync status',
  search: 'Search images', searchHint: 'Press / to search',
  filters: 'Filters', match: 'Match', addFilter: 'Add filter', filterField: 'Filter on', filterValue: 'Value', apply: 'Apply',
  clearFilters: 'Clear filters',
  removeFilter: 'Remove filter {label}',
  lookup_is: 'is', lookup_ne: 'is not', lookup_gte: 'at least', lookup_lte: 'at most', lookup_gt: 'more than',
  lookup_lt: 'less than', lookup_icontains: 'contains',
  field_hypervisor: 'Hypervisor', field_tag: 'Tag', field_project: 'Project', datePattern: 'YYYY-MM-DD',
  valueMissing: 'Enter a value.', valuePlus: 'A filter value cannot contain "+".',
  valueSize: 'Enter a size such as 2 GiB, 500 MiB or 1048576.', valueDate: 'Enter a date as YYYY-MM-DD.',
  valueYesNo: 'Choose yes or no.', filterCount: '{n} filter|{n} filters',
  total: '{n} image|{n} images',
  totalEntries: '{n} entry|{n} entries',
  page: 'Page {n}', firstPage: 'First page', lastPage: 'Last page', previousPage: 'Previous page', nextPage: 'Next page',
  pageSize: 'Rows per page', pagination: 'Pages',
  selectAll: 'Select all', selectRow: 'Select {name}', columns: 'Columns', columnChooser: 'Choose columns',
  exportCsv: 'Export CSV', facetCount: '{value} ({count})',
  col_name: 'Name', col_type: 'Type', col_status: 'Status', col_visibility: 'Visibility', col_protected: 'Protected',
  col_disk_format: 'Disk format', col_size: 'Size', col_os: 'OS', col_region: 'Region', col_created_at: 'Created',
  col_cleanup: 'Clean-up', col_instance: 'Instance', col_client: 'Client', col_actions: 'Actions',
  stuck_queued: 'no data', stuck_saving: 'saving too long', stuck_killed: 'failed',
  stuckHint_queued: 'Queued for over an hour without data: upload data or delete it.',
  stuckHint_saving: 'Saving for over an hour: the upload probably died.',
  stuckHint_killed: 'The upload or import failed; delete it and try again.',
  yes: 'yes', no: 'no', none: '—',
  loading: 'Loading images…', emptyTitle: 'No images yet', emptyBody: 'Upload a disk image or import one from a URL.',
  noMatchTitle: 'Nothing matches', noMatchBody: 'No image matches this search and these filters.',
  errorTitle: 'Could not load the images', retry: 'Retry', notFound: 'Image not found',
  notFoundBody: 'There is no image {id} that you can see.',
  create: 'New image', createTitle: 'New image', source: 'Source', fromFile: 'From a file', fromUrl: 'From a URL', file: 'File',
  chooseFile: 'Choose a file', url: 'URL', name: 'Name', region: 'Region', diskFormat: 'Disk format',
  containerFormat: 'Container format', visibility: 'Visibility', protected: 'Protected', osDistro: 'OS distribution',
  osVersion: 'OS version', minDisk: 'Minimum disk (GB)', minRam: 'Minimum RAM (MB)', tags: 'Tags (comma separated)',
  clientFor: 'For client', clientForStaff: 'For client (its ID; empty: a provider image)',
  clientForReseller: 'None: for my reseller account', architecture: 'Architecture', start: 'Create', cancel: 'Cancel', close: 'Close', save: 'Save',
  uploads: 'Uploads', uploading: 'Uploading {name}', uploadDone: '{name} uploaded', uploadFailed: '{name}: {detail}',
  uploadCancelled: '{name}: cancelled', importing: 'Importing {name}: {status}', importFailed: 'Import of {name} failed: {detail}',
  uploadConnection: 'The connection failed during the upload.',
  speedEta: '{speed}/s · {eta} left', leaveWarning: 'An upload is still running. Leave the page and stop it?',
  details: 'Details', edit: 'Edit', delete: 'Delete', deactivate: 'Deactivate', reactivate: 'Reactivate',
  download: 'Download', uploadData: 'Upload data', share: 'Share', accept: 'Accept', reject: 'Reject', protect: 'Protect', unprotect: 'Unprotect',
  rowActions: 'Actions for {name}', selected: '{n} selected', bulkResults: 'Results', bulkOk: 'done',
  confirmDelete: 'Delete {n} image permanently?|Delete {n} images permanently?', confirm: 'Confirm',
  why_permission: 'Your account lacks the {flag} permission.', why_owner: 'Only the owner of this image can do that.',
  why_reseller: 'This image is not related to your reseller account.',
  why_protected: 'Protected images cannot be deleted; unprotect it first.',
  why_notActive: 'Only active images can be deactivated.', why_notDeactivated: 'Only deactivated images can be reactivated.',
  why_noData: 'This image has no data yet.', why_notQueued: 'Only a queued image (one without data) takes data.', why_deactivated: 'This image is deactivated; its data cannot be downloaded.',
  why_notShared: 'Only images with visibility "shared" have members.', why_notOffered: 'This image was not offered to you.',
  members: 'Members', memberStatus: 'Status', addMember: 'Add project', project: 'Project ID', remove: 'Remove',
  removeMember: 'Stop sharing with {project}', yourShare: 'Your answer to this share: {status}',
  flavors: 'Flavors', flavorsAny: 'No flavor assigned: any flavor may boot this image.',
  flavorsAssigned: 'Assigned flavors', flavorsChange: 'Change flavors', flavorsAllowAny: 'Allow any flavor',
  flavorsOfRegion: 'Flavors of {region}', flavorsNone: 'Nova has no flavor in this region yet.',
  flavorDeleted: 'deleted in Nova since', flavorShape: '{vcpus} vCPU, {ram} RAM, disk {disk}',
  flavorDiskFromImage: 'sized from the image', flavorTooLittleRam: 'Too small: the image needs {need} of RAM.',
  flavorTooLittleDisk: 'Too small: the image needs a {need} disk.',
  viewAsClient: 'View as client', viewAsPlaceholder: 'Client ID', viewAs: 'View',
  viewingAs: 'You see the page as client #{client} sees it (read only).', viewingBack: 'Back to every client',
  properties: 'Properties', fields: 'Fields', audit: 'Activity', apiRequest: 'The same through the API',
  propertiesJson: 'Properties must be a JSON object, e.g. {"hw_disk_bus": "virtio"}.',
  copy: 'Copy', copied: 'Copied', cleanupIn: 'in {d}', cleanupPast: 'due',
  language: 'Language', theme: 'Theme', theme_system: 'System', theme_light: 'Light', theme_dark: 'Dark',
  activityTitle: 'Activity log', syncTitle: 'Sync status', live: 'Live', offline: 'Reconnecting…',
  at: 'When', user: 'User', action: 'Action', outcome: 'Outcome', image: 'Image', status: 'Status',
  regionCol: 'Region', lastFull: 'Last full sync', lastIncremental: 'Last incremental', counters: 'Counters',
  lastError: 'Last error', consumer: 'Notification consumer', leader: 'Sync leader',
  shortcutsTitle: 'Keyboard shortcuts', sc_search: 'search', sc_new: 'new image', sc_help: 'all shortcuts',
  sc_rows: 'move between rows', sc_jump: 'a page of rows up or down, the first or last row',
  sc_into: 'into a row: its checkbox and actions, and back', sc_open: 'open the row’s details',
  sc_select: 'select the row', sc_range: 'select the rows from the last one selected or cleared',
  sc_close: 'close a dialog or menu', key_enter: 'Enter', key_space: 'Space', key_shiftSpace: 'Shift + Space',
  key_shiftClick: 'Shift + click', key_esc: 'Esc',
  fieldError: '{field}: {detail}',
  usageTitle: 'Usage and limits per region', usageImages: 'Images used in {region}', usageStorage: 'Storage used in {region}',
  usageImagesOf: 'Images {used} of {limit}', usageImagesNoLimit: 'Images {used}',
  usageStorageOf: 'Storage {used} of {limit}', usageStorageNoLimit: 'Storage {used}',
  usageUnavailable: 'Usage and limits unavailable: {detail}',
} as const;

export type StringKey = keyof typeof strings;
export type Catalogue = Record<StringKey, string>;

// The active catalogue: English until language.ts, which decides the language and the Intl locale, sets another.
let catalogue: Catalogue = strings;

export function setCatalogue(next: Catalogue) {
  catalogue = next;
}

export function t(key: StringKey, vars: Record<string, string | number> = {}): string {
  let text = catalogue[key];
  if (text.includes('|')) {
    const [one, other] = text.split('|');
    text = typeof vars.n === 'number' && pluralOf(vars.n) === 'one' ? one : other;
  }
  return text.replace(/\{(\w+)\}/g, (_, k) => {
    const v = vars[k];
    return typeof v === 'number' ? formatNumber(v) : String(v ?? '');
  });
}
