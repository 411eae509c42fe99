using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Needs;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Domain.Notifications;
using Volunteer.Infrastructure.Notifications;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.WeChat;

namespace Volunteer.Infrastructure.Needs;

public sealed class RejectNeed(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Need> ExecuteAsync(Actor actor, Guid needId, string? reason, CancellationToken ct)
    {
        var (need, manages) = await NeedAccess.LoadVisibleAsync(db, actor, needId, ct);
        if (!manages)
            throw NeedErrors.ReviewByStaffOnly();
        need.Reject(reason ?? "", actor.Id, clock.GetUtcNow());
        db.Notify(Notification.NeedRejected(need, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        return need;
    }
}
