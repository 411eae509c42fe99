using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Infrastructure.Households;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.Notifications;

namespace Volunteer.Api.Me;

public static class MeEndpoints
{
    public static IEndpointRouteBuilder MapMe(this IEndpointRouteBuilder app)
    {
        var me = app.MapApiGroup("/api/v1/me", "我的");

        me.MapGet("/", Get).WithName("GetMe")
            .WithSummary("我的资料")
            .WithDescription("居民返回姓名、手机号、所属社区与网格、党员身份、所在住户与户积分（household）；工作人员账号返回角色与所属社区或单位。都带未读消息数 unreadNotifications。");

        me.MapPut("/", Update).WithName("UpdateMe")
            .WithSummary("修改我的资料（居民）")
            .WithDescription("只修改请求体中给出的字段，未给出的保持不变；phone、communityId、gridId 传 null 表示清除。"
                + "party 为党员身份申报：与原申报相同则保持确认状态，有变化须由社区工作人员重新确认；party 传 null 撤回尚未确认的申报"
                + "（已确认的不能这样清除，409 party.confirmed）。更换社区不改变党员身份。")
            .Problems(400, 403, 409);

        return app;
    }

    private static async Task<Ok<ProfileResponse>> Get(ClaimsPrincipal user, MemberQueries members, NotificationQueries notifications,
        HouseholdQueries households, CancellationToken ct)
    {
        var actor = user.Actor();
        var profile = actor.IsResident
            ? ProfileResponse.Of(await members.OwnMemberAsync(actor, ct))
                with { Household = MyHouseholdResponse.Of(await households.OwnAsync(actor.Id, ct)) }
            : ProfileResponse.Of(await members.OwnAccountAsync(actor, ct));
        return TypedResults.Ok(profile with { UnreadNotifications = await notifications.UnreadCountAsync(actor, ct) });
    }

    private static async Task<Ok<ProfileResponse>> Update(UpdateProfileRequest body, ClaimsPrincipal user, UpdateMyProfile useCase,
        HouseholdQueries households, CancellationToken ct)
    {
        var party = body.PartyChange.IsSet
            ? Optional<PartyDeclaration?>.To(body.Party is { } p ? new PartyDeclaration(p.Branch!, p.WorkUnit, p.InService ?? false) : null)
            : Optional<PartyDeclaration?>.Unchanged;
        var change = new ProfileChange(body.NameChange, body.PhoneChange, body.CommunityChange, body.GridChange, party);
        var member = await useCase.ExecuteAsync(user.Actor(), change, ct);
        return TypedResults.Ok(ProfileResponse.Of(member) with { Household = MyHouseholdResponse.Of(await households.OwnAsync(member.Id, ct)) });
    }
}
