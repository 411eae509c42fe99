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

/// <summary>
/// Content security for what residents write (msg_sec_check v2): risky text is refused with 422
/// <c>content.rejected</c> before anything is saved; text WeChat wants a human to look at is
/// accepted but held (<see cref="ContentVerdict.Review"/>) until staff release it. Staff and text
/// without an author's openid are not checked.
/// </summary>
public sealed class ContentCheck(VolunteerDbContext db, IWeChatServerApi wechat)
{
    public async Task<ContentVerdict> CheckAsync(Actor actor, ContentScene scene, CancellationToken ct, params string?[] texts)
    {
        var content = string.Join("\n", texts.Where(t => !string.IsNullOrWhiteSpace(t)));
        if (!actor.IsResident || content.Length == 0)
            return ContentVerdict.Pass;
        var openId = await db.Members.Where(m => m.Id == actor.Id).Select(m => m.OpenId).SingleOrDefaultAsync(ct);
        if (openId is null)
            return ContentVerdict.Pass;
        var verdict = await wechat.CheckTextAsync(openId, content, scene, ct);
        if (verdict == ContentVerdict.Risky)
            throw new DomainException(ErrorKind.Unprocessable, "content.rejected", "内容含有违规信息，未能提交，请修改后重试。");
        return verdict;
    }
}
