using Volunteer.Domain.Common;
using Volunteer.Domain.Points;
using Volunteer.Domain.Tasks;
using static Volunteer.Tests.Domain.Builders;

namespace Volunteer.Tests.Domain;

public class PointsTests
{
    [Fact]
    public void A_balance_never_goes_negative()
    {
        var memberId = Guid.NewGuid();
        var account = PointsAccount.OpenFor(memberId, Now);
        account.Apply(LedgerEntry.ForAdjustment(memberId, 30, "补录", StaffId, null, null, Now));

        var spend = LedgerEntry.Create(memberId, LedgerEntryKind.Redeem, -31, 0, Guid.NewGuid(), "兑换", memberId, null, null, Now);
        Assert.Equal("points.insufficient", Assert.Throws<DomainException>(() => account.Apply(spend)).Code);
        Assert.Equal(30, account.Balance);

        var exact = LedgerEntry.Create(memberId, LedgerEntryKind.Redeem, -30, 0, Guid.NewGuid(), "兑换", memberId, null, null, Now);
        account.Apply(exact);
        Assert.Equal((0, 0), (account.Balance, exact.BalanceAfter));
    }

    [Fact]
    public void Earned_points_and_time_come_only_from_a_members_verified_claim()
    {
        var task = Task(points: 12, startsAt: Now.AddHours(1), endsAt: Now.AddHours(4));
        var member = Resident();
        var claim = task.Claim(Claimant.ForMember(member), Now);
        Assert.Throws<InvalidOperationException>(() => LedgerEntry.ForVerifiedService(claim, task, null, Now));

        claim.CheckIn(task, task.StartsAt);
        claim.CheckOut(task, task.StartsAt.AddMinutes(75));
        claim.Verify(task, StaffId, null, task.EndsAt);
        var entry = LedgerEntry.ForVerifiedService(claim, task, null, task.EndsAt);
        Assert.Equal((member.Id, LedgerEntryKind.Earn, 12, 75, claim.Id, task.CommunityId),
            (entry.MemberId, entry.Kind, entry.Amount, entry.Minutes, entry.SourceId, entry.CommunityId));
        Assert.Equal(Period.Of(task.EndsAt).Key, entry.Period);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100_001)]
    [InlineData(-100_001)]
    public void Adjustments_are_non_zero_and_bounded(int amount)
    {
        Assert.Equal("amount", Assert.Throws<DomainException>(() =>
            LedgerEntry.ForAdjustment(Guid.NewGuid(), amount, "原因", StaffId, null, null, Now)).Field);
    }

    [Fact]
    public void Adjustments_need_a_reason_and_are_their_own_source()
    {
        Assert.Equal("reason", Assert.Throws<DomainException>(() =>
            LedgerEntry.ForAdjustment(Guid.NewGuid(), -5, " ", StaffId, null, null, Now)).Field);
        var entry = LedgerEntry.ForAdjustment(Guid.NewGuid(), -5, "重复记分更正", StaffId, null, null, Now);
        Assert.Equal(entry.Id, entry.SourceId);
    }

    [Fact]
    public void Entry_kinds_keep_their_sign()
    {
        var member = Guid.NewGuid();
        Assert.Throws<ArgumentOutOfRangeException>(() => LedgerEntry.Create(member, LedgerEntryKind.Redeem, 10, 0, Guid.NewGuid(), "x", null, null, null, Now));
        Assert.Throws<ArgumentOutOfRangeException>(() => LedgerEntry.Create(member, LedgerEntryKind.Refund, -10, 0, Guid.NewGuid(), "x", null, null, null, Now));
        Assert.Throws<ArgumentOutOfRangeException>(() => LedgerEntry.Create(member, LedgerEntryKind.Earn, 5, -1, Guid.NewGuid(), "x", null, null, null, Now));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(99 * 60 + 59, 0)]
    [InlineData(100 * 60, 1)]
    [InlineData(300 * 60, 2)]
    [InlineData(600 * 60, 3)]
    [InlineData(1000 * 60, 4)]
    [InlineData(1499 * 60, 4)]
    [InlineData(1500 * 60, 5)]
    [InlineData(5000 * 60, 5)]
    public void Star_levels_follow_cumulative_hours(int minutes, int stars)
    {
        Assert.Equal(stars, StarLevel.ForMinutes(minutes));
    }

    [Fact]
    public void Hours_to_the_next_star_are_counted_down_and_end_at_five_stars()
    {
        Assert.Equal(100m, StarLevel.HoursToNext(0));
        Assert.Equal(199.5m, StarLevel.HoursToNext(100 * 60 + 30));
        Assert.Null(StarLevel.HoursToNext(1500 * 60));
    }
}

public class PeriodAndMaskingTests
{
    [Fact]
    public void A_month_is_counted_in_china_time()
    {
        // 2026-10-31 23:30 in Beijing is still October; 16:00 UTC is already 1 November there.
        Assert.Equal(new Period(2026, 10), Period.Of(new DateTimeOffset(2026, 10, 31, 15, 30, 0, TimeSpan.Zero)));
        Assert.Equal(new Period(2026, 11), Period.Of(new DateTimeOffset(2026, 10, 31, 16, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Periods_step_across_the_year_end()
    {
        Assert.Equal(new Period(2027, 1), new Period(2026, 12).Next());
        Assert.Equal(new Period(2025, 12), new Period(2026, 1).Previous());
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 16, 0, 0, TimeSpan.Zero), new Period(2026, 12).EndsAt);
        Assert.Equal(202612, new Period(2026, 12).Key);
        Assert.Equal(new Period(2026, 12), Period.FromKey(202612));
    }

    [Theory]
    [InlineData("2026-10", true)]
    [InlineData("2026-1", false)]
    [InlineData("2026-13", false)]
    [InlineData("9999-12", false)]
    [InlineData("3000-01", false)]
    [InlineData("1999-12", false)]
    [InlineData("2999-12", true)]
    [InlineData("2000-01", true)]
    [InlineData("+202-10", false)]
    [InlineData("26-10-01", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Periods_parse_from_yyyy_mm(string? text, bool ok)
    {
        Assert.Equal(ok, Period.TryParse(text, out var period));
        if (ok)
            Assert.Equal(text, period.ToString());
    }

    [Theory]
    [InlineData("张三明", "张*明")]
    [InlineData("张三", "张*")]
    [InlineData("欧阳娜娜", "欧**娜")]
    [InlineData("张", "张")]
    public void Names_are_masked_keeping_the_first_and_last_character(string name, string masked)
    {
        Assert.Equal(masked, Masking.Name(name));
    }

    [Fact]
    public void Phones_are_masked_in_the_middle()
    {
        Assert.Equal("138****5678", Masking.Phone("13812345678"));
        Assert.Null(Masking.Phone(null));
    }
}
