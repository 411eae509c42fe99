using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.WeChat;

namespace Volunteer.Infrastructure.Members;

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
