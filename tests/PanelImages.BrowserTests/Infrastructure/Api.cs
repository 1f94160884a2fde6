using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace PanelImages.BrowserTests.Infrastructure;

/// <summary>The API as a script would call it, to compare what the page shows with what the service answers.</summary>
public static class Api
{
    public static async Task<JsonNode> GetAsync(PageHost host, string token, string pathAndQuery)
    {
        using var client = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", token);
        var response = await client.GetAsync(pathAndQuery);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{pathAndQuery}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }
}
