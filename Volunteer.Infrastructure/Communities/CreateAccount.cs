using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Members;
using Volunteer.Domain.Partners;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Communities;

public sealed record NewAccount(string Username, string Password, string DisplayName, ActorRole Role,
    Guid? CommunityId, Guid? PartnerId, Guid? StreetId);

/// <summary>Admins create staff, partner staff and (platform admins) street admin accounts.</summary>
public sealed class CreateAccount(VolunteerDbContext db, IPasswordHasher<Account> hasher, TimeProvider clock) : IUseCase
{
    public async Task<Account> ExecuteAsync(Actor actor, NewAccount request, CancellationToken ct)
    {
        actor.EnsureAdmin();
        PasswordPolicy.Validate(request.Password);
        var now = clock.GetUtcNow();
        Account account;
        switch (request.Role)
        {
            case ActorRole.CommunityStaff:
            {
                var communityId = request.CommunityId ?? throw DomainException.Invalid("communityId", "社区工作人员账号须指定所属社区。");
                var community = await db.Communities.AsNoTracking().SingleOrDefaultAsync(c => c.Id == communityId, ct)
                    ?? throw DomainException.Invalid("communityId", "社区不存在。");
                if (!actor.IsAdminOf(community.StreetId))
                    throw Scopes.NotYourCommunity();
                account = Account.CreateCommunityStaff(request.Username, request.DisplayName, community.StreetId, community.Id, now);
                break;
            }
            case ActorRole.PartnerStaff:
            {
                var partnerId = request.PartnerId ?? throw DomainException.Invalid("partnerId", "共建单位工作人员账号须指定所属单位。");
                var partner = await db.Partners.AsNoTracking().SingleOrDefaultAsync(p => p.Id == partnerId, ct)
                    ?? throw DomainException.Invalid("partnerId", "共建单位不存在。");
                if (!actor.IsAdminOf(partner.StreetId))
                    throw PartnerErrors.Forbidden();
                account = Account.CreatePartnerStaff(request.Username, request.DisplayName, partner.StreetId, partner.Id, now);
                break;
            }
            case ActorRole.StreetAdmin:
            {
                if (!actor.IsPlatformAdmin && request.StreetId != actor.StreetId)
                    throw CommunityErrors.OtherStreet();
                if (request.StreetId is { } streetId && !await db.Streets.AnyAsync(s => s.Id == streetId, ct))
                    throw DomainException.Invalid("streetId", "街道不存在。");
                if (request.StreetId is null && !actor.IsPlatformAdmin)
                    throw CommunityErrors.PlatformOnly();
                account = Account.CreateAdmin(request.Username, request.DisplayName, request.StreetId, now);
                break;
            }
            default:
                throw DomainException.Invalid("role", "账号角色须为 communityStaff、partnerStaff 或 streetAdmin。");
        }

        account.SetPasswordHash(hasher.HashPassword(account, request.Password));
        db.Accounts.Add(account);
        db.AuditEntries.Add(Domain.Audit.AuditEntry.Record(actor, Domain.Audit.AuditAction.AccountChanged, null, account.StreetId,
            $"created account {account.Id} as {account.Role}", now));
        await Unique.SaveAsync(db, "account.duplicate", "用户名已被使用。", ct);
        return account;
    }
}
