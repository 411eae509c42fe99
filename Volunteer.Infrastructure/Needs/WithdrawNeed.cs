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

public sealed class WithdrawNeed(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Need> ExecuteAsync(Actor actor, Guid needId, CancellationToken ct)
    {
        var (need, _) = await NeedAccess.LoadVisibleAsync(db, actor, needId, ct);
        if (!(actor.IsResident && need.RequesterId == actor.Id))
            throw DomainException.Forbidden("need.withdraw", "只有提交需求的居民本人可以撤回。");
        need.Withdraw(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return need;
    }
}
