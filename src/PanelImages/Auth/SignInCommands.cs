using Microsoft.EntityFrameworkCore;
using PanelImages.Catalog;
using PanelImages.Cli;
using PanelImages.Errors;

namespace PanelImages.Auth;

/// <summary>Staff's sign-in management from the command line (listed in <c>help</c> beside the other commands).</summary>
public static class SignInCommands
{
    public static readonly Dictionary<string, Func<IServiceProvider, CommandArgs, Task>> Commands = new()
    {
        ["users password"] = SetPassword,
        ["users unlock"] = Unlock,
        ["users otp-reset"] = ResetSecondFactor,
        ["sessions list"] = ListSessions,
        ["sessions end"] = EndSessions,
    };

    public const string Usage = """
          users password <username>                           reads the new password from standard input (never argv);
                                                              ends that person's sessions and lockout
          users unlock <username>                             clears a sign-in lockout
          users otp-reset <username>                          removes a lost second factor and its recovery codes
          sessions list [<username>]                          open sessions
          sessions end <session-id> | --user <username>       ends sessions at once, on every instance
        """;

    private static async Task SetPassword(IServiceProvider services, CommandArgs a)
    {
        var (db, user) = await FindUserAsync(services, a);
        var password = ReadPassword(user.Username);
        try
        {
            var ended = await services.GetRequiredService<SignInService>().SetPasswordAsync(user, password, CancellationToken.None);
            await RecordAsync(db, services, user, SignInAudit.PasswordSet, $"{ended} session(s) ended");
            Console.WriteLine($"password set for {user.Username}; {ended} session(s) ended");
        }
        catch (ApiException e)
        {
            throw new CommandException(e.Detail);
        }
    }

    private static async Task Unlock(IServiceProvider services, CommandArgs a)
    {
        var (db, user) = await FindUserAsync(services, a);
        var cleared = await services.GetRequiredService<AccountLockout>().UnlockAsync(user.Username, CancellationToken.None);
        await RecordAsync(db, services, user, SignInAudit.Unlock, cleared == 0 ? "was not locked" : "lockout cleared");
        Console.WriteLine(cleared == 0 ? $"{user.Username} had no failed sign-ins" : $"{user.Username} unlocked");
    }

    private static async Task ResetSecondFactor(IServiceProvider services, CommandArgs a)
    {
        var (db, user) = await FindUserAsync(services, a);
        await services.GetRequiredService<SecondFactors>().RemoveAsync(user.Id, CancellationToken.None);
        await RecordAsync(db, services, user, SignInAudit.FactorRemoved, "reset by staff");
        Console.WriteLine($"second factor of {user.Username} removed");
    }

    private static async Task ListSessions(IServiceProvider services, CommandArgs a)
    {
        var db = services.GetRequiredService<CatalogDb>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var open = db.Sessions.Where(s => s.EndedAt == null && s.ExpiresAt > now && s.AbsoluteExpiresAt > now);
        if (a.PositionalOrNull(0) is { } username) open = open.Where(s => s.User!.Username == username);
        foreach (var s in await open.OrderByDescending(s => s.LastSeenAt).Take(SessionsApi.MaxPageSize)
                     .Select(s => new { s.Id, s.User!.Username, s.CreatedAt, s.LastSeenAt, s.ExpiresAt, s.ClientIp }).ToListAsync())
            Console.WriteLine($"{s.Id}\t{s.Username}\tsince={s.CreatedAt:O}\tseen={s.LastSeenAt:O}\texpires={s.ExpiresAt:O}\t{s.ClientIp ?? "-"}");
    }

    private static async Task EndSessions(IServiceProvider services, CommandArgs a)
    {
        var db = services.GetRequiredService<CatalogDb>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        if (a.Option("user") is { } username)
        {
            var user = await db.Users.FirstOrDefaultAsync(u => u.Username == username) ?? throw new CommandException($"no user {username}");
            var ended = await services.GetRequiredService<SignInService>()
                .EndSessionsAsync(user.Id, null, SessionEnd.EndedByStaff, CancellationToken.None);
            await RecordAsync(db, services, user, SignInAudit.SessionEnded, $"all {ended} session(s) of {user.Username}");
            Console.WriteLine($"{ended} session(s) of {user.Username} ended");
            return;
        }
        var id = long.TryParse(a.Positional(0, "session id or --user"), out var n) ? n : throw new CommandException("session id must be a number");
        var owner = await db.Sessions.Where(s => s.Id == id && s.EndedAt == null).Select(s => s.User).FirstOrDefaultAsync();
        if (owner is null || await SessionTicketStore.EndAsync(db, id, SessionEnd.EndedByStaff, now, CancellationToken.None) == 0)
            throw new CommandException($"no open session {id}");
        await RecordAsync(db, services, owner, SignInAudit.SessionEnded, $"session {id} of {owner.Username}");
        Console.WriteLine($"session {id} of {owner.Username} ended");
    }

    /// <summary>One line from standard input; on a terminal, asked twice without echo.</summary>
    private static string ReadPassword(string username)
    {
        if (Console.IsInputRedirected)
            return Console.In.ReadLine()?.TrimEnd('\r') ?? throw new CommandException("no password on standard input");
        var first = ReadHidden($"New password for {username}: ");
        if (ReadHidden("Again: ") != first) throw new CommandException("the two passwords differ");
        return first;
    }

    private static string ReadHidden(string prompt)
    {
        Console.Error.Write(prompt);
        var text = new System.Text.StringBuilder();
        while (Console.ReadKey(intercept: true) is var key && key.Key != ConsoleKey.Enter)
        {
            if (key.Key == ConsoleKey.Backspace) { if (text.Length > 0) text.Length--; }
            else if (!char.IsControl(key.KeyChar)) text.Append(key.KeyChar);
        }
        Console.Error.WriteLine();
        return text.ToString();
    }

    private static async Task<(CatalogDb, User)> FindUserAsync(IServiceProvider services, CommandArgs a)
    {
        var db = services.GetRequiredService<CatalogDb>();
        var username = a.Positional(0, "username");
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Username == username) ?? throw new CommandException($"no user {username}");
        return (db, user);
    }

    /// <summary>Changes made here are audited like the API's, with the command line as the actor.</summary>
    private static Task RecordAsync(CatalogDb db, IServiceProvider services, User target, string action, string detail) =>
        SignInAudit.RecordAsync(db, services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, 0, SignInAudit.CommandLine,
            "staff", action, 200, $"{target.Username}: {detail}", null);
}
