// The API's types come from the service's own OpenAPI document (web/openapi.json → schema.d.ts, generated on every
// build). Where the document does not describe a body yet, the named fallback below stands in; as soon as the
// document does, the generated type wins automatically.
import type { paths } from './schema';

type Json200<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer B } } };
}
  ? B
  : never;
type Or<T, Fallback> = [T] extends [never] ? Fallback : unknown extends T ? Fallback : T;

export type ListQuery = NonNullable<paths['/backend/api/openstack/images']['get']['parameters']['query']>;

interface ImageFallback {
  id: string; name: string | null; display_name: string | null; type: string; status: string | null;
  visibility: string | null; protected: boolean; disk_format: string | null; container_format: string | null;
  size: number | null; virtual_size?: number | null; os_distro: string | null; os_version: string | null;
  architecture: string | null; hypervisor_type: string | null; region: string; created_at: string | null;
  updated_at: string | null; deleted_at: string | null; cleanup_date: string | null; min_disk: number; min_ram: number;
  tags: string[]; properties: Record<string, unknown>; is_iso: boolean; owner?: string | null;
  client: { id: number; name: string; display: string } | null; related_instance: { id: string; name: string } | null;
  instance_uuid: string | null; volume_snapshot_uuid: string | null; hw_qemu_guest_agent: boolean;
  reseller_resources: number | null; used_by_resellers: number[]; assigned_to_flavor: boolean;
}
type Permissions = Record<string, boolean>;
interface Option { display: string; value: string }
interface ImageListFallback {
  count: number; next: string | null; previous: string | null; objects: ImageFallback[]; totalCount: number;
  pageNo: number; permissions: Permissions; filter_options: Record<string, Option[]>;
}

export type ImageList = Or<Json200<'/backend/api/openstack/images', 'get'>, ImageListFallback>;
export type Image = ImageList['objects'][number];
export type ImagePermissions = ImageList['permissions'];
export type FilterOptions = ImageList['filter_options'];

interface CreateOptionsFallback {
  regions: { id: string; description: string }[]; container_formats: string[]; disk_formats: string[];
  visibilities: string[]; os_distros: Option[]; hypervisor_types: string[]; cleanup_enabled: boolean;
  cleanup_days: number | null; cleanup_image_types: string[] | null; max_upload_bytes: number;
}
export type CreateOptions = Or<Json200<'/backend/api/openstack/images/create_options', 'get'>, CreateOptionsFallback>;

export interface Member { project: string; status: string; created_at?: string; updated_at?: string }

interface CurrentUserFallback {
  user: { id: number; username: string };
  audience: 'enduser' | 'staff' | 'reseller';
  api_prefix: string;
  clients: { id: number; name: string }[];
  permissions: Permissions;
  otp_enabled: boolean;
  csrf_token?: string | null;
}
type CurrentUserPath = '/backend/auth/current-user' extends keyof paths ? '/backend/auth/current-user' : never;
export type CurrentUser = Or<
  [CurrentUserPath] extends [never] ? never : Json200<CurrentUserPath & keyof paths, 'get' & keyof paths[CurrentUserPath & keyof paths]>,
  CurrentUserFallback
>;

export interface AuditEntry {
  id: number; at: string; username: string; audience: string; client: number | null; image: string | null;
  region: string | null; action: string; outcome: string; status_code: number; client_ip: string | null;
}
