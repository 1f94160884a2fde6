// The page's budgets, measured in Debian's chromium against a running app:
//   size   — JS + CSS of wwwroot, gzipped (level 9, as a server would send them)
//   first  — navigation start → first page of rows in the DOM (performance.now() in the page), median of N loads
//   change — click → the table shows the new rows, for a sort, a filter (tab) and a page change, p50/p90 of N each
//   memory — JS heap after GC at 100 and after 1,000 page changes (flat = the second within a few % of the first)
// usage: PageBench <baseUrl> <wwwroot> <token> <label>
using System.Diagnostics;
using System.IO.Compression;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

var (baseUrl, wwwroot, token, label) = (args[0], args[1], args[2], args[3]);
var loads = int.Parse(Environment.GetEnvironmentVariable("PAGEBENCH_LOADS") ?? "15");
var changes = int.Parse(Environment.GetEnvironmentVariable("PAGEBENCH_CHANGES") ?? "30");
var memoryChanges = int.Parse(Environment.GetEnvironmentVariable("PAGEBENCH_MEMORY_CHANGES") ?? "1000");

// Every asset counts towards the budget, lazy chunks too (a German reader loads the entry and de-*.js); the entry
// alone, what index.html loads, is what an English reader downloads.
var gzipped = new Dictionary<string, long>();
long raw = 0;
foreach (var file in Directory.EnumerateFiles(Path.Combine(wwwroot, "assets")).Where(f => f.EndsWith(".js") || f.EndsWith(".css")))
{
    var bytes = await File.ReadAllBytesAsync(file);
    using var buffer = new MemoryStream();
    using (var zip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true)) zip.Write(bytes);
    raw += bytes.Length;
    gzipped[Path.GetFileName(file)] = buffer.Length;
}
var gz = gzipped.Values.Sum();
var entryFiles = Regex.Matches(await File.ReadAllTextAsync(Path.Combine(wwwroot, "index.html")), "/assets/([^\"]+)")
    .Select(m => m.Groups[1].Value).ToHashSet();
var entryGz = gzipped.Where(f => entryFiles.Contains(f.Key)).Sum(f => f.Value);
var lazy = string.Join(", ", gzipped.Where(f => !entryFiles.Contains(f.Key)).Select(f => $"{f.Key} {f.Value / 1000.0:F1} kB"));

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new()
{
    ExecutablePath = "/usr/bin/chromium", Headless = true,
    Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--enable-precise-memory-info", "--js-flags=--expose-gc"],
});
var context = await browser.NewContextAsync(new()
{
    BaseURL = baseUrl, ViewportSize = new() { Width = 1400, Height = 900 },
    ExtraHTTPHeaders = new Dictionary<string, string> { ["Authorization"] = $"Token {token}" },
});
context.SetDefaultTimeout(60_000);
// Records when rows first appear after navigation, on the page's own clock.
await context.AddInitScriptAsync("""
    new MutationObserver((_, o) => {
      if (document.querySelector('table.grid tbody tr')) { window.__firstRows = performance.now(); o.disconnect(); }
    }).observe(document, { subtree: true, childList: true });
    """);
var page = await context.NewPageAsync();

// Warm the server's and the browser's caches once, as a person's second visit would find them.
await page.GotoAsync("/");
await page.WaitForSelectorAsync("table.grid tbody tr");
var first = new List<double>();
for (var i = 0; i < loads; i++)
{
    await page.GotoAsync(i % 2 == 0 ? "/?page=2" : "/");
    await page.WaitForFunctionAsync("() => window.__firstRows !== undefined");
    first.Add(await page.EvaluateAsync<double>("window.__firstRows"));
}

// One change: remember the first row's key, act, wait until a different first row is rendered.
async Task<double> ChangeAsync(string act) => await page.EvaluateAsync<double>($$"""
    async () => {
      const key = () => document.querySelector('table.grid tbody tr')?.getAttribute('data-key');
      const before = key(); const t0 = performance.now();
      {{act}};
      await new Promise((resolve) => { const tick = () => (key() && key() !== before ? resolve() : requestAnimationFrame(tick)); tick(); });
      return performance.now() - t0;
    }
    """);
var click = (string selector) => $"document.querySelector({System.Text.Json.JsonSerializer.Serialize(selector)}).click()";
var sort = new List<double>(); var filter = new List<double>(); var paging = new List<double>();
await page.GotoAsync("/");
await page.WaitForSelectorAsync("table.grid tbody tr");
for (var i = 0; i < changes; i++)
{
    sort.Add(await ChangeAsync(click("th[data-key=name]")));
    paging.Add(await ChangeAsync(click("nav.pager button[aria-label='Next page']")));
    filter.Add(await ChangeAsync(click(i % 2 == 0 ? "[role=tab][data-key=public]" : "[role=tab][data-key=all]")));
}

async Task<double> HeapMbAsync()
{
    var cdp = await context.NewCDPSessionAsync(page);
    await cdp.SendAsync("HeapProfiler.collectGarbage");
    var usage = await cdp.SendAsync("Runtime.getHeapUsage");
    return usage!.Value.GetProperty("usedSize").GetDouble() / (1 << 20);
}
await page.GotoAsync("/");
await page.WaitForSelectorAsync("table.grid tbody tr");
double heapAt100 = 0, heapAtMiddle = 0;
var middle = memoryChanges / 2 + 50;
var clock = Stopwatch.StartNew();
for (var i = 1; i <= memoryChanges; i++)
{
    await ChangeAsync(click(i % 2 == 1 ? "nav.pager button[aria-label='Next page']" : "nav.pager button[aria-label='Previous page']"));
    if (i == 100) heapAt100 = await HeapMbAsync();
    if (i == middle) heapAtMiddle = await HeapMbAsync();
}
var heapAtEnd = await HeapMbAsync();

static double P(List<double> xs, double p) { var s = xs.Order().ToList(); return s[(int)Math.Clamp(Math.Ceiling(p * s.Count) - 1, 0, s.Count - 1)]; }
Console.WriteLine($"== page budgets: {label}");
Console.WriteLine($"JS+CSS: {raw / 1024.0:F1} kB raw, {gz / 1000.0:F1} kB gzipped, every asset (budget 180 kB); " +
    $"entry alone {entryGz / 1000.0:F1} kB; lazy: {(lazy.Length > 0 ? lazy : "none")}");
Console.WriteLine($"first page rendered after navigation: p50 {P(first, .5):F0} ms, p90 {P(first, .9):F0} ms over {loads} loads (budget 300 ms)");
Console.WriteLine($"sort change:   p50 {P(sort, .5):F0} ms, p90 {P(sort, .9):F0} ms (budget p50 < 100 ms)");
Console.WriteLine($"filter change: p50 {P(filter, .5):F0} ms, p90 {P(filter, .9):F0} ms");
Console.WriteLine($"page change:   p50 {P(paging, .5):F0} ms, p90 {P(paging, .9):F0} ms");
// The middle reading tells a one-off warm-up (JIT, caches filling) from a leak, which keeps growing in the second half.
Console.WriteLine($"JS heap after GC: {heapAt100:F1} MB at 100 page changes, {heapAtMiddle:F1} MB at {middle}, {heapAtEnd:F1} MB at {memoryChanges} " +
    $"({(heapAtEnd / heapAt100 - 1) * 100:+0.0;-0.0}% from 100, {(heapAtEnd / heapAtMiddle - 1) * 100:+0.0;-0.0}% in the second half); {memoryChanges} changes in {clock.Elapsed.TotalSeconds:F0} s");
