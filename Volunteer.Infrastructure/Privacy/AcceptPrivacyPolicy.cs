using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Volunteer.Domain.Audit;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Domain.Needs;
using Volunteer.Domain.Notifications;
using Volunteer.Domain.Points;
using Volunteer.Domain.Privacy;
using Volunteer.Domain.Rankings;
using Volunteer.Domain.Recognition;
using Volunteer.Domain.Rewards;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Audit;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Photos;

namespace Volunteer.Infrastructure.Privacy;

/// <summary>
/// Records that a member accepted a version of the privacy policy at sign-in. Only the current
/// version can be accepted; accepting it again records nothing new.
/// </summary>
public sealed class AcceptPrivacyPolicy(VolunteerDbContext db, TimeProvider clock, IOptions<PrivacyOptions> options) : IUseCase
{
    public async Task<bool> ExecuteAsync(Guid memberId, string? acceptedVersion, CancellationToken ct)
    {
        var current = options.Value.PolicyVersion;
        if (acceptedVersion is not null)
        {
            if (acceptedVersion != current)
                throw DomainException.Invalid("policyVersion", $"隐私政策已更新为 {current} 版，请阅读并同意最新版本后再登录。");
            if (!await db.Consents.AnyAsync(c => c.MemberId == memberId && c.PolicyVersion == current, ct))
            {
                db.Consents.Add(Consent.Accept(memberId, current, clock.GetUtcNow()));
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
                {
                    db.ChangeTracker.Clear(); // two sign-ins at once: the other one recorded it
                }
            }
            return true;
        }
        return await db.Consents.AnyAsync(c => c.MemberId == memberId && c.PolicyVersion == current, ct);
    }
}
