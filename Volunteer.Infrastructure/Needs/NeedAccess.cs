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

public static class NeedAccess
{
    /// <summary>
    /// Loads a need (tracked). Its requester and the staff managing its community may see it;
    /// for anyone else it does not exist.
    /// </summary>
    public static async Task<(Need Need, bool Manages)> LoadVisibleAsync(VolunteerDbContext db, Actor actor, Guid needId, CancellationToken ct)
    {
        var need = await db.Needs.SingleOrDefaultAsync(n => n.Id == needId, ct) ?? throw NotFound();
        var manages = (actor.IsStaff || actor.IsAdmin || actor.IsGridWorker) && await db.ManagesAsync(actor, need.CommunityId, need.GridId, ct);
        if (!manages && !(actor.IsResident && need.RequesterId == actor.Id))
            throw NotFound();
        return (need, manages);
    }

    public static DomainException NotFound() => DomainException.NotFound("need.notFound", "需求不存在。");
}
