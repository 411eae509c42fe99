using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Members;
using Volunteer.Domain.Partners;

namespace Volunteer.Infrastructure.Members;

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> e)
    {
        e.HasIndex(x => x.Username).IsUnique();
        e.Property(x => x.Username).HasMaxLength(32);
        e.Property(x => x.PasswordHash).HasMaxLength(200);
        e.Property(x => x.DisplayName).HasMaxLength(30);
        e.HasOne<Street>().WithMany().HasForeignKey(x => x.StreetId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Partner>().WithMany().HasForeignKey(x => x.PartnerId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Grid>().WithMany().HasForeignKey(x => x.GridId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Domain.Escalations.Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.ToTable(t =>
        {
            t.HasCheckConstraint("CK_Accounts_DepartmentStaffHasDepartment", "(\"Role\" = 'DepartmentStaff') = (\"DepartmentId\" IS NOT NULL)");
            t.HasCheckConstraint("CK_Accounts_StaffHasCommunity", "\"Role\" <> 'CommunityStaff' OR \"CommunityId\" IS NOT NULL");
            t.HasCheckConstraint("CK_Accounts_PartnerStaffHasPartner", "\"Role\" <> 'PartnerStaff' OR \"PartnerId\" IS NOT NULL");
            t.HasCheckConstraint("CK_Accounts_GridWorkerHasGrid",
                "(\"Role\" = 'GridWorker') = (\"GridId\" IS NOT NULL) AND (\"Role\" <> 'GridWorker' OR \"CommunityId\" IS NOT NULL)");
        });
    }
}
