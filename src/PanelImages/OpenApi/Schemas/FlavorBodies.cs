using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace PanelImages.OpenApi.Schemas;

// The staff flavor routes (Flavors/FlavorsApi.cs) write these records themselves.

/// <summary>The synced flavors, by region, RAM and id.</summary>
public sealed record FlavorList(
    [property: JsonPropertyName("objects")] FlavorBody[] Objects,
    [property: JsonPropertyName("count")] int Count);

/// <summary>An entry of an image's flavor assignment: the flavor, or only its id when Nova has deleted it since.</summary>
[JsonDerivedType(typeof(FlavorBody))]
[JsonDerivedType(typeof(DeletedFlavor))]
public abstract record AssignedFlavor;

/// <summary>A Nova flavor.</summary>
/// <param name="Ram">MiB.</param>
/// <param name="Disk">GiB of root disk; 0 = sized from the image.</param>
/// <param name="Projects">The projects with access to a private flavor; null for a public one.</param>
public sealed record FlavorBody(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("region")] string Region,
    [property: JsonPropertyName("vcpus")] int Vcpus,
    [property: JsonPropertyName("ram")] int Ram,
    [property: JsonPropertyName("disk")] int Disk,
    [property: JsonPropertyName("is_public")] bool IsPublic,
    [property: JsonPropertyName("projects")] List<string>? Projects) : AssignedFlavor;

/// <summary>An assigned flavor deleted in Nova since; it stays listed until staff change the assignment.</summary>
/// <param name="Deleted">Always true.</param>
public sealed record DeletedFlavor(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("deleted")] bool Deleted) : AssignedFlavor;

/// <summary>The flavors an image is assigned to (none: any flavor may boot it).</summary>
public sealed record FlavorAssignment(
    [property: JsonPropertyName("image")] string Image,
    [property: JsonPropertyName("region")] string Region,
    [property: JsonPropertyName("has_flavors_assigned")] bool HasFlavorsAssigned,
    [property: JsonPropertyName("flavors")] AssignedFlavor[] Flavors);

/// <summary>The new assignment: flavor ids of the image's region; [] clears it.</summary>
public sealed record FlavorAssignmentChange(
    [property: JsonPropertyName("flavors"), Required, MaxLength(100)] string[] Flavors);
