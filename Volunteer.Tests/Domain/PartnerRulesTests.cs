using Volunteer.Domain.Common;
using Volunteer.Domain.Partners;

namespace Volunteer.Tests.Domain;

public sealed class PartnerRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 10, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 10);

    private static Partner NewPartner() => Partner.Create(Guid.NewGuid(), "老王理发店", PartnerKind.Merchant, null, null, Now);

    [Fact]
    public void A_badge_is_held_once_and_its_revocation_is_kept()
    {
        var partner = NewPartner();
        var admin = Guid.NewGuid();
        partner.GrantBadge(BadgeKind.PartyMemberModelShop, admin, Now);
        Assert.Equal("partner.badgeAlreadyGranted", Assert.Throws<DomainException>(() => partner.GrantBadge(BadgeKind.PartyMemberModelShop, admin, Now)).Code);
        partner.GrantBadge(BadgeKind.BranchRecommendedShop, admin, Now);
        Assert.Equal([BadgeKind.PartyMemberModelShop, BadgeKind.BranchRecommendedShop], partner.CurrentBadges);

        partner.RevokeBadge(BadgeKind.PartyMemberModelShop, admin, Now.AddDays(1));
        Assert.Equal([BadgeKind.BranchRecommendedShop], partner.CurrentBadges);
        Assert.Equal("partner.badgeNotGranted", Assert.Throws<DomainException>(() => partner.RevokeBadge(BadgeKind.PartyMemberModelShop, admin, Now)).Code);

        partner.GrantBadge(BadgeKind.PartyMemberModelShop, admin, Now.AddDays(2));
        Assert.Equal(3, partner.Badges.Count);
        var revoked = Assert.Single(partner.Badges, b => !b.IsCurrent);
        Assert.Equal((admin, Now.AddDays(1)), (revoked.RevokedByAccountId, revoked.RevokedAt));
    }

    [Fact]
    public void An_agreement_is_in_force_between_its_dates_inclusive_until_terminated()
    {
        var agreement = CoBuildingAgreement.Sign(Guid.NewGuid(), Guid.NewGuid(), Today, Today.AddDays(10), Guid.NewGuid(), Now);
        Assert.False(agreement.InForceOn(Today.AddDays(-1)));
        Assert.True(agreement.InForceOn(Today));
        Assert.True(agreement.InForceOn(Today.AddDays(10)));
        Assert.False(agreement.InForceOn(Today.AddDays(11)));

        agreement.Terminate(Guid.NewGuid(), Now);
        Assert.False(agreement.InForceOn(Today));
        Assert.Equal("agreement.terminated", Assert.Throws<DomainException>(() => agreement.Terminate(Guid.NewGuid(), Now)).Code);
        agreement.Renew(Today, Today.AddYears(1), Now);
        Assert.True(agreement.InForceOn(Today));
    }

    [Fact]
    public void Agreement_dates_must_make_sense()
    {
        Assert.Equal("endsOn", Assert.Throws<DomainException>(() =>
            CoBuildingAgreement.Sign(Guid.NewGuid(), Guid.NewGuid(), Today, Today.AddDays(-1), Guid.NewGuid(), Now)).Field);
        Assert.Equal("endsOn", Assert.Throws<DomainException>(() =>
            CoBuildingAgreement.Sign(Guid.NewGuid(), Guid.NewGuid(), Today.AddYears(-2), Today.AddDays(-1), Guid.NewGuid(), Now)).Field);
        Assert.Equal("endsOn", Assert.Throws<DomainException>(() =>
            CoBuildingAgreement.Sign(Guid.NewGuid(), Guid.NewGuid(), Today, Today.AddYears(11), Guid.NewGuid(), Now)).Field);
    }

    [Fact]
    public void Agreement_days_are_China_dates()
    {
        // 2026-11-10 17:00 UTC is already 2026-11-11 in China.
        Assert.Equal(new DateOnly(2026, 11, 11), CoBuildingAgreement.Today(new DateTimeOffset(2026, 11, 10, 17, 0, 0, TimeSpan.Zero)));
    }
}
