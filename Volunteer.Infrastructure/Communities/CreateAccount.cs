using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Members;
using Volunteer.Domain.Partners;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Communities;

/// <param name="GridId">The grid of a grid worker (网格员); refused with any other role.</param>
public sealed record NewAccount(string Username, string Password, string DisplayName, ActorRole Role,
    Guid? CommunityId, Guid? PartnerId, Guid? StreetId, Guid? GridId = null, Guid? DepartmentId = null);

/// <summary>Admins create staff, partner staff and (platform admins) street admin accounts.</summary>
public sealed class CreateAccount(VolunteerDbContext db, IPasswordHasher<Account> hasher, TimeProvider clock) : IUseCase
{
    public async Task<Account> ExecuteAsync(Actor actor, NewAccount request, CancellationToken ct)
    {
        actor.EnsureAdmin();
        PasswordPolicy.Validate(request.Password);
        var now = clock.GetUtcNow();
        if (request.GridId is not null && request.Role != ActorRole.GridWorker)
            throw DomainException.Invalid("gridId", "只有网格员账号可以指定网格。");
        if (request.DepartmentId is not null && request.Role != ActorRole.DepartmentStaff)
            throw DomainException.Invalid("departmentId", "只有职能部门工作人员账号（departmentStaff）可以指定 departmentId。");
        Account account;
        switch (request.Role)
        {
            case ActorRole.GridWorker:
            {
                var gridId = request.GridId ?? throw DomainException.Invalid("gridId", "网格员账号须指定所负责的网格。");
                var grid = await db.Grids.AsNoTracking().SingleOrDefaultAsync(g => g.Id == gridId, ct)
                    ?? throw DomainException.Invalid("gridId", "网格不存在。");
                var community = await db.Communities.AsNoTracking().SingleAsync(c => c.Id == grid.CommunityId, ct);
                if (request.CommunityId is { } named && named != community.Id)
                    throw DomainException.Invalid("communityId", "所选网格不属于该社区。");
                if (!actor.IsAdminOf(community.StreetId))
                    throw Scopes.NotYourCommunity();
                account = Account.CreateGridWorker(request.Username, request.DisplayName, community.StreetId, grid, now);
                break;
            }
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
            case ActorRole.DepartmentStaff:
            {
                var departmentId = request.DepartmentId ?? throw DomainException.Invalid("departmentId", "职能部门工作人员账号须指定所属部门。");
                var department = await db.Departments.AsNoTracking().SingleOrDefaultAsync(d => d.Id == departmentId, ct)
                    ?? throw DomainException.Invalid("departmentId", "职能部门不存在。");
                if (!actor.IsAdminOf(department.StreetId))
                    throw DomainException.Invalid("departmentId", "职能部门不存在或不属于本街道。");
                account = Account.CreateDepartmentStaff(request.Username, request.DisplayName, department.StreetId, department.Id, now);
                break;
            }
            default:
                throw DomainException.Invalid("role", "账号角色须为 communityStaff、gridWorker、partnerStaff、departmentStaff 或 streetAdmin。");
        }

        // PBKDF2 on the thread pool, not on a socket thread (CpuWork).
        account.SetPasswordHash(await CpuWork.RunAsync(() => hasher.HashPassword(account, request.Password), ct));
        db.Accounts.Add(account);
        db.AuditEntries.Add(Domain.Audit.AuditEntry.Record(actor, Domain.Audit.AuditAction.AccountChanged, null, account.StreetId,
            $"created account {account.Id} as {account.Role}", now));
        await Unique.SaveAsync(db, "account.duplicate", "用户名已被使用。", ct);
        return account;
    }
}
