using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.WeChat;

namespace Volunteer.Infrastructure.Members;

/// <summary>The getPhoneNumber button: WeChat's verified number becomes the profile's phone.</summary>
public sealed class BindPhone(VolunteerDbContext db, IWeChatServerApi wechat, TimeProvider clock) : IUseCase
{
    public async Task<Member> ExecuteAsync(Actor actor, string? code, CancellationToken ct)
    {
        actor.EnsureResident();
        if (string.IsNullOrWhiteSpace(code) || code.Length > 128)
            throw DomainException.Invalid("code", "请提供手机号授权按钮（getPhoneNumber）返回的 code。");
        var phone = await wechat.GetPhoneNumberAsync(code.Trim(), ct);
        var member = await db.Members.SingleAsync(m => m.Id == actor.Id, ct);
        member.BindVerifiedPhone(phone, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return member;
    }
}
