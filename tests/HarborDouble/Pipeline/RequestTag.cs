namespace HarborDouble.Pipeline;

/// <summary>What a handler learned about its request (kind, project, digest), read back by the request log.</summary>
internal sealed class RequestTag
{
    private static readonly object Key = new();

    public HarborRequestKind Kind { get; set; }
    public string? Project { get; set; }
    public string? Digest { get; set; }

    public static RequestTag Of(HttpContext context)
    {
        if (context.Items.TryGetValue(Key, out var value) && value is RequestTag tag) return tag;
        tag = new RequestTag();
        context.Items[Key] = tag;
        return tag;
    }
}
