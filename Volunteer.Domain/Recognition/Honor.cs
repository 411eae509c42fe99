using Volunteer.Domain.Common;
using Volunteer.Domain.Rankings;

namespace Volunteer.Domain.Recognition;

public enum HonorKind
{
    /// <summary>月度服务之星: the top of the community's overall points ranking.</summary>
    ServiceStar,
    /// <summary>优秀党员: the top of the community's party-member points ranking.</summary>
    OutstandingPartyMember,
}

/// <summary>
/// A community's recognition rules (表彰设置), set by its staff or the street admin. Without a row
/// of its own a community gets <see cref="Default"/>. Settings apply to months recognised after the
/// change; months already recognised keep their honours.
/// </summary>
public sealed class HonorSettings
{
    public const int MaxTopN = Ranking.SnapshotDepth;
    public const int MaxBonusPoints = 1000;

    private HonorSettings() { }

    public Guid CommunityId { get; private set; }
    public bool Enabled { get; private set; }
    /// <summary>How many ranks are honoured; members tied at the last rank are all honoured.</summary>
    public int TopN { get; private set; }
    /// <summary>Points granted with each honour (a <c>bonus</c> ledger entry); 0 for none.</summary>
    public int BonusPoints { get; private set; }
    /// <summary>Also honour the top of the party list as 优秀党员.</summary>
    public bool PartyMemberHonors { get; private set; }
    public Guid? UpdatedByAccountId { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public int Version { get; private set; }

    /// <summary>Top 3, no bonus, with 优秀党员.</summary>
    public static HonorSettings Default(Guid communityId) => new()
    {
        CommunityId = communityId,
        Enabled = true,
        TopN = 3,
        BonusPoints = 0,
        PartyMemberHonors = true,
    };

    public static HonorSettings For(Guid communityId, bool enabled, int topN, int bonusPoints, bool partyMemberHonors, Guid accountId, DateTimeOffset now)
    {
        var settings = new HonorSettings { CommunityId = communityId };
        settings.Change(enabled, topN, bonusPoints, partyMemberHonors, accountId, now);
        return settings;
    }

    public void Change(bool enabled, int topN, int bonusPoints, bool partyMemberHonors, Guid accountId, DateTimeOffset now)
    {
        Enabled = enabled;
        TopN = Guard.Range(topN, 1, MaxTopN, "topN", "表彰名额");
        BonusPoints = Guard.Range(bonusPoints, 0, MaxBonusPoints, "bonusPoints", "奖励积分");
        PartyMemberHonors = partyMemberHonors;
        UpdatedByAccountId = accountId;
        UpdatedAt = now;
    }

    /// <summary>The honour kinds these settings award, with the ranking list each is drawn from.</summary>
    public IEnumerable<(HonorKind Kind, RankingList List)> Kinds()
    {
        if (!Enabled)
            yield break;
        yield return (HonorKind.ServiceStar, RankingList.Everyone);
        if (PartyMemberHonors)
            yield return (HonorKind.OutstandingPartyMember, RankingList.Party);
    }

    /// <summary>Ties share a rank, so everyone ranked within the top N is honoured (top 3 of 1, 2, 3, 3 is four people).</summary>
    public bool Honors(int rank) => Enabled && rank >= 1 && rank <= TopN;
}

/// <summary>
/// 表彰: a member's honour for a month in a community (title, month, rank). (Period, community,
/// member, kind) is unique, and its bonus is a ledger entry whose source is the honour, so both
/// are granted once.
/// </summary>
public sealed class Honor
{
    private Honor() { }

    public Guid Id { get; private set; }
    public int Period { get; private set; }
    public Guid CommunityId { get; private set; }
    public Guid MemberId { get; private set; }
    public HonorKind Kind { get; private set; }
    public string Title { get; private set; } = "";
    public int Rank { get; private set; }
    /// <summary>The points earned in the month that won the honour.</summary>
    public int Points { get; private set; }
    public int BonusPoints { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public static string TitleOf(HonorKind kind) => kind switch
    {
        HonorKind.ServiceStar => "月度服务之星",
        HonorKind.OutstandingPartyMember => "优秀党员",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static Honor Award(Period period, Guid communityId, Guid memberId, HonorKind kind, int rank, int points, int bonusPoints, DateTimeOffset now)
    {
        if (rank < 1)
            throw new ArgumentOutOfRangeException(nameof(rank));
        if (bonusPoints is < 0 or > HonorSettings.MaxBonusPoints)
            throw new ArgumentOutOfRangeException(nameof(bonusPoints));
        return new Honor
        {
            Id = Ids.NewV7(now),
            Period = period.Key,
            CommunityId = communityId,
            MemberId = memberId,
            Kind = kind,
            Title = TitleOf(kind),
            Rank = rank,
            Points = points,
            BonusPoints = bonusPoints,
            CreatedAt = now,
        };
    }

    /// <summary>The ledger reason of the bonus: 表彰奖励：2026年10月 东门社区 月度服务之星（第 1 名）.</summary>
    public string BonusReason(string communityName)
    {
        var period = Common.Period.FromKey(Period);
        return $"表彰奖励：{period.Year}年{period.Month}月 {communityName} {Title}（第 {Rank} 名）";
    }
}
