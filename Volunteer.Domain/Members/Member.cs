using Volunteer.Domain.Common;
using Volunteer.Domain.Communities;

namespace Volunteer.Domain.Members;

public enum PartyStatus
{
    /// <summary>Not declared.</summary>
    None,
    /// <summary>Declared, waiting for staff of the home community to confirm.</summary>
    Pending,
    Confirmed,
    Rejected,
}

/// <summary>Circumstances that make a resident vulnerable; only staff of their community see them.</summary>
[Flags]
public enum Circumstances
{
    None = 0,
    /// <summary>低保 / 低收入</summary>
    LowIncome = 1,
    /// <summary>残疾</summary>
    Disabled = 2,
    /// <summary>独居</summary>
    LivingAlone = 4,
    /// <summary>高龄</summary>
    Elderly = 8,
}

/// <summary>
/// A resident (居民), possibly a party member (党员). Signs in through the mini-program, or is
/// registered by staff when they have no smartphone (代下单).
/// </summary>
public sealed class Member
{
    private const Circumstances AllCircumstances =
        Circumstances.LowIncome | Circumstances.Disabled | Circumstances.LivingAlone | Circumstances.Elderly;

    private Member() { }

    public Guid Id { get; private set; }

    /// <summary>WeChat openid; null for residents registered by staff.</summary>
    public string? OpenId { get; private set; }
    /// <summary>WeChat unionid, when code2Session returns one (the mini-program is bound to an open platform account).</summary>
    public string? UnionId { get; private set; }
    public string Name { get; private set; } = "";
    public string? Phone { get; private set; }
    /// <summary>When WeChat verified <see cref="Phone"/> (getPhoneNumber); null for a number typed in.</summary>
    public DateTimeOffset? PhoneVerifiedAt { get; private set; }
    /// <summary>A new name WeChat's content check sent to review: others keep seeing <see cref="Name"/> until staff release it.</summary>
    public string? PendingName { get; private set; }
    public Guid? CommunityId { get; private set; }
    public Guid? GridId { get; private set; }
    /// <summary>户: the household this member lives in, in their home community; changed only through <see cref="Households.Household"/>.</summary>
    public Guid? HouseholdId { get; private set; }

    public PartyStatus PartyStatus { get; private set; }
    public string? PartyBranch { get; private set; }
    /// <summary>Work unit of an in-service party member (在职党员), for 双报到 reporting.</summary>
    public string? PartyWorkUnit { get; private set; }
    public bool PartyInService { get; private set; }
    public Guid? PartyReviewedBy { get; private set; }
    public DateTimeOffset? PartyReviewedAt { get; private set; }
    public string? PartyReviewNote { get; private set; }

    public Circumstances Circumstances { get; private set; }
    public Guid? RegisteredByAccountId { get; private set; }
    /// <summary>
    /// 爽约次数: accepted claims whose task ended without a check-in. Counted by the expiry job in the
    /// same transaction that marks the claim a no-show, so each claim counts once.
    /// </summary>
    public int NoShowCount { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    /// <summary>When the member's personal data was erased (注销); the row stays, anonymous, so that
    /// their ledger, claims and rankings keep their numbers.</summary>
    public DateTimeOffset? ErasedAt { get; private set; }
    public int Version { get; private set; }

    /// <summary>The name shown for an erased member.</summary>
    public const string ErasedName = "已注销用户";

    public bool IsConfirmedPartyMember => PartyStatus == PartyStatus.Confirmed;
    public bool IsVulnerable => Circumstances != Circumstances.None;
    public bool IsErased => ErasedAt is not null;

    /// <summary>
    /// Erases the personal data (个人信息删除): name (and a name held for review), phone, openid, unionid,
    /// circumstances and party details
    /// go; the id, home community and grid stay, so the public record of points still adds up.
    /// </summary>
    public void Erase(DateTimeOffset now)
    {
        if (IsErased)
            throw MemberErrors.Erased();
        EnsureOutOfHousehold();
        Name = ErasedName;
        Phone = null;
        PhoneVerifiedAt = null;
        OpenId = null;
        UnionId = null;
        PendingName = null;
        Circumstances = Circumstances.None;
        PartyBranch = null;
        PartyWorkUnit = null;
        PartyInService = false;
        ResetPartyReview(PartyStatus.None);
        ErasedAt = now;
    }

    public static Member SignUpWithWeChat(string openId, DateTimeOffset now) => new()
    {
        Id = Ids.NewV7(now),
        OpenId = Guard.Text(openId, "openId", "openid", 64),
        Name = "微信用户",
        CreatedAt = now,
    };

    /// <summary>Staff register a resident without a smartphone so they can post needs on their behalf.</summary>
    public static Member RegisterByStaff(string name, string? phone, Community community, Grid? grid,
        Circumstances circumstances, Guid staffAccountId, DateTimeOffset now)
    {
        var member = new Member
        {
            Id = Ids.NewV7(now),
            CreatedAt = now,
            RegisteredByAccountId = staffAccountId,
        };
        member.UpdateProfile(name, phone);
        member.MoveTo(community, grid);
        member.SetCircumstances(circumstances);
        return member;
    }

    public void UpdateProfile(string name, string? phone)
    {
        Name = Guard.Text(name, "name", "姓名", 30);
        var newPhone = Guard.Phone(phone);
        if (newPhone != Phone)
            PhoneVerifiedAt = null;
        Phone = newPhone;
        PendingName = null;
    }

    /// <summary>Keeps the current name public and holds <paramref name="name"/> until staff release it.</summary>
    public void HoldNameForReview(string name) => PendingName = Guard.Text(name, "name", "姓名", 30);

    /// <summary>Staff found the held name acceptable: it becomes the name.</summary>
    public void ReleasePendingName()
    {
        if (PendingName is null)
            throw MemberErrors.NothingHeld();
        Name = PendingName;
        PendingName = null;
    }

    /// <summary>The number WeChat verified for this member (getPhoneNumber button).</summary>
    public void BindVerifiedPhone(string phone, DateTimeOffset now)
    {
        Phone = Guard.Phone(phone) ?? throw DomainException.Invalid("code", "微信未返回手机号。");
        PhoneVerifiedAt = now;
    }

    public void RememberUnionId(string? unionId)
    {
        if (!string.IsNullOrWhiteSpace(unionId))
            UnionId = Guard.Text(unionId, "unionId", "unionid", 64);
    }

    /// <summary>
    /// Sets the home community and grid. Party membership is not touched: data staff confirmed
    /// changes only through its own workflow (a new declaration), never as a side effect of a move.
    /// </summary>
    public void MoveTo(Community? community, Grid? grid)
    {
        if (community is null && grid is not null)
            throw DomainException.Invalid("gridId", "选择网格前请先选择所属社区。");
        if (grid is not null && grid.CommunityId != community!.Id)
            throw DomainException.Invalid("gridId", "所选网格不属于该社区。");
        if (community?.Id != CommunityId)
            EnsureOutOfHousehold();

        CommunityId = community?.Id;
        GridId = grid?.Id;
    }

    /// <summary>Declares party membership; it counts only after staff confirm it.</summary>
    public void DeclarePartyMembership(string branch, string? workUnit, bool inService)
    {
        var newBranch = Guard.Text(branch, "party.branch", "所在党支部", 100);
        var newWorkUnit = Guard.OptionalText(workUnit, "party.workUnit", "工作单位", 100);
        if (inService && newWorkUnit is null)
            throw DomainException.Invalid("party.workUnit", "在职党员须填写工作单位。");
        if (!inService)
            newWorkUnit = null;

        var unchanged = PartyStatus != PartyStatus.None && newBranch == PartyBranch
            && newWorkUnit == PartyWorkUnit && inService == PartyInService;
        if (unchanged)
            return;

        PartyBranch = newBranch;
        PartyWorkUnit = newWorkUnit;
        PartyInService = inService;
        ResetPartyReview(PartyStatus.Pending);
    }

    /// <summary>
    /// The resident withdraws a declaration staff have not confirmed (pending or rejected). A confirmed
    /// membership is not cleared this way: it changes only through a new declaration, which staff confirm.
    /// </summary>
    public void WithdrawPendingPartyMembership()
    {
        if (PartyStatus == PartyStatus.Confirmed)
            throw DomainException.Conflict("party.confirmed",
                "已确认的党员身份不能在资料中清除；如信息有变化，请重新申报并等待社区确认，或联系社区工作人员。");
        WithdrawPartyMembership();
    }

    private void WithdrawPartyMembership()
    {
        PartyBranch = null;
        PartyWorkUnit = null;
        PartyInService = false;
        ResetPartyReview(PartyStatus.None);
    }

    public void ConfirmPartyMembership(Guid staffAccountId, DateTimeOffset now)
    {
        EnsurePartyReviewPending();
        PartyStatus = PartyStatus.Confirmed;
        PartyReviewedBy = staffAccountId;
        PartyReviewedAt = now;
        PartyReviewNote = null;
    }

    public void RejectPartyMembership(Guid staffAccountId, string reason, DateTimeOffset now)
    {
        EnsurePartyReviewPending();
        PartyReviewNote = Guard.Text(reason, "reason", "驳回原因", 200);
        PartyStatus = PartyStatus.Rejected;
        PartyReviewedBy = staffAccountId;
        PartyReviewedAt = now;
    }

    public void SetCircumstances(Circumstances circumstances)
    {
        if ((circumstances & ~AllCircumstances) != 0)
            throw DomainException.Invalid("circumstances", "困难情况取值无效。");
        Circumstances = circumstances;
    }

    internal void JoinHousehold(Guid householdId) => HouseholdId = householdId;

    internal void LeaveHousehold() => HouseholdId = null;

    /// <summary>
    /// A household lies in one community: whoever moves away (or has their data erased) is first taken
    /// out of it through <see cref="Households.Household.RemoveMember"/>, which also clears them as head.
    /// </summary>
    private void EnsureOutOfHousehold()
    {
        if (HouseholdId is not null)
            throw DomainException.Conflict("household.leaveFirst", "请先将该居民移出原住户。");
    }

    private void EnsurePartyReviewPending()
    {
        if (PartyStatus != PartyStatus.Pending)
            throw DomainException.Conflict("party.notPending", "该居民没有待审核的党员身份申报。");
        if (CommunityId is null)
            throw DomainException.Conflict("party.noCommunity", "该居民尚未设置所属社区，无法审核党员身份。");
    }

    private void ResetPartyReview(PartyStatus status)
    {
        PartyStatus = status;
        PartyReviewedBy = null;
        PartyReviewedAt = null;
        PartyReviewNote = null;
    }
}
