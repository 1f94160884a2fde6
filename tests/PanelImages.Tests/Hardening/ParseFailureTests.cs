using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using PanelImages.Tests.Infrastructure;
using static PanelImages.Tests.Infrastructure.TestWorld;

namespace PanelImages.Tests.Hardening;

/// <summary>Every malformed input of issue 9 is a 4xx with a detail, on both databases; none reaches a 500.</summary>
public abstract class ParseFailureTests<TWorld>(TWorld world) : IClassFixture<TWorld> where TWorld : WorldFixture
{
    private const string EndUserApi = "/backend/api/openstack/images";
    private const string StaffApi = "/backend/staffapi/openstack/images";

    private async Task<(int Status, string Detail)> SendAsync(string token, HttpMethod method, string url, HttpContent? content = null)
    {
        using var client = world.App.ClientWithToken(token);
        using var response = await client.SendAsync(new HttpRequestMessage(method, url) { Content = content });
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return ((int)response.StatusCode, (string)JsonNode.Parse(text)!["detail"]!);
    }

    private static ByteArrayContent Json(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    public static TheoryData<string, string> DateEdges => new()
    {
        { "created_at:9999-12-31", "" },
        { "created_at__gt:9999-12-31", "" },
        { "created_at__gte:9999-12-31", "" },
        { "created_at__lte:9999-12-31", "all" },
        { "created_at__lt:9999-12-31", "all" },
        { "created_at__lte__date:9999,12,31", "all" },
        { "created_at__gt__date:9999,12,31", "" },
        { "created_at:0001-01-01", "" },
        { "created_at__gte:0001-01-01", "all" },
        { "created_at__lt:0001-01-01T00:00:00Z", "" },
        { "updated_at__lte:9999-12-31T23:59:59Z", "all" },
    };

    [Theory]
    [MemberData(nameof(DateEdges))]
    public async Task DatesAtTheCalendarsEdgesSelectWhatTheySay(string filter, string expected)
    {
        var (status, body) = await world.App.GetJsonAsync(Staff, $"{StaffApi}?page_size=1000&filtering={filter}");
        Assert.Equal(200, status);
        Assert.Equal(expected == "all" ? LiveImages().Count : 0, (int)body!["count"]!);
        (status, _) = await world.App.GetJsonAsync(Staff, $"/backend/staffapi/activitylog?filtering={filter.Replace("created_at", "at").Replace("updated_at", "at")}");
        Assert.Equal(200, status);
    }

    [Theory]
    [InlineData("created_at__gt:0001-01-01T00:00:00+05:00")]
    [InlineData("created_at__lt:9999-12-31T23:00:00-05:00")]
    [InlineData("created_at__date:10000,1,1")]
    public async Task DatesBeyondTheCalendarAreA400(string filter)
    {
        var (status, body) = await world.App.GetJsonAsync(Staff, $"{StaffApi}?filtering={filter}");
        Assert.Equal(400, status);
        Assert.Contains("created_at", (string)body!["detail"]!);
    }

    [Theory]
    [InlineData(EndUserApi + "?search=a%00b")]
    [InlineData(EndUserApi + "?filtering=name:a%00")]
    [InlineData(EndUserApi + "?filtering=tags:%00")]
    [InlineData(EndUserApi + "?filtering=name%00:a")]
    [InlineData(EndUserApi + "/pa-private?region=%00")]
    [InlineData(EndUserApi + "/pa-private/get_member_status?region=r1%00")]
    public async Task ANulCharacterIsOne400OnBothDatabases(string url)
    {
        var (status, detail) = await SendAsync(Alice, HttpMethod.Get, url);
        Assert.Equal(400, status);
        Assert.Contains("contains a NUL character (U+0000), which this service does not accept in any text.", detail);
    }

    public static TheoryData<string, string, string> JsonRoutes => new()
    {
        { "POST", EndUserApi, "create" },
        { "PATCH", $"{EndUserApi}/pa-private", "update" },
        { "PUT", $"{EndUserApi}/pa-private", "update" },
        { "POST", $"{EndUserApi}/pa-shared/members", "add member" },
        { "POST", $"{EndUserApi}/pa-private/import", "import" },
        { "POST", $"{EndUserApi}/pb-shared/update_image_member_status", "member status" },
    };

    private static readonly (string Name, byte[] Body, string Detail)[] BadBodies =
    [
        ("duplicate keys", """{"name": "a", "name": "b"}"""u8.ToArray(), "Duplicate"),
        ("lone surrogate", """{"name": "\ud800"}"""u8.ToArray(), "lone UTF-16 surrogate"),
        ("lone surrogate key", """{"\udc00": "x"}"""u8.ToArray(), "lone UTF-16 surrogate"),
        ("invalid UTF-8", [.. "{\"name\": \""u8, 0xC3, 0x28, .. "\"}"u8], "invalid UTF-8"),
        ("NUL", """{"name": "a\u0000b"}"""u8.ToArray(), "NUL"),
        ("array root", "[1]"u8.ToArray(), "must be a JSON object"),
        ("string root", "\"x\""u8.ToArray(), "must be a JSON object"),
        ("number root", "1"u8.ToArray(), "must be a JSON object"),
        ("null root", "null"u8.ToArray(), "must be a JSON object"),
        ("truncated", """{"name": "a"""u8.ToArray(), "not valid JSON"),
        ("empty", [], "not valid JSON"),
        ("too deep", Encoding.UTF8.GetBytes("{\"properties\":" + new string('[', 8) + new string(']', 8) + "}"), "Limits:MaxJsonDepth"),
    ];

    [Theory]
    [MemberData(nameof(JsonRoutes))]
    public async Task EveryMalformedJsonBodyIsA400OnEveryJsonRoute(string method, string url, string route)
    {
        foreach (var (name, bytes, detail) in BadBodies)
        {
            var (status, text) = await SendAsync(Alice, new HttpMethod(method), url, Json(bytes));
            Assert.True(status == 400, $"{route}, {name}: {status} {text}");
            Assert.Contains(detail, text);
        }
    }

    [Theory]
    [MemberData(nameof(JsonRoutes))]
    public async Task JsonAtTheDepthCapIsReadAndOverTheSizeCapIsA413(string method, string url, string route)
    {
        var atDepth = "{\"properties\":" + new string('[', 7) + new string(']', 7) + "}"; // 8 levels
        var (status, detail) = await SendAsync(Alice, new HttpMethod(method), url, Json(Encoding.UTF8.GetBytes(atDepth)));
        Assert.True(status is >= 400 and < 500, $"{route}: {status} {detail}");
        Assert.DoesNotContain("MaxJsonDepth", detail);
        var large = Encoding.UTF8.GetBytes("{\"name\": \"" + new string('a', 1 << 20) + "\"}");
        (status, detail) = await SendAsync(Alice, new HttpMethod(method), url, Json(large));
        Assert.Equal(413, status);
        Assert.Contains("Limits:MaxJsonBytes", detail);
    }

    public static TheoryData<string, string> BadMultiparts => new()
    {
        { "multipart/form-data", "a boundary of 1 to 70 characters" },
        { "multipart/form-data; boundary=\"\"", "a boundary of 1 to 70 characters" },
        { "multipart/form-data; boundary=" + new string('b', 71), "a boundary of 1 to 70 characters" },
        { "multipart/form-data; boundary=" + new string('b', 5000), "a boundary of 1 to 70 characters" },
        { "multipart/form-data; boundary=xyz", "ends before its closing boundary" },
    };

    [Theory]
    [MemberData(nameof(BadMultiparts))]
    public async Task MalformedMultipartCreatesAreA400(string contentType, string expected)
    {
        var content = new ByteArrayContent("--xyz\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\ntrunc"u8.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var (status, detail) = await SendAsync(Alice, HttpMethod.Post, EndUserApi, content);
        Assert.Equal(400, status);
        Assert.Contains(expected, detail);
    }

    [Fact]
    public async Task AMultipartFieldOfInvalidUtf8OrGivenTwiceIsA400()
    {
        foreach (var (field, expected) in new[]
        {
            ((byte[])[0xFF, 0xFE], "not valid UTF-8"),
        })
        {
            var body = new List<byte>();
            body.AddRange("--xyz\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n"u8.ToArray());
            body.AddRange(field);
            body.AddRange("\r\n--xyz--\r\n"u8.ToArray());
            var content = new ByteArrayContent([.. body]);
            content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=xyz");
            var (status, detail) = await SendAsync(Alice, HttpMethod.Post, EndUserApi, content);
            Assert.Equal(400, status);
            Assert.Contains(expected, detail);
        }
        var twice = new ByteArrayContent(
            "--xyz\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\na\r\n--xyz\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nb\r\n--xyz--\r\n"u8.ToArray());
        twice.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=xyz");
        var (s2, d2) = await SendAsync(Alice, HttpMethod.Post, EndUserApi, twice);
        Assert.Equal(400, s2);
        Assert.Contains("given twice", d2);
    }
}

public sealed class ParseFailuresOnSqlite(SqliteWorld world) : ParseFailureTests<SqliteWorld>(world);
public sealed class ParseFailuresOnPostgres(PostgresWorld world) : ParseFailureTests<PostgresWorld>(world);
