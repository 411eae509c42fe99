using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Tasks;

/// <summary>A task as its community's staff see it, with how many of its claims wait for verification.</summary>
public sealed record ManagedTaskRow(ServiceTask Task, int AwaitingVerification);

/// <summary>A claim with the names staff see beside it.</summary>
public sealed record ClaimRow(Claim Claim, string TaskTitle, DateTimeOffset TaskStartsAt, DateTimeOffset TaskEndsAt, int TaskPoints,
    string ClaimantName, bool ByPartner);

/// <summary>Reads of tasks and claims for the staff who manage them, shared by the API and the console. Registered like the use cases.</summary>
public sealed class TaskQueries(VolunteerDbContext db) : IUseCase
{
    /// <summary>Claims waiting for staff verification (签到或签退后、核验前).</summary>
    public static readonly IReadOnlyList<ClaimStatus> AwaitingVerification = [ClaimStatus.CheckedIn, ClaimStatus.CheckedOut];

    private IQueryable<ServiceTask> Managed(Actor actor)
    {
        var query = db.Tasks.AsNoTracking();
        if (!actor.IsStaff && !actor.IsAdmin && !actor.IsGridWorker)
            return query.Where(_ => false);
        return query.ManagedBy(db, actor);
    }

    /// <summary>Tasks of the communities <paramref name="actor"/> manages, latest start first.</summary>
    public async Task<IReadOnlyList<ManagedTaskRow>> ManagedAsync(Actor actor, ServiceTaskStatus? status, int take, CancellationToken ct)
    {
        var query = Managed(actor);
        if (status is { } s)
            query = query.Where(t => t.Status == s);
        var tasks = await query.OrderByDescending(t => t.StartsAt).ThenBy(t => t.Id).Take(take).ToListAsync(ct);
        var ids = tasks.Select(t => t.Id).ToList();
        var waiting = await db.Claims.AsNoTracking().Where(c => ids.Contains(c.TaskId) && AwaitingVerification.Contains(c.Status))
            .GroupBy(c => c.TaskId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return tasks.Select(t => new ManagedTaskRow(t, waiting.GetValueOrDefault(t.Id))).ToList();
    }

    /// <summary>A task its viewer manages: 404 when it does not exist, 403 when it is another community's.</summary>
    public async Task<ServiceTask> ManagedTaskAsync(Actor actor, Guid taskId, CancellationToken ct)
    {
        var task = await db.Tasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == taskId, ct)
            ?? throw TaskErrors.NotFound();
        if (!await db.ManagesAsync(actor, task.CommunityId, task.GridId, ct))
            throw Scopes.NotYourCommunity();
        return task;
    }

    /// <summary>Every claim of a task the actor manages, in the order they were made.</summary>
    public async Task<IReadOnlyList<ClaimRow>> ClaimsOfTaskAsync(Actor actor, Guid taskId, CancellationToken ct)
    {
        var task = await ManagedTaskAsync(actor, taskId, ct);
        var claims = await db.Claims.AsNoTracking().Where(c => c.TaskId == task.Id).OrderBy(c => c.ClaimedAt).ThenBy(c => c.Id).ToListAsync(ct);
        return await RowsAsync(claims, ct);
    }

    /// <summary>Claims of the actor's communities waiting for verification, oldest service first.</summary>
    public async Task<IReadOnlyList<ClaimRow>> AwaitingVerificationAsync(Actor actor, int take, CancellationToken ct)
    {
        var tasks = Managed(actor).Select(t => t.Id);
        var claims = await db.Claims.AsNoTracking().Where(c => tasks.Contains(c.TaskId) && AwaitingVerification.Contains(c.Status))
            .OrderBy(c => c.CheckedInAt).ThenBy(c => c.Id).Take(take).ToListAsync(ct);
        return await RowsAsync(claims, ct);
    }

    public Task<int> AwaitingVerificationCountAsync(Actor actor, CancellationToken ct)
    {
        var tasks = Managed(actor).Select(t => t.Id);
        return db.Claims.CountAsync(c => tasks.Contains(c.TaskId) && AwaitingVerification.Contains(c.Status), ct);
    }

    private async Task<IReadOnlyList<ClaimRow>> RowsAsync(List<Claim> claims, CancellationToken ct)
    {
        var taskIds = claims.Select(c => c.TaskId).Distinct().ToList();
        var memberIds = claims.Where(c => c.MemberId != null).Select(c => c.MemberId!.Value).Distinct().ToList();
        var partnerIds = claims.Where(c => c.PartnerId != null).Select(c => c.PartnerId!.Value).Distinct().ToList();
        var tasks = await db.Tasks.AsNoTracking().Where(t => taskIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
        var members = await db.Members.AsNoTracking().Where(m => memberIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
        var partners = await db.Partners.AsNoTracking().Where(p => partnerIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        return claims.Select(c =>
        {
            var task = tasks[c.TaskId];
            var name = c.MemberId is { } m ? members.GetValueOrDefault(m, "") : partners.GetValueOrDefault(c.PartnerId!.Value, "");
            return new ClaimRow(c, task.Title, task.StartsAt, task.EndsAt, task.Points, name, c.PartnerId is not null);
        }).ToList();
    }
}
