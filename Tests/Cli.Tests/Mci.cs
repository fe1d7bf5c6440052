using System.Reflection;

namespace Mci.Cli.Tests;

/// <summary>What one in-process run of mci printed and returned.</summary>
public sealed record CliRun(int Exit, string Out, string Err)
{
    public string All => Out + Err;
    public override string ToString() => $"exit {Exit}\n--- stdout\n{Out}\n--- stderr\n{Err}";
}

/// <summary>Runs mci in-process, exactly as `dotnet run --project Cli -- ARGS` runs it, with output captured as plain text.</summary>
public static class Mci
{
    public static string RepoRoot => typeof(Mci).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

    /// <summary>The repository's own settings, plus this assembly's test workflow activities.</summary>
    internal static CliSettings Settings => new() { RepoRoot = RepoRoot, ExtraAssemblies = new[] { typeof(Mci).Assembly } };

    public static CliRun Run(params string[] args) => Run(Settings, args);

    internal static CliRun Run(CliSettings settings, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = MciCli.Run(args, Terminal.Plain(output, error, 220), settings);
        return new CliRun(exit, output.ToString(), error.ToString());
    }
}

/// <summary>A folder under the temp directory, deleted when disposed.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mci-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name, string content)
    {
        var file = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        System.IO.File.WriteAllText(file, content);
        return file;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
