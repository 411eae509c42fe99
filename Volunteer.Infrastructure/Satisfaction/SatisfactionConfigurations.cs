using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Households;
using Volunteer.Domain.Members;
using Volunteer.Domain.Needs;
using Volunteer.Domain.Satisfaction;

namespace Volunteer.Infrastructure.Satisfaction;

/// <summary>The need's three-level satisfaction (the rest of <see cref="Need"/> is configured in the DbContext).</summary>
internal sealed class NeedSatisfactionConfiguration : IEntityTypeConfiguration<Need>
{
    public void Configure(EntityTypeBuilder<Need> e)
    {
        e.Property(x => x.Satisfaction).HasConversion<string>().HasMaxLength(32);
        e.Property(x => x.SatisfactionComment).HasMaxLength(SatisfactionTally.MaxCommentLength);
        e.HasIndex(x => new { x.CommunityId, x.SatisfactionRatedAt });
    }
}

internal sealed class SurveyConfiguration : IEntityTypeConfiguration<Survey>
{
    public void Configure(EntityTypeBuilder<Survey> e)
    {
        e.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Account>().WithMany().HasForeignKey(x => x.CreatedByAccountId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => new { x.CommunityId, x.OpensAt });
        e.HasIndex(x => new { x.StreetId, x.OpensAt });
        e.Property(x => x.Title).HasMaxLength(Survey.MaxTitleLength);
        e.Property(x => x.Description).HasMaxLength(Survey.MaxDescriptionLength);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.ToTable(t => t.HasCheckConstraint("CK_Surveys_Window", "\"ClosesAt\" > \"OpensAt\""));
    }
}

internal sealed class SurveyAnswerConfiguration : IEntityTypeConfiguration<SurveyAnswer>
{
    public void Configure(EntityTypeBuilder<SurveyAnswer> e)
    {
        e.HasOne<Survey>().WithMany().HasForeignKey(x => x.SurveyId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Member>().WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Household>().WithMany().HasForeignKey(x => x.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        // One answer per household per survey, however many of its members answer at once.
        e.HasIndex(x => new { x.SurveyId, x.HouseholdKey }).IsUnique().HasDatabaseName("UX_SurveyAnswers_Survey_Household");
        e.HasIndex(x => new { x.MemberId, x.AnsweredAt });
        e.Property(x => x.Level).HasConversion<string>().HasMaxLength(32);
        e.Property(x => x.Comment).HasMaxLength(SatisfactionTally.MaxCommentLength);
    }
}
