using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Audit;
using Volunteer.Domain.Common;
using Volunteer.Infrastructure.Audit;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Api.Tasks;

/// <summary>Builds task answers for one viewer, hiding sensitive addresses from those not entitled.</summary>
internal sealed class TaskViews(VolunteerDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<TaskResponse>> ForAsync(Actor actor, IReadOnlyList<ServiceTask> tasks, CancellationToken ct)
    {
        if (tasks.Count == 0)
            return [];
        var ids = tasks.Select(t => t.Id).ToList();
        var communityIds = tasks.Select(t => t.CommunityId).Distinct().ToList();

        var managed = new HashSet<Guid>();
        if (actor.IsStaff || actor.IsAdmin)
            foreach (var id in communityIds)
                if (await db.ManagesAsync(actor, id, ct))
                    managed.Add(id);

        var mine = await db.Claims.AsNoTracking()
            .Where(c => ids.Contains(c.TaskId) && c.Status != ClaimStatus.Cancelled
                && ((actor.IsResident && c.MemberId == actor.Id) || (actor.IsPartnerStaff && c.PartnerId == actor.PartnerId)))
            .Select(c => new { c.TaskId, c.Id, c.Status })
            .ToListAsync(ct);
        var myClaims = mine.GroupBy(c => c.TaskId).ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.Id).First());

        var audited = false;
        var answers = new List<TaskResponse>();
        foreach (var t in tasks)
        {
            var my = myClaims.GetValueOrDefault(t.Id);
            var accepted = my is not null && Claim.HoldingSlot.Contains(my.Status);
            var ownTask = actor.IsResident && t.RequesterId == actor.Id;
            var visible = t.AddressVisibleTo(managed.Contains(t.CommunityId) || actor.IsGridWorkerOf(t.CommunityId, t.GridId), ownTask, accepted);
            // Whoever is shown a vulnerable resident's address, other than the resident, is recorded.
            if (visible && t.IsSensitive && !ownTask && t.Address is not null)
            {
                await AuditTrail.AddAsync(db, clock, actor, AuditAction.SensitiveAddressViewed, t.RequesterId, $"task {t.Id}", ct);
                audited = true;
            }
            answers.Add(new TaskResponse(t.Id, t.CommunityId, t.GridId, t.NeedId, t.Title, t.Description, t.Category,
                visible ? t.Address : null, !visible, t.Slots, t.Taken, t.Remaining, t.Points, t.StartsAt, t.EndsAt,
                t.PartyMembersOnly, t.Status, t.CancelReason, t.CreatedAt,
                my is null ? null : new MyClaimResponse(my.Id, my.Status),
                visible ? t.Latitude : null, visible ? t.Longitude : null));
        }
        if (audited)
            await db.SaveChangesAsync(ct);
        return answers;
    }

    public async Task<TaskResponse> ForAsync(Actor actor, ServiceTask task, CancellationToken ct) =>
        (await ForAsync(actor, [task], ct))[0];
}
