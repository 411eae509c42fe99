using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Domain.Rewards;
using Volunteer.Infrastructure.Rewards;

namespace Volunteer.Api.Rewards;

/// <summary>Builds reward and redemption answers for one viewer, from what the feature's queries return.</summary>
internal static class RewardViews
{
    public static async Task<IReadOnlyList<RewardResponse>> RewardsAsync(RewardQueries queries, Actor viewer, IReadOnlyList<Reward> rewards,
        DateTimeOffset now, CancellationToken ct)
    {
        if (rewards.Count == 0)
            return [];
        var context = await queries.ContextAsync(viewer, rewards, ct);
        return rewards.Select(r => new RewardResponse(r.Id, r.Title, r.Description, r.PointsCost, r.Stock, r.PerMemberLimit,
            r.ValidFrom, r.ValidUntil, r.Status, r.IsAvailable(now) && r.Stock > 0,
            r.Communities.Select(c => c.CommunityId).Order().ToList(), RewardPartnerResponse.Of(context.Partners[r.PartnerId]),
            viewer.IsResident ? Math.Max(0, r.PerMemberLimit - context.HeldByViewer.GetValueOrDefault(r.Id)) : null,
            r.CreatedAt, r.UpdatedAt)).ToList();
    }

    public static async Task<RewardResponse> RewardAsync(RewardQueries queries, Actor viewer, Reward reward, DateTimeOffset now, CancellationToken ct) =>
        (await RewardsAsync(queries, viewer, [reward], now, ct))[0];

    public static async Task<Paged<RedemptionResponse>> PageAsync(RedemptionQueries queries, Actor viewer, IQueryable<Redemption> ordered,
        PageRequest paging, CancellationToken ct)
    {
        var page = await paging.ApplyAsync(ordered, items => items, ct);
        return new Paged<RedemptionResponse>(await RedemptionsAsync(queries, viewer, page.Items, ct), page.Total, page.Page, page.PageSize);
    }

    /// <summary>Codes only to the member who redeemed; partner staff see a hint and a masked name.</summary>
    public static async Task<IReadOnlyList<RedemptionResponse>> RedemptionsAsync(RedemptionQueries queries, Actor viewer,
        IReadOnlyList<Redemption> redemptions, CancellationToken ct)
    {
        if (redemptions.Count == 0)
            return [];
        var names = await queries.NamesAsync(redemptions, ct);
        return redemptions.Select(r =>
        {
            var own = viewer.IsResident && viewer.Id == r.MemberId;
            if (!RedemptionAccess.CanSee(viewer, r))
                throw new InvalidOperationException("A redemption reached a view its viewer may not see.");
            return new RedemptionResponse(r.Id, own ? r.Code : null, r.Code[^4..], r.Status, r.ExpiresAt, r.RewardId, r.RewardTitle,
                r.PartnerId, names.Partners[r.PartnerId], r.PointsCost, r.Note,
                own ? names.Members[r.MemberId] : Masking.Name(names.Members[r.MemberId]),
                r.CreatedAt, r.FulfilledAt, r.ClosedAt);
        }).ToList();
    }

    public static async Task<RedemptionResponse> RedemptionAsync(RedemptionQueries queries, Actor viewer, Redemption redemption, CancellationToken ct) =>
        (await RedemptionsAsync(queries, viewer, [redemption], ct))[0];
}
