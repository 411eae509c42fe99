using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Volunteer.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AtHomeServiceAndWishes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "HiddenFromWall",
                table: "Tasks",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<double>(
                name: "Latitude",
                table: "Tasks",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "Longitude",
                table: "Tasks",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Wishes",
                table: "DualEvaluationEntries",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "CheckInDistanceMeters",
                table: "Claims",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CheckInMethod",
                table: "Claims",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ReceiptConfirmedAt",
                table: "Claims",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ReceiptConfirmedById",
                table: "Claims",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StaffConfirmationReason",
                table: "Claims",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ClaimPhotos",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClaimId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Width = table.Column<int>(type: "INTEGER", nullable: false),
                    Height = table.Column<int>(type: "INTEGER", nullable: false),
                    SizeBytes = table.Column<int>(type: "INTEGER", nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UploadedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    UploadedByStaff = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClaimPhotos", x => x.Id);
                    table.CheckConstraint("CK_ClaimPhotos_Sequence", "\"Sequence\" >= 1 AND \"Sequence\" <= 6");
                    table.ForeignKey(
                        name: "FK_ClaimPhotos_Claims_ClaimId",
                        column: x => x.ClaimId,
                        principalTable: "Claims",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PhotoBlobs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PhotoBlobs", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_CommunityId_Category_CreatedAt",
                table: "Tasks",
                columns: new[] { "CommunityId", "Category", "CreatedAt" });

            migrationBuilder.AddCheckConstraint(
                name: "CK_Tasks_Location",
                table: "Tasks",
                sql: "(\"Latitude\" IS NULL) = (\"Longitude\" IS NULL) AND (\"Latitude\" IS NULL OR (\"Latitude\" >= -90 AND \"Latitude\" <= 90 AND \"Longitude\" >= -180 AND \"Longitude\" <= 180))");

            migrationBuilder.CreateIndex(
                name: "IX_Claims_CheckInMethod_ReviewedAt",
                table: "Claims",
                columns: new[] { "CheckInMethod", "ReviewedAt" });

            migrationBuilder.AddCheckConstraint(
                name: "CK_Claims_StaffConfirmation",
                table: "Claims",
                sql: "(\"CheckInMethod\" = 'StaffConfirmed') = (\"StaffConfirmationReason\" IS NOT NULL)");

            migrationBuilder.CreateIndex(
                name: "UX_ClaimPhotos_Claim_Sequence",
                table: "ClaimPhotos",
                columns: new[] { "ClaimId", "Sequence" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ClaimPhotos");

            migrationBuilder.DropTable(
                name: "PhotoBlobs");

            migrationBuilder.DropIndex(
                name: "IX_Tasks_CommunityId_Category_CreatedAt",
                table: "Tasks");

            migrationBuilder.DropCheckConstraint(
                name: "CK_Tasks_Location",
                table: "Tasks");

            migrationBuilder.DropIndex(
                name: "IX_Claims_CheckInMethod_ReviewedAt",
                table: "Claims");

            migrationBuilder.DropCheckConstraint(
                name: "CK_Claims_StaffConfirmation",
                table: "Claims");

            migrationBuilder.DropColumn(
                name: "HiddenFromWall",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "Latitude",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "Longitude",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "Wishes",
                table: "DualEvaluationEntries");

            migrationBuilder.DropColumn(
                name: "CheckInDistanceMeters",
                table: "Claims");

            migrationBuilder.DropColumn(
                name: "CheckInMethod",
                table: "Claims");

            migrationBuilder.DropColumn(
                name: "ReceiptConfirmedAt",
                table: "Claims");

            migrationBuilder.DropColumn(
                name: "ReceiptConfirmedById",
                table: "Claims");

            migrationBuilder.DropColumn(
                name: "StaffConfirmationReason",
                table: "Claims");
        }
    }
}
