using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Jobs;
using Volunteer.Domain.Rankings;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Rankings;

/// <summary>Reads of the monthly ranking snapshots and the live leaderboard. Registered like the use cases.</summary>
public sealed class RankingQueries(VolunteerDbContext db) : IUseCase
{
    /// <summary>The grid, community or street a ranking is asked for, if the viewer may see it (see <see cref="RankingAccess.ResolveAsync"/>).</summary>
    public Task<RankingPlace> PlaceAsync(Actor actor, RankingScope scope, Guid? scopeId, CancellationToken ct) =>
        RankingAccess.ResolveAsync(db, actor, scope, scopeId, ct);

    /// <summary>The completed monthly ranking run of a month; 404 <c>ranking.notReady</c> before it.</summary>
    public async Task<JobRun> SnapshotRunAsync(Period month, CancellationToken ct)
    {
        var key = month.Key;
        return await db.JobRuns.AsNoTracking()
            .SingleOrDefaultAsync(r => r.Job == JobName.MonthlyRanking && r.Period == key && r.Status == JobRunStatus.Completed, ct)
            ?? throw DomainException.NotFound("ranking.notReady", $"{month} 的排行榜尚未生成（每月 1 日 01:00 生成上月排行）。");
    }

    /// <summary>A month's kept ranking of one place, list and metric, by rank.</summary>
    public IQueryable<RankingEntry> Snapshot(Period month, RankingPlace place, RankingList list, RankingMetric metric)
    {
        var key = month.Key;
        return db.RankingEntries.AsNoTracking()
            .Where(e => e.Period == key && e.Scope == place.Scope && e.ScopeId == place.Id && e.List == list && e.Metric == metric)
            .OrderBy(e => e.Rank).ThenBy(e => e.MemberId);
    }

    /// <summary>A page of the live leaderboard of the month still running (see <see cref="RankingSql.LiveRankingAsync"/>).</summary>
    public Task<(int Total, List<RankingSql.RankedRow> Rows)> LiveAsync(Period month, RankingPlace place, RankingList list,
        RankingMetric metric, int offset, int limit, CancellationToken ct) =>
        RankingSql.LiveRankingAsync(db, month.Key, place.Scope, place.Id, list, metric, Ranking.SnapshotDepth, offset, limit, ct);

    /// <summary>A member's own place on the live board, at any depth; null when not on it.</summary>
    public Task<RankingSql.RankedRow?> LiveRankOfAsync(Period month, RankingPlace place, RankingList list, RankingMetric metric,
        Guid memberId, CancellationToken ct) =>
        RankingSql.LiveRankOfAsync(db, month.Key, place.Scope, place.Id, list, metric, memberId, ct);

    public async Task<IReadOnlyDictionary<Guid, string>> NamesAsync(IEnumerable<Guid> memberIds, CancellationToken ct)
    {
        var ids = memberIds.Distinct().ToList();
        return await db.Members.AsNoTracking().Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
    }
}
