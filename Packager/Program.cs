using System;
using Mci.SolutionModel;

namespace Mci.Packaging
{
    /// <summary>Our SolutionPackager: `MciDataverse.Packager --folder DIR --zipfile FILE ...`, the arguments of `pac solution pack`.</summary>
    internal static class Program
    {
        private static int Main(string[] args)
        {
            if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
            {
                Console.WriteLine(PackArguments.Usage);
                return args.Length == 0 ? 2 : 0;
            }
            PackOptions options;
            try
            {
                options = PackArguments.Parse(args);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidSolutionException)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                Console.Error.WriteLine(PackArguments.Usage);
                return 2;
            }
            try
            {
                foreach (var result in SolutionPacker.Pack(options))
                {
                    Console.WriteLine($"Packed {result}");
                }
                return 0;
            }
            catch (InvalidSolutionException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return 1;
            }
        }
    }
}
