using Volunteer.Domain.Communities;
using Volunteer.Domain.Members;
using Volunteer.Domain.Tasks;

namespace Volunteer.Tests.Domain;

/// <summary>In-memory domain objects for tests that need no database.</summary>
internal static class Builders
{
    public static readonly DateTimeOffset Now = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);
    public static readonly Guid StaffId = Guid.NewGuid();

    public static Community Community() =>
        Volunteer.Domain.Communities.Community.Create(Guid.NewGuid(), "东门社区", CommunityKind.Urban, null, Now);

    public static TaskTerms Terms(int slots = 3, int points = 10, bool partyOnly = false, DateTimeOffset? startsAt = null,
        DateTimeOffset? endsAt = null) =>
        new("环境整治", "清理绿化带", TaskCategory.Environment, slots, points, startsAt ?? Now.AddHours(1),
            endsAt ?? Now.AddHours(3), "东门大街 1 号", partyOnly, null);

    public static ServiceTask Task(int slots = 3, int points = 10, bool partyOnly = false, DateTimeOffset? startsAt = null,
        DateTimeOffset? endsAt = null) =>
        ServiceTask.Publish(Guid.NewGuid(), Terms(slots, points, partyOnly, startsAt, endsAt), StaffId, Now);

    public static Member Resident(Community? home = null, bool confirmedPartyMember = false, Circumstances circumstances = Circumstances.None)
    {
        var member = Member.SignUpWithWeChat("openid-" + Guid.NewGuid().ToString("N"), Now);
        member.UpdateProfile("张伟", "13800001234");
        home ??= Community();
        member.MoveTo(home, null);
        member.SetCircumstances(circumstances);
        if (confirmedPartyMember)
        {
            member.DeclarePartyMembership("第一党支部", null, inService: false);
            member.ConfirmPartyMembership(StaffId, Now);
        }
        return member;
    }
}
