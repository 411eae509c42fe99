using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Partners;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Domain.Notifications;
using Volunteer.Infrastructure.Notifications;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.WeChat;

namespace Volunteer.Infrastructure.Tasks;

/// <summary>
/// The current check-in code to show on site (as a QR code): staff of the task's community, and the
/// requester of the need the task came from, so a volunteer serving at the requester's home can scan
/// it at the door. Anyone else is refused as before.
/// </summary>
public sealed class IssueCheckInCode(VolunteerDbContext db, TimeProvider clock, CheckInCodes codes) : IUseCase
{
    public async Task<(string Code, DateTimeOffset ExpiresAt)> ExecuteAsync(Actor actor, Guid taskId, CancellationToken ct)
    {
        var task = await TaskAccess.LoadVisibleAsync(db, actor, taskId, ct);
        var isRequester = actor.IsResident && task.RequesterId == actor.Id;
        if (!isRequester && !await db.ManagesAsync(actor, task.CommunityId, task.GridId, ct))
            throw Scopes.NotYourCommunity();
        task.EnsureOpen(clock.GetUtcNow());
        return codes.Issue(task.Id);
    }
}
