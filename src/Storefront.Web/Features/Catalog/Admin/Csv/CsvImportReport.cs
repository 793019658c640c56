namespace Storefront.Web.Features.Catalog.Admin.Csv;

/// <summary>The errors found so far, and which rows have any.</summary>
internal sealed class CsvImportReport
{
    private readonly List<ImportProductsCsv.RowError> _errors = [];
    private readonly HashSet<int> _rows = [];

    public int Count { get; private set; }

    public void Add(CsvRow row, string column, string message) => Add(row.Number, column, message);

    public void Add(int row, string column, string message)
    {
        Count++;
        _rows.Add(row);
        if (_errors.Count < ImportProductsCsv.MaxErrors)
        {
            _errors.Add(new ImportProductsCsv.RowError(row, column, message));
        }
    }

    public bool Has(CsvRow row) => _rows.Contains(row.Number);

    public ImportProductsCsv.Result Refused(int rows) =>
        new(false, rows, 0, 0, 0, 0, [.. _errors.OrderBy(e => e.Row)], Count);
}
