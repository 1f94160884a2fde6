using PanelImages.Access;
using PanelImages.Audit;
using PanelImages.Catalog;
using PanelImages.Cli;
using PanelImages.Demo;
using PanelImages.Errors;
using PanelImages.Hardening;
using PanelImages.Images;
using PanelImages.Listing;
using PanelImages.Notifications;
using PanelImages.Sync;

if (SyncCommand.Handles(args)) return await SyncCommand.RunAsync(args);
if (ManagementCommands.Handles(args))
    return await ManagementCommands.RunAsync(args);

var demo = args.Contains("--demo");
var builder = WebApplication.CreateBuilder(args.Where(a => a != "--demo").ToArray());
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
    builder.WebHost.UseUrls("http://127.0.0.1:8080");

builder.Services.AddCatalog(builder.Configuration);
builder.Services.AddOptions<ListingOptions>().BindConfiguration(ListingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddTokenAccess();
builder.Services.AddRequestLimits();
builder.Services.AddPanelForwardedHeaders(builder.Configuration);
builder.Services.AddPanelRateLimits();
builder.Services.AddExceptionHandler<ApiExceptionHandler>();
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();
builder.Services.AddOpenStackSync(builder.Configuration);
builder.Services.AddNotifications(builder.Configuration);
builder.Services.AddImageActions();
builder.Services.AddHealthChecks().AddDbContextCheck<CatalogDb>("catalog");

var app = builder.Build();

await app.Services.MigrateCatalogAsync();
if (demo && await DemoCatalogue.LoadAsync(app.Services) is { } refused)
{
    Console.Error.WriteLine(refused);
    return 2;
}

app.UseForwardedHeaders();
app.UseExceptionHandler();
app.UseJsonStatusCodePages();
app.UseRequestLimits();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();

app.MapOpenApi();
app.MapHealthChecks("/healthz");
app.MapImagesApi();
app.MapSyncApi();
app.MapBenchCeiling();
app.MapActivityLogApi();

app.Run();
return 0;

public partial class Program;
