namespace HarborDouble.State;

/// <summary>
/// Harbor's database, in memory: users, robots, projects, repositories, artifacts, tags and blobs. One lock guards
/// it all; callers that build a response from several rows do it inside <see cref="Read{T}"/> to see one state.
/// </summary>
internal sealed partial class HarborStore
{
    public const string RobotPrefix = "robot$";

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<string, UserRecord> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RobotRecord> _robots = new(StringComparer.Ordinal);
    private long _userIds;
    private long _robotIds;

    public HarborStore(HarborDoubleOptions options, TimeProvider time)
    {
        _time = time;
        Admin = AddUser("admin", options.AdminPassword, sysAdmin: true);
        if (options.CreateLibraryProject)
            CreateProject("library", Admin, new Dictionary<string, string> { ["public"] = "true" }, -1, null);
    }

    /// <summary>The first system admin: owner of projects created by robots
    /// (docs/harbor.md#creating-projects).</summary>
    public UserRecord Admin { get; }

    public DateTimeOffset Now => _time.GetUtcNow();

    public T Read<T>(Func<T> read)
    {
        lock (_lock) return read();
    }

    public UserRecord AddUser(string name, string password, bool sysAdmin)
    {
        lock (_lock)
        {
            if (_users.ContainsKey(name)) throw new InvalidOperationException($"user {name} already exists");
            var user = new UserRecord(++_userIds, name, password, sysAdmin, Now);
            _users[name] = user;
            return user;
        }
    }

    public UserRecord? FindUser(string name)
    {
        lock (_lock) return _users.GetValueOrDefault(name);
    }

    public UserRecord? FindUser(long id)
    {
        lock (_lock) return _users.Values.FirstOrDefault(u => u.Id == id);
    }

    /// <summary>Adds `robot$name` (all projects) or `robot$project+name` and returns that full name.</summary>
    public string AddRobot(string name, string secret, string? project, IEnumerable<string> actions)
    {
        lock (_lock)
        {
            if (project is not null && FindProject(project) is null) throw new InvalidOperationException($"project {project} not found");
            var fullName = project is null ? $"{RobotPrefix}{name}" : $"{RobotPrefix}{project}+{name}";
            if (_robots.ContainsKey(fullName)) throw new InvalidOperationException($"robot {fullName} already exists");
            _robots[fullName] = new RobotRecord(++_robotIds, fullName, secret, project, actions.ToHashSet(StringComparer.Ordinal));
            return fullName;
        }
    }

    public RobotRecord? FindRobot(string fullName)
    {
        lock (_lock) return _robots.GetValueOrDefault(fullName);
    }
}
