namespace PanelImages.Access;

/// <summary>
/// The eight <c>images.*</c> flags. The same object fills the list's <c>permissions</c> block and guards each action,
/// so what a caller is shown is what a caller may do.
/// </summary>
public sealed record ImagePermissions(IReadOnlyDictionary<string, bool> Flags)
{
    public const string List = "images.list";
    public const string Retrieve = "images.retrieve";
    public const string Create = "images.create";
    public const string Destroy = "images.destroy";
    public const string Download = "images.download";
    public const string Update = "images.update";
    public const string Deactivate = "images.deactivate";
    public const string Reactivate = "images.reactivate";
    /// <summary>Snapshot (Nova createImage) and back up (createBackup) an instance the caller's client owns.</summary>
    public const string InstanceSnapshot = "instances.snapshot";
    public const string InstanceBackup = "instances.backup";

    /// <summary>In the documented response's order: the images list's <c>permissions</c> block.</summary>
    public static readonly string[] Names = [List, Retrieve, Create, Destroy, Download, Update, Deactivate, Reactivate];
    /// <summary>The flags of instance actions, shown beside the instance actions; granted and denied the same way.</summary>
    public static readonly string[] InstanceNames = [InstanceSnapshot, InstanceBackup];
    public static readonly string[] All = [.. Names, .. InstanceNames];

    /// <summary>A permission without an explicit grant or denial is granted, as in the reference panel.</summary>
    public static ImagePermissions FromGrants(IEnumerable<(string Name, bool Granted)> grants)
    {
        var explicitGrants = grants.ToDictionary(g => g.Name, g => g.Granted);
        return new(All.ToDictionary(n => n, n => explicitGrants.GetValueOrDefault(n, true)));
    }

    public bool Allows(string name) => Flags.TryGetValue(name, out var granted) && granted;

    /// <summary>Throws 403 unless <paramref name="name"/> is granted.</summary>
    public void Demand(string name)
    {
        if (!Allows(name)) throw Errors.ApiException.Forbidden();
    }
}
