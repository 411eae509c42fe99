using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.Notifications;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Api.Me;

public static class MeEndpoints
{
    public static IEndpointRouteBuilder MapMe(this IEndpointRouteBuilder app)
    {
        var me = app.MapApiGroup("/api/v1/me", "我的");

        me.MapGet("/", Get).WithName("GetMe")
            .WithSummary("我的资料")
            .WithDescription("居民返回姓名、手机号、所属社区与网格、党员身份；工作人员账号返回角色与所属社区或单位。都带未读消息数 unreadNotifications。");

        me.MapPut("/", Update).WithName("UpdateMe")
            .WithSummary("修改我的资料（居民）")
            .WithDescription("整体替换资料。申报或修改党员身份、更换社区后，须由社区工作人员确认后党员身份才生效。")
            .Problems(400, 403, 409);

        return app;
    }

    private static async Task<Ok<ProfileResponse>> Get(ClaimsPrincipal user, VolunteerDbContext db, NotificationQueries notifications,
        CancellationToken ct)
    {
        var actor = user.Actor();
        var profile = actor.IsResident
            ? ProfileResponse.Of(await db.Members.AsNoTracking().SingleAsync(m => m.Id == actor.Id, ct))
            : ProfileResponse.Of(await db.Accounts.AsNoTracking().SingleAsync(a => a.Id == actor.Id, ct));
        return TypedResults.Ok(profile with { UnreadNotifications = await notifications.UnreadCountAsync(actor, ct) });
    }

    private static async Task<Ok<ProfileResponse>> Update(UpdateProfileRequest body, ClaimsPrincipal user, UpdateMyProfile useCase, CancellationToken ct)
    {
        var party = body.Party is { } p ? new PartyDeclaration(p.Branch!, p.WorkUnit, p.InService ?? false) : null;
        var member = await useCase.ExecuteAsync(user.Actor(), new ProfileChange(body.Name!, body.Phone, body.CommunityId, body.GridId, party), ct);
        return TypedResults.Ok(ProfileResponse.Of(member));
    }
}
