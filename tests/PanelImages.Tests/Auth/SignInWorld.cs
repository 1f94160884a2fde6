using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PanelImages.Auth;
using PanelImages.Catalog;
using PanelImages.Tests.Infrastructure;

namespace PanelImages.Tests.Auth;

/// <summary>
/// TestServer has no sockets, so no peer address: this gives each request the address its test names
/// (a real server takes it from the connection).
/// </summary>
public sealed class TestPeer : IStartupFilter
{
    public const string Header = "X-Test-Peer";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress = IPAddress.Parse(context.Request.Headers[Header].FirstOrDefault() ?? "127.0.0.1");
            return nextMiddleware(context);
        });
        next(app);
    };
}

/// <summary>The test world of the API tests with passwords, a clock the tests move, and short session lifetimes.</summary>
public abstract class SignInWorld(DatabaseKind kind) : IAsyncLifetime
{
    public PanelApp App { get; } = new(kind);
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
    private int _people;

    public static void UseTestClockAndPeers(PanelApp app, TimeProvider clock) =>
        app.ServiceOverrides.Add(s =>
        {
            s.AddSingleton(clock);
            s.AddSingleton<IStartupFilter, TestPeer>();
        });

    public async Task InitializeAsync()
    {
        App.Settings["Auth:SignInPermitsPerAddress"] = "10000";
        App.Settings["Auth:SecondFactorRequiredForStaff"] = "false";
        App.Settings["Auth:SessionIdleMinutes"] = "30";
        App.Settings["Auth:SessionAbsoluteHours"] = "2";
        UseTestClockAndPeers(App, Clock);
        await App.SeedAsync(async db =>
        {
            await TestWorld.SeedAsync(db);
            foreach (var user in db.Users.Local.ToList())
                db.Credentials.Add(new UserCredential { UserId = user.Id, PasswordHash = Passwords.Hash(user, Browser.Password) });
        });
    }

    /// <summary>A person of their own for a test that changes them (password, lockout, second factor).</summary>
    public async Task<string> NewPersonAsync(Audience audience = Audience.EndUser, int? client = TestWorld.ClientA)
    {
        var username = $"person{Interlocked.Increment(ref _people)}-{audience.ToString().ToLowerInvariant()}";
        await App.SeedAsync(async db =>
        {
            var user = db.Users.Add(new User { Username = username, Audience = audience, CreatedAt = TestWorld.Epoch }).Entity;
            await db.SaveChangesAsync();
            db.Credentials.Add(new UserCredential { UserId = user.Id, PasswordHash = Passwords.Hash(user, Browser.Password) });
            if (audience == Audience.EndUser && client is int id) db.ClientUsers.Add(new ClientUser { ClientId = id, UserId = user.Id });
        });
        return username;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

public sealed class SqliteSignInWorld() : SignInWorld(DatabaseKind.Sqlite);
public sealed class PostgresSignInWorld() : SignInWorld(DatabaseKind.Postgres);
