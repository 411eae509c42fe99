using Microsoft.EntityFrameworkCore;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Domain.Rewards;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Rewards;

namespace Volunteer.Api.Rewards;

/// <summary>Builds reward and redemption answers for one viewer.</summary>
internal static class RewardViews
{
    public static async Task<IReadOnlyList<RewardResponse>> RewardsAsync(VolunteerDbContext db, Actor viewer, IReadOnlyList<Reward> rewards,
        DateTimeOffset now, CancellationToken ct)
    {
        if (rewards.Count == 0)
            return [];
        var partnerIds = rewards.Select(r => r.PartnerId).Distinct().ToList();
        var partners = await db.Partners.AsNoTracking().Include(p => p.Badges).Where(p => partnerIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, RewardPartnerResponse.Of, ct);
        var mine = new Dictionary<Guid, int>();
        if (viewer.IsResident)
        {
            var ids = rewards.Select(r => r.Id).ToList();
            mine = await db.Redemptions.AsNoTracking()
                .Where(r => r.MemberId == viewer.Id && ids.Contains(r.RewardId)
                    && (r.Status == RedemptionStatus.Pending || r.Status == RedemptionStatus.Fulfilled))
                .GroupBy(r => r.RewardId).Select(g => new { g.Key, Count = g.Count() })
                .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        }
        return rewards.Select(r => new RewardResponse(r.Id, r.Title, r.Description, r.PointsCost, r.Stock, r.PerMemberLimit,
            r.ValidFrom, r.ValidUntil, r.Status, r.IsAvailable(now) && r.Stock > 0,
            r.Communities.Select(c => c.CommunityId).Order().ToList(), partners[r.PartnerId],
            viewer.IsResident ? Math.Max(0, r.PerMemberLimit - mine.GetValueOrDefault(r.Id)) : null,
            r.CreatedAt, r.UpdatedAt)).ToList();
    }

    public static async Task<RewardResponse> RewardAsync(VolunteerDbContext db, Actor viewer, Reward reward, DateTimeOffset now, CancellationToken ct) =>
        (await RewardsAsync(db, viewer, [reward], now, ct))[0];

    public static async Task<Paged<RedemptionResponse>> PageAsync(VolunteerDbContext db, Actor viewer, IQueryable<Redemption> ordered,
        PageRequest paging, CancellationToken ct)
    {
        var page = await paging.ApplyAsync(ordered, items => items, ct);
        return new Paged<RedemptionResponse>(await RedemptionsAsync(db, viewer, page.Items, ct), page.Total, page.Page, page.PageSize);
    }

    /// <summary>Codes only to the member who redeemed; partner staff see a hint and a masked name.</summary>
    public static async Task<IReadOnlyList<RedemptionResponse>> RedemptionsAsync(VolunteerDbContext db, Actor viewer,
        IReadOnlyList<Redemption> redemptions, CancellationToken ct)
    {
        if (redemptions.Count == 0)
            return [];
        var partnerIds = redemptions.Select(r => r.PartnerId).Distinct().ToList();
        var memberIds = redemptions.Select(r => r.MemberId).Distinct().ToList();
        var partners = await db.Partners.AsNoTracking().Where(p => partnerIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var members = await db.Members.AsNoTracking().Where(m => memberIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
        return redemptions.Select(r =>
        {
            var own = viewer.IsResident && viewer.Id == r.MemberId;
            if (!RedemptionAccess.CanSee(viewer, r))
                throw new InvalidOperationException("A redemption reached a view its viewer may not see.");
            return new RedemptionResponse(r.Id, own ? r.Code : null, r.Code[^4..], r.Status, r.ExpiresAt, r.RewardId, r.RewardTitle,
                r.PartnerId, partners[r.PartnerId], r.PointsCost, r.Note,
                own ? members[r.MemberId] : Masking.Name(members[r.MemberId]),
                r.CreatedAt, r.FulfilledAt, r.ClosedAt);
        }).ToList();
    }

    public static async Task<RedemptionResponse> RedemptionAsync(VolunteerDbContext db, Actor viewer, Redemption redemption, CancellationToken ct) =>
        (await RedemptionsAsync(db, viewer, [redemption], ct))[0];
}
