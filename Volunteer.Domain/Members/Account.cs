using Volunteer.Domain.Common;

namespace Volunteer.Domain.Members;

/// <summary>
/// A username-and-password account for community staff, partner staff and street admins.
/// Residents sign in through WeChat and have no account.
/// </summary>
public sealed class Account
{
    public const int MaxFailedSignIns = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    private Account() { }

    public Guid Id { get; private set; }
    public string Username { get; private set; } = "";
    public string PasswordHash { get; private set; } = "";
    public string DisplayName { get; private set; } = "";
    public ActorRole Role { get; private set; }
    public Guid? StreetId { get; private set; }
    public Guid? CommunityId { get; private set; }
    public Guid? PartnerId { get; private set; }
    /// <summary>The grid of a grid worker (网格员); null for every other role.</summary>
    public Guid? GridId { get; private set; }
    /// <summary>The department of a <see cref="ActorRole.DepartmentStaff"/> account.</summary>
    public Guid? DepartmentId { get; private set; }
    public bool IsDisabled { get; private set; }
    public int FailedSignIns { get; private set; }
    public DateTimeOffset? LockedUntil { get; private set; }

    /// <summary>Changes whenever the account's access changes; tokens carrying an old stamp stop working.</summary>
    public Guid SecurityStamp { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public int Version { get; private set; }

    public static Account CreateCommunityStaff(string username, string displayName, Guid streetId, Guid communityId, DateTimeOffset now) =>
        Create(username, displayName, ActorRole.CommunityStaff, streetId, communityId, null, now);

    public static Account CreatePartnerStaff(string username, string displayName, Guid streetId, Guid partnerId, DateTimeOffset now) =>
        Create(username, displayName, ActorRole.PartnerStaff, streetId, null, partnerId, now);

    /// <summary>A grid worker (网格员) of one grid: community staff limited to that grid.</summary>
    public static Account CreateGridWorker(string username, string displayName, Guid streetId, Communities.Grid grid, DateTimeOffset now)
    {
        var account = Create(username, displayName, ActorRole.GridWorker, streetId, grid.CommunityId, null, now);
        account.GridId = grid.Id;
        return account;
    }

    /// <summary>Staff of a street's department (职能部门), who report in on escalations sent to it.</summary>
    public static Account CreateDepartmentStaff(string username, string displayName, Guid streetId, Guid departmentId, DateTimeOffset now)
    {
        var account = Create(username, displayName, ActorRole.DepartmentStaff, streetId, null, null, now);
        account.DepartmentId = departmentId;
        return account;
    }

    /// <summary>An admin of one street, or of the whole platform when <paramref name="streetId"/> is null.</summary>
    public static Account CreateAdmin(string username, string displayName, Guid? streetId, DateTimeOffset now) =>
        Create(username, displayName, ActorRole.StreetAdmin, streetId, null, null, now);

    private static Account Create(string username, string displayName, ActorRole role, Guid? streetId,
        Guid? communityId, Guid? partnerId, DateTimeOffset now) => new()
    {
        Id = Ids.NewV7(now),
        Username = NormalizeUsername(username),
        DisplayName = Guard.Text(displayName, "displayName", "显示名称", 30),
        Role = role,
        StreetId = streetId,
        CommunityId = communityId,
        PartnerId = partnerId,
        SecurityStamp = Guid.NewGuid(),
        CreatedAt = now,
    };

    /// <summary>Usernames are compared case-insensitively; 3–32 letters, digits, '-', '_' or '.'.</summary>
    public static string NormalizeUsername(string? username)
    {
        var value = Guard.Text(username, "username", "用户名", 32).ToLowerInvariant();
        if (value.Length < 3 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            throw DomainException.Invalid("username", "用户名须为 3 到 32 位字母、数字或 - _ .");
        return value;
    }

    public Actor ToActor() => new(Id, Role, CommunityId, PartnerId, StreetId, GridId, DepartmentId);

    public void SetPasswordHash(string passwordHash)
    {
        PasswordHash = passwordHash;
        FailedSignIns = 0;
        LockedUntil = null;
        SecurityStamp = Guid.NewGuid();
    }

    /// <summary>
    /// After <see cref="MaxFailedSignIns"/> wrong passwords the account is locked for
    /// <see cref="LockoutDuration"/>. The counters are kept by atomic updates in the sign-in use case.
    /// </summary>
    public bool IsLockedOut(DateTimeOffset now) => LockedUntil is { } until && until > now;

    public void Disable()
    {
        IsDisabled = true;
        SecurityStamp = Guid.NewGuid();
    }

    public void Enable()
    {
        IsDisabled = false;
        SecurityStamp = Guid.NewGuid();
    }

    public void Rename(string displayName) => DisplayName = Guard.Text(displayName, "displayName", "显示名称", 30);
}
