namespace Web;

/// <summary>What one app instance does when several share a queue: <see cref="All"/> serves pages and runs jobs (one
/// machine), <see cref="Web"/> serves pages and only enqueues, <see cref="Worker"/> runs jobs.</summary>
public enum DashboardRole { All, Web, Worker }
