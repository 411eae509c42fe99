using Volunteer.Domain.Common;

namespace Volunteer.Domain.Audit;

/// <summary>What an audit entry records (审计事项).</summary>
public enum AuditAction
{
    /// <summary>查看居民困难情况、电话或地址</summary>
    MemberViewed,
    /// <summary>修改居民资料（姓名、电话、困难情况）</summary>
    MemberChanged,
    /// <summary>查看困难居民的服务地址</summary>
    SensitiveAddressViewed,
    /// <summary>导出个人数据</summary>
    DataExported,
    /// <summary>注销并删除个人数据</summary>
    MemberErased,
    /// <summary>人工调整积分</summary>
    PointsAdjusted,
    /// <summary>账号创建、停用、启用或角色变更</summary>
    AccountChanged,
    /// <summary>工作人员以用户名和密码登录（管理后台或接口）</summary>
    AccountSignedIn,
    /// <summary>密码连续错误，账号被临时锁定</summary>
    AccountLockedOut,
}

/// <summary>
/// One sensitive read or write (审计记录): who did what to whose data, when. Written in the
/// request that did it; never updated. Holds ids and the kind of action, never the data itself.
/// </summary>
public sealed class AuditEntry
{
    public const int MaxDetailLength = 200;

    private AuditEntry() { }

    public Guid Id { get; private set; }
    public DateTimeOffset At { get; private set; }
    public Guid ActorId { get; private set; }
    public ActorRole ActorRole { get; private set; }
    public AuditAction Action { get; private set; }
    /// <summary>The member whose data was touched, if any.</summary>
    public Guid? MemberId { get; private set; }
    /// <summary>The street the touched data belongs to; street admins read their street's entries.</summary>
    public Guid? StreetId { get; private set; }
    /// <summary>What exactly, without personal data: field names, an entry id, an amount.</summary>
    public string? Detail { get; private set; }

    public static AuditEntry Record(Actor actor, AuditAction action, Guid? memberId, Guid? streetId, string? detail, DateTimeOffset now) => new()
    {
        Id = Ids.NewV7(now),
        At = now,
        ActorId = actor.Id,
        ActorRole = actor.Role,
        Action = action,
        MemberId = memberId,
        StreetId = streetId,
        Detail = detail is { Length: > MaxDetailLength } ? detail[..MaxDetailLength] : detail,
    };
}
