using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Audit;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Domain.Points;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.WeChat;

namespace Volunteer.Infrastructure.Members;

/// <summary>
/// Staff, partner staff and admins sign in with a password; repeated failures lock the account for a while. Each
/// sign-in and each lockout is written to the audit trail (<see cref="AuditAction.AccountSignedIn"/>,
/// <see cref="AuditAction.AccountLockedOut"/>), with the account as actor and the door it came through as detail:
/// the street's admins see who opened the console or the API with an account, and when someone guessed at it.
/// </summary>
public sealed class SignInWithPassword(VolunteerDbContext db, IPasswordHasher<Account> hasher, TimeProvider clock) : IUseCase
{
    public const string Api = "api";
    public const string Console = "console";

    // Verifying against a real hash when the user does not exist keeps both paths equally slow.
    private static readonly string DummyHash = new PasswordHasher<Account>().HashPassword(null!, "not-a-password-1");

    /// <param name="door">Where the password was typed, for the audit trail: <see cref="Api"/> or <see cref="Console"/>.</param>
    public async Task<Account> ExecuteAsync(string? username, string? password, string door, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(username))
            throw DomainException.Invalid("username", "请输入用户名。");
        if (string.IsNullOrEmpty(password))
            throw DomainException.Invalid("password", "请输入密码。");

        var normalized = username.Trim().ToLowerInvariant();
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Username == normalized, ct);
        var now = clock.GetUtcNow();
        // PBKDF2 (tens of milliseconds of CPU) runs on the thread pool, not on a socket thread (CpuWork).
        if (account is null)
        {
            await CpuWork.RunAsync(() => hasher.VerifyHashedPassword(null!, DummyHash, password), ct);
            throw WrongCredentials();
        }
        if (account.IsLockedOut(now))
        {
            var minutes = (int)Math.Ceiling((account.LockedUntil!.Value - now).TotalMinutes);
            throw new DomainException(ErrorKind.TooManyRequests, "auth.lockedOut", $"密码错误次数过多，账号已临时锁定，请 {minutes} 分钟后再试。");
        }

        var result = await CpuWork.RunAsync(() => hasher.VerifyHashedPassword(account, account.PasswordHash, password), ct);
        if (result == PasswordVerificationResult.Failed)
        {
            await RecordFailureAsync(account, door, now, ct);
            throw WrongCredentials();
        }
        if (account.IsDisabled)
            throw new DomainException(ErrorKind.Forbidden, "auth.disabled", "该账号已停用，请联系街道管理员。");

        if (account.FailedSignIns > 0 || account.LockedUntil is not null)
            await db.Accounts.Where(a => a.Id == account.Id).ExecuteUpdateAsync(s => s
                .SetProperty(a => a.FailedSignIns, 0).SetProperty(a => a.LockedUntil, (DateTimeOffset?)null), ct);
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
            account.SetPasswordHash(await CpuWork.RunAsync(() => hasher.HashPassword(account, password), ct));
        db.AuditEntries.Add(AuditEntry.Record(ActorOf(account), AuditAction.AccountSignedIn, null, account.StreetId, $"signed in via {door}", now));
        await db.SaveChangesAsync(ct);
        return account;
    }

    /// <summary>
    /// Counted with atomic updates, not read-modify-write: a burst of parallel guesses must count
    /// every guess, or the lockout would never trigger.
    /// </summary>
    private async Task RecordFailureAsync(Account account, string door, DateTimeOffset now, CancellationToken ct)
    {
        await db.Accounts.Where(a => a.Id == account.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.FailedSignIns, a => a.FailedSignIns + 1), ct);
        var lockedUntil = now + Account.LockoutDuration;
        var locked = await db.Accounts.Where(a => a.Id == account.Id && a.FailedSignIns >= Account.MaxFailedSignIns)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.LockedUntil, lockedUntil).SetProperty(a => a.FailedSignIns, 0), ct);
        // Only the guess that reached the limit locked it (the update above matched its row once): one entry per lockout.
        if (locked == 1)
        {
            db.AuditEntries.Add(AuditEntry.Record(ActorOf(account), AuditAction.AccountLockedOut, null, account.StreetId,
                $"locked for {Account.LockoutDuration.TotalMinutes:0} minutes after {Account.MaxFailedSignIns} wrong passwords via {door}", now));
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>The account as the actor of its own sign-in entries (who typed the password is not known).</summary>
    private static Actor ActorOf(Account account) => new(account.Id, account.Role, account.CommunityId, account.PartnerId, account.StreetId);

    private static DomainException WrongCredentials() =>
        new(ErrorKind.Unauthorized, "auth.invalidCredentials", "用户名或密码错误。");
}
