using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PanelImages.Access;
using PanelImages.Catalog;

namespace PanelImages.Auth;

public static class SignInSetup
{
    /// <summary>What the command line needs too: options, password policy, lockout, sessions.</summary>
    public static IServiceCollection AddSignInAccounts(this IServiceCollection services)
    {
        services.AddOptions<SignInOptions>().BindConfiguration(SignInOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMemoryCache();
        services.AddSingleton<Passwords>();
        services.AddScoped<AccountLockout>();
        services.AddScoped<SecondFactors>();
        services.AddScoped<SignInAccounts>();
        services.AddScoped<SignInService>();
        return services;
    }

    /// <summary>Session cookies, antiforgery, the login rate limit and shared data-protection keys.</summary>
    public static IServiceCollection AddSignIn(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSignInAccounts();
        services.AddSingleton<SessionTicketStore>();
        services.AddAuthentication().AddCookie(CallerSchemes.Session);
        services.AddOptions<CookieAuthenticationOptions>(CallerSchemes.Session)
            .Configure<IOptions<SignInOptions>, SessionTicketStore, TimeProvider>((o, settings, store, time) =>
                SessionCookie.Configure(o, settings.Value, store, time));
        services.AddAntiforgery(CsrfProtection.Configure);
        services.AddSignInRateLimit();
        AddSharedKeys(services, configuration.GetSection(SignInOptions.Section).Get<SignInOptions>() ?? new SignInOptions());
        return services;
    }

    /// <summary>
    /// Cookies and CSRF tokens are protected with data-protection keys; every instance must read the same ones, so
    /// they live in the catalogue (or a configured shared directory), encrypted with a certificate when one is given.
    /// </summary>
    private static void AddSharedKeys(IServiceCollection services, SignInOptions settings)
    {
        var keys = services.AddDataProtection().SetApplicationName("PanelImages");
        if (!string.IsNullOrWhiteSpace(settings.KeysDirectory))
            keys.PersistKeysToFileSystem(new DirectoryInfo(settings.KeysDirectory));
        else
            keys.PersistKeysToDbContext<CatalogDb>();
        if (!string.IsNullOrWhiteSpace(settings.KeysCertificate))
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(settings.KeysCertificate, settings.KeysCertificatePassword,
                X509KeyStorageFlags.EphemeralKeySet);
            // Decrypting with the given certificate, not a lookup in an X.509 store that Linux hosts do not share.
            keys.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }
    }

    /// <summary>After authentication: refuses cookie-authenticated mutating requests without the CSRF token.</summary>
    public static IApplicationBuilder UseSignIn(this IApplicationBuilder app) => app.UseSessionCsrf();

    public static IEndpointRouteBuilder MapSignIn(this IEndpointRouteBuilder app) => app.MapSignInApi().MapSessionsApi();
}
