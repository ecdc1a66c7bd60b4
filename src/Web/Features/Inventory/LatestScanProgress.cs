using Migration.Engine.Inventory;

namespace Web.Features.Inventory;

/// <summary>The scanner's <see cref="IProgress{T}"/>: keeps the furthest progress seen (reports come from many threads,
/// not always in order) and says it changed. Cheap; never blocks.</summary>
public sealed class LatestScanProgress : IProgress<ScanProgress>
{
    private ScanProgress _latest = new(0, 0, null);
    private readonly Lock _gate = new();

    public Action Changed { get; set; } = () => { };

    public ScanProgress Latest
    {
        get
        {
            lock (_gate) return _latest;
        }
    }

    public void Report(ScanProgress value)
    {
        lock (_gate)
        {
            if (value.RepositoriesDone < _latest.RepositoriesDone) return;
            _latest = value;
        }
        Changed();
    }
}
