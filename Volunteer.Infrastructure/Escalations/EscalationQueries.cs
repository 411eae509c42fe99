using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Escalations;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Domain.Communities;

namespace Volunteer.Infrastructure.Escalations;

/// <summary>The names shown beside escalations: need titles, communities, departments and accounts.</summary>
public sealed record EscalationNames(
    IReadOnlyDictionary<Guid, string> NeedTitles,
    IReadOnlyDictionary<Guid, string> Communities,
    IReadOnlyDictionary<Guid, string> Departments,
    IReadOnlyDictionary<Guid, string> Accounts)
{
    public string NeedTitle(Guid id) => NeedTitles.GetValueOrDefault(id, "");
    public string Community(Guid id) => Communities.GetValueOrDefault(id, "");
    public string Department(Guid? id) => id is { } d ? Departments.GetValueOrDefault(d, "") : "";
    public string Account(Guid? id) => id is { } a ? Accounts.GetValueOrDefault(a, "") : "";
}

/// <summary>Reads of escalations and departments, shared by the API and the console. Registered like the use cases.</summary>
public sealed class EscalationQueries(VolunteerDbContext db) : IUseCase
{
    /// <summary>The escalations the actor sees (see <see cref="EscalationAccess"/>), newest first, with their departments.</summary>
    public IQueryable<Escalation> List(Actor actor, EscalationState? state)
    {
        var query = db.Visible(actor).AsNoTracking().Include(e => e.Assignments).AsQueryable();
        if (state is { } s)
            query = query.Where(e => e.State == s);
        return query.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id);
    }

    /// <summary>One escalation with its timeline (oldest first), or 404 for whoever may not see it.</summary>
    public async Task<Escalation> DetailAsync(Actor actor, Guid escalationId, CancellationToken ct)
    {
        var escalation = await db.Visible(actor).AsNoTracking().Whole()
            .SingleOrDefaultAsync(e => e.Id == escalationId, ct) ?? throw EscalationAccess.NotFound();
        return escalation;
    }

    public async Task<EscalationNames> NamesAsync(IReadOnlyCollection<Escalation> escalations, CancellationToken ct)
    {
        var needIds = escalations.Select(e => e.NeedId).Distinct().ToList();
        var communityIds = escalations.Select(e => e.CommunityId).Distinct().ToList();
        var departmentIds = escalations.SelectMany(e => e.Assignments.Select(a => a.DepartmentId))
            .Concat(escalations.SelectMany(e => e.Timeline.Where(t => t.DepartmentId != null).Select(t => t.DepartmentId!.Value)))
            .Distinct().ToList();
        var accountIds = escalations.Select(e => e.RaisedByAccountId)
            .Concat(escalations.SelectMany(e => e.Timeline.Where(t => t.ActorAccountId != null).Select(t => t.ActorAccountId!.Value)))
            .Distinct().ToList();
        return new EscalationNames(
            await db.Needs.AsNoTracking().Where(n => needIds.Contains(n.Id)).ToDictionaryAsync(n => n.Id, n => n.Title, ct),
            await db.Communities.AsNoTracking().Where(c => communityIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct),
            await db.Departments.AsNoTracking().Where(d => departmentIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name, ct),
            await db.Accounts.AsNoTracking().Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.DisplayName, ct));
    }

    /// <summary>The departments of the admin's street (platform admins name the street; all streets without one), by name.</summary>
    public async Task<IReadOnlyList<Department>> DepartmentsAsync(Actor actor, Guid? streetId, CancellationToken ct)
    {
        actor.EnsureAdmin();
        var query = db.Departments.AsNoTracking();
        if (!actor.IsPlatformAdmin)
        {
            if (streetId is { } other && other != actor.StreetId)
                throw CommunityErrors.OtherStreet();
            query = query.Where(d => d.StreetId == actor.StreetId);
        }
        else if (streetId is { } s)
            query = query.Where(d => d.StreetId == s);
        return await query.OrderBy(d => d.Name).ThenBy(d => d.Id).ToListAsync(ct);
    }

    /// <summary>What waits for the actor: for an admin, escalations of the street not dispatched yet; for department staff, those their department has not resolved.</summary>
    public Task<int> WaitingCountAsync(Actor actor, CancellationToken ct) => actor.IsDepartmentStaff
        ? db.EscalationAssignments.CountAsync(a => a.DepartmentId == actor.DepartmentId && a.ResolvedAt == null, ct)
        : db.Visible(actor).CountAsync(e => e.State == EscalationState.Open, ct);

    /// <summary>The name of the actor's own department (department staff), for the console's heading.</summary>
    public async Task<string?> OwnDepartmentNameAsync(Actor actor, CancellationToken ct) => actor.DepartmentId is { } id
        ? await db.Departments.AsNoTracking().Where(d => d.Id == id).Select(d => d.Name).SingleOrDefaultAsync(ct)
        : null;
}
