using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Members;

/// <summary>Reads of the residents staff manage, shared by the API and the console. Registered like the use cases.</summary>
public sealed class MemberQueries(VolunteerDbContext db) : IUseCase
{
    /// <summary>Residents of the communities the actor manages, by name; filtered by party status, grid, or name / phone text.</summary>
    public IQueryable<Member> Managed(Actor actor, PartyStatus? partyStatus, Guid? gridId, string? text)
    {
        actor.EnsureStaffAdminOrGridWorker();
        var query = db.Members.AsNoTracking().ManagedBy(db, actor);
        if (partyStatus is { } s) query = query.Where(m => m.PartyStatus == s);
        if (gridId is { } g) query = query.Where(m => m.GridId == g);
        if (!string.IsNullOrWhiteSpace(text))
        {
            var t = text.Trim();
            query = query.Where(m => m.Name.Contains(t) || (m.Phone != null && m.Phone.Contains(t)));
        }
        return query.OrderBy(m => m.Name).ThenBy(m => m.Id);
    }

    public async Task<IReadOnlyList<Member>> ManagedAsync(Actor actor, PartyStatus? partyStatus, string? text, int take, CancellationToken ct) =>
        await Managed(actor, partyStatus, null, text).Take(take).ToListAsync(ct);

    /// <summary>A resident of a community the actor manages (404 / 403 otherwise).</summary>
    public Task<Member> ManagedAsync(Actor actor, Guid memberId, CancellationToken ct) => MemberAccess.LoadManagedAsync(db, actor, memberId, ct);

    /// <summary>The signed-in resident's own record.</summary>
    public Task<Member> OwnMemberAsync(Actor actor, CancellationToken ct) =>
        db.Members.AsNoTracking().SingleAsync(m => m.Id == actor.Id, ct);

    /// <summary>The signed-in staff, partner staff or admin's own account.</summary>
    public Task<Account> OwnAccountAsync(Actor actor, CancellationToken ct) =>
        db.Accounts.AsNoTracking().SingleAsync(a => a.Id == actor.Id, ct);

    /// <summary>Whether a resident still has their personal data (an erased member's tokens stop working).</summary>
    public Task<bool> IsActiveAsync(Guid memberId, CancellationToken ct) =>
        db.Members.AsNoTracking().AnyAsync(m => m.Id == memberId && m.ErasedAt == null, ct);
}
