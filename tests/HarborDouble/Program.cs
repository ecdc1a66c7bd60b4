using System.Runtime.InteropServices;
using HarborDouble;

HarborDoubleOptions options;
try
{
    options = HarborDoubleArguments.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"{e.Message}\n{HarborDoubleArguments.Usage}");
    return 2;
}

await using var server = await HarborDoubleServer.StartAsync(options);
Console.WriteLine($"Harbor double {server.BaseUri} (registry {server.RegistryHost}, API {server.BaseUri}api/v2.0/)");
Console.WriteLine($"admin login: {server.AdminUser} / {server.AdminPassword}");
Console.WriteLine("Ctrl-C stops it.");

var stop = new TaskCompletionSource();
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
await stop.Task;
return 0;
