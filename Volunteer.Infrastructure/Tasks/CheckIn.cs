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
/// The claimant proves presence: with the live code (shown by staff or by the requester), or with the
/// phone's position when the task has a location (within <see cref="CheckInOptions.CheckInRadiusMeters"/>).
/// </summary>
public sealed class CheckIn(VolunteerDbContext db, TimeProvider clock, CheckInCodes codes, IOptions<CheckInOptions> options) : IUseCase
{
    public async Task<Claim> ExecuteAsync(Actor actor, Guid claimId, string? code, GeoPoint? position, CancellationToken ct)
    {
        var (claim, task, _) = await ClaimAccess.LoadVisibleAsync(db, actor, claimId, ct);
        if (!ClaimAccess.IsClaimant(actor, claim))
            throw ClaimAccess.NotClaimant();
        if (!string.IsNullOrWhiteSpace(code))
        {
            if (!codes.IsValid(task.Id, code.Trim()))
                throw new DomainException(ErrorKind.Unprocessable, "checkIn.badCode", "签到码错误或已过期，请扫描现场最新的签到码。");
            claim.CheckIn(task, clock.GetUtcNow());
        }
        else if (position is { } here)
        {
            claim.CheckInAt(task, here, options.Value.CheckInRadiusMeters, clock.GetUtcNow());
        }
        else
        {
            throw DomainException.Invalid("code", "请输入签到码，或提交当前位置（latitude、longitude）。");
        }
        await db.SaveChangesAsync(ct);
        return claim;
    }
}
