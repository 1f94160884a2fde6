using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PanelImages.Access;
using PanelImages.Catalog;
using PanelImages.Errors;
using PanelImages.OpenApi.Schemas;

namespace PanelImages.Auth;

/// <summary>POST /backend/auth/otp/enrol, /confirm, /disable: a person manages their own second factor.</summary>
public static class SecondFactorApi
{
    public static RouteGroupBuilder MapSecondFactorApi(this RouteGroupBuilder auth)
    {
        var otp = auth.MapGroup("/otp").RequireAuthorization();
        otp.MapPost("/enrol", Enrol).WithName("EnrolSecondFactor")
            .WithSummary("Start TOTP enrolment: a new secret and its otpauth:// URI (show it as a QR code); confirm with a first code.")
            .Produces<ErrorBody>(401).Produces<ErrorBody>(409);
        otp.MapPost("/confirm", Confirm).WithName("ConfirmSecondFactor")
            .WithSummary("Confirm enrolment with the device's current code; answers the one-time recovery codes, shown only now.")
            .Produces<ErrorBody>(400).Produces<ErrorBody>(401).Produces<ErrorBody>(409);
        otp.MapPost("/disable", Disable).WithName("DisableSecondFactor")
            .WithSummary("Remove the second factor and its recovery codes (the password is required).")
            .Produces<ErrorBody>(400).Produces<ErrorBody>(401).Produces<ErrorBody>(403).Produces<ErrorBody>(429);
        return auth;
    }

    private static async Task<Ok<OtpEnrolment>> Enrol(HttpContext context, SecondFactors factors, CancellationToken ct)
    {
        var caller = Caller.From(context);
        return TypedResults.Ok(await factors.EnrolAsync(caller.UserId, caller.Username, ct));
    }

    private static async Task<Ok<RecoveryCodes>> Confirm(OtpConfirmRequest request, HttpContext context, SecondFactors factors,
        SignInAccounts accounts, CatalogDb db, TimeProvider time, CancellationToken ct)
    {
        var caller = Caller.From(context);
        if (string.IsNullOrWhiteSpace(request.Code)) throw ApiException.BadRequest("code is required.");
        var codes = await factors.ConfirmAsync(caller.UserId, request.Code, ct);
        accounts.Forget(caller.UserId);
        await Record(db, context, time, caller, SignInAudit.FactorEnrolled, 200, "TOTP");
        return TypedResults.Ok(codes);
    }

    private static async Task<NoContent> Disable(OtpDisableRequest request, HttpContext context, SecondFactors factors,
        SignInAccounts accounts, AccountLockout lockout, CatalogDb db, TimeProvider time, CancellationToken ct)
    {
        var caller = Caller.From(context);
        if (string.IsNullOrEmpty(request.Password)) throw ApiException.BadRequest("password is required.");
        var name = AccountLockout.Normalize(caller.Username);
        await lockout.DemandOpenAsync(name, ct);
        var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == caller.UserId, ct);
        var hash = await db.Credentials.Where(c => c.UserId == caller.UserId).Select(c => c.PasswordHash).FirstOrDefaultAsync(ct);
        if (request.Password.Length > 1024 || Passwords.Verify(user, hash, request.Password) == PasswordVerificationResult.Failed)
        {
            await lockout.FailAsync(name, ct);
            await Record(db, context, time, caller, SignInAudit.FactorRemoved, 403, "wrong password");
            throw ApiException.Forbidden("The password is not correct.");
        }
        await factors.RemoveAsync(caller.UserId, ct);
        accounts.Forget(caller.UserId);
        await Record(db, context, time, caller, SignInAudit.FactorRemoved, 204, "TOTP and recovery codes");
        return TypedResults.NoContent();
    }

    private static Task Record(CatalogDb db, HttpContext context, TimeProvider time, Caller caller, string action, int status,
        string detail) =>
        SignInAudit.RecordAsync(db, time.GetUtcNow().UtcDateTime, caller.UserId, caller.Username, caller.Audience.ToString(),
            action, status, detail, context.Connection.RemoteIpAddress?.ToString(), context.RequestAborted);
}
