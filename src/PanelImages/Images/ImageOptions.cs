using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using PanelImages.OpenStack;

namespace PanelImages.Images;

public sealed class ImageOptions
{
    public const string Section = "Images";

    /// <summary>Largest image data accepted by upload (413 beyond it). Default 64 GiB.</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 64L << 30;
}

/// <summary>The values the create and update forms offer (also what create_options returns).</summary>
public static class ImageChoices
{
    public static readonly string[] ContainerFormats = ["ami", "ari", "aki", "bare", "ovf", "ova", "docker", "compressed"];
    public static readonly string[] DiskFormats = ["ami", "ari", "aki", "vhd", "vhdx", "vmdk", "raw", "qcow2", "vdi", "iso", "ploop"];
    public static readonly string[] UserVisibilities = ["private", "shared", "community"];
    public static readonly string[] AllVisibilities = ["private", "shared", "community", "public"];
    public static readonly string[] HypervisorTypes = Listing.ListEnvelope.HypervisorTypes;
    public static readonly (string Value, string Display)[] OsDistros =
    [
        ("altlinux", "Altlinux"), ("arch", "Arch Linux"), ("centos", "CentOS"), ("cirros", "CirrOS"), ("debian", "Debian"), ("dos", "DOS"),
        ("fedora", "Fedora"), ("fedora-atomic", "Fedora Atomic"), ("freebsd", "Freebsd"), ("gnome", "Gnome"), ("macos", "MacOS"),
        ("mageia", "Mageia"), ("mandrake", "Mandrake"), ("mandriva", "Mandriva"), ("netbsd", "NetBSD"), ("netware", "Netware"),
        ("openbsd", "OpenBSD"), ("opensuse", "OpenSUSE"), ("rhel", "RHEL"), ("rhl", "RHL"), ("solaris", "Solaris"), ("suse", "Suse"),
        ("ubuntu", "Ubuntu"), ("windows", "Windows"),
    ];

    /// <summary>Glance's own attributes and the fields this API sets directly: never free properties.</summary>
    public static readonly IReadOnlySet<string> ReservedProperties = Sync.GlanceImageMapper.Core;
}

public static class ImageActionsSetup
{
    public static IServiceCollection AddImageActions(this IServiceCollection services)
    {
        services.AddOptions<ImageOptions>().BindConfiguration(ImageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RegionGlance>();
        // Data transfers: one attempt, no overall deadline (a large image takes as long as it takes), same TLS rules.
        services.AddHttpClient(RegionGlance.DataHttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => OpenStackSetup.CreateHandler(sp.GetRequiredService<IOptions<OpenStackOptions>>().Value));
        return services;
    }
}
