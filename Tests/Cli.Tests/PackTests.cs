using System.IO.Compression;
using Mci.Cli.Commands;

namespace Mci.Cli.Tests;

/// <summary>`mci pack`: pac-style packing of any folder, and the solution's two zips with the build-if-needed rule.</summary>
public class PackTests
{
    private static string SolutionSource => Path.Combine(Mci.RepoRoot, "Solution", "src");

    /// <summary>The net462 assemblies built for this test run (copied to sandbox/ by the test project).</summary>
    private static string Sandbox(string assembly) => Path.Combine(AppContext.BaseDirectory, "sandbox", assembly + ".dll");

    private static string MapFile(TempFolder temp) => temp.File("map.xml", $"""
        <Mapping>
          <FileToFile map="MciDataverse.Plugins.dll" to="{Sandbox("MciDataverse.Plugins")}" />
          <FileToFile map="MciDataverse.Workflows.dll" to="{Sandbox("MciDataverse.Workflows")}" />
        </Mapping>
        """);

    internal static void CopyFolder(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories)) Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories)) File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }

    [Test]
    public void Pack_folder_packs_a_solution_folder_as_pac_solution_pack_does()
    {
        using var temp = new TempFolder();
        var zip = Path.Combine(temp.Path, "out", "Mci.zip");
        var run = Mci.Run("pack", "--folder", SolutionSource, "--zipfile", zip, "--packagetype", "Both", "--map", MapFile(temp), "--useUnmanagedFileForMissingManaged");
        Assert.That(run.Exit, Is.EqualTo(0), run.ToString());
        var managed = Path.Combine(temp.Path, "out", "Mci_managed.zip");
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(zip) && File.Exists(managed), Is.True);
            Assert.That(run.Out, Does.Contain("unmanaged MciDataverse").And.Contain("managed MciDataverse"));
            Assert.That(run.Out, Does.Contain($"Packed {zip} ({new FileInfo(zip).Length} bytes, "));
            Assert.That(run.Out, Does.Contain("components)"));
        });
        using var archive = ZipFile.OpenRead(zip);
        Assert.That(archive.Entries.Select(e => e.FullName), Is.SupersetOf(new[] { "[Content_Types].xml", "solution.xml", "customizations.xml" }));
        Assert.That(archive.Entries.Select(e => e.FullName), Has.Some.EndsWith("MciDataverse.Plugins.dll"));
    }

    [Test]
    public void Pack_folder_names_a_component_folder_it_does_not_support()
    {
        using var temp = new TempFolder();
        var folder = Path.Combine(temp.Path, "src");
        CopyFolder(SolutionSource, folder);
        temp.File("src/WebResources/mci_/logo.svg", "<svg/>");
        var run = Mci.Run("pack", "--folder", folder, "--zipfile", Path.Combine(temp.Path, "x.zip"), "--map", MapFile(temp), "-same");
        Assert.That(run.Exit, Is.EqualTo(1), run.ToString());
        Assert.That(run.Err, Does.Contain("WebResources"));
        Assert.That(File.Exists(Path.Combine(temp.Path, "x.zip")), Is.False, "nothing half-written");
    }

    [Test]
    public void Pack_folder_without_the_assemblies_says_which_is_missing()
    {
        using var temp = new TempFolder();
        var run = Mci.Run("pack", "--folder", SolutionSource, "--zipfile", Path.Combine(temp.Path, "x.zip"), "-same");
        Assert.That(run.Exit, Is.EqualTo(1), run.ToString());
        Assert.That(run.Err, Does.Contain("MciDataverse.Plugins.dll").Or.Contain("MciDataverse.Workflows.dll"));
        Assert.That(run.Err, Does.Contain("--map").And.Contain("Solution/map.xml"), "says how to supply the assembly");
    }

    [TestCase("pack", "--folder", "x")]
    [TestCase("pack", "--zipfile", "x.zip")]
    [TestCase("pack", "--folder", "x", "--zipfile", "x.zip", "--out", "y")]
    [TestCase("pack", "--map", "m.xml")]
    [TestCase("pack", "--packagetype", "Managed")]
    [TestCase("pack", "--folder", "x", "--zipfile", "x.zip", "--packagetype", "Sideways")]
    [TestCase("pack", "--configuration", "Fast")]
    [TestCase("pack", "--folder", "x", "--zipfile", "x.zip", "--map", "/nonexistent/map.xml")]
    public void Pack_argument_mistakes_exit_2(params string[] args)
    {
        var run = Mci.Run(args);
        Assert.That(run.Exit, Is.EqualTo(2), run.ToString());
        Assert.That(run.Err, Does.StartWith("error:"));
    }

    /// <summary>A repository with the real solution folder and copies of the built sandbox assemblies, whose times a test sets.</summary>
    private sealed class FakeRepo : IDisposable
    {
        private readonly TempFolder _temp = new();

        public FakeRepo(bool withAssemblies = true)
        {
            _temp.File("MciDataverse.sln", "");
            CopyFolder(SolutionSource, Path.Combine(Root, "Solution", "src"));
            Source = _temp.File("Plugins/SomePlugin.cs", "// a plug-in source");
            _temp.File("Workflows/Workflows.csproj", "<Project />");
            if (!withAssemblies) return;
            foreach (var (project, assembly) in RepoLayout.SandboxProjects)
            {
                var target = Path.Combine(Root, Path.GetDirectoryName(project)!, "bin", "Debug", "net462", assembly + ".dll");
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(Sandbox(assembly), target);
            }
            Age(DateTime.UtcNow.AddMinutes(-10));
            SetAssemblyTimes(DateTime.UtcNow.AddMinutes(-5));
        }

        public string Root => _temp.Path;
        public string Source { get; }

        public IEnumerable<string> Assemblies => RepoLayout.SandboxProjects.Select(p => Path.Combine(Root, Path.GetDirectoryName(p.Project)!, "bin", "Debug", "net462", p.Assembly + ".dll"));

        public void Age(DateTime when)
        {
            foreach (var f in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".dll", StringComparison.Ordinal))) File.SetLastWriteTimeUtc(f, when);
        }

        public void SetAssemblyTimes(DateTime when)
        {
            foreach (var a in Assemblies) File.SetLastWriteTimeUtc(a, when);
        }

        public void Dispose() => _temp.Dispose();
    }

    private sealed class FakeBuilder : ISandboxBuilder
    {
        private readonly Action? _build;
        private readonly string? _failure;

        public FakeBuilder(Action? build = null, string? failure = null)
        {
            _build = build;
            _failure = failure;
        }

        public List<(string Configuration, IReadOnlyList<string> Projects)> Calls { get; } = new();

        public string? Build(RepoLayout repo, string configuration, IReadOnlyList<string> projects)
        {
            Calls.Add((configuration, projects));
            _build?.Invoke();
            return _failure;
        }
    }

    private static CliSettings Settings(FakeRepo repo, ISandboxBuilder builder) => new() { RepoRoot = repo.Root, Builder = builder };

    [Test]
    public void Pack_writes_both_zips_of_the_solution_without_building_when_the_assemblies_are_current()
    {
        using var repo = new FakeRepo();
        var builder = new FakeBuilder();
        var run = Mci.Run(Settings(repo, builder), "pack", "--configuration", "Debug");
        Assert.That(run.Exit, Is.EqualTo(0), run.ToString());
        Assert.That(builder.Calls, Is.Empty);
        var bin = Path.Combine(repo.Root, "Solution", "bin", "Debug");
        Assert.That(File.Exists(Path.Combine(bin, "MciDataverse_1_0_0_0.zip")) && File.Exists(Path.Combine(bin, "MciDataverse_1_0_0_0_managed.zip")), Is.True, run.ToString());
        Assert.That(run.Out, Does.Contain("Assemblies: Debug build of the plug-in and workflow assemblies"));
    }

    [Test]
    public void Pack_says_which_zip_an_admin_imports_and_which_is_for_development()
    {
        using var repo = new FakeRepo();
        var run = Mci.Run(Settings(repo, new FakeBuilder()), "pack", "--configuration", "Debug");
        Assert.That(run.Exit, Is.EqualTo(0), run.ToString());
        var bin = Path.Combine(repo.Root, "Solution", "bin", "Debug");
        Assert.That(run.Out, Does.Contain($"An admin imports the managed solution into test and production: {Path.Combine(bin, "MciDataverse_1_0_0_0_managed.zip")}"));
        Assert.That(run.Out, Does.Contain($"For development only (an environment where the solution is changed, then exported again), the unmanaged solution: {Path.Combine(bin, "MciDataverse_1_0_0_0.zip")}"));
    }

    [Test]
    public void Pack_folder_of_one_package_type_says_what_that_zip_is_for()
    {
        using var temp = new TempFolder();
        var zip = Path.Combine(temp.Path, "Managed.zip");
        var run = Mci.Run("pack", "--folder", SolutionSource, "--zipfile", zip, "--packagetype", "Managed", "--map", MapFile(temp), "-same");
        Assert.That(run.Exit, Is.EqualTo(0), run.ToString());
        Assert.That(run.Out, Does.Contain($"An admin imports the managed solution into test and production: {zip}"));
        Assert.That(run.Out, Does.Not.Contain("For development only"));
    }

    [Test]
    public void Pack_builds_first_when_a_source_is_newer_than_the_assemblies()
    {
        using var repo = new FakeRepo();
        File.SetLastWriteTimeUtc(repo.Source, DateTime.UtcNow);
        var builder = new FakeBuilder(() => repo.SetAssemblyTimes(DateTime.UtcNow.AddMinutes(1)));
        using var temp = new TempFolder();
        var run = Mci.Run(Settings(repo, builder), "pack", "-c", "Debug", "--out", temp.Path);
        Assert.That(run.Exit, Is.EqualTo(0), run.ToString());
        Assert.That(builder.Calls.Single().Configuration, Is.EqualTo("Debug"));
        Assert.That(builder.Calls.Single().Projects, Is.EqualTo(new[] { "Plugins/Plugins.csproj", "Workflows/Workflows.csproj" }));
        Assert.That(run.Out, Does.Contain("Building the plug-in and workflow assemblies (Debug, net462): sources changed since the last build (Plugins/SomePlugin.cs)"));
        Assert.That(File.Exists(Path.Combine(temp.Path, "MciDataverse_1_0_0_0_managed.zip")), Is.True);
    }

    [Test]
    public void Pack_builds_when_the_assemblies_are_missing_and_stops_when_the_build_fails()
    {
        using var repo = new FakeRepo(withAssemblies: false);
        var builder = new FakeBuilder(failure: "`dotnet build Plugins/Plugins.csproj` failed: CS1002");
        var run = Mci.Run(Settings(repo, builder), "pack", "-c", "Debug");
        Assert.That(run.Exit, Is.EqualTo(3), run.ToString());
        Assert.That(run.Out, Does.Contain("MciDataverse.Plugins.dll, MciDataverse.Workflows.dll not built yet"));
        Assert.That(run.Err, Does.Contain("CS1002"));
    }

    [Test]
    public void Pack_no_build_refuses_missing_assemblies_and_warns_about_stale_ones()
    {
        using (var empty = new FakeRepo(withAssemblies: false))
        {
            var run = Mci.Run(Settings(empty, new FakeBuilder()), "pack", "-c", "Debug", "--no-build");
            Assert.That(run.Exit, Is.EqualTo(3), run.ToString());
            Assert.That(run.Err, Does.Contain("not built yet"));
        }
        using var repo = new FakeRepo();
        File.SetLastWriteTimeUtc(repo.Source, DateTime.UtcNow);
        var builder = new FakeBuilder();
        using var temp = new TempFolder();
        var stale = Mci.Run(Settings(repo, builder), "pack", "-c", "Debug", "--no-build", "--out", temp.Path);
        Assert.That(stale.Exit, Is.EqualTo(0), stale.ToString());
        Assert.That(builder.Calls, Is.Empty);
        Assert.That(stale.Err, Does.Contain("warning:").And.Contain("packing them as they are"));
    }
}
