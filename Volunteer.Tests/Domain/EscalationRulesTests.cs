using Volunteer.Domain.Common;
using Volunteer.Domain.Escalations;
using Volunteer.Domain.Needs;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Escalations;
using static Volunteer.Tests.Domain.Builders;

namespace Volunteer.Tests.Domain;

/// <summary>社区呼叫、街道吹哨、部门报到: the rules of an escalation, without a database.</summary>
public class EscalationRulesTests
{
    private static readonly Guid StreetId = Guid.NewGuid();
    private static readonly Guid AdminId = Guid.NewGuid();
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    private static Need PendingNeed(Guid? postedBy = null) =>
        Need.Post(Resident(), new NeedDetails("南门夜市占道经营", "油烟扰民", TaskCategory.Other, "南门", null, null), postedBy, Now);

    private static Escalation Raised(Need? need = null) => Escalation.Raise(need ?? PendingNeed(), StreetId, StaffId, "需城管执法", Now);

    private static Department Dept(string name = "城管中队", Guid? street = null) => Department.Create(street ?? StreetId, name, Now);

    [Fact]
    public void Raising_a_pending_need_takes_it_out_of_review_and_opens_an_escalation_with_its_first_timeline_row()
    {
        var need = PendingNeed();
        var escalation = Raised(need);

        Assert.Equal(NeedStatus.Escalated, need.Status);
        Assert.Equal((EscalationState.Open, need.Id, need.RequesterId, need.CommunityId), (escalation.State, escalation.NeedId, escalation.RequesterId, escalation.CommunityId));
        var raised = Assert.Single(escalation.Timeline);
        Assert.Equal((EscalationEventKind.Raised, StaffId, "需城管执法"), (raised.Kind, raised.ActorAccountId, raised.Note));
        // The need left the review queue: it can be neither approved nor escalated again.
        Assert.Equal("need.notPending", Assert.Throws<DomainException>(() => need.Reject("重复", StaffId, Now)).Code);
        Assert.Equal("need.notPending", Assert.Throws<DomainException>(() => Raised(need)).Code);
    }

    [Fact]
    public void Only_a_pending_need_can_be_escalated_and_a_reason_is_required()
    {
        var approved = PendingNeed();
        approved.Approve(Terms(), StaffId, Now);
        Assert.Equal("need.notPending", Assert.Throws<DomainException>(() => Raised(approved)).Code);

        var need = PendingNeed();
        Assert.Equal("reason", Assert.Throws<DomainException>(() => Escalation.Raise(need, StreetId, StaffId, "  ", Now)).Field);
        Assert.Equal(NeedStatus.Pending, need.Status);
    }

    [Fact]
    public void Dispatch_needs_departments_of_the_same_street_and_a_deadline_in_the_future()
    {
        var escalation = Raised();
        Assert.Equal("departmentIds", Assert.Throws<DomainException>(() => escalation.Dispatch([], Now.AddDays(3), Day, AdminId, Now)).Field);
        Assert.Equal("departmentIds", Assert.Throws<DomainException>(() =>
            escalation.Dispatch([Dept(street: Guid.NewGuid())], Now.AddDays(3), Day, AdminId, Now)).Field);
        Assert.Equal("dueAt", Assert.Throws<DomainException>(() => escalation.Dispatch([Dept()], Now, Day, AdminId, Now)).Field);
        Assert.Equal(EscalationState.Open, escalation.State);
        Assert.Empty(escalation.Assignments);
    }

    [Fact]
    public void A_second_dispatch_adds_departments_and_keeps_the_first_ones_deadline()
    {
        var escalation = Raised();
        var urban = Dept();
        var housing = Dept("住建服务站");
        escalation.Dispatch([urban], Now.AddDays(3), Day, AdminId, Now);
        var added = escalation.Dispatch([urban, housing], Now.AddDays(5), Day, AdminId, Now.AddHours(1));

        Assert.Equal([housing.Id], added.Select(a => a.DepartmentId));
        Assert.Equal(EscalationState.Dispatched, escalation.State);
        Assert.Equal(Now.AddDays(3), escalation.Assignments.Single(a => a.DepartmentId == urban.Id).DueAt);
        Assert.Equal(Now.AddDays(5), escalation.Assignments.Single(a => a.DepartmentId == housing.Id).DueAt);
        Assert.Equal("escalation.alreadyDispatched", Assert.Throws<DomainException>(() =>
            escalation.Dispatch([urban], Now.AddDays(4), Day, AdminId, Now)).Code);
    }

    [Fact]
    public void The_report_in_is_due_within_the_configured_time_but_never_after_the_deadline()
    {
        var escalation = Raised();
        var soon = escalation.Dispatch([Dept()], Now.AddDays(3), Day, AdminId, Now).Single();
        var urgent = escalation.Dispatch([Dept("派出所")], Now.AddHours(6), Day, AdminId, Now).Single();
        Assert.Equal((Now.AddDays(1), Now.AddDays(3)), (soon.AcknowledgeDueAt, soon.DueAt));
        Assert.Equal(Now.AddHours(6), urgent.AcknowledgeDueAt);
    }

    [Fact]
    public void Each_department_reports_in_once_then_resolves_and_the_last_resolution_resolves_the_escalation()
    {
        var escalation = Raised();
        var urban = Dept();
        var housing = Dept("住建服务站");
        escalation.Dispatch([urban, housing], Now.AddDays(3), Day, AdminId, Now);
        var urbanStaff = Guid.NewGuid();

        Assert.Equal("escalation.notAcknowledged", Assert.Throws<DomainException>(() =>
            escalation.Resolve(urban.Id, urbanStaff, "已取缔", Now.AddHours(2))).Code);
        escalation.Acknowledge(urban.Id, urbanStaff, Now.AddHours(1));
        Assert.Equal("escalation.alreadyAcknowledged", Assert.Throws<DomainException>(() =>
            escalation.Acknowledge(urban.Id, urbanStaff, Now.AddHours(1))).Code);
        Assert.Equal("escalation.notFound", Assert.Throws<DomainException>(() =>
            escalation.Acknowledge(Guid.NewGuid(), urbanStaff, Now.AddHours(1))).Code);

        escalation.Resolve(urban.Id, urbanStaff, "已取缔占道摊点", Now.AddHours(5));
        Assert.Equal(EscalationState.Dispatched, escalation.State);
        Assert.Equal("escalation.alreadyResolved", Assert.Throws<DomainException>(() =>
            escalation.Resolve(urban.Id, urbanStaff, "再次", Now.AddHours(6))).Code);

        escalation.Acknowledge(housing.Id, Guid.NewGuid(), Now.AddHours(2));
        escalation.Resolve(housing.Id, Guid.NewGuid(), "已修复消防通道", Now.AddHours(8));
        Assert.Equal((EscalationState.Resolved, Now.AddHours(8)), (escalation.State, escalation.ResolvedAt));
        Assert.Equal("escalation.resolved", Assert.Throws<DomainException>(() =>
            escalation.Dispatch([Dept("市场监管")], Now.AddDays(3), Day, AdminId, Now.AddHours(9))).Code);
        Assert.Equal(
            [EscalationEventKind.Raised, EscalationEventKind.Dispatched, EscalationEventKind.Dispatched, EscalationEventKind.Acknowledged,
                EscalationEventKind.Resolved, EscalationEventKind.Acknowledged, EscalationEventKind.Resolved, EscalationEventKind.Closed],
            escalation.Timeline.Select(t => t.Kind));
    }

    [Fact]
    public void Deadlines_are_marked_overdue_once_and_a_late_report_in_counts_as_overdue_too()
    {
        var escalation = Raised();
        var urban = Dept();
        var housing = Dept("住建服务站");
        escalation.Dispatch([urban, housing], Now.AddDays(3), Day, AdminId, Now);
        escalation.Acknowledge(housing.Id, Guid.NewGuid(), Now.AddHours(1));

        Assert.Empty(escalation.MarkOverdue(Now.AddHours(23)));
        var first = escalation.MarkOverdue(Now.AddDays(2));
        Assert.Equal([(urban.Id, EscalationEventKind.AcknowledgementOverdue)], first.Select(m => (m.Assignment.DepartmentId, m.Kind)));
        Assert.Empty(escalation.MarkOverdue(Now.AddDays(2).AddMinutes(5)));

        var late = escalation.MarkOverdue(Now.AddDays(4));
        Assert.Equal([(urban.Id, EscalationEventKind.ResolutionOverdue), (housing.Id, EscalationEventKind.ResolutionOverdue)],
            late.Select(m => (m.Assignment.DepartmentId, m.Kind)).OrderBy(m => m.Item1 == urban.Id ? 0 : 1));
        Assert.Empty(escalation.MarkOverdue(Now.AddDays(10)));

        // A department reporting in after its deadline, before any job ran, is late all the same.
        var other = Raised();
        var police = Dept("派出所");
        other.Dispatch([police], Now.AddDays(3), Day, AdminId, Now);
        var assignment = other.Acknowledge(police.Id, Guid.NewGuid(), Now.AddDays(2));
        Assert.True(assignment.IsOverdue);
        Assert.Empty(other.MarkOverdue(Now.AddDays(2)));
    }

    [Fact]
    public void The_resident_rates_once_after_resolution_and_staff_rate_only_for_a_need_they_posted()
    {
        var escalation = Raised();
        var urban = Dept();
        escalation.Dispatch([urban], Now.AddDays(3), Day, AdminId, Now);
        Assert.Equal("escalation.notResolved", Assert.Throws<DomainException>(() =>
            escalation.Rate(EscalationSatisfaction.Satisfied, null, escalation.RequesterId, null, Now)).Code);
        escalation.Acknowledge(urban.Id, Guid.NewGuid(), Now.AddHours(1));
        escalation.Resolve(urban.Id, Guid.NewGuid(), "已取缔", Now.AddHours(2));

        Assert.Equal("escalation.rateForResident", Assert.Throws<DomainException>(() =>
            escalation.Rate(EscalationSatisfaction.Satisfied, null, null, StaffId, Now.AddHours(3))).Code);
        Assert.Equal("level", Assert.Throws<DomainException>(() =>
            escalation.Rate((EscalationSatisfaction)7, null, escalation.RequesterId, null, Now.AddHours(3))).Field);
        escalation.Rate(EscalationSatisfaction.BasicallySatisfied, "摊贩少了", escalation.RequesterId, null, Now.AddHours(3));
        Assert.Equal((EscalationSatisfaction.BasicallySatisfied, "摊贩少了"), (escalation.Satisfaction, escalation.SatisfactionComment));
        Assert.Equal("escalation.alreadyRated", Assert.Throws<DomainException>(() =>
            escalation.Rate(EscalationSatisfaction.Dissatisfied, null, escalation.RequesterId, null, Now.AddHours(4))).Code);
        Assert.Equal("基本满意：摊贩少了", escalation.Timeline.Last().Note);

        // 代下单: staff record the verdict of a resident without a smartphone.
        var forElder = Raised(PendingNeed(postedBy: StaffId));
        forElder.Dispatch([urban], Now.AddDays(3), Day, AdminId, Now);
        forElder.Acknowledge(urban.Id, Guid.NewGuid(), Now.AddHours(1));
        forElder.Resolve(urban.Id, Guid.NewGuid(), "已处理", Now.AddHours(2));
        forElder.Rate(EscalationSatisfaction.Satisfied, null, null, StaffId, Now.AddHours(3));
        Assert.Equal(StaffId, forElder.Timeline.Last().ActorAccountId);
    }

    [Fact]
    public void A_department_name_is_required_and_at_most_fifty_characters()
    {
        Assert.Equal("name", Assert.Throws<DomainException>(() => Department.Create(StreetId, " ", Now)).Field);
        Assert.Equal("name", Assert.Throws<DomainException>(() => Department.Create(StreetId, new string('城', 51), Now)).Field);
        Assert.Equal("城管中队", Department.Create(StreetId, " 城管中队 ", Now).Name);
    }

    [Theory]
    [InlineData(new double[] { }, null)]
    [InlineData(new double[] { 30 }, 30.0)]
    [InlineData(new double[] { 90, 10, 30 }, 30.0)]
    [InlineData(new double[] { 40, 10, 30, 100 }, 35.0)]
    public void The_median_is_the_middle_value_or_the_mean_of_the_two_middle_values(double[] values, double? median) =>
        Assert.Equal(median, EscalationStatisticsQueries.Median(values));
}
