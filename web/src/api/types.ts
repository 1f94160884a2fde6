// The API's types, generated from the service's own OpenAPI document (web/openapi.json → schema.d.ts on every build).
import type { components } from './schema';

type S = components['schemas'];

export type ImageList = S['EndUserImageList'] | S['StaffImageList'];
export type Image = S['EndUserImage'] | S['StaffImage'];
export type ImagePermissions = S['PermissionFlags'];
export type FilterOptions = S['FilterOptions'];
export type FacetCounts = S['FacetCounts'];
export type CreateOptions = S['CreateOptionsBody'];
export type Member = S['Member'];
export type CurrentUser = S['CurrentUserResponse'];
export type AuditEntry = S['ActivityEntry'];
export type AuditPage = S['ActivityLogPage'];
export type SyncStatus = S['SyncStatus'];
export type Usage = S['UsageBody'];
export type UsedOfLimit = S['UsedOfLimit'];
export type FlavorList = S['FlavorList'];
export type FlavorAssignment = S['FlavorAssignment'];
