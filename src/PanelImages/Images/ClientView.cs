using Microsoft.EntityFrameworkCore;
using Microsoft.OpenApi;
using PanelImages.Access;
using PanelImages.Catalog;
using PanelImages.Errors;
using PanelImages.Facets;
using PanelImages.OpenApi;

namespace PanelImages.Images;

/// <summary>
/// Staff see the images page exactly as one client's people see it (support: "what does this customer see?"): the
/// end users' list, facets and image, answered for a caller made of that client and its projects, so the very rules
/// that serve the client serve the view. Read-only: the view's caller holds images.list and images.retrieve (when
/// the staff member does) and nothing else, so its permissions block says every action is off.
/// </summary>
public static class ClientView
{
    public const string Prefix = "/backend/staffapi/openstack/clients/{client}/view/images";

    public static IEndpointRouteBuilder MapClientView(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Prefix).RequireAuthorization(nameof(Audience.Staff)).WithTags("Client view (Staff)")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // The handlers are the end users' own and do not take the client: the document names it here.
                operation.Parameters ??= [];
                operation.Parameters.Insert(0, new OpenApiParameter
                {
                    Name = "client", In = ParameterLocation.Path, Required = true,
                    Description = "The client whose people's view this is (a positive whole number).",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
                });
                return Task.CompletedTask;
            })
            .AddEndpointFilter(async (context, next) =>
            {
                var http = context.HttpContext;
                http.Features.Set(await AsClientAsync(http, Caller.From(http), http.RequestAborted));
                return await next(context);
            });
        group.MapGet("", ImagesApi.List).WithName("StaffClientViewListImages")
            .WithSummary("The images list exactly as the client's end users get it (same parameters and body).")
            .WithListParameters().DescribesImageList(Audience.EndUser);
        group.MapImageFacets(Audience.EndUser, "StaffClientViewImageFacets");
        group.MapGet("/{id}", ImagesApi.Retrieve).WithName("StaffClientViewRetrieveImage")
            .WithSummary("One image as the client's end users get it (404 when they cannot see it).")
            .DescribesImage(Audience.EndUser);
        return app;
    }

    /// <summary>The caller the client's people are, as far as seeing goes; 404 for a client the catalogue lacks.</summary>
    public static async Task<Caller> AsClientAsync(HttpContext http, Caller staff, CancellationToken ct)
    {
        var raw = http.GetRouteValue("client")?.ToString();
        if (!int.TryParse(raw, System.Globalization.NumberStyles.None, null, out var clientId) || clientId <= 0)
            throw ApiException.BadRequest($"Client id \"{raw}\" is not a positive whole number.");
        var db = http.RequestServices.GetRequiredService<CatalogDb>();
        if (!await db.Clients.AnyAsync(c => c.Id == clientId, ct)) throw ApiException.NotFound($"No client {clientId}.");
        var projects = await db.Projects.Where(p => p.ClientId == clientId).Select(p => p.Id).ToListAsync(ct);
        var seeing = new HashSet<string> { ImagePermissions.List, ImagePermissions.Retrieve };
        var permissions = new ImagePermissions(ImagePermissions.All.ToDictionary(n => n, n => seeing.Contains(n) && staff.Permissions.Allows(n)));
        return new Caller(staff.UserId, staff.Username, Audience.EndUser, [clientId], projects, permissions, staff.HiddenProperties);
    }
}
