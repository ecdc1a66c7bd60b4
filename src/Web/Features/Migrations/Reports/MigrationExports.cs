using System.Text;
using Web.Features.Shared;

namespace Web.Features.Migrations;

/// <summary>The downloadable report of a finished migration: JSON (every image and the verification) or CSV.</summary>
public static class MigrationExports
{
    public static RouteGroupBuilder MapMigrationExports(this RouteGroupBuilder endpoints)
    {
        endpoints.MapGet("/migrations/{id:int}/report.json", async (int id, MigrationService migrations) =>
            await migrations.ReportJsonAsync(id) is { } report ? Results.Text(report, "application/json", Encoding.UTF8) : Results.NotFound());
        endpoints.MapGet("/migrations/{id:int}/report.csv", async (int id, MigrationService migrations) =>
        {
            if (await migrations.ReportAsync(id) is not { } report) return Results.NotFound();
            var csv = new StringBuilder("source_repository,reference,target_repository,digest,status,bytes_uploaded,error\n");
            foreach (var image in report.Images)
            {
                csv.AppendJoin(',', new[]
                {
                    image.SourceRepository, image.Reference, image.TargetRepository, image.Digest,
                    System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(image.Status.ToString()), image.BytesUploaded.ToString(System.Globalization.CultureInfo.InvariantCulture), image.Error ?? "",
                }.Select(Csv.Quote)).Append('\n');
            }
            return Results.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv", $"migration-{id}.csv");
        });
        return endpoints;
    }
}
