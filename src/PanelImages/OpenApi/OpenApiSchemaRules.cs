using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PanelImages.Images;
using PanelImages.OpenApi.Schemas;

namespace PanelImages.OpenApi;

/// <summary>
/// What the schema generator cannot know from the records alone: that every field of a response is always written
/// (required), that no other field is (closed objects; request bodies refuse unknown fields the same way), which
/// values a choice takes, and that numbers go out as numbers.
/// </summary>
public static class OpenApiSchemaRules
{
    private static readonly HashSet<Type> RequestBodies =
        [typeof(NewImage), typeof(NewImageByStaff), typeof(NewImageForm), typeof(ImageChanges), typeof(ImageChangesByStaff),
         typeof(ImportRequest), typeof(NewMember), typeof(MemberStatusChange), typeof(SnapshotRequest), typeof(BackupRequest),
         typeof(FlavorAssignmentChange), typeof(ProjectClientChange)];

    private static readonly HashSet<Type> StaffBodies = [typeof(NewImageByStaff), typeof(ImageChangesByStaff), typeof(NewImageForm)];

    public static Task Apply(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken _)
    {
        NumbersAsNumbers(schema);
        // A base record whose derived records are written as themselves (AssignedFlavor): no "$type" goes out.
        if (schema.Discriminator?.PropertyName == "$type") schema.Discriminator = null;
        var type = context.JsonTypeInfo.Type;
        if (context.JsonPropertyInfo is null && type.Namespace == typeof(ErrorBody).Namespace && schema.Properties is { Count: > 0 })
        {
            schema.AdditionalPropertiesAllowed = false;
            if (RequestBodies.Contains(type)) Choices(schema, type);
            else
            {
                schema.Required ??= new HashSet<string>();
                foreach (var property in context.JsonTypeInfo.Properties)
                    if (property.AttributeProvider?.IsDefined(typeof(OptionalFieldAttribute), true) == true)
                        schema.Required.Remove(property.Name); // the generator takes constructor parameters as required
                    else schema.Required.Add(property.Name);
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>The default web JSON options read numbers from strings too; this API writes them as numbers only.</summary>
    private static void NumbersAsNumbers(OpenApiSchema schema)
    {
        if (schema.Type is { } t && (t.HasFlag(JsonSchemaType.Integer) || t.HasFlag(JsonSchemaType.Number)) && t.HasFlag(JsonSchemaType.String))
        {
            schema.Type = t & ~JsonSchemaType.String;
            schema.Pattern = null;
        }
    }

    private static void Choices(OpenApiSchema schema, Type type)
    {
        var staff = StaffBodies.Contains(type);
        // A change may not set visibility to null (400); a new image takes the default for null.
        var changes = type == typeof(ImageChanges) || type == typeof(ImageChangesByStaff);
        Enum(schema, "visibility", staff ? ImageChoices.AllVisibilities : ImageChoices.UserVisibilities, allowNull: !changes);
        Enum(schema, "container_format", ImageChoices.ContainerFormats);
        Enum(schema, "disk_format", ImageChoices.DiskFormats);
        Enum(schema, "hypervisor_type", ImageChoices.HypervisorTypes);
        Enum(schema, "member_status", Catalog.MemberStatus.All);
    }

    private static void Enum(OpenApiSchema schema, string property, IEnumerable<string> values, bool allowNull = true)
    {
        if (schema.Properties is null || !schema.Properties.TryGetValue(property, out var found) || found is not OpenApiSchema target) return;
        target.Enum = values.Select(v => (JsonNode)JsonValue.Create(v)).ToList();
        // null means "the default" (or "remove") in these bodies.
        if (!allowNull) target.Type &= ~JsonSchemaType.Null;
        else if (target.Type?.HasFlag(JsonSchemaType.Null) == true) target.Enum.Add(null!);
    }
}
