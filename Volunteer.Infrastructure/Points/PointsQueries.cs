using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Points;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Domain.Members;
using Volunteer.Domain.Communities;

namespace Volunteer.Infrastructure.Points;

/// <summary>Reads of points accounts and the ledger: a resident's own, or a managed resident's for staff. Registered like the use cases.</summary>
public sealed class PointsQueries(VolunteerDbContext db) : IUseCase
{
    /// <summary>The signed-in resident's account (403 for anyone else).</summary>
    public Task<PointsAccount> OwnAccountAsync(Actor actor, CancellationToken ct)
    {
        actor.EnsureResident();
        return AccountAsync(actor.Id, ct);
    }

    /// <summary>The signed-in resident's ledger, latest first (403 for anyone else).</summary>
    public IQueryable<LedgerEntry> OwnLedger(Actor actor)
    {
        actor.EnsureResident();
        return Ledger(actor.Id);
    }

    /// <summary>The account of a resident the actor manages (404 / 403 otherwise).</summary>
    public async Task<PointsAccount> ManagedAccountAsync(Actor actor, Guid memberId, CancellationToken ct)
    {
        await MemberAccess.LoadManagedAsync(db, actor, memberId, ct);
        return await AccountAsync(memberId, ct);
    }

    /// <summary>The ledger of a resident the actor manages, latest first (404 / 403 otherwise).</summary>
    public async Task<IQueryable<LedgerEntry>> ManagedLedgerAsync(Actor actor, Guid memberId, CancellationToken ct)
    {
        await MemberAccess.LoadManagedAsync(db, actor, memberId, ct);
        return Ledger(memberId);
    }

    /// <summary>The nightly ledger verifications, newest first: platform admins only (they cover every street).</summary>
    public IQueryable<LedgerVerificationRun> Verifications(Actor actor)
    {
        if (!actor.IsPlatformAdmin)
            throw CommunityErrors.PlatformAdminOnly();
        return db.LedgerVerificationRuns.AsNoTracking().OrderByDescending(r => r.Day);
    }

    /// <summary>The kept monthly ledger roots, newest first (public: anyone may check a month's root).</summary>
    public IQueryable<LedgerRoot> Roots() => db.LedgerRoots.AsNoTracking().OrderByDescending(r => r.Period);

    private async Task<PointsAccount> AccountAsync(Guid memberId, CancellationToken ct) =>
        await AccountOf.For(db)(db, memberId, ct) ?? throw MemberErrors.NotFound();

    /// <summary>
    /// Compiled once per EF Core model (<see cref="CompiledQuery{TQuery}"/>: a compiled query refuses any model but the
    /// first it ran on): the most frequent read of the mini-program skips EF Core's per-query work (parameter
    /// extraction and the query-cache look-up). Tagged for <see cref="PositionalParameters"/>: sent with <c>$1</c>, so
    /// Npgsql does not parse and rewrite the statement on every execution.
    /// </summary>
    private static readonly CompiledQuery<Func<VolunteerDbContext, Guid, CancellationToken, Task<PointsAccount?>>> AccountOf = new(() =>
        EF.CompileAsyncQuery((VolunteerDbContext db, Guid memberId, CancellationToken ct) =>
            db.PointsAccounts.AsNoTracking().TagWith(PositionalParameters.Tag).SingleOrDefault(a => a.MemberId == memberId)));

    private IQueryable<LedgerEntry> Ledger(Guid memberId) =>
        db.LedgerEntries.AsNoTracking().Where(e => e.MemberId == memberId).OrderByDescending(e => e.Sequence);
}
