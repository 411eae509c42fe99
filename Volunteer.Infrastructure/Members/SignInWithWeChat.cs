using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Domain.Points;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.WeChat;

namespace Volunteer.Infrastructure.Members;

/// <summary>Residents sign in from the mini-program; first sign-in creates their member record.</summary>
public sealed class SignInWithWeChat(VolunteerDbContext db, IWeChatClient wechat, TimeProvider clock) : IUseCase
{
    public async Task<Member> ExecuteAsync(string? code, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 128)
            throw DomainException.Invalid("code", "请提供 wx.login 返回的登录凭证 code。");
        var identity = await wechat.ExchangeCodeAsync(code.Trim(), ct);

        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.OpenId == identity.OpenId, ct);
        if (member is not null)
        {
            if (identity.UnionId is { } unionId && member.UnionId != unionId)
                await db.Members.Where(m => m.Id == member.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.UnionId, unionId), ct);
            return member;
        }

        var now = clock.GetUtcNow();
        member = Member.SignUpWithWeChat(identity.OpenId, now);
        member.RememberUnionId(identity.UnionId);
        db.Members.Add(member);
        db.PointsAccounts.Add(PointsAccount.OpenFor(member.Id, now));
        try
        {
            await db.SaveChangesAsync(ct);
            return member;
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            // The same user signed in twice at once; the other request created the member.
            db.ChangeTracker.Clear();
            return await db.Members.AsNoTracking().SingleAsync(m => m.OpenId == identity.OpenId, ct);
        }
    }
}
