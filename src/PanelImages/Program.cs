using PanelImages.Access;
using PanelImages.Audit;
using PanelImages.Auth;
using PanelImages.Caching;
using PanelImages.Catalog;
using PanelImages.Cli;
using PanelImages.Demo;
using PanelImages.Errors;
using PanelImages.Hardening;
using PanelImages.Health;
using PanelImages.Images;
using PanelImages.Listing;
using PanelImages.Notifications;
using PanelImages.Nova;
using PanelImages.OpenApi;
using PanelImages.Operations;
using PanelImages.Sync;
using PanelImages.Telemetry;
using PanelImages.Web;

if (SyncCommand.Handles(args)) return await SyncCommand.RunAsync(args);
if (NovaCommands.Handles(args)) return await NovaCommands.RunAsync(args);
if (BackupCommand.Handles(args)) return await BackupCommand.RunAsync(args);
if (ManagementCommands.Handles(args))
    return await ManagementCommands.RunAsync(args);

var demo = args.Contains("--demo");
// The page is served from wwwroot under the working directory (dotnet run: the project's) or, for a published app
// started from elsewhere, beside the binary.
var webRoot = Directory.Exists("wwwroot") ? null : Path.Combine(AppContext.BaseDirectory, "wwwroot");
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args.Where(a => a != "--demo").ToArray(),
    WebRootPath = webRoot is not null && Directory.Exists(webRoot) ? webRoot : null,
});
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
    builder.WebHost.UseUrls("http://127.0.0.1:8080");
builder.AddTelemetry();
if (demo) DemoCatalogue.RelaxSignIn(builder.Configuration);

builder.Services.AddCatalog(builder.Configuration);
builder.Services.AddCatalogCaching();
builder.Services.AddOptions<ListingOptions>().BindConfiguration(ListingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddTokenAccess();
builder.Services.AddRequestLimits();
builder.Services.AddPanelForwardedHeaders(builder.Configuration);
builder.Services.AddPanelRateLimits();
builder.Services.AddSignIn(builder.Configuration);
builder.Services.AddExceptionHandler<ApiExceptionHandler>();
builder.Services.AddProblemDetails();
builder.Services.AddApiDescription();
builder.Services.AddOpenStackSync(builder.Configuration);
builder.Services.AddNotifications(builder.Configuration);
builder.Services.AddImageActions();
builder.Services.AddNovaAndCleanup(builder.Configuration);
builder.Services.AddHealth();
builder.Services.AddOperations();
builder.Services.AddWebPage();

var app = builder.Build();

await app.Services.MigrateCatalogAsync();
if (demo && await DemoCatalogue.LoadAsync(app.Services) is { } refused)
{
    Console.Error.WriteLine(refused);
    return 2;
}

app.UseForwardedHeaders();
app.UseExceptionHandler();
app.UseTelemetry();
app.UseJsonStatusCodePages();
app.UseRequestLimits();
app.UseAuthentication();
app.UseSignIn();
app.UseRateLimiter();
app.UseAuthorization();

app.MapOpenApi();
app.MapHealth();
app.MapImagesApi();
app.MapClientView();
app.MapSyncApi();
app.MapBenchCeiling();
app.MapActivityLogApi();
app.MapSignIn();
app.MapNovaAndCleanup();
app.MapWebPage();

app.Run();
return 0;

public partial class Program;
