using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Volunteer.Infrastructure.Persistence.Migrations.Postgres
{
    /// <summary>Hand-written, changes no model: notifications already written link to the mini-program's real pages (MiniProgramLinksSql).</summary>
    [DbContext(typeof(PostgresVolunteerDbContext))]
    [Migration("20261128150000_MiniProgramLinks")]
    public partial class MiniProgramLinks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(MiniProgramLinksSql.Up);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The old links led nowhere: nothing to restore.
        }
    }
}
