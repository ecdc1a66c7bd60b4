using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Web.Data.Schema
{
    /// <inheritdoc />
    public partial class SecurityStamp : Microsoft.EntityFrameworkCore.Migrations.Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SecurityStamp",
                table: "AdminAccounts",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            // An account from before this migration gets a stamp of its own: cookies issued then carry none, so they
            // end here (one sign-in per browser after the upgrade), and sign-in copies this value into the new ones.
            migrationBuilder.Sql("UPDATE AdminAccounts SET SecurityStamp = lower(hex(randomblob(16)))");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumnInPlace(name: "SecurityStamp", table: "AdminAccounts");
        }
    }
}
