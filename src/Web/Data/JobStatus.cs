namespace Web.Data;

/// <summary>The words the pages and the end-to-end tests read (data-testid job-status).</summary>
public enum JobStatus { Queued, Running, Succeeded, Failed, Cancelled }
