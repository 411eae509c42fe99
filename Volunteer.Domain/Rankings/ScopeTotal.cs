namespace Volunteer.Domain.Rankings;

/// <summary>
/// A member's running total for one month in one grid, community or street: the sum of their
/// <c>MonthlyTotal</c> rows for that place, written in the same transaction as each earn/adjust
/// ledger entry. It is what the live leaderboard reads: an index on (scope, value) serves the top
/// of a board, and a rank is a range count, so a request costs the same for a grid of 1,000 and a
/// street of 100,000.
/// </summary>
public sealed class ScopeTotal
{
    private ScopeTotal() { }

    public int Period { get; private set; }
    public RankingScope Scope { get; private set; }
    public Guid ScopeId { get; private set; }
    public Guid MemberId { get; private set; }
    public int Points { get; private set; }
    public int Minutes { get; private set; }
}
