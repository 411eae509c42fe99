using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Domain.Points;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.WeChat;

namespace Volunteer.Infrastructure.Members;

/// <summary>Staff, partner staff and admins sign in with a password; repeated failures lock the account for a while.</summary>
public sealed class SignInWithPassword(VolunteerDbContext db, IPasswordHasher<Account> hasher, TimeProvider clock) : IUseCase
{
    // Verifying against a real hash when the user does not exist keeps both paths equally slow.
    private static readonly string DummyHash = new PasswordHasher<Account>().HashPassword(null!, "not-a-password-1");

    public async Task<Account> ExecuteAsync(string? username, string? password, CancellationToken ct)
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
            await RecordFailureAsync(account.Id, now, ct);
            throw WrongCredentials();
        }
        if (account.IsDisabled)
            throw new DomainException(ErrorKind.Forbidden, "auth.disabled", "该账号已停用，请联系街道管理员。");

        if (account.FailedSignIns > 0 || account.LockedUntil is not null)
            await db.Accounts.Where(a => a.Id == account.Id).ExecuteUpdateAsync(s => s
                .SetProperty(a => a.FailedSignIns, 0).SetProperty(a => a.LockedUntil, (DateTimeOffset?)null), ct);
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            account.SetPasswordHash(await CpuWork.RunAsync(() => hasher.HashPassword(account, password), ct));
            await db.SaveChangesAsync(ct);
        }
        return account;
    }

    /// <summary>
    /// Counted with atomic updates, not read-modify-write: a burst of parallel guesses must count
    /// every guess, or the lockout would never trigger.
    /// </summary>
    private async Task RecordFailureAsync(Guid accountId, DateTimeOffset now, CancellationToken ct)
    {
        await db.Accounts.Where(a => a.Id == accountId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.FailedSignIns, a => a.FailedSignIns + 1), ct);
        var lockedUntil = now + Account.LockoutDuration;
        await db.Accounts.Where(a => a.Id == accountId && a.FailedSignIns >= Account.MaxFailedSignIns)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.LockedUntil, lockedUntil).SetProperty(a => a.FailedSignIns, 0), ct);
    }

    private static DomainException WrongCredentials() =>
        new(ErrorKind.Unauthorized, "auth.invalidCredentials", "用户名或密码错误。");
}
