using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Members;
using Volunteer.Domain.Partners;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Communities;

public sealed class CreateStreet(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Street> ExecuteAsync(Actor actor, string name, CancellationToken ct)
    {
        if (!actor.IsPlatformAdmin)
            throw DomainException.Forbidden("street.platformOnly", "只有平台管理员可以新建街道。");
        var street = Street.Create(name, clock.GetUtcNow());
        db.Streets.Add(street);
        await Unique.SaveAsync(db, "street.duplicate", "已存在同名街道。", ct);
        return street;
    }
}

public sealed class RenameStreet(VolunteerDbContext db) : IUseCase
{
    public async Task<Street> ExecuteAsync(Actor actor, Guid streetId, string name, CancellationToken ct)
    {
        var street = await db.Streets.SingleOrDefaultAsync(s => s.Id == streetId, ct)
            ?? throw DomainException.NotFound("street.notFound", "街道不存在。");
        if (!actor.IsAdminOf(street.Id))
            throw DomainException.Forbidden("street.forbidden", "只能管理本街道。");
        street.Rename(name);
        await Unique.SaveAsync(db, "street.duplicate", "已存在同名街道。", ct);
        return street;
    }
}

public sealed record CommunityFields(string Name, CommunityKind Kind, string? Address);

/// <summary>An edit of a community: a field left out stays as it is; the address sent as null is cleared.</summary>
public sealed record CommunityChange(Optional<string?> Name, Optional<CommunityKind?> Kind, Optional<string?> Address);

public sealed class CreateCommunity(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Community> ExecuteAsync(Actor actor, Guid? streetId, CommunityFields fields, CancellationToken ct)
    {
        var target = await db.AdminTargetStreetAsync(actor, streetId, ct);
        var community = Community.Create(target, fields.Name, fields.Kind, fields.Address, clock.GetUtcNow());
        db.Communities.Add(community);
        await Unique.SaveAsync(db, "community.duplicate", "本街道已存在同名社区。", ct);
        return community;
    }
}

public sealed class UpdateCommunity(VolunteerDbContext db) : IUseCase
{
    public async Task<Community> ExecuteAsync(Actor actor, Guid communityId, CommunityChange change, CancellationToken ct)
    {
        actor.EnsureAdmin();
        var community = await db.Communities.SingleOrDefaultAsync(c => c.Id == communityId, ct)
            ?? throw DomainException.NotFound("community.notFound", "社区不存在。");
        if (!actor.IsAdminOf(community.StreetId))
            throw Scopes.NotYourCommunity();
        community.Update(change.Name.Or(community.Name) ?? "", change.Kind.Or(community.Kind) ?? community.Kind,
            change.Address.Or(community.Address));
        await Unique.SaveAsync(db, "community.duplicate", "本街道已存在同名社区。", ct);
        return community;
    }
}

public sealed class CreateGrid(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Grid> ExecuteAsync(Actor actor, Guid communityId, string name, string? workerName, CancellationToken ct)
    {
        var community = await db.ManagedCommunityAsync(actor, communityId, ct);
        var grid = Grid.Create(community.Id, name, workerName, clock.GetUtcNow());
        db.Grids.Add(grid);
        await Unique.SaveAsync(db, "grid.duplicate", "本社区已存在同名网格。", ct);
        return grid;
    }
}

public sealed class UpdateGrid(VolunteerDbContext db) : IUseCase
{
    /// <param name="name">Left out: unchanged.</param>
    /// <param name="workerName">Left out: unchanged; sent as null: cleared.</param>
    public async Task<Grid> ExecuteAsync(Actor actor, Guid gridId, Optional<string?> name, Optional<string?> workerName, CancellationToken ct)
    {
        var grid = await db.Grids.SingleOrDefaultAsync(g => g.Id == gridId, ct)
            ?? throw DomainException.NotFound("grid.notFound", "网格不存在。");
        await db.ManagedCommunityAsync(actor, grid.CommunityId, ct);
        grid.Update(name.Or(grid.Name) ?? "", workerName.Or(grid.WorkerName));
        await Unique.SaveAsync(db, "grid.duplicate", "本社区已存在同名网格。", ct);
        return grid;
    }
}

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
                    throw DomainException.Forbidden("partner.forbidden", "只能管理本街道的共建单位。");
                account = Account.CreatePartnerStaff(request.Username, request.DisplayName, partner.StreetId, partner.Id, now);
                break;
            }
            case ActorRole.StreetAdmin:
            {
                if (!actor.IsPlatformAdmin && request.StreetId != actor.StreetId)
                    throw DomainException.Forbidden("street.forbidden", "只能为本街道创建管理员。");
                if (request.StreetId is { } streetId && !await db.Streets.AnyAsync(s => s.Id == streetId, ct))
                    throw DomainException.Invalid("streetId", "街道不存在。");
                if (request.StreetId is null && !actor.IsPlatformAdmin)
                    throw DomainException.Forbidden("street.platformOnly", "只有平台管理员可以创建平台管理员。");
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

        account.SetPasswordHash(hasher.HashPassword(account, request.Password));
        db.Accounts.Add(account);
        db.AuditEntries.Add(Domain.Audit.AuditEntry.Record(actor, Domain.Audit.AuditAction.AccountChanged, null, account.StreetId,
            $"created account {account.Id} as {account.Role}", now));
        await Unique.SaveAsync(db, "account.duplicate", "用户名已被使用。", ct);
        return account;
    }
}

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
        account.SetPasswordHash(hasher.HashPassword(account, password!));
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
