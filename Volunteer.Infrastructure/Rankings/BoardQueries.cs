using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Rankings;

/// <summary>One member's line on a community's 积分公示 board for a month.</summary>
public sealed class BoardTotal
{
    public Guid MemberId { get; init; }
    public int Points { get; init; }
    public int Minutes { get; init; }
}

/// <summary>The community points board (积分公示), shared by the API and the console. Registered like the use cases.</summary>
public sealed class BoardQueries(VolunteerDbContext db) : IUseCase
{
    /// <summary>Each member's points and minutes earned in the community in the month, most points first.</summary>
    public IQueryable<BoardTotal> Ordered(Guid communityId, Period month)
    {
        var key = month.Key;
        return db.MonthlyTotals.AsNoTracking()
            .Where(t => t.Period == key && t.CommunityId == communityId)
            .GroupBy(t => t.MemberId)
            .Select(g => new { MemberId = g.Key, Points = g.Sum(t => t.Points), Minutes = g.Sum(t => t.Minutes) })
            .Where(r => r.Points != 0 || r.Minutes > 0)
            .OrderByDescending(r => r.Points).ThenByDescending(r => r.Minutes).ThenBy(r => r.MemberId)
            .Select(r => new BoardTotal { MemberId = r.MemberId, Points = r.Points, Minutes = r.Minutes });
    }

    public async Task<IReadOnlyList<BoardTotal>> TopAsync(Guid communityId, Period month, int take, CancellationToken ct) =>
        await Ordered(communityId, month).Take(take).ToListAsync(ct);

    public async Task<IReadOnlyDictionary<Guid, string>> NamesAsync(IEnumerable<Guid> memberIds, CancellationToken ct)
    {
        var ids = memberIds.Distinct().ToList();
        return await db.Members.AsNoTracking().Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
    }

    /// <summary>A community whose board the viewer may see (see <see cref="RankingAccess.BoardCommunityAsync"/>).</summary>
    public Task<Domain.Communities.Community> CommunityAsync(Actor actor, Guid communityId, CancellationToken ct) =>
        RankingAccess.BoardCommunityAsync(db, actor, communityId, ct);

    /// <summary>The month's kept ledger root, once the monthly ledger-root job has kept it.</summary>
    public Task<string?> LedgerRootAsync(Period month, CancellationToken ct)
    {
        var key = month.Key;
        return db.LedgerRoots.AsNoTracking().Where(r => r.Period == key).Select(r => r.Root).SingleOrDefaultAsync(ct);
    }
}
