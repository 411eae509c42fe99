using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Volunteer.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddBuildingsPartyGroupsAndGridWorkers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "BuildingId",
                table: "Households",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "CentralHouseholdId",
                table: "Households",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "GridId",
                table: "Accounts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Buildings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CommunityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    GridId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Buildings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Buildings_Communities_CommunityId",
                        column: x => x.CommunityId,
                        principalTable: "Communities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Buildings_Grids_GridId",
                        column: x => x.GridId,
                        principalTable: "Grids",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CentralHouseholds",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    HouseholdId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PartyMemberId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DesignatedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CentralHouseholds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CentralHouseholds_Households_HouseholdId",
                        column: x => x.HouseholdId,
                        principalTable: "Households",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CentralHouseholds_Members_PartyMemberId",
                        column: x => x.PartyMemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PartyGroups",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    BuildingId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    LeaderMemberId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartyGroups", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PartyGroups_Buildings_BuildingId",
                        column: x => x.BuildingId,
                        principalTable: "Buildings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PartyGroups_Members_LeaderMemberId",
                        column: x => x.LeaderMemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Households_BuildingId",
                table: "Households",
                column: "BuildingId");

            migrationBuilder.CreateIndex(
                name: "IX_Households_CentralHouseholdId",
                table: "Households",
                column: "CentralHouseholdId");

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_GridId",
                table: "Accounts",
                column: "GridId");

            migrationBuilder.AddCheckConstraint(
                name: "CK_Accounts_GridWorkerHasGrid",
                table: "Accounts",
                sql: "(\"Role\" = 'GridWorker') = (\"GridId\" IS NOT NULL) AND (\"Role\" <> 'GridWorker' OR \"CommunityId\" IS NOT NULL)");

            migrationBuilder.CreateIndex(
                name: "IX_Buildings_GridId",
                table: "Buildings",
                column: "GridId");

            migrationBuilder.CreateIndex(
                name: "UX_Buildings_Community_Name",
                table: "Buildings",
                columns: new[] { "CommunityId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CentralHouseholds_PartyMemberId",
                table: "CentralHouseholds",
                column: "PartyMemberId");

            migrationBuilder.CreateIndex(
                name: "UX_CentralHouseholds_Household",
                table: "CentralHouseholds",
                column: "HouseholdId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PartyGroups_LeaderMemberId",
                table: "PartyGroups",
                column: "LeaderMemberId");

            migrationBuilder.CreateIndex(
                name: "UX_PartyGroups_Building",
                table: "PartyGroups",
                column: "BuildingId",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_Accounts_Grids_GridId",
                table: "Accounts",
                column: "GridId",
                principalTable: "Grids",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_Households_Buildings_BuildingId",
                table: "Households",
                column: "BuildingId",
                principalTable: "Buildings",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_Households_CentralHouseholds_CentralHouseholdId",
                table: "Households",
                column: "CentralHouseholdId",
                principalTable: "CentralHouseholds",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Accounts_Grids_GridId",
                table: "Accounts");

            migrationBuilder.DropForeignKey(
                name: "FK_Households_Buildings_BuildingId",
                table: "Households");

            migrationBuilder.DropForeignKey(
                name: "FK_Households_CentralHouseholds_CentralHouseholdId",
                table: "Households");

            migrationBuilder.DropTable(
                name: "CentralHouseholds");

            migrationBuilder.DropTable(
                name: "PartyGroups");

            migrationBuilder.DropTable(
                name: "Buildings");

            migrationBuilder.DropIndex(
                name: "IX_Households_BuildingId",
                table: "Households");

            migrationBuilder.DropIndex(
                name: "IX_Households_CentralHouseholdId",
                table: "Households");

            migrationBuilder.DropIndex(
                name: "IX_Accounts_GridId",
                table: "Accounts");

            migrationBuilder.DropCheckConstraint(
                name: "CK_Accounts_GridWorkerHasGrid",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "BuildingId",
                table: "Households");

            migrationBuilder.DropColumn(
                name: "CentralHouseholdId",
                table: "Households");

            migrationBuilder.DropColumn(
                name: "GridId",
                table: "Accounts");
        }
    }
}
