using FluentValidation;
using MediatR;
using Storefront.Web.Infrastructure.Behaviors;
using Storefront.Web.Infrastructure.Caching;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Identity;
using Storefront.Web.Infrastructure.Tenancy;

namespace Storefront.Web.Features.Catalog.Admin.Csv;

/// <summary>
/// Creates or updates products from a CSV (<see cref="ProductCsv"/>), matched by slug, rows grouped by product.
/// All or nothing: every row is checked first (its fields, against the other rows, against the store, and each
/// product through the domain's own rules on a throwaway copy), and any error anywhere means nothing is changed and
/// the answer is the list of errors by row and column. Only a clean file is applied, through Product.Create / Edit /
/// SetVariants, in the command's one transaction. A changed stock of an existing SKU is booked as a stock adjustment.
/// Reading: <see cref="CsvImportReader"/>; checks: <see cref="CsvImportChecks"/>; writing: <see cref="CsvImportWriter"/>.
/// </summary>
public static class ImportProductsCsv
{
    public const int MaxRows = 50_000;

    public const int MaxErrors = 500;

    public sealed record Command(string Csv) : ICommand<Result>, IChangesCatalog;

    /// <summary>What happened: imported, or not at all with <see cref="Errors"/> (the first <see cref="MaxErrors"/>).</summary>
    public sealed record Result(bool Imported, int Rows, int ProductsCreated, int ProductsUpdated, int Skus, int StockChanges,
        IReadOnlyList<RowError> Errors, int ErrorCount);

    /// <summary>One problem: the spreadsheet row (the header is row 1), the column, and what is wrong.</summary>
    public sealed record RowError(int Row, string Column, string Message);

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Csv).NotEmpty().WithMessage(_ => CatalogText.CsvEmpty)
                .MaximumLength(ProductCsv.MaxBytes).WithMessage(_ => string.Format(CatalogText.CsvTooLarge, ProductCsv.MaxBytes / 1024 / 1024));
        }
    }

    internal sealed class Handler(StorefrontDb db, TenantContext tenant, CurrentUser user, TimeProvider clock)
        : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var tenantId = tenant.RequiredId;
            var now = clock.GetUtcNow();
            var report = new CsvImportReport();

            var rows = CsvImportReader.Read(request.Csv, report);
            if (rows is null)
            {
                return report.Refused(0);
            }

            foreach (var row in rows)
            {
                CsvImportChecks.CheckFields(row, report);
            }

            var groups = rows.GroupBy(r => r.Slug).Select(g => new CsvProductRows(g.Key, [.. g])).ToList();
            CsvImportChecks.CheckAcrossRows(rows, groups, report);
            var store = await CsvStoreState.LoadAsync(db, rows, cancellationToken);
            foreach (var group in groups)
            {
                CsvImportChecks.CheckAgainstStore(group, store, report);
                if (!group.Rows.Any(report.Has))
                {
                    CsvImportChecks.DryRun(group, store, tenantId, now, report);
                }
            }

            if (report.Count > 0)
            {
                return report.Refused(rows.Count);
            }

            return await CsvImportWriter.ApplyAsync(db, user.Id, rows.Count, groups, store, tenantId, now, cancellationToken);
        }

    }

    internal static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/admin/catalog/products/import", async (HttpRequest http, IMediator mediator, CancellationToken ct) =>
            {
                var result = await mediator.Send(new Command(await ProductCsv.ReadUploadAsync(http, ct)), ct);
                return result.Imported
                    ? Results.Ok(result)
                    : Results.Problem(
                        title: string.Format(CatalogText.CsvRefused, result.ErrorCount),
                        statusCode: StatusCodes.Status400BadRequest,
                        type: "urn:storefront:csv-import",
                        extensions: new Dictionary<string, object?>
                        {
                            ["rowErrors"] = result.Errors,
                            ["errorCount"] = result.ErrorCount,
                            ["rows"] = result.Rows
                        });
            })
            .RequireAuthorization(Policies.Catalog).WithTags("Admin catalog").DisableAntiforgery()
            .WithDescription("The CSV as a multipart/form-data file, or as the request body (text/csv).")
            .Produces<Result>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
}
