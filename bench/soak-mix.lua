-- wrk script for bench/soak.sh: a mix of the three audiences' lists and retrieves, paced by SOAK_DELAY_MS per
-- connection (0 = as fast as possible, to measure the maximum).
local eu, st, rs = "Token bench-enduser-key", "Token bench-staff-key", "Token bench-reseller-key"
local sample = os.getenv("SOAK_SAMPLE_ID") or "none"
local mix = {
  {eu, "/backend/api/openstack/images"},
  {eu, "/backend/api/openstack/images?filtering=status:active%2Bname__icontains:web&ordering=-size"},
  {eu, "/backend/api/openstack/images?page=2"},
  {eu, "/backend/api/openstack/images/" .. sample},
  {st, "/backend/staffapi/openstack/images"},
  {st, "/backend/staffapi/openstack/images?search=gitlab"},
  {st, "/backend/staffapi/openstack/images?page=100"},
  {rs, "/backend/resellerapi/openstack/images"},
  {rs, "/backend/resellerapi/openstack/images?ordering=name"},
}
local delay_ms = tonumber(os.getenv("SOAK_DELAY_MS") or "0")
local i = 0
request = function()
  i = i % #mix + 1
  return wrk.format("GET", mix[i][2], {["Authorization"] = mix[i][1]})
end
delay = function() return delay_ms end
