using BenchmarkDotNet.Running;

namespace Mci.Benchmarks;

public static class Program
{
    /// <summary>dotnet run -c Release --project Benchmarks -- --filter '*Rules*' --job short</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
