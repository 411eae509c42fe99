using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Members;
using Volunteer.Domain.Partners;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Communities;

/// <summary>Admins disable or re-enable an account, or reset its password; its tokens stop working at once.</summary>
public sealed class ManageAccount(VolunteerDbContext db, IPasswordHasher<Account> hasher, TimeProvider clock) : IUseCase
{
    public async Task<Account> SetEnabledAsync(Actor actor, Guid accountId, bool enabled, CancellationToken ct)
    {
        var account = await LoadAsync(actor, accountId, ct);
        if (account.Id == actor.Id && !enabled)
            throw DomainException.Conflict("account.self", "不能停用自己的账号。");
        if (enabled) account.Enable(); else account.Disable();
        db.AuditEntries.Add(Domain.Audit.AuditEntry.Record(actor, Domain.Audit.AuditAction.AccountChanged, null, account.StreetId,
            $"{(enabled ? "enabled" : "disabled")} account {account.Id}", clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        return account;
    }

    public async Task<Account> ResetPasswordAsync(Actor actor, Guid accountId, string? password, CancellationToken ct)
    {
        var account = await LoadAsync(actor, accountId, ct);
        PasswordPolicy.Validate(password);
        // PBKDF2 on the thread pool, not on a socket thread (CpuWork).
        account.SetPasswordHash(await CpuWork.RunAsync(() => hasher.HashPassword(account, password!), ct));
        db.AuditEntries.Add(Domain.Audit.AuditEntry.Record(actor, Domain.Audit.AuditAction.AccountChanged, null, account.StreetId,
            $"reset password of account {account.Id}", clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        return account;
    }

    private async Task<Account> LoadAsync(Actor actor, Guid accountId, CancellationToken ct)
    {
        actor.EnsureAdmin();
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Id == accountId, ct);
        // An admin manages the accounts of their street; platform admins all of them.
        if (account is null || !(actor.IsPlatformAdmin || (account.StreetId is { } s && actor.IsAdminOf(s))))
            throw DomainException.NotFound("account.notFound", "账号不存在。");
        return account;
    }
}
