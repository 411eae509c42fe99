using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Domain.Jobs;
using Volunteer.Domain.Rankings;
using Volunteer.Infrastructure.Rankings;

namespace Volunteer.Api.Rankings;

public static class RankingEndpoints
{
    public static IEndpointRouteBuilder MapRankings(this IEndpointRouteBuilder app)
    {
        var rankings = app.MapApiGroup("/api/v1/rankings", "排行与表彰");
        rankings.MapGet("/", Snapshot).WithName("GetRanking")
            .WithSummary("月度排行榜（已结束月份的快照）")
            .WithDescription("按网格、社区或街道查看某月的积分榜或服务时长榜，分党员榜、居民榜和总榜，并列者名次相同。" +
                "每月 1 日 01:00（北京时间）生成上月快照，生成后不再变化；快照保留前 100 名（并列者全部保留）。" +
                "排行在本街道内公开。未指定 scopeId 时默认为本人所在的网格、社区或街道。")
            .Problems(400, 403, 404);
        rankings.MapGet("/live", Live).WithName("GetLiveRanking").WithMetadata(NoRequestConnection.Instance)
            .WithSummary("本月实时排行")
            .WithDescription("与月度排行榜规则相同，由本月的实时累计数据计算，随服务核验变化。居民另可在 me 中看到本人的名次（可在前 100 名之外）。")
            .Problems(400, 403, 404);

        app.MapApiGroup("/api/v1/communities", "排行与表彰").MapGet("/{id:guid}/board", Board).WithName("GetPointsBoard")
            .WithSummary("积分公示")
            .WithDescription("本社区每位居民某月在本社区获得的积分和服务时长，姓名脱敏显示。本社区居民、本社区工作人员和本街道管理员可查看。" +
                "period 缺省为本月（实时数据）。")
            .Problems(400, 403, 404);
        return app;
    }

    /// <param name="period">月份，yyyy-MM（必填，须为已结束的月份）。</param>
    /// <param name="scope">grid、community（默认）或 street。</param>
    /// <param name="scopeId">网格、社区或街道的 id；默认为本人所在的。</param>
    /// <param name="list">party、residents 或 everyone（默认）。</param>
    /// <param name="metric">points（默认）或 hours。</param>
    private static async Task<Ok<RankingResponse>> Snapshot(ClaimsPrincipal user, RankingQueries rankings, TimeProvider clock, string? period,
        RankingScope? scope, Guid? scopeId, RankingList? list, RankingMetric? metric, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        var month = QueryValues.NotFuture(QueryValues.RequiredPeriod(period), clock.GetUtcNow(), allowCurrent: false,
            hint: "本月实时排行请查看 /api/v1/rankings/live。");
        var (theScope, theList, theMetric) = Parse(scope, list, metric);
        var actor = user.Actor();
        var place = await rankings.PlaceAsync(actor, theScope, scopeId, ct);
        var run = await rankings.SnapshotRunAsync(month, ct);
        var rows = await paging.ApplyAsync(rankings.Snapshot(month, theScope, place.Id, theList, theMetric), items => items, ct);
        var shown = await RowsAsync(rankings, actor, place, theMetric, rows.Items.Select(e => (e.MemberId, e.Value, e.Rank)).ToList(), ct);
        return TypedResults.Ok(new RankingResponse(month.ToString(), theScope, place.Id, place.Name, theList, theMetric, false,
            run.FinishedAt ?? run.StartedAt, new Paged<RankingRowResponse>(shown, rows.Total, rows.Page, rows.PageSize)));
    }

    /// <param name="scope">grid、community（默认）或 street。</param>
    /// <param name="scopeId">网格、社区或街道的 id；默认为本人所在的。</param>
    /// <param name="list">party、residents 或 everyone（默认）。</param>
    /// <param name="metric">points（默认）或 hours。</param>
    private static async Task<Ok<RankingResponse>> Live(ClaimsPrincipal user, LiveRankingQueries rankings, TimeProvider clock,
        RankingScope? scope, Guid? scopeId, RankingList? list, RankingMetric? metric, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        var (theScope, theList, theMetric) = Parse(scope, list, metric);
        var actor = user.Actor();
        var now = clock.GetUtcNow();
        var month = Period.Of(now);

        // From the boards kept in memory (LiveBoards): the place, the page with names and the caller's own place.
        var board = await rankings.LiveBoardAsync(actor, month, theScope, scopeId, theList, theMetric,
            (paging.Page - 1) * paging.PageSize, paging.PageSize, Ranking.SnapshotDepth, ct);
        var place = board.Place;
        var full = RankingAccess.SeesNames(actor, place);
        RankingRowResponse Shown(RankingSql.NamedRow r)
        {
            var me = actor.IsResident && r.MemberId == actor.Id;
            return new RankingRowResponse(r.Rank, full ? r.MemberId : null, full || me ? r.Name : r.Masked ?? Masking.Name(r.Name),
                theMetric == RankingMetric.Hours ? Hours.FromMinutes(r.Value) : r.Value, me);
        }
        var rows = board.Rows.Select(Shown).ToList();
        return TypedResults.Ok(new RankingResponse(month.ToString(), theScope, place.Id, place.Name, theList, theMetric, true, now,
            new Paged<RankingRowResponse>(rows, board.Total, paging.Page, paging.PageSize), board.Own is { } own ? Shown(own) : null));
    }

    /// <param name="period">月份，yyyy-MM；缺省为本月。</param>
    private static async Task<Ok<BoardResponse>> Board(Guid id, ClaimsPrincipal user, BoardQueries board, TimeProvider clock,
        string? period, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        var now = clock.GetUtcNow();
        var month = QueryValues.NotFuture(QueryValues.OptionalPeriod(period) ?? Period.Of(now), now, allowCurrent: true);
        var actor = user.Actor();
        var community = await board.CommunityAsync(actor, id, ct);

        var rows = await paging.ApplyAsync(board.Ordered(community.Id, month), items => items, ct);
        var names = await board.NamesAsync(rows.Items.Select(r => r.MemberId), ct);
        var shown = rows.Items.Select(r =>
        {
            var me = actor.IsResident && r.MemberId == actor.Id;
            var name = names.GetValueOrDefault(r.MemberId, "");
            var shownName = me || name == Member.ErasedName ? name : Masking.Name(name);
            return new BoardRowResponse(shownName, r.Points, Hours.FromMinutes(r.Minutes), me);
        }).ToList();
        var root = await board.LedgerRootAsync(month, ct);
        return TypedResults.Ok(new BoardResponse(month.ToString(), community.Id, community.Name, MonthlySchedule.IsDue(month, now), root,
            new Paged<BoardRowResponse>(shown, rows.Total, rows.Page, rows.PageSize)));
    }

    private static (RankingScope, RankingList, RankingMetric) Parse(RankingScope? scope, RankingList? list, RankingMetric? metric) =>
        (scope ?? RankingScope.Community, list ?? RankingList.Everyone, metric ?? RankingMetric.Points);

    private static async Task<List<RankingRowResponse>> RowsAsync(RankingQueries rankings, Actor actor, RankingPlace place, RankingMetric metric,
        List<(Guid MemberId, int Value, int Rank)> rows, CancellationToken ct)
    {
        var names = await rankings.NamesAsync(rows.Select(r => r.MemberId), ct);
        var full = RankingAccess.SeesNames(actor, place);
        return rows.Select(r =>
        {
            var me = actor.IsResident && r.MemberId == actor.Id;
            var name = names.GetValueOrDefault(r.MemberId, "");
            return new RankingRowResponse(r.Rank, full ? r.MemberId : null, full || me ? name : Masking.Name(name),
                metric == RankingMetric.Hours ? Hours.FromMinutes(r.Value) : r.Value, me);
        }).ToList();
    }
}
