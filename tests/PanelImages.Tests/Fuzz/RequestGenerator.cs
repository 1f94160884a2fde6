using System.Text;
using static PanelImages.Tests.Infrastructure.TestWorld;

namespace PanelImages.Tests.Fuzz;

/// <summary>One generated request: who sends it, what, and the text it carries (so echoes are not taken for leaks).</summary>
public sealed record FuzzRequest(string? Token, HttpMethod Method, string Url, string? ContentType, byte[]? Body)
{
    public string Sent => Url + (Body is null ? "" : Encoding.UTF8.GetString(Body));
}

/// <summary>Hostile and ordinary requests across every route and audience, from a seed: request n is always the same.</summary>
public static class RequestGenerator
{
    public static readonly string?[] Tokens = [Alice, Bob, Staff, Reseller, OtherReseller, Limited, Revoked, null, "garbage", "Token x"];
    private static readonly string[] Prefixes = ["/backend/api/openstack/images", "/backend/staffapi/openstack/images", "/backend/resellerapi/openstack/images"];
    // A NUL in the path is refused by Kestrel (and the test server) before the app: NULs travel in queries and bodies.
    private static readonly string[] Ids =
    [
        .. Owners.SelectMany(o => Visibilities.Select(v => $"{o}-{v}")), "pa-deleted", "pd-resold", "pd-public-resold2",
        "no-such-image", "..%2F..", "%E2%80%AE", "%ED%A0%80", new string('x', 300), "a%20b", "%FF",
    ];
    private static readonly string[] InstancePrefixes =
        ["/backend/api/openstack/instances", "/backend/staffapi/openstack/instances", "/backend/resellerapi/openstack/instances"];
    private static readonly string[] InstanceIds = ["inst-a", "inst-b", "no-such-instance", "%ED%A0%80", new string('i', 300)];
    private static readonly string[] Fields =
    [
        "id", "name", "type", "status", "visibility", "region", "os_distro", "min_disk", "size", "protected", "is_iso",
        "created_at", "updated_at", "tags", "owner", "client", "instance_uuid", "member_status", "owned", "bogus", "",
    ];
    private static readonly string[] Lookups = ["", "__exact", "__iexact", "__icontains", "__startswith", "__in", "__gt", "__lte", "__isnull", "__ne", "__date", "__gte__date", "__foo", "__in__ne"];
    private static readonly string[] Values =
    [
        "active", "public", "shared", "pending", "all", "true", "false", "null", "0", "-1", "99999999999999999999", "1e3",
        "2024-03-20", "9999-12-31", "0001-01-01", "2024-03-20T05:00:00Z", "9999-12-31T23:59:59Z", "2024,3,20", "9999,12,31", "0,0,0",
        "a,b,c", ",,", "%00", "%ED%A0%80", "%F0%9F%98%80", "ubuntu", "r1", "r2", "pa", "'; DROP TABLE images; --", "%25", "\\",
        new string('a', 500), string.Join(",", Enumerable.Range(0, 120)), "x:y:z",
    ];
    private static readonly string[] Actions =
        ["", "/permissions", "/create_options", "/export.csv", "/facets", "/usage", "/{id}", "/{id}/download", "/{id}/file", "/{id}/import", "/{id}/members",
         "/{id}/members/pb", "/{id}/get_member_status", "/{id}/update_image_member_status",
         "/{id}/deactivate", "/{id}/reactivate", "/{id}/nope"];
    private static readonly HttpMethod[] Methods =
        [HttpMethod.Get, HttpMethod.Get, HttpMethod.Get, HttpMethod.Post, HttpMethod.Patch, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Head];

    public static FuzzRequest Create(int seed, int n)
    {
        var random = new Random(seed * 1_000_003 + n);
        T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
        var token = Pick(Tokens);
        var other = random.Next(26);
        string path = other switch
        {
            0 => "/backend/staffapi/activitylog",
            1 => "/backend/staffapi/openstack/sync",
            2 => Pick(["/healthz", "/healthz/live", "/healthz/ready", "/openapi/v1.json", "/", "/backend/api", "/backend/api/openstack/images/", "/nope"]),
            3 or 4 => Pick(InstancePrefixes) + Pick(["", "/{id}/snapshot", "/{id}/backup", "/{id}", "/{id}/nope"]).Replace("{id}", Pick(InstanceIds)),
            5 => Pick(["/backend/staffapi/openstack/flavors", "/backend/staffapi/openstack/cleanup", "/backend/staffapi/openstack/projects",
                "/backend/staffapi/sessions", "/backend/staffapi/sessions/1", "/backend/staffapi/sessions/x"]),
            6 => Pick(["/backend/staffapi/openstack/images/{id}/flavors", "/backend/staffapi/openstack/projects/{p}/client"])
                .Replace("{id}", Pick(Ids)).Replace("{p}", Pick(["nope", "p-none", "a%20b", "%E2%80%AE", new string('p', 100)])), // not the seeded owners: a hand
            // mapping of theirs would change who may see what under the oracle's feet
            7 => Pick(["/backend/auth/login", "/backend/auth/logout", "/backend/auth/current-user", "/backend/auth/password",
                "/backend/auth/otp/enrol", "/backend/auth/otp/confirm", "/backend/auth/otp/disable"]),
            // The live stream stays open for a valid caller: only the refusals (a query, no caller) are fuzzed.
            8 => "/backend/events",
            9 => $"/backend/staffapi/openstack/clients/{Pick(["1", "2", "4", "999", "0", "x", "-1", "99999999999", "%E2%80%AE"])}/view/images"
                + Pick(["", "/facets", "/{id}", "/{id}/nope", "/permissions"]).Replace("{id}", Pick(Ids)),
            _ => Pick(Prefixes) + Pick(Actions).Replace("{id}", Pick(Ids)),
        };
        // Mostly the route's own method (a wrong one is a 405 and tests little), sometimes any.
        var method = random.Next(5) == 0 ? Pick(Methods) : NaturalMethod(path, Pick);
        var query = Query(random, Pick);
        if (path == "/backend/events" && query.Length == 0) query = "page=1";
        var (contentType, body) = method == HttpMethod.Get || method == HttpMethod.Head || random.Next(8) == 0 ? (null, null) : Body(random, Pick);
        return new FuzzRequest(token, method, query.Length == 0 ? path : path + "?" + query, contentType, body);
    }

    private static HttpMethod NaturalMethod(string path, Func<IReadOnlyList<HttpMethod>, HttpMethod> pick) => path switch
    {
        _ when path.EndsWith("/snapshot") || path.EndsWith("/backup") || path.StartsWith("/backend/auth/") && !path.EndsWith("current-user") =>
            HttpMethod.Post,
        _ when path.EndsWith("/flavors") && path.Contains("/images/") => pick([HttpMethod.Get, HttpMethod.Put, HttpMethod.Delete]),
        _ when path.EndsWith("/client") => pick([HttpMethod.Put, HttpMethod.Delete]),
        _ when path.StartsWith("/backend/staffapi/sessions/") => HttpMethod.Delete,
        _ when path.EndsWith("/file") => HttpMethod.Put,
        _ when path.EndsWith("/import") || path.EndsWith("/update_image_member_status") || path.EndsWith("activate") => HttpMethod.Post,
        _ when path.EndsWith("/members") => pick([HttpMethod.Get, HttpMethod.Post]),
        _ when path.Contains("/members/") => HttpMethod.Delete,
        _ when path.EndsWith("/images") => pick([HttpMethod.Get, HttpMethod.Get, HttpMethod.Post]),
        _ when path.Split('/').Length == 6 && !path.EndsWith("permissions") && !path.EndsWith("create_options") && !path.EndsWith("export.csv") && !path.EndsWith("facets") && !path.EndsWith("usage") =>
            pick([HttpMethod.Get, HttpMethod.Get, HttpMethod.Patch, HttpMethod.Put, HttpMethod.Delete]),
        _ => HttpMethod.Get,
    };

    private static string Query(Random random, Func<IReadOnlyList<string>, string> pick)
    {
        var parts = new List<string>();
        var count = random.Next(5);
        for (var i = 0; i < count; i++)
            parts.Add(random.Next(10) switch
            {
                < 4 => "filtering=" + string.Join("%2B", Enumerable.Range(0, 1 + random.Next(random.Next(10) == 0 ? 40 : 4))
                    .Select(_ => pick(Fields) + pick(Lookups) + ":" + pick(Values))),
                4 => "search=" + string.Join("+", Enumerable.Range(0, 1 + random.Next(random.Next(10) == 0 ? 30 : 3)).Select(_ => pick(Values))),
                5 => "ordering=" + pick(["-size", "name,-id", "properties", "-", "", "region,region", "created_at"]),
                6 => "page=" + pick(["1", "2", "last", "0", "-1", "99999999999", "x", "%00"]),
                7 => "page_size=" + pick(["1", "5", "1000", "0", "100000000000000", "-5", "a"]),
                8 => "region=" + pick(["r1", "r2", "", "%00", "nope"]),
                _ when random.Next(3) == 0 => "facet=" + pick(["status", "visibility", "protected", "name", "", "%00", "status&facet=type", new string('f', 300)]),
                _ => pick(["name=Ubuntu%20pa-private", "type=snapshot", "instance_uuid=inst-a", "foo=bar", "page=1&page=2", "search", "=x"]),
            });
        if (random.Next(50) == 0) parts.Add("search=" + new string('a', 5000));
        return string.Join("&", parts);
    }

    private static (string?, byte[]?) Body(Random random, Func<IReadOnlyList<string>, string> pick)
    {
        switch (random.Next(6))
        {
            case 0:
                var boundary = pick(["xyz", "", "\"\"", new string('b', 100), "a b"]);
                var fields = "--xyz\r\nContent-Disposition: form-data; name=\"" + pick(["name", "min_disk", "properties", "tags", "region", "x"]) +
                    "\"\r\n\r\n" + pick(["v", "12", "{\"a\":1}", "{", "a,b"]) + "\r\n";
                var end = pick(["--xyz--\r\n", "", "--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n\r\nDATA", "--xyz\r\n\r\n"]);
                return ($"multipart/form-data; boundary={boundary}", Encoding.UTF8.GetBytes(fields + end));
            case 1:
                return (pick(["text/plain", "application/xml", "application/json; charset=latin1"]), "{\"name\":\"x\"}"u8.ToArray());
            case 2:
                return ("application/json", Encoding.UTF8.GetBytes(pick(new[]
                {
                    "{\"name\": \"a\", \"name\": \"b\"}", "{\"name\": \"\\ud800\"}", "[]", "1", "null", "{", "",
                    "{\"properties\":" + new string('[', 70) + new string(']', 70) + "}", "{\"a\":\"\\u0000\"}",
                })));
            case 3:
                return ("application/json", [(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}']);
            default:
                var fieldsJson = new List<string>();
                for (var i = random.Next(4); i >= 0; i--)
                    fieldsJson.Add($"\"{pick(["name", "min_disk", "min_ram", "visibility", "protected", "tags", "properties", "owner", "project", "member_status", "url", "region", "client", "os_hidden", "x"])}\": " +
                        pick(["\"x\"", "1", "-1", "true", "null", "[\"a\"]", "{\"k\":\"v\"}", "{\"owner_id\":null}", "\"accepted\"", "\"pb\"", "\"https://example.com/i.qcow2\"", "\"file:///etc/passwd\"", "99999999999", "\"" + new string('z', 300) + "\""]));
                return ("application/json", Encoding.UTF8.GetBytes("{" + string.Join(",", fieldsJson) + "}"));
        }
    }
}
